from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'facilitator.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_doc = resolve('doc')
    l_0_cover = l_0_agenda = l_0_numbered = l_0_questions_by_cell = l_0_objectives_list = l_0_cells_list = l_0_marking_end = l_0_answer = missing
    try:
        t_1 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_2 = environment.filters['codes']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'codes' found.")
    try:
        t_3 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_4 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_5 = environment.filters['quote']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'quote' found.")
    try:
        t_6 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_7 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_8 = environment.filters['truncate']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'truncate' found.")
    try:
        t_9 = environment.filters['trusted']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'trusted' found.")
    try:
        t_10 = environment.filters['yesno']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'yesno' found.")
    try:
        t_11 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    included_template = environment.get_template('_handbook.md.j2', 'facilitator.md.j2')._get_default_module(context)
    l_0_cover = getattr(included_template, 'cover', missing)
    if l_0_cover is missing:
        l_0_cover = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'facilitator.md.j2') does not export the requested name 'cover'", name='cover')
    l_0_agenda = getattr(included_template, 'agenda', missing)
    if l_0_agenda is missing:
        l_0_agenda = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'facilitator.md.j2') does not export the requested name 'agenda'", name='agenda')
    l_0_numbered = getattr(included_template, 'numbered', missing)
    if l_0_numbered is missing:
        l_0_numbered = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'facilitator.md.j2') does not export the requested name 'numbered'", name='numbered')
    l_0_questions_by_cell = getattr(included_template, 'questions_by_cell', missing)
    if l_0_questions_by_cell is missing:
        l_0_questions_by_cell = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'facilitator.md.j2') does not export the requested name 'questions_by_cell'", name='questions_by_cell')
    l_0_objectives_list = getattr(included_template, 'objectives_list', missing)
    if l_0_objectives_list is missing:
        l_0_objectives_list = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'facilitator.md.j2') does not export the requested name 'objectives_list'", name='objectives_list')
    l_0_cells_list = getattr(included_template, 'cells_list', missing)
    if l_0_cells_list is missing:
        l_0_cells_list = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'facilitator.md.j2') does not export the requested name 'cells_list'", name='cells_list')
    l_0_marking_end = getattr(included_template, 'marking_end', missing)
    if l_0_marking_end is missing:
        l_0_marking_end = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'facilitator.md.j2') does not export the requested name 'marking_end'", name='marking_end')
    context.vars.update({'cover': l_0_cover, 'agenda': l_0_agenda, 'numbered': l_0_numbered, 'questions_by_cell': l_0_questions_by_cell, 'objectives_list': l_0_objectives_list, 'cells_list': l_0_cells_list, 'marking_end': l_0_marking_end})
    context.exported_vars.difference_update(('cover', 'agenda', 'numbered', 'questions_by_cell', 'objectives_list', 'cells_list', 'marking_end'))
    def macro(l_1_g):
        t_12 = []
        if l_1_g is missing:
            l_1_g = undefined("parameter 'g' was not provided", name='g')
        pass
        if t_11(environment.getattr(l_1_g, 'scenario_answer')):
            pass
            t_12.append(
                'room decides',
            )
        else:
            pass
            t_12.append(
                str(environment.finalize(t_10(environment.getattr(l_1_g, 'scenario_answer')))),
            )
        return concat(t_12)
    context.exported_vars.add('answer')
    context.vars['answer'] = l_0_answer = Macro(environment, macro, 'answer', ('g',), False, False, False, context.eval_ctx.autoescape)
    yield str(environment.finalize(t_9(context.call((undefined(name='cover') if l_0_cover is missing else l_0_cover), (undefined(name='doc') if l_0_doc is missing else l_0_doc), 'Facilitator handbook', "For the facilitator and the control cell only: it holds the Master Scenario Events List, the moves and gates, the expected actions and the facilitator's notes. Do not hand it to participants."))))
    yield '\n## Master Scenario Events List\n\nOne line per inject, in file order; the detail of each follows the briefing. Start: '
    yield str(environment.finalize(t_2(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'start_phases'))))
    yield ". The move is the one the phase machine makes to enter the inject's phase along the first path that reaches it; the room answers its gates.\n\n| no. | time | inject | phases and move | gates: the scenario's answer | cells | expected actions |\n|---|---|---|---|---|---|---|\n"
    l_1_loop = missing
    for l_1_i, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'msel'), undefined):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield ' | '
        yield str(environment.finalize((environment.getattr(l_1_i, 'time') or '–')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_i, 'title')))
        yield ' '
        yield str(environment.finalize(t_1(environment.getattr(l_1_i, 'id'))))
        if environment.getattr(l_1_i, 'contingency'):
            pass
            yield ' *contingency*'
        elif (not environment.getattr(l_1_i, 'on_default_path')):
            pass
            yield ' *off path*'
        if environment.getattr(l_1_i, 'options'):
            pass
            yield ' *decision*'
        yield ' | '
        l_2_loop = missing
        t_13 = 1
        for l_2_p, l_2_loop in LoopContext(environment.getattr(l_1_i, 'phases'), undefined):
            _loop_vars = {}
            pass
            yield str(environment.finalize(context.call(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_titles'), 'get'), l_2_p, l_2_p, _loop_vars=_loop_vars)))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield ' + '
            t_13 = 0
        l_2_loop = l_2_p = missing
        if t_13:
            pass
            yield 'not reached'
        if environment.getattr(l_1_i, 'move'):
            pass
            yield '; move '
            yield str(environment.finalize(t_1(environment.getattr(environment.getattr(l_1_i, 'move'), 'trigger'))))
        elif environment.getattr(l_1_i, 'move_note'):
            pass
            yield '; no move'
        yield ' | '
        if (environment.getattr(l_1_i, 'move') and environment.getattr(environment.getattr(l_1_i, 'move'), 'gates')):
            pass
            l_2_loop = missing
            for l_2_g, l_2_loop in LoopContext(environment.getattr(environment.getattr(l_1_i, 'move'), 'gates'), undefined):
                _loop_vars = {}
                pass
                yield str(environment.finalize(t_1(environment.getattr(l_2_g, 'id'))))
                yield ': '
                yield str(environment.finalize(t_9(context.call((undefined(name='answer') if l_0_answer is missing else l_0_answer), l_2_g, _loop_vars=_loop_vars))))
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield '; '
            l_2_loop = l_2_g = missing
        else:
            pass
            yield '–'
        yield ' | '
        yield str(environment.finalize((t_3(context.eval_ctx, environment.getattr(l_1_i, 'addressees'), ', ') or 'everyone')))
        yield ' | '
        l_2_loop = missing
        t_14 = 1
        for l_2_a, l_2_loop in LoopContext(environment.getattr(l_1_i, 'expected_actions'), undefined):
            _loop_vars = {}
            pass
            yield '**'
            yield str(environment.finalize(environment.getattr(l_2_a, 'key')))
            yield '** '
            yield str(environment.finalize(environment.getattr(l_2_a, 'action')))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield '; '
            t_14 = 0
        l_2_loop = l_2_a = missing
        if t_14:
            pass
            yield '–'
        yield ' |\n'
    l_1_loop = l_1_i = missing
    yield '\n## Running the seminar\n\n### Schedule\n\n'
    yield str(environment.finalize(t_9(context.call((undefined(name='agenda') if l_0_agenda is missing else l_0_agenda), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n### Ground rules to read out\n\n'
    yield str(environment.finalize(t_9(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'ground_rules')))))
    yield '\n### Assumptions and artificialities\n\n'
    yield str(environment.finalize(t_9(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'assumptions')))))
    yield '\n### Objectives\n\n'
    yield str(environment.finalize(t_9(context.call((undefined(name='objectives_list') if l_0_objectives_list is missing else l_0_objectives_list), (undefined(name='doc') if l_0_doc is missing else l_0_doc), with_ids=True))))
    yield '\n### Cells\n\n'
    yield str(environment.finalize(t_9(context.call((undefined(name='cells_list') if l_0_cells_list is missing else l_0_cells_list), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n## Injects in detail\n\n'
    l_1_loop = missing
    for l_1_i, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'msel'), undefined):
        l_1_stated = resolve('stated')
        l_1_others = resolve('others')
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '. '
        yield str(environment.finalize(environment.getattr(l_1_i, 'title')))
        yield ' ('
        yield str(environment.finalize(t_1(environment.getattr(l_1_i, 'id'))))
        yield ')\n\n'
        yield str(environment.finalize((environment.getattr(l_1_i, 'time') or 'no scenario time')))
        yield ' · '
        if environment.getattr(l_1_i, 'phase'):
            pass
            yield 'phase '
            yield str(environment.finalize(t_1(environment.getattr(l_1_i, 'phase'))))
        else:
            pass
            yield 'no phase of its own'
        yield ' · then '
        yield str(environment.finalize(t_2(environment.getattr(l_1_i, 'phases'))))
        yield ' · '
        if environment.getattr(l_1_i, 'addressees'):
            pass
            yield 'to '
            yield str(environment.finalize(t_3(context.eval_ctx, environment.getattr(l_1_i, 'addressees'), ', ')))
        else:
            pass
            yield 'to everyone'
        if environment.getattr(l_1_i, 'contingency'):
            pass
            yield ' · **contingency**'
        elif (not environment.getattr(l_1_i, 'on_default_path')):
            pass
            yield ' · **off the default path**'
        yield '\n\n'
        if environment.getattr(l_1_i, 'move'):
            pass
            yield '**Move:** '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_i, 'move'), 'title')))
            yield ' ('
            yield str(environment.finalize(t_1(environment.getattr(environment.getattr(l_1_i, 'move'), 'trigger'))))
            yield '), '
            yield str(environment.finalize(t_2(environment.getattr(environment.getattr(l_1_i, 'move'), 'before'))))
            yield ' → '
            yield str(environment.finalize(t_2(environment.getattr(environment.getattr(l_1_i, 'move'), 'after'))))
            yield '\n\n'
            yield str(environment.finalize(t_5(environment.getattr(environment.getattr(l_1_i, 'move'), 'basis'))))
            yield '\n\n'
            if environment.getattr(environment.getattr(l_1_i, 'move'), 'gates'):
                pass
                yield '| gate | who decides | basis | scenario states |\n|---|---|---|---|\n'
                for l_2_g in environment.getattr(environment.getattr(l_1_i, 'move'), 'gates'):
                    _loop_vars = {}
                    pass
                    yield '| '
                    yield str(environment.finalize(environment.getattr(l_2_g, 'question')))
                    yield ' | '
                    yield str(environment.finalize(environment.getattr(l_2_g, 'authority')))
                    yield ' ('
                    yield str(environment.finalize(environment.getattr(l_2_g, 'strength')))
                    yield ') | '
                    yield str(environment.finalize(environment.getattr(l_2_g, 'reference')))
                    yield ' | '
                    if t_11(environment.getattr(l_2_g, 'scenario_answer')):
                        pass
                        yield 'the room decides'
                    else:
                        pass
                        yield str(environment.finalize(t_10(environment.getattr(l_2_g, 'scenario_answer'))))
                    yield ' |\n'
                l_2_g = missing
            else:
                pass
                yield 'No determination gates this move.\n'
            yield '\n'
        elif environment.getattr(l_1_i, 'move_note'):
            pass
            yield '**No move:** '
            yield str(environment.finalize(environment.getattr(l_1_i, 'move_note')))
            yield '\n\n'
        if environment.getattr(l_1_i, 'orders'):
            pass
            yield '**Orders the room may record without a move** (`determine`):\n\n'
            l_1_stated = t_4(context.eval_ctx, t_6(context, environment.getattr(l_1_i, 'orders'), 'scenario_answer', 'none'))
            _loop_vars['stated'] = l_1_stated
            l_1_others = t_4(context.eval_ctx, t_7(context, environment.getattr(l_1_i, 'orders'), 'scenario_answer', 'none'))
            _loop_vars['others'] = l_1_others
            for l_2_o in (undefined(name='stated') if l_1_stated is missing else l_1_stated):
                _loop_vars = {}
                pass
                yield '- '
                yield str(environment.finalize(environment.getattr(l_2_o, 'title')))
                yield ' ('
                yield str(environment.finalize(t_1(environment.getattr(l_2_o, 'id'))))
                yield '): '
                yield str(environment.finalize(environment.getattr(l_2_o, 'authority')))
                yield '. '
                yield str(environment.finalize(environment.getattr(l_2_o, 'diet')))
                yield ' *Scenario states: '
                yield str(environment.finalize(t_10(environment.getattr(l_2_o, 'scenario_answer'))))
                yield '.*\n\n'
            l_2_o = missing
            if (undefined(name='others') if l_1_others is missing else l_1_others):
                pass
                yield str(environment.finalize(('Also open here' if (undefined(name='stated') if l_1_stated is missing else l_1_stated) else 'Open here')))
                yield ': '
                l_2_loop = missing
                for l_2_o, l_2_loop in LoopContext((undefined(name='others') if l_1_others is missing else l_1_others), undefined):
                    _loop_vars = {}
                    pass
                    yield str(environment.finalize(t_8(environment, environment.getattr(l_2_o, 'title'), 48, False, '…', 0)))
                    yield ' ('
                    yield str(environment.finalize(t_1(environment.getattr(l_2_o, 'id'))))
                    yield ')'
                    if (not environment.getattr(l_2_loop, 'last')):
                        pass
                        yield '; '
                l_2_loop = l_2_o = missing
                yield ". Who decides each, and the Diet's part: see *Orders and determinations the room may record without a move* below.\n\n"
        yield str(environment.finalize(t_5(environment.getattr(l_1_i, 'narrative'))))
        yield '\n\n'
        yield str(environment.finalize(t_9(context.call((undefined(name='questions_by_cell') if l_0_questions_by_cell is missing else l_0_questions_by_cell), l_1_i, _loop_vars=_loop_vars))))
        yield '\n'
        if environment.getattr(l_1_i, 'expected_actions'):
            pass
            yield '| | expected action | responsible | objective |\n|---|---|---|---|\n'
            for l_2_a in environment.getattr(l_1_i, 'expected_actions'):
                _loop_vars = {}
                pass
                yield '| '
                yield str(environment.finalize(environment.getattr(l_2_a, 'key')))
                yield ' | '
                yield str(environment.finalize(environment.getattr(l_2_a, 'action')))
                yield ' | '
                yield str(environment.finalize((environment.getattr(l_2_a, 'responsible') or '–')))
                yield ' | '
                if environment.getattr(l_2_a, 'objective'):
                    pass
                    yield str(environment.finalize(t_1(environment.getattr(l_2_a, 'objective'))))
                else:
                    pass
                    yield '–'
                yield ' |\n'
            l_2_a = missing
            yield '\n'
        if environment.getattr(l_1_i, 'facilitator_notes'):
            pass
            yield '**Facilitator notes:** '
            yield str(environment.finalize(environment.getattr(l_1_i, 'facilitator_notes')))
            yield '\n\n'
        if environment.getattr(l_1_i, 'cite'):
            pass
            yield '**Clauses to discuss:** '
            l_2_loop = missing
            for l_2_c, l_2_loop in LoopContext(environment.getattr(l_1_i, 'cite'), undefined):
                _loop_vars = {}
                pass
                yield str(environment.finalize(t_1(l_2_c)))
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ', '
            l_2_loop = l_2_c = missing
            yield '\n\n'
        if environment.getattr(l_1_i, 'options'):
            pass
            yield '**Decision point:**\n\n'
            for l_2_o in environment.getattr(l_1_i, 'options'):
                _loop_vars = {}
                pass
                yield '- '
                yield str(environment.finalize(environment.getattr(l_2_o, 'label')))
                yield ' → '
                yield str(environment.finalize(environment.getattr(l_2_o, 'goto_title')))
                yield ' ('
                yield str(environment.finalize(t_1(environment.getattr(l_2_o, 'goto'))))
                yield ')'
                if environment.getattr(l_2_o, 'default'):
                    pass
                    yield ' *default*'
                if environment.getattr(l_2_o, 'notes'):
                    pass
                    yield '. '
                    yield str(environment.finalize(environment.getattr(l_2_o, 'notes')))
                yield '\n'
            l_2_o = missing
            yield '\n'
        elif environment.getattr(l_1_i, 'next'):
            pass
            yield 'Then: '
            yield str(environment.finalize(t_1(environment.getattr(l_1_i, 'next'))))
            yield '\n\n'
    l_1_loop = l_1_i = l_1_stated = l_1_others = missing
    yield "## Orders and determinations the room may record without a move\n\nEach once, with who decides it and the Diet's part, and the phases in which the room may record it.\n\n"
    t_15 = 1
    for l_1_o in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'orders'):
        _loop_vars = {}
        pass
        yield '- **'
        yield str(environment.finalize(environment.getattr(l_1_o, 'title')))
        yield '** ('
        yield str(environment.finalize(t_1(environment.getattr(l_1_o, 'id'))))
        yield '), open in '
        yield str(environment.finalize(t_3(context.eval_ctx, environment.getattr(l_1_o, 'phases'), ', ')))
        yield ': '
        yield str(environment.finalize(environment.getattr(l_1_o, 'authority')))
        yield '. '
        yield str(environment.finalize(environment.getattr(l_1_o, 'diet')))
        yield '\n\n'
        t_15 = 0
    l_1_o = missing
    if t_15:
        pass
        yield 'No order or determination is open in the phases the scenario reaches.\n\n'
    yield '## The clauses the scenario cites, verbatim\n\n'
    t_16 = 1
    for l_1_a in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'clauses'):
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.finalize(t_1(environment.getattr(l_1_a, 'clause'))))
        yield ' '
        yield str(environment.finalize(environment.getattr(l_1_a, 'title')))
        yield '\n\n'
        if environment.getattr(l_1_a, 'context'):
            pass
            yield str(environment.finalize(t_3(context.eval_ctx, environment.getattr(l_1_a, 'context'), ' › ')))
            yield '\n\n'
        if environment.getattr(l_1_a, 'text'):
            pass
            yield str(environment.finalize(t_5(environment.getattr(l_1_a, 'text'))))
            yield '\n'
        else:
            pass
            yield '(a heading: its text is in its sub-clauses)\n'
        yield '\n'
        t_16 = 0
    l_1_a = missing
    if t_16:
        pass
        yield 'The scenario cites no clause.\n'
    yield '\n## About this handbook\n\n| | |\n|---|---|\n| scenario file | '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'scenario_name')))
    yield ' |\n| scenario SHA-256 | '
    yield str(environment.finalize(t_1(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'scenario_sha256'))))
    yield ' |\n| rules SHA-256 | '
    yield str(environment.finalize(t_1(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'rules_sha256'))))
    yield ' |\n| made by | tabletop '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'generated_by')))
    yield ' |\n\n'
    yield str(environment.finalize(t_9(context.call((undefined(name='marking_end') if l_0_marking_end is missing else l_0_marking_end), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n'

blocks = {}
debug_info = '1=79&2=103&3=121&6=123&10=126&11=130&18=208&21=210&24=212&27=214&30=216&33=219&34=225&36=231&39=257&40=260&42=268&44=270&47=273&48=277&54=297&55=300&58=302&61=305&62=307&63=309&64=313&67=324&68=326&72=341&74=343&75=345&78=348&79=352&83=367&84=370&87=372&88=376&92=385&95=388&96=392&100=408&101=411&109=416&110=420&118=437&119=441&121=445&122=447&125=449&126=451&139=463&140=465&141=467&142=469&144=471'
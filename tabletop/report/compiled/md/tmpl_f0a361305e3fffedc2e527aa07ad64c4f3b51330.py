from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sitman.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_doc = resolve('doc')
    l_0_feedback_statements = resolve('feedback_statements')
    l_0_cover = l_0_agenda = l_0_numbered = l_0_questions_by_cell = l_0_objectives_list = l_0_cells_list = l_0_dates = l_0_marking_end = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['paragraphs']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'paragraphs' found.")
    try:
        t_4 = environment.filters['quote']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'quote' found.")
    try:
        t_5 = environment.filters['trusted']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'trusted' found.")
    pass
    included_template = environment.get_template('_handbook.md.j2', 'sitman.md.j2')._get_default_module(context)
    l_0_cover = getattr(included_template, 'cover', missing)
    if l_0_cover is missing:
        l_0_cover = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'cover'", name='cover')
    l_0_agenda = getattr(included_template, 'agenda', missing)
    if l_0_agenda is missing:
        l_0_agenda = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'agenda'", name='agenda')
    l_0_numbered = getattr(included_template, 'numbered', missing)
    if l_0_numbered is missing:
        l_0_numbered = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'numbered'", name='numbered')
    l_0_questions_by_cell = getattr(included_template, 'questions_by_cell', missing)
    if l_0_questions_by_cell is missing:
        l_0_questions_by_cell = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'questions_by_cell'", name='questions_by_cell')
    l_0_objectives_list = getattr(included_template, 'objectives_list', missing)
    if l_0_objectives_list is missing:
        l_0_objectives_list = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'objectives_list'", name='objectives_list')
    l_0_cells_list = getattr(included_template, 'cells_list', missing)
    if l_0_cells_list is missing:
        l_0_cells_list = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'cells_list'", name='cells_list')
    l_0_dates = getattr(included_template, 'dates', missing)
    if l_0_dates is missing:
        l_0_dates = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'dates'", name='dates')
    l_0_marking_end = getattr(included_template, 'marking_end', missing)
    if l_0_marking_end is missing:
        l_0_marking_end = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'sitman.md.j2') does not export the requested name 'marking_end'", name='marking_end')
    context.vars.update({'cover': l_0_cover, 'agenda': l_0_agenda, 'numbered': l_0_numbered, 'questions_by_cell': l_0_questions_by_cell, 'objectives_list': l_0_objectives_list, 'cells_list': l_0_cells_list, 'dates': l_0_dates, 'marking_end': l_0_marking_end})
    context.exported_vars.difference_update(('cover', 'agenda', 'numbered', 'questions_by_cell', 'objectives_list', 'cells_list', 'dates', 'marking_end'))
    yield str(environment.finalize(t_5(context.call((undefined(name='cover') if l_0_cover is missing else l_0_cover), (undefined(name='doc') if l_0_doc is missing else l_0_doc), 'Situation Manual', "For the participants. It gives the seminar's purpose, schedule and rules, and the situation and questions of each module."))))
    yield '\n## Exercise overview\n\n| | |\n|---|---|\n| exercise name | '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'title')))
    yield ' |\n| date | '
    yield str(environment.finalize(t_5(context.call((undefined(name='dates') if l_0_dates is missing else l_0_dates), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield ' |\n| location | '
    yield str(environment.finalize((environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'location') or 'to be announced')))
    yield ' |\n| purpose | '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'purpose')))
    yield ' |\n| scope | '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'scope')))
    yield ' |\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'capabilities'):
        pass
        yield '| core capabilities | '
        yield str(environment.finalize(t_1(context.eval_ctx, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'capabilities'), '; ')))
        yield ' |\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'):
        pass
        yield '| scenario | '
        yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary')))
        yield ' |\n'
    yield '| grounded in | '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'rules_title')))
    yield ' |\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sponsor'):
        pass
        yield '| sponsor | '
        yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sponsor')))
        yield ' |\n'
    yield '\n## General information\n\n### Objectives and core capabilities\n\n'
    yield str(environment.finalize(t_5(context.call((undefined(name='objectives_list') if l_0_objectives_list is missing else l_0_objectives_list), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'roles'):
        pass
        yield '### Participant roles and responsibilities\n\n'
        for l_1_r in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'roles'):
            _loop_vars = {}
            pass
            yield '- **'
            yield str(environment.finalize(environment.getattr(l_1_r, 'title')))
            yield '** ('
            yield str(environment.finalize(t_1(context.eval_ctx, environment.getattr(l_1_r, 'cells'), '; ')))
            yield '): '
            yield str(environment.finalize(environment.getattr(l_1_r, 'duties')))
            yield '\n\n'
        l_1_r = missing
    yield '### Exercise structure\n\nThe seminar is played in '
    yield str(environment.finalize(t_2(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules'))))
    yield ' module'
    yield str(environment.finalize(('' if (t_2(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules')) == 1) else 's')))
    yield '. In each, the facilitator presents the situation as it develops; the cells discuss the questions, then the room shares its answers. Decisions and determinations are recorded as the room states them.\n\n'
    l_1_loop = missing
    for l_1_m, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules'), undefined):
        _loop_vars = {}
        pass
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield '. '
        yield str(environment.finalize(environment.getattr(l_1_m, 'title')))
        yield '\n'
    l_1_loop = l_1_m = missing
    yield '\n### Schedule\n\n'
    yield str(environment.finalize(t_5(context.call((undefined(name='agenda') if l_0_agenda is missing else l_0_agenda), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n### Ground rules\n\n'
    yield str(environment.finalize(t_5(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'ground_rules')))))
    yield '\n### Assumptions and artificialities\n\n'
    yield str(environment.finalize(t_5(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'assumptions')))))
    yield '\n'
    for l_1_m in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules'):
        _loop_vars = {}
        pass
        yield '## '
        yield str(environment.finalize(environment.getattr(l_1_m, 'title')))
        yield '\n\n'
        if environment.getattr(l_1_m, 'span'):
            pass
            yield 'Scenario time '
            yield str(environment.finalize(environment.getattr(l_1_m, 'span')))
            yield '.\n\n'
        if environment.getattr(l_1_m, 'summary'):
            pass
            yield str(environment.finalize(t_3(environment.getattr(l_1_m, 'summary'))))
            yield '\n\n'
        if environment.getattr(l_1_m, 'key_issues'):
            pass
            yield 'Key issues:\n\n'
            for l_2_k in environment.getattr(l_1_m, 'key_issues'):
                _loop_vars = {}
                pass
                yield '- '
                yield str(environment.finalize(l_2_k))
                yield '\n'
            l_2_k = missing
            yield '\n'
        for l_2_i in environment.getattr(l_1_m, 'injects'):
            _loop_vars = {}
            pass
            yield '### '
            yield str(environment.finalize(environment.getattr(l_2_i, 'title')))
            yield '\n\n'
            yield str(environment.finalize((environment.getattr(l_2_i, 'time') or 'no scenario time')))
            if environment.getattr(l_2_i, 'addressees'):
                pass
                yield ' · for '
                yield str(environment.finalize(t_1(context.eval_ctx, environment.getattr(l_2_i, 'addressees'), ', ')))
            yield '\n\n'
            yield str(environment.finalize(t_4(environment.getattr(l_2_i, 'narrative'))))
            yield '\n\n'
            yield str(environment.finalize(t_5(context.call((undefined(name='questions_by_cell') if l_0_questions_by_cell is missing else l_0_questions_by_cell), l_2_i, _loop_vars=_loop_vars))))
            yield '\n'
        l_2_i = missing
    l_1_m = missing
    yield '## Appendix A: Participating organisations\n\n'
    yield str(environment.finalize(t_5(context.call((undefined(name='cells_list') if l_0_cells_list is missing else l_0_cells_list), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n## Appendix B: Acronyms\n\n| acronym | meaning |\n|---|---|\n'
    for l_1_a in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'acronyms'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_a, 'short')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_a, 'meaning')))
        yield ' |\n'
    l_1_a = missing
    yield '\n## Appendix C: Points of contact\n\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contacts'):
        pass
        yield '| name | role | organisation | e-mail | telephone |\n|---|---|---|---|---|\n'
        for l_1_c in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contacts'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_c, 'name')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_c, 'role') or '–')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_c, 'organisation') or '–')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_c, 'email') or '–')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_c, 'phone') or '–')))
            yield ' |\n'
        l_1_c = missing
    else:
        pass
        yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contact_note')))
        yield '\n'
    yield '\n## Participant Feedback Form\n\n'
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'title')))
    yield ' · '
    yield str(environment.finalize(t_5(context.call((undefined(name='dates') if l_0_dates is missing else l_0_dates), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '. Please fill in the form and hand it to the facilitator before you leave; only the planners and evaluators read it.\n\nName (optional): \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ Organisation: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ Role: ☐ Player ☐ Observer ☐ Facilitator or controller ☐ Evaluator ☐ Other\n\n### Part I: The seminar\n\nRate each statement: 1 strongly disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree.\n\n| statement | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n'
    for l_1_statement in (undefined(name='feedback_statements') if l_0_feedback_statements is missing else l_0_feedback_statements):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(l_1_statement))
        yield ' | ☐ | ☐ | ☐ | ☐ | ☐ |\n'
    l_1_statement = missing
    for l_1_o in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
        _loop_vars = {}
        pass
        yield '| The seminar served this objective well: '
        yield str(environment.finalize(environment.getattr(l_1_o, 'text')))
        yield ' | ☐ | ☐ | ☐ | ☐ | ☐ |\n'
    l_1_o = missing
    yield '\n### Part II: Recommendations and action steps\n\n1. The three strengths you saw today that should be kept.\n2. The three areas that most need improvement, and what should be done about each (say whether it is of high, medium or low priority).\n3. What did you see that the evaluators may have missed?\n4. What would you change to improve the seminar: the scenario, the schedule, the format, the documents?\n\n'
    yield str(environment.finalize(t_5(context.call((undefined(name='marking_end') if l_0_marking_end is missing else l_0_marking_end), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n'

blocks = {}
debug_info = '1=44&2=71&7=73&8=75&9=77&10=79&11=81&12=83&13=86&15=88&16=91&18=94&19=96&20=99&27=102&28=104&31=107&32=111&38=119&40=124&41=127&46=133&49=135&52=137&53=139&54=143&56=145&57=148&60=150&61=152&64=154&67=157&68=161&72=165&73=169&75=171&78=177&80=179&85=184&90=186&91=190&96=196&99=199&100=203&103=216&108=219&118=223&119=227&121=230&122=234&132=238'
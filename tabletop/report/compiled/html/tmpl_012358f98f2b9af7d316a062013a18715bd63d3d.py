from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'facilitator.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_doc = resolve('doc')
    l_0_cover = l_0_agenda = l_0_numbered = l_0_questions_by_cell = l_0_objectives_table = l_0_cells_table = l_0_phase_name = l_0_phase_swatch = l_0_marking = l_0_phases = l_0_answer = missing
    try:
        t_1 = environment.filters['yesno']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'yesno' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    parent_template = environment.get_template('_base.html.j2', 'facilitator.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('_handbook.html.j2', 'facilitator.html.j2')._get_default_module(context)
    l_0_cover = getattr(included_template, 'cover', missing)
    if l_0_cover is missing:
        l_0_cover = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'facilitator.html.j2') does not export the requested name 'cover'", name='cover')
    l_0_agenda = getattr(included_template, 'agenda', missing)
    if l_0_agenda is missing:
        l_0_agenda = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'facilitator.html.j2') does not export the requested name 'agenda'", name='agenda')
    l_0_numbered = getattr(included_template, 'numbered', missing)
    if l_0_numbered is missing:
        l_0_numbered = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'facilitator.html.j2') does not export the requested name 'numbered'", name='numbered')
    l_0_questions_by_cell = getattr(included_template, 'questions_by_cell', missing)
    if l_0_questions_by_cell is missing:
        l_0_questions_by_cell = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'facilitator.html.j2') does not export the requested name 'questions_by_cell'", name='questions_by_cell')
    l_0_objectives_table = getattr(included_template, 'objectives_table', missing)
    if l_0_objectives_table is missing:
        l_0_objectives_table = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'facilitator.html.j2') does not export the requested name 'objectives_table'", name='objectives_table')
    l_0_cells_table = getattr(included_template, 'cells_table', missing)
    if l_0_cells_table is missing:
        l_0_cells_table = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'facilitator.html.j2') does not export the requested name 'cells_table'", name='cells_table')
    context.vars.update({'cover': l_0_cover, 'agenda': l_0_agenda, 'numbered': l_0_numbered, 'questions_by_cell': l_0_questions_by_cell, 'objectives_table': l_0_objectives_table, 'cells_table': l_0_cells_table})
    context.exported_vars.difference_update(('cover', 'agenda', 'numbered', 'questions_by_cell', 'objectives_table', 'cells_table'))
    included_template = environment.get_template('_phases.html.j2', 'facilitator.html.j2').make_module(context.get_all(), True, {'agenda': l_0_agenda, 'answer': l_0_answer, 'cells_table': l_0_cells_table, 'cover': l_0_cover, 'marking': l_0_marking, 'numbered': l_0_numbered, 'objectives_table': l_0_objectives_table, 'phase_name': l_0_phase_name, 'phase_swatch': l_0_phase_swatch, 'phases': l_0_phases, 'questions_by_cell': l_0_questions_by_cell})
    l_0_phase_name = getattr(included_template, 'phase_name', missing)
    if l_0_phase_name is missing:
        l_0_phase_name = undefined(f"the template {included_template.__name__!r} (imported on line 3 in 'facilitator.html.j2') does not export the requested name 'phase_name'", name='phase_name')
    l_0_phase_swatch = getattr(included_template, 'phase_swatch', missing)
    if l_0_phase_swatch is missing:
        l_0_phase_swatch = undefined(f"the template {included_template.__name__!r} (imported on line 3 in 'facilitator.html.j2') does not export the requested name 'phase_swatch'", name='phase_swatch')
    context.vars.update({'phase_name': l_0_phase_name, 'phase_swatch': l_0_phase_swatch})
    context.exported_vars.difference_update(('phase_name', 'phase_swatch'))
    l_0_marking = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification')
    context.vars['marking'] = l_0_marking
    context.exported_vars.add('marking')
    def macro(l_1_list):
        t_3 = []
        if l_1_list is missing:
            l_1_list = undefined("parameter 'list' was not provided", name='list')
        pass
        l_2_loop = missing
        t_4 = 1
        for l_2_p, l_2_loop in LoopContext(l_1_list, undefined):
            _loop_vars = {}
            pass
            t_3.extend((
                '<code>',
                escape(l_2_p),
                '</code>',
            ))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_3.append(
                    ' + ',
                )
            t_4 = 0
        l_2_loop = l_2_p = missing
        if t_4:
            pass
            t_3.append(
                '<span class="muted">none</span>',
            )
        return concat(t_3)
    context.exported_vars.add('phases')
    context.vars['phases'] = l_0_phases = Macro(environment, macro, 'phases', ('list',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_g):
        t_5 = []
        if l_1_g is missing:
            l_1_g = undefined("parameter 'g' was not provided", name='g')
        pass
        if t_2(environment.getattr(l_1_g, 'scenario_answer')):
            pass
            t_5.append(
                'room decides',
            )
        else:
            pass
            t_5.append(
                escape(t_1(environment.getattr(l_1_g, 'scenario_answer'))),
            )
        return concat(t_5)
    context.exported_vars.add('answer')
    context.vars['answer'] = l_0_answer = Macro(environment, macro, 'answer', ('g',), False, False, False, context.eval_ctx.autoescape)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_doc = resolve('doc')
    pass
    yield 'Facilitator handbook: '
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'title'))

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_cover = resolve('cover')
    l_0_doc = resolve('doc')
    l_0_phases = resolve('phases')
    l_0_agenda = resolve('agenda')
    l_0_numbered = resolve('numbered')
    l_0_objectives_table = resolve('objectives_table')
    l_0_cells_table = resolve('cells_table')
    try:
        t_6 = environment.filters['breakable']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'breakable' found.")
    try:
        t_7 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_8 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_9 = environment.filters['paragraphs']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'paragraphs' found.")
    try:
        t_10 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_11 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_12 = environment.filters['truncate']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'truncate' found.")
    try:
        t_1 = environment.filters['yesno']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'yesno' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    def macro():
        t_13 = []
        pass
        t_13.append(
            '<li><a href="#msel">Master Scenario Events List</a></li>\n<li><a href="#briefing">Running the seminar: schedule, ground rules, assumptions, objectives, cells</a></li>\n<li><a href="#detail">Injects in detail</a></li>\n<li><a href="#orders">Orders and determinations the room may record without a move</a></li>\n<li><a href="#clauses">The clauses the scenario cites, verbatim</a></li>\n<li><a href="#provenance">About this handbook</a></li>\n',
        )
        return concat(t_13)
    caller = Macro(environment, macro, None, (), False, False, False, context.eval_ctx.autoescape)
    yield context.call((undefined(name='cover') if l_0_cover is missing else l_0_cover), (undefined(name='doc') if l_0_doc is missing else l_0_doc), 'Facilitator handbook', "For the facilitator and the control cell only: it holds the Master Scenario Events List, the moves and gates, the expected actions and the facilitator's notes. Do not hand it to participants.", caller=caller, _block_vars=_block_vars)
    yield '\n\n<section class="part msel-table" id="msel">\n<h2>Master Scenario Events List</h2>\n<p class="small">One line per inject, in file order; the detail of each follows the briefing. Start: '
    yield escape(context.call((undefined(name='phases') if l_0_phases is missing else l_0_phases), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'start_phases'), _block_vars=_block_vars))
    yield '. The move is the one the phase machine makes to enter the inject\'s phase along the first path that reaches it; the room answers its gates.</p>\n<table class="msel">\n<thead><tr><th>no.</th><th>time</th><th>inject</th><th>phases and move</th><th>gates: the scenario\'s answer</th><th>cells</th><th>expected actions</th></tr></thead>\n<tbody>\n'
    l_1_loop = missing
    for l_1_i, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'msel'), undefined):
        _loop_vars = {}
        pass
        yield '<tr'
        if (not environment.getattr(l_1_i, 'on_default_path')):
            pass
            yield ' class="off-path"'
        yield '>\n<td>'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '</td>\n<td class="nowrap">'
        yield escape((environment.getattr(l_1_i, 'time') or '–'))
        yield '</td>\n<td><a href="#inject-'
        yield escape(environment.getattr(l_1_i, 'id'))
        yield '">'
        yield escape(environment.getattr(l_1_i, 'title'))
        yield '</a><br><code class="muted">'
        yield escape(t_6(environment.getattr(l_1_i, 'id')))
        yield '</code>'
        if environment.getattr(l_1_i, 'contingency'):
            pass
            yield ' <span class="tag contingency">contingency</span>'
        elif (not environment.getattr(l_1_i, 'on_default_path')):
            pass
            yield ' <span class="tag">off path</span>'
        if environment.getattr(l_1_i, 'options'):
            pass
            yield ' <span class="tag">decision</span>'
        yield '</td>\n<td>'
        l_2_loop = missing
        t_14 = 1
        for l_2_p, l_2_loop in LoopContext(environment.getattr(l_1_i, 'phases'), undefined):
            l_2_phase_name = resolve('phase_name')
            _loop_vars = {}
            pass
            yield escape(context.call((undefined(name='phase_name') if l_2_phase_name is missing else l_2_phase_name), l_2_p, context.call(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_titles'), 'get'), l_2_p, l_2_p, _loop_vars=_loop_vars), _loop_vars=_loop_vars))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield '<br>'
            t_14 = 0
        l_2_loop = l_2_p = l_2_phase_name = missing
        if t_14:
            pass
            yield '<span class="muted">not reached</span>'
        if environment.getattr(l_1_i, 'move'):
            pass
            yield '<br><span class="small">move <code>'
            yield escape(t_6(environment.getattr(environment.getattr(l_1_i, 'move'), 'trigger')))
            yield '</code></span>'
        elif environment.getattr(l_1_i, 'move_note'):
            pass
            yield '<br><span class="small tag oop">no move</span>'
        else:
            pass
            yield '<br><span class="small muted">no change</span>'
        yield '</td>\n<td class="small">'
        if (environment.getattr(l_1_i, 'move') and environment.getattr(environment.getattr(l_1_i, 'move'), 'gates')):
            pass
            l_2_loop = missing
            for l_2_g, l_2_loop in LoopContext(environment.getattr(environment.getattr(l_1_i, 'move'), 'gates'), undefined):
                l_2_answer = resolve('answer')
                _loop_vars = {}
                pass
                yield '<code>'
                yield escape(t_6(environment.getattr(l_2_g, 'id')))
                yield '</code>: '
                yield escape(context.call((undefined(name='answer') if l_2_answer is missing else l_2_answer), l_2_g, _loop_vars=_loop_vars))
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield '<br>'
            l_2_loop = l_2_g = l_2_answer = missing
        else:
            pass
            yield '–'
        yield '</td>\n<td class="small">'
        yield escape((t_7(context.eval_ctx, environment.getattr(l_1_i, 'addressees'), ', ') or 'everyone'))
        yield '</td>\n<td class="small">'
        l_2_loop = missing
        t_15 = 1
        for l_2_a, l_2_loop in LoopContext(environment.getattr(l_1_i, 'expected_actions'), undefined):
            _loop_vars = {}
            pass
            yield '<b>'
            yield escape(environment.getattr(l_2_a, 'key'))
            yield '</b> '
            yield escape(environment.getattr(l_2_a, 'action'))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield '<br>'
            t_15 = 0
        l_2_loop = l_2_a = missing
        if t_15:
            pass
            yield '–'
        yield '</td>\n</tr>\n'
    l_1_loop = l_1_i = missing
    yield '</tbody>\n</table>\n</section>\n\n<section class="part" id="briefing">\n<h2>Running the seminar</h2>\n<h3>Schedule</h3>\n'
    yield escape(context.call((undefined(name='agenda') if l_0_agenda is missing else l_0_agenda), (undefined(name='doc') if l_0_doc is missing else l_0_doc), _block_vars=_block_vars))
    yield '\n<h3>Ground rules to read out</h3>\n'
    yield escape(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'ground_rules'), _block_vars=_block_vars))
    yield '\n<h3>Assumptions and artificialities</h3>\n'
    yield escape(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'assumptions'), _block_vars=_block_vars))
    yield '\n<h3>Objectives</h3>\n'
    yield escape(context.call((undefined(name='objectives_table') if l_0_objectives_table is missing else l_0_objectives_table), (undefined(name='doc') if l_0_doc is missing else l_0_doc), with_ids=True, _block_vars=_block_vars))
    yield '\n<h3>Cells</h3>\n'
    yield escape(context.call((undefined(name='cells_table') if l_0_cells_table is missing else l_0_cells_table), (undefined(name='doc') if l_0_doc is missing else l_0_doc), _block_vars=_block_vars))
    yield '\n</section>\n\n<section class="part" id="detail">\n<h2>Injects in detail</h2>\n'
    l_1_loop = missing
    for l_1_i, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'msel'), undefined):
        l_1_phase_name = resolve('phase_name')
        l_1_stated = resolve('stated')
        l_1_others = resolve('others')
        l_1_questions_by_cell = resolve('questions_by_cell')
        _loop_vars = {}
        pass
        yield '<article class="inject" id="inject-'
        yield escape(environment.getattr(l_1_i, 'id'))
        yield '">\n<h3>'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '. '
        yield escape(environment.getattr(l_1_i, 'title'))
        yield ' <code class="muted">'
        yield escape(environment.getattr(l_1_i, 'id'))
        yield '</code></h3>\n<p class="meta">'
        yield escape((environment.getattr(l_1_i, 'time') or 'no scenario time'))
        yield ' · '
        if environment.getattr(l_1_i, 'phase'):
            pass
            yield 'phase '
            yield escape(context.call((undefined(name='phase_name') if l_1_phase_name is missing else l_1_phase_name), environment.getattr(l_1_i, 'phase'), context.call(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_titles'), 'get'), environment.getattr(l_1_i, 'phase'), environment.getattr(l_1_i, 'phase'), _loop_vars=_loop_vars), _loop_vars=_loop_vars))
        else:
            pass
            yield 'no phase of its own'
        yield ' · then '
        yield escape(context.call((undefined(name='phases') if l_0_phases is missing else l_0_phases), environment.getattr(l_1_i, 'phases'), _loop_vars=_loop_vars))
        if environment.getattr(l_1_i, 'addressees'):
            pass
            yield ' · to '
            yield escape(t_7(context.eval_ctx, environment.getattr(l_1_i, 'addressees'), ', '))
        else:
            pass
            yield ' · to everyone'
        if environment.getattr(l_1_i, 'contingency'):
            pass
            yield ' <span class="tag contingency">contingency</span>'
        elif (not environment.getattr(l_1_i, 'on_default_path')):
            pass
            yield ' <span class="tag">off the default path</span>'
        yield '</p>\n'
        if environment.getattr(l_1_i, 'move'):
            pass
            yield '<div class="citation"><strong>Move:</strong> '
            yield escape(environment.getattr(environment.getattr(l_1_i, 'move'), 'title'))
            yield ' <code class="muted">'
            yield escape(environment.getattr(environment.getattr(l_1_i, 'move'), 'trigger'))
            yield '</code>, '
            yield escape(context.call((undefined(name='phases') if l_0_phases is missing else l_0_phases), environment.getattr(environment.getattr(l_1_i, 'move'), 'before'), _loop_vars=_loop_vars))
            yield ' → '
            yield escape(context.call((undefined(name='phases') if l_0_phases is missing else l_0_phases), environment.getattr(environment.getattr(l_1_i, 'move'), 'after'), _loop_vars=_loop_vars))
            yield '\n<blockquote class="small">'
            yield escape(environment.getattr(environment.getattr(l_1_i, 'move'), 'basis'))
            yield '</blockquote>\n'
            if environment.getattr(environment.getattr(l_1_i, 'move'), 'gates'):
                pass
                yield '<table>\n<thead><tr><th>gate</th><th>who decides</th><th>basis</th><th>scenario states</th></tr></thead>\n<tbody>\n'
                for l_2_g in environment.getattr(environment.getattr(l_1_i, 'move'), 'gates'):
                    _loop_vars = {}
                    pass
                    yield '<tr><td>'
                    yield escape(environment.getattr(l_2_g, 'question'))
                    yield '</td><td>'
                    yield escape(environment.getattr(l_2_g, 'authority'))
                    yield ' <span class="tag">'
                    yield escape(environment.getattr(l_2_g, 'strength'))
                    yield '</span></td><td class="small">'
                    yield escape(environment.getattr(l_2_g, 'reference'))
                    yield '</td><td>'
                    if t_2(environment.getattr(l_2_g, 'scenario_answer')):
                        pass
                        yield '<span class="muted">the room decides</span>'
                    else:
                        pass
                        yield escape(t_1(environment.getattr(l_2_g, 'scenario_answer')))
                    yield '</td></tr>\n'
                l_2_g = missing
                yield '</tbody>\n</table>\n'
            else:
                pass
                yield '<p class="small muted">No determination gates this move.</p>'
            yield '</div>\n'
        elif environment.getattr(l_1_i, 'move_note'):
            pass
            yield '<p class="small"><span class="tag oop">no move</span> '
            yield escape(environment.getattr(l_1_i, 'move_note'))
            yield '</p>'
        if environment.getattr(l_1_i, 'orders'):
            pass
            yield '<div class="small orders"><strong>Orders the room may record without a move</strong>\n'
            l_1_stated = t_8(context.eval_ctx, t_10(context, environment.getattr(l_1_i, 'orders'), 'scenario_answer', 'none'))
            _loop_vars['stated'] = l_1_stated
            l_1_others = t_8(context.eval_ctx, t_11(context, environment.getattr(l_1_i, 'orders'), 'scenario_answer', 'none'))
            _loop_vars['others'] = l_1_others
            if (undefined(name='stated') if l_1_stated is missing else l_1_stated):
                pass
                yield '<ul>\n'
                for l_2_o in (undefined(name='stated') if l_1_stated is missing else l_1_stated):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(environment.getattr(l_2_o, 'title'))
                    yield ' <code class="muted">'
                    yield escape(environment.getattr(l_2_o, 'id'))
                    yield '</code>: '
                    yield escape(environment.getattr(l_2_o, 'authority'))
                    yield '. <span class="muted">'
                    yield escape(environment.getattr(l_2_o, 'diet'))
                    yield '</span> <span class="tag">scenario states: '
                    yield escape(t_1(environment.getattr(l_2_o, 'scenario_answer')))
                    yield '</span></li>\n'
                l_2_o = missing
                yield '</ul>'
            if (undefined(name='others') if l_1_others is missing else l_1_others):
                pass
                yield '<p class="also-open">'
                yield escape(('Also open here' if (undefined(name='stated') if l_1_stated is missing else l_1_stated) else 'Open here'))
                yield ' (<a href="#orders">who decides each, and the Diet\'s part</a>):</p>\n<ul class="open-orders">'
                for l_2_o in (undefined(name='others') if l_1_others is missing else l_1_others):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(t_12(environment, environment.getattr(l_2_o, 'title'), 48, False, '…', 0))
                    yield ' <code>'
                    yield escape(environment.getattr(l_2_o, 'id'))
                    yield '</code></li>'
                l_2_o = missing
                yield '</ul>'
            yield '</div>'
        yield '<div class="narrative">'
        yield escape(t_9(environment.getattr(l_1_i, 'narrative')))
        yield '</div>\n'
        yield escape(context.call((undefined(name='questions_by_cell') if l_1_questions_by_cell is missing else l_1_questions_by_cell), l_1_i, _loop_vars=_loop_vars))
        yield '\n'
        if environment.getattr(l_1_i, 'expected_actions'):
            pass
            yield '<h4>Expected actions</h4>\n<table>\n<thead><tr><th></th><th>action</th><th>responsible</th><th>objective</th></tr></thead>\n<tbody>\n'
            for l_2_a in environment.getattr(l_1_i, 'expected_actions'):
                _loop_vars = {}
                pass
                yield '<tr><td class="id">'
                yield escape(environment.getattr(l_2_a, 'key'))
                yield '</td><td>'
                yield escape(environment.getattr(l_2_a, 'action'))
                yield '</td><td>'
                yield escape((environment.getattr(l_2_a, 'responsible') or '–'))
                yield '</td><td>'
                if environment.getattr(l_2_a, 'objective'):
                    pass
                    yield '<code>'
                    yield escape(environment.getattr(l_2_a, 'objective'))
                    yield '</code>'
                else:
                    pass
                    yield '–'
                yield '</td></tr>\n'
            l_2_a = missing
            yield '</tbody>\n</table>\n'
        if environment.getattr(l_1_i, 'facilitator_notes'):
            pass
            yield '<h4>Facilitator notes</h4>'
            yield escape(t_9(environment.getattr(l_1_i, 'facilitator_notes')))
        if environment.getattr(l_1_i, 'cite'):
            pass
            yield '<h4>Clauses to discuss</h4><p>'
            l_2_loop = missing
            for l_2_c, l_2_loop in LoopContext(environment.getattr(l_1_i, 'cite'), undefined):
                _loop_vars = {}
                pass
                yield '<a href="#clause-'
                yield escape(l_2_c)
                yield '"><code>'
                yield escape(l_2_c)
                yield '</code></a>'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ', '
            l_2_loop = l_2_c = missing
            yield '</p>'
        if environment.getattr(l_1_i, 'options'):
            pass
            yield '<h4>Decision point</h4>\n<ul>\n'
            for l_2_o in environment.getattr(l_1_i, 'options'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(environment.getattr(l_2_o, 'label'))
                yield ' → <a href="#inject-'
                yield escape(environment.getattr(l_2_o, 'goto'))
                yield '">'
                yield escape(environment.getattr(l_2_o, 'goto_title'))
                yield '</a>'
                if environment.getattr(l_2_o, 'default'):
                    pass
                    yield ' <span class="tag">default</span>'
                if environment.getattr(l_2_o, 'notes'):
                    pass
                    yield '<br><span class="small">'
                    yield escape(environment.getattr(l_2_o, 'notes'))
                    yield '</span>'
                yield '</li>\n'
            l_2_o = missing
            yield '</ul>\n'
        elif environment.getattr(l_1_i, 'next'):
            pass
            yield '<p class="small">Then: <a href="#inject-'
            yield escape(environment.getattr(l_1_i, 'next'))
            yield '"><code>'
            yield escape(environment.getattr(l_1_i, 'next'))
            yield '</code></a></p>'
        yield '</article>\n'
    l_1_loop = l_1_i = l_1_phase_name = l_1_stated = l_1_others = l_1_questions_by_cell = missing
    yield '</section>\n\n<section class="part" id="orders">\n<h2>Orders and determinations the room may record without a move</h2>\n<p class="small">Each once, with who decides it and the Diet\'s part, and the phases in which the room may record it (those the scenario reaches are listed at each inject).</p>\n<table class="orders-table">\n<thead><tr><th>order or determination</th><th>who decides</th><th>the Diet</th><th>open in</th></tr></thead>\n<tbody>\n'
    l_1_loop = missing
    t_16 = 1
    for l_1_o, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'orders'), undefined):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.getattr(l_1_o, 'title'))
        yield '<br><code class="muted">'
        yield escape(environment.getattr(l_1_o, 'id'))
        yield '</code></td><td class="small">'
        yield escape(environment.getattr(l_1_o, 'authority'))
        yield '</td><td class="small">'
        yield escape(environment.getattr(l_1_o, 'diet'))
        yield '</td><td class="small">'
        l_2_loop = missing
        for l_2_p, l_2_loop in LoopContext(environment.getattr(l_1_o, 'phases'), undefined):
            l_2_phase_name = resolve('phase_name')
            _loop_vars = {}
            pass
            yield escape(context.call((undefined(name='phase_name') if l_2_phase_name is missing else l_2_phase_name), l_2_p, context.call(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_titles'), 'get'), l_2_p, l_2_p, _loop_vars=_loop_vars), _loop_vars=_loop_vars))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield '<br>'
        l_2_loop = l_2_p = l_2_phase_name = missing
        yield '</td></tr>\n'
        t_16 = 0
    l_1_loop = l_1_o = missing
    if t_16:
        pass
        yield '<tr><td colspan="4" class="muted">No order or determination is open in the phases the scenario reaches.</td></tr>\n'
    yield '</tbody>\n</table>\n</section>\n\n<section class="part" id="clauses">\n<h2>The clauses the scenario cites, verbatim</h2>\n'
    t_17 = 1
    for l_1_a in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'clauses'):
        _loop_vars = {}
        pass
        yield '<h3 id="clause-'
        yield escape(environment.getattr(l_1_a, 'clause'))
        yield '"><code>'
        yield escape(environment.getattr(l_1_a, 'clause'))
        yield '</code> '
        yield escape(environment.getattr(l_1_a, 'title'))
        yield '</h3>\n'
        if environment.getattr(l_1_a, 'context'):
            pass
            yield '<p class="meta">'
            yield escape(t_7(context.eval_ctx, environment.getattr(l_1_a, 'context'), ' › '))
            yield '</p>'
        yield '<div class="verbatim">'
        if environment.getattr(l_1_a, 'text'):
            pass
            yield escape(t_9(environment.getattr(l_1_a, 'text')))
        else:
            pass
            yield '<p class="muted">(a heading: its text is in its sub-clauses)</p>'
        yield '</div>\n'
        t_17 = 0
    l_1_a = missing
    if t_17:
        pass
        yield '<p class="muted">The scenario cites no clause.</p>\n'
    yield '</section>\n\n<section id="provenance">\n<h2>About this handbook</h2>\n<dl class="provenance small">\n<dt>Scenario file</dt><dd>'
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'scenario_name'))
    yield '</dd>\n<dt>Scenario SHA-256</dt><dd class="hash">'
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'scenario_sha256'))
    yield '</dd>\n<dt>Rules SHA-256</dt><dd class="hash">'
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'rules_sha256'))
    yield '</dd>\n<dt>Made by</dt><dd>tabletop '
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'generated_by'))
    yield '</dd>\n</dl>\n</section>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=26&2=29&3=50&4=59&6=62&7=92&5=112&8=124&9=193&21=203&25=206&26=214&27=216&28=218&29=236&30=261&31=280&32=284&42=302&44=304&46=306&48=308&50=310&55=313&56=321&57=323&58=329&59=347&60=354&61=357&62=365&63=367&67=370&73=395&74=400&75=403&76=405&77=407&78=410&81=426&82=431&84=443&85=445&86=447&91=450&96=471&97=475&98=492&101=495&104=516&115=528&124=558&125=562&126=568&127=574&136=587&137=589&138=591&139=593'
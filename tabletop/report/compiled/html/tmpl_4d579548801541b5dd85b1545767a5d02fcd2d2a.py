from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'sitman.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_doc = resolve('doc')
    l_0_cover = l_0_agenda = l_0_numbered = l_0_questions_by_cell = l_0_objectives_table = l_0_cells_table = l_0_dates = l_0_lines = l_0_marking = missing
    pass
    parent_template = environment.get_template('_base.html.j2', 'sitman.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('_handbook.html.j2', 'sitman.html.j2')._get_default_module(context)
    l_0_cover = getattr(included_template, 'cover', missing)
    if l_0_cover is missing:
        l_0_cover = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'cover'", name='cover')
    l_0_agenda = getattr(included_template, 'agenda', missing)
    if l_0_agenda is missing:
        l_0_agenda = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'agenda'", name='agenda')
    l_0_numbered = getattr(included_template, 'numbered', missing)
    if l_0_numbered is missing:
        l_0_numbered = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'numbered'", name='numbered')
    l_0_questions_by_cell = getattr(included_template, 'questions_by_cell', missing)
    if l_0_questions_by_cell is missing:
        l_0_questions_by_cell = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'questions_by_cell'", name='questions_by_cell')
    l_0_objectives_table = getattr(included_template, 'objectives_table', missing)
    if l_0_objectives_table is missing:
        l_0_objectives_table = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'objectives_table'", name='objectives_table')
    l_0_cells_table = getattr(included_template, 'cells_table', missing)
    if l_0_cells_table is missing:
        l_0_cells_table = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'cells_table'", name='cells_table')
    l_0_dates = getattr(included_template, 'dates', missing)
    if l_0_dates is missing:
        l_0_dates = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'dates'", name='dates')
    l_0_lines = getattr(included_template, 'lines', missing)
    if l_0_lines is missing:
        l_0_lines = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'sitman.html.j2') does not export the requested name 'lines'", name='lines')
    context.vars.update({'cover': l_0_cover, 'agenda': l_0_agenda, 'numbered': l_0_numbered, 'questions_by_cell': l_0_questions_by_cell, 'objectives_table': l_0_objectives_table, 'cells_table': l_0_cells_table, 'dates': l_0_dates, 'lines': l_0_lines})
    context.exported_vars.difference_update(('cover', 'agenda', 'numbered', 'questions_by_cell', 'objectives_table', 'cells_table', 'dates', 'lines'))
    l_0_marking = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification')
    context.vars['marking'] = l_0_marking
    context.exported_vars.add('marking')
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
    yield 'Situation Manual: '
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
    l_0_dates = resolve('dates')
    l_0_objectives_table = resolve('objectives_table')
    l_0_agenda = resolve('agenda')
    l_0_numbered = resolve('numbered')
    l_0_cells_table = resolve('cells_table')
    l_0_feedback_statements = resolve('feedback_statements')
    l_0_lines = resolve('lines')
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
    pass
    def macro():
        t_4 = []
        pass
        t_4.append(
            '<li><a href="#overview">Exercise overview</a></li>\n<li><a href="#general">General information</a></li>\n',
        )
        l_2_loop = missing
        for l_2_m, l_2_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules'), undefined):
            _loop_vars = {}
            pass
            t_4.extend((
                '<li><a href="#module-',
                escape(environment.getattr(l_2_loop, 'index')),
                '">',
                escape(environment.getattr(l_2_m, 'title')),
                '</a></li>\n',
            ))
        l_2_loop = l_2_m = missing
        t_4.append(
            '<li><a href="#appendices">Appendices</a></li>\n<li><a href="#feedback">Participant Feedback Form</a></li>\n',
        )
        return concat(t_4)
    caller = Macro(environment, macro, None, (), False, False, False, context.eval_ctx.autoescape)
    yield context.call((undefined(name='cover') if l_0_cover is missing else l_0_cover), (undefined(name='doc') if l_0_doc is missing else l_0_doc), 'Situation Manual', "For the participants. It gives the seminar's purpose, schedule and rules, and the situation and questions of each module.", caller=caller, _block_vars=_block_vars)
    yield '\n<section class="part" id="overview">\n<h2>Exercise overview</h2>\n<table class="facts">\n<tbody>\n<tr><th>Exercise name</th><td>'
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'title'))
    yield '</td></tr>\n<tr><th>Date</th><td>'
    yield escape(context.call((undefined(name='dates') if l_0_dates is missing else l_0_dates), (undefined(name='doc') if l_0_doc is missing else l_0_doc), _block_vars=_block_vars))
    yield '</td></tr>\n<tr><th>Location</th><td>'
    yield escape((environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'location') or 'to be announced'))
    yield '</td></tr>\n<tr><th>Purpose</th><td>'
    yield escape(t_3(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'purpose')))
    yield '</td></tr>\n<tr><th>Scope</th><td>'
    yield escape(t_3(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'scope')))
    yield '</td></tr>\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
        pass
        yield '<tr><th>Objectives</th><td><ul>'
        for l_1_o in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
            _loop_vars = {}
            pass
            yield '<li>'
            yield escape(environment.getattr(l_1_o, 'text'))
            yield '</li>'
        l_1_o = missing
        yield '</ul></td></tr>'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'capabilities'):
        pass
        yield '<tr><th>Core capabilities</th><td>'
        yield escape(t_1(context.eval_ctx, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'capabilities'), '; '))
        yield '</td></tr>'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'):
        pass
        yield '<tr><th>Scenario</th><td>'
        yield escape(t_3(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary')))
        yield '</td></tr>'
    yield '<tr><th>Grounded in</th><td>'
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'rules_title'))
    yield '</td></tr>\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sponsor'):
        pass
        yield '<tr><th>Sponsor</th><td>'
        yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sponsor'))
        yield '</td></tr>'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'cells'):
        pass
        yield '<tr><th>Participating organisations</th><td>'
        def t_5(fiter):
            for l_1_c in fiter:
                if (environment.getattr(l_1_c, 'role') == 'player'):
                    yield l_1_c
        l_1_loop = missing
        for l_1_c, l_1_loop in LoopContext(t_5(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'cells')), undefined):
            _loop_vars = {}
            pass
            yield escape((t_1(context.eval_ctx, environment.getattr(l_1_c, 'organisations'), '; ') or environment.getattr(l_1_c, 'name')))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield '; '
        l_1_loop = l_1_c = missing
        yield '</td></tr>'
    yield '<tr><th>Points of contact</th><td>'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contacts'):
        pass
        l_1_loop = missing
        for l_1_c, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contacts')[:2], undefined):
            _loop_vars = {}
            pass
            yield escape(environment.getattr(l_1_c, 'name'))
            if environment.getattr(l_1_c, 'email'):
                pass
                yield ', '
                yield escape(environment.getattr(l_1_c, 'email'))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield '; '
        l_1_loop = l_1_c = missing
        if (t_2(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contacts')) > 2):
            pass
            yield '; others on the last page'
    else:
        pass
        yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contact_note'))
    yield '</td></tr>\n</tbody>\n</table>\n</section>\n\n<section class="part" id="general">\n<h2>General information</h2>\n<h3>Objectives and core capabilities</h3>\n'
    yield escape(context.call((undefined(name='objectives_table') if l_0_objectives_table is missing else l_0_objectives_table), (undefined(name='doc') if l_0_doc is missing else l_0_doc), _block_vars=_block_vars))
    yield '\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'roles'):
        pass
        yield '<h3>Participant roles and responsibilities</h3>\n<table>\n<thead><tr><th>role</th><th>what they do</th><th>cells</th></tr></thead>\n<tbody>\n'
        for l_1_r in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'roles'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_r, 'title'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_r, 'duties'))
            yield '</td><td>'
            yield escape(t_1(context.eval_ctx, environment.getattr(l_1_r, 'cells'), '; '))
            yield '</td></tr>\n'
        l_1_r = missing
        yield '</tbody>\n</table>\n'
    yield '<h3>Exercise structure</h3>\n<p>The seminar is played in '
    yield escape(t_2(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules')))
    yield ' module'
    yield escape(('' if (t_2(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules')) == 1) else 's'))
    yield '. In each, the facilitator presents the situation as it develops; the cells discuss the questions, then the room shares its answers. Decisions and determinations are recorded as the room states them.</p>\n<ol>\n'
    for l_1_m in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules'):
        _loop_vars = {}
        pass
        yield '<li>'
        yield escape(environment.getattr(l_1_m, 'title'))
        yield '</li>\n'
    l_1_m = missing
    yield '</ol>\n<h3>Schedule</h3>\n'
    yield escape(context.call((undefined(name='agenda') if l_0_agenda is missing else l_0_agenda), (undefined(name='doc') if l_0_doc is missing else l_0_doc), _block_vars=_block_vars))
    yield '\n<h3>Ground rules</h3>\n'
    yield escape(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'ground_rules'), _block_vars=_block_vars))
    yield '\n<h3>Assumptions and artificialities</h3>\n'
    yield escape(context.call((undefined(name='numbered') if l_0_numbered is missing else l_0_numbered), environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'assumptions'), _block_vars=_block_vars))
    yield '\n</section>\n\n'
    l_1_loop = missing
    for l_1_m, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'modules'), undefined):
        _loop_vars = {}
        pass
        yield '<section class="part module" id="module-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '">\n<h2>'
        yield escape(environment.getattr(l_1_m, 'title'))
        yield '</h2>\n'
        if environment.getattr(l_1_m, 'span'):
            pass
            yield '<p class="meta">Scenario time '
            yield escape(environment.getattr(l_1_m, 'span'))
            yield '</p>'
        if environment.getattr(l_1_m, 'summary'):
            pass
            yield escape(t_3(environment.getattr(l_1_m, 'summary')))
        if environment.getattr(l_1_m, 'key_issues'):
            pass
            yield '<div class="key-issues"><h4>Key issues</h4>\n<ul>'
            for l_2_k in environment.getattr(l_1_m, 'key_issues'):
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(l_2_k)
                yield '</li>'
            l_2_k = missing
            yield '</ul></div>\n'
        for l_2_i in environment.getattr(l_1_m, 'injects'):
            l_2_questions_by_cell = resolve('questions_by_cell')
            _loop_vars = {}
            pass
            yield '<article class="inject">\n<h3>'
            yield escape(environment.getattr(l_2_i, 'title'))
            yield '</h3>\n<p class="meta">'
            yield escape((environment.getattr(l_2_i, 'time') or 'no scenario time'))
            if environment.getattr(l_2_i, 'addressees'):
                pass
                yield ' · for '
                yield escape(t_1(context.eval_ctx, environment.getattr(l_2_i, 'addressees'), ', '))
            yield '</p>\n<div class="narrative">'
            yield escape(t_3(environment.getattr(l_2_i, 'narrative')))
            yield '</div>\n'
            yield escape(context.call((undefined(name='questions_by_cell') if l_2_questions_by_cell is missing else l_2_questions_by_cell), l_2_i, _loop_vars=_loop_vars))
            yield '\n</article>\n'
        l_2_i = l_2_questions_by_cell = missing
        yield '</section>\n'
    l_1_loop = l_1_m = missing
    yield '\n<section class="part" id="appendices">\n<h2>Appendix A: Participating organisations</h2>\n'
    yield escape(context.call((undefined(name='cells_table') if l_0_cells_table is missing else l_0_cells_table), (undefined(name='doc') if l_0_doc is missing else l_0_doc), _block_vars=_block_vars))
    yield '\n<h2>Appendix B: Acronyms</h2>\n<table class="acronyms">\n<tbody>\n'
    for l_1_a in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'acronyms'):
        _loop_vars = {}
        pass
        yield '<tr><th>'
        yield escape(environment.getattr(l_1_a, 'short'))
        yield '</th><td>'
        yield escape(environment.getattr(l_1_a, 'meaning'))
        yield '</td></tr>\n'
    l_1_a = missing
    yield '</tbody>\n</table>\n<h2>Appendix C: Points of contact</h2>\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contacts'):
        pass
        yield '<table>\n<thead><tr><th>name</th><th>role</th><th>organisation</th><th>e-mail</th><th>telephone</th></tr></thead>\n<tbody>\n'
        for l_1_c in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contacts'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_c, 'name'))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_c, 'role') or '–'))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_c, 'organisation') or '–'))
            yield '</td><td class="nowrap">'
            yield escape((environment.getattr(l_1_c, 'email') or '–'))
            yield '</td><td class="nowrap">'
            yield escape((environment.getattr(l_1_c, 'phone') or '–'))
            yield '</td></tr>\n'
        l_1_c = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p>'
        yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'contact_note'))
        yield '</p>'
    yield '</section>\n\n<section class="part form" id="feedback">\n<h2>Participant Feedback Form</h2>\n<p class="small">'
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'title'))
    yield ' · '
    yield escape(context.call((undefined(name='dates') if l_0_dates is missing else l_0_dates), (undefined(name='doc') if l_0_doc is missing else l_0_doc), _block_vars=_block_vars))
    yield '. Please fill in both sides and hand the form to the facilitator before you leave; only the planners and evaluators read it.</p>\n<table class="fill">\n<tbody>\n<tr><th>Name (optional)</th><td></td><th>Organisation</th><td></td></tr>\n<tr><th>Role</th><td colspan="3"><span class="box"></span> Player <span class="box"></span> Observer <span class="box"></span> Facilitator or controller <span class="box"></span> Evaluator <span class="box"></span> Other</td></tr>\n</tbody>\n</table>\n<h3>Part I: The seminar</h3>\n<p class="small">Rate each statement: 1 strongly disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree.</p>\n<table class="ratings">\n<thead><tr><th>statement</th><th>1</th><th>2</th><th>3</th><th>4</th><th>5</th></tr></thead>\n<tbody>\n'
    for l_1_statement in (undefined(name='feedback_statements') if l_0_feedback_statements is missing else l_0_feedback_statements):
        l_1_range = resolve('range')
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(l_1_statement)
        yield '</td>'
        for l_2_n in context.call((undefined(name='range') if l_1_range is missing else l_1_range), 5, _loop_vars=_loop_vars):
            _loop_vars = {}
            pass
            yield '<td class="box-cell"><span class="box"></span></td>'
        l_2_n = missing
        yield '</tr>\n'
    l_1_statement = l_1_range = missing
    for l_1_o in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
        l_1_range = resolve('range')
        _loop_vars = {}
        pass
        yield '<tr><td>The seminar served this objective well: '
        yield escape(environment.getattr(l_1_o, 'text'))
        yield '</td>'
        for l_2_n in context.call((undefined(name='range') if l_1_range is missing else l_1_range), 5, _loop_vars=_loop_vars):
            _loop_vars = {}
            pass
            yield '<td class="box-cell"><span class="box"></span></td>'
        l_2_n = missing
        yield '</tr>\n'
    l_1_o = l_1_range = missing
    yield '</tbody>\n</table>\n<div class="form-side">\n<h3>Part II: Recommendations and action steps</h3>\n<ol class="write">\n<li>The three strengths you saw today that should be kept.'
    yield escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), 4, _block_vars=_block_vars))
    yield '</li>\n<li>The three areas that most need improvement, and what should be done about each (say whether it is of high, medium or low priority).'
    yield escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), 6, _block_vars=_block_vars))
    yield '</li>\n<li>What did you see that the evaluators may have missed?'
    yield escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), 3, _block_vars=_block_vars))
    yield '</li>\n<li>What would you change to improve the seminar: the scenario, the schedule, the format, the documents?'
    yield escape(context.call((undefined(name='lines') if l_0_lines is missing else l_0_lines), 4, _block_vars=_block_vars))
    yield '</li>\n</ol>\n</div>\n</section>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=14&2=17&3=44&4=49&5=61&6=96&9=103&6=119&19=121&20=123&21=125&22=127&23=129&24=131&25=142&26=147&27=153&28=155&29=160&30=178&38=200&39=202&44=205&50=218&52=222&56=230&58=232&60=234&63=237&64=241&65=243&66=245&67=250&68=253&70=256&72=264&74=269&75=271&76=277&77=279&85=285&89=287&94=297&98=300&102=319&107=322&119=326&121=340&128=355&129=357&130=359&131=361'
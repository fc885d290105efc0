from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'evaluators.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_doc = resolve('doc')
    l_0_cover = l_0_dates = l_0_lines = l_0_marking = l_0_evaluator_lines = missing
    pass
    parent_template = environment.get_template('_base.html.j2', 'evaluators.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('_handbook.html.j2', 'evaluators.html.j2')._get_default_module(context)
    l_0_cover = getattr(included_template, 'cover', missing)
    if l_0_cover is missing:
        l_0_cover = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'evaluators.html.j2') does not export the requested name 'cover'", name='cover')
    l_0_dates = getattr(included_template, 'dates', missing)
    if l_0_dates is missing:
        l_0_dates = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'evaluators.html.j2') does not export the requested name 'dates'", name='dates')
    l_0_lines = getattr(included_template, 'lines', missing)
    if l_0_lines is missing:
        l_0_lines = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'evaluators.html.j2') does not export the requested name 'lines'", name='lines')
    context.vars.update({'cover': l_0_cover, 'dates': l_0_dates, 'lines': l_0_lines})
    context.exported_vars.difference_update(('cover', 'dates', 'lines'))
    l_0_marking = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification')
    context.vars['marking'] = l_0_marking
    context.exported_vars.add('marking')
    def macro():
        t_1 = []
        pass
        t_1.append(
            '<table class="fill evaluator">\n<tbody>\n<tr><th>Evaluator\'s name</th><td></td><th>Organisation</th><td></td></tr>\n<tr><th>E-mail</th><td></td><th>Telephone</th><td></td></tr>\n</tbody>\n</table>\n',
        )
        return concat(t_1)
    context.exported_vars.add('evaluator_lines')
    context.vars['evaluator_lines'] = l_0_evaluator_lines = Macro(environment, macro, 'evaluator_lines', (), False, False, False, context.eval_ctx.autoescape)
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
    yield 'Exercise Evaluation Guides: '
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
    l_0_rating_names = resolve('rating_names')
    try:
        t_2 = environment.filters['breakable']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'breakable' found.")
    try:
        t_3 = environment.filters['capitalize']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'capitalize' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield escape(context.call((undefined(name='cover') if l_0_cover is missing else l_0_cover), (undefined(name='doc') if l_0_doc is missing else l_0_doc), 'Exercise Evaluation Guides', 'For the evaluators. One guide per core capability: watch for each expected action, rate it, and write what you saw.', _block_vars=_block_vars))
    yield '\n\n<section id="using">\n<h2>Using the guides</h2>\n<p>Each guide lists, for every objective of a core capability, the actions the room is expected to take, inject by inject, in the order they are played. For each action, tick one rating and note what you observed: who did what, with what result, and why. Actions of a contingency inject are rated only if the inject is played.</p>\n<table class="ratings-key">\n<thead><tr><th>rating</th><th>meaning</th></tr></thead>\n<tbody>\n'
    for (l_1_key, l_1_meaning) in context.call(environment.getattr((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), 'items'), _block_vars=_block_vars):
        l_1_rating_notes = resolve('rating_notes')
        _loop_vars = {}
        pass
        yield '<tr><td class="rating">'
        yield escape(l_1_key)
        yield '</td><td>'
        yield escape(t_3(l_1_meaning))
        yield escape(environment.getitem((undefined(name='rating_notes') if l_1_rating_notes is missing else l_1_rating_notes), l_1_key))
        yield '</td></tr>\n'
    l_1_key = l_1_meaning = l_1_rating_notes = missing
    yield "</tbody>\n</table>\n<p>After the seminar, the ratings and observations are entered in the console against the inject and the action's key (<code>inject a1</code>, <code>inject a2</code>, ...), as printed beside each action; the after-action report shows them under the same objectives. Strengths and areas for improvement go to the hot wash.</p>\n</section>\n\n"
    l_1_loop = missing
    t_5 = 1
    for l_1_g, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'evaluation'), undefined):
        l_1_lines = resolve('lines')
        l_1_evaluator_lines = resolve('evaluator_lines')
        _loop_vars = {}
        pass
        yield '<section class="part eeg">\n<p class="kind">Exercise Evaluation Guide '
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield ' of '
        yield escape(t_4(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'evaluation')))
        yield '</p>\n<h2>'
        if environment.getattr(l_1_g, 'capability'):
            pass
            yield 'Core capability: '
            yield escape(environment.getattr(l_1_g, 'capability'))
        elif environment.getattr(environment.getitem(environment.getattr(l_1_g, 'objectives'), 0), 'id'):
            pass
            yield 'Objectives without a core capability'
        else:
            pass
            yield 'Other expected actions'
        yield '</h2>\n'
        for l_2_o in environment.getattr(l_1_g, 'objectives'):
            _loop_vars = {}
            pass
            yield '<div class="objective">\n'
            if environment.getattr(l_2_o, 'id'):
                pass
                yield '<h3>Objective: '
                yield escape(environment.getattr(l_2_o, 'text'))
                yield ' <code class="muted">'
                yield escape(environment.getattr(l_2_o, 'id'))
                yield '</code></h3>'
            else:
                pass
                yield '<h3>'
                yield escape(environment.getattr(l_2_o, 'text'))
                yield '</h3>'
            if environment.getattr(l_2_o, 'actions'):
                pass
                yield '<table class="eeg-actions">\n<thead><tr><th class="nowrap">inject and key</th><th>expected action</th><th class="nowrap">rating</th><th class="observed">observations</th></tr></thead>\n<tbody>\n'
                for l_3_a in environment.getattr(l_2_o, 'actions'):
                    _loop_vars = {}
                    pass
                    yield '<tr>\n<td class="small"><b>'
                    yield escape(environment.getattr(l_3_a, 'inject_title'))
                    yield '</b><br><span class="muted">'
                    yield escape((environment.getattr(l_3_a, 'time') or 'no scenario time'))
                    yield '</span>'
                    if environment.getattr(l_3_a, 'contingency'):
                        pass
                        yield ' <span class="tag contingency">if played</span>'
                    yield '<br><code>'
                    yield escape(t_2(environment.getattr(l_3_a, 'inject')))
                    yield ' '
                    yield escape(environment.getattr(l_3_a, 'key'))
                    yield '</code></td>\n<td>'
                    yield escape(environment.getattr(l_3_a, 'action'))
                    if environment.getattr(l_3_a, 'responsible'):
                        pass
                        yield '<br><span class="small muted">'
                        yield escape(environment.getattr(l_3_a, 'responsible'))
                        yield '</span>'
                    yield '</td>\n<td class="nowrap boxes"><span class="rate"><span class="box"></span>P</span><span class="rate"><span class="box"></span>S</span><br><span class="rate"><span class="box"></span>M</span><span class="rate"><span class="box"></span>U</span></td>\n<td class="observed"></td>\n</tr>\n'
                l_3_a = missing
                yield '</tbody>\n</table>\n'
            else:
                pass
                yield '<p class="muted small">No expected action of the scenario serves this objective: record what you observe below.</p>\n'
            yield '</div>\n'
        l_2_o = missing
        yield '<div class="eeg-end">\n<h4>Strengths observed</h4>\n'
        yield escape(context.call((undefined(name='lines') if l_1_lines is missing else l_1_lines), 3, _loop_vars=_loop_vars))
        yield '\n<h4>Areas for improvement</h4>\n'
        yield escape(context.call((undefined(name='lines') if l_1_lines is missing else l_1_lines), 3, _loop_vars=_loop_vars))
        yield '\n'
        yield escape(context.call((undefined(name='evaluator_lines') if l_1_evaluator_lines is missing else l_1_evaluator_lines), _loop_vars=_loop_vars))
        yield '\n</div>\n</section>\n'
        t_5 = 0
    l_1_loop = l_1_g = l_1_lines = l_1_evaluator_lines = missing
    if t_5:
        pass
        yield '<section class="part"><p class="muted">The scenario sets no objectives and no expected actions: there is nothing to evaluate against.</p></section>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=14&2=17&3=29&5=32&4=43&13=55&14=84&22=86&29=100&31=106&32=110&33=121&35=125&36=137&40=140&41=144&42=156&56=171&58=173&59=175'
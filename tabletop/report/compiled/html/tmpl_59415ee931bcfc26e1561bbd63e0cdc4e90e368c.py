from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_handbook.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_dates = l_0_lines = l_0_cover = l_0_agenda = l_0_numbered = l_0_questions_by_cell = l_0_objectives_table = l_0_cells_table = missing
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
        t_3 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_4 = environment.filters['long_date']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'long_date' found.")
    try:
        t_5 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_6 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    try:
        t_7 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    def macro(l_1_doc):
        t_8 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        pass
        if ((environment.getattr(l_1_doc, 'date') and environment.getattr(l_1_doc, 'end_date')) and (environment.getattr(l_1_doc, 'end_date') != environment.getattr(l_1_doc, 'date'))):
            pass
            t_8.extend((
                escape(t_4(environment.getattr(l_1_doc, 'date'))),
                ' to ',
                escape(t_4(environment.getattr(l_1_doc, 'end_date'))),
            ))
        elif environment.getattr(l_1_doc, 'date'):
            pass
            t_8.append(
                escape(t_4(environment.getattr(l_1_doc, 'date'))),
            )
        else:
            pass
            t_8.append(
                'to be announced',
            )
        return concat(t_8)
    context.exported_vars.add('dates')
    context.vars['dates'] = l_0_dates = Macro(environment, macro, 'dates', ('doc',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_count):
        t_9 = []
        l_1_range = resolve('range')
        if l_1_count is missing:
            l_1_count = undefined("parameter 'count' was not provided", name='count')
        pass
        t_9.append(
            '<div class="lines">',
        )
        for l_2_n in context.call((undefined(name='range') if l_1_range is missing else l_1_range), l_1_count):
            _loop_vars = {}
            pass
            t_9.append(
                '<span class="line"></span>',
            )
        l_2_n = missing
        t_9.append(
            '</div>',
        )
        return concat(t_9)
    context.exported_vars.add('lines')
    context.vars['lines'] = l_0_lines = Macro(environment, macro, 'lines', ('count',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc, l_1_kind, l_1_audience_note, l_1_caller):
        t_10 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        if l_1_kind is missing:
            l_1_kind = undefined("parameter 'kind' was not provided", name='kind')
        if l_1_audience_note is missing:
            l_1_audience_note = undefined("parameter 'audience_note' was not provided", name='audience_note')
        pass
        t_10.extend((
            '<section class="cover">\n<p class="kind">',
            escape(l_1_kind),
            '</p>\n<h1>',
            escape(environment.getattr(l_1_doc, 'title')),
            '</h1>\n<dl>\n<dt>Date</dt><dd>',
            escape(context.call((undefined(name='dates') if l_0_dates is missing else l_0_dates), l_1_doc)),
            '</dd>\n<dt>Location</dt><dd>',
            escape((environment.getattr(l_1_doc, 'location') or 'to be announced')),
            '</dd>\n',
        ))
        if environment.getattr(l_1_doc, 'sponsor'):
            pass
            t_10.extend((
                '<dt>Sponsor</dt><dd>',
                escape(environment.getattr(l_1_doc, 'sponsor')),
                '</dd>',
            ))
        t_10.extend((
            '<dt>Exercise</dt><dd>',
            escape((environment.getattr(l_1_doc, 'exercise_id') or 'not given')),
        ))
        if environment.getattr(l_1_doc, 'scenario_version'):
            pass
            t_10.extend((
                ', version ',
                escape(environment.getattr(l_1_doc, 'scenario_version')),
            ))
        t_10.extend((
            '</dd>\n</dl>\n<p class="note">',
            escape(l_1_audience_note),
            '</p>\n',
        ))
        if environment.getattr(l_1_doc, 'for_cell'):
            pass
            t_10.extend((
                '<p class="note"><b>This copy is the ',
                escape(environment.getattr(l_1_doc, 'for_cell')),
                "'s: it gives the questions put to it and to everyone.</b></p>",
            ))
        if t_7(l_1_caller):
            pass
            t_10.extend((
                '<h4>Contents</h4>\n<ol class="contents small">\n',
                escape(context.call(l_1_caller)),
                '\n</ol>\n',
            ))
        t_10.append(
            '</section>\n',
        )
        return concat(t_10)
    context.exported_vars.add('cover')
    context.vars['cover'] = l_0_cover = Macro(environment, macro, 'cover', ('doc', 'kind', 'audience_note'), False, False, True, context.eval_ctx.autoescape)
    def macro(l_1_doc):
        t_11 = []
        l_1_days = missing
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        pass
        l_1_days = t_3(context.eval_ctx, t_6(environment, t_5(context, environment.getattr(l_1_doc, 'agenda'), attribute='day')))
        t_11.append(
            '<table class="agenda">\n<thead><tr>',
        )
        if (t_2((undefined(name='days') if l_1_days is missing else l_1_days)) > 1):
            pass
            t_11.append(
                '<th class="nowrap">day</th>',
            )
        t_11.append(
            '<th class="nowrap">time</th><th>activity</th></tr></thead>\n<tbody>\n',
        )
        l_2_loop = missing
        for l_2_a, l_2_loop in LoopContext(environment.getattr(l_1_doc, 'agenda'), undefined):
            _loop_vars = {}
            pass
            t_11.append(
                '<tr>',
            )
            if (t_2((undefined(name='days') if l_1_days is missing else l_1_days)) > 1):
                pass
                t_11.append(
                    '<td class="nowrap">',
                )
                if (environment.getattr(l_2_loop, 'first') or (environment.getattr(l_2_a, 'day') != environment.getattr(environment.getattr(l_2_loop, 'previtem'), 'day'))):
                    pass
                    t_11.extend((
                        'Day ',
                        escape(environment.getattr(l_2_a, 'day')),
                    ))
                t_11.append(
                    '</td>',
                )
            t_11.extend((
                '<td class="nowrap">',
                escape((environment.getattr(l_2_a, 'time') or '–')),
                '</td><td>',
                escape(environment.getattr(l_2_a, 'activity')),
            ))
            if environment.getattr(l_2_a, 'module'):
                pass
                t_11.extend((
                    ': <em>',
                    escape(environment.getattr(l_2_a, 'module')),
                    '</em>',
                ))
            t_11.append(
                '</td></tr>\n',
            )
        l_2_loop = l_2_a = missing
        t_11.append(
            '</tbody>\n</table>\n',
        )
        if (not environment.getattr(l_1_doc, 'agenda_given')):
            pass
            t_11.append(
                '<p class="small muted">Times to be set by the exercise planners.</p>',
            )
        return concat(t_11)
    context.exported_vars.add('agenda')
    context.vars['agenda'] = l_0_agenda = Macro(environment, macro, 'agenda', ('doc',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_items):
        t_12 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        t_12.append(
            '<ol class="rules">\n',
        )
        for l_2_item in l_1_items:
            _loop_vars = {}
            pass
            t_12.extend((
                '<li>',
                escape(l_2_item),
                '</li>\n',
            ))
        l_2_item = missing
        t_12.append(
            '</ol>\n',
        )
        return concat(t_12)
    context.exported_vars.add('numbered')
    context.vars['numbered'] = l_0_numbered = Macro(environment, macro, 'numbered', ('items',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_i, l_1_heading):
        t_13 = []
        if l_1_i is missing:
            l_1_i = undefined("parameter 'i' was not provided", name='i')
        if l_1_heading is missing:
            l_1_heading = 'Discussion questions'
        pass
        if environment.getattr(l_1_i, 'question_groups'):
            pass
            t_13.extend((
                '<h4>',
                escape(l_1_heading),
                '</h4>\n',
            ))
            for l_2_g in environment.getattr(l_1_i, 'question_groups'):
                _loop_vars = {}
                pass
                t_13.extend((
                    '<p class="addressee">',
                    escape((environment.getattr(l_2_g, 'addressee') or 'Everyone')),
                    '</p>\n<ol class="questions">\n',
                ))
                for l_3_q in environment.getattr(l_2_g, 'questions'):
                    _loop_vars = {}
                    pass
                    t_13.extend((
                        '<li>',
                        escape(l_3_q),
                        '</li>\n',
                    ))
                l_3_q = missing
                t_13.append(
                    '</ol>\n',
                )
            l_2_g = missing
        return concat(t_13)
    context.exported_vars.add('questions_by_cell')
    context.vars['questions_by_cell'] = l_0_questions_by_cell = Macro(environment, macro, 'questions_by_cell', ('i', 'heading'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc, l_1_with_ids):
        t_14 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        if l_1_with_ids is missing:
            l_1_with_ids = False
        pass
        if environment.getattr(l_1_doc, 'objectives'):
            pass
            t_14.append(
                '<table>\n<thead><tr><th>objective</th><th>core capability</th></tr></thead>\n<tbody>\n',
            )
            for l_2_o in environment.getattr(l_1_doc, 'objectives'):
                _loop_vars = {}
                pass
                t_14.extend((
                    '<tr><td>',
                    escape(environment.getattr(l_2_o, 'text')),
                ))
                if l_1_with_ids:
                    pass
                    t_14.extend((
                        ' <code class="muted">',
                        escape(environment.getattr(l_2_o, 'id')),
                        '</code>',
                    ))
                t_14.extend((
                    '</td><td>',
                    escape((environment.getattr(l_2_o, 'capability') or '–')),
                    '</td></tr>\n',
                ))
            l_2_o = missing
            t_14.append(
                '</tbody>\n</table>\n',
            )
        else:
            pass
            t_14.append(
                '<p class="muted">The scenario sets no objectives.</p>',
            )
        return concat(t_14)
    context.exported_vars.add('objectives_table')
    context.vars['objectives_table'] = l_0_objectives_table = Macro(environment, macro, 'objectives_table', ('doc', 'with_ids'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc):
        t_15 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        pass
        if environment.getattr(l_1_doc, 'cells'):
            pass
            t_15.append(
                '<table>\n<thead><tr><th>cell</th><th>role</th><th>organisations</th></tr></thead>\n<tbody>\n',
            )
            for l_2_c in environment.getattr(l_1_doc, 'cells'):
                _loop_vars = {}
                pass
                t_15.extend((
                    '<tr><td>',
                    escape(environment.getattr(l_2_c, 'name')),
                    '</td><td>',
                    escape(environment.getattr(l_2_c, 'role')),
                    '</td><td>',
                    escape((t_1(context.eval_ctx, environment.getattr(l_2_c, 'organisations'), '; ') or '–')),
                    '</td></tr>\n',
                ))
            l_2_c = missing
            t_15.append(
                '</tbody>\n</table>\n',
            )
        else:
            pass
            t_15.append(
                '<p class="muted">The scenario names no cells: everyone plays together.</p>',
            )
        return concat(t_15)
    context.exported_vars.add('cells_table')
    context.vars['cells_table'] = l_0_cells_table = Macro(environment, macro, 'cells_table', ('doc',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=54&3=59&5=79&6=101&8=112&9=114&11=116&12=118&13=121&14=130&16=140&17=143&18=150&21=154&26=163&27=169&29=173&31=182&35=222&37=230&39=238&43=253&44=260&45=264&46=267&47=272&49=275&55=291&56=298&60=303&66=334&67=339&71=344'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_handbook.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_dates = l_0_cover = l_0_agenda = l_0_numbered = l_0_questions_by_cell = l_0_objectives_list = l_0_cells_list = l_0_marking_end = missing
    try:
        t_1 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_5 = environment.filters['long_date']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'long_date' found.")
    try:
        t_6 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_7 = environment.filters['trusted']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'trusted' found.")
    try:
        t_8 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    pass
    def macro(l_1_doc):
        t_9 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        pass
        if ((environment.getattr(l_1_doc, 'date') and environment.getattr(l_1_doc, 'end_date')) and (environment.getattr(l_1_doc, 'end_date') != environment.getattr(l_1_doc, 'date'))):
            pass
            t_9.extend((
                str(environment.finalize(t_5(environment.getattr(l_1_doc, 'date')))),
                ' to ',
                str(environment.finalize(t_5(environment.getattr(l_1_doc, 'end_date')))),
            ))
        elif environment.getattr(l_1_doc, 'date'):
            pass
            t_9.append(
                str(environment.finalize(t_5(environment.getattr(l_1_doc, 'date')))),
            )
        else:
            pass
            t_9.append(
                'to be announced',
            )
        return concat(t_9)
    context.exported_vars.add('dates')
    context.vars['dates'] = l_0_dates = Macro(environment, macro, 'dates', ('doc',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc, l_1_kind, l_1_audience_note):
        t_10 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        if l_1_kind is missing:
            l_1_kind = undefined("parameter 'kind' was not provided", name='kind')
        if l_1_audience_note is missing:
            l_1_audience_note = undefined("parameter 'audience_note' was not provided", name='audience_note')
        pass
        if environment.getattr(l_1_doc, 'classification'):
            pass
            t_10.extend((
                '**',
                str(environment.finalize(environment.getattr(l_1_doc, 'classification'))),
                '**\n\n',
            ))
        t_10.extend((
            '# ',
            str(environment.finalize(l_1_kind)),
            ': ',
            str(environment.finalize(environment.getattr(l_1_doc, 'title'))),
            '\n\n*',
            str(environment.finalize(l_1_audience_note)),
            '*',
        ))
        if environment.getattr(l_1_doc, 'for_cell'):
            pass
            t_10.extend((
                ' **This copy is the ',
                str(environment.finalize(environment.getattr(l_1_doc, 'for_cell'))),
                "'s: it gives the questions put to it and to everyone.**",
            ))
        t_10.extend((
            '\n| | |\n|---|---|\n| date | ',
            str(environment.finalize(t_7(context.call((undefined(name='dates') if l_0_dates is missing else l_0_dates), l_1_doc)))),
            ' |\n| location | ',
            str(environment.finalize((environment.getattr(l_1_doc, 'location') or 'to be announced'))),
            ' |\n',
        ))
        if environment.getattr(l_1_doc, 'sponsor'):
            pass
            t_10.extend((
                '| sponsor | ',
                str(environment.finalize(environment.getattr(l_1_doc, 'sponsor'))),
                ' |\n',
            ))
        t_10.extend((
            '| exercise | ',
            str(environment.finalize((environment.getattr(l_1_doc, 'exercise_id') or 'not given'))),
        ))
        if environment.getattr(l_1_doc, 'scenario_version'):
            pass
            t_10.extend((
                ', version ',
                str(environment.finalize(environment.getattr(l_1_doc, 'scenario_version'))),
            ))
        t_10.append(
            ' |\n\n',
        )
        return concat(t_10)
    context.exported_vars.add('cover')
    context.vars['cover'] = l_0_cover = Macro(environment, macro, 'cover', ('doc', 'kind', 'audience_note'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc):
        t_11 = []
        l_1_days = missing
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        pass
        l_1_days = t_4(context.eval_ctx, t_8(environment, t_6(context, environment.getattr(l_1_doc, 'agenda'), attribute='day')))
        if (t_3((undefined(name='days') if l_1_days is missing else l_1_days)) > 1):
            pass
            t_11.append(
                '| day | time | activity |\n|---|---|---|\n',
            )
            l_2_loop = missing
            for l_2_a, l_2_loop in LoopContext(environment.getattr(l_1_doc, 'agenda'), undefined):
                _loop_vars = {}
                pass
                t_11.append(
                    '| ',
                )
                if (environment.getattr(l_2_loop, 'first') or (environment.getattr(l_2_a, 'day') != environment.getattr(environment.getattr(l_2_loop, 'previtem'), 'day'))):
                    pass
                    t_11.extend((
                        'Day ',
                        str(environment.finalize(environment.getattr(l_2_a, 'day'))),
                    ))
                t_11.extend((
                    ' | ',
                    str(environment.finalize((environment.getattr(l_2_a, 'time') or '–'))),
                    ' | ',
                    str(environment.finalize(environment.getattr(l_2_a, 'activity'))),
                ))
                if environment.getattr(l_2_a, 'module'):
                    pass
                    t_11.extend((
                        ': *',
                        str(environment.finalize(environment.getattr(l_2_a, 'module'))),
                        '*',
                    ))
                t_11.append(
                    ' |\n',
                )
            l_2_loop = l_2_a = missing
        else:
            pass
            t_11.append(
                '| time | activity |\n|---|---|\n',
            )
            for l_2_a in environment.getattr(l_1_doc, 'agenda'):
                _loop_vars = {}
                pass
                t_11.extend((
                    '| ',
                    str(environment.finalize((environment.getattr(l_2_a, 'time') or '–'))),
                    ' | ',
                    str(environment.finalize(environment.getattr(l_2_a, 'activity'))),
                ))
                if environment.getattr(l_2_a, 'module'):
                    pass
                    t_11.extend((
                        ': *',
                        str(environment.finalize(environment.getattr(l_2_a, 'module'))),
                        '*',
                    ))
                t_11.append(
                    ' |\n',
                )
            l_2_a = missing
        if (not environment.getattr(l_1_doc, 'agenda_given')):
            pass
            t_11.append(
                '\nTimes to be set by the exercise planners.\n',
            )
        t_11.append(
            '\n',
        )
        return concat(t_11)
    context.exported_vars.add('agenda')
    context.vars['agenda'] = l_0_agenda = Macro(environment, macro, 'agenda', ('doc',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_items):
        t_12 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        l_2_loop = missing
        for l_2_item, l_2_loop in LoopContext(l_1_items, undefined):
            _loop_vars = {}
            pass
            t_12.extend((
                str(environment.finalize(environment.getattr(l_2_loop, 'index'))),
                '. ',
                str(environment.finalize(l_2_item)),
                '\n',
            ))
        l_2_loop = l_2_item = missing
        t_12.append(
            '\n',
        )
        return concat(t_12)
    context.exported_vars.add('numbered')
    context.vars['numbered'] = l_0_numbered = Macro(environment, macro, 'numbered', ('items',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_i):
        t_13 = []
        if l_1_i is missing:
            l_1_i = undefined("parameter 'i' was not provided", name='i')
        pass
        if environment.getattr(l_1_i, 'question_groups'):
            pass
            t_13.append(
                'Discussion questions:\n\n',
            )
            l_2_loop = missing
            for l_2_g, l_2_loop in LoopContext(environment.getattr(l_1_i, 'question_groups'), undefined):
                _loop_vars = {}
                pass
                t_13.extend((
                    '**',
                    str(environment.finalize((environment.getattr(l_2_g, 'addressee') or 'Everyone'))),
                    '**\n\n',
                ))
                l_3_loop = missing
                for l_3_q, l_3_loop in LoopContext(environment.getattr(l_2_g, 'questions'), undefined):
                    _loop_vars = {}
                    pass
                    t_13.extend((
                        str(environment.finalize(environment.getattr(l_3_loop, 'index'))),
                        '. ',
                        str(environment.finalize(l_3_q)),
                        '\n',
                    ))
                l_3_loop = l_3_q = missing
                t_13.append(
                    '\n',
                )
            l_2_loop = l_2_g = missing
        return concat(t_13)
    context.exported_vars.add('questions_by_cell')
    context.vars['questions_by_cell'] = l_0_questions_by_cell = Macro(environment, macro, 'questions_by_cell', ('i',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc, l_1_with_ids):
        t_14 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        if l_1_with_ids is missing:
            l_1_with_ids = False
        pass
        t_15 = 1
        for l_2_o in environment.getattr(l_1_doc, 'objectives'):
            _loop_vars = {}
            pass
            t_14.extend((
                '- ',
                str(environment.finalize(environment.getattr(l_2_o, 'text'))),
            ))
            if environment.getattr(l_2_o, 'capability'):
                pass
                t_14.extend((
                    ' (core capability: ',
                    str(environment.finalize(environment.getattr(l_2_o, 'capability'))),
                    ')',
                ))
            if l_1_with_ids:
                pass
                t_14.extend((
                    ' ',
                    str(environment.finalize(t_1(environment.getattr(l_2_o, 'id')))),
                ))
            t_14.append(
                '\n',
            )
            t_15 = 0
        l_2_o = missing
        if t_15:
            pass
            t_14.append(
                'The scenario sets no objectives.\n\n',
            )
        return concat(t_14)
    context.exported_vars.add('objectives_list')
    context.vars['objectives_list'] = l_0_objectives_list = Macro(environment, macro, 'objectives_list', ('doc', 'with_ids'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc):
        t_16 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        pass
        t_17 = 1
        for l_2_c in environment.getattr(l_1_doc, 'cells'):
            _loop_vars = {}
            pass
            t_16.extend((
                '- **',
                str(environment.finalize(environment.getattr(l_2_c, 'name'))),
                '** (',
                str(environment.finalize(environment.getattr(l_2_c, 'role'))),
                ')',
            ))
            if environment.getattr(l_2_c, 'organisations'):
                pass
                t_16.extend((
                    ': ',
                    str(environment.finalize(t_2(context.eval_ctx, environment.getattr(l_2_c, 'organisations'), '; '))),
                ))
            t_16.append(
                '\n',
            )
            t_17 = 0
        l_2_c = missing
        if t_17:
            pass
            t_16.append(
                'The scenario names no cells: everyone plays together.\n\n',
            )
        return concat(t_16)
    context.exported_vars.add('cells_list')
    context.vars['cells_list'] = l_0_cells_list = Macro(environment, macro, 'cells_list', ('doc',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_doc):
        t_18 = []
        if l_1_doc is missing:
            l_1_doc = undefined("parameter 'doc' was not provided", name='doc')
        pass
        if environment.getattr(l_1_doc, 'classification'):
            pass
            t_18.extend((
                '**',
                str(environment.finalize(environment.getattr(l_1_doc, 'classification'))),
                '**\n',
            ))
        return concat(t_18)
    context.exported_vars.add('marking_end')
    context.vars['marking_end'] = l_0_marking_end = Macro(environment, macro, 'marking_end', ('doc',), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=60&3=65&5=85&6=94&7=98&10=103&12=107&16=119&17=121&18=124&19=128&21=133&24=147&25=153&26=154&29=160&30=166&35=194&36=199&39=214&45=225&46=231&47=235&51=247&52=252&55=258&56=263&58=267&59=271&65=284&66=292&67=297&74=325&75=331&76=336&83=360&84=365&85=369'
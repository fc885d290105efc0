from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_doc = resolve('doc')
    l_0_rating_names = resolve('rating_names')
    l_0_c = l_0_many_seats = l_0_index_of = l_0_clock = l_0_x = l_0_finding = l_0_clause_list = l_0_action_row = l_0_n = l_0_titles = l_0_plan = l_0_drafts = l_0_unserved = l_0_general = l_0_mx = l_0_measure_words = missing
    try:
        t_1 = environment.filters['after']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'after' found.")
    try:
        t_2 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_3 = environment.filters['codes']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'codes' found.")
    try:
        t_4 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_5 = environment.filters['keyed']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'keyed' found.")
    try:
        t_6 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_7 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_8 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_9 = environment.filters['percent']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'percent' found.")
    try:
        t_10 = environment.filters['quote']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'quote' found.")
    try:
        t_11 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_12 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_13 = environment.filters['sum']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'sum' found.")
    try:
        t_14 = environment.filters['trusted']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'trusted' found.")
    try:
        t_15 = environment.filters['when']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'when' found.")
    try:
        t_16 = environment.filters['yesno']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No filter named 'yesno' found.")
    try:
        t_17 = environment.tests['naming_only']
    except KeyError:
        @internalcode
        def t_17(*unused):
            raise TemplateRuntimeError("No test named 'naming_only' found.")
    try:
        t_18 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_18(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_c = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'cover')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    l_0_many_seats = (t_6(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'seats')) > 1)
    context.vars['many_seats'] = l_0_many_seats
    context.exported_vars.add('many_seats')
    l_0_index_of = t_5(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'citation_index'), 'clause')
    context.vars['index_of'] = l_0_index_of
    context.exported_vars.add('index_of')
    def macro(l_1_d):
        t_19 = []
        if l_1_d is missing:
            l_1_d = undefined("parameter 'd' was not provided", name='d')
        pass
        if environment.getattr(l_1_d, 'scenario_lapse'):
            pass
            t_19.extend((
                '; ',
                str(environment.finalize(environment.getattr(l_1_d, 'scenario_lapse'))),
            ))
        if environment.getattr(l_1_d, 'meanwhile'):
            pass
            t_19.extend((
                '; meanwhile: ',
                str(environment.finalize(environment.getattr(environment.getattr(l_1_d, 'meanwhile'), 'summary'))),
            ))
        return concat(t_19)
    context.exported_vars.add('clock')
    context.vars['clock'] = l_0_clock = Macro(environment, macro, 'clock', ('d',), False, False, False, context.eval_ctx.autoescape)
    l_0_x = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'executive_summary')
    context.vars['x'] = l_0_x
    context.exported_vars.add('x')
    def macro(l_1_h):
        t_20 = []
        if l_1_h is missing:
            l_1_h = undefined("parameter 'h' was not provided", name='h')
        pass
        t_20.append(
            str(environment.finalize(environment.getattr(l_1_h, 'text'))),
        )
        if environment.getattr(l_1_h, 'objective'):
            pass
            t_20.extend((
                ' (objective ',
                str(environment.finalize(t_2(environment.getattr(l_1_h, 'objective')))),
                ')',
            ))
        if (environment.getattr(l_1_h, 'recorded_by') and (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats)):
            pass
            t_20.extend((
                ', recorded by ',
                str(environment.finalize(environment.getattr(l_1_h, 'recorded_by'))),
            ))
        return concat(t_20)
    context.exported_vars.add('finding')
    context.vars['finding'] = l_0_finding = Macro(environment, macro, 'finding', ('h',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_items):
        t_21 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        l_2_loop = missing
        for l_2_cl, l_2_loop in LoopContext(l_1_items, undefined):
            _loop_vars = {}
            pass
            t_21.extend((
                str(environment.finalize(t_2(environment.getattr(l_2_cl, 'clause')))),
                ' ',
                str(environment.finalize(environment.getattr(l_2_cl, 'title'))),
            ))
            if (environment.getattr(l_2_cl, 'applicability') == 'preparatory'):
                pass
                t_21.append(
                    ' (preparatory)',
                )
            if t_18(environment.getattr(l_2_cl, 'taken_up')):
                pass
                t_21.append(
                    ' (for ',
                )
                l_3_loop = missing
                for l_3_i, l_3_loop in LoopContext(environment.getattr(l_2_cl, 'out_of_phase'), undefined):
                    _loop_vars = {}
                    pass
                    t_21.append(
                        str(environment.finalize(t_2(l_3_i))),
                    )
                    if (not environment.getattr(l_3_loop, 'last')):
                        pass
                        t_21.append(
                            ', ',
                        )
                l_3_loop = l_3_i = missing
                t_21.append(
                    ')',
                )
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_21.append(
                    '; ',
                )
        l_2_loop = l_2_cl = missing
        return concat(t_21)
    context.exported_vars.add('clause_list')
    context.vars['clause_list'] = l_0_clause_list = Macro(environment, macro, 'clause_list', ('items',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_a):
        t_22 = []
        if l_1_a is missing:
            l_1_a = undefined("parameter 'a' was not provided", name='a')
        pass
        t_22.extend((
            '| ',
            str(environment.finalize(t_2(environment.getattr(l_1_a, 'inject')))),
            ' | ',
            str(environment.finalize(environment.getattr(l_1_a, 'key'))),
            ' | ',
            str(environment.finalize(environment.getattr(l_1_a, 'action'))),
        ))
        if environment.getattr(l_1_a, 'responsible'):
            pass
            t_22.extend((
                ' (',
                str(environment.finalize(environment.getattr(l_1_a, 'responsible'))),
                ')',
            ))
        t_22.extend((
            ' | ',
            str(environment.finalize((environment.getattr(l_1_a, 'rating') or '–'))),
            ' | ',
            str(environment.finalize((environment.getattr(l_1_a, 'observation') or '–'))),
        ))
        if (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats):
            pass
            t_22.extend((
                ' | ',
                str(environment.finalize((environment.getattr(l_1_a, 'rated_by') or '–'))),
            ))
        t_22.append(
            ' |',
        )
        return concat(t_22)
    context.exported_vars.add('action_row')
    context.vars['action_row'] = l_0_action_row = Macro(environment, macro, 'action_row', ('a',), False, False, False, context.eval_ctx.autoescape)
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'classification'):
        pass
        yield '**'
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'classification')))
        yield '**\n\n'
    yield '# After-Action Report / Improvement Plan: '
    yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'title')))
    yield '\n\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'dry_run'):
        pass
        yield "> **DRY-RUN**: played headlessly along the scenario's default path, not in a room. Every determination below was assumed, not made by the room.\n\n"
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged'):
        pass
        yield '> **SALVAGED**: '
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged')))
        yield '\n\n'
    yield '| | |\n|---|---|\n| exercise | '
    yield str(environment.finalize((environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'exercise_id') or 'not given')))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'scenario_version'):
        pass
        yield ', scenario version '
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'scenario_version')))
    yield ' |\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'sponsor'):
        pass
        yield '| sponsor | '
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'sponsor')))
        yield ' |\n'
    yield '| facilitator | '
    yield str(environment.finalize((environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'facilitator') or 'not recorded')))
    yield ' |\n| dates | '
    yield str(environment.finalize(t_15(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'started_at'))))
    yield ' to '
    yield str(environment.finalize((t_15(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'ended_at')) if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'ended_at') else 'not ended')))
    yield ' |\n| grounded in | '
    yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rules_title')))
    yield ' |\n\n## Executive summary\n\n'
    l_0_n = environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'counts')
    context.vars['n'] = l_0_n
    context.exported_vars.add('n')
    l_0_titles = {}
    context.vars['titles'] = l_0_titles
    context.exported_vars.add('titles')
    for l_1_p in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'periods'):
        l_1__ = missing
        _loop_vars = {}
        pass
        l_1__ = context.call(environment.getattr((undefined(name='titles') if l_0_titles is missing else l_0_titles), 'update'), {environment.getattr(l_1_p, 'phase'): environment.getattr(l_1_p, 'title')}, _loop_vars=_loop_vars)
        _loop_vars['_'] = l_1__
    l_1_p = l_1__ = missing
    yield str(environment.finalize(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'injects_delivered')))
    yield ' inject'
    yield str(environment.finalize(('s' if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'injects_delivered') != 1) else cond_expr_undefined("the inline if-expression on line 39 in 'report.md.j2' evaluated to false and no else section was defined."))))
    yield ' delivered'
    if environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'adhoc_injects'):
        pass
        yield ' ('
        yield str(environment.finalize(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'adhoc_injects')))
        yield ' ad-hoc)'
    yield ', through '
    l_1_loop = missing
    t_23 = 1
    for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'phases_entered'), undefined):
        _loop_vars = {}
        pass
        yield str(environment.finalize(context.call(environment.getattr((undefined(name='titles') if l_0_titles is missing else l_0_titles), 'get'), l_1_p, l_1_p, _loop_vars=_loop_vars)))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ' → '
        t_23 = 0
    l_1_loop = l_1_p = missing
    if t_23:
        pass
        yield 'no phase'
    yield '. '
    yield str(environment.finalize(t_6(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves'))))
    yield ' move'
    yield str(environment.finalize(('s' if (t_6(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves')) != 1) else cond_expr_undefined("the inline if-expression on line 39 in 'report.md.j2' evaluated to false and no else section was defined."))))
    yield ' put to the room, '
    yield str(environment.finalize(t_6(t_7(context.eval_ctx, t_11(context, environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves'), 'fired')))))
    yield ' declined; '
    yield str(environment.finalize(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'orders')))
    yield ' order'
    yield str(environment.finalize(('s' if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'orders') != 1) else cond_expr_undefined("the inline if-expression on line 39 in 'report.md.j2' evaluated to false and no else section was defined."))))
    yield ' recorded without a move. '
    yield str(environment.finalize(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_cited')))
    yield ' of '
    yield str(environment.finalize(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_applicable')))
    yield ' applicable clauses cited by the room ('
    yield str(environment.finalize(t_9(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_cited'), environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_applicable'))))
    yield ')'
    if environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_discussed'):
        pass
        yield ', '
        yield str(environment.finalize(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_discussed')))
        yield ' only discussed'
    if environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_presented'):
        pass
        yield ', '
        yield str(environment.finalize(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_presented')))
        yield ' only presented'
    yield '.\n\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'closing_summary'):
        pass
        yield '**Closing remark:** '
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'closing_summary')))
        yield '\n\n'
    yield '### Objectives and how each fared\n\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
        pass
        yield '| objective | capability | P | S | M | U | unrated | lowest |\n|---|---|---|---|---|---|---|---|\n'
        for l_1_o in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_o, 'text')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_o, 'capability') or '–')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'P')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'S')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'M')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'U')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'unrated')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_o, 'lowest_rating') or '–')))
            yield ' |\n'
        l_1_o = missing
    else:
        pass
        yield 'The scenario sets no objectives.\n'
    yield '\n### Key determinations\n\n'
    if environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves'):
        pass
        yield '| scenario time | move | who decides | outcome |\n|---|---|---|---|\n'
        for l_1_m in environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize((environment.getattr(l_1_m, 'scenario_time') or '–')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_m, 'move_title')))
            yield ' | '
            yield str(environment.finalize((t_4(context.eval_ctx, environment.getattr(l_1_m, 'deciders'), '; ') or '–')))
            yield ' | '
            if environment.getattr(l_1_m, 'fired'):
                pass
                yield 'made'
            else:
                pass
                yield '**move declined**'
                if environment.getattr(l_1_m, 'declined_by'):
                    pass
                    yield ' (no from '
                    yield str(environment.finalize(t_4(context.eval_ctx, environment.getattr(l_1_m, 'declined_by'), '; ')))
                    yield ')'
            if environment.getattr(l_1_m, 'assumed'):
                pass
                yield ', assumed'
            yield ' |\n'
        l_1_m = missing
    else:
        pass
        yield 'No move with a determination was put to the room.\n'
    yield '\n'
    for (l_1_kind, l_1_title, l_1_top) in (('strength', 'Strengths', environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'top_strengths')), ('improvement', 'Areas for improvement', environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'top_areas_for_improvement'))):
        l_1_all = missing
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.finalize(l_1_title))
        yield '\n\n'
        l_1_all = t_7(context.eval_ctx, t_12(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'hot_wash'), 'kind', 'equalto', l_1_kind))
        _loop_vars['all'] = l_1_all
        t_24 = 1
        for l_2_h in l_1_top:
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(t_14(context.call((undefined(name='finding') if l_0_finding is missing else l_0_finding), l_2_h, _loop_vars=_loop_vars))))
            yield '\n'
            t_24 = 0
        l_2_h = missing
        if t_24:
            pass
            yield 'None recorded at the hot wash.\n'
        if (t_6((undefined(name='all') if l_1_all is missing else l_1_all)) > t_6(l_1_top)):
            pass
            yield '\nAnd '
            yield str(environment.finalize((t_6((undefined(name='all') if l_1_all is missing else l_1_all)) - t_6(l_1_top))))
            yield ' more in section 1.\n'
        yield '\n'
    l_1_kind = l_1_title = l_1_top = l_1_all = missing
    l_0_plan = environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'improvement_plan')
    context.vars['plan'] = l_0_plan
    context.exported_vars.add('plan')
    l_0_drafts = t_7(context.eval_ctx, t_12(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'), 'status', 'equalto', 'draft'))
    context.vars['drafts'] = l_0_drafts
    context.exported_vars.add('drafts')
    yield '**Improvement plan:** '
    if environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'items'):
        pass
        yield str(environment.finalize(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'items')))
        yield ' item'
        yield str(environment.finalize(('s' if (environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'items') != 1) else cond_expr_undefined("the inline if-expression on line 86 in 'report.md.j2' evaluated to false and no else section was defined."))))
        yield ': '
        if environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'drafts'):
            pass
            yield str(environment.finalize(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'drafts')))
            yield ' still draft'
            if (undefined(name='drafts') if l_0_drafts is missing else l_0_drafts):
                pass
                yield ' ('
                l_1_loop = missing
                for l_1_p, l_1_loop in LoopContext((undefined(name='drafts') if l_0_drafts is missing else l_0_drafts), undefined):
                    _loop_vars = {}
                    pass
                    yield 'no. '
                    yield str(environment.finalize(environment.getattr(l_1_p, 'number')))
                    yield ', to settle: '
                    yield str(environment.finalize(t_4(context.eval_ctx, environment.getattr(l_1_p, 'missing'), ', ')))
                    if (not environment.getattr(l_1_loop, 'last')):
                        pass
                        yield '; '
                l_1_loop = l_1_p = missing
                yield ')'
            yield ', '
        yield str(environment.finalize(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'open')))
        yield ' open, '
        yield str(environment.finalize(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'closed')))
        yield ' closed; see Appendix A.'
    else:
        pass
        yield 'no item recorded yet.'
    yield '\n\n## 1. Analysis by objective\n\n'
    t_25 = 1
    for l_1_o in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
        l_1_room = l_1_talked = l_1_shown = l_1_outside = missing
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.finalize(environment.getattr(l_1_o, 'text')))
        yield '\n\n'
        yield str(environment.finalize(t_2(environment.getattr(l_1_o, 'id'))))
        if environment.getattr(l_1_o, 'capability'):
            pass
            yield ' · capability: '
            yield str(environment.finalize(environment.getattr(l_1_o, 'capability')))
        yield ' · P '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'P')))
        yield ', S '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'S')))
        yield ', M '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'M')))
        yield ', U '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'U')))
        yield ', unrated '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_o, 'ratings'), 'unrated')))
        if environment.getattr(l_1_o, 'lowest_rating'):
            pass
            yield ' · lowest: **'
            yield str(environment.finalize(environment.getattr(l_1_o, 'lowest_rating')))
            yield '**'
        yield '\n\n'
        if environment.getattr(l_1_o, 'actions'):
            pass
            yield '| inject | | expected action | rating | observation |'
            if (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats):
                pass
                yield ' rated by |'
            yield '\n|---|---|---|---|---|'
            if (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats):
                pass
                yield '---|'
            yield '\n'
            for l_2_a in environment.getattr(l_1_o, 'actions'):
                _loop_vars = {}
                pass
                yield str(environment.finalize(t_14(context.call((undefined(name='action_row') if l_0_action_row is missing else l_0_action_row), l_2_a, _loop_vars=_loop_vars))))
                yield '\n'
            l_2_a = missing
        else:
            pass
            yield 'No expected action of a delivered inject serves this objective.\n'
        yield '\n'
        for (l_2_kind, l_2_title) in (('strength', 'Strengths'), ('improvement', 'Areas for improvement')):
            l_2_items = missing
            _loop_vars = {}
            pass
            l_2_items = t_7(context.eval_ctx, t_12(context, environment.getattr(l_1_o, 'hot_wash'), 'kind', 'equalto', l_2_kind))
            _loop_vars['items'] = l_2_items
            if (undefined(name='items') if l_2_items is missing else l_2_items):
                pass
                yield str(environment.finalize(l_2_title))
                yield ':\n\n'
                for l_3_h in (undefined(name='items') if l_2_items is missing else l_2_items):
                    _loop_vars = {}
                    pass
                    yield '- '
                    yield str(environment.finalize(environment.getattr(l_3_h, 'text')))
                    if (environment.getattr(l_3_h, 'recorded_by') and (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats)):
                        pass
                        yield ' (recorded by '
                        yield str(environment.finalize(environment.getattr(l_3_h, 'recorded_by')))
                        yield ')'
                    yield '\n'
                l_3_h = missing
                yield '\n'
        l_2_kind = l_2_title = l_2_items = missing
        l_1_room = t_7(context.eval_ctx, t_12(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'equalto', 'cited'))
        _loop_vars['room'] = l_1_room
        l_1_talked = t_7(context.eval_ctx, t_12(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'equalto', 'discussed'))
        _loop_vars['talked'] = l_1_talked
        l_1_shown = t_7(context.eval_ctx, t_12(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'equalto', 'presented'))
        _loop_vars['shown'] = l_1_shown
        l_1_outside = t_7(context.eval_ctx, t_12(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'none'))
        _loop_vars['outside'] = l_1_outside
        yield 'Clauses cited by the room for it: '
        if (undefined(name='room') if l_1_room is missing else l_1_room):
            pass
            yield str(environment.finalize(t_14(context.call((undefined(name='clause_list') if l_0_clause_list is missing else l_0_clause_list), (undefined(name='room') if l_1_room is missing else l_1_room), _loop_vars=_loop_vars))))
        else:
            pass
            yield 'none'
        yield '.'
        if (undefined(name='talked') if l_1_talked is missing else l_1_talked):
            pass
            yield ' Only discussed by the room: '
            yield str(environment.finalize(t_14(context.call((undefined(name='clause_list') if l_0_clause_list is missing else l_0_clause_list), (undefined(name='talked') if l_1_talked is missing else l_1_talked), _loop_vars=_loop_vars))))
            yield '.'
        if (undefined(name='shown') if l_1_shown is missing else l_1_shown):
            pass
            yield ' Only presented with an inject, not taken up by the room: '
            yield str(environment.finalize(t_14(context.call((undefined(name='clause_list') if l_0_clause_list is missing else l_0_clause_list), (undefined(name='shown') if l_1_shown is missing else l_1_shown), _loop_vars=_loop_vars))))
            yield '.'
        if (undefined(name='outside') if l_1_outside is missing else l_1_outside):
            pass
            yield ' Cited out of phase, not counted: '
            yield str(environment.finalize(t_14(context.call((undefined(name='clause_list') if l_0_clause_list is missing else l_0_clause_list), (undefined(name='outside') if l_1_outside is missing else l_1_outside), _loop_vars=_loop_vars))))
            yield '.'
        yield '\n\n'
        t_25 = 0
    l_1_o = l_1_room = l_1_talked = l_1_shown = l_1_outside = missing
    if t_25:
        pass
        yield 'The scenario sets no objectives.\n\n'
    l_0_unserved = t_7(context.eval_ctx, t_11(context, t_13(environment, t_8(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'injects'), attribute='expected_actions'), start=()), 'objective', 'in', t_7(context.eval_ctx, t_8(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'), attribute='id'))))
    context.vars['unserved'] = l_0_unserved
    context.exported_vars.add('unserved')
    if (undefined(name='unserved') if l_0_unserved is missing else l_0_unserved):
        pass
        yield '### Expected actions that serve no objective\n\n| inject | | expected action | rating | observation |'
        if (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats):
            pass
            yield ' rated by |'
        yield '\n|---|---|---|---|---|'
        if (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats):
            pass
            yield '---|'
        yield '\n'
        for l_1_a in (undefined(name='unserved') if l_0_unserved is missing else l_0_unserved):
            _loop_vars = {}
            pass
            yield str(environment.finalize(t_14(context.call((undefined(name='action_row') if l_0_action_row is missing else l_0_action_row), l_1_a, _loop_vars=_loop_vars))))
            yield '\n'
        l_1_a = missing
        yield '\n'
    l_0_general = t_7(context.eval_ctx, t_11(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'hot_wash'), 'objective', 'in', t_7(context.eval_ctx, t_8(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'), attribute='id'))))
    context.vars['general'] = l_0_general
    context.exported_vars.add('general')
    if (undefined(name='general') if l_0_general is missing else l_0_general):
        pass
        yield '### Strengths and areas for improvement beyond the objectives\n\n'
        for l_1_h in (undefined(name='general') if l_0_general is missing else l_0_general):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(('Strength' if (environment.getattr(l_1_h, 'kind') == 'strength') else 'Area for improvement')))
            yield ': '
            yield str(environment.finalize(t_14(context.call((undefined(name='finding') if l_0_finding is missing else l_0_finding), l_1_h, _loop_vars=_loop_vars))))
            yield '\n'
        l_1_h = missing
        yield '\n'
    yield 'Ratings: '
    l_1_loop = missing
    for (l_1_k, l_1_v), l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), 'items')), undefined):
        _loop_vars = {}
        pass
        yield '**'
        yield str(environment.finalize(l_1_k))
        yield '** '
        yield str(environment.finalize(l_1_v))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield '; '
    l_1_loop = l_1_k = l_1_v = missing
    yield '.\n\n## 2. Determinations\n\n'
    if environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'):
        pass
        yield '| move | determination | who decides | basis | answer | remark |\n|---|---|---|---|---|---|\n'
        l_1_loop = missing
        for l_1_d, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'), undefined):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_d, 'move_title')))
            yield ' ('
            yield str(environment.finalize(t_2(environment.getattr(l_1_d, 'trigger'))))
            yield ')'
            if environment.getattr(l_1_d, 'inject'):
                pass
                yield ' at '
                yield str(environment.finalize(t_2(environment.getattr(l_1_d, 'inject'))))
            if (not environment.getattr(l_1_d, 'fired')):
                pass
                yield ', **move declined**'
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_d, 'question')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_d, 'authority')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_d, 'strength') or '–')))
            yield ' | **'
            yield str(environment.finalize(t_16(environment.getattr(l_1_d, 'answer'))))
            yield '**'
            if environment.getattr(l_1_d, 'assumed'):
                pass
                yield ', assumed ('
                yield str(environment.finalize(environment.getattr(l_1_d, 'source')))
                yield ')'
            if t_1(environment.getattr(l_1_d, 'at'), environment.getattr(l_1_d, 'delivered_at')):
                pass
                yield ', '
                yield str(environment.finalize(t_1(environment.getattr(l_1_d, 'at'), environment.getattr(l_1_d, 'delivered_at'))))
                yield ' after the inject'
            if environment.getattr(l_1_d, 'not_put'):
                pass
                yield '; never put: '
                l_2_loop = missing
                for l_2_g, l_2_loop in LoopContext(environment.getattr(l_1_d, 'not_put'), undefined):
                    _loop_vars = {}
                    pass
                    yield str(environment.finalize(t_2(l_2_g)))
                    if (not environment.getattr(l_2_loop, 'last')):
                        pass
                        yield ', '
                l_2_loop = l_2_g = missing
            if context.call(environment.getattr(l_1_loop, 'changed'), environment.getattr(l_1_d, 'trigger'), environment.getattr(l_1_d, 'inject'), environment.getattr(l_1_d, 'at'), _loop_vars=_loop_vars):
                pass
                yield str(environment.finalize(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), l_1_d, _loop_vars=_loop_vars)))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_d, 'remark') or '–')))
            yield ' |\n'
        l_1_loop = l_1_d = missing
        yield '\n'
        if t_7(context.eval_ctx, t_12(context, environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'), 'assumed')):
            pass
            yield 'Answers marked *assumed* were stated by the scenario or confirmed by a dry-run, not determined by a room. '
        yield '*Policy*: required by the Guidelines; *statutory*: by Japanese law.'
        if t_7(context.eval_ctx, t_12(context, environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'), 'not_put')):
            pass
            yield ' *Never put*: gates left unasked because a "no" had settled the move.'
        yield '\n'
    else:
        pass
        yield 'No move with a determination was made or asked for.\n'
    yield '\n### Orders and determinations without a move\n\n'
    if environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'orders'):
        pass
        yield "Recorded while the phases stayed as they were: the grey zone's orders and situations found before a move.\n\n| determination | who decides | Diet | answer | remark |\n|---|---|---|---|---|\n"
        l_1_loop = missing
        for l_1_o, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'orders'), undefined):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_o, 'title')))
            yield ' ('
            yield str(environment.finalize(t_2(environment.getattr(l_1_o, 'determination'))))
            yield ')'
            if environment.getattr(l_1_o, 'inject'):
                pass
                yield ' at '
                yield str(environment.finalize(t_2(environment.getattr(l_1_o, 'inject'))))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_o, 'authority')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_o, 'diet')))
            yield ' | **'
            yield str(environment.finalize(t_16(environment.getattr(l_1_o, 'answer'))))
            yield '**'
            if environment.getattr(l_1_o, 'assumed'):
                pass
                yield ', assumed ('
                yield str(environment.finalize(environment.getattr(l_1_o, 'source')))
                yield ')'
            if t_1(environment.getattr(l_1_o, 'at'), environment.getattr(l_1_o, 'delivered_at')):
                pass
                yield ', '
                yield str(environment.finalize(t_1(environment.getattr(l_1_o, 'at'), environment.getattr(l_1_o, 'delivered_at'))))
                yield ' after the inject'
            if environment.getattr(l_1_o, 'ahead_of'):
                pass
                yield '; determined ahead of '
                l_2_loop = missing
                for l_2_d, l_2_loop in LoopContext(environment.getattr(l_1_o, 'ahead_of'), undefined):
                    _loop_vars = {}
                    pass
                    yield str(environment.finalize(t_2(l_2_d)))
                    if (not environment.getattr(l_2_loop, 'last')):
                        pass
                        yield ', '
                l_2_loop = l_2_d = missing
            yield str(environment.finalize(context.call((undefined(name='clock') if l_0_clock is missing else l_0_clock), l_1_o, _loop_vars=_loop_vars)))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_o, 'remark') or '–')))
            yield ' |\n'
        l_1_loop = l_1_o = missing
    else:
        pass
        yield 'No order or determination was recorded without a move.\n'
    yield '\n## 3. Phase timeline\n\n### Phases entered and left\n\n| phase | entered (scenario / wall) | left (scenario / wall) |\n|---|---|---|\n'
    for l_1_p in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'periods'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_p, 'title')))
        yield ' ('
        yield str(environment.finalize(t_2(environment.getattr(l_1_p, 'phase'))))
        yield ') | '
        yield str(environment.finalize((environment.getattr(l_1_p, 'entered_scenario_time') or '–')))
        yield ' / '
        yield str(environment.finalize(t_15(environment.getattr(l_1_p, 'entered_at'))))
        yield ' | '
        if environment.getattr(l_1_p, 'left_at'):
            pass
            yield str(environment.finalize((environment.getattr(l_1_p, 'left_scenario_time') or '–')))
            yield ' / '
            yield str(environment.finalize(t_15(environment.getattr(l_1_p, 'left_at'))))
        else:
            pass
            yield 'in force at the end'
        yield ' |\n'
    l_1_p = missing
    yield '\n### Moves between phases\n\n| move | entered | left | inject | scenario time | wall time |\n|---|---|---|---|---|---|\n'
    for l_1_m in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'phase_changes'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_m, 'title')))
        if environment.getattr(l_1_m, 'trigger'):
            pass
            yield ' ('
            yield str(environment.finalize(t_2(environment.getattr(l_1_m, 'trigger'))))
            yield ')'
        yield ' | '
        yield str(environment.finalize(t_3(environment.getattr(l_1_m, 'entered'))))
        yield ' | '
        yield str(environment.finalize(t_3(environment.getattr(l_1_m, 'left'))))
        yield ' | '
        if environment.getattr(l_1_m, 'inject'):
            pass
            yield str(environment.finalize(t_2(environment.getattr(l_1_m, 'inject'))))
        else:
            pass
            yield '–'
        yield ' | '
        yield str(environment.finalize((environment.getattr(l_1_m, 'scenario_time') or '–')))
        yield ' | '
        yield str(environment.finalize(t_15(environment.getattr(l_1_m, 'at'))))
        yield ' |\n'
    l_1_m = missing
    yield '\n### Step by step\n\n| step | inject | scenario time | wall time |'
    for l_1_lane in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'timeline'), 'lanes'):
        _loop_vars = {}
        pass
        yield ' '
        yield str(environment.finalize(environment.getattr(l_1_lane, 'title')))
        yield ' |'
    l_1_lane = missing
    yield '\n|---|---|---|---|'
    for l_1_lane in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'timeline'), 'lanes'):
        _loop_vars = {}
        pass
        yield '---|'
    l_1_lane = missing
    yield '\n| start | – | – | '
    yield str(environment.finalize(t_15(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'started_at'))))
    yield ' |'
    l_1_loop = missing
    for l_1_p, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'timeline'), 'start'), undefined):
        _loop_vars = {}
        pass
        yield ' '
        if l_1_p:
            pass
            yield str(environment.finalize(t_2(l_1_p)))
        else:
            pass
            yield str(environment.finalize((environment.getattr(environment.getitem(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'timeline'), 'lanes'), environment.getattr(l_1_loop, 'index0')), 'empty_title') or '–')))
        yield ' |'
    l_1_loop = l_1_p = missing
    yield '\n'
    l_1_loop = missing
    for l_1_s, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'timeline'), 'steps'), undefined):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_s, 'step')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_s, 'title')))
        if environment.getattr(l_1_s, 'returned'):
            pass
            yield ' (returned)'
        yield ' | '
        yield str(environment.finalize((environment.getattr(l_1_s, 'scenario_time') or '–')))
        yield ' | '
        yield str(environment.finalize(t_15(environment.getattr(l_1_s, 'at'))))
        yield ' |'
        l_2_loop = missing
        for l_2_p, l_2_loop in LoopContext(environment.getattr(l_1_s, 'phases'), undefined):
            _loop_vars = {}
            pass
            yield ' '
            if l_2_p:
                pass
                yield str(environment.finalize(t_2(l_2_p)))
            else:
                pass
                yield str(environment.finalize((environment.getattr(environment.getitem(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'timeline'), 'lanes'), environment.getattr(l_2_loop, 'index0')), 'empty_title') or '–')))
            yield ' |'
        l_2_loop = l_2_p = missing
        yield '\n'
    l_1_loop = l_1_s = missing
    yield '\n## 4. Clause coverage\n\n'
    l_0_mx = environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'coverage'), 'matrix')
    context.vars['mx'] = l_0_mx
    context.exported_vars.add('mx')
    l_0_measure_words = {'presented': 'presented (cited by the scenario for an inject delivered)', 'discussed': 'discussed by the room', 'cited': 'cited by the room'}
    context.vars['measure_words'] = l_0_measure_words
    context.exported_vars.add('measure_words')
    yield "Each cell: of the chapter's clauses that apply in the phase, how many were "
    l_1_loop = missing
    for l_1_m, l_1_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'), undefined):
        _loop_vars = {}
        pass
        yield str(environment.finalize(context.call(environment.getattr((undefined(name='measure_words') if l_0_measure_words is missing else l_0_measure_words), 'get'), l_1_m, l_1_m, _loop_vars=_loop_vars)))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ' / '
    l_1_loop = l_1_m = missing
    yield ' while it held, each clause counted once, at the furthest the room took it (withdrawn and out-of-phase citations do not count); "+N prep.": besides, N of the chapter\'s clauses only preparatory in the phase (their measures may be taken before the situation is determined) went as far as the column counts while it held, apart from the share; uncited, they are no gap. A dash: nothing of the chapter applies there.\n\n'
    if environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'rows'):
        pass
        yield '| chapter |'
        for l_1_p in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'phases'):
            _loop_vars = {}
            pass
            for l_2_m in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'):
                _loop_vars = {}
                pass
                yield ' '
                yield str(environment.finalize(environment.getattr(l_1_p, 'title')))
                if (t_6(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures')) > 1):
                    pass
                    yield ': '
                    yield str(environment.finalize(l_2_m))
                yield ' |'
            l_2_m = missing
        l_1_p = missing
        yield '\n|---|'
        for l_1_p in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'phases'):
            _loop_vars = {}
            pass
            for l_2_m in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'):
                _loop_vars = {}
                pass
                yield '---|'
            l_2_m = missing
        l_1_p = missing
        yield '\n'
        for l_1_r in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'rows'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(t_2(environment.getattr(l_1_r, 'chapter'))))
            yield ' '
            yield str(environment.finalize(environment.getattr(l_1_r, 'title')))
            yield ' |'
            for l_2_cell in environment.getattr(l_1_r, 'cells'):
                _loop_vars = {}
                pass
                for l_3_m in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'):
                    _loop_vars = {}
                    pass
                    yield ' '
                    if environment.getattr(l_2_cell, 'applicable'):
                        pass
                        yield str(environment.finalize(environment.getitem(environment.getattr(l_2_cell, 'counts'), l_3_m)))
                        yield '/'
                        yield str(environment.finalize(environment.getattr(l_2_cell, 'applicable')))
                    else:
                        pass
                        yield '–'
                    if context.call(environment.getattr(environment.getattr(l_2_cell, 'preparatory_counts'), 'get'), l_3_m, _loop_vars=_loop_vars):
                        pass
                        yield ' +'
                        yield str(environment.finalize(environment.getitem(environment.getattr(l_2_cell, 'preparatory_counts'), l_3_m)))
                        yield ' prep.'
                    yield ' |'
                l_3_m = missing
            l_2_cell = missing
            yield '\n'
        l_1_r = missing
        yield '| all chapters |'
        for l_1_cell in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'totals'):
            _loop_vars = {}
            pass
            for l_2_m in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'):
                _loop_vars = {}
                pass
                yield ' '
                yield str(environment.finalize(environment.getitem(environment.getattr(l_1_cell, 'counts'), l_2_m)))
                yield '/'
                yield str(environment.finalize(environment.getattr(l_1_cell, 'applicable')))
                if context.call(environment.getattr(environment.getattr(l_1_cell, 'preparatory_counts'), 'get'), l_2_m, _loop_vars=_loop_vars):
                    pass
                    yield ' +'
                    yield str(environment.finalize(environment.getitem(environment.getattr(l_1_cell, 'preparatory_counts'), l_2_m)))
                    yield ' prep.'
                yield ' |'
            l_2_m = missing
        l_1_cell = missing
        yield '\n\n'
    for l_1_pc in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'coverage'), 'phases'):
        l_1_done = missing
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.finalize(environment.getattr(l_1_pc, 'title')))
        yield ' ('
        yield str(environment.finalize(t_2(environment.getattr(l_1_pc, 'phase'))))
        yield '): '
        yield str(environment.finalize(environment.getattr(l_1_pc, 'exercised')))
        yield ' of '
        yield str(environment.finalize(environment.getattr(l_1_pc, 'applicable')))
        yield ' exercised'
        if environment.getattr(l_1_pc, 'exercised_preparatory'):
            pass
            yield ', '
            yield str(environment.finalize(environment.getattr(l_1_pc, 'exercised_preparatory')))
            yield ' preparatory'
        yield '\n\n'
        l_1_done = t_7(context.eval_ctx, t_12(context, environment.getattr(l_1_pc, 'clauses'), 'exercised'))
        _loop_vars['done'] = l_1_done
        if (undefined(name='done') if l_1_done is missing else l_1_done):
            pass
            yield '| clause | title | exercised |\n|---|---|---|\n'
            for l_2_t in (undefined(name='done') if l_1_done is missing else l_1_done):
                _loop_vars = {}
                pass
                yield '| '
                yield str(environment.finalize(t_2(environment.getattr(l_2_t, 'clause'))))
                yield ' | '
                yield str(environment.finalize(environment.getattr(l_2_t, 'title')))
                yield ' | '
                if (environment.getattr(l_2_t, 'applicability') == 'preparatory'):
                    pass
                    yield 'yes, preparatory ('
                    yield str(environment.finalize(environment.getattr(l_2_t, 'citations')))
                    if (environment.getattr(l_2_t, 'taken_up') and (environment.getattr(l_2_t, 'taken_up') != 'cited')):
                        pass
                        yield ', '
                        yield str(environment.finalize(environment.getattr(l_2_t, 'taken_up')))
                    yield ')'
                else:
                    pass
                    yield 'yes ('
                    yield str(environment.finalize(environment.getattr(l_2_t, 'citations')))
                    if (environment.getattr(l_2_t, 'taken_up') and (environment.getattr(l_2_t, 'taken_up') != 'cited')):
                        pass
                        yield ', '
                        yield str(environment.finalize(environment.getattr(l_2_t, 'taken_up')))
                    yield ')'
                yield ' |\n'
            l_2_t = missing
        else:
            pass
            yield 'None of its clauses was cited while it held.\n'
        yield '\n'
    l_1_pc = l_1_done = missing
    yield '## 5. Record of play\n\nEach inject as first delivered, with the clauses cited for it (`scenario`: presented with it; `suggestion`, `facilitator`: cited by the room; `discussed`: discussed by it), the notes and the decisions; its determinations are in section 2, its expected actions in section 1.\n\n'
    t_26 = 1
    for l_1_i in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'injects'):
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.finalize(environment.getattr(l_1_i, 'step')))
        yield '. '
        yield str(environment.finalize(environment.getattr(l_1_i, 'title')))
        yield ' ('
        yield str(environment.finalize(t_2(environment.getattr(l_1_i, 'id'))))
        yield ')\n\n'
        yield str(environment.finalize((environment.getattr(l_1_i, 'scenario_time') or 'no scenario time')))
        yield ' · '
        yield str(environment.finalize(t_3(environment.getattr(l_1_i, 'phases'))))
        yield ' · delivered '
        yield str(environment.finalize(t_15(environment.getattr(l_1_i, 'at'))))
        if environment.getattr(l_1_i, 'module'):
            pass
            yield ' · '
            yield str(environment.finalize(environment.getattr(l_1_i, 'module')))
        if environment.getattr(l_1_i, 'addressees'):
            pass
            yield ' · to '
            yield str(environment.finalize(t_4(context.eval_ctx, environment.getattr(l_1_i, 'addressees'), ', ')))
        if environment.getattr(l_1_i, 'adhoc'):
            pass
            yield ' · **ad-hoc**'
        if environment.getattr(l_1_i, 'contingency'):
            pass
            yield ' · **contingency**'
        if environment.getattr(l_1_i, 'without_move'):
            pass
            yield ' · **delivered without its move**'
        yield '\n\n'
        yield str(environment.finalize(t_10(environment.getattr(l_1_i, 'narrative'))))
        yield '\n\n'
        if environment.getattr(l_1_i, 'citations'):
            pass
            yield '**Clauses cited**\n\n'
            for l_2_ci in environment.getattr(l_1_i, 'citations'):
                _loop_vars = {}
                pass
                yield '- '
                if environment.getattr(l_2_ci, 'withdrawn'):
                    pass
                    yield '~~'
                yield str(environment.finalize(t_2(environment.getattr(l_2_ci, 'clause'))))
                yield ' '
                yield str(environment.finalize(environment.getattr(l_2_ci, 'title')))
                if environment.getattr(l_2_ci, 'withdrawn'):
                    pass
                    yield '~~ (withdrawn'
                    if environment.getattr(l_2_ci, 'withdrawal_reason'):
                        pass
                        yield ': '
                        yield str(environment.finalize(environment.getattr(l_2_ci, 'withdrawal_reason')))
                    yield ')'
                yield ', '
                yield str(environment.finalize(environment.getattr(l_2_ci, 'source')))
                if environment.getattr(l_2_ci, 'out_of_phase'):
                    pass
                    yield ', **out of phase**'
                if (environment.getattr(l_2_ci, 'reason') and (not t_17(environment.getattr(l_2_ci, 'reason'), environment.getattr(l_2_ci, 'source')))):
                    pass
                    yield '. Reason: '
                    yield str(environment.finalize(environment.getattr(l_2_ci, 'reason')))
                yield '\n'
            l_2_ci = missing
            yield '\n'
        if environment.getattr(l_1_i, 'notes'):
            pass
            yield '**Notes**\n\n'
            for l_2_note in environment.getattr(l_1_i, 'notes'):
                _loop_vars = {}
                pass
                yield '- '
                yield str(environment.finalize(environment.getattr(l_2_note, 'text')))
                yield ' ('
                yield str(environment.finalize(t_15(environment.getattr(l_2_note, 'at'))))
                if (environment.getattr(l_2_note, 'recorded_by') and (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats)):
                    pass
                    yield ', '
                    yield str(environment.finalize(environment.getattr(l_2_note, 'recorded_by')))
                yield ')\n'
            l_2_note = missing
            yield '\n'
        if environment.getattr(l_1_i, 'decisions'):
            pass
            yield '**Decisions**\n\n'
            for l_2_d in environment.getattr(l_1_i, 'decisions'):
                _loop_vars = {}
                pass
                yield '- **'
                yield str(environment.finalize(environment.getattr(l_2_d, 'decided_by')))
                yield '**: '
                yield str(environment.finalize(environment.getattr(l_2_d, 'decision')))
                if (environment.getattr(l_2_d, 'recorded_by') and (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats)):
                    pass
                    yield ' (recorded by '
                    yield str(environment.finalize(environment.getattr(l_2_d, 'recorded_by')))
                    yield ')'
                yield '\n'
            l_2_d = missing
            yield '\n'
        t_26 = 0
    l_1_i = missing
    if t_26:
        pass
        yield 'No inject was delivered.\n\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'prompts'):
        pass
        yield '## 6. What the cells answered\n\n'
        for l_1_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'prompts'):
            _loop_vars = {}
            pass
            yield '### '
            yield str(environment.finalize(t_2(environment.getattr(l_1_p, 'prompt'))))
            yield ' '
            yield str(environment.finalize(environment.getitem({'question': 'Question', 'poll': 'Poll', 'self_rating': 'Self-rating', 'proposal': 'Proposed action'}, environment.getattr(l_1_p, 'kind'))))
            yield ': '
            yield str(environment.finalize(environment.getattr(l_1_p, 'text')))
            yield '\n\n'
            if environment.getattr(l_1_p, 'inject_title'):
                pass
                yield 'At '
                yield str(environment.finalize(environment.getattr(l_1_p, 'inject_title')))
                yield '; '
            yield 'asked of '
            if environment.getattr(l_1_p, 'cells'):
                pass
                yield str(environment.finalize(t_4(context.eval_ctx, environment.getattr(l_1_p, 'cells'), ', ')))
            else:
                pass
                yield 'every cell'
            yield '; opened '
            yield str(environment.finalize(t_15(environment.getattr(l_1_p, 'opened_at'))))
            yield ', '
            if environment.getattr(l_1_p, 'closed_at'):
                pass
                yield 'closed '
                yield str(environment.finalize(t_15(environment.getattr(l_1_p, 'closed_at'))))
            else:
                pass
                yield 'never closed'
            yield '; '
            yield str(environment.finalize(('revealed to the room' if environment.getattr(l_1_p, 'revealed') else 'not revealed')))
            yield '.\n\n'
            if environment.getattr(l_1_p, 'poll'):
                pass
                yield '| option | votes |\n|---|---|\n'
                for l_2_r in environment.getattr(l_1_p, 'poll'):
                    _loop_vars = {}
                    pass
                    yield '| '
                    yield str(environment.finalize(environment.getattr(l_2_r, 'option')))
                    yield ' | '
                    yield str(environment.finalize(environment.getattr(l_2_r, 'votes')))
                    yield ' |\n'
                l_2_r = missing
                yield '\n'
            if (environment.getattr(l_1_p, 'kind') == 'self_rating'):
                pass
                yield "Evaluator's rating: "
                if environment.getattr(l_1_p, 'evaluator_rating'):
                    pass
                    yield '**'
                    yield str(environment.finalize(environment.getattr(l_1_p, 'evaluator_rating')))
                    yield '** ('
                    yield str(environment.finalize(environment.getitem((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), environment.getattr(l_1_p, 'evaluator_rating'))))
                    yield ')'
                    if environment.getattr(l_1_p, 'evaluator_observation'):
                        pass
                        yield ': '
                        yield str(environment.finalize(environment.getattr(l_1_p, 'evaluator_observation')))
                else:
                    pass
                    yield 'not rated'
                yield '.\n\n'
            t_27 = 1
            for l_2_c in environment.getattr(l_1_p, 'by_cell'):
                _loop_vars = {}
                pass
                yield '- **'
                yield str(environment.finalize(environment.getattr(l_2_c, 'cell_name')))
                yield '**:\n'
                for l_3_a in environment.getattr(l_2_c, 'answers'):
                    _loop_vars = {}
                    pass
                    yield '  - '
                    if environment.getattr(l_3_a, 'choice'):
                        pass
                        yield str(environment.finalize(environment.getattr(l_3_a, 'choice')))
                    if environment.getattr(l_3_a, 'rating'):
                        pass
                        yield '**'
                        yield str(environment.finalize(environment.getattr(l_3_a, 'rating')))
                        yield '** ('
                        yield str(environment.finalize(environment.getitem((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), environment.getattr(l_3_a, 'rating'))))
                        yield ')'
                    if environment.getattr(l_3_a, 'clause'):
                        pass
                        yield ' '
                        yield str(environment.finalize(t_2(environment.getattr(l_3_a, 'clause'))))
                    if environment.getattr(l_3_a, 'text'):
                        pass
                        if ((environment.getattr(l_3_a, 'choice') or environment.getattr(l_3_a, 'rating')) or environment.getattr(l_3_a, 'clause')):
                            pass
                            yield ': '
                        yield str(environment.finalize(environment.getattr(l_3_a, 'text')))
                    yield ' ('
                    if environment.getattr(l_3_a, 'seat'):
                        pass
                        yield 'seat '
                        yield str(environment.finalize(environment.getattr(l_3_a, 'seat')))
                    else:
                        pass
                        yield 'on paper'
                    yield ', '
                    yield str(environment.finalize(t_15(environment.getattr(l_3_a, 'at'))))
                    if environment.getattr(l_3_a, 'seat_revoked_at'):
                        pass
                        yield '; **seat revoked afterwards**, '
                        yield str(environment.finalize(t_15(environment.getattr(l_3_a, 'seat_revoked_at'))))
                    yield ')\n'
                l_3_a = missing
                t_27 = 0
            l_2_c = missing
            if t_27:
                pass
                yield 'No cell answered.\n'
            yield '\n'
        l_1_p = missing
    yield '## Appendix A. Improvement plan\n\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'):
        pass
        yield '| # | issue | corrective action | capability element | responsible organisation | point of contact | start | completion | status |\n|---|---|---|---|---|---|---|---|---|\n'
        for l_1_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_p, 'number')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_p, 'issue')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_p, 'corrective_action')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_p, 'capability_element')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_p, 'responsible_organisation') or '–')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_p, 'point_of_contact') or '–')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_p, 'start_date') or '–')))
            yield ' | '
            yield str(environment.finalize((environment.getattr(l_1_p, 'completion_date') or '–')))
            yield ' | '
            if (environment.getattr(l_1_p, 'status') == 'draft'):
                pass
                yield '**draft**, open (to settle: '
                yield str(environment.finalize(t_4(context.eval_ctx, environment.getattr(l_1_p, 'missing'), ', ')))
                yield ')'
            else:
                pass
                yield str(environment.finalize(environment.getattr(l_1_p, 'status')))
                if environment.getattr(l_1_p, 'closed_at'):
                    pass
                    yield ' on '
                    yield str(environment.finalize(t_15(environment.getattr(l_1_p, 'closed_at'))))
                if environment.getattr(l_1_p, 'closing_remark'):
                    pass
                    yield ' ('
                    yield str(environment.finalize(environment.getattr(l_1_p, 'closing_remark')))
                    yield ')'
            yield ' |\n'
        l_1_p = missing
        if t_7(context.eval_ctx, t_12(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'), 'status', 'equalto', 'draft')):
            pass
            yield '\nA *draft* is open with the fields its status lists still to settle; the After-Action Meeting completes it (`tabletop ip complete`, by its number).\n'
    else:
        pass
        yield 'No improvement item recorded.\n'
    yield '\n## Appendix B. The clauses cited, verbatim\n\n'
    l_1_loop = missing
    t_28 = 1
    for l_1_a, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'appendix'), undefined):
        l_1_e = missing
        _loop_vars = {}
        pass
        yield '### '
        yield str(environment.finalize(t_2(environment.getattr(l_1_a, 'clause'))))
        yield ' '
        yield str(environment.finalize(environment.getattr(l_1_a, 'title')))
        yield '\n\n'
        l_1_e = environment.getitem((undefined(name='index_of') if l_0_index_of is missing else l_0_index_of), environment.getattr(l_1_a, 'clause'))
        _loop_vars['e'] = l_1_e
        if environment.getattr(l_1_a, 'context'):
            pass
            yield str(environment.finalize(t_4(context.eval_ctx, environment.getattr(l_1_a, 'context'), ' › ')))
            yield '. '
        yield 'Cited for '
        l_2_loop = missing
        t_29 = 1
        for l_2_i, l_2_loop in LoopContext(environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'injects'), undefined):
            _loop_vars = {}
            pass
            yield str(environment.finalize(t_2(l_2_i)))
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield ', '
            t_29 = 0
        l_2_loop = l_2_i = missing
        if t_29:
            pass
            yield 'none in force'
        if environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'withdrawn_from'):
            pass
            yield '; withdrawn from '
            yield str(environment.finalize(t_4(context.eval_ctx, environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'withdrawn_from'), ', ')))
        yield '.\n\n\n'
        if environment.getattr(l_1_a, 'text'):
            pass
            yield str(environment.finalize(t_10(environment.getattr(l_1_a, 'text'))))
            yield '\n'
        else:
            pass
            yield '(a heading: its text is in its sub-clauses)\n'
        yield '\n'
        t_28 = 0
    l_1_loop = l_1_a = l_1_e = missing
    if t_28:
        pass
        yield 'No clause was cited.\n\n'
    yield '## Appendix C. Provenance\n\n| | |\n|---|---|\n| session | '
    yield str(environment.finalize(t_2(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'session_id'))))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'dry_run'):
        pass
        yield ' (dry-run)'
    yield ' |\n| scenario file | '
    yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'scenario_name')))
    yield ' |\n| clause texts | '
    yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rules_title')))
    yield ': '
    yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rules_version')))
    yield ' |\n| recorded with | tabletop '
    yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'recorded_with')))
    yield '; report by tabletop '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'generated_by')))
    yield ' |\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged'):
        pass
        yield '| salvaged | '
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged')))
        yield ' |\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'imported'):
        pass
        yield '| imported | '
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'imported')))
        yield ' |\n'
    yield '\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'seats'):
        pass
        yield 'Who recorded:\n\n| seat | notes | decisions | ratings | hot wash | other records |\n|---|---|---|---|---|---|\n'
        for l_1_seat in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'seats'):
            _loop_vars = {}
            pass
            yield '| '
            yield str(environment.finalize(environment.getattr(l_1_seat, 'seat')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_seat, 'notes')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_seat, 'decisions')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_seat, 'ratings')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_seat, 'hot_wash')))
            yield ' | '
            yield str(environment.finalize(environment.getattr(l_1_seat, 'other')))
            yield ' |\n'
        l_1_seat = missing
        yield '\n'
    yield 'Stored texts the session was played from:\n\n| role | file | SHA-256 |\n|---|---|---|\n'
    for l_1_d in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'documents'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(environment.getattr(l_1_d, 'role')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_d, 'name')))
        yield ' | '
        yield str(environment.finalize(t_2(environment.getattr(l_1_d, 'sha256'))))
        yield ' |\n'
    l_1_d = missing
    yield '\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'classification'):
        pass
        yield '**'
        yield str(environment.finalize(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'classification')))
        yield '**\n'

blocks = {}
debug_info = '2=122&3=125&4=128&5=131&6=151&7=154&8=178&9=227&10=265&11=268&14=271&16=273&20=276&21=279&26=282&27=288&28=291&30=294&31=296&32=300&36=302&37=305&38=308&39=315&41=367&42=370&47=373&50=376&51=380&59=401&62=404&63=408&69=434&70=439&72=441&73=444&74=448&78=455&80=458&84=462&85=465&86=469&91=505&92=510&94=512&97=533&98=536&99=540&100=544&101=547&107=554&108=558&109=560&110=562&112=564&113=568&118=578&119=580&120=582&121=584&122=587&129=615&130=618&133=621&134=625&135=629&136=632&140=636&141=639&144=642&145=646&149=654&153=666&156=670&157=674&160=724&168=736&173=740&174=744&186=790&187=794&194=813&195=817&200=841&202=849&204=855&206=872&207=876&213=903&214=906&215=911&217=920&218=923&220=939&222=949&223=953&226=983&230=1002&231=1007&234=1021&235=1023&238=1026&239=1030&250=1061&251=1065&253=1071&256=1094&258=1096&261=1099&262=1103&267=1129&270=1132&271=1136&275=1146&278=1149&279=1153&287=1169&290=1172&291=1176&293=1182&295=1207&298=1210&299=1214&303=1220&304=1223&307=1239&308=1243&309=1245&310=1249&320=1293&323=1296&324=1300&326=1335&336=1344&337=1349&339=1353&340=1355&343=1379&344=1381&357=1393&358=1398&359=1400&360=1404&361=1408&362=1411&364=1413&367=1419&372=1422&373=1426&381=1441&382=1445&385=1453&386=1456'
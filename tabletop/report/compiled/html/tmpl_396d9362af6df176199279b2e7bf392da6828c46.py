from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_doc = resolve('doc')
    l_0_c = l_0_many_seats = l_0_index_of = l_0_x = l_0_marking = l_0_phase_fill = l_0_phase_name = l_0_phase_swatch = l_0_clock_line = l_0_clause_links = l_0_clock_of = l_0_tags_of = l_0_rating_tally = l_0_action_row = l_0_finding = missing
    try:
        t_1 = environment.filters['after']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'after' found.")
    try:
        t_2 = environment.filters['breakable']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'breakable' found.")
    try:
        t_3 = environment.filters['keyed']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'keyed' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_5 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_6 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    parent_template = environment.get_template('_base.html.j2', 'report.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_c = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'cover')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    l_0_many_seats = (t_4(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'seats')) > 1)
    context.vars['many_seats'] = l_0_many_seats
    context.exported_vars.add('many_seats')
    l_0_index_of = t_3(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'citation_index'), 'clause')
    context.vars['index_of'] = l_0_index_of
    context.exported_vars.add('index_of')
    l_0_x = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'executive_summary')
    context.vars['x'] = l_0_x
    context.exported_vars.add('x')
    l_0_marking = environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'classification')
    context.vars['marking'] = l_0_marking
    context.exported_vars.add('marking')
    included_template = environment.get_template('_phases.html.j2', 'report.html.j2').make_module(context.get_all(), True, {'action_row': l_0_action_row, 'c': l_0_c, 'clause_links': l_0_clause_links, 'clock_line': l_0_clock_line, 'clock_of': l_0_clock_of, 'finding': l_0_finding, 'index_of': l_0_index_of, 'many_seats': l_0_many_seats, 'marking': l_0_marking, 'phase_fill': l_0_phase_fill, 'phase_name': l_0_phase_name, 'phase_swatch': l_0_phase_swatch, 'rating_tally': l_0_rating_tally, 'tags_of': l_0_tags_of, 'x': l_0_x})
    l_0_phase_fill = getattr(included_template, 'phase_fill', missing)
    if l_0_phase_fill is missing:
        l_0_phase_fill = undefined(f"the template {included_template.__name__!r} (imported on line 10 in 'report.html.j2') does not export the requested name 'phase_fill'", name='phase_fill')
    l_0_phase_name = getattr(included_template, 'phase_name', missing)
    if l_0_phase_name is missing:
        l_0_phase_name = undefined(f"the template {included_template.__name__!r} (imported on line 10 in 'report.html.j2') does not export the requested name 'phase_name'", name='phase_name')
    l_0_phase_swatch = getattr(included_template, 'phase_swatch', missing)
    if l_0_phase_swatch is missing:
        l_0_phase_swatch = undefined(f"the template {included_template.__name__!r} (imported on line 10 in 'report.html.j2') does not export the requested name 'phase_swatch'", name='phase_swatch')
    context.vars.update({'phase_fill': l_0_phase_fill, 'phase_name': l_0_phase_name, 'phase_swatch': l_0_phase_swatch})
    context.exported_vars.difference_update(('phase_fill', 'phase_name', 'phase_swatch'))
    def macro(l_1_d):
        t_7 = []
        if l_1_d is missing:
            l_1_d = undefined("parameter 'd' was not provided", name='d')
        pass
        if environment.getattr(l_1_d, 'scenario_lapse'):
            pass
            t_7.extend((
                ' <span class="small muted nowrap">· ',
                escape(environment.getattr(l_1_d, 'scenario_lapse')),
                '</span>',
            ))
        if environment.getattr(l_1_d, 'meanwhile'):
            pass
            t_7.extend((
                ' <span class="small muted">· meanwhile: ',
                escape(environment.getattr(environment.getattr(l_1_d, 'meanwhile'), 'summary')),
                '</span>',
            ))
        return concat(t_7)
    context.exported_vars.add('clock_line')
    context.vars['clock_line'] = l_0_clock_line = Macro(environment, macro, 'clock_line', ('d',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_items):
        t_8 = []
        if l_1_items is missing:
            l_1_items = undefined("parameter 'items' was not provided", name='items')
        pass
        l_2_loop = missing
        for l_2_cl, l_2_loop in LoopContext(l_1_items, undefined):
            _loop_vars = {}
            pass
            t_8.extend((
                '<a href="#clause-',
                escape(environment.getattr(l_2_cl, 'clause')),
                '"><code title="',
                escape(environment.getattr(l_2_cl, 'title')),
                '">',
                escape(environment.getattr(l_2_cl, 'clause')),
                '</code></a>',
            ))
            if (environment.getattr(l_2_cl, 'applicability') == 'preparatory'):
                pass
                t_8.append(
                    ' <span class="cov-prep">preparatory</span>',
                )
            if t_6(environment.getattr(l_2_cl, 'taken_up')):
                pass
                t_8.append(
                    ' <span class="muted">(for ',
                )
                l_3_loop = missing
                for l_3_i, l_3_loop in LoopContext(environment.getattr(l_2_cl, 'out_of_phase'), undefined):
                    _loop_vars = {}
                    pass
                    t_8.extend((
                        '<code>',
                        escape(l_3_i),
                        '</code>',
                    ))
                    if (not environment.getattr(l_3_loop, 'last')):
                        pass
                        t_8.append(
                            ', ',
                        )
                l_3_loop = l_3_i = missing
                t_8.append(
                    ')</span>',
                )
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                t_8.append(
                    ', ',
                )
        l_2_loop = l_2_cl = missing
        return concat(t_8)
    context.exported_vars.add('clause_links')
    context.vars['clause_links'] = l_0_clause_links = Macro(environment, macro, 'clause_links', ('items',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_d):
        t_9 = []
        if l_1_d is missing:
            l_1_d = undefined("parameter 'd' was not provided", name='d')
        pass
        if environment.getattr(l_1_d, 'scenario_lapse'):
            pass
            t_9.extend((
                ' <span class="small muted nowrap">',
                escape(environment.getattr(l_1_d, 'scenario_lapse')),
                '</span>',
            ))
        if environment.getattr(l_1_d, 'meanwhile'):
            pass
            t_9.extend((
                ' <span class="small muted">meanwhile: ',
                escape(environment.getattr(environment.getattr(l_1_d, 'meanwhile'), 'summary')),
                '</span>',
            ))
        return concat(t_9)
    context.exported_vars.add('clock_of')
    context.vars['clock_of'] = l_0_clock_of = Macro(environment, macro, 'clock_of', ('d',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_d):
        t_10 = []
        if l_1_d is missing:
            l_1_d = undefined("parameter 'd' was not provided", name='d')
        pass
        if environment.getattr(l_1_d, 'answer'):
            pass
            t_10.append(
                '<span class="tag yes">yes</span>',
            )
        else:
            pass
            t_10.append(
                '<span class="tag no">no</span>',
            )
        if environment.getattr(l_1_d, 'assumed'):
            pass
            t_10.extend((
                '<span class="tag assumed">assumed (',
                escape(environment.getattr(l_1_d, 'source')),
                ')</span>',
            ))
        if t_1(environment.getattr(l_1_d, 'at'), environment.getattr(l_1_d, 'delivered_at')):
            pass
            t_10.extend((
                ' <span class="small muted nowrap" title="after the inject\'s delivery">',
                escape(t_1(environment.getattr(l_1_d, 'at'), environment.getattr(l_1_d, 'delivered_at'))),
                '</span>',
            ))
        if (t_5(environment.getattr(l_1_d, 'ahead_of')) and environment.getattr(l_1_d, 'ahead_of')):
            pass
            t_10.append(
                '<br><span class="small">determined ahead of: ',
            )
            l_2_loop = missing
            for l_2_g, l_2_loop in LoopContext(environment.getattr(l_1_d, 'ahead_of'), undefined):
                _loop_vars = {}
                pass
                t_10.extend((
                    '<code>',
                    escape(l_2_g),
                    '</code>',
                ))
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    t_10.append(
                        ', ',
                    )
            l_2_loop = l_2_g = missing
            t_10.append(
                '</span>',
            )
        if (t_5(environment.getattr(l_1_d, 'not_put')) and environment.getattr(l_1_d, 'not_put')):
            pass
            t_10.append(
                '<br><span class="small">never put: ',
            )
            l_2_loop = missing
            for l_2_g, l_2_loop in LoopContext(environment.getattr(l_1_d, 'not_put'), undefined):
                _loop_vars = {}
                pass
                t_10.extend((
                    '<code>',
                    escape(l_2_g),
                    '</code>',
                ))
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    t_10.append(
                        ', ',
                    )
            l_2_loop = l_2_g = missing
            t_10.append(
                '</span>',
            )
        return concat(t_10)
    context.exported_vars.add('tags_of')
    context.vars['tags_of'] = l_0_tags_of = Macro(environment, macro, 'tags_of', ('d',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_r):
        t_11 = []
        if l_1_r is missing:
            l_1_r = undefined("parameter 'r' was not provided", name='r')
        pass
        t_11.append(
            '<span class="tally">',
        )
        for l_2_k in ('P', 'S', 'M', 'U'):
            _loop_vars = {}
            pass
            t_11.extend((
                '<span class="r',
                escape(l_2_k),
                '">',
                escape(l_2_k),
                '&nbsp;',
                escape(environment.getitem(l_1_r, l_2_k)),
                '</span> ',
            ))
        l_2_k = missing
        t_11.extend((
            '<span class="muted">unrated&nbsp;',
            escape(environment.getattr(l_1_r, 'unrated')),
            '</span></span>',
        ))
        return concat(t_11)
    context.exported_vars.add('rating_tally')
    context.vars['rating_tally'] = l_0_rating_tally = Macro(environment, macro, 'rating_tally', ('r',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_a):
        t_12 = []
        l_1_rating_names = resolve('rating_names')
        if l_1_a is missing:
            l_1_a = undefined("parameter 'a' was not provided", name='a')
        pass
        t_12.extend((
            '<tr><td><a href="#inject-',
            escape(environment.getattr(l_1_a, 'inject')),
            '"><code>',
            escape(t_2(environment.getattr(l_1_a, 'inject'))),
            '</code></a></td><td class="id">',
            escape(environment.getattr(l_1_a, 'key')),
            '</td><td>',
            escape(environment.getattr(l_1_a, 'action')),
        ))
        if environment.getattr(l_1_a, 'responsible'):
            pass
            t_12.extend((
                ' <span class="muted small">(',
                escape(environment.getattr(l_1_a, 'responsible')),
                ')</span>',
            ))
        if environment.getattr(l_1_a, 'observation'):
            pass
            t_12.extend((
                '<br><span class="observation">Observed: ',
                escape(environment.getattr(l_1_a, 'observation')),
                '</span>',
            ))
        if (environment.getattr(l_1_a, 'rated_by') and (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats)):
            pass
            t_12.extend((
                '<br><span class="muted small">Rated by ',
                escape(environment.getattr(l_1_a, 'rated_by')),
                '</span>',
            ))
        t_12.append(
            '</td><td class="rating">',
        )
        if environment.getattr(l_1_a, 'rating'):
            pass
            t_12.extend((
                '<span title="',
                escape(environment.getitem((undefined(name='rating_names') if l_1_rating_names is missing else l_1_rating_names), environment.getattr(l_1_a, 'rating'))),
                '">',
                escape(environment.getattr(l_1_a, 'rating')),
                '</span>',
            ))
        else:
            pass
            t_12.append(
                '<span class="muted">–</span>',
            )
        t_12.append(
            '</td></tr>',
        )
        return concat(t_12)
    context.exported_vars.add('action_row')
    context.vars['action_row'] = l_0_action_row = Macro(environment, macro, 'action_row', ('a',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_h):
        t_13 = []
        if l_1_h is missing:
            l_1_h = undefined("parameter 'h' was not provided", name='h')
        pass
        t_13.append(
            escape(environment.getattr(l_1_h, 'text')),
        )
        if environment.getattr(l_1_h, 'objective'):
            pass
            t_13.extend((
                ' <span class="muted small">(objective <code>',
                escape(environment.getattr(l_1_h, 'objective')),
                '</code>)</span>',
            ))
        if (environment.getattr(l_1_h, 'recorded_by') and (undefined(name='many_seats') if l_0_many_seats is missing else l_0_many_seats)):
            pass
            t_13.extend((
                ' <span class="muted small">(recorded by ',
                escape(environment.getattr(l_1_h, 'recorded_by')),
                ')</span>',
            ))
        return concat(t_13)
    context.exported_vars.add('finding')
    context.vars['finding'] = l_0_finding = Macro(environment, macro, 'finding', ('h',), False, False, False, context.eval_ctx.autoescape)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_c = resolve('c')
    pass
    yield 'After-Action Report: '
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'title'))

def block_style(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield '.aar-cover dl.cover-facts { display: grid; grid-template-columns: 7.5rem 1fr 7.5rem 1fr; gap: .1rem .8rem; font-size: .9rem; margin: .3rem 0 .6rem; }\n.aar-cover dt { font-weight: 600; color: var(--muted); }\n.aar-cover dd { margin: 0; }\n.aar-cover h1 { margin-bottom: .3rem; }\n.exec h2 { margin-top: .6rem; }\n.exec h3 { margin: .8rem 0 .25rem; }\n.exec table { margin-bottom: .4rem; }\n.exec .lead { font-size: 1.02rem; }\n.findings { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2rem; }\n.findings ul { margin-bottom: .2rem; }\n.tally span { margin-right: .15rem; font: 600 .8rem var(--mono); }\n.tally .rM, .tally .rU { color: var(--warn); }\ntd.rating, .exec-objectives td.rating { text-align: center; }\n.objective { margin-top: .9rem; }\n.objective h3 { margin-top: .4rem; }\np.found { margin: .3rem 0 0; }\ntable.matrix td.cell, table.matrix th.cell { text-align: center; white-space: nowrap; font-size: .74rem; }\ntable.matrix td.none { color: var(--warn); }\ntable.matrix td.na { color: var(--muted); }\ntable.matrix th { font-size: .74rem; }\ntable.matrix { table-layout: fixed; }\ntable.matrix td:first-child, table.matrix th:first-child { width: 25%; font-size: .76rem; }\ntable.matrix td, table.matrix th { padding: .1rem .18rem; }\ntable.matrix th.measure { font-weight: 400; font-size: .6rem; white-space: nowrap; }\ntable.matrix .prep { display: block; }\ntable.matrix td.phase-start, table.matrix th.phase-start { border-left: 1.5px solid var(--muted); }\n.prep { color: #33691e; font-style: italic; font-size: .74rem; }\np.phase-line { margin: .35rem 0 .1rem; }\nul.exercised { columns: 2; column-gap: 1.2rem; font-size: .8rem; margin-top: 0; }\nul.exercised li { break-inside: avoid; }\n#injects .inject { margin-top: .5rem; font-size: .88rem; padding-top: .2rem; }\n#injects .inject h3 { font-size: 1rem; margin-bottom: .1rem; }\n#injects .narrative { font-size: .82rem; }\n#injects .narrative p { margin: .15rem 0; }\n.cited { font-size: .82rem; margin: .2rem 0; }\np.said { margin: .15rem 0; font-size: .88rem; }\n.cited .citation { margin: .1rem 0; }\n.cited .reason { color: var(--muted); margin-left: .3rem; }\n.tag.draft { color: var(--warn); }\ntr.draft td { background: #fff7e6; }\n.clauses { columns: 2; column-gap: 1.2rem; font-size: .74rem; line-height: 1.2; }\n.clauses .clause { break-inside: avoid-column; }\n.clauses h3 { font-size: .88rem; margin: .3rem 0 .05rem; break-after: avoid; }\n.clauses .meta { font-size: .74rem; margin: 0 0 .1rem; }\n.clauses .verbatim { padding: .1rem .5rem; margin: 0 0 .25rem; }\n.clauses .verbatim p { margin: .04rem 0; }\ntable.hashes, table.seats { font-size: .72rem; margin-bottom: .3rem; }\ntable.hashes td, table.seats td { padding: .1rem .3rem; }\n#provenance h3 { margin: .5rem 0 .1rem; }\n#provenance h2 { margin-top: .8rem; }\ntable.determinations, table.orders-table, table.moves, table.actions, table.determinations, table.orders-table, table.moves, table.actions, table.plan { font-size: .76rem; }\ntable.plan th:nth-child(1) { width: 3%; } table.plan th:nth-child(2), table.plan th:nth-child(3) { width: 24%; }\ntable.determinations td, table.orders-table td, table.moves td, table.actions td { padding: .15rem .3rem; }\ntable.determinations th:nth-child(1) { width: 40%; } table.determinations th:nth-child(2) { width: 20%; }\ntable.determinations th:nth-child(3) { width: 7%; } table.determinations th:nth-child(4) { width: 10%; }\ntable.orders-table th:nth-child(1) { width: 24%; } table.orders-table th:nth-child(2) { width: 28%; }\ntable.orders-table th:nth-child(3) { width: 24%; } table.orders-table th:nth-child(4) { width: 8%; }\ntable.actions th:nth-child(1) { width: 15%; } table.actions th:nth-child(2) { width: 4%; }\ntable.actions th:nth-child(4) { width: 6%; }\n.observation { font-style: italic; }\ntable.exec-objectives, table.exec-moves { font-size: .82rem; }\ntable.exec-objectives td, table.exec-moves td { padding: .15rem .35rem; }\n.determinations tr.move td { background: var(--band); font-family: var(--sans); font-weight: 600; }\n.determinations tr.move .tag, .determinations tr.move code { font-weight: 400; }\n.cited .citation { display: inline; }\np.clause-ids code { white-space: nowrap; }\n@page { margin: 14mm 13mm 14mm 13mm; }\n@media print {\n  html { font-size: 9pt; line-height: 1.32; }\n  .record { columns: 2; column-gap: 1.2rem; }\n  .record .inject { break-inside: auto; }\n  .record .inject h3 { break-after: avoid; }\n  .exec table, .findings, .matrix-block { break-inside: avoid; }\n  section.flow > h2 { margin-top: 1.2rem; break-after: avoid; }\n  .clauses .clause, .clauses .verbatim { break-inside: auto; }\n  .objective { break-inside: auto; }\n  .objective-head { break-inside: avoid; break-after: avoid; }\n  table.actions { break-before: avoid; }\n}\n'

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_c = resolve('c')
    l_0_doc = resolve('doc')
    l_0_x = resolve('x')
    l_0_rating_names = resolve('rating_names')
    l_0_timeline_chart = resolve('timeline_chart')
    l_0_n = l_0_titles = l_0_plan = l_0_drafts = l_0_unserved = l_0_general = l_0_t = l_0_mx = l_0_measure_words = missing
    try:
        t_2 = environment.filters['breakable']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'breakable' found.")
    try:
        t_14 = environment.filters['codes']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'codes' found.")
    try:
        t_15 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_16 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_17 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_17(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_18 = environment.filters['paragraphs']
    except KeyError:
        @internalcode
        def t_18(*unused):
            raise TemplateRuntimeError("No filter named 'paragraphs' found.")
    try:
        t_19 = environment.filters['percent']
    except KeyError:
        @internalcode
        def t_19(*unused):
            raise TemplateRuntimeError("No filter named 'percent' found.")
    try:
        t_20 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_20(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_21 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_21(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_22 = environment.filters['sum']
    except KeyError:
        @internalcode
        def t_22(*unused):
            raise TemplateRuntimeError("No filter named 'sum' found.")
    try:
        t_23 = environment.filters['truncate']
    except KeyError:
        @internalcode
        def t_23(*unused):
            raise TemplateRuntimeError("No filter named 'truncate' found.")
    try:
        t_24 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_24(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    try:
        t_25 = environment.filters['when']
    except KeyError:
        @internalcode
        def t_25(*unused):
            raise TemplateRuntimeError("No filter named 'when' found.")
    try:
        t_26 = environment.filters['when_on']
    except KeyError:
        @internalcode
        def t_26(*unused):
            raise TemplateRuntimeError("No filter named 'when_on' found.")
    try:
        t_27 = environment.tests['naming_only']
    except KeyError:
        @internalcode
        def t_27(*unused):
            raise TemplateRuntimeError("No test named 'naming_only' found.")
    pass
    yield '<section class="cover aar-cover">\n<p class="kind">After-Action Report / Improvement Plan</p>\n<h1>'
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'title'))
    yield '</h1>\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'dry_run'):
        pass
        yield '<div class="banner" role="alert">DRY-RUN — played headlessly along the scenario\'s default path, not in a room. Every determination below was assumed, not made by the room.</div>\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged'):
        pass
        yield '<div class="banner" role="alert">SALVAGED — '
        yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged'))
        yield '</div>\n'
    yield '<dl class="cover-facts">\n<dt>Exercise</dt><dd>'
    yield escape((environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'exercise_id') or 'not given'))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'scenario_version'):
        pass
        yield ', scenario version '
        yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'scenario_version'))
    yield '</dd>\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'sponsor'):
        pass
        yield '<dt>Sponsor</dt><dd>'
        yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'sponsor'))
        yield '</dd>'
    yield '<dt>Facilitator</dt><dd>'
    yield escape((environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'facilitator') or 'not recorded'))
    yield '</dd>\n<dt>Dates</dt><dd>'
    yield escape(t_25(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'started_at')))
    yield ' to '
    yield escape((t_25(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'ended_at')) if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'ended_at') else 'not ended'))
    yield '</dd>\n<dt>Grounded in</dt><dd>'
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rules_title'))
    yield '</dd>\n</dl>\n</section>\n\n<section class="exec" id="executive-summary">\n<h2>Executive summary</h2>\n'
    l_0_n = environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'counts')
    _block_vars['n'] = l_0_n
    l_0_titles = {}
    _block_vars['titles'] = l_0_titles
    for l_1_p in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'periods'):
        l_1__ = missing
        _loop_vars = {}
        pass
        l_1__ = context.call(environment.getattr((undefined(name='titles') if l_0_titles is missing else l_0_titles), 'update'), {environment.getattr(l_1_p, 'phase'): environment.getattr(l_1_p, 'title')}, _loop_vars=_loop_vars)
        _loop_vars['_'] = l_1__
    l_1_p = l_1__ = missing
    yield '<p class="lead">'
    yield escape(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'injects_delivered'))
    yield ' inject'
    yield escape(('s' if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'injects_delivered') != 1) else cond_expr_undefined("the inline if-expression on line 124 in 'report.html.j2' evaluated to false and no else section was defined.")))
    yield ' delivered'
    if environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'adhoc_injects'):
        pass
        yield ' ('
        yield escape(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'adhoc_injects'))
        yield ' ad-hoc)'
    yield ', through '
    l_1_loop = missing
    t_28 = 1
    for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'phases_entered'), undefined):
        l_1_phase_name = resolve('phase_name')
        _loop_vars = {}
        pass
        yield '<span class="phase">'
        yield escape(context.call((undefined(name='phase_name') if l_1_phase_name is missing else l_1_phase_name), l_1_p, context.call(environment.getattr((undefined(name='titles') if l_0_titles is missing else l_0_titles), 'get'), l_1_p, l_1_p, _loop_vars=_loop_vars), _loop_vars=_loop_vars))
        yield '</span>'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ' → '
        t_28 = 0
    l_1_loop = l_1_p = l_1_phase_name = missing
    if t_28:
        pass
        yield 'no phase'
    yield '.\n'
    yield escape(t_4(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves')))
    yield ' move'
    yield escape(('s' if (t_4(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves')) != 1) else cond_expr_undefined("the inline if-expression on line 125 in 'report.html.j2' evaluated to false and no else section was defined.")))
    yield ' put to the room, '
    yield escape(t_4(t_16(context.eval_ctx, t_20(context, environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves'), 'fired'))))
    yield ' declined; '
    yield escape(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'orders'))
    yield ' order'
    yield escape(('s' if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'orders') != 1) else cond_expr_undefined("the inline if-expression on line 125 in 'report.html.j2' evaluated to false and no else section was defined.")))
    yield ' recorded without a move.\n'
    yield escape(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_cited'))
    yield ' of '
    yield escape(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_applicable'))
    yield ' applicable clauses cited by the room ('
    yield escape(t_19(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_cited'), environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_applicable')))
    yield ')'
    if environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_discussed'):
        pass
        yield ', '
        yield escape(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_discussed'))
        yield ' only discussed'
    if environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_presented'):
        pass
        yield ', '
        yield escape(environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'clauses_presented'))
        yield ' only presented'
    yield '.</p>\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'closing_summary'):
        pass
        yield '<p class="closing"><strong>Closing remark:</strong> '
        yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'closing_summary'))
        yield '</p>'
    yield '<h3>Objectives and how each fared</h3>\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
        pass
        yield '<table class="exec-objectives">\n<thead><tr><th>objective</th><th>capability</th><th>expected actions rated</th><th>lowest</th></tr></thead>\n<tbody>\n'
        for l_1_o in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'):
            l_1_rating_tally = resolve('rating_tally')
            _loop_vars = {}
            pass
            yield '<tr><td><a href="#objective-'
            yield escape(environment.getattr(l_1_o, 'id'))
            yield '">'
            yield escape(environment.getattr(l_1_o, 'text'))
            yield '</a></td><td>'
            yield escape((environment.getattr(l_1_o, 'capability') or '–'))
            yield '</td><td class="nowrap">'
            yield escape(context.call((undefined(name='rating_tally') if l_1_rating_tally is missing else l_1_rating_tally), environment.getattr(l_1_o, 'ratings'), _loop_vars=_loop_vars))
            yield '</td><td class="rating">'
            yield escape((environment.getattr(l_1_o, 'lowest_rating') or '–'))
            yield '</td></tr>\n'
        l_1_o = l_1_rating_tally = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p class="muted">The scenario sets no objectives.</p>'
    yield '<h3>Key determinations</h3>\n'
    if environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves'):
        pass
        yield '<table class="exec-moves">\n<thead><tr><th>scenario time</th><th>move</th><th>who decides</th><th>outcome</th></tr></thead>\n<tbody>\n'
        for l_1_m in environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'moves'):
            _loop_vars = {}
            pass
            yield '<tr><td class="nowrap">'
            yield escape((environment.getattr(l_1_m, 'scenario_time') or '–'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_m, 'move_title'))
            yield '</td><td>'
            yield escape((t_15(context.eval_ctx, environment.getattr(l_1_m, 'deciders'), '; ') or '–'))
            yield '</td><td>'
            if environment.getattr(l_1_m, 'fired'):
                pass
                yield '<span class="tag yes">made</span>'
            else:
                pass
                yield '<span class="tag declined">move declined</span>'
                if environment.getattr(l_1_m, 'declined_by'):
                    pass
                    yield ' <span class="small">no from '
                    yield escape(t_15(context.eval_ctx, environment.getattr(l_1_m, 'declined_by'), '; '))
                    yield '</span>'
            if environment.getattr(l_1_m, 'assumed'):
                pass
                yield '<span class="tag assumed">assumed</span>'
            yield '</td></tr>\n'
        l_1_m = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p class="muted">No move with a determination was put to the room.</p>'
    yield '<div class="findings">\n'
    for (l_1_kind, l_1_title, l_1_top) in (('strength', 'Strengths', environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'top_strengths')), ('improvement', 'Areas for improvement', environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'top_areas_for_improvement'))):
        l_1_all = missing
        _loop_vars = {}
        pass
        yield '<div>\n<h3>'
        yield escape(l_1_title)
        yield '</h3>\n'
        l_1_all = t_16(context.eval_ctx, t_21(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'hot_wash'), 'kind', 'equalto', l_1_kind))
        _loop_vars['all'] = l_1_all
        if l_1_top:
            pass
            yield '<ul>'
            for l_2_h in l_1_top:
                l_2_finding = resolve('finding')
                _loop_vars = {}
                pass
                yield '<li>'
                yield escape(context.call((undefined(name='finding') if l_2_finding is missing else l_2_finding), l_2_h, _loop_vars=_loop_vars))
                yield '</li>'
            l_2_h = l_2_finding = missing
            yield '</ul>'
            if (t_4((undefined(name='all') if l_1_all is missing else l_1_all)) > t_4(l_1_top)):
                pass
                yield '<p class="small muted">and '
                yield escape((t_4((undefined(name='all') if l_1_all is missing else l_1_all)) - t_4(l_1_top)))
                yield ' more in section 1.</p>'
        else:
            pass
            yield '<p class="muted">None recorded at the hot wash.</p>'
        yield '</div>\n'
    l_1_kind = l_1_title = l_1_top = l_1_all = missing
    yield '</div>\n'
    l_0_plan = environment.getattr((undefined(name='x') if l_0_x is missing else l_0_x), 'improvement_plan')
    _block_vars['plan'] = l_0_plan
    l_0_drafts = t_16(context.eval_ctx, t_21(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'), 'status', 'equalto', 'draft'))
    _block_vars['drafts'] = l_0_drafts
    yield '<p class="plan-size"><strong>Improvement plan:</strong> '
    if environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'items'):
        pass
        yield escape(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'items'))
        yield ' item'
        yield escape(('s' if (environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'items') != 1) else cond_expr_undefined("the inline if-expression on line 160 in 'report.html.j2' evaluated to false and no else section was defined.")))
        yield ': '
        if environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'drafts'):
            pass
            yield escape(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'drafts'))
            yield ' still draft'
            if (undefined(name='drafts') if l_0_drafts is missing else l_0_drafts):
                pass
                yield ' ('
                l_1_loop = missing
                for l_1_p, l_1_loop in LoopContext((undefined(name='drafts') if l_0_drafts is missing else l_0_drafts), undefined):
                    _loop_vars = {}
                    pass
                    yield 'no. '
                    yield escape(environment.getattr(l_1_p, 'number'))
                    yield ', to settle: '
                    yield escape(t_15(context.eval_ctx, environment.getattr(l_1_p, 'missing'), ', '))
                    if (not environment.getattr(l_1_loop, 'last')):
                        pass
                        yield '; '
                l_1_loop = l_1_p = missing
                yield ')'
            yield ', '
        yield escape(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'open'))
        yield ' open, '
        yield escape(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'closed'))
        yield ' closed; see <a href="#improvement-plan">Appendix A</a>.'
    else:
        pass
        yield 'no item recorded yet.'
    yield '</p>\n</section>\n\n<section class="flow" id="objectives">\n<h2>1. Analysis by objective</h2>\n'
    l_1_loop = missing
    t_29 = 1
    for l_1_o, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'), undefined):
        l_1_rating_tally = resolve('rating_tally')
        l_1_clause_links = resolve('clause_links')
        l_1_room = l_1_talked = l_1_shown = l_1_outside = missing
        _loop_vars = {}
        pass
        yield '<article class="objective" id="objective-'
        yield escape(environment.getattr(l_1_o, 'id'))
        yield '">\n<div class="objective-head">\n<h3>'
        yield escape(environment.getattr(l_1_o, 'text'))
        yield '</h3>\n<p class="meta"><code>'
        yield escape(environment.getattr(l_1_o, 'id'))
        yield '</code>'
        if environment.getattr(l_1_o, 'capability'):
            pass
            yield ' · capability: '
            yield escape(environment.getattr(l_1_o, 'capability'))
        yield ' · '
        yield escape(context.call((undefined(name='rating_tally') if l_1_rating_tally is missing else l_1_rating_tally), environment.getattr(l_1_o, 'ratings'), _loop_vars=_loop_vars))
        if environment.getattr(l_1_o, 'lowest_rating'):
            pass
            yield ' · lowest: <strong>'
            yield escape(environment.getattr(l_1_o, 'lowest_rating'))
            yield '</strong>'
        yield '</p>\n</div>\n'
        if environment.getattr(l_1_o, 'actions'):
            pass
            yield '<table class="actions">\n<thead><tr><th>inject</th><th></th><th>expected action and observation</th><th>rating</th></tr></thead>\n<tbody>\n'
            for l_2_a in environment.getattr(l_1_o, 'actions'):
                l_2_action_row = resolve('action_row')
                _loop_vars = {}
                pass
                yield escape(context.call((undefined(name='action_row') if l_2_action_row is missing else l_2_action_row), l_2_a, _loop_vars=_loop_vars))
                yield '\n'
            l_2_a = l_2_action_row = missing
            yield '</tbody>\n</table>\n'
        else:
            pass
            yield '<p class="muted">No expected action of a delivered inject serves this objective.</p>'
        l_2_loop = missing
        for (l_2_kind, l_2_title), l_2_loop in LoopContext((('strength', 'Strengths'), ('improvement', 'Areas for improvement')), undefined):
            l_2_items = missing
            _loop_vars = {}
            pass
            l_2_items = t_16(context.eval_ctx, t_21(context, environment.getattr(l_1_o, 'hot_wash'), 'kind', 'equalto', l_2_kind))
            _loop_vars['items'] = l_2_items
            if (undefined(name='items') if l_2_items is missing else l_2_items):
                pass
                yield '<p class="found"><strong>'
                yield escape(l_2_title)
                yield ':</strong> '
                l_3_loop = missing
                for l_3_h, l_3_loop in LoopContext((undefined(name='items') if l_2_items is missing else l_2_items), undefined):
                    _loop_vars = {}
                    pass
                    yield escape(environment.getattr(l_3_h, 'text'))
                    if (not environment.getattr(l_3_loop, 'last')):
                        pass
                        yield '; '
                l_3_loop = l_3_h = missing
                yield '</p>'
        l_2_loop = l_2_kind = l_2_title = l_2_items = missing
        l_1_room = t_16(context.eval_ctx, t_21(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'equalto', 'cited'))
        _loop_vars['room'] = l_1_room
        l_1_talked = t_16(context.eval_ctx, t_21(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'equalto', 'discussed'))
        _loop_vars['talked'] = l_1_talked
        l_1_shown = t_16(context.eval_ctx, t_21(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'equalto', 'presented'))
        _loop_vars['shown'] = l_1_shown
        l_1_outside = t_16(context.eval_ctx, t_21(context, environment.getattr(l_1_o, 'clauses'), 'taken_up', 'none'))
        _loop_vars['outside'] = l_1_outside
        yield '<p class="small clause-ids"><strong>Clauses cited by the room for it:</strong> '
        if (undefined(name='room') if l_1_room is missing else l_1_room):
            pass
            yield escape(context.call((undefined(name='clause_links') if l_1_clause_links is missing else l_1_clause_links), (undefined(name='room') if l_1_room is missing else l_1_room), _loop_vars=_loop_vars))
        else:
            pass
            yield '<span class="muted">none</span>'
        yield '.'
        if (undefined(name='talked') if l_1_talked is missing else l_1_talked):
            pass
            yield ' <strong>Only discussed by the room:</strong> '
            yield escape(context.call((undefined(name='clause_links') if l_1_clause_links is missing else l_1_clause_links), (undefined(name='talked') if l_1_talked is missing else l_1_talked), _loop_vars=_loop_vars))
            yield '.'
        if (undefined(name='shown') if l_1_shown is missing else l_1_shown):
            pass
            yield ' <strong>Only presented with an inject</strong>, not taken up by the room: '
            yield escape(context.call((undefined(name='clause_links') if l_1_clause_links is missing else l_1_clause_links), (undefined(name='shown') if l_1_shown is missing else l_1_shown), _loop_vars=_loop_vars))
            yield '.'
        if (undefined(name='outside') if l_1_outside is missing else l_1_outside):
            pass
            yield ' <strong>Cited out of phase, not counted:</strong> '
            yield escape(context.call((undefined(name='clause_links') if l_1_clause_links is missing else l_1_clause_links), (undefined(name='outside') if l_1_outside is missing else l_1_outside), _loop_vars=_loop_vars))
            yield '.'
        if environment.getattr(l_1_o, 'clauses'):
            pass
            yield ' <span class="muted">(Appendix B)</span>'
        yield '</p>\n</article>\n'
        t_29 = 0
    l_1_loop = l_1_o = l_1_rating_tally = l_1_room = l_1_talked = l_1_shown = l_1_outside = l_1_clause_links = missing
    if t_29:
        pass
        yield '<p class="muted">The scenario sets no objectives.</p>\n'
    l_0_unserved = t_16(context.eval_ctx, t_20(context, t_22(environment, t_17(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'injects'), attribute='expected_actions'), start=()), 'objective', 'in', t_16(context.eval_ctx, t_17(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'), attribute='id'))))
    _block_vars['unserved'] = l_0_unserved
    if (undefined(name='unserved') if l_0_unserved is missing else l_0_unserved):
        pass
        yield '<h3>Expected actions that serve no objective</h3>\n<table class="actions">\n<thead><tr><th>inject</th><th></th><th>expected action and observation</th><th>rating</th></tr></thead>\n<tbody>\n'
        for l_1_a in (undefined(name='unserved') if l_0_unserved is missing else l_0_unserved):
            l_1_action_row = resolve('action_row')
            _loop_vars = {}
            pass
            yield escape(context.call((undefined(name='action_row') if l_1_action_row is missing else l_1_action_row), l_1_a, _loop_vars=_loop_vars))
            yield '\n'
        l_1_a = l_1_action_row = missing
        yield '</tbody>\n</table>\n'
    l_0_general = t_16(context.eval_ctx, t_20(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'hot_wash'), 'objective', 'in', t_16(context.eval_ctx, t_17(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'objectives'), attribute='id'))))
    _block_vars['general'] = l_0_general
    if (undefined(name='general') if l_0_general is missing else l_0_general):
        pass
        yield '<h3>Strengths and areas for improvement beyond the objectives</h3>\n'
        for (l_1_kind, l_1_title) in (('strength', 'Strengths'), ('improvement', 'Areas for improvement')):
            l_1_items = missing
            _loop_vars = {}
            pass
            l_1_items = t_16(context.eval_ctx, t_21(context, (undefined(name='general') if l_0_general is missing else l_0_general), 'kind', 'equalto', l_1_kind))
            _loop_vars['items'] = l_1_items
            if (undefined(name='items') if l_1_items is missing else l_1_items):
                pass
                yield '<p class="found"><strong>'
                yield escape(l_1_title)
                yield ':</strong></p><ul>'
                for l_2_h in (undefined(name='items') if l_1_items is missing else l_1_items):
                    l_2_finding = resolve('finding')
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(context.call((undefined(name='finding') if l_2_finding is missing else l_2_finding), l_2_h, _loop_vars=_loop_vars))
                    yield '</li>'
                l_2_h = l_2_finding = missing
                yield '</ul>'
        l_1_kind = l_1_title = l_1_items = missing
    yield '<p class="small muted">Ratings: '
    l_1_loop = missing
    for (l_1_k, l_1_v), l_1_loop in LoopContext(context.call(environment.getattr((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), 'items'), _block_vars=_block_vars), undefined):
        _loop_vars = {}
        pass
        yield '<strong>'
        yield escape(l_1_k)
        yield '</strong> '
        yield escape(l_1_v)
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield '; '
    l_1_loop = l_1_k = l_1_v = missing
    yield '.</p>\n</section>\n\n<section class="flow" id="determinations">\n<h2>2. Determinations</h2>\n'
    if environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'):
        pass
        yield '<table class="determinations">\n<thead><tr><th>determination</th><th>who decides</th><th>basis</th><th>answer</th><th>remark</th></tr></thead>\n<tbody>\n'
        l_1_loop = missing
        for l_1_d, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'), undefined):
            l_1_clock_line = resolve('clock_line')
            l_1_tags_of = resolve('tags_of')
            _loop_vars = {}
            pass
            if context.call(environment.getattr(l_1_loop, 'changed'), environment.getattr(l_1_d, 'trigger'), environment.getattr(l_1_d, 'inject'), environment.getattr(l_1_d, 'at'), _loop_vars=_loop_vars):
                pass
                yield '<tr class="move"><td colspan="5">'
                yield escape(environment.getattr(l_1_d, 'move_title'))
                yield ' <code class="muted">'
                yield escape(environment.getattr(l_1_d, 'trigger'))
                yield '</code>'
                if environment.getattr(l_1_d, 'inject'):
                    pass
                    yield ' <span class="small muted">at '
                    yield escape(environment.getattr(l_1_d, 'inject'))
                    yield '</span>'
                if (not environment.getattr(l_1_d, 'fired')):
                    pass
                    yield ' <span class="tag declined">move declined</span>'
                yield escape(context.call((undefined(name='clock_line') if l_1_clock_line is missing else l_1_clock_line), l_1_d, _loop_vars=_loop_vars))
                yield '</td></tr>\n'
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_d, 'question'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_d, 'authority'))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_d, 'strength') or '–'))
            yield '</td><td>'
            yield escape(context.call((undefined(name='tags_of') if l_1_tags_of is missing else l_1_tags_of), l_1_d, _loop_vars=_loop_vars))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_d, 'remark') or '–'))
            yield '</td></tr>\n'
        l_1_loop = l_1_d = l_1_clock_line = l_1_tags_of = missing
        yield '</tbody>\n</table>\n<p class="small muted">'
        if t_16(context.eval_ctx, t_21(context, environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'), 'assumed')):
            pass
            yield 'Answers marked <em>assumed</em> were stated by the scenario or confirmed by a dry-run, not determined by a room. '
        yield '<em>Policy</em>: required by the Guidelines; <em>statutory</em>: by Japanese law.'
        if t_16(context.eval_ctx, t_21(context, environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'), 'delivered_at')):
            pass
            yield ' <em>+N min</em>: the answer came N minutes after the inject was delivered.'
        if t_16(context.eval_ctx, t_21(context, environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'determinations'), 'not_put')):
            pass
            yield ' <em>Never put</em>: gates left unasked because a "no" had settled the move.'
        yield '</p>\n'
    else:
        pass
        yield '<p class="muted">No move with a determination was made or asked for.</p>\n'
    yield '<h3>Orders and determinations without a move</h3>\n'
    if environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'orders'):
        pass
        yield '<p class="small muted">Recorded while the phases stayed as they were: the grey zone\'s orders and situations found before a move.'
        if t_16(context.eval_ctx, t_21(context, environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'orders'), 'delivered_at')):
            pass
            yield ' <em>+N min</em>: the answer came N minutes after the inject in front of the room was delivered.'
        yield '</p>\n<table class="orders-table">\n<thead><tr><th>determination</th><th>who decides</th><th>Diet</th><th>answer</th><th>remark</th></tr></thead>\n<tbody>\n'
        for l_1_o in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'orders'):
            l_1_tags_of = resolve('tags_of')
            l_1_clock_of = resolve('clock_of')
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_o, 'title'))
            yield '<br><code class="muted">'
            yield escape(environment.getattr(l_1_o, 'determination'))
            yield '</code>'
            if environment.getattr(l_1_o, 'inject'):
                pass
                yield '<br><span class="small muted">at '
                yield escape(environment.getattr(l_1_o, 'inject'))
                yield '</span>'
            yield '</td>\n<td>'
            yield escape(environment.getattr(l_1_o, 'authority'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_o, 'diet'))
            yield '</td><td>'
            yield escape(context.call((undefined(name='tags_of') if l_1_tags_of is missing else l_1_tags_of), l_1_o, _loop_vars=_loop_vars))
            yield escape(context.call((undefined(name='clock_of') if l_1_clock_of is missing else l_1_clock_of), l_1_o, _loop_vars=_loop_vars))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_o, 'remark') or '–'))
            yield '</td></tr>\n'
        l_1_o = l_1_tags_of = l_1_clock_of = missing
        yield '</tbody>\n</table>\n'
    else:
        pass
        yield '<p class="muted">No order or determination was recorded without a move.</p>\n'
    yield '</section>\n\n<section class="flow" id="timeline">\n<h2>3. Phase timeline</h2>\n'
    l_0_t = (undefined(name='timeline_chart') if l_0_timeline_chart is missing else l_0_timeline_chart)
    _block_vars['t'] = l_0_t
    yield '<svg class="chart" viewBox="0 0 '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'width'))
    yield ' '
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'height'))
    yield '" role="img" aria-label="Phases over the session, one lane per region">\n'
    for l_1_lane in environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'lanes'):
        _loop_vars = {}
        pass
        yield '<rect class="lane-bg" x="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'left'))
        yield '" y="'
        yield escape(environment.getattr(l_1_lane, 'y'))
        yield '" width="'
        yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'right') - environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'left')))
        yield '" height="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'lane_height'))
        yield '"/>\n<text x="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'label_x'))
        yield '" y="'
        yield escape(((environment.getattr(l_1_lane, 'y') + (environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'lane_height') / 2)) + 4))
        yield '" text-anchor="end">'
        yield escape(t_23(environment, environment.getattr(l_1_lane, 'title'), 30, True, '…'))
        yield '</text>\n'
    l_1_lane = missing
    for l_1_s in environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'segments'):
        l_1_phase_fill = resolve('phase_fill')
        _loop_vars = {}
        pass
        if environment.getattr(l_1_s, 'phase'):
            pass
            if environment.getattr(l_1_s, 'style'):
                pass
                yield '<g class="segment">'
                yield escape(context.call((undefined(name='phase_fill') if l_1_phase_fill is missing else l_1_phase_fill), environment.getattr(l_1_s, 'style'), environment.getattr(l_1_s, 'x'), environment.getattr(l_1_s, 'y'), environment.getattr(l_1_s, 'width'), environment.getattr(l_1_s, 'height'), _loop_vars=_loop_vars))
                yield '<title>'
                yield escape(environment.getattr(l_1_s, 'title'))
                yield '</title></g>'
        if environment.getattr(l_1_s, 'label'):
            pass
            if environment.getattr(l_1_s, 'style'):
                pass
                yield '<text x="'
                yield escape((environment.getattr(l_1_s, 'x') + 5))
                yield '" y="'
                yield escape(((environment.getattr(l_1_s, 'y') + (environment.getattr(l_1_s, 'height') / 2)) + 4))
                yield '" class="on-phase" fill="'
                yield escape(environment.getattr(environment.getattr(l_1_s, 'style'), 'text'))
                yield '" stroke="'
                yield escape(environment.getattr(environment.getattr(l_1_s, 'style'), 'fill'))
                yield '">'
                yield escape(environment.getattr(l_1_s, 'title'))
                yield '</text>'
            else:
                pass
                yield '<text x="'
                yield escape((environment.getattr(l_1_s, 'x') + 5))
                yield '" y="'
                yield escape(((environment.getattr(l_1_s, 'y') + (environment.getattr(l_1_s, 'height') / 2)) + 4))
                yield '"'
                if (not environment.getattr(l_1_s, 'phase')):
                    pass
                    yield ' class="empty"'
                yield '>'
                yield escape(environment.getattr(l_1_s, 'title'))
                yield '</text>'
    l_1_s = l_1_phase_fill = missing
    yield '<line class="axis" x1="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'left'))
    yield '" y1="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y'))
    yield '" x2="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'right'))
    yield '" y2="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y'))
    yield '"/>\n'
    for l_1_k in environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'ticks'):
        _loop_vars = {}
        pass
        yield '<line class="axis" x1="'
        yield escape(environment.getattr(l_1_k, 'x'))
        yield '" y1="'
        yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y'))
        yield '" x2="'
        yield escape(environment.getattr(l_1_k, 'x'))
        yield '" y2="'
        yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y') + 4))
        yield '"/>\n<text x="'
        yield escape(environment.getattr(l_1_k, 'x'))
        yield '" y="'
        yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y') + 16))
        yield '" text-anchor="middle">'
        yield escape(environment.getattr(l_1_k, 'label'))
        yield '</text>\n'
        if environment.getattr(l_1_k, 'sub'):
            pass
            yield '<text x="'
            yield escape(environment.getattr(l_1_k, 'x'))
            yield '" y="'
            yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y') + 28))
            yield '" transform="rotate(-35 '
            yield escape(environment.getattr(l_1_k, 'x'))
            yield ' '
            yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y') + 28))
            yield ')" text-anchor="end">'
            yield escape(environment.getattr(l_1_k, 'sub'))
            yield '</text>'
    l_1_k = missing
    yield '<text x="'
    yield escape(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'label_x'))
    yield '" y="'
    yield escape((environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'axis_y') + 16))
    yield '" text-anchor="end">step</text>\n</svg>\n<p class="legend small">'
    for l_1_p in t_24(environment, environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'periods'), attribute='phase'):
        l_1_phase_name = resolve('phase_name')
        _loop_vars = {}
        pass
        yield '<span>'
        yield escape(context.call((undefined(name='phase_name') if l_1_phase_name is missing else l_1_phase_name), environment.getattr(l_1_p, 'phase'), environment.getattr(l_1_p, 'title'), _loop_vars=_loop_vars))
        yield ' <code>'
        yield escape(environment.getattr(l_1_p, 'phase'))
        yield '</code></span>'
    l_1_p = l_1_phase_name = missing
    yield '</p>\n<h3>Moves between phases</h3>\n<table class="moves">\n<thead><tr><th>move</th><th>entered</th><th>left</th><th>inject</th><th>scenario time</th><th>wall time</th></tr></thead>\n<tbody>\n'
    for l_1_m in environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'summary'), 'phase_changes'):
        _loop_vars = {}
        pass
        yield '<tr><td>'
        yield escape(environment.getattr(l_1_m, 'title'))
        if environment.getattr(l_1_m, 'trigger'):
            pass
            yield '<br><code class="muted">'
            yield escape(environment.getattr(l_1_m, 'trigger'))
            yield '</code>'
        yield '</td><td>'
        yield escape(t_14(environment.getattr(l_1_m, 'entered')))
        yield '</td><td>'
        yield escape(t_14(environment.getattr(l_1_m, 'left')))
        yield '</td><td>'
        if environment.getattr(l_1_m, 'inject'):
            pass
            yield '<code>'
            yield escape(t_2(environment.getattr(l_1_m, 'inject')))
            yield '</code>'
        else:
            pass
            yield '–'
        yield '</td><td class="nowrap">'
        yield escape((environment.getattr(l_1_m, 'scenario_time') or '–'))
        yield '</td><td class="nowrap">'
        yield escape(t_26(environment.getattr(l_1_m, 'at'), environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'cover'), 'started_at')))
        yield '</td></tr>\n'
    l_1_m = missing
    yield '</tbody>\n</table>\n</section>\n\n<section class="flow" id="coverage">\n<h2>4. Clause coverage</h2>\n'
    l_0_mx = environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'coverage'), 'matrix')
    _block_vars['mx'] = l_0_mx
    yield '<div class="matrix-block">\n'
    l_0_measure_words = {'presented': 'presented with an inject', 'discussed': 'discussed by the room', 'cited': 'cited by the room'}
    _block_vars['measure_words'] = l_0_measure_words
    yield '<p class="small">Each cell: of the chapter\'s clauses that apply in the phase, how many were '
    l_1_loop = missing
    for l_1_m, l_1_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'), undefined):
        _loop_vars = {}
        pass
        yield escape(context.call(environment.getattr((undefined(name='measure_words') if l_0_measure_words is missing else l_0_measure_words), 'get'), l_1_m, l_1_m, _loop_vars=_loop_vars))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ' / '
    l_1_loop = l_1_m = missing
    yield " while it held, each counted once, at the furthest; withdrawn and out-of-phase citations do not count. <em>+N prep.</em>: besides, N of the chapter's clauses only preparatory in the phase (their measures may be taken before the situation is determined) went as far as the column counts, apart from the share; uncited, no gap. A dash: nothing of the chapter applies.</p>\n"
    if environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'rows'):
        pass
        yield '<table class="matrix">\n<thead><tr><th rowspan="'
        yield escape((2 if (t_4(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures')) > 1) else 1))
        yield '">chapter</th>'
        for l_1_p in environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'phases'):
            l_1_phase_name = resolve('phase_name')
            _loop_vars = {}
            pass
            yield '<th'
            if (t_4(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures')) > 1):
                pass
                yield ' colspan="'
                yield escape(t_4(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures')))
                yield '" class="phase-start"'
            yield '>'
            yield escape(context.call((undefined(name='phase_name') if l_1_phase_name is missing else l_1_phase_name), environment.getattr(l_1_p, 'phase'), environment.getattr(l_1_p, 'title'), _loop_vars=_loop_vars))
            yield '</th>'
        l_1_p = l_1_phase_name = missing
        yield '</tr>\n'
        if (t_4(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures')) > 1):
            pass
            yield '<tr>'
            l_1_loop = missing
            for l_1_p, l_1_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'phases'), undefined):
                _loop_vars = {}
                pass
                l_2_loop = missing
                for l_2_m, l_2_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'), undefined):
                    _loop_vars = {}
                    pass
                    yield '<th class="measure'
                    if environment.getattr(l_2_loop, 'first'):
                        pass
                        yield ' phase-start'
                    yield '">'
                    yield escape(l_2_m)
                    yield '</th>'
                l_2_loop = l_2_m = missing
            l_1_loop = l_1_p = missing
            yield '</tr>'
        yield '</thead>\n<tbody>\n'
        l_1_loop = missing
        for l_1_r, l_1_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'rows'), undefined):
            _loop_vars = {}
            pass
            yield '<tr><td><code>'
            yield escape(environment.getattr(l_1_r, 'chapter'))
            yield '</code> '
            yield escape(environment.getattr(l_1_r, 'title'))
            yield '</td>'
            l_2_loop = missing
            for l_2_cell, l_2_loop in LoopContext(environment.getattr(l_1_r, 'cells'), undefined):
                l_2_untouched = missing
                _loop_vars = {}
                pass
                l_2_untouched = (t_22(environment, context.call(environment.getattr(environment.getattr(l_2_cell, 'counts'), 'values'), _loop_vars=_loop_vars)) == 0)
                _loop_vars['untouched'] = l_2_untouched
                l_3_loop = missing
                for l_3_m, l_3_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'), undefined):
                    _loop_vars = {}
                    pass
                    yield '<td class="cell'
                    if (environment.getattr(l_3_loop, 'first') and (t_4(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures')) > 1)):
                        pass
                        yield ' phase-start'
                    if (not environment.getattr(l_2_cell, 'applicable')):
                        pass
                        yield ' na'
                    elif (undefined(name='untouched') if l_2_untouched is missing else l_2_untouched):
                        pass
                        yield ' none'
                    yield '">'
                    if environment.getattr(l_2_cell, 'applicable'):
                        pass
                        yield escape(environment.getitem(environment.getattr(l_2_cell, 'counts'), l_3_m))
                        yield '/'
                        yield escape(environment.getattr(l_2_cell, 'applicable'))
                    else:
                        pass
                        yield '–'
                    if context.call(environment.getattr(environment.getattr(l_2_cell, 'preparatory_counts'), 'get'), l_3_m, _loop_vars=_loop_vars):
                        pass
                        yield ' <span class="prep">+'
                        yield escape(environment.getitem(environment.getattr(l_2_cell, 'preparatory_counts'), l_3_m))
                        yield ' prep.</span>'
                    yield '</td>'
                l_3_loop = l_3_m = missing
            l_2_loop = l_2_cell = l_2_untouched = missing
            yield '</tr>\n'
        l_1_loop = l_1_r = missing
        yield '</tbody>\n<tfoot><tr><th>all chapters</th>'
        l_1_loop = missing
        for l_1_cell, l_1_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'totals'), undefined):
            _loop_vars = {}
            pass
            l_2_loop = missing
            for l_2_m, l_2_loop in LoopContext(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures'), undefined):
                _loop_vars = {}
                pass
                yield '<th class="cell'
                if (environment.getattr(l_2_loop, 'first') and (t_4(environment.getattr((undefined(name='mx') if l_0_mx is missing else l_0_mx), 'measures')) > 1)):
                    pass
                    yield ' phase-start'
                yield '">'
                yield escape(environment.getitem(environment.getattr(l_1_cell, 'counts'), l_2_m))
                yield '/'
                yield escape(environment.getattr(l_1_cell, 'applicable'))
                if context.call(environment.getattr(environment.getattr(l_1_cell, 'preparatory_counts'), 'get'), l_2_m, _loop_vars=_loop_vars):
                    pass
                    yield ' <span class="prep">+'
                    yield escape(environment.getitem(environment.getattr(l_1_cell, 'preparatory_counts'), l_2_m))
                    yield ' prep.</span>'
                yield '</th>'
            l_2_loop = l_2_m = missing
        l_1_loop = l_1_cell = missing
        yield '</tr></tfoot>\n</table>\n'
    yield '</div>\n<h3>Clauses exercised, by phase <span class="small muted">(the number of citations; titles and text in Appendix B)</span></h3>\n'
    l_1_loop = missing
    for l_1_pc, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'coverage'), 'phases'), undefined):
        l_1_phase_name = resolve('phase_name')
        l_1_done = missing
        _loop_vars = {}
        pass
        yield '<p class="phase-line"><strong>'
        yield escape(context.call((undefined(name='phase_name') if l_1_phase_name is missing else l_1_phase_name), environment.getattr(l_1_pc, 'phase'), environment.getattr(l_1_pc, 'title'), _loop_vars=_loop_vars))
        yield '</strong>: '
        yield escape(environment.getattr(l_1_pc, 'exercised'))
        yield ' of '
        yield escape(environment.getattr(l_1_pc, 'applicable'))
        yield ' exercised'
        if environment.getattr(l_1_pc, 'exercised_preparatory'):
            pass
            yield ', '
            yield escape(environment.getattr(l_1_pc, 'exercised_preparatory'))
            yield ' preparatory'
        if (environment.getattr(l_1_pc, 'exercised') or environment.getattr(l_1_pc, 'exercised_preparatory')):
            pass
            yield ':'
        else:
            pass
            yield '.'
        yield '</p>\n'
        l_1_done = t_16(context.eval_ctx, t_21(context, environment.getattr(l_1_pc, 'clauses'), 'exercised'))
        _loop_vars['done'] = l_1_done
        if (undefined(name='done') if l_1_done is missing else l_1_done):
            pass
            yield '<p class="exercised clause-ids">'
            l_2_loop = missing
            for l_2_t, l_2_loop in LoopContext((undefined(name='done') if l_1_done is missing else l_1_done), undefined):
                _loop_vars = {}
                pass
                yield '<a href="#clause-'
                yield escape(environment.getattr(l_2_t, 'clause'))
                yield '"><code title="'
                yield escape(environment.getattr(l_2_t, 'title'))
                yield '">'
                yield escape(environment.getattr(l_2_t, 'clause'))
                yield '</code></a> '
                if (environment.getattr(l_2_t, 'applicability') == 'preparatory'):
                    pass
                    yield '<span class="cov-prep">preparatory ('
                    yield escape(environment.getattr(l_2_t, 'citations'))
                    if (environment.getattr(l_2_t, 'taken_up') and (environment.getattr(l_2_t, 'taken_up') != 'cited')):
                        pass
                        yield ', '
                        yield escape(environment.getattr(l_2_t, 'taken_up'))
                    yield ')</span>'
                else:
                    pass
                    yield '<span class="cov-yes">('
                    yield escape(environment.getattr(l_2_t, 'citations'))
                    if (environment.getattr(l_2_t, 'taken_up') and (environment.getattr(l_2_t, 'taken_up') != 'cited')):
                        pass
                        yield ', '
                        yield escape(environment.getattr(l_2_t, 'taken_up'))
                    yield ')</span>'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ', '
            l_2_loop = l_2_t = missing
            yield '</p>'
    l_1_loop = l_1_pc = l_1_phase_name = l_1_done = missing
    yield '</section>\n\n<section class="flow" id="injects">\n<h2>5. Record of play</h2>\n<p class="small muted">Each inject as first delivered, with the clauses cited for it (presented by the scenario unless marked: <em>suggestion</em> and <em>facilitator</em> cited by the room, <em>discussed</em> by it), the notes and the decisions; its determinations are in section 2, its expected actions in section 1.</p>\n<div class="record">\n'
    l_1_loop = missing
    t_30 = 1
    for l_1_i, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'injects'), undefined):
        _loop_vars = {}
        pass
        yield '<article class="inject" id="inject-'
        yield escape(environment.getattr(l_1_i, 'id'))
        yield '">\n<h3>'
        yield escape(environment.getattr(l_1_i, 'step'))
        yield '. '
        yield escape(environment.getattr(l_1_i, 'title'))
        yield ' <code class="muted">'
        yield escape(environment.getattr(l_1_i, 'id'))
        yield '</code></h3>\n<p class="meta">'
        yield escape((environment.getattr(l_1_i, 'scenario_time') or 'no scenario time'))
        yield ' · '
        yield escape(t_14(environment.getattr(l_1_i, 'phases')))
        yield ' · '
        yield escape(t_26(environment.getattr(l_1_i, 'at'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'started_at')))
        if environment.getattr(l_1_i, 'module'):
            pass
            yield ' · '
            yield escape(environment.getattr(l_1_i, 'module'))
        if environment.getattr(l_1_i, 'addressees'):
            pass
            yield ' · to '
            yield escape(t_15(context.eval_ctx, environment.getattr(l_1_i, 'addressees'), ', '))
        if environment.getattr(l_1_i, 'adhoc'):
            pass
            yield ' <span class="tag adhoc">ad-hoc</span>'
        if environment.getattr(l_1_i, 'contingency'):
            pass
            yield ' <span class="tag contingency">contingency</span>'
        if environment.getattr(l_1_i, 'without_move'):
            pass
            yield ' <span class="tag without">delivered without its move</span>'
        yield '</p>\n<div class="narrative">'
        yield escape(t_18(environment.getattr(l_1_i, 'narrative')))
        yield '</div>\n'
        if environment.getattr(l_1_i, 'citations'):
            pass
            yield '<div class="cited"><strong>Cited:</strong>'
            l_2_loop = missing
            for l_2_ci, l_2_loop in LoopContext(environment.getattr(l_1_i, 'citations'), undefined):
                _loop_vars = {}
                pass
                yield ' <div class="citation'
                if environment.getattr(l_2_ci, 'withdrawn'):
                    pass
                    yield ' withdrawn'
                yield '"><span class="what"><a href="#clause-'
                yield escape(environment.getattr(l_2_ci, 'clause'))
                yield '"><code>'
                yield escape(environment.getattr(l_2_ci, 'clause'))
                yield '</code></a> '
                yield escape(environment.getattr(l_2_ci, 'title'))
                yield '</span>'
                if (environment.getattr(l_2_ci, 'source') != 'scenario'):
                    pass
                    yield ' <span class="tag">'
                    yield escape(environment.getattr(l_2_ci, 'source'))
                    yield '</span>'
                if environment.getattr(l_2_ci, 'out_of_phase'):
                    pass
                    yield '<span class="tag oop">out of phase</span>'
                if environment.getattr(l_2_ci, 'withdrawn'):
                    pass
                    yield '<span class="tag">withdrawn</span>'
                    if environment.getattr(l_2_ci, 'withdrawal_reason'):
                        pass
                        yield ' <span class="small">'
                        yield escape(environment.getattr(l_2_ci, 'withdrawal_reason'))
                        yield '</span>'
                if (environment.getattr(l_2_ci, 'reason') and (not t_27(environment.getattr(l_2_ci, 'reason'), environment.getattr(l_2_ci, 'source')))):
                    pass
                    yield ' <span class="what small reason">('
                    yield escape(environment.getattr(l_2_ci, 'reason'))
                    yield ')</span>'
                yield '</div>'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ';'
            l_2_loop = l_2_ci = missing
            yield '</div>\n'
        for l_2_note in environment.getattr(l_1_i, 'notes'):
            l_2_many_seats = resolve('many_seats')
            _loop_vars = {}
            pass
            yield '<p class="said"><strong>Note:</strong> '
            yield escape(environment.getattr(l_2_note, 'text'))
            yield ' <span class="muted small">('
            yield escape(t_26(environment.getattr(l_2_note, 'at'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'started_at')))
            if (environment.getattr(l_2_note, 'recorded_by') and (undefined(name='many_seats') if l_2_many_seats is missing else l_2_many_seats)):
                pass
                yield ', '
                yield escape(environment.getattr(l_2_note, 'recorded_by'))
            yield ')</span></p>\n'
        l_2_note = l_2_many_seats = missing
        for l_2_d in environment.getattr(l_1_i, 'decisions'):
            l_2_many_seats = resolve('many_seats')
            _loop_vars = {}
            pass
            yield '<p class="said"><strong>Decision, '
            yield escape(environment.getattr(l_2_d, 'decided_by'))
            yield ':</strong> '
            yield escape(environment.getattr(l_2_d, 'decision'))
            if (environment.getattr(l_2_d, 'recorded_by') and (undefined(name='many_seats') if l_2_many_seats is missing else l_2_many_seats)):
                pass
                yield ' <span class="muted small">(recorded by '
                yield escape(environment.getattr(l_2_d, 'recorded_by'))
                yield ')</span>'
            yield '</p>\n'
        l_2_d = l_2_many_seats = missing
        yield '</article>\n'
        t_30 = 0
    l_1_loop = l_1_i = missing
    if t_30:
        pass
        yield '<p class="muted">No inject was delivered.</p>\n'
    yield '</div>\n</section>\n\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'prompts'):
        pass
        yield '<section class="flow" id="answers">\n<h2>6. What the cells answered</h2>\n'
        for l_1_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'prompts'):
            _loop_vars = {}
            pass
            yield '<h3><code>'
            yield escape(environment.getattr(l_1_p, 'prompt'))
            yield '</code> '
            yield escape(environment.getitem({'question': 'Question', 'poll': 'Poll', 'self_rating': 'Self-rating', 'proposal': 'Proposed action'}, environment.getattr(l_1_p, 'kind')))
            yield ': '
            yield escape(environment.getattr(l_1_p, 'text'))
            yield '</h3>\n<p class="meta">'
            if environment.getattr(l_1_p, 'inject_title'):
                pass
                yield 'At '
                yield escape(environment.getattr(l_1_p, 'inject_title'))
                yield '; '
            yield 'asked of '
            if environment.getattr(l_1_p, 'cells'):
                pass
                yield escape(t_15(context.eval_ctx, environment.getattr(l_1_p, 'cells'), ', '))
            else:
                pass
                yield 'every cell'
            yield '; opened '
            yield escape(t_26(environment.getattr(l_1_p, 'opened_at'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'started_at')))
            yield ', '
            if environment.getattr(l_1_p, 'closed_at'):
                pass
                yield 'closed '
                yield escape(t_26(environment.getattr(l_1_p, 'closed_at'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'started_at')))
            else:
                pass
                yield 'never closed'
            yield '; '
            yield escape(('revealed to the room' if environment.getattr(l_1_p, 'revealed') else 'not revealed'))
            yield '.</p>\n'
            if environment.getattr(l_1_p, 'poll'):
                pass
                yield '<table><thead><tr><th>option</th><th>votes</th></tr></thead><tbody>'
                for l_2_r in environment.getattr(l_1_p, 'poll'):
                    _loop_vars = {}
                    pass
                    yield '<tr><td>'
                    yield escape(environment.getattr(l_2_r, 'option'))
                    yield '</td><td>'
                    yield escape(environment.getattr(l_2_r, 'votes'))
                    yield '</td></tr>'
                l_2_r = missing
                yield '</tbody></table>'
            if (environment.getattr(l_1_p, 'kind') == 'self_rating'):
                pass
                yield "<p>Evaluator's rating: "
                if environment.getattr(l_1_p, 'evaluator_rating'):
                    pass
                    yield '<b>'
                    yield escape(environment.getattr(l_1_p, 'evaluator_rating'))
                    yield '</b> ('
                    yield escape(environment.getitem((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), environment.getattr(l_1_p, 'evaluator_rating')))
                    yield ')'
                    if environment.getattr(l_1_p, 'evaluator_observation'):
                        pass
                        yield ': '
                        yield escape(environment.getattr(l_1_p, 'evaluator_observation'))
                else:
                    pass
                    yield 'not rated'
                yield '.</p>'
            if environment.getattr(l_1_p, 'by_cell'):
                pass
                yield '<table><thead><tr><th>cell</th><th>answer</th><th>from</th><th>at</th></tr></thead><tbody>\n'
                for l_2_c in environment.getattr(l_1_p, 'by_cell'):
                    _loop_vars = {}
                    pass
                    for l_3_a in environment.getattr(l_2_c, 'answers'):
                        _loop_vars = {}
                        pass
                        yield '<tr><td>'
                        yield escape(environment.getattr(l_2_c, 'cell_name'))
                        yield '</td><td>'
                        if environment.getattr(l_3_a, 'choice'):
                            pass
                            yield escape(environment.getattr(l_3_a, 'choice'))
                        if environment.getattr(l_3_a, 'rating'):
                            pass
                            yield '<b>'
                            yield escape(environment.getattr(l_3_a, 'rating'))
                            yield '</b> ('
                            yield escape(environment.getitem((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), environment.getattr(l_3_a, 'rating')))
                            yield ')'
                        if environment.getattr(l_3_a, 'clause'):
                            pass
                            yield ' <code>'
                            yield escape(environment.getattr(l_3_a, 'clause'))
                            yield '</code>'
                        if environment.getattr(l_3_a, 'text'):
                            pass
                            if ((environment.getattr(l_3_a, 'choice') or environment.getattr(l_3_a, 'rating')) or environment.getattr(l_3_a, 'clause')):
                                pass
                                yield ': '
                            yield escape(environment.getattr(l_3_a, 'text'))
                        yield '</td><td>'
                        if environment.getattr(l_3_a, 'seat'):
                            pass
                            yield 'seat '
                            yield escape(environment.getattr(l_3_a, 'seat'))
                            if environment.getattr(l_3_a, 'seat_revoked_at'):
                                pass
                                yield ' <span class="tag">seat revoked afterwards, '
                                yield escape(t_26(environment.getattr(l_3_a, 'seat_revoked_at'), environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'cover'), 'started_at')))
                                yield '</span>'
                        else:
                            pass
                            yield 'on paper'
                        yield '</td><td class="nowrap">'
                        yield escape(t_26(environment.getattr(l_3_a, 'at'), environment.getattr(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'cover'), 'started_at')))
                        yield '</td></tr>\n'
                    l_3_a = missing
                l_2_c = missing
                yield '</tbody></table>\n'
            else:
                pass
                yield '<p class="muted">No cell answered.</p>'
        l_1_p = missing
        yield '</section>\n'
    yield '\n<section class="flow" id="improvement-plan">\n<h2>Appendix A. Improvement plan</h2>\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'):
        pass
        yield '<table class="plan">\n<thead><tr><th>#</th><th>issue</th><th>corrective action</th><th>capability element</th><th>responsible organisation</th><th>point of contact</th><th>start</th><th>completion</th><th>status</th></tr></thead>\n<tbody>\n'
        for l_1_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'):
            _loop_vars = {}
            pass
            yield '<tr'
            if (environment.getattr(l_1_p, 'status') == 'draft'):
                pass
                yield ' class="draft"'
            yield '><td class="id">'
            yield escape(environment.getattr(l_1_p, 'number'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_p, 'issue'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_p, 'corrective_action'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_p, 'capability_element'))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_p, 'responsible_organisation') or '–'))
            yield '</td><td>'
            yield escape((environment.getattr(l_1_p, 'point_of_contact') or '–'))
            yield '</td><td class="nowrap">'
            yield escape((environment.getattr(l_1_p, 'start_date') or '–'))
            yield '</td><td class="nowrap">'
            yield escape((environment.getattr(l_1_p, 'completion_date') or '–'))
            yield '</td><td>'
            if (environment.getattr(l_1_p, 'status') == 'draft'):
                pass
                yield '<span class="tag draft">draft, open</span><br><span class="small muted">to settle: '
                yield escape(t_15(context.eval_ctx, environment.getattr(l_1_p, 'missing'), ', '))
                yield '</span>'
            else:
                pass
                yield escape(environment.getattr(l_1_p, 'status'))
                if environment.getattr(l_1_p, 'closed_at'):
                    pass
                    yield ' <span class="nowrap">on '
                    yield escape(t_25(environment.getattr(l_1_p, 'closed_at')))
                    yield '</span>'
                if environment.getattr(l_1_p, 'closing_remark'):
                    pass
                    yield '<br><span class="small muted">'
                    yield escape(environment.getattr(l_1_p, 'closing_remark'))
                    yield '</span>'
            yield '</td></tr>\n'
        l_1_p = missing
        yield '</tbody>\n</table>\n'
        if t_16(context.eval_ctx, t_21(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'improvement_plan'), 'status', 'equalto', 'draft')):
            pass
            yield '<p class="small muted">A <em>draft</em> is open with the fields its status lists still to settle; the After-Action Meeting completes it (<code>tabletop ip complete</code>, by its number).</p>'
    else:
        pass
        yield '<p class="muted">No improvement item recorded.</p>'
    yield '</section>\n\n<section class="flow" id="appendix">\n<h2>Appendix B. The clauses cited, verbatim</h2>\n<div class="clauses">\n'
    l_1_loop = missing
    t_31 = 1
    for l_1_a, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'appendix'), undefined):
        l_1_index_of = resolve('index_of')
        l_1_e = missing
        _loop_vars = {}
        pass
        l_1_e = environment.getitem((undefined(name='index_of') if l_1_index_of is missing else l_1_index_of), environment.getattr(l_1_a, 'clause'))
        _loop_vars['e'] = l_1_e
        yield '<div class="clause">\n<h3 id="clause-'
        yield escape(environment.getattr(l_1_a, 'clause'))
        yield '"><code>'
        yield escape(environment.getattr(l_1_a, 'clause'))
        yield '</code> '
        yield escape(environment.getattr(l_1_a, 'title'))
        yield '</h3>\n<p class="meta">'
        if environment.getattr(l_1_a, 'context'):
            pass
            yield '<span title="'
            yield escape(t_15(context.eval_ctx, environment.getattr(l_1_a, 'context'), ' › '))
            yield '">in '
            yield escape(t_15(context.eval_ctx, t_17(context, environment.getattr(l_1_a, 'context'), 'label_id'), ' › '))
            yield '</span> · '
        yield 'cited for '
        l_2_loop = missing
        t_32 = 1
        for l_2_i, l_2_loop in LoopContext(environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'injects'), undefined):
            _loop_vars = {}
            pass
            yield '<a href="#inject-'
            yield escape(l_2_i)
            yield '"><code>'
            yield escape(l_2_i)
            yield '</code></a>'
            if (not environment.getattr(l_2_loop, 'last')):
                pass
                yield ', '
            t_32 = 0
        l_2_loop = l_2_i = missing
        if t_32:
            pass
            yield 'none in force'
        if environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'withdrawn_from'):
            pass
            yield '; <span class="muted">withdrawn from '
            yield escape(t_15(context.eval_ctx, environment.getattr((undefined(name='e') if l_1_e is missing else l_1_e), 'withdrawn_from'), ', '))
            yield '</span>'
        yield '</p>\n<div class="verbatim">'
        if environment.getattr(l_1_a, 'text'):
            pass
            yield escape(t_18(environment.getattr(l_1_a, 'text')))
        else:
            pass
            yield '<p class="muted">(a heading: its text is in its sub-clauses)</p>'
        yield '</div>\n</div>\n'
        t_31 = 0
    l_1_loop = l_1_a = l_1_index_of = l_1_e = missing
    if t_31:
        pass
        yield '<p class="muted">No clause was cited.</p>\n'
    yield '</div>\n</section>\n\n<section class="flow" id="provenance">\n<h2>Appendix C. Provenance</h2>\n<dl class="provenance small">\n<dt>Session</dt><dd><code>'
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'session_id'))
    yield '</code>'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'dry_run'):
        pass
        yield ' <span class="tag assumed">dry-run</span>'
    yield '</dd>\n<dt>Scenario file</dt><dd>'
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'scenario_name'))
    yield '</dd>\n<dt>Clause texts</dt><dd>'
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rules_title'))
    yield ': '
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rules_version'))
    yield '</dd>\n<dt>Recorded with</dt><dd>tabletop '
    yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'recorded_with'))
    yield '; report by tabletop '
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'generated_by'))
    yield '</dd>\n'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged'):
        pass
        yield '<dt>Salvaged</dt><dd>'
        yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'salvaged'))
        yield '</dd>'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'imported'):
        pass
        yield '<dt>Imported</dt><dd>'
        yield escape(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'imported'))
        yield '</dd>'
    yield '</dl>\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'seats'):
        pass
        yield '<h3>Who recorded</h3>\n<table class="seats">\n<thead><tr><th>seat</th><th>notes</th><th>decisions</th><th>ratings</th><th>hot wash</th><th>other records</th></tr></thead>\n<tbody>\n'
        for l_1_seat in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'seats'):
            _loop_vars = {}
            pass
            yield '<tr><td>'
            yield escape(environment.getattr(l_1_seat, 'seat'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_seat, 'notes'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_seat, 'decisions'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_seat, 'ratings'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_seat, 'hot_wash'))
            yield '</td><td>'
            yield escape(environment.getattr(l_1_seat, 'other'))
            yield '</td></tr>\n'
        l_1_seat = missing
        yield '</tbody>\n</table>\n'
    yield '<table class="hashes">\n<thead><tr><th>role</th><th>stored text the session was played from</th><th>SHA-256</th></tr></thead>\n<tbody>\n'
    for l_1_d in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'documents'):
        _loop_vars = {}
        pass
        yield '<tr><td class="nowrap">'
        yield escape(environment.getattr(l_1_d, 'role'))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_d, 'name'))
        yield '</td><td class="hash">'
        yield escape(environment.getattr(l_1_d, 'sha256'))
        yield '</td></tr>\n'
    l_1_d = missing
    yield '</tbody>\n</table>\n<p class="small muted">The report is made from the session file alone; the same file and the same tabletop version give the same document, byte for byte.</p>\n</section>\n'

blocks = {'title': block_title, 'style': block_style, 'body': block_body}
debug_info = '4=50&5=53&6=56&7=59&8=62&9=65&10=68&12=80&13=102&14=157&96=179&97=257&98=286&99=346&11=373&15=385&100=395&103=506&104=508&107=511&108=514&111=517&112=523&113=529&114=531&115=535&121=537&122=539&123=541&124=549&125=577&126=587&127=604&129=610&133=613&139=634&143=637&149=668&151=673&152=675&153=677&158=700&159=702&160=705&165=742&166=749&168=751&169=753&171=767&175=770&180=782&181=786&182=788&184=804&185=806&186=808&187=810&188=813&193=844&194=846&199=849&204=857&205=859&207=862&208=866&209=868&212=885&217=897&221=901&222=906&224=924&228=936&233=951&234=954&238=958&239=964&240=974&251=989&252=992&253=996&254=1000&255=1008&257=1015&258=1019&259=1021&261=1028&263=1058&264=1066&265=1070&266=1078&267=1084&269=1099&271=1103&276=1114&277=1118&285=1144&287=1147&288=1151&289=1160&291=1163&292=1180&295=1203&298=1253&303=1279&304=1285&305=1303&306=1305&314=1346&315=1350&316=1352&317=1358&318=1371&319=1381&320=1383&322=1387&323=1423&327=1428&329=1442&338=1464&341=1467&342=1471&343=1477&344=1502&345=1515&346=1533&347=1536&356=1591&360=1594&364=1639&371=1648&372=1653&374=1656&375=1662&376=1694&387=1707&388=1713&389=1715&390=1719&391=1723&392=1728&394=1734&399=1737&406=1756'
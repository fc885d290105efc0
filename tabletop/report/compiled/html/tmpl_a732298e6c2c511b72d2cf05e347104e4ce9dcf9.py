from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'coverage.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_doc = resolve('doc')
    l_0_marking = l_0_counted = l_0_phase_name = missing
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    parent_template = environment.get_template('_base.html.j2', 'coverage.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    l_0_marking = environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification')
    context.vars['marking'] = l_0_marking
    context.exported_vars.add('marking')
    l_0_counted = t_1(context.eval_ctx, t_2(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions'), 'counted'))
    context.vars['counted'] = l_0_counted
    context.exported_vars.add('counted')
    included_template = environment.get_template('_phases.html.j2', 'coverage.html.j2').make_module(context.get_all(), True, {'counted': l_0_counted, 'marking': l_0_marking, 'phase_name': l_0_phase_name})
    l_0_phase_name = getattr(included_template, 'phase_name', missing)
    if l_0_phase_name is missing:
        l_0_phase_name = undefined(f"the template {included_template.__name__!r} (imported on line 4 in 'coverage.html.j2') does not export the requested name 'phase_name'", name='phase_name')
    context.vars['phase_name'] = l_0_phase_name
    context.exported_vars.discard('phase_name')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_counted = resolve('counted')
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield 'Clause coverage across '
    yield escape(t_3((undefined(name='counted') if l_0_counted is missing else l_0_counted)))
    yield ' session(s)'

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_counted = resolve('counted')
    l_0_doc = resolve('doc')
    l_0_chapter_bars = resolve('chapter_bars')
    l_0_shared = missing
    try:
        t_4 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_5 = environment.filters['percent']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'percent' found.")
    try:
        t_2 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_6 = environment.filters['truncate']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'truncate' found.")
    try:
        t_7 = environment.filters['when']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'when' found.")
    try:
        t_8 = environment.filters['yesno']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'yesno' found.")
    pass
    yield '<section>\n<p class="muted">Clause coverage across a programme</p>\n<h1>The Guidelines exercised in '
    yield escape(t_3((undefined(name='counted') if l_0_counted is missing else l_0_counted)))
    yield ' session'
    yield escape(('' if (t_3((undefined(name='counted') if l_0_counted is missing else l_0_counted)) == 1) else 's'))
    yield '</h1>\n<p>A clause counts as exercised in a session when it was cited while a phase in which it applies held: presented (the scenario cites it for an inject delivered), discussed by the room, or cited by the room as a basis; each chapter says how many of each. Where a clause is only preparatory (its measures may be taken before its situation is determined), an uncited clause is no gap, and a cited one counts as exercised (preparatory), apart. Dry-runs are '
    yield escape(('counted' if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'included_dry_runs') else 'left out (they show what a scenario would cite, not what a room did)'))
    yield '. Report by tabletop '
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'generated_by'))
    yield '.</p>\n<h3>Sessions</h3>\n<table>\n<thead><tr><th>session</th><th>exercise</th><th>started</th><th>phases entered</th><th>counted</th></tr></thead>\n<tbody>\n'
    t_9 = 1
    for l_1_s in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions'):
        _loop_vars = {}
        pass
        yield '<tr><td><code>'
        yield escape(environment.getattr(l_1_s, 'session_id'))
        yield '</code>'
        if environment.getattr(l_1_s, 'dry_run'):
            pass
            yield ' <span class="tag assumed">dry-run</span>'
        yield '</td><td>'
        yield escape(environment.getattr(l_1_s, 'title'))
        yield '</td><td>'
        yield escape(t_7(environment.getattr(l_1_s, 'started_at')))
        yield '</td><td>'
        yield escape(t_4(context.eval_ctx, environment.getattr(l_1_s, 'phases_entered'), ', '))
        yield '</td><td>'
        yield escape(t_8(environment.getattr(l_1_s, 'counted')))
        yield '</td></tr>\n'
        t_9 = 0
    l_1_s = missing
    if t_9:
        pass
        yield '<tr><td colspan="5" class="muted">No session.</td></tr>\n'
    yield '</tbody>\n</table>\n'
    l_0_shared = t_1(context.eval_ctx, t_2(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions'), 'copies'))
    _block_vars['shared'] = l_0_shared
    if (undefined(name='shared') if l_0_shared is missing else l_0_shared):
        pass
        yield '<p class="small">Each session counts once, however many files given hold it (the same session id stored in each):</p>\n<ul class="small">\n'
        l_1_loop = missing
        for l_1_s, l_1_loop in LoopContext((undefined(name='shared') if l_0_shared is missing else l_0_shared), undefined):
            _loop_vars = {}
            pass
            yield '<li><code>'
            yield escape(environment.getattr(l_1_s, 'session_id'))
            yield '</code>: read from '
            if environment.getattr(l_1_s, 'file'):
                pass
                yield '<code>'
                yield escape(environment.getattr(l_1_s, 'file'))
                yield '</code>'
            else:
                pass
                yield 'the record given'
            yield ' ('
            yield escape(environment.getattr(l_1_s, 'events'))
            yield ' events); also in '
            l_2_loop = missing
            for l_2_c, l_2_loop in LoopContext(environment.getattr(l_1_s, 'copies'), undefined):
                _loop_vars = {}
                pass
                if environment.getattr(l_2_c, 'file'):
                    pass
                    yield '<code>'
                    yield escape(environment.getattr(l_2_c, 'file'))
                    yield '</code>'
                else:
                    pass
                    yield 'another record given'
                yield ' ('
                yield escape(environment.getattr(l_2_c, 'events'))
                yield ' events)'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ', '
            l_2_loop = l_2_c = missing
            yield ', not counted again.</li>\n'
        l_1_loop = l_1_s = missing
        yield '</ul>'
    if ((not (undefined(name='counted') if l_0_counted is missing else l_0_counted)) and environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions')):
        pass
        yield '<p class="banner">No session was counted: every one given is a dry-run. Add --include-dry-runs to count them.</p>'
    yield '</section>\n\n<section class="part" id="chapters">\n<h2>By chapter</h2>\n<svg class="chart" viewBox="0 0 '
    yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'width'))
    yield ' '
    yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'height'))
    yield '" role="img" aria-label="Clauses exercised per chapter">\n'
    for l_1_r in environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'rows'):
        _loop_vars = {}
        pass
        yield '<text x="'
        yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'label_x'))
        yield '" y="'
        yield escape((environment.getattr(l_1_r, 'y') + 15))
        yield '" text-anchor="end">'
        yield escape(t_6(environment, environment.getattr(l_1_r, 'label'), 38, True, '…'))
        yield '</text>\n<rect class="whole" x="'
        yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'bar_x'))
        yield '" y="'
        yield escape(environment.getattr(l_1_r, 'y'))
        yield '" width="'
        yield escape(environment.getattr(l_1_r, 'whole_width'))
        yield '" height="'
        yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'bar_height'))
        yield '"/>\n<rect class="part" x="'
        yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'bar_x'))
        yield '" y="'
        yield escape(environment.getattr(l_1_r, 'y'))
        yield '" width="'
        yield escape(environment.getattr(l_1_r, 'part_width'))
        yield '" height="'
        yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'bar_height'))
        yield '"/>\n<text x="'
        yield escape(environment.getattr((undefined(name='chapter_bars') if l_0_chapter_bars is missing else l_0_chapter_bars), 'text_x'))
        yield '" y="'
        yield escape((environment.getattr(l_1_r, 'y') + 15))
        yield '">'
        yield escape(environment.getattr(l_1_r, 'part'))
        yield ' / '
        yield escape(environment.getattr(l_1_r, 'whole'))
        yield '</text>\n'
    l_1_r = missing
    yield '</svg>\n<table>\n<thead><tr><th>chapter</th><th>applicable</th><th>exercised</th><th>share</th><th>presented</th><th>discussed</th><th>cited by the room</th><th>exercised (preparatory)</th></tr></thead>\n<tbody>\n'
    for l_1_ch in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'chapters'):
        _loop_vars = {}
        pass
        yield '<tr><td><code>'
        yield escape(environment.getattr(l_1_ch, 'chapter'))
        yield '</code> '
        yield escape(environment.getattr(l_1_ch, 'title'))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_ch, 'applicable'))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_ch, 'exercised'))
        yield '</td><td>'
        yield escape(t_5(environment.getattr(l_1_ch, 'exercised'), environment.getattr(l_1_ch, 'applicable')))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_ch, 'presented'))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_ch, 'discussed'))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_ch, 'cited'))
        yield '</td><td>'
        yield escape(environment.getattr(l_1_ch, 'exercised_preparatory'))
        yield '</td></tr>\n'
    l_1_ch = missing
    yield '</tbody>\n</table>\n</section>\n\n<section class="part" id="heat-map">\n<h2>By phase: heat map</h2>\n<p class="legend small">Of the sessions that entered the phase, in how many the clause was exercised while it held (presented by the scenario with an inject, discussed or cited by the room); <em>N prep.</em>: only preparatory there, N sessions exercised it so, apart from the scale:\n<span class="heat-key l0">never</span><span class="heat-key l1">up to ¼</span><span class="heat-key l2">up to ½</span><span class="heat-key l3">up to ¾</span><span class="heat-key l4">more</span><span class="heat-key na">does not apply</span><span class="heat-key prep">preparatory: no gap</span></p>\n<table class="heat">\n<thead><tr><th>clause</th><th>sessions</th>'
    for l_1_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phases'):
        l_1_phase_name = resolve('phase_name')
        _loop_vars = {}
        pass
        yield '<th>'
        yield escape(context.call((undefined(name='phase_name') if l_1_phase_name is missing else l_1_phase_name), l_1_p, environment.getitem(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_titles'), l_1_p), _loop_vars=_loop_vars))
        yield '<br><span class="small muted">'
        yield escape(environment.getitem(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_sessions'), l_1_p))
        yield ' session(s)</span></th>'
    l_1_p = l_1_phase_name = missing
    yield '</tr></thead>\n<tbody>\n'
    for l_1_c in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'clauses'):
        _loop_vars = {}
        pass
        yield '<tr><td><code>'
        yield escape(environment.getattr(l_1_c, 'clause'))
        yield '</code> '
        yield escape(environment.getattr(l_1_c, 'title'))
        yield '</td><td class="level">'
        yield escape(environment.getattr(l_1_c, 'sessions'))
        yield '</td>'
        for l_2_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phases'):
            l_2_heat_level = resolve('heat_level')
            _loop_vars = {}
            pass
            if (l_2_p in environment.getattr(l_1_c, 'applicable_in')):
                pass
                yield '<td class="level l'
                yield escape(context.call((undefined(name='heat_level') if l_2_heat_level is missing else l_2_heat_level), environment.getitem(environment.getattr(l_1_c, 'by_phase'), l_2_p), environment.getitem(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_sessions'), l_2_p), _loop_vars=_loop_vars))
                yield '">'
                yield escape(environment.getitem(environment.getattr(l_1_c, 'by_phase'), l_2_p))
                yield '</td>'
            elif (l_2_p in environment.getattr(l_1_c, 'preparatory_in')):
                pass
                yield '<td class="level prep" title="preparatory">'
                yield escape((environment.getitem(environment.getattr(l_1_c, 'by_phase_preparatory'), l_2_p) or ''))
                yield ' prep.</td>'
            else:
                pass
                yield '<td class="level na"></td>'
        l_2_p = l_2_heat_level = missing
        yield '</tr>\n'
    l_1_c = missing
    yield '</tbody>\n</table>\n</section>\n\n<section class="part" id="never">\n<h2>Never exercised</h2>\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'never_exercised'):
        pass
        yield '<p>'
        yield escape(t_3(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'never_exercised')))
        yield ' clause(s) applied in a phase some session entered and were never cited there:</p>\n<ul>\n'
        def t_10(fiter):
            for l_1_c in fiter:
                if (environment.getattr(l_1_c, 'clause') in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'never_exercised')):
                    yield l_1_c
        for l_1_c in t_10(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'clauses')):
            _loop_vars = {}
            pass
            yield '<li><code>'
            yield escape(environment.getattr(l_1_c, 'clause'))
            yield '</code> '
            yield escape(environment.getattr(l_1_c, 'title'))
            yield ' <span class="muted small">(applies in '
            yield escape(t_4(context.eval_ctx, environment.getattr(l_1_c, 'applicable_in'), ', '))
            yield ')</span></li>\n'
        l_1_c = missing
        yield '</ul>\n'
    elif (undefined(name='counted') if l_0_counted is missing else l_0_counted):
        pass
        yield '<p class="muted">Every clause that applied was exercised at least once.</p>\n'
    else:
        pass
        yield '<p class="muted">No session was counted, so no phase was entered and no clause exercised: there is nothing to measure yet.</p>\n'
    yield '</section>\n'

blocks = {'title': block_title, 'body': block_body}
debug_info = '1=26&2=29&3=32&4=35&5=43&6=62&9=123&10=127&15=132&20=156&21=158&23=162&26=201&31=205&32=209&33=213&34=219&35=227&36=235&42=245&53=269&55=280&56=284&64=313&65=316&67=318&70=334'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'coverage.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_doc = resolve('doc')
    l_0_counted = l_0_shared = missing
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
        t_5 = environment.filters['percent']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'percent' found.")
    try:
        t_6 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
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
    l_0_counted = t_4(context.eval_ctx, t_6(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions'), 'counted'))
    context.vars['counted'] = l_0_counted
    context.exported_vars.add('counted')
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification'):
        pass
        yield '**'
        yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification')))
        yield '**\n\n'
    yield '# Clause coverage across '
    yield str(environment.finalize(t_3((undefined(name='counted') if l_0_counted is missing else l_0_counted))))
    yield ' session(s)\n\nA clause counts as exercised in a session when it was cited while a phase in which it applies held: presented (the scenario cites it for an inject delivered), discussed by the room, or cited by the room as a basis; each chapter says how many of each. Where a clause is only preparatory (its measures may be taken before its situation is determined), an uncited clause is no gap, and a cited one counts as exercised (preparatory), apart. Dry-runs are '
    yield str(environment.finalize(('counted' if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'included_dry_runs') else 'left out (they show what a scenario would cite, not what a room did)')))
    yield '. Report by tabletop '
    yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'generated_by')))
    yield '.\n\n| session | exercise | started | phases entered | counted |\n|---|---|---|---|---|\n'
    for l_1_s in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(t_1(environment.getattr(l_1_s, 'session_id'))))
        if environment.getattr(l_1_s, 'dry_run'):
            pass
            yield ' (dry-run)'
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_s, 'title')))
        yield ' | '
        yield str(environment.finalize(t_7(environment.getattr(l_1_s, 'started_at'))))
        yield ' | '
        yield str(environment.finalize(t_2(context.eval_ctx, environment.getattr(l_1_s, 'phases_entered'), ', ')))
        yield ' | '
        yield str(environment.finalize(t_8(environment.getattr(l_1_s, 'counted'))))
        yield ' |\n'
    l_1_s = missing
    l_0_shared = t_4(context.eval_ctx, t_6(context, environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions'), 'copies'))
    context.vars['shared'] = l_0_shared
    context.exported_vars.add('shared')
    if (undefined(name='shared') if l_0_shared is missing else l_0_shared):
        pass
        yield '\nEach session counts once, however many files given hold it (the same session id stored in each):\n\n'
        l_1_loop = missing
        for l_1_s, l_1_loop in LoopContext((undefined(name='shared') if l_0_shared is missing else l_0_shared), undefined):
            _loop_vars = {}
            pass
            yield '- '
            yield str(environment.finalize(t_1(environment.getattr(l_1_s, 'session_id'))))
            yield ': read from '
            if environment.getattr(l_1_s, 'file'):
                pass
                yield str(environment.finalize(t_1(environment.getattr(l_1_s, 'file'))))
            else:
                pass
                yield 'the record given'
            yield ' ('
            yield str(environment.finalize(environment.getattr(l_1_s, 'events')))
            yield ' events); also in '
            l_2_loop = missing
            for l_2_c, l_2_loop in LoopContext(environment.getattr(l_1_s, 'copies'), undefined):
                _loop_vars = {}
                pass
                if environment.getattr(l_2_c, 'file'):
                    pass
                    yield str(environment.finalize(t_1(environment.getattr(l_2_c, 'file'))))
                else:
                    pass
                    yield 'another record given'
                yield ' ('
                yield str(environment.finalize(environment.getattr(l_2_c, 'events')))
                yield ' events)'
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    yield ', '
            l_2_loop = l_2_c = missing
            yield ', not counted again.\n'
        l_1_loop = l_1_s = missing
    if ((not (undefined(name='counted') if l_0_counted is missing else l_0_counted)) and environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'sessions')):
        pass
        yield '\n**No session was counted: every one given is a dry-run. Add --include-dry-runs to count them.**\n'
    yield '\n## By chapter\n\n| chapter | applicable | exercised | share | presented | discussed | cited by the room | exercised (preparatory) |\n|---|---|---|---|---|---|---|---|\n'
    for l_1_ch in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'chapters'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(t_1(environment.getattr(l_1_ch, 'chapter'))))
        yield ' '
        yield str(environment.finalize(environment.getattr(l_1_ch, 'title')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_ch, 'applicable')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_ch, 'exercised')))
        yield ' | '
        yield str(environment.finalize(t_5(environment.getattr(l_1_ch, 'exercised'), environment.getattr(l_1_ch, 'applicable'))))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_ch, 'presented')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_ch, 'discussed')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_ch, 'cited')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_ch, 'exercised_preparatory')))
        yield ' |\n'
    l_1_ch = missing
    yield '\n## By phase\n\nOf the sessions that entered each phase (their number beside its name), in how many the clause was exercised while the phase held: presented by the scenario with an inject, discussed or cited by the room ("–": the clause does not apply in that phase; "N prep.": it is only preparatory there and N sessions exercised it there so, apart from the count; "prep." alone: none did, which is no gap).\n\n| clause | sessions |'
    for l_1_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phases'):
        _loop_vars = {}
        pass
        yield ' '
        yield str(environment.finalize(environment.getitem(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_titles'), l_1_p)))
        yield ' ('
        yield str(environment.finalize(environment.getitem(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phase_sessions'), l_1_p)))
        yield ') |'
    l_1_p = missing
    yield '\n|---|---|'
    for l_1_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phases'):
        _loop_vars = {}
        pass
        yield '---|'
    l_1_p = missing
    yield '\n'
    for l_1_c in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'clauses'):
        _loop_vars = {}
        pass
        yield '| '
        yield str(environment.finalize(t_1(environment.getattr(l_1_c, 'clause'))))
        yield ' '
        yield str(environment.finalize(environment.getattr(l_1_c, 'title')))
        yield ' | '
        yield str(environment.finalize(environment.getattr(l_1_c, 'sessions')))
        yield ' |'
        for l_2_p in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'phases'):
            _loop_vars = {}
            pass
            yield ' '
            if (l_2_p in environment.getattr(l_1_c, 'applicable_in')):
                pass
                yield str(environment.finalize(environment.getitem(environment.getattr(l_1_c, 'by_phase'), l_2_p)))
            elif (l_2_p in environment.getattr(l_1_c, 'preparatory_in')):
                pass
                yield str(environment.finalize((environment.getitem(environment.getattr(l_1_c, 'by_phase_preparatory'), l_2_p) or '')))
                yield ' prep.'
            else:
                pass
                yield '–'
            yield ' |'
        l_2_p = missing
        yield '\n'
    l_1_c = missing
    yield '\n## Never exercised\n\n'
    def t_9(fiter):
        for l_1_c in fiter:
            if (environment.getattr(l_1_c, 'clause') in environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'never_exercised')):
                yield l_1_c
    t_10 = 1
    for l_1_c in t_9(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'clauses')):
        _loop_vars = {}
        pass
        yield '- '
        yield str(environment.finalize(t_1(environment.getattr(l_1_c, 'clause'))))
        yield ' '
        yield str(environment.finalize(environment.getattr(l_1_c, 'title')))
        yield ' (applies in '
        yield str(environment.finalize(t_2(context.eval_ctx, environment.getattr(l_1_c, 'applicable_in'), ', ')))
        yield ')\n'
        t_10 = 0
    l_1_c = missing
    if t_10:
        pass
        if (undefined(name='counted') if l_0_counted is missing else l_0_counted):
            pass
            yield 'Every clause that applied was exercised at least once.\n'
        else:
            pass
            yield 'No session was counted, so no phase was entered and no clause exercised: there is nothing to measure yet.\n'
    if environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification'):
        pass
        yield '\n**'
        yield str(environment.finalize(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'classification')))
        yield '**\n'

blocks = {}
debug_info = '1=61&2=64&3=67&6=70&8=72&12=76&13=80&15=94&16=97&20=101&21=105&24=135&33=139&34=143&41=163&43=173&45=179&46=183&52=208&53=217&55=227&61=233&63=236'
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'evaluators.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_doc = resolve('doc')
    l_0_rating_names = resolve('rating_names')
    l_0_cover = l_0_marking_end = missing
    try:
        t_1 = environment.filters['capitalize']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'capitalize' found.")
    try:
        t_2 = environment.filters['code']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'code' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['trusted']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'trusted' found.")
    pass
    included_template = environment.get_template('_handbook.md.j2', 'evaluators.md.j2')._get_default_module(context)
    l_0_cover = getattr(included_template, 'cover', missing)
    if l_0_cover is missing:
        l_0_cover = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'evaluators.md.j2') does not export the requested name 'cover'", name='cover')
    l_0_marking_end = getattr(included_template, 'marking_end', missing)
    if l_0_marking_end is missing:
        l_0_marking_end = undefined(f"the template {included_template.__name__!r} (imported on line 1 in 'evaluators.md.j2') does not export the requested name 'marking_end'", name='marking_end')
    context.vars.update({'cover': l_0_cover, 'marking_end': l_0_marking_end})
    context.exported_vars.difference_update(('cover', 'marking_end'))
    yield str(environment.finalize(t_4(context.call((undefined(name='cover') if l_0_cover is missing else l_0_cover), (undefined(name='doc') if l_0_doc is missing else l_0_doc), 'Exercise Evaluation Guides', 'For the evaluators. One guide per core capability: watch for each expected action, rate it, and write what you saw.'))))
    yield '\n## Using the guides\n\nEach guide lists, for every objective of a core capability, the actions the room is expected to take, inject by inject, in the order they are played. For each action, tick one rating and note what you observed: who did what, with what result, and why. Actions of a contingency inject are rated only if the inject is played.\n\n| rating | meaning |\n|---|---|\n'
    for (l_1_key, l_1_meaning) in context.call(environment.getattr((undefined(name='rating_names') if l_0_rating_names is missing else l_0_rating_names), 'items')):
        l_1_rating_notes = resolve('rating_notes')
        _loop_vars = {}
        pass
        yield '| **'
        yield str(environment.finalize(l_1_key))
        yield '** | '
        yield str(environment.finalize(t_1(l_1_meaning)))
        yield str(environment.finalize(environment.getitem((undefined(name='rating_notes') if l_1_rating_notes is missing else l_1_rating_notes), l_1_key)))
        yield ' |\n'
    l_1_key = l_1_meaning = l_1_rating_notes = missing
    yield "\nAfter the seminar, the ratings and observations are entered in the console against the inject and the action's key (`inject a1`, `inject a2`, ...), as printed beside each action; the after-action report shows them under the same objectives. Strengths and areas for improvement go to the hot wash.\n\n"
    l_1_loop = missing
    t_5 = 1
    for l_1_g, l_1_loop in LoopContext(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'evaluation'), undefined):
        _loop_vars = {}
        pass
        yield '## Exercise Evaluation Guide '
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index')))
        yield ' of '
        yield str(environment.finalize(t_3(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'evaluation'))))
        yield ': '
        if environment.getattr(l_1_g, 'capability'):
            pass
            yield str(environment.finalize(environment.getattr(l_1_g, 'capability')))
        elif environment.getattr(environment.getitem(environment.getattr(l_1_g, 'objectives'), 0), 'id'):
            pass
            yield 'objectives without a core capability'
        else:
            pass
            yield 'other expected actions'
        yield '\n\n'
        for l_2_o in environment.getattr(l_1_g, 'objectives'):
            _loop_vars = {}
            pass
            if environment.getattr(l_2_o, 'id'):
                pass
                yield '### Objective: '
                yield str(environment.finalize(environment.getattr(l_2_o, 'text')))
                yield ' ('
                yield str(environment.finalize(t_2(environment.getattr(l_2_o, 'id'))))
                yield ')\n'
            else:
                pass
                yield '### '
                yield str(environment.finalize(environment.getattr(l_2_o, 'text')))
                yield '\n'
            yield '\n'
            if environment.getattr(l_2_o, 'actions'):
                pass
                yield '| inject and key | expected action | rating | observations |\n|---|---|---|---|\n'
                for l_3_a in environment.getattr(l_2_o, 'actions'):
                    _loop_vars = {}
                    pass
                    yield '| '
                    yield str(environment.finalize(environment.getattr(l_3_a, 'inject_title')))
                    yield ', '
                    yield str(environment.finalize((environment.getattr(l_3_a, 'time') or 'no scenario time')))
                    if environment.getattr(l_3_a, 'contingency'):
                        pass
                        yield ' (if played)'
                    yield ': '
                    yield str(environment.finalize(t_2(str_join((environment.getattr(l_3_a, 'inject'), ' ', environment.getattr(l_3_a, 'key'), )))))
                    yield ' | '
                    yield str(environment.finalize(environment.getattr(l_3_a, 'action')))
                    if environment.getattr(l_3_a, 'responsible'):
                        pass
                        yield ' ('
                        yield str(environment.finalize(environment.getattr(l_3_a, 'responsible')))
                        yield ')'
                    yield ' | ☐ P ☐ S ☐ M ☐ U | |\n'
                l_3_a = missing
            else:
                pass
                yield 'No expected action of the scenario serves this objective: record what you observe below.\n'
            yield '\n'
        l_2_o = missing
        yield "Strengths observed:\n\nAreas for improvement:\n\nEvaluator's name: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ Organisation: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ E-mail: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ Telephone: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\n\n"
        t_5 = 0
    l_1_loop = l_1_g = missing
    if t_5:
        pass
        yield 'The scenario sets no objectives and no expected actions: there is nothing to evaluate against.\n\n'
    yield str(environment.finalize(t_4(context.call((undefined(name='marking_end') if l_0_marking_end is missing else l_0_marking_end), (undefined(name='doc') if l_0_doc is missing else l_0_doc)))))
    yield '\n'

blocks = {}
debug_info = '1=38&2=47&9=49&10=54&15=63&16=67&19=81&20=84&21=87&23=94&26=97&29=100&30=104&47=132'
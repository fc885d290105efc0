from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_phases.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_phase_patterns = l_0_phase_fill = l_0_phase_swatch = l_0_phase_name = missing
    try:
        t_1 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    pass
    def macro(l_1_styles):
        t_2 = []
        if l_1_styles is missing:
            l_1_styles = undefined("parameter 'styles' was not provided", name='styles')
        pass
        t_2.append(
            '<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>\n',
        )
        def t_3(fiter):
            for l_2_s in fiter:
                if (environment.getattr(l_2_s, 'pattern') != 'solid'):
                    yield l_2_s
        for l_2_s in t_3(t_1(environment, context.call(environment.getattr(l_1_styles, 'values')), attribute='pattern_id')):
            l_2_pattern_paths = resolve('pattern_paths')
            _loop_vars = {}
            pass
            t_2.extend((
                '<pattern id="',
                escape(environment.getattr(l_2_s, 'pattern_id')),
                '" width="6" height="6" patternUnits="userSpaceOnUse">\n',
            ))
            for l_3_d in environment.getitem((undefined(name='pattern_paths') if l_2_pattern_paths is missing else l_2_pattern_paths), environment.getattr(l_2_s, 'pattern')):
                _loop_vars = {}
                pass
                if (l_3_d == 'circle'):
                    pass
                    t_2.extend((
                        '<circle cx="3" cy="3" r="1.3" fill="',
                        escape(environment.getattr(l_2_s, 'ink')),
                        '"/>',
                    ))
                else:
                    pass
                    t_2.extend((
                        '<path d="',
                        escape(l_3_d),
                        '" stroke="',
                        escape(environment.getattr(l_2_s, 'ink')),
                        '" stroke-width="1.1" fill="none"/>',
                    ))
            l_3_d = missing
            t_2.append(
                '</pattern>\n',
            )
        l_2_s = l_2_pattern_paths = missing
        t_2.append(
            '</defs></svg>',
        )
        return concat(t_2)
    context.exported_vars.add('phase_patterns')
    context.vars['phase_patterns'] = l_0_phase_patterns = Macro(environment, macro, 'phase_patterns', ('styles',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_s, l_1_x, l_1_y, l_1_width, l_1_height):
        t_4 = []
        if l_1_s is missing:
            l_1_s = undefined("parameter 's' was not provided", name='s')
        if l_1_x is missing:
            l_1_x = undefined("parameter 'x' was not provided", name='x')
        if l_1_y is missing:
            l_1_y = undefined("parameter 'y' was not provided", name='y')
        if l_1_width is missing:
            l_1_width = undefined("parameter 'width' was not provided", name='width')
        if l_1_height is missing:
            l_1_height = undefined("parameter 'height' was not provided", name='height')
        pass
        t_4.extend((
            '<rect x="',
            escape(l_1_x),
            '" y="',
            escape(l_1_y),
            '" width="',
            escape(l_1_width),
            '" height="',
            escape(l_1_height),
            '" fill="',
            escape(environment.getattr(l_1_s, 'fill')),
            '" stroke="',
            escape(environment.getattr(l_1_s, 'outline')),
            '" stroke-width="0.6"/>',
        ))
        if (environment.getattr(l_1_s, 'pattern') != 'solid'):
            pass
            t_4.extend((
                '<rect x="',
                escape(l_1_x),
                '" y="',
                escape(l_1_y),
                '" width="',
                escape(l_1_width),
                '" height="',
                escape(l_1_height),
                '" fill="url(#',
                escape(environment.getattr(l_1_s, 'pattern_id')),
                ')"/>',
            ))
        return concat(t_4)
    context.exported_vars.add('phase_fill')
    context.vars['phase_fill'] = l_0_phase_fill = Macro(environment, macro, 'phase_fill', ('s', 'x', 'y', 'width', 'height'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_s):
        t_5 = []
        if l_1_s is missing:
            l_1_s = undefined("parameter 's' was not provided", name='s')
        pass
        t_5.extend((
            '<svg class="swatch" viewBox="0 0 18 12" width="18" height="12" aria-hidden="true" focusable="false">',
            escape(context.call((undefined(name='phase_fill') if l_0_phase_fill is missing else l_0_phase_fill), l_1_s, 0.3, 0.3, 17.4, 11.4)),
            '</svg>',
        ))
        return concat(t_5)
    context.exported_vars.add('phase_swatch')
    context.vars['phase_swatch'] = l_0_phase_swatch = Macro(environment, macro, 'phase_swatch', ('s',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_slug, l_1_title):
        t_6 = []
        l_1_phase_styles = resolve('phase_styles')
        if l_1_slug is missing:
            l_1_slug = undefined("parameter 'slug' was not provided", name='slug')
        if l_1_title is missing:
            l_1_title = undefined("parameter 'title' was not provided", name='title')
        pass
        if (l_1_slug in (undefined(name='phase_styles') if l_1_phase_styles is missing else l_1_phase_styles)):
            pass
            t_6.extend((
                escape(context.call((undefined(name='phase_swatch') if l_0_phase_swatch is missing else l_0_phase_swatch), environment.getitem((undefined(name='phase_styles') if l_1_phase_styles is missing else l_1_phase_styles), l_1_slug))),
                ' ',
            ))
        t_6.append(
            escape(l_1_title),
        )
        return concat(t_6)
    context.exported_vars.add('phase_name')
    context.vars['phase_name'] = l_0_phase_name = Macro(environment, macro, 'phase_name', ('slug', 'title'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=18&4=26&5=36&6=39&12=69&13=84&16=115&17=122&20=128&21=136'
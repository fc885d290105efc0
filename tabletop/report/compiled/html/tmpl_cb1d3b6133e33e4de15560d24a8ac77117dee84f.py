from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_base.html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_doc = resolve('doc')
    l_0_marking = resolve('marking')
    l_0_phase_styles = resolve('phase_styles')
    l_0_phase_patterns = missing
    try:
        t_1 = environment.filters['css_string']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'css_string' found.")
    pass
    included_template = environment.get_template('_phases.html.j2', '_base.html.j2').make_module(context.get_all(), True, {'phase_patterns': l_0_phase_patterns})
    l_0_phase_patterns = getattr(included_template, 'phase_patterns', missing)
    if l_0_phase_patterns is missing:
        l_0_phase_patterns = undefined(f"the template {included_template.__name__!r} (imported on line 4 in '_base.html.j2') does not export the requested name 'phase_patterns'", name='phase_patterns')
    context.vars['phase_patterns'] = l_0_phase_patterns
    context.exported_vars.discard('phase_patterns')
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">\n<meta name="generator" content="tabletop '
    yield escape(environment.getattr((undefined(name='doc') if l_0_doc is missing else l_0_doc), 'generated_by'))
    yield '">\n<title>'
    yield from context.blocks['title'][0](context)
    yield '</title>\n<style>\n:root {\n  --ink: #1d1f21; --muted: #5b6168; --rule: #c9ced4; --band: #f3f5f7; --accent: #1f4e79; --warn: #8a1c1c;\n  --serif: "Noto Serif", "DejaVu Serif", Georgia, "Noto Serif CJK JP", "Noto Sans CJK JP", "Source Han Serif JP", "IPAexMincho", "IPAMincho", "Yu Mincho", "Hiragino Mincho ProN", "MS Mincho", serif;\n  --sans: "Noto Sans", "DejaVu Sans", Arial, "Noto Sans CJK JP", "Source Han Sans JP", "IPAexGothic", "IPAGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;\n  --mono: "DejaVu Sans Mono", "Noto Sans Mono", "Noto Sans Mono CJK JP", "Noto Sans CJK JP", monospace;\n}\n* { box-sizing: border-box; }\nhtml { font: 11pt/1.45 var(--serif); color: var(--ink); -webkit-print-color-adjust: exact; print-color-adjust: exact; }\nbody { margin: 0 auto; max-width: 56rem; padding: 1rem 1.5rem 3rem; }\nh1, h2, h3, h4 { font-family: var(--sans); color: var(--accent); line-height: 1.25; }\nh1 { font-size: 1.9rem; margin: .4rem 0 .8rem; }\nh2 { font-size: 1.35rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2.2rem; }\nh3 { font-size: 1.08rem; margin: 1.4rem 0 .4rem; }\nh4 { font-size: .95rem; margin: .9rem 0 .3rem; color: var(--ink); }\np { margin: .35rem 0 .6rem; }\nbody { overflow-wrap: break-word; }\ntable { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .88rem; }\nth, td { border: 1px solid var(--rule); padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }\n.nowrap { white-space: nowrap; }\ntd code, td .id { white-space: nowrap; }\nth { background: var(--band); font-family: var(--sans); font-weight: 600; }\ntr { break-inside: avoid; }\ncode, .id { font-family: var(--mono); font-size: .86em; }\n.muted { color: var(--muted); }\n.small { font-size: .85rem; }\n.marking { text-align: center; font: 700 .8rem/1.2 var(--sans); letter-spacing: .04em; padding: .3rem; border: 1px solid var(--ink); margin: .3rem 0; }\n.banner { border: 3px solid var(--warn); color: var(--warn); padding: .5rem .8rem; font: 700 1rem/1.3 var(--sans); margin: 1rem 0; }\n.cover { min-height: 70vh; }\n.cover dl { display: grid; grid-template-columns: 12rem 1fr; gap: .2rem 1rem; }\n.cover dt { font-weight: 600; color: var(--muted); }\n.cover dd { margin: 0; overflow-wrap: anywhere; }\n.hash { font-family: var(--mono); font-size: .78rem; overflow-wrap: anywhere; }\n.tag { display: inline-block; font: 600 .72rem/1.4 var(--sans); padding: 0 .35rem; border-radius: .2rem; border: 1px solid currentColor; margin-right: .25rem; white-space: nowrap; }\n.tag.no, .tag.oop, .tag.declined { color: var(--warn); }\n.tag.yes { color: #1b5e20; }\n.tag.assumed, .tag.adhoc, .tag.contingency, .tag.without { color: #6a4a00; }\n.inject { border-top: 1px solid var(--rule); padding-top: .4rem; margin-top: 1.2rem; }\n.inject h3 { margin-top: .3rem; }\n.meta { font-size: .85rem; color: var(--muted); }\n.narrative { border-left: 3px solid var(--rule); padding-left: .8rem; margin: .4rem 0 .6rem; }\n.citation { margin: .3rem 0 .5rem; }\n.citation .excerpt { font-size: .85rem; color: var(--muted); margin: .1rem 0 0 1.2rem; }\n.withdrawn .what { text-decoration: line-through; }\nblockquote, .verbatim { margin: .3rem 0 .8rem; padding: .2rem .9rem; border-left: 3px solid var(--accent); background: var(--band); }\nul { margin: .2rem 0 .6rem; padding-left: 1.4rem; }\n.rating { font: 700 .85rem var(--mono); }\n.chart { width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }\n.chart text { font: 12px var(--sans); fill: var(--ink); }\n.chart text.on-phase { paint-order: stroke; stroke-width: 3px; stroke-linejoin: round; }\n.chart text.empty { fill: var(--muted); font-style: italic; }\n.chart .axis { stroke: var(--muted); stroke-width: 1; }\n.chart .lane-bg { fill: var(--band); }\n.chart .whole { fill: #e4e8ec; }\n.chart .part { fill: var(--accent); }\nsvg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }\nsvg.swatch { display: inline-block; vertical-align: -1px; margin-right: .2rem; }\n.cov-yes { color: #1b5e20; font-weight: 600; }\n.cov-prep { color: #1b5e20; font-style: italic; }\n.heat td.level { text-align: center; font-size: .78rem; }\n.heat td:first-child { width: 36%; }\n.heat th { font-size: .72rem; }\n.heat .na { background: repeating-linear-gradient(45deg, #f6f7f8, #f6f7f8 3px, #e9ecef 3px, #e9ecef 6px); color: var(--muted); }\n.l0 { background: #fbe3e1; } .l1 { background: #dbe9f6; } .l2 { background: #a9cbe9; }\n.l3 { background: #5e9fd3; color: #fff; } .l4 { background: #1f4e79; color: #fff; }\n.na { background: repeating-linear-gradient(45deg, #f6f7f8, #f6f7f8 3px, #e9ecef 3px, #e9ecef 6px); color: var(--muted); }\n.heat .prep, .heat-key.prep { background: #f1f8e9; color: #33691e; font-style: italic; }\n.legend span, .heat-key { display: inline-block; padding: 0 .4rem; margin-right: .3rem; border: 1px solid var(--rule); }\nsection { margin-bottom: 1rem; }\n.cover .kind, .eeg .kind { font: 600 1rem/1.3 var(--sans); color: var(--muted); letter-spacing: .03em; text-transform: uppercase; margin: 0; }\n.cover .note { margin-top: 1.5rem; padding: .6rem .8rem; border-left: 3px solid var(--accent); background: var(--band); }\ntable.facts th { width: 11rem; background: var(--band); }\ntable.facts td p:first-child, table.facts td ul { margin-top: 0; }\ntable.facts td p:last-child, table.facts td ul { margin-bottom: 0; }\ntable.agenda td:first-child, table.agenda th:first-child { width: 5rem; }\nol.rules li { margin: .15rem 0; }\n.key-issues { border: 1px solid var(--rule); background: var(--band); padding: .2rem .8rem; margin: .6rem 0 1rem; }\n.key-issues h4 { margin-top: .4rem; }\np.addressee { font: 600 .9rem var(--sans); margin: .5rem 0 .1rem; color: var(--accent); }\nol.questions { margin-top: 0; }\ntable.acronyms th { width: 7rem; background: none; }\n.box { display: inline-block; width: .85em; height: .85em; border: 1px solid var(--ink); vertical-align: -.1em; margin: 0 .15rem 0 .35rem; }\ntd.box-cell { text-align: center; width: 2.2rem; }\ntd.boxes .box { margin: 0 .12rem; width: 1em; height: 1em; }\n.lines { margin: .1rem 0 .7rem; }\n.lines .line { display: block; height: 2.1em; border-bottom: 1px solid #9aa0a6; }\n.rate { display: inline-block; margin-right: .55rem; font: 600 .8rem var(--sans); }\n.rate .box { margin: 0 .25rem 0 0; }\nol.write li { margin-bottom: .3rem; }\ntable.fill td { height: 1.9rem; }\ntable.fill th { width: 10.5rem; background: none; }\ntable.eeg-actions td.observed, table.eeg-actions th.observed { width: 38%; }\ntable.eeg-actions td { height: 4.2rem; }\ntable.msel { font-size: .78rem; }\ntable.msel td, table.msel th { padding: .18rem .3rem; }\ntable.msel tr.off-path td { background: #fafafa; }\np.also-open { margin: .2rem 0 .1rem; color: var(--muted); }\nul.open-orders { columns: 2; column-gap: 1.5rem; font-size: .76rem; color: var(--muted); margin: 0 0 .6rem; padding-left: 1rem; }\nul.open-orders li { break-inside: avoid; }\nul.open-orders code { font-size: .72rem; }\ntable.orders-table td:first-child { width: 28%; }\ndl.provenance { display: grid; grid-template-columns: 10rem 1fr; gap: .1rem 1rem; }\ndl.provenance dt { color: var(--muted); }\ndl.provenance dd { margin: 0; }\n.contents { columns: 2; margin-top: .2rem; }\n.contents a { color: var(--accent); }\n@page {\n  size: A4;\n  margin: 20mm 16mm 20mm 16mm;\n'
    if (undefined(name='marking') if l_0_marking is missing else l_0_marking):
        pass
        yield '  @top-center { content: '
        yield escape(t_1((undefined(name='marking') if l_0_marking is missing else l_0_marking)))
        yield '; font: 700 8pt "DejaVu Sans", Arial, "Noto Sans CJK JP", "IPAexGothic", "Yu Gothic", "Meiryo", sans-serif; letter-spacing: .04em; }\n  @bottom-center { content: '
        yield escape(t_1((undefined(name='marking') if l_0_marking is missing else l_0_marking)))
        yield '; font: 700 8pt "DejaVu Sans", Arial, "Noto Sans CJK JP", "IPAexGothic", "Yu Gothic", "Meiryo", sans-serif; letter-spacing: .04em; }\n'
    yield '  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt "DejaVu Sans", Arial, sans-serif; color: #5b6168; }\n}\n@page msel { size: A4 landscape; }\n@media print {\n  section.msel-table { page: msel; }\n  section.eeg, section.form { break-before: page; }\n  html { font-size: 10pt; }\n  body { max-width: none; padding: 0; }\n  .marking.screen { display: none; }\n  .cover { min-height: 0; }\n  section.part { break-before: page; }\n  h2, h3, h4, .meta, .kind, p.addressee { break-after: avoid; }\n  .form-side { break-before: page; }\n  .eeg-end { break-inside: avoid; }\n  .inject { break-inside: auto; }\n  .citation, .chart, blockquote, .verbatim, .cover dl { break-inside: avoid; }\n  a { color: inherit; text-decoration: none; }\n}\n'
    yield from context.blocks['style'][0](context)
    yield '</style>\n</head>\n<body>\n'
    if (undefined(name='marking') if l_0_marking is missing else l_0_marking):
        pass
        yield '<div class="marking screen" role="note">'
        yield escape((undefined(name='marking') if l_0_marking is missing else l_0_marking))
        yield '</div>'
    yield escape(context.call((undefined(name='phase_patterns') if l_0_phase_patterns is missing else l_0_phase_patterns), (undefined(name='phase_styles') if l_0_phase_styles is missing else l_0_phase_styles)))
    yield '\n'
    yield from context.blocks['body'][0](context)
    if (undefined(name='marking') if l_0_marking is missing else l_0_marking):
        pass
        yield '<div class="marking screen" role="note">'
        yield escape((undefined(name='marking') if l_0_marking is missing else l_0_marking))
        yield '</div>'
    yield '</body>\n</html>\n'

def block_title(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_style(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

def block_body(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass

blocks = {'title': block_title, 'style': block_style, 'body': block_body}
debug_info = '4=21&11=28&12=30&122=32&123=35&124=37&144=40&148=42&149=47&150=49&151=50&12=57&144=66&150=75'
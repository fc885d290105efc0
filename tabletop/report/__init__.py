"""The exercise documents: the after-action report, coverage across a programme, the handbooks.

Every document is a pure function of a record (no I/O inside): `render_report(record, fmt)`
for one `SessionRecord` (`build_report` then `draw_report`, for a tool that edits the model between), `render_coverage(records, fmt)` for many, `render_handbook(scenario,
corpus, audience, fmt)` for a scenario before the seminar. The command line (`tabletop report`,
`coverage`, `handbook`) and the console call these and write the result atomically. Every
document draws a phase in the one style `phase_styles` gives it (fixed by the rules' order). This
package reads the session core, the scenario and the rules; it never imports the command line
or a terminal UI. One template engine (Jinja2, templates in `templates/`) draws every format
but JSON, which comes straight from the pydantic models in `_models.py`.
"""

from tabletop.report._after_action import REPORT_FORMATS, build_report, draw_report, render_report, report_schema
from tabletop.report._coverage import COVERAGE_FORMATS, build_coverage, coverage_schema, render_coverage
from tabletop.report._escaping import (
    css_string,
    html_codes,
    html_output,
    html_paragraphs,
    markdown_code,
    markdown_codes,
    markdown_inline,
    markdown_paragraphs,
)
from tabletop.report._handbook import AUDIENCES, HANDBOOK_FORMATS, Handbook, build_handbook, render_handbook
from tabletop.report._models import AfterActionReport, ProgrammeCoverage
from tabletop.report._precompiled import COMPILED_DIR, CompiledFirst
from tabletop.report._render import compile_templates, document_environment, html_environment, tabletop_version
from tabletop.report._phase_style import PHASE_LOOKS, PHASE_PATTERNS, PhaseStyle, phase_styles, relative_luminance

__all__ = [
    "AUDIENCES",
    "AfterActionReport",
    "COMPILED_DIR",
    "COVERAGE_FORMATS",
    "CompiledFirst",
    "HANDBOOK_FORMATS",
    "Handbook",
    "PHASE_LOOKS",
    "PHASE_PATTERNS",
    "PhaseStyle",
    "ProgrammeCoverage",
    "REPORT_FORMATS",
    "build_coverage",
    "build_handbook",
    "build_report",
    "compile_templates",
    "coverage_schema",
    "css_string",
    "document_environment",
    "draw_report",
    "html_codes",
    "html_environment",
    "html_output",
    "html_paragraphs",
    "markdown_code",
    "markdown_codes",
    "markdown_inline",
    "markdown_paragraphs",
    "phase_styles",
    "relative_luminance",
    "render_coverage",
    "render_handbook",
    "render_report",
    "report_schema",
    "tabletop_version",
]

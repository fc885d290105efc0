"""One template engine for every document: Jinja2, templates shipped as package data.

`render_document(kind, model, fmt)` draws a document model (`tabletop.report._models`, or the
handbook's) with `templates/{kind}.{fmt}.j2`, compiled ahead of time (`_precompiled`); JSON comes straight from the pydantic model. The
HTML environment autoescapes every value; the Markdown environment escapes every printed value
through `markdown_value` (its `finalize`), so a template cannot forget to. Both are strict: a
name the model lacks fails instead of printing nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping
from datetime import datetime
from functools import cache, lru_cache
from types import CodeType
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel

from tabletop.jsontext import escape_raw_controls
from tabletop.report._charts import charts_for
from tabletop.report._phase_style import PHASE_PATTERNS, phase_styles
from tabletop.report._precompiled import CompiledFirst, compile_into
from tabletop.session import stated_reason
from tabletop.report._escaping import (
    MarkdownText,
    css_string,
    html_breakable,
    html_codes,
    html_output,
    html_paragraphs,
    markdown_code,
    markdown_codes,
    markdown_inline,
    markdown_paragraphs,
    markdown_quote,
    markdown_value,
)

__all__ = [
    "DOCUMENT_FORMATS",
    "compile_templates",
    "document_environment",
    "html_environment",
    "render_document",
    "tabletop_version",
]

DOCUMENT_FORMATS = ("html", "md")
"""The formats drawn from templates (JSON comes straight from the models)."""


def tabletop_version() -> str:
    """The installed tabletop's version, printed on every document so that a reader can trace it."""
    from tabletop.version import __version__

    return __version__


@lru_cache(maxsize=4096)
def _when(moment: datetime | None) -> str:
    """A UTC time as the documents print it: `2030-04-01 09:14 UTC`."""
    if moment is None:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@lru_cache(maxsize=4096)
def _when_on(moment: datetime | None, day: datetime) -> str:
    """`moment` as `09:14 UTC` when it falls on the same UTC day as `day`, in full otherwise."""
    if moment is None:
        return ""
    return moment.strftime("%H:%M UTC") if moment.date() == day.date() else _when(moment)


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _long_date(day: Any) -> str:
    """A seminar's date as the cover prints it: `Tuesday 18 June 2030` (the same in any locale)."""
    if day is None:
        return ""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _after(at: Any, delivered_at: Any) -> str:
    """The decision clock: how long after the inject's delivery a determination was recorded
    (`+7 min`, `+1 h 05 min`), or "" when it was asked for by no inject."""
    if delivered_at is None or at is None:
        return ""
    minutes = max(0, int((at - delivered_at).total_seconds() // 60))
    return f"+{minutes} min" if minutes < 60 else f"+{minutes // 60} h {minutes % 60:02d} min"


def _heat_level(count: int, total: int) -> int:
    """0 for never; 1 to 4 for up to a quarter, a half, three quarters, all of the sessions."""
    if not count or not total:
        return 0
    return min(4, 1 + int(4 * count / total - 1e-9))


def _keyed(items: Iterable[Any], attribute: str) -> dict[Any, Any]:
    """Each item by the value of its `attribute` (the first item of each value): one look-up where a
    template would search the list for every row."""
    found: dict[Any, Any] = {}
    for item in items:
        found.setdefault(getattr(item, attribute), item)
    return found


def _naming_only(reason: str, source: str) -> bool:
    """Whether a citation's reason says no more than who cited it (`cited by the scenario`)."""
    return not stated_reason(reason, source)


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["when"] = _when
    env.filters["when_on"] = _when_on
    env.filters["long_date"] = _long_date
    env.filters["day"] = lambda moment: moment.strftime("%Y-%m-%d") if moment else ""
    env.filters["yesno"] = lambda value: "yes" if value else "no"
    env.filters["after"] = _after
    env.filters["keyed"] = _keyed
    # A clause's label is `ID Title`: where titles would crowd a line, the id stands for it.
    env.filters["label_id"] = lambda label: label.split(" ", 1)[0]
    env.filters["percent"] = lambda part, whole: f"{round(100 * part / whole)}%" if whole else "–"
    env.tests["naming_only"] = _naming_only
    env.globals["heat_level"] = _heat_level
    env.globals["rating_names"] = {
        "P": "performed without challenges",
        "S": "performed with some challenges",
        "M": "performed with major challenges",
        "U": "unable to be performed",
    }
    env.globals["rating_notes"] = {
        "P": ": done in a way that met the objective, without hampering other activities.",
        "S": ": done and the objective met, with some problems in how; other activities barely affected.",
        "M": ": done, with major problems: the objective only partly met, or other activities hampered.",
        "U": ": not done, or done in a way that did not meet the objective.",
    }
    return env


class _HtmlTemplate(jinja2.Template):
    """An HTML document's template: what it prints goes through `html_output`, which gives the same
    text as Jinja's `escape` (markupsafe's) with less work for text that needs none.

    Jinja's compiled code prints each value through the name `escape` of the template's module (its
    only use there); the module's `escape` is rebound to `html_output` whether the template was
    compiled ahead of time or from its source.
    """

    @classmethod
    def from_code(
        cls,
        environment: jinja2.Environment,
        code: CodeType,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None = None,
    ) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        template.root_render_func.__globals__["escape"] = html_output
        return template

    @classmethod
    def from_module_dict(
        cls,
        environment: jinja2.Environment,
        module_dict: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        module_dict["escape"] = html_output
        return super().from_module_dict(environment, module_dict, globals)


@cache
def _environment(fmt: str) -> jinja2.Environment:
    shared: dict[str, Any] = dict(
        loader=CompiledFirst(fmt),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if fmt == "html":
        env = jinja2.Environment(
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "svg.j2"), default=True), **shared
        )
        env.template_class = _HtmlTemplate
        env.filters["paragraphs"] = html_paragraphs
        env.filters["css_string"] = css_string
        env.filters["breakable"] = html_breakable
        env.filters["codes"] = html_codes
    else:
        env = jinja2.Environment(autoescape=False, finalize=markdown_value, **shared)
        env.filters["paragraphs"] = markdown_paragraphs
        env.filters["quote"] = markdown_quote
        env.filters["md"] = markdown_inline
        env.filters["code"] = markdown_code
        env.filters["codes"] = markdown_codes
        # A macro's output is built from values the template already escaped.
        env.filters["trusted"] = MarkdownText
    return _common(env)


def compile_templates(target: Path) -> None:
    """Compile every document template, with the environment that draws it, into `target`
    (`scripts/compile_templates.py` writes the package's `compiled/` folder with it)."""
    compile_into(target, {fmt: _environment(fmt) for fmt in DOCUMENT_FORMATS})


def document_environment(fmt: str) -> jinja2.Environment:
    """The environment that draws the documents of `fmt` (`html` or `md`)."""
    return _environment(fmt)


def html_environment() -> jinja2.Environment:
    """The HTML documents' environment (autoescaping, strict, the shared filters), for pages that
    draw with it too (the participants' page overlays its own templates on it)."""
    return _environment("html")


def render_document(kind: str, model: BaseModel, fmt: str, *, phases: Iterable[str] = (), **context: Any) -> str:
    """`model` drawn as `fmt` (`md`, `html` or `json`) with the `kind` template.

    `phases` are the rules file's phase slugs in its order: HTML draws each phase in the style
    `phase_styles` gives it there, the same in every document.
    """
    if fmt == "json":
        return escape_raw_controls(model.model_dump_json(indent=2)) + "\n"
    if fmt == "html":
        styles = phase_styles(phases)
        context.update(charts_for(kind, model, styles), phase_styles=styles, pattern_paths=PHASE_PATTERNS)
    template = _environment(fmt).get_template(f"{kind}.{fmt}.j2")
    return template.render(doc=model, **context)

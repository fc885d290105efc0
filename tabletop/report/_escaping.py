"""Text for the documents: terminal controls removed, then escaped for Markdown, HTML or CSS.

The templates never see a raw string from a scenario or a facilitator in a form that could
act: the HTML environment autoescapes every value, and the Markdown environment passes every
value through `markdown_inline` unless it is already `MarkdownText` (built here, from escaped
pieces). Both build paragraphs and lists with the helpers below.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterable
from typing import Any, TypeVar

from markupsafe import Markup, escape
from pydantic import BaseModel

from tabletop.safetext import terminal_safe
from tabletop.strictmodel import built

__all__ = [
    "MarkdownText",
    "clean",
    "css_string",
    "excerpt",
    "html_breakable",
    "html_codes",
    "html_output",
    "html_paragraphs",
    "markdown_code",
    "markdown_codes",
    "markdown_inline",
    "markdown_paragraphs",
    "markdown_quote",
    "markdown_value",
    "row",
]


class MarkdownText(str):
    """Markdown that is safe as it is: built from escaped pieces, printed without escaping again."""

    __slots__ = ()


def clean(text: object) -> str:
    """A text from a file or a person without terminal controls; line breaks kept."""
    return terminal_safe("" if text is None else text)


_Row = TypeVar("_Row", bound=BaseModel)


def row(model: type[_Row], record: object, /, **added: Any) -> _Row:
    """A document's row derived from a session's state record: every field of `model` the record
    holds, its text made safe (`clean`), and the fields the document adds (`added`). The record
    (an event's payload with its `seq` and `at`) is validated already, so the row is not again."""
    key = (model, tuple(added))
    names = _TAKEN.get(key)
    if names is None:
        names = _TAKEN[key] = tuple(name for name in model.model_fields if name not in added)
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        # Most text holds nothing to remove: `isprintable` says so without a call to `clean`.
        if isinstance(value, str) and not (type(value) is str and value.isprintable()):
            value = clean(value)
        values[name] = value
    values.update(added)
    return built(model, values)


_TAKEN: dict[tuple[type[BaseModel], tuple[str, ...]], tuple[str, ...]] = {}
"""For each kind of row and the fields a document adds to it: the fields taken from the record."""


# Every character that can open Markdown syntax inline: emphasis, code, links and images,
# raw HTML and autolinks, table cells, strike-through, maths, headings, entities.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~$#{}])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d{1,9}[.)](?=\s|$))")
_SPACES = re.compile(r"\s+")


def markdown_inline(text: object) -> MarkdownText:
    """One line of Markdown showing `text` literally: no link, image, HTML or formatting can form.

    Line breaks fold into spaces, so the result is safe in a table cell, a heading or a list item.
    """
    if isinstance(text, MarkdownText):
        return text
    return _inline(text if type(text) is str else clean(text))


# A document prints the same few thousand texts many times over (a dash, a citation's source, a
# clause's title, an action's key, a time): each is escaped once per process and then looked up.
# The text is the whole key, so a hit is always the escaping of exactly that text.
_ESCAPED_TEXTS = 8192


@lru_cache(maxsize=_ESCAPED_TEXTS)
def _inline(text: str) -> MarkdownText:
    folded = _SPACES.sub(" ", clean(text)).strip()
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", folded.replace("&", "&amp;"))
    # A list marker, a heading underline or a numbered item at the start would change the block.
    escaped = _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)
    return MarkdownText(escaped)


def markdown_code(text: object) -> MarkdownText:
    """`text` as an inline code span (shown literally; a fence longer than any backtick run inside)."""
    return _code(text if type(text) is str else clean(text))


@lru_cache(maxsize=_ESCAPED_TEXTS)
def _code(text: str) -> MarkdownText:
    folded = _SPACES.sub(" ", clean(text)).strip()
    if not folded:
        return MarkdownText("")
    longest = max((len(run) for run in re.findall(r"`+", folded)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if folded.startswith("`") or folded.endswith("`") else ""
    return MarkdownText(f"{fence}{pad}{folded}{pad}{fence}")


def markdown_codes(items: Iterable[object]) -> MarkdownText:
    """Each item as a code span, joined by ` + ` (the phases in force), or `none` when there is none."""
    return _codes(tuple(items))


@lru_cache(maxsize=_ESCAPED_TEXTS)
def _codes(items: tuple[object, ...]) -> MarkdownText:
    return MarkdownText(" + ".join(markdown_code(item) for item in items) or "none")


def markdown_value(value: object) -> object:
    """The Markdown environment's `finalize`: every printed value escaped unless already safe."""
    if type(value) is str:
        return _inline(value)
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return value
    return markdown_inline(value)


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs (blank-line separated); a paragraph of `- ` items splits into one block per item."""
    if text.isprintable():
        # One line, nothing to clean (line breaks of every kind are unprintable): one paragraph,
        # or one list item, which is drawn from the same line.
        line = text.strip()
        return [[line]] if line else []
    blocks: list[list[str]] = []
    for paragraph in re.split(r"\n\s*\n", clean(text).strip()):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- ") or not items:
                    items.append(line.removeprefix("- "))
                else:
                    items[-1] += " " + line
            blocks.append(["- " + item for item in items])
        else:
            blocks.append([" ".join(lines)])
    return blocks


def markdown_paragraphs(text: object, prefix: str = "") -> MarkdownText:
    """Paragraphs and `- ` lists of `text`, escaped; `prefix` starts every line (`> ` for a quote)."""
    out: list[str] = []
    for block in _blocks(str(text or "")):
        if out:
            out.append(prefix.rstrip())
        for line in block:
            if line.startswith("- "):
                out.append(f"{prefix}- {markdown_inline(line[2:])}")
            else:
                out.append(f"{prefix}{markdown_inline(line)}")
    return MarkdownText("\n".join(out))


def markdown_quote(text: object) -> MarkdownText:
    """`text` as a Markdown block quote."""
    return markdown_paragraphs(text, "> ")


# The five characters HTML escaping replaces (markupsafe's set).
_MARKUP_CHARACTER = re.compile(r"[&<>'\"]").search


def html_output(value: Any) -> str:
    """A value as an HTML document prints it: the text `markupsafe.escape` gives, without building a
    `Markup` for each value that escaping leaves as it is.

    The HTML templates print about 200,000 values for a 5,000-inject report, most of them text
    with no character to escape, or markup already made safe; each went through markupsafe one by
    one, wrapped again in a new `Markup`. Output is only ever joined into the document, so a text
    that escapes to itself is printed as it is; every other value is escaped as before.
    """
    kind = type(value)
    if kind is str:
        return value if _MARKUP_CHARACTER(value) is None else escape(value)
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is float:
        return str(value)
    return escape(value)


def html_paragraphs(text: object) -> Markup:
    """Paragraphs and `- ` lists of `text` as escaped HTML."""
    out: list[str] = []
    for block in _blocks(str(text or "")):
        if block[0].startswith("- "):
            items = "".join(f"<li>{escape(line[2:])}</li>" for line in block)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{escape(block[0])}</p>")
    return Markup("".join(out))


def html_breakable(text: object) -> Markup:
    """`text` escaped, with a line-break opportunity after each `_` (for long slugs in narrow cells)."""
    return Markup(str(escape(clean(text))).replace("_", "_<wbr>"))


def html_codes(items: Iterable[object]) -> Markup:
    """Each item as `<code>`, breakable after `_`, joined by ` + ` (the phases in force), or a muted
    `none` when there is none."""
    return _html_codes(tuple(items))


@lru_cache(maxsize=_ESCAPED_TEXTS)
def _html_codes(items: tuple[object, ...]) -> Markup:
    return Markup(
        " + ".join(f"<code>{html_breakable(item)}</code>" for item in items) or '<span class="muted">none</span>'
    )


def css_string(text: object) -> Markup:
    """`text` as a quoted CSS string, every character but letters, digits and spaces escaped.

    Used for the classification marking in the print stylesheet's page margins: nothing in it
    can close the string, the rule or the `<style>` element.
    """

    def one(char: str) -> str:
        # The space after an escape ends it (and is consumed), so a real space after it stays.
        return char if (char.isalnum() and char.isascii()) or char == " " else f"\\{ord(char):06x} "

    return Markup('"' + "".join(one(c) for c in _SPACES.sub(" ", clean(text)).strip()) + '"')


def excerpt(text: str, limit: int = 240) -> str:
    """The start of a clause's text, cut at a word, with an ellipsis when cut."""
    flat = _SPACES.sub(" ", text.replace("\n- ", " • ")).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"

"""Scenario and facilitator text on the screen: plain text, never markup, never escape sequences.

Every widget of the console builds what it shows through `plain` or `line`, so that a
narrative holding Textual markup (`[@click=app.quit]`, `[b]`) or a terminal escape
sequence shows as typed and does nothing.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from rich._wrap import divide_line
from rich.text import Text
from textual.content import Content
from textual.style import Style

from tabletop.safetext import terminal_safe

__all__ = ["cut_at_a_word", "duration", "line", "plain", "safe", "wrapped_height"]


def safe(text: object, *, one_line: bool = False) -> str:
    """The text with terminal control sequences removed (see `terminal_safe`)."""
    return terminal_safe("" if text is None else text, one_line=one_line)


@cache
def _style(style: str) -> Style:
    """A style named as in CSS ("bold reverse"), parsed once: Content given a name parses it
    again each time it is drawn, which was a fifth of drawing the console's text."""
    return Style.parse(style)


def plain(text: object, style: str = "") -> Content:
    """Text as Content that is never parsed as markup, with an optional style."""
    content = Content(safe(text))
    return content.stylize(_style(style)) if style else content


def line(*parts: str | Content | tuple[object, str]) -> Content:
    """One line assembled from parts: labels (str), built Content, or (text, style) pairs whose
    text comes from a file or a person. Every text part is made safe, a label too: a label is
    often put together from a scenario's words (a cell's name in "asked of …"), and text with
    nothing to remove costs one check."""
    pieces: list[str | Content | tuple[str, Style | str]] = []
    for part in parts:
        if isinstance(part, tuple):
            pieces.append((safe(part[0], one_line=True), _style(part[1]) if part[1] else ""))
        elif isinstance(part, str):
            pieces.append(safe(part))
        else:
            pieces.append(part)
    return Content.assemble(*pieces)


def duration(value: timedelta) -> str:
    """`1:02:03` for a wall-clock span."""
    seconds = max(0, int(value.total_seconds()))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def cut_at_a_word(text: str, room: int) -> str:
    """`text` in at most `room` cells, cut after a whole word with an ellipsis (mid-word only when
    the words that fit would fill less than half of the room)."""
    if Text(text).cell_len <= room:
        return text
    cut = Text(text)
    cut.truncate(max(1, room - 1))
    words = cut.plain.rsplit(" ", 1)
    kept = words[0] if len(words) == 2 and Text(words[0]).cell_len >= room // 2 else cut.plain
    return kept.rstrip(" ,;:—-") + "…"


def wrapped_height(content: Content, width: int) -> int:
    """The lines `content` takes when wrapped to `width` cells, found from where its words break
    (Content wraps with the same `divide_line`) without styling or rendering any of it."""
    return sum(len(divide_line(text, width, fold=True)) + 1 for text in content.plain.split("\n"))

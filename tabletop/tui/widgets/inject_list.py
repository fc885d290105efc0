"""The inject list (the MSEL): delivered, current and pending injects under their module headings.

At thousands of injects a redraw replaces only the rows whose status changed.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tabletop.session import InjectSummary, SessionSnapshot
from tabletop.tui.text import line

__all__ = ["InjectList"]

_GLYPH = {"delivered": ("✓", "dim"), "current": ("▶", "bold reverse"), "pending": ("·", "")}


def _prompt(row: InjectSummary) -> Content:
    glyph, style = _GLYPH[row.status]
    parts: list[str | Content | tuple[object, str]] = [(glyph + " ", style)]
    if row.time:
        parts.append((f"{row.time} ", "dim"))
    parts.append((row.title, "bold" if row.status == "current" else ("dim" if row.status == "delivered" else "")))
    if row.contingency:
        parts.append((" [contingency]", "italic"))
    if row.adhoc:
        parts.append((" [ad hoc]", "italic"))
    return line(*parts)


class InjectList(OptionList):
    """One option per inject (its id is the inject's id); module headings are disabled rows."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: tuple[InjectSummary, ...] = ()
        self._index: dict[str, int] = {}

    def show(self, snapshot: SessionSnapshot, *, delivered_only: bool = False) -> None:
        rows = tuple(r for r in snapshot.injects if r.status != "pending") if delivered_only else snapshot.injects
        if [r.id for r in rows] == [r.id for r in self._rows]:
            for old, new in zip(self._rows, rows):
                if old != new:
                    self.replace_option_prompt_at_index(self._index[new.id], _prompt(new))
        else:
            self._rebuild(rows)
        self._rows = rows
        current = next((r.id for r in rows if r.status == "current"), None)
        if current is not None:
            self.highlighted = self._index[current]

    def _rebuild(self, rows: tuple[InjectSummary, ...]) -> None:
        options: list[Option] = []
        self._index = {}
        module: str | None = None
        for row in rows:
            if row.module_title and row.module != module:
                options.append(Option(line((row.module_title, "bold underline")), disabled=True))
            if row.module is not None:
                module = row.module
            self._index[row.id] = len(options)
            options.append(Option(_prompt(row), id=row.id))
        self.set_options(options)

"""The inject list (the MSEL): delivered, current and pending injects under their module headings.

Drawn line by line (a `ScrollView`): only the rows on screen are rendered, and a redraw
after `n` touches no row off screen, so it costs the same with 5,000 injects as with 50.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tabletop.session import InjectSummary, SessionSnapshot
from tabletop.tui.text import cut_at_a_word, safe
from tabletop.tui.widgets.steady import SteadySize

__all__ = ["InjectList"]

_GLYPH = {"delivered": ("✓ ", "dim"), "current": ("▶ ", "bold"), "pending": ("· ", "")}
_TITLE = {"delivered": "dim", "current": "bold", "pending": ""}


class InjectList(SteadySize, ScrollView, can_focus=True):
    """One line per inject, and one per module heading; the current inject is kept in view."""

    BINDINGS = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
    ]

    DEFAULT_CSS = """
    InjectList { background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ids: list[str] = []
        self._lines: list[tuple[str, int]] = []
        """Each line: ("heading", index of the first inject under it) or ("inject", its index)."""
        self._line_of: dict[str, int] = {}
        self._rows: tuple[InjectSummary, ...] = ()
        self._current: str | None = None

    def show(self, snapshot: SessionSnapshot) -> None:
        rows = snapshot.injects
        ids = [r.id for r in rows] if len(rows) != len(self._rows) else None
        relaid = False
        if ids is not None or any(new.id != old.id for new, old in _changed(rows, self._rows)):
            self._layout(rows)
            self._ids = ids if ids is not None else [r.id for r in rows]
            relaid = True
        changed = [] if relaid else [self._line_of[new.id] for new, _ in _changed(rows, self._rows)]
        self._rows = rows
        current = next((r.id for r in rows if r.status == "current"), None) if relaid or changed else self._current
        scrolled = False
        if current is not None and current != self._current:
            scrolled = self._keep_in_view(self._line_of[current])
        self._current = current
        if relaid or scrolled:
            self.refresh()
        else:
            # Only the rows whose status changed (the inject delivered and the one before it):
            # a key costs two lines of this list, not a screenful.
            for line in changed:
                self.refresh_line(line)

    def _current_in_view(self) -> None:
        if self._current is not None and self._keep_in_view(self._line_of[self._current]):
            self.refresh()

    def _keep_in_view(self, line: int) -> bool:
        """Scroll so that `line` shows with two lines above it and below it; when it has gone past
        the bottom, it comes back near the top, so that the next many deliveries scroll nothing.
        True when the list scrolled."""
        top, height = round(self.scroll_offset.y), self.scrollable_content_region.height
        if height <= 0:  # not laid out yet: once it is
            self.call_after_refresh(self._current_in_view)
            return False
        if top + 2 <= line < top + height - 2:
            return False
        target = max(0, line - 2) if line >= top + height - 2 else max(0, line - height + 3)
        target = min(target, max(0, len(self._lines) - height))
        if target == top:
            return False
        self.scroll_to(y=target, animate=False, force=True)
        return True

    def _layout(self, rows: tuple[InjectSummary, ...]) -> None:
        self._lines = []
        self._line_of = {}
        module: str | None = None
        for n, row in enumerate(rows):
            if row.module_title and row.module != module:
                self._lines.append(("heading", n))
            if row.module is not None:
                module = row.module
            self._line_of[row.id] = len(self._lines)
            self._lines.append(("inject", n))
        self.virtual_size = Size(self.size.width, len(self._lines))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        kind, n = self._lines[index]
        row = self._rows[n]
        if kind == "heading":
            text = Text(safe(row.module_title, one_line=True), style="bold underline")
        else:
            glyph, style = _GLYPH[row.status]
            text = Text.assemble((glyph, style))
            # The markers stay visible: the title gives way, cut at a word where it can; on a
            # narrow list the marker takes its short form, and the time gives way to the title.
            marker = " [contingency]" if row.contingency else " [ad hoc]" if row.adhoc else ""
            time = safe(row.time, one_line=True) + " " if row.time else ""
            if marker and width - len(glyph) - len(time) - len(marker) < 12:
                marker = " [cont.]" if row.contingency else " [ad hoc]"
                if width - len(glyph) - len(time) - len(marker) < 8:
                    time = ""
            if time:
                text.append(time, "dim")
            room = max(1, width + scroll_x - text.cell_len - len(marker))
            text.append(cut_at_a_word(safe(row.title, one_line=True), room), _TITLE[row.status])
            if marker:
                text.append(marker, "italic")
            if row.status == "current":
                text.stylize("reverse")
        text.truncate(width + scroll_x, overflow="ellipsis")
        text.stylize_before(base)
        strip = Strip(text.render(self.app.console), text.cell_len)
        return strip.crop_extend(scroll_x, scroll_x + width, base)


def _changed(
    rows: tuple[InjectSummary, ...], before: tuple[InjectSummary, ...]
) -> list[tuple[InjectSummary, InjectSummary]]:
    """The rows that are not the very rows shown before (a snapshot rebuilds only the rows whose
    status changed, so this is the inject delivered and the one it replaces)."""
    if len(rows) != len(before):
        return list(zip(rows, rows, strict=True))
    return [(new, old) for new, old in zip(rows, before, strict=True) if new is not old]

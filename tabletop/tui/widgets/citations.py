"""Citations for the current inject: ranked suggestions with their short reasons, and what is
recorded for each (presented by the scenario, discussed, cited by the room). The ranker's
detailed evidence is one key away, in the clause's dialog (enter).

One widget drawing its own lines, as the inject's detail does: a row is rendered once it is on
screen, at the width it is shown in (the highlighted row once more, in the cursor's colours);
the rows below the fold are only measured, by where their words wrap. Textual's option list
measured every row as styled text, then rendered the rows on screen, on every key that
delivered an inject.

A snapshot whose suggestions are still being ranked (`SessionSnapshot.suggestions_ranked`) shows
what is recorded for its inject and `RANKING` below it, never the rows of the inject before.
"""

from __future__ import annotations

from typing import ClassVar, Literal, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import RenderOptions

from tabletop.session import SessionSnapshot
from tabletop.tui.text import line, wrapped_height
from tabletop.tui.widgets.steady import SteadySize

__all__ = ["RANKING", "CitationPanel", "MARKS"]

MARKS = {"cited": ("✓ ", "bold"), "discussed": ("≈ ", "bold"), "presented": ("• ", "")}
"""How far the room took a clause up, as the panel marks it: cited, discussed, presented."""
MARK_WIDTH = 2
"""The cells of a row's mark (one of `MARKS`, or blank): the lines a row wraps onto start after it."""
RANKING = "Ranking the clauses for this inject…"
"""What the panel shows, below the citations recorded, while the new inject's suggestions are
ranked (a moment after the inject itself is shown)."""
_MARKED = {coverage: line(mark) for coverage, mark in MARKS.items()}
_UNMARKED = line(" " * MARK_WIDTH)


class CitationPanel(SteadySize, ScrollView, can_focus=True):
    """One row per suggested or cited clause, a cursor on one of them (`highlighted`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Clause text", id="clause-open"),
        Binding("i", "cite_highlighted", "Cite"),
        Binding("m", "discussed", "Mark discussed"),
        Binding("x", "withdraw", "Withdraw"),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"citation-panel--highlighted"}

    # The colours of Textual's option lists, so the panel looks as every other list of the console.
    # The scrollbar's columns are kept whether there is anything to scroll or not (drawn in the
    # panel's background while there is nothing, `NOTHING_TO_SCROLL`): a row is wrapped to the
    # width it is drawn in, no reason loses its last word when the list grows, and the screen is
    # never laid out again for a scrollbar that comes or goes.
    DEFAULT_CSS = """
    CitationPanel {
        overflow-y: scroll;
        &.-nothing-to-scroll {
            scrollbar-background: transparent;
            scrollbar-background-hover: transparent;
            scrollbar-background-active: transparent;
        }
        color: $foreground;
        overflow-x: hidden;
        padding: 0 1;
        background: $surface;
        & > .citation-panel--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .citation-panel--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    highlighted: reactive[int | None] = reactive(None, init=False)
    """The row under the cursor (None when there is none)."""

    class ClauseChosen(Message):
        """The facilitator asked for something to be done with a clause."""

        def __init__(self, clause: str, what: Literal["open", "cite", "discussed", "withdraw"], reason: str) -> None:
            super().__init__()
            self.clause = clause
            self.what = what
            self.reason = reason

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[tuple[str, Content, Content]] = []
        """(clause id, the row's mark, the rest of the row), in the panel's order."""
        self._reasons: dict[str, str] = {}
        self._shown: tuple[object, ...] = ()
        self._rendered: dict[tuple[int | str, bool], list[Strip]] = {}
        """Each row's lines at `_width`, plain and under the cursor (and each mark's, by its text)."""
        self._first_line: list[int] = []
        """The line each row starts on; one more entry, the number of lines."""
        self._line_row: list[int] = []
        self._ranking = False
        """Whether the suggestions are being ranked (`RANKING` is shown below the rows)."""
        self._lines_before = 0
        """The panel's lines as last laid out (held while the suggestions are ranked)."""

    # -- what is shown ----------------------------------------------------------------------

    @property
    def option_count(self) -> int:
        return len(self._rows)

    def clause_at(self, index: int) -> str:
        """The clause id of row `index`."""
        return self._rows[index][0]

    def row_text(self, index: int) -> str:
        """The characters of row `index`."""
        _, mark, text = self._rows[index]
        return mark.plain + text.plain

    @property
    def ranking(self) -> bool:
        """Whether the panel says the suggestions are being ranked (and shows none yet)."""
        return self._ranking

    def show(self, snapshot: SessionSnapshot) -> None:
        shown = (snapshot.suggestions_ranked, snapshot.suggestions, snapshot.citations)
        if shown == self._shown:
            return
        self._shown = shown
        self._ranking = not snapshot.suggestions_ranked
        cited = {c.clause: c for c in snapshot.citations}
        rows: list[tuple[str, Content, Content]] = []
        self._reasons = {}
        for suggestion in snapshot.suggestions:
            self._reasons[suggestion.id] = suggestion.reason
            record = cited.get(suggestion.id)
            mark = _MARKED[record.coverage] if record is not None else _UNMARKED
            flag = (" [out of phase]", "italic") if suggestion.out_of_phase else ("", "")
            rows.append(
                (
                    suggestion.id,
                    mark,
                    line(
                        (suggestion.id, "bold"),
                        " ",
                        (suggestion.title, ""),
                        flag,
                        " — ",
                        (suggestion.reason, "dim"),
                    ),
                )
            )
        for citation in snapshot.citations:
            if citation.clause not in self._reasons:
                self._reasons[citation.clause] = citation.reason
                flag = (" [out of phase]", "italic") if citation.out_of_phase else ("", "")
                rows.append(
                    (
                        citation.clause,
                        _MARKED[citation.coverage],
                        line(
                            (citation.clause, "bold"),
                            flag,
                            " — ",
                            (citation.reason or "cited", "dim"),
                        ),
                    )
                )
        self._rows = rows
        self._rendered = {}
        highlighted = self.highlighted
        self.set_reactive(CitationPanel.highlighted, min(highlighted or 0, len(rows) - 1) if rows else None)
        self._lay_out()
        if self._ranking and not rows and self.scroll_offset.y:
            self.scroll_to(y=0, animate=False, immediate=True)  # where it says they are coming
        self._keep_highlight_in_view()

    # -- drawing ----------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._lay_out()
        self._keep_highlight_in_view()

    def notify_style_update(self) -> None:
        # Focus changes the cursor's colours (and a theme every colour): render the rows again.
        self._rendered = {}
        super().notify_style_update()

    def _row_lines(self, index: int, under_cursor: bool) -> list[Strip]:
        key = (index, under_cursor)
        strips = self._rendered.get(key)
        if strips is None:
            style = self.get_visual_style("citation-panel--highlighted") if under_cursor else self.visual_style
            options = RenderOptions(self._get_style, cast(RulesMap, self.styles), None, None)
            rich = style.rich_style
            _, mark, text = self._rows[index]
            # A row that wraps goes on under its clause id, not under its mark (a hanging indent).
            indent = min(MARK_WIDTH, self._width)
            lines = text.render_strips(max(1, self._width - indent), None, style, options)
            under = Strip.blank(indent, rich)
            marked = self._mark_line(mark, under_cursor, indent)
            strips = [
                Strip.join([marked if n == 0 else under, strip])
                .extend_cell_length(self._width, rich)
                .crop(0, self._width)
                for n, strip in enumerate(lines)
            ] or [Strip.blank(self._width, rich)]
            self._rendered[key] = strips
        return strips

    def _mark_line(self, mark: Content, under_cursor: bool, width: int) -> Strip:
        """A row's mark as the first `width` cells of its first line (the marks are few: each is
        rendered once for the panel's width, plain and under the cursor)."""
        key = (mark.plain, under_cursor)
        kept = self._rendered.get(key)
        if kept is None:
            style = self.get_visual_style("citation-panel--highlighted") if under_cursor else self.visual_style
            options = RenderOptions(self._get_style, cast(RulesMap, self.styles), None, None)
            drawn = mark.render_strips(width, None, style, options)[:1]
            kept = [Strip.join([*drawn, Strip.blank(width, style.rich_style)]).crop(0, width)]
            self._rendered[key] = kept
        return kept[0]

    def _lines_at(self, width: int) -> int:
        first: list[int] = []
        line_row: list[int] = []
        for index, (_, _, text) in enumerate(self._rows):
            first.append(len(line_row))
            line_row += [index] * wrapped_height(text, max(1, width - min(MARK_WIDTH, width)))
        first.append(len(line_row))
        self._first_line, self._line_row = first, line_row
        lines = len(line_row) + self._ranking
        if self._ranking:
            # Held at the height of the list before, blank below the notice: the list that follows
            # is about as long, so its scrollbar neither goes nor comes back (a restyle each time).
            lines = max(lines, self._lines_before)
        self._lines_before = lines
        return lines

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index == len(self._line_row) and self._ranking and width == self._width:
            return self._ranking_line()
        if index >= len(self._line_row) or width != self._width:
            return Strip.blank(width, self.visual_style.rich_style)
        row = self._line_row[index]
        lines = self._row_lines(row, row == self.highlighted)
        offset = index - self._first_line[row]
        return lines[offset] if offset < len(lines) else Strip.blank(width, self.visual_style.rich_style)

    def _ranking_line(self) -> Strip:
        kept = self._rendered.get((RANKING, False))
        if kept is None:
            style = self.visual_style
            options = RenderOptions(self._get_style, cast(RulesMap, self.styles), None, None)
            drawn = line((RANKING, "italic dim")).render_strips(self._width, None, style, options)[:1]
            kept = self._rendered[(RANKING, False)] = [
                Strip.join([*drawn, Strip.blank(self._width, style.rich_style)]).crop(0, self._width)
            ]
        return kept[0]

    # -- the cursor -------------------------------------------------------------------------

    def watch_highlighted(self, before: int | None, now: int | None) -> None:
        for row in (before, now):
            if row is not None and row + 1 < len(self._first_line):
                self.refresh(
                    Region(0, self._first_line[row] - self.scroll_offset.y, self.size.width, self._height_of(row))
                )
        self._keep_highlight_in_view()

    def _height_of(self, row: int) -> int:
        return self._first_line[row + 1] - self._first_line[row]

    def _keep_highlight_in_view(self) -> None:
        row = self.highlighted
        if row is None or row + 1 >= len(self._first_line) or not self._width:
            return
        region = Region(0, self._first_line[row], self._width, self._height_of(row))
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def _move(self, row: int) -> None:
        if self._rows:
            self.highlighted = max(0, min(row, len(self._rows) - 1))

    def action_cursor_down(self) -> None:
        self._move(0 if self.highlighted is None else self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self._move(0 if self.highlighted is None else self.highlighted - 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._rows) - 1)

    def _page(self, direction: int) -> None:
        if not self._rows:
            return
        current = self.highlighted or 0
        y = self._first_line[current] + direction * self.scrollable_content_region.height
        self._move(self._line_row[max(0, min(y, len(self._line_row) - 1))])

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def on_click(self, event: events.Click) -> None:
        # The row under the mouse, found from the line clicked: the lines carry no mark of their
        # row (marking every line a key draws cost a fifth of drawing it).
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self._line_row):
            self.highlighted = self._line_row[index]

    # -- what the facilitator asks ------------------------------------------------------------

    def _chosen(self, what: Literal["open", "cite", "discussed", "withdraw"]) -> None:
        if self.highlighted is None or not self._rows:
            if self._ranking:
                self.app.notify("The clauses for this inject are still being ranked: a moment.")
            else:
                self.app.notify("No clause is suggested or cited for this inject; press c to cite any clause.")
            return
        clause = self._rows[self.highlighted][0]
        self.post_message(self.ClauseChosen(clause, what, self._reasons.get(clause, "")))

    def action_open(self) -> None:
        self._chosen("open")

    def action_cite_highlighted(self) -> None:
        self._chosen("cite")

    def action_discussed(self) -> None:
        self._chosen("discussed")

    def action_withdraw(self) -> None:
        self._chosen("withdraw")

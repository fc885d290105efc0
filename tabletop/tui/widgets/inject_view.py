"""The inject in front of the room: narrative as Markdown, questions by cell, and, for the
facilitator only, expected actions with their ratings, notes, options and the record.

One widget drawing its own lines (a `ScrollView`): each part is rendered to lines once when it
changes, at the width it is shown in, and a frame copies those lines. A key that delivers the
next inject costs one rendering of the new text, with no child widgets to lay out; it was a
widget per part, each measured and rendered again on every layout pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.content import Content
from textual.css.styles import RulesMap
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import RenderOptions

from tabletop.session import InjectView, RecordedDetermination, SessionSnapshot
from tabletop.tui.text import line, plain, safe
from tabletop.tui.widgets.steady import SteadySize

if TYPE_CHECKING:
    from rich.markdown import Markdown

__all__ = [
    "PARTS",
    "RECORDED_HERE_SHOWN",
    "InjectDetail",
    "narrative",
    "nothing_delivered",
    "orders_text",
    "questions_text",
]

RECORDED_HERE_SHOWN = 30
"""The latest decisions, and the latest notes, shown under "Recorded here" (each kind)."""

PARTS = ("inject-heading", "narrative", "questions", "orders", "options", "actions", "facilitator-notes", "record")
"""The parts of the detail, top to bottom, each followed by a blank line when shown."""

_MARKDOWN_SIGNS = re.compile(r"[\\`*_\[\]<>#|~&!]|^ {0,3}(?:[-+=]|\d+[.)])(?:\s|$)|^(?: {4}|\t)| {2}$", re.MULTILINE)
"""What would make Markdown of an author's text differ from its prose: inline marks, entities,
list items, heading underlines, indented code and hard line breaks."""


def narrative(text: str) -> Markdown | Content:
    """An author's Markdown, rendered: never markup, never escape sequences, links shown not
    followed. Plain prose (most narratives) is drawn as the paragraphs Markdown would make of it,
    without Markdown's parse and its renderer's dozens of objects per paragraph."""
    text = safe(text)
    if _MARKDOWN_SIGNS.search(text):
        # Imported for the first narrative that needs it: rich's Markdown brings markdown-it and
        # Pygments, a tenth of a second the console's first frame does not wait for.
        from rich.markdown import Markdown

        return Markdown(text, hyperlinks=False)
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n[ \t]*\n", text.strip())]
    return Content("\n\n".join(paragraph for paragraph in paragraphs if paragraph))


def questions_text(inject: InjectView) -> Content:
    rows: list[Content] = []
    for cell, questions in inject.questions_by_cell().items():
        name = questions[0].cell_name or cell
        rows.append(line(("Questions for " + name if name else "Questions for the room", "bold")))
        rows += [line("  • ", (q.text, "")) for q in questions]
    return Content("\n").join(rows)


def orders_text(recorded: Sequence[RecordedDetermination], inject: str) -> Content | None:
    """The grey-zone orders recorded at `inject`: given or not, who decides, the remark. Only
    those recorded: what is open but not yet given is the facilitator's, never the room's."""
    rows = [line(("Orders recorded here", "bold"))]
    for order in recorded:
        if order.inject != inject:
            continue
        answer = ("given", "bold") if order.answer else ("not given", "bold reverse")
        assumed = ("  (assumed: the scenario's answer)", "dim") if order.assumed else ("", "")
        rows.append(line("  ", (order.title, ""), ": ", answer, "  ", (order.authority, "dim"), assumed))
        if order.remark:
            rows.append(line("       ", (order.remark, "italic")))
    return Content("\n").join(rows) if len(rows) > 1 else None


Part: TypeAlias = "Content | Markdown"
"""What a part shows: text built by the console, or an author's Markdown."""


class InjectDetail(SteadySize, ScrollView, can_focus=True):
    """Everything the snapshot it is given holds about the current inject: a participants'
    screen gives it `SessionSnapshot.for_participants()`, which decides what the room sees."""

    # The scrollbar's column is kept whether there is anything to scroll or not (`NOTHING_TO_SCROLL`).
    DEFAULT_CSS = """
    InjectDetail {
        overflow-y: scroll;
        &.-nothing-to-scroll {
            scrollbar-background: transparent;
            scrollbar-background-hover: transparent;
            scrollbar-background-active: transparent;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: dict[str, Part | None] = dict.fromkeys(PARTS)
        self._rendered: dict[str, list[Strip]] = {}
        """Each shown part's lines, at `_width`."""
        self._lines: list[Strip] = []
        self._inject: str | None = None

    # -- what is shown ----------------------------------------------------------------------

    def shown(self, part: str) -> Part | None:
        """What the part named `part` (one of `PARTS`) shows now, or None when it is not shown."""
        return self._parts[part]

    def text(self) -> str:
        """The characters of every part shown, top to bottom, a blank line between parts."""
        texts = []
        for content in self._parts.values():
            if isinstance(content, Content):
                texts.append(content.plain)
            elif content is not None:
                texts.append(content.markup)
        return "\n\n".join(texts)

    def show(self, snapshot: SessionSnapshot) -> None:
        inject = snapshot.current
        parts: dict[str, Part | None] = dict.fromkeys(PARTS)
        if inject is None:
            parts["inject-heading"] = plain(nothing_delivered(snapshot), "italic")
        else:
            marks: list[str | Content | tuple[object, str]] = [(inject.title, "bold")]
            if inject.time:
                marks += ["  ", (inject.time, "dim")]
            if inject.module_title:
                marks += ["  ", (inject.module_title, "italic")]
            if inject.contingency:
                marks += ["  ", ("contingency", "reverse")]
            if inject.adhoc:
                marks += ["  ", ("ad hoc", "reverse")]
            if inject.without_move:
                marks += ["  ", ("delivered without its phase move", "reverse")]
            parts["inject-heading"] = line(*marks)
            parts["narrative"] = self._narrative(inject.narrative)
            parts["questions"] = questions_text(inject) if inject.questions else None
            parts["orders"] = orders_text(snapshot.recorded_determinations, inject.id)
            parts["options"] = self._options(snapshot)
            parts["actions"] = self._actions(inject)
            notes = inject.facilitator_notes
            if notes:
                parts["facilitator-notes"] = Content("\n").join(
                    [line(("Facilitator only", "bold reverse")), plain(notes)]
                )
            parts["record"] = self._record(snapshot)
        changed = [name for name in PARTS if not _same(parts[name], self._parts[name])]
        if not changed:
            return
        for name in changed:
            self._parts[name] = parts[name]
            self._rendered.pop(name, None)
        current = inject.id if inject is not None else None
        if current != self._inject:
            # A new inject is read from its heading down.
            self._inject = current
            self.scroll_to(y=0, animate=False, immediate=True)
        self._lay_out()

    def _narrative(self, text: str) -> Part | None:
        if not text:
            return None
        shown = self._parts["narrative"]
        if shown is not None and self._narrative_text == text:
            return shown  # the same text: not parsed again
        self._narrative_text = text
        return narrative(text)

    _narrative_text: str | None = None

    def _actions(self, inject: InjectView) -> Content | None:
        if not inject.expected_actions:
            return None
        actions = [line(("Expected actions (facilitator only)", "bold"))]
        for action in inject.expected_actions:
            rating = action.rating
            mark = (f"[{rating.rating}]", "reverse bold") if rating else ("[ ]", "dim")
            who = f" ({action.responsible})" if action.responsible else ""
            actions.append(line(f"  {action.key} ", mark, " ", (action.action + who, "")))
            if rating and rating.observation:
                actions.append(line("       ", (rating.observation, "italic")))
        return Content("\n").join(actions)

    def _options(self, snapshot: SessionSnapshot) -> Content | None:
        if not snapshot.options:
            return None
        rows = [line(("Decision point: n chooses", "bold"))]
        for option in snapshot.options:
            default = (" (default)", "bold") if option.default else ("", "")
            rows.append(line(f"  {option.index + 1}. ", (option.label, ""), default, (f" → {option.target}", "dim")))
        return Content("\n").join(rows)

    def _record(self, snapshot: SessionSnapshot) -> Content | None:
        # The state indexes what was recorded at each inject, so this costs the same whatever
        # the length of the session; a screen shows the latest, the report keeps them all.
        decisions, notes = snapshot.state.current_decisions, snapshot.state.current_notes
        if not decisions and not notes:
            return None
        rows = [line(("Recorded here", "bold"))]
        rows += [
            line("  decision ", (decision.decided_by, "bold"), ": ", (decision.decision, ""))
            for decision in decisions[-RECORDED_HERE_SHOWN:]
        ]
        rows += [line("  note ", (note.text, "")) for note in notes[-RECORDED_HERE_SHOWN:]]
        earlier = max(0, len(decisions) - RECORDED_HERE_SHOWN) + max(0, len(notes) - RECORDED_HERE_SHOWN)
        if earlier:
            rows.append(line((f"  and {earlier} earlier here (the after-action report has every one)", "italic")))
        return Content("\n").join(rows)

    # -- drawing ----------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._lay_out()

    def _lines_at(self, width: int) -> int:
        """The lines of every part shown, each part rendered once for the width it is shown in."""
        lines: list[Strip] = []
        base = self.rich_style  # worked out from the styles of every node above: once per lay-out
        blank = Strip.blank(width, base)
        for name in PARTS:
            content = self._parts[name]
            if content is None:
                continue
            rendered = self._rendered.get(name)
            if rendered is None:
                rendered = self._rendered[name] = self._render_part(name, content, width, base)
            lines += rendered
            lines.append(blank)
        self._lines = lines
        return len(lines)

    def _render_part(self, name: str, content: Part, width: int, base: RichStyle) -> list[Strip]:
        if name == "facilitator-notes":
            # Marked as the facilitator's in the margin, so nobody mistakes it for the room's.
            bar = Segment("█", RichStyle.from_color(_warning(self).rich_color, base.bgcolor))
            return [
                Strip([bar, Segment(" ", base), *strip], strip.cell_length + 2)
                for strip in self._text_lines(content, max(1, width - 2), base)
            ]
        return self._text_lines(content, width, base)

    def _text_lines(self, content: Part, width: int, base: RichStyle) -> list[Strip]:
        if isinstance(content, Content):
            options = RenderOptions(self._get_style, cast(RulesMap, self.styles), None, None)
            strips = content.render_strips(width, None, self.visual_style, options)
        else:
            console = self.app.console
            rendered = console.render_lines(content, console.options.update_width(width), style=base)
            strips = [Strip(segments) for segments in rendered]
        return [strip.extend_cell_length(width, base).crop(0, width) for strip in strips]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index >= len(self._lines) or width != self._width:
            return Strip.blank(width, self.rich_style)
        strip = self._lines[index]
        if scroll_x:
            strip = strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)
        if self.mouse_hover:
            # Where each character is, for the mouse to select text: only under the mouse (Textual
            # asks for the line again when a button is pressed), as it costs a fifth of a key.
            strip = strip.apply_offsets(scroll_x, index)
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(index)) is not None:
            strip = _selected(strip, span, self.screen.get_component_rich_style("screen--selection"))
        return strip

    # -- selecting text with the mouse --------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a selection made with the mouse (as the lines show it), for the clipboard."""
        return selection.extract("\n".join(strip.text.rstrip() for strip in self._lines)), "\n"


def nothing_delivered(snapshot: SessionSnapshot) -> str:
    """What the inject pane says before the first inject, true for the seat watching: only a seat
    that may deliver is told the key; the others (a follower, an evaluator, a cell's recorder)
    wait for the facilitator."""
    if snapshot.ended:
        return "No inject was delivered: the session has ended."
    seat = snapshot.seat
    delivers = not snapshot.readonly and (seat is None or seat.role == "facilitator")
    if not delivers and not snapshot.readonly and seat is not None:
        import tabletop.session as session  # command classes, for a seat other than the facilitator's only

        delivers = seat.may(session.DeliverNext)
    if delivers:
        return "No inject delivered yet. Press n to deliver the first."
    return "No inject delivered yet: the facilitator delivers the first, and it shows here as soon as they do."


def _warning(widget: InjectDetail) -> Color:
    return Color.parse(widget.app.theme_variables.get("warning", "yellow"))


def _selected(strip: Strip, span: tuple[int, int], style: RichStyle) -> Strip:
    """`strip` with the characters from `span[0]` to `span[1]` (-1: the end) drawn as selected."""
    text = strip.text
    start, end = span
    end = len(text) if end == -1 else end
    before, chosen, after = strip.divide([cell_len(text[:start]), cell_len(text[:end]), strip.cell_length])
    chosen = Strip([Segment(t, (s + style) if s else style, c) for t, s, c in chosen], chosen.cell_length)
    return Strip.join([before, chosen, after])


def _same(new: Part | None, old: Part | None) -> bool:
    if new is None or old is None:
        return new is old
    if isinstance(new, Content) and isinstance(old, Content):
        return new.plain == old.plain and new.spans == old.spans
    return new is old

"""The inject in front of the room: narrative as Markdown, questions by cell, and, for the
facilitator only, expected actions with their ratings, notes, options and the record."""

from __future__ import annotations

from collections.abc import Sequence

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tabletop.session import InjectView, RecordedDetermination, SessionSnapshot
from tabletop.tui.text import line, plain, safe
from tabletop.tui.widgets.steady import LeafStatic

__all__ = ["RECORDED_HERE_SHOWN", "InjectDetail", "narrative", "orders_text", "questions_text"]

RECORDED_HERE_SHOWN = 30
"""The latest decisions, and the latest notes, shown under "Recorded here" (each kind)."""


def narrative(text: str) -> Markdown:
    """An author's Markdown, rendered: never markup, never escape sequences, links shown not followed."""
    return Markdown(safe(text), hyperlinks=False)


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


class InjectDetail(VerticalScroll):
    """Everything the snapshot it is given holds about the current inject: a participants'
    screen gives it `SessionSnapshot.for_participants()`, which decides what the room sees."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._narrative: str | None = None
        self._shown: dict[str, Content | None] = {}

    def compose(self) -> ComposeResult:
        yield LeafStatic(id="inject-heading")
        yield LeafStatic(id="narrative")
        yield LeafStatic(id="questions")
        yield LeafStatic(id="orders")
        yield LeafStatic(id="options")
        yield LeafStatic(id="actions")
        yield LeafStatic(id="facilitator-notes", classes="facilitator-only")
        yield LeafStatic(id="record")

    def show(self, snapshot: SessionSnapshot) -> None:
        inject = snapshot.current
        if inject is None:
            self._part("inject-heading", plain("No inject delivered yet. Press n to deliver the first.", "italic"))
            self._set_narrative("")
            for name in ("questions", "orders", "options", "actions", "facilitator-notes", "record"):
                self._part(name, None)
            return
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
        self._part("inject-heading", line(*marks))
        self._set_narrative(inject.narrative)
        self._part("questions", questions_text(inject) if inject.questions else None)
        self._part("orders", orders_text(snapshot.recorded_determinations, inject.id))
        self._part("options", self._options(snapshot))
        actions = [line(("Expected actions (facilitator only)", "bold"))]
        for action in inject.expected_actions:
            rating = action.rating
            mark = (f"[{rating.rating}]", "reverse bold") if rating else ("[ ]", "dim")
            who = f" ({action.responsible})" if action.responsible else ""
            actions.append(line(f"  {action.key} ", mark, " ", (action.action + who, "")))
            if rating and rating.observation:
                actions.append(line("       ", (rating.observation, "italic")))
        self._part("actions", Content("\n").join(actions) if inject.expected_actions else None)
        notes = inject.facilitator_notes
        self._part(
            "facilitator-notes",
            Content("\n").join([line(("Facilitator only", "bold reverse")), plain(notes)]) if notes else None,
        )
        self._part("record", self._record(snapshot))

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

    def _part(self, name: str, content: Content | None) -> None:
        part = self.query_one(f"#{name}", Static)
        part.display = content is not None
        if content != self._shown.get(name):
            self._shown[name] = content
            part.update(content or "")

    def _set_narrative(self, text: str) -> None:
        if text == self._narrative:
            return
        self._narrative = text
        part = self.query_one("#narrative", Static)
        part.display = bool(text)
        part.update(narrative(text))

"""The projector view: the current inject's title, narrative and questions, large and alone,
for a room with one screen, from what the room may see (`SessionSnapshot.for_participants()`),
and the answers of the cells to the prompts the facilitator revealed since that inject came up.
Follows the session as it moves; `v` or escape returns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tabletop.session import PromptRecord, SessionSnapshot
from tabletop.tui.text import line, plain
from tabletop.tui.screens.base import SnapshotScreen
from tabletop.tui.widgets import ClassificationBar
from tabletop.tui.widgets.inject_view import narrative, questions_text

__all__ = ["ProjectorScreen"]


class ProjectorScreen(SnapshotScreen):
    BINDINGS = [
        Binding("v,escape", "app.pop_screen", "Back", key_display="v"),
        Binding("n,right", "forward('next')", "Next inject", key_display="n"),
    ]

    def compose(self) -> ComposeResult:
        yield ClassificationBar(id="classification-top", classes="classification")
        with VerticalScroll(id="projection"):
            yield Static(id="projector-title")
            yield Static(id="projector-narrative")
            yield Static(id="projector-questions")
            yield Static(id="projector-results")
        yield ClassificationBar(id="classification-bottom", classes="classification")

    def draw(self, snapshot: SessionSnapshot) -> None:
        inject = self.console.room_view(snapshot).current
        title = self.query_one("#projector-title", Static)
        title.update(plain(inject.title if inject else snapshot.title, "bold"))
        self.query_one("#projector-narrative", Static).update(narrative(inject.narrative) if inject else "")
        questions = self.query_one("#projector-questions", Static)
        questions.display = bool(inject and inject.questions)
        if inject and inject.questions:
            questions.update(questions_text(inject))
        room = snapshot.for_participants().state
        since = room.visits[-1].at if room.visits else room.started_at
        shown = [p for p in room.prompts if p.revealed_at is not None and p.revealed_at >= since]
        results = self.query_one("#projector-results", Static)
        results.display = bool(shown)
        if shown:
            cells = {cell.id: cell.name for cell in self.console.cells()}
            results.update(Content("\n\n").join(results_text(p, cells) for p in shown))

    def action_forward(self, action: str) -> None:
        """Keys the facilitator uses while projecting are run by the screen below."""
        below = self.app.screen_stack[-2]
        if hasattr(below, f"action_{action}"):
            getattr(below, f"action_{action}")()


def results_text(prompt: PromptRecord, cells: dict[str, str]) -> Content:
    """A revealed prompt's answers as the room sees them: a poll's votes, each cell's answers."""
    rows = [line(("What the cells answered: ", "bold"), (prompt.text, "bold"))]
    if prompt.kind == "poll":
        tally = prompt.tally()
        total = sum(tally) or 1
        rows += [
            line(f"  {'█' * round(20 * votes / total):<20} {votes:>3}  ", (option, ""))
            for option, votes in zip(prompt.options, tally, strict=True)
        ]
    for cell, answers in prompt.answers_by_cell().items():
        for answer in answers:
            chosen = prompt.options[answer.choice] if answer.choice is not None else answer.rating or ""
            said = ": ".join(part for part in (chosen, answer.clause or "", answer.text) if part)
            rows.append(line("  ", (cells.get(cell, cell), "bold"), "  ", (said, "")))
    return Content("\n").join(rows)

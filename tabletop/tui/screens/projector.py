"""The projector view: the current inject's title, narrative and questions, large and alone,
for a room with one screen, from what the room may see (`SessionSnapshot.for_participants()`).
Follows the session as it moves; `v` or escape returns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tabletop.session import SessionSnapshot
from tabletop.tui.text import plain
from tabletop.tui.screens.base import SnapshotScreen
from tabletop.tui.widgets import ClassificationBar
from tabletop.tui.widgets.inject_view import narrative, questions_text

__all__ = ["ProjectorScreen"]


class ProjectorScreen(SnapshotScreen):
    for_the_room = True
    """No notification is shown over it (`ConsoleApp.notify`)."""

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
        yield ClassificationBar(id="classification-bottom", classes="classification")

    def on_screen_resume(self) -> None:
        # A toast raised just before `v` must not stay up in front of the room.
        self.app.clear_notifications()

    def draw(self, snapshot: SessionSnapshot) -> None:
        inject = snapshot.for_participants().current
        title = self.query_one("#projector-title", Static)
        title.update(plain(inject.title if inject else snapshot.title, "bold"))
        self.query_one("#projector-narrative", Static).update(narrative(inject.narrative) if inject else "")
        questions = self.query_one("#projector-questions", Static)
        questions.display = bool(inject and inject.questions)
        if inject and inject.questions:
            questions.update(questions_text(inject))

    def action_forward(self, action: str) -> None:
        """Keys the facilitator uses while projecting are run by the screen below."""
        below = self.app.screen_stack[-2]
        if hasattr(below, f"action_{action}"):
            getattr(below, f"action_{action}")()

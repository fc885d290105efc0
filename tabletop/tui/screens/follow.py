"""The participants' live mirror (`tabletop follow`): read-only, nothing facilitator-only.

Shows the exercise, the phases and the inject in front of the room with its questions, drawn
from `SessionSnapshot.for_participants()`, the one rule for what the room may see: never the
facilitator's notes, expected actions, ratings, suggestions, pending injects or gates.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding


from tabletop.session import SessionSnapshot
from tabletop.tui.screens.base import SnapshotScreen
from tabletop.tui.widgets.keybar import KeyBar
from tabletop.tui.widgets import Banner, ClassificationBar, ExerciseHeader, InjectDetail, PhaseTrack

__all__ = ["FollowScreen"]

FOLLOWING = "Following live: read-only, the participants' view."


class FollowScreen(SnapshotScreen):
    BINDINGS = [
        Binding("v", "projector", "Projector view"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield ClassificationBar(id="classification-top", classes="classification")
        yield Banner(id="banner")
        yield ExerciseHeader(id="header", clock_visible=False)
        yield PhaseTrack(id="track")
        yield InjectDetail(id="detail")
        yield ClassificationBar(id="classification-bottom", classes="classification")
        yield KeyBar()

    def banner(self, snapshot: SessionSnapshot) -> str | None:
        ended = " The session has ended." if snapshot.ended else ""
        cell = next((c.name for c in self.console.cells() if c.id == self.console.cell), None)
        view = f" The {cell}'s view: its questions and everyone's." if cell else ""
        return (self.console.banner or FOLLOWING) + view + ended

    def draw(self, snapshot: SessionSnapshot) -> None:
        snapshot = self.console.room_view(snapshot)
        self.query_one(ExerciseHeader).show(snapshot, snapshot.clock.taken_at)
        self.query_one(PhaseTrack).show(snapshot)
        self.query_one(InjectDetail).show(snapshot)

    def action_projector(self) -> None:
        from tabletop.tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen())

    def action_help(self) -> None:
        from tabletop.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(follow=True))

    async def action_quit(self) -> None:
        self.app.exit()

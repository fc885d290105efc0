"""What every session screen shares: it redraws whenever the app publishes a new snapshot,
carries the classification marking at its top and bottom, and reaches the app as `console`."""

from __future__ import annotations

from textual.screen import Screen

from tabletop.session import SessionSnapshot
from tabletop.tui.app import ConsoleApp, console_of
from tabletop.tui.widgets import ClassificationBar

__all__ = ["ConsoleScreen", "SnapshotScreen"]


class ConsoleScreen(Screen[None]):
    """A screen of the console."""

    @property
    def console(self) -> ConsoleApp:
        """The console app, typed."""
        return console_of(self)


class SnapshotScreen(ConsoleScreen):
    """A screen drawn from the session's snapshot."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key typed just after `q` finds the console leaving: it opens nothing.
        return not self.console.leaving

    def on_mount(self) -> None:
        self.watch(self.app, "snapshot", self.show)

    @property
    def snap(self) -> SessionSnapshot:
        """The snapshot on screen: what the facilitator decides on."""
        snapshot = self.console.snapshot
        if snapshot is None:
            raise RuntimeError("a session screen is shown only once a session is attached")
        return snapshot

    def show(self, snapshot: SessionSnapshot | None) -> None:
        if snapshot is None:
            return
        for bar in self.query(ClassificationBar):
            bar.show(snapshot.classification)
        self.draw(snapshot)

    def draw(self, snapshot: SessionSnapshot) -> None:
        """Draw the rest of the screen from `snapshot`."""

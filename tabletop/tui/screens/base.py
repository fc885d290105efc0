"""What every session screen shares: it redraws whenever the app publishes a new snapshot,
and carries the classification marking at its top and bottom."""

from __future__ import annotations

from textual.screen import Screen

from tabletop.session import SessionSnapshot
from tabletop.tui.widgets import ClassificationBar

__all__ = ["SnapshotScreen"]


class SnapshotScreen(Screen[None]):
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A key typed just after `q` finds the console leaving: it opens nothing.
        return not getattr(self.app, "leaving", False)

    def on_mount(self) -> None:
        self.watch(self.app, "snapshot", self.show)

    def show(self, snapshot: SessionSnapshot | None) -> None:
        if snapshot is None:
            return
        for bar in self.query(ClassificationBar):
            bar.show(snapshot.classification)
        self.draw(snapshot)

    def draw(self, snapshot: SessionSnapshot) -> None:
        """Draw the rest of the screen from `snapshot`."""

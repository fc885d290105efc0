"""Every key of the console, grouped as help shows them: one table for bindings, footer, help and palette."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

__all__ = ["KEYS", "Key", "bindings"]


@dataclass(frozen=True, slots=True)
class Key:
    group: str
    keys: str
    """Comma-separated keys, as Textual binds them."""
    action: str
    description: str
    show: bool = True
    display: str | None = None

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show, key_display=self.display,
                       id=self.action)


KEYS: tuple[Key, ...] = (
    Key("Play", "n,right", "next", "Next inject", display="n"),
    Key("Play", "b,left", "back", "Back", display="b"),
    Key("Play", "j", "jump", "Jump to inject"),
    Key("Play", "a", "adhoc", "Ad-hoc inject"),
    Key("Play", "t", "move", "Phase move"),
    Key("Record", "c", "cite", "Cite a clause"),
    Key("Record", "d", "decide", "Decision"),
    Key("Record", "r", "rate", "Rate an action"),
    Key("Record", "slash", "note", "Note", display="/"),
    Key("Record", "w", "hot_wash", "Hot wash"),
    Key("Session", "space", "pause", "Pause/resume clock"),
    Key("Session", "e", "end", "End session"),
    Key("Session", "q", "quit", "Quit"),
    Key("View", "v", "projector", "Projector view"),
    Key("View", "question_mark", "help", "Help", display="?"),
)
"""The main screen's keys; help and the command palette list the same."""


def bindings(keys: tuple[Key, ...] = KEYS) -> list[Binding]:
    return [key.binding() for key in keys]

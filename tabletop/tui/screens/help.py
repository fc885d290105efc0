"""Help: every key of the console, grouped, and where the command palette is."""

from __future__ import annotations

from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tabletop.tui.keys import KEYS
from tabletop.tui.text import line

__all__ = ["HelpScreen", "help_text"]

_NAMES = {"right": "→", "left": "←", "slash": "/", "question_mark": "?", "space": "space"}

PANEL_KEYS = (
    ("Citations panel", "enter", "the clause's verbatim text, its parents and phases"),
    ("Citations panel", "i", "cite the highlighted clause"),
    ("Citations panel", "m", "mark it discussed (a note)"),
    ("Citations panel", "x", "withdraw its citation"),
    ("Anywhere", "tab / shift+tab", "move between the inject list, the inject, citations and the note"),
    ("Anywhere", "escape", "close a dialog; leave the note"),
    ("Anywhere", "ctrl+p", "command palette: every action, and clause search"),
)


def _keys(spec: str) -> str:
    return " or ".join(_NAMES.get(k, k) for k in spec.split(","))


def help_text(follow: bool = False) -> Content:
    rows: list[Content] = []
    if follow:
        shown = [("Following", "v", "projector view"), ("Following", "?", "help"), ("Following", "q", "quit")]
    else:
        shown = [(k.group, _keys(k.keys), k.help) for k in KEYS] + list(PANEL_KEYS)
    for group, keys in groupby(shown, key=lambda k: k[0]):
        rows.append(line((group, "bold underline")))
        rows += [line(f"  {key:<16}", (description, "")) for _, key, description in keys]
        rows.append(Content(""))
    return Content("\n").join(rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close", key_display="escape")]

    def __init__(self, *, follow: bool = False) -> None:
        super().__init__()
        self.follow = follow

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Static(line(("Keys", "bold"), "  (escape closes)"), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(help_text(self.follow))

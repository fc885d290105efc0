"""Every key of the console, grouped as help shows them: one table for bindings, footer, help and palette."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

__all__ = ["KEY_BAR_FIRST", "KEYS", "Key", "bindings"]


@dataclass(frozen=True, slots=True)
class Key:
    group: str
    keys: str
    """Comma-separated keys, as Textual binds them."""
    action: str
    description: str
    """Short, for the footer."""
    help: str
    """Whole, for help and the command palette."""
    display: str | None = None
    priority: bool = False
    """Run as soon as the key arrives, before the keys typed after it are handed out (see `note`)."""
    show: bool = True
    """Shown in the key bar (every key is in help and the palette)."""
    records: tuple[str, ...] = ()
    """The commands (`tabletop.session` class names) the key's action records: a seat none of
    whose `permitted` roles may issue is refused at the key and does not see it in the key bar.
    Empty: it records nothing (looking, the report, help)."""

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            key_display=self.display,
            tooltip=self.help,
            id=self.action,
            priority=self.priority,
            show=self.show,
        )


KEYS: tuple[Key, ...] = (
    Key("Play", "n,right", "next", "Next", "Next inject", display="n", records=("DeliverNext", "TakeOption")),
    Key("Play", "b,left", "back", "Back", "Back to the inject before", display="b", records=("GoBack",)),
    Key(
        "Play",
        "g",
        "gates",
        "Gates",
        "Gates: the room determines the move waiting since the inject was delivered",
        records=("DetermineMove",),
    ),
    Key(
        "Play",
        "G",
        "next_gates_first",
        "Gates first",
        "Next inject, asking the room through its move's gates before it is delivered",
        display="G",
        show=False,
        records=("DeliverNext", "TakeOption"),
    ),
    Key("Play", "t", "move", "Move", "Phase move: the legal moves and their gates", records=("Fire",)),
    Key("Play", "j", "jump", "Jump", "Jump to any inject", records=("Jump",)),
    Key("Play", "a", "adhoc", "Ad hoc", "Ad-hoc inject", records=("InsertAdHoc",)),
    Key("Record", "c", "cite", "Cite", "Cite any clause (search ids, titles, text)", records=("Cite",)),
    Key("Record", "d", "decide", "Decide", "Record a decision and who decided", records=("Decide",)),
    Key("Record", "r", "rate", "Rate", "Rate an expected action of the current inject P/S/M/U", records=("Rate",)),
    Key(
        "Record",
        "R",
        "rate_earlier",
        "Rate earlier",
        "Rate an expected action of an inject delivered before (play does not move)",
        display="R",
        show=False,
        records=("Rate",),
    ),
    # A priority key: the keys typed right after `/` belong to the note, even in a burst.
    Key("Record", "slash", "note", "Note", "Write a note", display="/", priority=True, records=("Note",)),
    Key(
        "Record",
        "o",
        "orders",
        "Orders",
        "Orders and determinations open now, in every phase: record the room's yes or no",
        records=("Determine",),
    ),
    Key(
        "Record",
        "w",
        "hot_wash",
        "Hot wash",
        "Hot wash and improvement plan",
        records=("HotWash", "AddImprovementItem"),
    ),
    Key(
        "Record",
        "k",
        "cells",
        "Cells",
        "Ask the cells: prompts, their answers, seats on the participants' page",
        records=("OpenPrompt", "ClosePrompt", "RevealPrompt", "AnswerPrompt", "RevokeSeat", "ReissueSeat"),
    ),
    Key("Session", "space", "pause", "Pause", "Pause or resume the clock", records=("PauseClock", "ResumeClock")),
    Key(
        "Session", "p", "report", "Report", "After-action report: write it (Markdown and HTML) beside the session file"
    ),
    Key("Session", "e", "end", "End", "End the session", records=("End",)),
    Key("Session", "q", "quit", "Quit", "Quit (everything is already saved)"),
    Key("View", "v", "projector", "Project", "Projector view"),
    Key("View", "question_mark", "help", "Help", "Help: every key", display="?"),
)
"""The main screen's keys; help and the command palette list the same."""


KEY_BAR_FIRST: tuple[str, ...] = (
    "help",
    "app.pop_screen",
    "next",
    "gates",
    "cite",
    "rate",
    "note",
    "orders",
    "hot_wash",
    "cells",
    "projector",
    "end",
    "quit",
    "back",
    "decide",
    "move",
    "jump",
    "adhoc",
    "pause",
    "report",
)
"""The key bar's order of importance: on a narrow screen the bar keeps the first that fit (help
always, shown last; then the way back from a screen reached from the main one), and the rest
are in help (`?`) and the palette."""


def bindings(keys: tuple[Key, ...] = KEYS) -> list[Binding]:
    return [key.binding() for key in keys]

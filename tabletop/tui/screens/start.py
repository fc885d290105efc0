"""The start screen of `tabletop run` without a scenario: the bundled scenarios with their
summaries, the sessions in the session folder to resume (newest first), and any scenario file."""

from __future__ import annotations

from pathlib import Path
from textwrap import shorten

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tabletop.errors import TabletopError
from tabletop.tui.screens.base import ConsoleScreen
from tabletop.tui.widgets.keybar import KeyBar
from tabletop.tui.text import line, plain

__all__ = ["SESSIONS_LISTED", "StartScreen"]

SESSIONS_LISTED = 30
"""The newest sessions the start screen reads and lists."""


def _session_row(path: Path) -> Content:
    from tabletop.session import Session

    try:
        with Session.open(path, readonly=True) as session:
            snap = session.snapshot()
    except TabletopError as exc:
        return line((path.name, "bold"), "\n  ", (str(exc), "italic"))
    where = f"at {snap.current.title}" if snap.current else "not started"
    # A dry-run always ends; what the facilitator needs to know is that no room played it.
    state = "dry-run" if snap.dry_run else ("ended" if snap.ended else "open")
    return line((snap.title, "bold"), f"  [{state}]\n  ", (where, ""), "  ", (snap.session_id, "dim"))


class StartScreen(ConsoleScreen):
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("o", "open_file", "Open a scenario file"),
        Binding("f", "facilitator", "Facilitator"),
    ]

    def compose(self) -> ComposeResult:
        yield Label(plain("tabletop: start a seminar", "bold"), id="start-title")
        with Vertical(id="start-body"):
            yield Label(plain("Bundled scenarios: Enter starts a new session", "bold"))
            yield OptionList(id="scenarios")
            yield Label(plain("Sessions to resume, newest first", "bold"))
            yield OptionList(id="sessions")
            yield Label(plain("Or open a scenario file (o):", "bold"))
            yield Input(placeholder="path/to/scenario.yaml, then Enter", id="path")
            yield Label(plain("Facilitator, for the report's cover (f, optional):", "bold"))
            yield Input(self.console.facilitator, placeholder="Your name", id="facilitator")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#scenarios", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="start-lists")
    def load(self) -> None:
        from tabletop.scenario import bundled_scenarios
        from tabletop.session import SESSION_SUFFIX, session_folder, session_ids

        console = self.console
        scenarios = [
            Option(
                line(
                    (s.title, "bold"),
                    (f"  {s.id}", "dim"),
                    "\n  ",
                    (shorten(" ".join((s.summary or "").split()), 160, placeholder=" …"), ""),
                ),
                id=str(s.path),
            )
            for s in bundled_scenarios(console.corpus)
        ]
        folder = session_folder(console.session_dir)
        ids = list(reversed(session_ids(folder)))[:SESSIONS_LISTED]
        sessions = [
            Option(_session_row(folder / f"{i}{SESSION_SUFFIX}"), id=str(folder / f"{i}{SESSION_SUFFIX}")) for i in ids
        ]
        self.post_message(self.Listed(tuple(scenarios), tuple(sessions), str(folder)))

    class Listed(Message):
        """The bundled scenarios and the sessions in the session folder, read."""

        def __init__(self, scenarios: tuple[Option, ...], sessions: tuple[Option, ...], folder: str) -> None:
            super().__init__()
            self.scenarios = scenarios
            self.sessions = sessions
            self.folder = folder

    @on(Listed)
    def fill(self, message: Listed) -> None:
        self.query_one("#scenarios", OptionList).set_options(message.scenarios)
        listed = self.query_one("#sessions", OptionList)
        empty = Option(plain(f"No sessions in {message.folder} yet.", "italic"), disabled=True)
        listed.set_options(message.sessions or (empty,))

    @on(OptionList.OptionSelected, "#scenarios")
    def start(self, event: OptionList.OptionSelected) -> None:
        self.console.start_scenario(event.option.id or "", self.facilitator())

    def facilitator(self) -> str:
        return self.query_one("#facilitator", Input).value.strip()

    def action_facilitator(self) -> None:
        self.query_one("#facilitator", Input).focus()

    @on(OptionList.OptionSelected, "#sessions")
    def resume(self, event: OptionList.OptionSelected) -> None:
        self.console.resume_session(event.option.id or "")

    def action_open_file(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def open_file(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            self.notify(f"{path}: no such scenario file", severity="warning", markup=False)
            return
        self.console.start_scenario(path, self.facilitator())

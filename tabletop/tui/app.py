"""The console app and its one factory, `make_app`, used by the command line and the tests.

The app owns the `Session` and the latest `SessionSnapshot` (a reactive attribute every
screen watches). It runs each command in a worker thread (`commit`), so a commit's disk
flush never freezes the screen, and only when the command has returned, its event
committed, does it publish the new snapshot and say the action is done. A refused
command becomes a notification. A session another program records, and `follow`, are
read-only and catch up with the journal four times a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
from collections.abc import Callable
from datetime import datetime, UTC
from pathlib import Path
from time import monotonic
from typing import Any, ClassVar, Literal

from textual.app import App
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.worker import get_current_worker

from tabletop.errors import GatesUnanswered, RefusedError, TabletopError
from tabletop.session import Session, SessionSnapshot
from tabletop.tui.commands import ConsoleCommands
from tabletop.tui.text import safe

__all__ = ["ConsoleApp", "ConsoleMode", "make_app", "open_for_console", "report_paths"]

ConsoleMode = Literal["run", "follow"]
"""`run`: the facilitator's console (read-only when another program records the session);
`follow`: the participants' live mirror, read-only, without anything facilitator-only."""

Clock = Callable[[], datetime]

RECORDED_ELSEWHERE = (
    "Read-only: another program is recording this session. This screen follows it live, "
    "and records once the other one lets it go."
)
POLL_SECONDS = 0.25
REPORT_FILE_FORMATS = ("md", "html")
"""The after-action report's formats the console writes."""
RETRY_SECONDS = 2.0
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _utcnow() -> datetime:
    return datetime.now(UTC)


def report_paths(session_path: str | os.PathLike[str]) -> dict[str, Path]:
    """Where the console writes the after-action report of the session file at `session_path`:
    beside it, `<session id>.after-action.md` and `.html`."""
    from tabletop.session import SESSION_SUFFIX

    path = Path(session_path)
    stem = path.name.removesuffix(SESSION_SUFFIX)
    return {fmt: path.with_name(f"{stem}.after-action.{fmt}") for fmt in REPORT_FILE_FORMATS}


def open_for_console(path: str | os.PathLike[str], mode: ConsoleMode = "run") -> tuple[Session, str | None]:
    """Open a session file for the console: for recording, or read-only with the banner to show.

    A session another program is recording opens read-only (never a crash); a damaged file
    raises `SessionFileError` and is not modified.
    """
    if mode == "follow":
        return Session.follow(path), None
    try:
        return Session.open(path), None
    except RefusedError:
        return Session.follow(path), RECORDED_ELSEWHERE


class ConsoleApp(App[None]):
    """The facilitator console (`run`) or the participants' mirror (`follow`) of one session."""

    CSS_PATH = "console.tcss"
    TITLE = "tabletop"
    COMMANDS: ClassVar = App.COMMANDS | {ConsoleCommands}
    ENABLE_COMMAND_PALETTE = True

    snapshot: reactive[SessionSnapshot | None] = reactive(None, always_update=True, init=False)
    leaving = False
    """Set once the console quits: the keys still arriving (`q` then `e`, typed fast) do nothing."""

    def __init__(
        self,
        session: Session | None = None,
        *,
        mode: ConsoleMode = "run",
        banner: str | None = None,
        session_dir: str | os.PathLike[str] | None = None,
        rules_path: str | None = None,
        clock: Clock | None = None,
        live: bool = True,
        facilitator: str = "",
    ) -> None:
        super().__init__()
        self.session = session
        self.mode: ConsoleMode = mode
        self.banner = banner
        self.session_dir = session_dir
        self.rules_path = rules_path
        self.clock: Clock = clock or _utcnow
        self.live = live
        self.facilitator = facilitator
        """Who runs the session: the start screen's default for a new session (the report's cover)."""
        self._polling = False
        self._corpus: Any = None
        self._last_try = monotonic()
        self._session_clock = clock
        self._opened: list[Session] = []
        """Sessions this app opened itself (from the start screen): it closes them on exit."""

    # -- the session ---------------------------------------------------------

    @property
    def corpus(self) -> Any:
        if self.session is not None:
            return self.session.corpus
        if self._corpus is None:
            from tabletop.rules import load_rules

            self._corpus = load_rules(self.rules_path)
        return self._corpus

    @property
    def writable(self) -> bool:
        return self.session is not None and not self.session.readonly and self.mode == "run"

    def on_mount(self) -> None:
        if not self.is_headless:
            # `kill` (SIGTERM) or a closed terminal (SIGHUP) quit as `q` does, so that the
            # terminal is given back as it was: main screen, no mouse reporting, cursor shown.
            loop = asyncio.get_running_loop()
            for stop in _STOP_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(stop, self.exit)
        if self.session is None:
            from tabletop.tui.screens.start import StartScreen

            self.push_screen(StartScreen())
        else:
            self.attach(self.session, self.banner)

    def attach(self, session: Session, banner: str | None = None) -> None:
        """Show `session`: the main screen, or the participants' view when following."""
        from tabletop.tui.screens.follow import FollowScreen
        from tabletop.tui.screens.main import MainScreen
        from tabletop.tui.screens.start import StartScreen

        self.session = session
        self.banner = banner
        self.snapshot = session.snapshot()
        # The scenario, rules and state just loaded live as long as the console: keep the
        # garbage collector from walking them again at every collection (a 5,000-inject
        # scenario would otherwise pause a redraw now and then).
        gc.freeze()
        screen = FollowScreen() if self.mode == "follow" else MainScreen()
        if isinstance(self.screen, StartScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if session.readonly and self.live:
            self.set_interval(POLL_SECONDS, self._poll)

    def _poll(self) -> None:
        if self.session is not None and self.session.readonly and not self._polling:
            self._polling = True
            self.run_worker(self._catch_up, thread=True, group="poll", exit_on_error=False)

    def _catch_up(self) -> None:
        session = self.session
        if self.banner == RECORDED_ELSEWHERE and self._try_to_record():
            return
        try:
            assert session is not None
            new = session.refresh()
            snapshot = session.snapshot() if new else None
        except TabletopError as exc:
            self.call_from_thread(self.notify, safe(exc, one_line=True), severity="error", markup=False)
            snapshot = None
        finally:
            self._polling = False
        if snapshot is not None and not get_current_worker().is_cancelled:
            self.call_from_thread(setattr, self, "snapshot", snapshot)

    def _try_to_record(self) -> bool:
        """Once the other program has let the session go (closed, or its browser page
        reloaded), take it over for recording, every `RETRY_SECONDS` at most."""
        now = monotonic()
        if now - self._last_try < RETRY_SECONDS or self.session is None:
            return False
        self._last_try = now
        try:
            writer = Session.open(self.session.path, clock=self._session_clock)
        except TabletopError:
            return False
        self.call_from_thread(self._became_writer, writer)
        return True

    def _became_writer(self, writer: Session) -> None:
        follower, self.session, self.banner = self.session, writer, None
        self._opened.append(writer)
        if follower is not None:
            follower.close()
        self._polling = False
        self.snapshot = writer.snapshot()
        self.notify("The other program let the session go: this screen records it now.", markup=False)

    def commit(
        self,
        done: str,
        command: Callable[[Session], Any],
        *,
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Run `command` on the session in a worker thread; once it returns (its event is on
        disk), publish the new snapshot, say `done`, and call `then` with its result."""
        if self.session is None:
            return
        if not self.writable:
            self.notify("This screen is read-only: nothing can be recorded here.", severity="warning", markup=False)
            return
        session = self.session

        def work() -> None:
            try:
                result = command(session)
            except GatesUnanswered as exc:
                message = safe(exc, one_line=True)
                self.call_from_thread(self._refused, message, session.snapshot())
                return
            except TabletopError as exc:
                self.call_from_thread(self._refused, safe(exc, one_line=True), None)
                return
            snapshot = session.snapshot()
            self.call_from_thread(self._committed, done, snapshot, then, result)
            if session.clock_notice:
                self.call_from_thread(
                    self.notify, session.clock_notice, title="The computer's clock", severity="warning", timeout=20
                )

        self.run_worker(work, thread=True, group="commit", exit_on_error=False)

    def ask(self, question: Callable[[Session], Any], then: Callable[[Any], None]) -> None:
        """Ask the session something (a preview) in a worker thread, so a commit in flight on
        another thread never blocks the screen; `then` gets the answer on the event loop."""
        session = self.session
        if session is None:
            return

        def work() -> None:
            try:
                answer = question(session)
            except TabletopError as exc:
                self.call_from_thread(self._refused, safe(exc, one_line=True), None)
                return
            self.call_from_thread(then, answer)

        self.run_worker(work, thread=True, group="ask", exit_on_error=False)

    def _committed(self, done: str, snapshot: SessionSnapshot, then: Callable[[Any], None] | None, result: Any) -> None:
        self.snapshot = snapshot
        if then is not None:
            then(result)
        elif done:
            self.notify(safe(done, one_line=True), timeout=3, markup=False)

    def _refused(self, message: str, snapshot: SessionSnapshot | None) -> None:
        if snapshot is not None:
            self.snapshot = snapshot
        self.notify(message, title="Refused", severity="warning", timeout=6, markup=False)

    def write_report(self) -> None:
        """Write the after-action report of the session shown, as Markdown and HTML beside its
        session file (`report_paths`), in a worker; a notification names the files."""
        session = self.session
        if session is None:
            return

        def work() -> None:
            from tabletop.outputs import check_output, write_output
            from tabletop.report import render_report

            try:
                record = session.record()
                texts = {fmt: render_report(record, fmt) for fmt in REPORT_FILE_FORMATS}
                targets = report_paths(session.path)
                given = {session.path: "the session this report is made from"}
                for target in targets.values():  # both or neither
                    check_output(target, "report", given=given)
                written = [
                    str(write_output(target, texts[fmt], "report", given=given)) for fmt, target in targets.items()
                ]
            except (TabletopError, OSError) as exc:
                self.call_from_thread(self._refused, f"No report written: {safe(exc, one_line=True)}", None)
                return
            self.call_from_thread(
                self.notify,
                "After-action report written: " + " and ".join(written),
                title="Report",
                timeout=10,
                markup=False,
            )

        self.run_worker(work, thread=True, group="report", exclusive=True, exit_on_error=False)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.leaving = True
        super().exit(*args, **kwargs)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of every screen comes through here, whatever it quotes (a gate's
        question from stored rules, a path, an error): terminal-safe text, never markup."""
        super().notify(
            safe(message), title=safe(title, one_line=True), severity=severity, timeout=timeout, markup=False
        )

    def action_press_key(self, key: str) -> None:
        """A key clicked in the footer: as if it had been pressed."""
        self.simulate_key(key)

    # -- starting from the start screen ---------------------------------------

    def start_scenario(self, path: str | os.PathLike[str], facilitator: str | None = None) -> None:
        """Start a new session of the scenario file at `path` (in a worker) and show it; `facilitator`
        (default: the app's) names who runs it, for the after-action report's cover."""
        name = safe(self.facilitator if facilitator is None else facilitator, one_line=True).strip()

        def work() -> None:
            from tabletop.scenario import load_scenario

            try:
                corpus = self.corpus
                session = Session.start(
                    load_scenario(Path(path), corpus),
                    corpus,
                    session_dir=self.session_dir,
                    clock=self.clock,
                    facilitator=name,
                )
            except TabletopError as exc:
                self.call_from_thread(self._refused, safe(exc).strip().splitlines()[0], None)
                return
            self._opened.append(session)
            self.call_from_thread(self.attach, session, None)

        self.run_worker(work, thread=True, group="open", exit_on_error=False)

    def resume_session(self, path: str | os.PathLike[str]) -> None:
        def work() -> None:
            try:
                session, banner = open_for_console(path, self.mode)
            except TabletopError as exc:
                self.call_from_thread(self._refused, safe(exc, one_line=True), None)
                return
            self._opened.append(session)
            self.call_from_thread(self.attach, session, banner)

        self.run_worker(work, thread=True, group="open", exit_on_error=False)

    def on_unmount(self) -> None:
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for stop in _STOP_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(stop)
        for session in self._opened:
            session.close()


def make_app(session: Session | None = None, **options: Any) -> ConsoleApp:
    """The console for `session` (or the start screen without one), as `tabletop run`,
    `resume`, `follow` and `serve` show it; `options` are `ConsoleApp`'s: `mode`, `banner`
    (a read-only reason), `session_dir` and `rules_path` (for the start screen), `clock`
    (the wall-clock time the header ticks with; tests freeze it), `live` (False stops a
    read-only screen from polling the journal) and `facilitator` (the start screen's
    default name of who runs a new session)."""
    return ConsoleApp(session, **options)

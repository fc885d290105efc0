"""The console app and its one factory, `make_app`, used by the command line and the tests.

The app owns the `Session` and the latest `SessionSnapshot` (a reactive attribute every screen
watches). It talks in messages: a screen issues a typed command (`execute`), one worker method
runs it on the session off the event loop (`run_command`) and posts `CommandCommitted`,
`CommandDeclined` or `CommandRefused` carrying the outcome and its snapshot; the app publishes
the snapshot at once and says what was done, then hands the message to the screen that issued
the command, which reacts to what concerns it alone (a "no" from the room, a note field to
clear). A command's snapshot comes without its citation suggestions when it puts another inject
in front of the room: they are ranked once that inject is on screen (`rank_suggestions`) and
published as the same snapshot with them (`SuggestionsRanked`). Nothing but values and messages crosses between the event loop and the workers. Every screen
catches up with what other seats record: a screen that records asks its session file four times a
second whether it changed, a read-only one looks at the file's size and time ten times a second; a
session in a database wakes the screen when another seat records (its `NOTIFY`).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime, UTC
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from textual import on, work
from textual.actions import ActionParseResult
from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.timer import Timer
from textual.worker import get_current_worker

from tabletop.errors import DatabaseUnavailable, RefusedError, SessionFileError, TabletopError
from tabletop.rules import Corpus
from tabletop.session import (
    ExpectedActionRating,
    LinkStatus,
    Session,
    SessionSnapshot,
    Step,
)
from tabletop.tui.commands import ConsoleCommands
from tabletop.tui.text import safe
from tabletop.yamlsource import collector_paused

if TYPE_CHECKING:
    from tabletop.session import Citation, Command, Committed, Declined, Refused

__all__ = [
    "ConsoleApp",
    "ConsoleMode",
    "LinkWatch",
    "console_of",
    "make_app",
    "open_for_console",
    "report_paths",
]

ConsoleMode = Literal["run", "follow"]
"""`run`: the facilitator's console (read-only when another program records the session);
`follow`: the participants' live mirror, read-only, without anything facilitator-only."""

Clock = Callable[[], datetime]

RECORDED_ELSEWHERE = (
    "Read-only: another console is recording this session (in a terminal or a browser tab). "
    "This screen follows it live, and records once that console lets it go."
)
READ_ONLY_SCREEN = "This screen is read-only: nothing can be recorded here."
POLL_SECONDS = 0.25
"""How often a screen that records asks its session file whether another seat recorded (in a
worker: the question waits for the session's lock)."""
LOOK_SECONDS = 0.1
"""How often a read-only screen looks at the size and time of the session file it follows
(`Session.may_have_changed`, on the screen's own thread, nothing read): it catches up as soon
as the file has changed, and starts nothing while it has not."""
REPORT_FILE_FORMATS = ("md", "html")
"""The after-action report's formats the console writes."""
RETRY_SECONDS = 2.0
COLLECTOR_PAUSE_SECONDS = 2.0
"""The longest the garbage collector stays paused for a command (see `_pause_collector`)."""
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


LINK_DOWN = (
    "The link to the session database is down: {detail}. The screen shows the session as last "
    "read; nothing can be recorded until the link is back."
)
SEAT_MOVED = "{detail}. To record again, quit and take another seat with `tabletop join`."
WAKE_SECONDS = 30.0
"""How long a screen of a session in a database waits for a wake-up at a stretch (the journal
reads the head anyway every few seconds, in case a notification was lost)."""
LINK_DOWN_REFUSAL = (
    "The link to the session database is down: nothing was recorded. Record it again once the "
    "banner is gone; the screen then shows whatever was recorded meanwhile."
)


class LinkWatch:
    """The link to a session's database as its journal last reported it (`on_status`, called from
    whichever thread found the link down or back); the console reads it on its own thread."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._status: LinkStatus | None = None
        self._news = False

    def update(self, status: LinkStatus) -> None:
        with self._guard:
            self._status, self._news = status, True

    @property
    def down(self) -> bool:
        with self._guard:
            return self._status is not None and not self._status.up

    def news(self) -> LinkStatus | None:
        """The status reported since the last call, if it changed."""
        with self._guard:
            status, self._news = (self._status if self._news else None), False
            return status


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
    # What the open reads (every event, the scenario, the rules) lives as long as the console: out
    # of the collector's reach once read, or its first collections walk all of it before the first
    # frame (a third of a second at 50,000 events) for no garbage.
    with collector_paused(then_freeze=True):
        if mode == "follow":
            return Session.follow(path), None
        try:
            return Session.open(path), None
        except RefusedError:
            return Session.follow(path), RECORDED_ELSEWHERE


if TYPE_CHECKING:
    _Outcome = TypeVar("_Outcome", Committed, Declined, Refused)
else:
    # The commands' classes are imported by the first command the room gives, not for the
    # console's first frame: the messages name the outcomes by name.
    _Outcome = TypeVar("_Outcome")


class _Answered(Message, Generic[_Outcome], bubble=False):
    """What every outcome message carries: the command, what became of it, and the screen that
    issued it. The app hears it first (it publishes the snapshot at once), then hands it to that
    screen for what concerns the screen alone; it does not bubble."""

    def __init__(self, command: Command, outcome: _Outcome, reply_to: MessagePump | None = None) -> None:
        super().__init__()
        self.command = command
        self.outcome: _Outcome = outcome
        self.reply_to = reply_to
        self.clock_notice: str | None = None
        """What the event's dating says about the computer's clock, for the facilitator (None: nothing)."""


def console_of(node: DOMNode) -> ConsoleApp:
    """The console app a screen or widget belongs to, typed: the one place `node.app` is cast."""
    app = node.app
    if not isinstance(app, ConsoleApp):
        raise TypeError(f"{node!r} is not part of the tabletop console")
    return app


class ConsoleApp(App[None]):
    """The facilitator console (`run`) or the participants' mirror (`follow`) of one session."""

    CSS_PATH = "console.tcss"
    TITLE = "tabletop"
    COMMANDS: ClassVar = App.COMMANDS | {ConsoleCommands}
    ENABLE_COMMAND_PALETTE = True

    snapshot: reactive[SessionSnapshot | None] = reactive(None, always_update=True, init=False, repaint=False)
    """The session as last read: every screen watches it and redraws what changed (the app itself
    draws nothing from it, so a new one repaints only the widgets whose part of it changed)."""
    leaving = False
    """Set once the console quits: the keys still arriving (`q` then `e`, typed fast) do nothing."""

    # -- the messages -----------------------------------------------------------

    class CommandCommitted(_Answered["Committed"], bubble=False):
        """A command's event is in the journal; `outcome.snapshot` shows the session after it."""

        def __init__(
            self, command: Command, outcome: Committed, done: str, reply_to: MessagePump | None = None
        ) -> None:
            super().__init__(command, outcome, reply_to)
            self.done = done
            """What to tell the facilitator ("" when the screen shows it by itself)."""

    class CommandDeclined(_Answered["Declined"], bubble=False):
        """The room said no to a gate of the move the command asked for; its answers are recorded."""

    class CommandRefused(_Answered["Refused"], bubble=False):
        """Nothing was recorded; `outcome.reason` says why in one line."""

    class SuggestionsRanked(Message):
        """The citation suggestions ranked after a command's outcome was shown, for the state at `seq`."""

        def __init__(self, session: Session, seq: int, suggestions: tuple[Citation, ...]) -> None:
            super().__init__()
            self.session = session
            self.seq = seq
            self.suggestions = suggestions

    class StepPreviewed(Message):
        """What delivering an inject would do now (asked for a jump)."""

        def __init__(self, step: Step, seq: int) -> None:
            super().__init__()
            self.step = step
            self.seq = seq
            """The seq of the state the step was computed on."""

    class SessionRefreshed(Message):
        """A read-only screen caught up with events another program committed."""

        def __init__(self, snapshot: SessionSnapshot) -> None:
            super().__init__()
            self.snapshot = snapshot

    class FollowingStopped(Message):
        """A screen found the session's journal no longer intact: it stops following (a recording
        one records nothing more: its session refuses every command)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class SessionOpened(Message):
        """A session was started, resumed or taken over for recording: show it."""

        def __init__(self, session: Session, banner: str | None, *, took_over: bool = False) -> None:
            super().__init__()
            self.session = session
            self.banner = banner
            self.took_over = took_over

    class ReportWritten(Message):
        """The after-action report was written beside the session file."""

        def __init__(self, paths: tuple[Path, ...]) -> None:
            super().__init__()
            self.paths = paths

    class ActionFailed(Message):
        """Something asked of the console could not be done (nothing was recorded)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    # -- the app --------------------------------------------------------------------

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
        cell: str | None = None,
        link: LinkWatch | None = None,
        page_url: str | None = None,
    ) -> None:
        super().__init__()
        self.page_url = page_url
        """The participants' page's address when this program serves it too (`participants serve
        --console`), shown with a new seat's code; None when the console does not know it."""
        self.cell = cell
        """The cell whose view a following screen shows (None: the whole room's)."""
        self.link = link
        """The link to the session's database, for a session kept there (None for a file)."""
        self._banner_before_link: str | None = None
        self._seat_moved = False
        """Whether the facilitator's seat this console held moved to another program (for good)."""
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
        self._in_flight = 0
        """Commands sent to the worker whose outcome has not come back yet."""
        self._drafts: dict[int, tuple[Command, Callable[[str], None]]] = {}
        """The commands in flight that came from a dialog, by identity, with what opens their
        dialog again if they are refused (`execute`'s `again`)."""
        self._collector_paused = False
        """Whether this console paused the garbage collector (`_pause_collector`)."""
        self._corpus: Corpus | None = None
        self._last_try = monotonic()
        self._session_clock = clock
        self._opened: list[Session] = []
        """Sessions this app opened itself (from the start screen): it closes them on exit."""
        self._poller: Timer | None = None
        self._polled_at = 0.0
        """When the last catch-up started (`monotonic`)."""

    @property
    def corpus(self) -> Corpus:
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
        self.snapshot = self.snapshot_of(session)
        # The scenario, rules and state just loaded live as long as the console: keep the
        # garbage collector from walking them again at every collection (a 5,000-inject
        # scenario would otherwise pause a redraw now and then).
        gc.freeze()
        screen = FollowScreen() if self.mode == "follow" else MainScreen()
        if isinstance(self.screen, StartScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if self.live:
            # Other seats (or another program, or the participants' page beside this console) may
            # record into this session: catch up as they do.
            self._poller = self.set_interval(LOOK_SECONDS, self._poll)
            if session.woken:
                self.follow_notifications(session)

    def snapshot_of(self, session: Session) -> SessionSnapshot:
        """The session's snapshot as this console shows it: a following screen shows only the
        room's view, and so has no citations to suggest (ranking them is most of what a new
        snapshot costs, which a follower pays for every event another program records)."""
        return session.snapshot(suggest=self.mode != "follow")

    def room_view(self, snapshot: SessionSnapshot) -> SessionSnapshot:
        """What the room's screens (follow, projector) show: the room's view, or one cell's."""
        return snapshot.for_cell(self.cell) if self.cell else snapshot.for_participants()

    def cells(self) -> tuple[Any, ...]:
        """The scenario's cells, in its order (none before a session is attached)."""
        if self.session is None:
            return ()
        return tuple(getattr(self.session.view.scenario, "cells", None) or ())

    # -- commands ---------------------------------------------------------------------

    def execute(
        self,
        command: Command,
        *,
        done: str = "",
        reply_to: MessagePump | None = None,
        again: Callable[[str], None] | None = None,
    ) -> None:
        """Record `command` in a worker; its outcome comes back as a message to the app, which
        publishes the snapshot and then hands the message to `reply_to` (the screen that issued
        the command), if any. `done` is what to tell the facilitator once it is committed.
        `again(reason)` is called when it is refused, instead of saying why in a toast: the
        dialog it came from opens again as it was filled in, saying why (nothing typed is lost)."""
        if self.session is None:
            return
        if not self.writable:
            self.notify(READ_ONLY_SCREEN, severity="warning", markup=False)
            return
        if self.link is not None and self.link.down:
            # Refused, never queued: a command kept for later would be decided on a state the
            # others may have moved past by the time the link is back.
            if again is not None:
                again(LINK_DOWN_REFUSAL)
            else:
                self._tell_refused(LINK_DOWN_REFUSAL)
            return
        if again is not None:
            self._drafts[id(command)] = (command, again)
        self._in_flight += 1
        self._pause_collector()
        self.run_command(self.session, command, done, reply_to)

    def _pause_collector(self) -> None:
        """Keep CPython's cyclic garbage collector from running between a command and the frame
        that shows its outcome: a collection that falls due then (every few keys, and a full one,
        tens of milliseconds, every twenty or so) runs once the frame is on screen, while the
        room reads it. Resumed after that frame, or after `COLLECTOR_PAUSE_SECONDS` whatever
        happens to the command."""
        if gc.isenabled():  # paused already (by another command, or a reader): left as it is
            gc.disable()
            self._collector_paused = True
            self.set_timer(COLLECTOR_PAUSE_SECONDS, lambda: self._resume_collector(anyway=True))

    def _resume_collector(self, *, anyway: bool = False) -> None:
        """Resume the collector this console paused, once no command is in flight (`anyway`: now)."""
        if self._collector_paused and (anyway or not self._in_flight):
            self._collector_paused = False
            gc.enable()

    def _outcome_shown(self, snapshot: SessionSnapshot) -> None:
        """Show a command's outcome; the collector resumes once it is on screen, and the citation
        suggestions of a new inject are ranked then (see `rank_suggestions`)."""
        # A note or an order on the same inject in the same phases comes with the suggestions
        # already ranked (`Session.snapshot(suggest=False)`); a new inject's are ranked now.
        self.snapshot = snapshot
        self._in_flight -= 1
        self.call_after_refresh(self._resume_collector)
        if not snapshot.suggestions_ranked and self.session is not None:
            self.call_after_refresh(self.rank_suggestions, self.session, snapshot.seq)

    @work(thread=True, group="suggestions", exit_on_error=False)
    def rank_suggestions(self, session: Session, seq: int) -> None:
        """Rank the citation suggestions for the state at `seq`, once the inject it delivered is on
        screen: the room reads the inject while they are ranked (most of what a new snapshot
        cost), and the panel says they are coming. Nothing is posted when the session has moved
        on meanwhile: the newer outcome ranks its own, and no inject ever shows another's."""
        if session.state.last_seq != seq:
            return
        try:
            suggestions = tuple(session.suggestions())
        except TabletopError:
            suggestions = ()  # as a snapshot does: a ranking that fails must not stop the rest
        if session.state.last_seq == seq:
            self.post_message(self.SuggestionsRanked(session, seq, suggestions))

    @on(SuggestionsRanked)
    def _ranked(self, message: SuggestionsRanked) -> None:
        shown = self.snapshot
        if (
            message.session is self.session
            and shown is not None
            and shown.seq == message.seq
            and not shown.suggestions_ranked
        ):
            self.snapshot = shown.with_suggestions(message.suggestions)

    @work(thread=True, group="commands", exit_on_error=False)
    def run_command(self, session: Session, command: Command, done: str, reply_to: MessagePump | None) -> None:
        """The one worker that records: runs `command` on the session (its event on disk when this
        returns) and posts its outcome."""
        from tabletop.session import Committed, Declined, Refused

        # The suggestions are ranked once the outcome is on screen (`rank_suggestions`).
        outcome = session.execute(command, suggest=False)
        message: _Answered[Committed] | _Answered[Declined] | _Answered[Refused]
        if isinstance(outcome, Committed):
            message = self.CommandCommitted(command, outcome, done, reply_to)
        elif isinstance(outcome, Declined):
            message = self.CommandDeclined(command, outcome, reply_to)
        else:
            message = self.CommandRefused(command, outcome, reply_to)
        if not isinstance(outcome, Refused):
            message.clock_notice = session.clock_notice
        self.post_message(message)
        damage = session.damage if isinstance(outcome, Refused) else None
        if damage is not None:
            # Found in the command's own turn: the banner says it from now on, as a refresh's would.
            self.post_message(self.FollowingStopped(safe(damage, one_line=True)))

    # An outcome's snapshot is on screen before its command stops counting as in flight: the
    # poll's worker, reading the two the other way round, never takes it for another's record.
    @on(CommandCommitted)
    def _committed(self, message: CommandCommitted) -> None:
        self._drafts.pop(id(message.command), None)
        self._outcome_shown(message.outcome.snapshot)
        if message.done:
            self.notify(safe(message.done, one_line=True), timeout=3, markup=False)
        self._hand_on(message)

    @on(CommandDeclined)
    def _declined(self, message: CommandDeclined) -> None:
        self._drafts.pop(id(message.command), None)
        self._outcome_shown(message.outcome.snapshot)
        self._hand_on(message)

    @on(CommandRefused)
    def _refused(self, message: CommandRefused) -> None:
        self._outcome_shown(message.outcome.snapshot)
        draft = self._drafts.pop(id(message.command), None)
        if draft is not None and draft[0] is message.command:
            draft[1](message.outcome.reason)  # its dialog opens again, as filled in, saying why
        else:
            self._tell_refused(message.outcome.reason)
        self._hand_on(message)

    def _hand_on(self, message: _Answered[Committed] | _Answered[Declined] | _Answered[Refused]) -> None:
        """The screen that issued the command hears its outcome after the room sees it."""
        if message.clock_notice:
            self.notify(message.clock_notice, title="The computer's clock", severity="warning", timeout=20)
        if message.reply_to is not None and message.reply_to is not self:
            message.reply_to.post_message(message)

    @on(ActionFailed)
    def _failed(self, message: ActionFailed) -> None:
        self._tell_refused(message.reason)

    def _tell_refused(self, reason: str) -> None:
        self.notify(safe(reason, one_line=True), title="Refused", severity="warning", timeout=6, markup=False)

    def preview(self, inject_id: str, reply_to: MessagePump) -> None:
        """Ask, in a worker, what delivering `inject_id` would do now (so a command in flight never
        blocks the screen); the answer comes back to `reply_to` as `StepPreviewed`."""
        if self.session is not None:
            self.run_preview(self.session, inject_id, reply_to)

    @work(thread=True, group="ask", exit_on_error=False)
    def run_preview(self, session: Session, inject_id: str, reply_to: MessagePump) -> None:
        seq = session.state.last_seq
        reply_to.post_message(self.StepPreviewed(session.preview(inject_id), seq))

    def rating_sheet(self) -> tuple[ExpectedActionRating, ...]:
        """The rating sheet: every expected action of the scenario with its latest rating. Read at
        once, not in a worker, so that the dialog it feeds is up before the next key arrives (a
        key typed right after `r` belongs to the dialog, never to the console); a command in
        flight finishes first, a few milliseconds at most."""
        return self.session.rating_sheet() if self.session is not None else ()

    # -- following the journal -----------------------------------------------------------

    def _poll(self) -> None:
        status = self.link.news() if self.link is not None else None
        if status is not None:
            self._link_changed(status)
        # A session whose journal wakes its screens is caught up by `follow_notifications`.
        session = self.session
        if session is None or self._polling or session.woken:
            return
        retry = session.readonly and self.banner == RECORDED_ELSEWHERE
        now = monotonic()
        # Following, catch up the moment the file changed; recording (or waiting to take the
        # session over), ask in a worker four times a second.
        following = session.readonly and not retry
        due = session.may_have_changed() if following else now - self._polled_at >= POLL_SECONDS
        if due:
            self._polling, self._polled_at = True, now
            self.catch_up(session, retry=retry)

    @work(thread=True, group="follow", exit_on_error=False)
    def follow_notifications(self, session: Session) -> None:
        """For a session in a database: wait for another seat's record (the server's wake-up),
        then catch up by seq as `catch_up` does. A wake-up lost while the link was down costs
        nothing: the journal reads the head again when the link is back and every few seconds."""
        worker = get_current_worker()
        while not worker.is_cancelled and self.session is session:
            try:
                # Asked twice a second whether the console is closing: its program waits for
                # this thread before it exits.
                changed = session.wait_for_change(WAKE_SECONDS, stop=lambda: worker.is_cancelled)
            except DatabaseUnavailable:
                time.sleep(POLL_SECONDS)  # the link watch says so; the journal keeps trying
                continue
            except TabletopError as exc:
                self.post_message(self.ActionFailed(safe(exc, one_line=True)))
                return
            if worker.is_cancelled or self.session is not session:
                return
            if changed:
                self._polling = True
                if not self._catch_up_now(session, retry=False):
                    return

    @work(thread=True, group="poll", exit_on_error=False)
    def catch_up(self, session: Session, *, retry: bool) -> None:
        """Apply what another program committed since (checked as on opening), or take the
        session over for recording once the other program has let it go. What another writer of this
        program recorded (the participants' page beside the console) is in the session's state
        already, ahead of the snapshot on screen, and is shown too."""
        self._catch_up_now(session, retry=retry)

    def _catch_up_now(self, session: Session, *, retry: bool) -> bool:
        """`catch_up`'s work, in the worker thread that calls it; False when following stops."""
        if retry and self._take_over(session):
            return False  # polling stops: this screen records from now on
        try:
            new = session.refresh()
            # This console's own command brings its snapshot with its outcome: not shown twice.
            # Read in this order: a state moved on by this console's command is either still in
            # flight or already on screen (its outcome is shown before it stops being in flight).
            last = session.state.last_seq
            busy = self._in_flight
            on_screen = self.snapshot
            ahead = last > (on_screen.seq if on_screen is not None else 0) and not busy
            snapshot = self.snapshot_of(session) if new or ahead else None
        except DatabaseUnavailable:
            snapshot = None  # the link watch says so; the next poll tries again
        except SessionFileError as exc:
            self.post_message(self.FollowingStopped(safe(exc, one_line=True)))
            return False  # polling stops: what the file holds now can no longer be shown as the session
        except TabletopError as exc:
            self.post_message(self.ActionFailed(safe(exc, one_line=True)))
            snapshot = None
        finally:
            self._polling = False
        if snapshot is not None and not get_current_worker().is_cancelled:
            self.post_message(self.SessionRefreshed(snapshot))
        return True

    @property
    def link_banner(self) -> str | None:
        """The banner while the link to the session database is down, or once the facilitator's
        seat has moved to another program; None otherwise (the projector shows only this)."""
        return self.banner if self._seat_moved or self._banner_before_link is not None else None

    def _link_changed(self, status: LinkStatus) -> None:
        """Say at once that the link dropped (the banner stays while it is down), and when it is back;
        and, for good, that the facilitator's seat moved to another program while it was down."""
        if self._seat_moved:
            return
        detail = safe(status.detail, one_line=True)
        if status.seat_moved:
            self._seat_moved, self._banner_before_link = True, None
            self.banner = SEAT_MOVED.format(detail=detail[:1].upper() + detail[1:])
            self.notify(self.banner, title="Seat moved", severity="error", timeout=30, markup=False)
        elif not status.up:
            dropped = self._banner_before_link is None
            if dropped:
                self._banner_before_link = self.banner or ""
            self.banner = LINK_DOWN.format(detail=detail)
            if dropped:  # said once when it drops; the banner follows the retries
                self.notify(self.banner, title="Link down", severity="error", timeout=10, markup=False)
        elif self._banner_before_link is not None:
            self.banner, self._banner_before_link = self._banner_before_link or None, None
            self.notify("The link to the session database is back; the screen has caught up.", markup=False)
        if self.snapshot is not None:
            self.snapshot = self.snapshot  # redraw, with the banner

    @on(SessionRefreshed)
    def _refreshed(self, message: SessionRefreshed) -> None:
        # A command's outcome may have shown a later state meanwhile: never step back to an older one.
        shown = self.snapshot
        if shown is None or message.snapshot.seq >= shown.seq:
            self.snapshot = message.snapshot

    @on(FollowingStopped)
    def _stopped_following(self, message: FollowingStopped) -> None:
        if self._poller is not None:
            self._poller.stop()
        recording = self.session is not None and not self.session.readonly
        if recording and (self.banner or "").startswith("Session damaged"):
            return  # said already
        if recording:
            # Every command is refused from now on, in these words: the banner says why before one is tried.
            self.banner = f"Session damaged: {message.reason}."
        else:
            self.banner = f"Stopped following: {message.reason} The screen shows the session as last read intact."
        title = "Session damaged" if recording else "Stopped following"
        self.notify(message.reason, title=title, severity="error", timeout=30, markup=False)
        self.snapshot = self.snapshot  # redraw, with the banner

    def _take_over(self, follower: Session) -> bool:
        """Once the other program has let the session go (closed, or its browser page reloaded),
        take it over for recording, every `RETRY_SECONDS` at most."""
        now = monotonic()
        if now - self._last_try < RETRY_SECONDS:
            return False
        self._last_try = now
        try:
            writer = Session.open(follower.path, clock=self._session_clock)
        except TabletopError:
            return False
        self.post_message(self.SessionOpened(writer, None, took_over=True))
        return True

    # -- the after-action report ---------------------------------------------------------

    def write_report(self) -> None:
        """Write the after-action report of the session shown, as Markdown and HTML beside its
        session file (`report_paths`), in a worker; a notification names the files."""
        if self.session is not None:
            self.run_report(self.session)

    @work(thread=True, group="report", exclusive=True, exit_on_error=False)
    def run_report(self, session: Session) -> None:
        from tabletop.outputs import check_output, write_output
        from tabletop.report import render_report

        try:
            record = session.record()
            texts = {fmt: render_report(record, fmt) for fmt in REPORT_FILE_FORMATS}
            # A session kept in a database has no file to write beside: the current folder instead.
            targets = report_paths(session.path if isinstance(session.path, Path) else Path.cwd() / session.id)
            given: dict[str | os.PathLike[str], str] = {session.path: "the session this report is made from"}
            for target in targets.values():  # both or neither
                check_output(target, "report", given=given)
            written = [write_output(target, texts[fmt], "report", given=given) for fmt, target in targets.items()]
        except (TabletopError, OSError) as exc:
            self.post_message(self.ActionFailed(f"No report written: {safe(exc, one_line=True)}"))
            return
        self.post_message(self.ReportWritten(tuple(written)))

    @on(ReportWritten)
    def _report_written(self, message: ReportWritten) -> None:
        self.notify(
            "After-action report written: " + " and ".join(safe(path, one_line=True) for path in message.paths),
            title="Report",
            timeout=10,
            markup=False,
        )

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
        question from stored rules, a path, an error): terminal-safe text, never markup. None is
        shown while a screen for the room is up (the projector): what the facilitator is told
        is not for the room, and the screen below shows the outcome when the projector closes."""
        if getattr(self.screen, "for_the_room", False):
            return
        super().notify(
            safe(message), title=safe(title, one_line=True), severity=severity, timeout=timeout, markup=False
        )

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """A key (or a click on the key bar) refused to this console's seat says so in one line
        before any dialog opens, and does nothing else (the screens' `refusal`)."""
        refusal = getattr(default_namespace, "refusal", None)
        if isinstance(action, str) and callable(refusal):
            refused = refusal(action)
            if isinstance(refused, str):
                self.notify(refused, title="Refused", severity="warning", timeout=6, markup=False)
                return True
        return await super().run_action(action, default_namespace, namespaces)

    def action_press_key(self, key: str) -> None:
        """A key clicked in the footer: as if it had been pressed."""
        self.simulate_key(key)

    # -- starting from the start screen ---------------------------------------

    def start_scenario(self, path: str | os.PathLike[str], facilitator: str | None = None) -> None:
        """Start a new session of the scenario file at `path` (in a worker) and show it; `facilitator`
        (default: the app's) names who runs it, for the after-action report's cover."""
        name = safe(self.facilitator if facilitator is None else facilitator, one_line=True).strip()
        self.run_start(Path(path), name)

    @work(thread=True, group="open", exit_on_error=False)
    def run_start(self, path: Path, facilitator: str) -> None:
        from tabletop.session import start_session

        try:
            session = start_session(
                path, self.corpus, session_dir=self.session_dir, clock=self.clock, facilitator=facilitator
            )
        except TabletopError as exc:
            self.post_message(self.ActionFailed(safe(exc).strip().splitlines()[0]))
            return
        self.post_message(self.SessionOpened(session, None))

    def resume_session(self, path: str | os.PathLike[str]) -> None:
        """Open the session file at `path` (in a worker) and show it."""
        self.run_resume(Path(path), self.mode)

    @work(thread=True, group="open", exit_on_error=False)
    def run_resume(self, path: Path, mode: ConsoleMode) -> None:
        try:
            session, banner = open_for_console(path, mode)
        except TabletopError as exc:
            self.post_message(self.ActionFailed(safe(exc, one_line=True)))
            return
        self.post_message(self.SessionOpened(session, banner))

    @on(SessionOpened)
    def _opened_session(self, message: SessionOpened) -> None:
        self._opened.append(message.session)
        if not message.took_over:
            self.attach(message.session, message.banner)
            return
        follower, self.session, self.banner = self.session, message.session, None
        if follower is not None:
            follower.close()
        self._polling = False
        self.snapshot = message.session.snapshot()
        self.notify("The other console let the session go: this screen records it now.", markup=False)

    def on_unmount(self) -> None:
        self._resume_collector(anyway=True)
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
    (the wall-clock time the header ticks with; tests freeze it), `live` (False stops the
    screen from catching up with what others record), `facilitator` (the start screen's
    default name of who runs a new session), `link` (the `LinkWatch` of a session kept in
    a database) and `page_url` (the participants' page's address, when it is served with the
    console)."""
    return ConsoleApp(session, **options)

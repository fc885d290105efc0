"""What every session screen shares: it redraws whenever the app publishes a new snapshot,
carries the classification marking at its top and bottom and the banner the facilitator must not
miss (the link to the session database down, a read-only or ended session), and reaches the app
as `console`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.screen import Screen

from tabletop.session import SessionSnapshot
from tabletop.tui.app import ConsoleApp, console_of
from tabletop.tui.widgets import Banner, ClassificationBar

if TYPE_CHECKING:
    from tabletop.session import Command
    from tabletop.tui.screens.dialogs import Dialog

_Result = TypeVar("_Result")

__all__ = ["ConsoleScreen", "SnapshotScreen", "banner_for"]


def banner_for(console: ConsoleApp, snapshot: SessionSnapshot) -> str | None:
    """The banner of a screen the facilitator works on: the console's own (the link to the session
    database down, the seat moved, read-only), else what the session is (ended, a dry-run, a seat
    other than the facilitator's); None for none."""
    if console.banner:
        return console.banner
    if snapshot.ended:
        return "This session has ended: nothing more can be recorded. The hot wash and the record remain to read."
    if snapshot.dry_run:
        return "Dry-run session: written without a room."
    seat = snapshot.seat
    if seat is not None and seat.role != "facilitator" and not snapshot.readonly:
        return (
            f"Seat: {seat.label}. You record what your seat records; the facilitator moves play, "
            "and the others' records show here as they are made."
        )
    return None


class ConsoleScreen(Screen[None]):
    """A screen of the console."""

    @property
    def console(self) -> ConsoleApp:
        """The console app, typed."""
        return console_of(self)


class SnapshotScreen(ConsoleScreen):
    """A screen drawn from the session's snapshot."""

    RECORDS: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    """The commands (`tabletop.session` class names) each of the screen's actions records: the
    seat's permission for them is the session's own (`Seat.refusal`, from each command's
    `permitted` roles), asked at the key (`ConsoleApp.run_action`) and for the key bar."""

    def refusal(self, action: str) -> str | None:
        """Why this console's seat may not take `action` (an action string, `entry('strength')`),
        in the session's own sentence; None when it may, or when the action records nothing."""
        names = self.RECORDS.get(action.partition("(")[0], ())
        snapshot = self.console.snapshot
        seat = snapshot.seat if snapshot is not None else None
        # Every command a console's key records names the facilitator among its roles (a test holds
        # it; the participants' page alone claims a seat): the facilitator's console asks nothing,
        # and loads no command class for its first frame.
        if not names or seat is None or seat.role == "facilitator":
            return None
        import tabletop.session as session

        refusals = [seat.refusal(getattr(session, name)) for name in names]
        return None if any(refused is None for refused in refusals) else refusals[0]

    def offers(self, action: str) -> bool:
        """Whether the key bar offers `action` in this session (a screen leaves out a key that
        has nothing to act on here); every key works whatever the bar shows, and help and the
        command palette list them all."""
        return True

    def ask(
        self,
        dialog: Dialog[_Result],
        send: Callable[[_Result, int], tuple[Command, str] | None],
        *,
        seq: int | None = None,
    ) -> None:
        """Open `dialog` and record what it gives: `send(result, seq)` builds the command (and
        what to say once it is recorded), decided on the state at `seq`, the one on screen now
        by default. Refused, the dialog opens again as it was filled in, saying why, decided on
        the state on screen then: nothing typed is lost to a refusal."""
        decided_on = self.snap.seq if seq is None else seq

        def answered(result: _Result | None) -> None:
            if result is None:
                return
            sent = send(result, decided_on)
            if sent is None:
                return
            command, done = sent

            def again(reason: str) -> None:
                self.ask(dialog.again(result, reason), send)

            self.console.execute(command, done=done, reply_to=self, again=again)

        self.app.push_screen(dialog, answered)

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
        for banner in self.query(Banner):
            banner.show(self.banner(snapshot))
        self.draw(snapshot)

    def banner(self, snapshot: SessionSnapshot) -> str | None:
        """What the screen's `Banner` says (None: it is hidden); every screen that composes one
        shows it, so that the link going down is seen wherever the facilitator is."""
        return banner_for(self.console, snapshot)

    def draw(self, snapshot: SessionSnapshot) -> None:
        """Draw the rest of the screen from `snapshot`."""

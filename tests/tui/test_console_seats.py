"""The console of a seat other than the facilitator's: it names the seat, records what the seat
records, is refused what only the facilitator does (the session's rule, not the screen's), sees
the others' records as they are made, and a refused writer's screen shows the state that beat it."""

from __future__ import annotations

import asyncio
import time

from tabletop.session import Note, Seat, Session
from tabletop.tui import ConsoleApp, make_app
from tabletop.tui.screens.main import MainScreen
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from datetime import datetime

from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot

EVALUATOR = Seat(role="evaluator", name="Aiko Tanaka")


def notifications(heard: list[Message]) -> list[str]:
    return [m.notification.message for m in heard if isinstance(m, Notify)]


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 3.0) -> float:
    """Pause until `condition()` holds (a failure after `seconds`); how long it took."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "not seen in time"
        await pilot.pause(0.05)
    return time.monotonic() - start


def test_an_evaluators_console_names_its_seat_and_is_refused_what_moves_play(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    facilitator = new_session()
    evaluator = Session.open(facilitator.path, seat=EVALUATOR)
    heard: list[Message] = []
    app = make_app(evaluator, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert "Seat: evaluator (Aiko Tanaka)" in str(app.screen.query_one("#banner").render())
            await pilot.press("n")
            await settle(pilot)
            assert app.snapshot is not None and app.snapshot.current is None  # nothing delivered

    asyncio.run(run())
    evaluator.close()
    assert any("evaluator's seat cannot deliver the next inject" in said for said in notifications(heard))
    assert len(facilitator.events()) == 1


def test_a_seat_sees_the_facilitators_delivery_without_being_told(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    facilitator = new_session()
    evaluator = Session.open(facilitator.path, seat=EVALUATOR)
    app = make_app(evaluator, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            facilitator.deliver_next()  # in another seat: this screen has not been told
            # Its lag is measured by `python -m benchmarks` (p95 within a second), not timed here.
            await wait_for(pilot, lambda: app.snapshot is not None and app.snapshot.current is not None, seconds=10)
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.current.id == "fleet_sighted"

    asyncio.run(run())
    evaluator.close()


def test_a_refused_seats_screen_shows_the_state_that_beat_it_and_it_may_try_again(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    facilitator = new_session()
    evaluator = Session.open(facilitator.path, seat=EVALUATOR)
    heard: list[Message] = []
    app = make_app(evaluator, clock=clock, live=False)  # no polling: the refusal alone brings the new state

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            assert app.snapshot is not None
            seen = app.snapshot.seq
            facilitator.deliver_next()
            app.execute(Note(expected_seq=seen, text="about the screen before"))
            await settle(pilot)
            assert app.snapshot.current is not None
            assert app.snapshot.seq == seen + 1 and app.snapshot.current.id == "fleet_sighted"
            app.execute(Note(expected_seq=app.snapshot.seq, text="about the fleet"))
            await settle(pilot)

    asyncio.run(run())
    evaluator.close()
    refused = [m for m in heard if isinstance(m, ConsoleApp.CommandRefused)]
    assert [m.outcome.kind for m in {id(m): m for m in refused}.values()] == ["moved_on"]
    assert any("the session moved on" in said for said in notifications(heard))
    facilitator.refresh()
    assert [(n.text, n.by) for n in facilitator.state.notes] == [("about the fleet", EVALUATOR)]


def test_when_the_link_drops_the_console_says_so_keeps_the_screen_and_refuses_writes(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    from tabletop.session import LinkStatus
    from tabletop.tui import LinkWatch

    facilitator = new_session()
    facilitator.deliver_next()
    watch = LinkWatch()
    evaluator = Session.open(facilitator.path, seat=EVALUATOR)
    heard: list[Message] = []
    app = make_app(evaluator, clock=clock, link=watch)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            shown = app.snapshot
            assert shown is not None and shown.current is not None
            watch.update(LinkStatus(up=False, detail="ttx-db:5432/tabletop: connection refused", attempt=1))
            await wait_for(pilot, lambda: "link to the session database is down" in (app.banner or ""))
            assert "connection refused" in str(app.screen.query_one("#banner").render())
            app.execute(Note(expected_seq=shown.seq, text="typed while the link is down"))
            await settle(pilot)
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.current.id == shown.current.id  # the last state stays on screen
            watch.update(LinkStatus(up=True, detail="back"))
            await wait_for(pilot, lambda: app.banner != "" and "down" not in (app.banner or ""))
            assert "Seat: evaluator" in str(app.screen.query_one("#banner").render())

    asyncio.run(run())
    evaluator.close()
    assert any("nothing was recorded" in said for said in notifications(heard))
    assert facilitator.state.notes == () and len(facilitator.events()) == 2


NOTE_TAKER = Seat(role="notes", name="Sam Lee")


def test_a_note_started_before_the_facilitator_moved_on_is_refused_and_stays_in_the_note_line(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    from textual.widgets import Input

    facilitator = new_session()
    facilitator.deliver_next()
    note_taker = Session.open(facilitator.path, seat=NOTE_TAKER)
    heard: list[Message] = []
    app = make_app(note_taker, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            assert app.snapshot is not None and app.snapshot.current is not None
            shown = app.snapshot.seq
            await pilot.press("slash", *"JCG can sustain patrols")
            facilitator.deliver_next()  # the facilitator presses n while the note is being typed
            await wait_for(pilot, lambda: app.snapshot is not None and app.snapshot.seq > shown, 10)
            await pilot.press("enter")
            await settle(pilot)
            box = app.screen.query_one("#note", Input)
            assert box.value == "JCG can sustain patrols"  # kept, to record again if it still applies
            facilitator.refresh()
            assert facilitator.state.notes == ()
            await pilot.press("enter")  # the note-taker decides it applies to what is on screen now
            await settle(pilot)
            assert box.value == ""

    asyncio.run(run())
    note_taker.close()
    said = notifications(heard)
    assert any("the session moved on" in line and "nothing was recorded" in line for line in said)
    assert any("still in the note line" in line for line in said)
    facilitator.refresh()
    [note] = facilitator.state.notes
    assert (note.text, note.by, note.inject) == ("JCG can sustain patrols", NOTE_TAKER, "fleet_shelters")


def test_a_key_outside_the_seats_role_is_refused_before_any_dialog_and_left_off_the_key_bar(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    from tabletop.tui.widgets.keybar import KeyBar

    facilitator = new_session()
    facilitator.deliver_next()
    evaluator = Session.open(facilitator.path, seat=EVALUATOR)
    heard: list[Message] = []
    app = make_app(evaluator, clock=clock)

    async def run() -> str:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            bar = str(app.screen.query_one(KeyBar).render())
            for key in ("g", "a", "c", "o", "e", "space"):
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, MainScreen), key  # no dialog to fill in
            await pilot.press("r")  # the evaluator's own: its dialog opens
            await settle(pilot)
            assert not isinstance(app.screen, MainScreen)
            return bar

    bar = asyncio.run(run())
    evaluator.close()
    said = notifications(heard)
    assert (
        "the evaluator's seat cannot determine the pending move: only the facilitator can; nothing was recorded" in said
    )
    assert "the evaluator's seat cannot insert an inject: only the facilitator can; nothing was recorded" in said
    assert len([line for line in said if line.startswith("the evaluator's seat cannot")]) == 6
    for kept in ("Rate", "Note", "Hot wash", "Help"):
        assert kept in bar, bar
    for left_off in ("Next", "Gates", "Cite", "Orders", "End", "Ad hoc", "Pause"):
        assert left_off not in bar, bar
    assert len(facilitator.events()) == 2


def test_every_command_names_the_facilitator_among_its_roles() -> None:
    import tabletop.session as session
    from tabletop.tui.keys import KEYS

    for key in KEYS:
        for name in key.records:
            assert Seat.facilitator().may(getattr(session, name)), name

"""The console talks in messages: each command a key issues is recorded by one worker, whose
outcome comes back as `CommandCommitted`, `CommandDeclined` or `CommandRefused` carrying the
snapshot; and a key press asks the phase policy once."""

from __future__ import annotations

import asyncio

from textual.message import Message
from textual.widgets import RadioSet, Static

from tabletop.phases import PhasePolicy
from tabletop.session import DeliverNext, DetermineMove, Note, Refused
from tabletop.tui import ConsoleApp, make_app
from tabletop.tui.screens.dialogs import ChoiceDialog, GatesDialog


def outcomes(heard: list[Message]) -> list[Message]:
    """The command outcomes heard, once each (a message is heard by the screen and again by the app)."""
    kinds = (ConsoleApp.CommandCommitted, ConsoleApp.CommandDeclined, ConsoleApp.CommandRefused)
    return list({id(m): m for m in heard if isinstance(m, kinds)}.values())


def test_a_key_posts_the_committed_outcome_with_the_snapshot_after_it(new_session, clock, settle):
    session = new_session()
    heard: list[Message] = []
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert app.snapshot.current.id == "fleet_sighted"

    asyncio.run(run())
    [committed] = outcomes(heard)
    assert isinstance(committed, ConsoleApp.CommandCommitted)
    assert committed.command == DeliverNext(expected_seq=1)
    assert committed.outcome.event.type == "inject_delivered"
    assert committed.outcome.snapshot.current.id == "fleet_sighted" and committed.outcome.snapshot.seq == 2


def test_the_rooms_no_comes_back_declined_and_asks_what_follows(new_session, clock, settle):
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)  # the landing: next is the gated move into emerging threats
    heard: list[Message] = []
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("G")  # gates first: the room answers before the inject is delivered
            await settle(pilot)
            assert isinstance(app.screen, GatesDialog)
            app.screen.query_one("#gate-0", RadioSet).focus()
            await pilot.press("down", "enter")  # the first gate no: it settles the move
            await pilot.click("#submit")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)  # deliver without the move, ask again, ...

    asyncio.run(run())
    [declined] = outcomes(heard)
    assert isinstance(declined, ConsoleApp.CommandDeclined)
    assert isinstance(declined.command, DeliverNext) and declined.command.answers
    assert declined.outcome.declined.inject == "forces_mass"
    assert declined.outcome.snapshot.next.declined and declined.outcome.snapshot.phases == ("peacetime",)


def test_next_shows_the_inject_first_and_g_puts_the_gates_to_the_room(new_session, clock, settle):
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)  # the landing: next is the gated move into emerging threats
    heard: list[Message] = []
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            # The room hears the inject at once; the move waits for its determination.
            assert not isinstance(app.screen, GatesDialog)
            assert app.snapshot.current.id == "forces_mass" and app.snapshot.phases == ("peacetime",)
            assert app.snapshot.pending is not None
            assert "Move waiting for the room: → emerging_threats" in str(
                app.screen.query_one("#track", Static).content
            )
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(app.screen, GatesDialog)
            app.screen.query_one("#gate-0", RadioSet).focus()
            await pilot.press("enter")  # yes
            await pilot.click("#submit")
            await settle(pilot)

    asyncio.run(run())
    delivered, determined = outcomes(heard)
    assert isinstance(delivered.command, DeliverNext) and delivered.command.move_pending
    assert isinstance(determined, ConsoleApp.CommandCommitted)
    assert isinstance(determined.command, DetermineMove)
    assert determined.outcome.snapshot.phases == ("emerging_threats",)
    assert determined.outcome.event.payload.inject == "forces_mass"


def test_a_refusal_comes_back_as_a_message_and_a_notification(new_session, clock, settle):
    session = new_session()
    heard: list[Message] = []
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            # Decided on the state before the first inject, sent after it: the session has moved on.
            app.execute(DeliverNext(expected_seq=1))
            app.execute(Note(expected_seq=1, text="decided on what was shown before"))
            await settle(pilot)

    asyncio.run(run())
    said = outcomes(heard)  # the two workers may run in either order: one commits, one is refused
    assert sorted(type(m).__name__ for m in said) == ["CommandCommitted", "CommandRefused"]
    [refused] = [m for m in said if isinstance(m, ConsoleApp.CommandRefused)]
    assert isinstance(refused.outcome, Refused) and refused.outcome.kind == "moved_on"
    assert refused.outcome.snapshot.seq == 2
    assert len(session.events()) == 2  # the start, and the one command that came first
    notified = [m for m in heard if type(m).__name__ == "Notify"]
    assert any("moved on" in m.notification.message for m in notified)


def test_a_key_press_asks_the_phase_policy_once(new_session, clock, settle, monkeypatch):
    """`n` delivers the step on screen with the policy's answer it carries; the one question is for
    the step the new screen shows."""
    session = new_session()
    asked: list[tuple[str | None, str | None]] = []
    real = PhasePolicy.entry

    def counted(self, phases, *, phase, trigger):
        asked.append((phase, trigger))
        return real(self, phases, phase=phase, trigger=trigger)

    app = make_app(session, clock=clock)

    async def press(key: str, pilot) -> int:
        asked.clear()
        await pilot.press(key)
        await settle(pilot)
        return len(asked)

    async def run() -> list[int]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            monkeypatch.setattr(PhasePolicy, "entry", counted)
            first = await press("n", pilot)  # the fleet is sighted; next, the fleet shelters
            assert app.snapshot.current.id == "fleet_sighted" and not app.snapshot.options
            second = await press("n", pilot)  # the fleet shelters: a decision point of two options
            assert app.snapshot.current.id == "fleet_shelters" and len(app.snapshot.options) == 2
            return [first, second]

    # Once for the step the new screen shows; at a decision point once for each option (`next`
    # is the default option's step); never for the delivery itself.
    assert asyncio.run(run()) == [1, 2]

"""The console talks in messages: each command a key issues is recorded by one worker, whose
outcome comes back as `CommandCommitted`, `CommandDeclined` or `CommandRefused` carrying the
snapshot; and a key press asks the phase policy once."""

from __future__ import annotations

import asyncio

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import OptionList, RadioSet, Static

from tabletop.phases import Entry, PhasePolicy
from tabletop.session import DeliverNext, DetermineMove, Note, Refused, Session
from tabletop.tui import ConsoleApp, make_app
from tabletop.tui.screens.dialogs import ChoiceDialog, FormDialog, GatesDialog, PickDialog
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from datetime import datetime
import pytest
from typing import Any
from textual.pilot import Pilot


def at_the_landing(session: Session) -> Session:
    """The Southwestern Islands at the landing: next is the gated move into emerging threats."""
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    return session


Answered = ConsoleApp.CommandCommitted | ConsoleApp.CommandDeclined | ConsoleApp.CommandRefused


def outcomes(heard: list[Message]) -> list[Answered]:
    """The command outcomes heard, once each (a message is heard by the screen and again by the app)."""
    kinds = (ConsoleApp.CommandCommitted, ConsoleApp.CommandDeclined, ConsoleApp.CommandRefused)
    return list({id(m): m for m in heard if isinstance(m, kinds)}.values())


def test_a_key_posts_the_committed_outcome_with_the_snapshot_after_it(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    heard: list[Message] = []
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.current.id == "fleet_sighted"

    asyncio.run(run())
    [committed] = outcomes(heard)
    assert isinstance(committed, ConsoleApp.CommandCommitted)
    assert committed.command == DeliverNext(expected_seq=1)
    assert committed.outcome.event.type == "inject_delivered"
    assert committed.outcome.snapshot.current is not None
    assert committed.outcome.snapshot.current.id == "fleet_sighted" and committed.outcome.snapshot.seq == 2


def test_the_rooms_no_comes_back_declined_and_asks_what_follows(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = at_the_landing(new_session())
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


def test_next_shows_the_inject_first_and_g_puts_the_gates_to_the_room(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = at_the_landing(new_session())
    heard: list[Message] = []
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            # The room hears the inject at once; the move waits for its determination.
            assert not isinstance(app.screen, GatesDialog)
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.current.id == "forces_mass" and app.snapshot.phases == ("peacetime",)
            assert app.snapshot.pending is not None
            assert "Move waiting for the room: → emerging_threats" in str(
                app.screen.query_one("#track", Static).content
            )
            assert "move waiting 0:00:" in str(app.screen.query_one("#header").render())
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
    assert determined.outcome.event.payload.type == "phase_trigger_fired"
    assert determined.outcome.event.payload.inject == "forces_mass"


def test_a_refusal_comes_back_as_a_message_and_a_notification(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
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
    notified = [m for m in heard if isinstance(m, Notify)]
    assert any("moved on" in m.notification.message for m in notified)


def test_a_key_press_asks_the_phase_policy_once(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`n` delivers the step on screen with the policy's answer it carries; the one question is for
    the step the new screen shows."""
    session = new_session()
    asked: list[tuple[str | None, str | None]] = []
    real = PhasePolicy.entry

    def counted(self: PhasePolicy, phases: tuple[str, ...], *, phase: str | None, trigger: str | None) -> Entry:
        asked.append((phase, trigger))
        return real(self, phases, phase=phase, trigger=trigger)

    app = make_app(session, clock=clock)

    async def press(key: str, pilot: Pilot[None]) -> int:
        asked.clear()
        await pilot.press(key)
        await settle(pilot)
        return len(asked)

    async def run() -> list[int]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            monkeypatch.setattr(PhasePolicy, "entry", counted)
            first = await press("n", pilot)  # the fleet is sighted; next, the fleet shelters
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.current.id == "fleet_sighted" and not app.snapshot.options
            second = await press("n", pilot)  # the fleet shelters: a decision point of two options
            assert app.snapshot.current.id == "fleet_shelters" and len(app.snapshot.options) == 2
            return [first, second]

    # Once for the step the new screen shows; at a decision point once for each option (`next`
    # is the default option's step); never for the delivery itself.
    assert asyncio.run(run()) == [1, 2]


def test_an_evaluator_rates_the_third_inject_after_the_seventh_without_moving_play(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    while len(session.state.delivered) < 7:
        step = session.snapshot().next
        options = session.options()
        answers = {gate.id: True for gate in step.move.gates} if step.move else {}
        if options:
            session.take_option(next(o.index for o in options if o.default), answers)
        else:
            session.deliver_next(answers)
    third = session.state.delivered[2]
    before = session.state
    heard: list[Message] = []
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("R")  # an earlier inject's expected action
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            items = app.screen.query_one("#items", OptionList)
            index = next(n for n in range(items.option_count) if items.get_option_at_index(n).id == third)
            items.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            app.screen.query_one("#field-1", RadioSet).focus()
            await pilot.press("enter")  # P
            await pilot.click("#submit")
            await settle(pilot)

    asyncio.run(run())
    [rated] = outcomes(heard)
    assert isinstance(rated, ConsoleApp.CommandCommitted) and rated.outcome.event.type == "action_rated"
    after = session.state
    assert (after.ratings[-1].inject, after.ratings[-1].rating) == (third, "P")
    # Play did not move: the same inject in front of the room, no return, the timeline forward.
    assert after.current == before.current and after.visits == before.visits
    assert after.transitions == before.transitions


def test_the_projector_shows_the_room_no_toast_raised_before_or_while_it_is_up(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.app import App

    from tabletop.tui.screens.projector import ProjectorScreen

    shown: list[str] = []
    cleared: list[bool] = []
    real_notify, real_clear = App.notify, App.clear_notifications

    def notify(self: App[None], message: str, **options: Any) -> None:
        shown.append(message)
        real_notify(self, message, **options)

    def clear_notifications(self: App[None]) -> None:
        cleared.append(True)
        real_clear(self)

    monkeypatch.setattr(App, "notify", notify)
    monkeypatch.setattr(App, "clear_notifications", clear_notifications)
    session = new_session()
    session.deliver_next()
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.notify("Rated a1: P")  # a toast for the facilitator, just before `v`
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, ProjectorScreen)
            assert cleared  # what was up is taken down in front of the room
            await pilot.press("n")  # delivered from the projector: the screen shows it, no toast
            await settle(pilot)
            app.notify("Note recorded")
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.current.id == "fleet_shelters"
            await pilot.press("v")  # back at the console, the facilitator is told again
            await settle(pilot)
            app.notify("Cited IV.A.1")

    asyncio.run(run())
    assert shown == ["Rated a1: P", "Cited IV.A.1"]

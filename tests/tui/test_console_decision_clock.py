"""The decision clock in the console: the gates dialog and the orders form offer the inject's own
scenario time, take the one the room reached instead, and keep the room's answers when it is not
a scenario time."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, RadioSet

from tabletop.tui import make_app
from tabletop.tui.screens.dialogs import FormDialog, GatesDialog, PickDialog
from tabletop.tui.screens.main import MainScreen
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from datetime import datetime
from tabletop.session import Session


def at_the_landing(session: Session) -> Session:
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    return session


def test_g_offers_the_inject_s_time_and_records_the_time_the_room_determined(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = at_the_landing(new_session())
    app = make_app(session, clock=clock)

    async def run() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("n")  # forces_mass, its move waiting
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(app.screen, GatesDialog)
            when = app.screen.query_one("#scenario-time", Input)
            offered = when.value
            app.screen.query_one("#gate-0", RadioSet).focus()
            await pilot.press("enter")  # yes
            when.value = "D-10 9:45"  # not how a scenario writes it: the dialog says so
            when.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, GatesDialog)  # the room's answers are still there
            assert session.state.determinations == ()
            when.value = "D-10 09:45"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            return offered

    offered = asyncio.run(run())
    assert offered == "D-10 08:00"  # the inject's own time
    (answer,) = session.state.determinations
    assert (answer.development_time, answer.scenario_time) == ("D-10 08:00", "D-10 09:45")


def test_the_orders_form_records_the_inject_s_own_time_unless_told_otherwise(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)  # the landing, D-12 04:30
    app = make_app(session, clock=clock)

    async def run() -> tuple[str, str]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await pilot.press("enter")  # yes
            field = next(n for n, f in enumerate(app.screen.fields) if f.name == "scenario_time")
            when = app.screen.query_one(f"#field-{field}", Input)
            offered = when.value
            when.value = "tomorrow"
            when.focus()
            await pilot.press("enter")
            await settle(pilot)
            refused_kept_open = type(app.screen).__name__
            when.value = "D-12 05:10"
            await pilot.press("enter")
            await settle(pilot)
            return offered, refused_kept_open

    offered, kept = asyncio.run(run())
    assert offered == "D-12 04:30" and kept == "FormDialog"
    (order,) = session.state.recorded_determinations
    assert (order.development_time, order.scenario_time) == ("D-12 04:30", "D-12 05:10")

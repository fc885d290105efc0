"""The hot wash offers the scenario's objectives from the snapshot and records the one chosen."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, RadioButton, RadioSet, Static

from tabletop.tui import make_app
from tabletop.tui.screens.dialogs import FormDialog
from tabletop.tui.screens.hotwash import HotWashScreen
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from datetime import datetime


def test_a_strength_is_tied_to_an_objective_listed_from_the_snapshot(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()
    objectives = session.snapshot().objectives
    app = make_app(session, clock=clock)

    async def run() -> list[str]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            assert isinstance(app.screen, HotWashScreen)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            app.screen.query_one("#field-0", Input).insert_text_at_cursor("Quick legal brief")
            choices = app.screen.query_one("#field-1", RadioSet)
            labels = [str(b.label) for b in choices.query(RadioButton)]
            choices.focus()
            await pilot.press("down", "down", "enter")  # the second objective
            await pilot.click("#submit")
            await settle(pilot)
            return labels

    labels = asyncio.run(run())
    assert labels == ["(no objective)", *(f"{o.id}: {o.text}" for o in objectives)]
    [entry] = session.snapshot().hot_wash
    assert (entry.text, entry.objective) == ("Quick legal brief", objectives[1].id)


def test_an_issue_and_a_corrective_action_are_enough_for_an_improvement_item(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()
    app = make_app(session, clock=clock)

    async def run() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            app.screen.query_one("#field-0", Input).insert_text_at_cursor("No shared picture of the fishing fleet")
            app.screen.query_one("#field-1", Input).insert_text_at_cursor("A common picture with the Coast Guard")
            await pilot.click("#submit")
            await settle(pilot)
            assert isinstance(app.screen, HotWashScreen)
            return str(app.screen.query_one("#hotwash-plan", Static).content)

    shown = asyncio.run(run())
    [item] = session.state.improvement_plan
    assert item.status == "draft" and item.point_of_contact == "" and item.start_date is None
    assert "[draft]" in shown and "to settle at the After-Action Meeting: capability element" in shown

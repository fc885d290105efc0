"""The hot wash offers the scenario's objectives from the snapshot and records the one chosen."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, OptionList, RadioButton, RadioSet, Select, Static

from tabletop.session import CAPABILITY_ELEMENTS
from tabletop.tui import make_app
from tabletop.tui.screens.dialogs import FormDialog
from tabletop.tui.screens.hotwash import IMPROVEMENT_FIELDS, HotWashScreen
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle, plain, told_by
from datetime import datetime

ELEMENT_FIELD = next(field for field in IMPROVEMENT_FIELDS if field.name == "capability_element")


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


CHOICES = [pytest.param("", id="none-yet"), *(pytest.param(element, id=element) for element in CAPABILITY_ELEMENTS)]


@pytest.mark.parametrize("element", CHOICES)
def test_every_capability_element_can_be_chosen_from_the_keyboard_and_is_recorded_as_chosen(
    element: str,
    new_session: NewSession,
    clock: Callable[[], datetime],
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = new_session()
    session.deliver_next()
    app = make_app(session, clock=clock)
    told = told_by(app, monkeypatch)

    async def run() -> list[str]:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FormDialog)
            await pilot.press(*"Late legal advice", "tab", *"Pre-draft the orders", "tab")
            field = dialog.query_one("#field-2", Select)
            assert dialog.focused is field
            await pilot.press("enter")  # the list opens on the choice shown
            await pilot.pause()
            offered = field.query_one(OptionList)
            labels = [plain(offered.get_option_at_index(i).prompt) for i in range(offered.option_count)]
            await pilot.press(*["down"] * [value for value, _ in ELEMENT_FIELD.choices].index(element), "enter")
            await pilot.pause()
            assert field.value == element
            await pilot.click("#submit")
            await settle(pilot)
            assert isinstance(app.screen, HotWashScreen)
            return labels

    labels = asyncio.run(run())
    assert labels == ["Not yet: at the After-Action Meeting", *CAPABILITY_ELEMENTS]
    [item] = session.snapshot().improvement_plan
    assert item.capability_element == element
    assert ("capability element" in item.missing) == (element == "")
    assert told == ["Improvement-plan item added"]

"""The hot wash offers the scenario's objectives from the snapshot and records the one chosen."""

from __future__ import annotations

import asyncio

from textual.widgets import RadioButton, RadioSet

from tabletop.tui import make_app
from tabletop.tui.screens.dialogs import FormDialog
from tabletop.tui.screens.hotwash import HotWashScreen


def test_a_strength_is_tied_to_an_objective_listed_from_the_snapshot(new_session, clock, settle):
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
            app.screen.query_one("#field-0").insert_text_at_cursor("Quick legal brief")
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

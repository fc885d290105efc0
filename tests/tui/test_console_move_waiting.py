"""A move waiting for the room holds play: `n`, `G`, a jump or an ad-hoc inject is refused in one
line, nothing is recorded, and the inject in front of the room stays with its move waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import pytest

from tabletop.tui import make_app
from tabletop.tui.screens.main import MainScreen
from tests.tui.conftest import NewSession, Settle, told_by, with_a_move_waiting


@pytest.mark.parametrize("key", ["n", "G", "a"])
def test_another_inject_is_refused_while_a_move_waits_and_nothing_is_recorded(
    key: str,
    new_session: NewSession,
    clock: Callable[[], datetime],
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = with_a_move_waiting(new_session())
    app = make_app(session, clock=clock)
    told = told_by(app, monkeypatch)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            waiting = app.snapshot
            assert waiting is not None and waiting.pending is not None and waiting.current is not None
            told.clear()
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)  # no dialog to fill in first
            shown = app.snapshot
            assert shown is not None and shown.seq == waiting.seq
            assert shown.current is not None and shown.current.id == waiting.current.id
            assert shown.pending == waiting.pending

    asyncio.run(run())
    [said] = told
    assert "is waiting for the room's determination" in said and "g puts its gates" in said
    assert said.endswith("nothing was recorded")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_move_dialog_opens_with_its_first_answer_in_view(
    size: tuple[int, int], new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    from textual.widgets import RadioButton, RadioSet

    from tabletop.tui.screens.dialogs import Body, GatesDialog

    session = with_a_move_waiting(new_session(), gates=3)
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, GatesDialog)
            body = dialog.query_one(Body)
            for n in range(3):
                focused = dialog.focused
                assert isinstance(focused, RadioSet) and focused.id == f"gate-{n}"
                # Every row of the control the keys go to is inside the body's visible rows.
                assert body.region.contains_region(focused.region), (n, body.region, focused.region)
                focused.query_one(RadioButton).value = True  # yes: the next gate stays in the dialog
                await pilot.press("tab", "tab")  # past the remark, to the next gate's answer
                await settle(pilot)

    asyncio.run(run())

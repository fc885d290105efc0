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

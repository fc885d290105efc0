"""The header at any width: PAUSED, the time run and a move waiting always show; the title gives way."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import pytest

from tabletop.tui import make_app
from tabletop.tui.widgets import ExerciseHeader
from tests.tui.conftest import NewSession, Settle, plain, with_a_move_waiting


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
def test_a_paused_clock_and_a_waiting_move_show_whatever_the_width(
    size: tuple[int, int], new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = with_a_move_waiting(new_session())
    app = make_app(session, clock=clock)

    async def run() -> tuple[str, int]:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("space")
            await settle(pilot)
            header = app.screen.query_one(ExerciseHeader)
            return plain(header.render()), header.content_size.width

    shown, width = asyncio.run(run())
    assert len(shown) <= width
    for part in ("PAUSED", "move waiting 0:00:00", "elapsed 0:00:00", "scenario D-"):
        assert part in shown, (part, shown)
    assert shown.startswith("Southwest"), shown  # the title, cut short when the state needs its room

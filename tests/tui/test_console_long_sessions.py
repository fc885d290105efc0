"""The console on long sessions: what a key changes is shown, the inject in front of the room
stays in view however far play has gone, and an inject with hundreds of notes shows the latest
of them and says how many more the report holds."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from benchmarks.scenarios import generate_scenario
from tabletop.tui import make_app
from tabletop.tui.widgets.inject_list import InjectList
from tabletop.tui.widgets.inject_view import RECORDED_HERE_SHOWN

Settle = Callable[[Pilot[None]], Awaitable[None]]


def test_the_inject_in_front_of_the_room_stays_in_view_as_n_delivers_one_after_another(
    new_session: Callable[..., Any], settle: Settle, clock: Callable[[], Any], corpus: Any, tmp_path: Path
) -> None:
    scenario = tmp_path / "long.yaml"  # forty injects that stay in their phases: n, and nothing else
    scenario.write_text(generate_scenario(corpus, 40, moves=False), encoding="utf-8")
    session = new_session(scenario)
    app = make_app(session, clock=clock, live=False)
    asyncio.run(_deliver_and_look(app, session, settle))


async def _deliver_and_look(app: Any, session: Any, settle: Settle) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = app.screen.query_one(InjectList)
        for _ in range(40):
            await pilot.press("n")
            await settle(pilot)
            current = session.state.current
            assert current is not None
            rows = [listed.render_line(y).text for y in range(listed.scrollable_content_region.height)]
            assert sum(row.startswith("▶") for row in rows) == 1, rows
            heading = str(app.screen.query_one("#inject-heading", Static).render())
            assert session.inject(current).title in heading


def test_an_inject_with_many_notes_shows_the_latest_and_counts_the_rest(
    new_session: Callable[..., Any], settle: Settle, clock: Callable[[], Any]
) -> None:
    session = new_session()
    session.deliver_next()
    extra = 7
    for number in range(RECORDED_HERE_SHOWN + extra):
        session.note(f"observation {number}")
    app = make_app(session, clock=clock, live=False)

    async def look() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            return str(app.screen.query_one("#record", Static).render())

    record = asyncio.run(look())
    shown = [n for n in range(RECORDED_HERE_SHOWN + extra) if f"observation {n}\n" in record + "\n"]
    assert shown == list(range(extra, RECORDED_HERE_SHOWN + extra))
    assert f"and {extra} earlier here" in record

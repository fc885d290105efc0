"""What a key costs the screen, as the facilitator could notice it: the detail's scrollbar column
stays where it is (blank while there is nothing to scroll, a bar once there is), and the garbage
collector waits while a command's outcome is on its way to the screen, never longer."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from textual.geometry import Region

from tabletop.session import Session
from tabletop.tui import app as console_app, make_app
from tabletop.tui.widgets import InjectDetail
from tests.tui.conftest import NewSession, Settle


@pytest.fixture(autouse=True)
def collector_running() -> Iterator[None]:
    """Whatever a test does, the collector runs again after it."""
    yield
    gc.enable()


def _scrollbar_backgrounds(detail: InjectDetail) -> set[object]:
    bar = detail.vertical_scrollbar
    strips = bar.render_lines(Region(0, 0, bar.size.width, bar.size.height))
    return {segment.style.bgcolor for strip in strips for segment in strip if segment.style}


def test_the_details_scrollbar_column_is_blank_until_there_is_something_to_scroll(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    session = new_session()
    session.deliver_next()
    app = make_app(session, clock=clock, live=False)

    async def run() -> tuple[int, set[object], object, set[object], int]:
        async with app.run_test(size=(120, 60)) as pilot:
            await settle(pilot)
            detail = app.screen.query_one(InjectDetail)
            width = detail.scrollable_content_region.width
            fits = _scrollbar_backgrounds(detail)
            background = detail.rich_style.bgcolor
            for number in range(40):  # a record longer than the screen
                await pilot.press("slash", *f"observation {number}", "enter")
            await settle(pilot)
            return width, fits, background, _scrollbar_backgrounds(detail), detail.scrollable_content_region.width

    width, fits, background, overflowing, width_after = asyncio.run(run())
    assert fits == {background}
    assert overflowing - {background}, "a bar to scroll with once the record is longer than the screen"
    assert width_after == width  # the text keeps its width: nothing is wrapped again or moved


def test_the_collector_waits_for_the_outcome_on_screen_then_runs_again(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session()
    running_while_recorded: list[bool] = []
    execute = Session.execute

    def recorded(self: Session, *args: Any, **options: Any) -> Any:
        running_while_recorded.append(gc.isenabled())
        return execute(self, *args, **options)

    monkeypatch.setattr(Session, "execute", recorded)
    app = make_app(session, clock=clock, live=False)

    async def run() -> bool:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for _ in range(2):
                await pilot.press("n")
                await settle(pilot)
            await pilot.pause(0.1)
            return gc.isenabled()

    assert asyncio.run(run())
    assert session.state.current == "fleet_shelters"
    assert running_while_recorded == [False, False]


def test_the_collector_runs_again_even_when_a_command_never_comes_back(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session()

    def broken(self: Session, *args: Any, **options: Any) -> Any:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(Session, "execute", broken)
    monkeypatch.setattr(console_app, "COLLECTOR_PAUSE_SECONDS", 1.0)
    app = make_app(session, clock=clock, live=False)

    async def run() -> tuple[bool, bool]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause(0.05)
            paused = not gc.isenabled()
            await pilot.pause(1.5)
            return paused, gc.isenabled()

    assert asyncio.run(run()) == (True, True)

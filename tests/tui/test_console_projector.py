"""The projector view, built for the back of a room: the phase in a band, the inject's scenario
time in large digits, its title, the narrative and the questions, and nothing the room may not see."""

from __future__ import annotations

import asyncio
import html
import re

from textual.widgets import Digits, Static

from tabletop.tui import make_app, ConsoleApp
from tabletop.tui.screens.projector import ProjectorScreen
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from datetime import datetime


def shown(app: ConsoleApp) -> str:
    svg = app.export_screenshot()
    text = "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def test_v_puts_the_time_large_the_phase_in_a_band_and_nothing_for_the_facilitator(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    app = make_app(session, clock=clock)

    async def run() -> tuple[str, str, str, bool]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("n")  # forces_mass: its move waits for the room
            await settle(pilot)
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.pending is not None and app.snapshot.current.expected_actions
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, ProjectorScreen)
            digits = app.screen.query_one("#projector-clock", Digits)
            band = app.screen.query_one("#projector-phase", Static)
            return digits.value, str(band.content), shown(app), app.screen.query_one("#projector-time").display

    time, band, text, large = asyncio.run(run())
    assert large and time == "-10 08:00"  # beside the D, drawn as a letter
    assert band == "Peacetime"
    assert "Country X masses forces" in text and "Questions for Japan cell" in text
    # What only the facilitator sees stays off the screen in front of the room.
    for hidden in ("Move waiting", "Expected actions", "Is this a situation", "Citations", "a1 [ ]"):
        assert hidden not in text


def test_an_improvised_inject_has_no_time_to_put_up(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()
    session.insert_adhoc("A ferry goes missing", "Contact lost with a ferry near Island B.")
    app = make_app(session, clock=clock)

    async def run() -> tuple[bool, str]:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            return app.screen.query_one("#projector-time").display, shown(app)

    large, text = asyncio.run(run())
    assert not large and "A ferry goes missing" in text

"""Keys typed right after a dialog is asked for belong to the dialog: a fast typist (or a paste)
opening the cite, decision, rating, orders, gates or ad-hoc dialog never has the keys that
follow run as console commands."""

from __future__ import annotations

import asyncio

import pytest
from textual import events

from tabletop.tui import make_app
from tabletop.tui.screens.main import MainScreen
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from datetime import datetime


@pytest.mark.parametrize("opener", ["c", "d", "r", "o", "a", "j", "t"])
def test_keys_typed_in_a_burst_after_a_dialog_key_are_never_console_commands(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, opener: str
) -> None:
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    before = session.state.last_seq
    app = make_app(session, clock=clock)

    async def run() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for key in (opener, "n", "b", "e", "space", "w"):  # next, back, end, pause, hot wash
                app.post_message(events.Key(key, " " if key == "space" else key))
            await settle(pilot)
            await asyncio.sleep(0.2)
            await settle(pilot)
            return type(app.screen).__name__

    screen = asyncio.run(run())
    assert screen != MainScreen.__name__  # the dialog is up, with the keys
    assert session.state.last_seq == before, [e.type for e in session.events(since=before)]


def test_keys_typed_after_g_belong_to_the_gates_dialog(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("n")  # the inject first, its move waiting
            await settle(pilot)
            for key in ("g", "n", "b", "space"):
                app.post_message(events.Key(key, " " if key == "space" else key))
            await settle(pilot)
            await asyncio.sleep(0.2)
            await settle(pilot)

    asyncio.run(run())
    state = session.state
    assert state.current == "forces_mass" and state.pending is not None and state.clock.running


def test_an_inject_title_is_cut_at_a_word_and_its_marker_stays_visible() -> None:
    from tabletop.tui.text import cut_at_a_word

    assert cut_at_a_word("A U.S. aircrew in the water", 15) == "A U.S. aircrew…"
    assert cut_at_a_word("Short", 15) == "Short"
    assert cut_at_a_word("Supercalifragilistic", 8) == "Superca…"

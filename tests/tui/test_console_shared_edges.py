"""Edges of a session shared with other seats and sites, as the console shows them: the link to
the session database down is said in a banner on every screen the facilitator can be on; a
participant's seat that has expired is marked as such on the cells screen and not counted as
one that can answer; and before the first inject, only a seat that may deliver it is told the
key that does."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from textual.widget import Widget

from tabletop.participants import issue_seats
from tabletop.session import LinkStatus, OpenPrompt, Seat, Session
from tabletop.tui import ConsoleApp, LinkWatch, make_app
from tabletop.tui.widgets import InjectDetail
from tests.tui.conftest import FIXED, NewSession, Settle

DOWN = LinkStatus(up=False, detail="ttx-db.unit.example:5432/tabletop: connection refused", attempt=2)


def banner_of(app: ConsoleApp) -> str:
    """What the banner of the screen on top says ("" when there is none, or it is hidden)."""
    found = app.screen.query("#banner")
    if not found:
        return ""
    banner = found.first(Widget)
    return str(banner.render()) if banner.display else ""


@pytest.mark.parametrize(("key", "screen"), [("k", "CellsScreen"), ("v", "ProjectorScreen"), ("w", "HotWashScreen")])
def test_the_link_down_banner_shows_on_every_screen_the_facilitator_can_be_on(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, key: str, screen: str
) -> None:
    session = new_session()
    session.deliver_next()
    watch = LinkWatch()
    app = make_app(session, clock=clock, link=watch)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == screen
            assert banner_of(app) == ""  # the facilitator's own console, the link up: nothing to say
            watch.update(DOWN)
            await pilot.pause(0.6)  # the console looks at the link's news every few tenths of a second
            await settle(pilot)
            shown = banner_of(app)
            assert "The link to the session database is down" in shown and "connection refused" in shown
            watch.update(LinkStatus(up=True, detail="back"))
            await pilot.pause(0.6)
            await settle(pilot)
            assert banner_of(app) == ""

    asyncio.run(run())


def test_an_expired_seat_is_marked_on_the_cells_screen_and_not_counted(new_session: NewSession, settle: Settle) -> None:
    session = new_session()
    session.deliver_next()
    issue_seats(session, {"us": 1}, valid_for=timedelta(minutes=5))
    issue_seats(session, {"us": 1, "japan": 1}, valid_for=timedelta(hours=12))
    session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="question", text="Escort the cutters?"))
    later = FIXED + timedelta(minutes=10)  # us-1's card expired five minutes ago
    app = make_app(session, clock=lambda: later)

    async def run() -> None:
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            seats = str(app.screen.query_one("#cells-seats").render())
            prompts = str(app.screen.query_one("#cells-prompts").render())
            assert "U.S. cell: 1 seat(s) us-2; card not used yet: us-2; expired us-1" in seats
            assert "us: 0/1 seats answered" in prompts and "us: 0/2" not in prompts

    asyncio.run(run())


def test_before_the_first_inject_the_facilitator_is_told_the_key_that_delivers_it(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    app = make_app(new_session(), clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert "Press n to deliver the first" in app.screen.query_one(InjectDetail).text()

    asyncio.run(run())


@pytest.mark.parametrize(
    "seat",
    [Seat(role="evaluator", name="Aiko Tanaka"), Seat(role="notes", name="Sam Lee"), Seat(role="recorder", cell="us")],
    ids=lambda seat: seat.role,
)
def test_before_the_first_inject_a_seat_that_cannot_deliver_waits_for_the_facilitator(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, seat: Seat
) -> None:
    facilitator = new_session()
    joined = Session.open(facilitator.path, seat=seat)
    app = make_app(joined, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            said = app.screen.query_one(InjectDetail).text()
            assert "Press n" not in said
            assert "the facilitator delivers the first" in said

    try:
        asyncio.run(run())
    finally:
        joined.close()


def test_before_the_first_inject_a_follower_waits_for_the_facilitator(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    facilitator = new_session()
    follower = Session.follow(facilitator.path)
    app = make_app(follower, mode="follow", clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            said = app.screen.query_one(InjectDetail).text()
            assert "Press n" not in said
            assert "the facilitator delivers the first" in said

    try:
        asyncio.run(run())
    finally:
        follower.close()

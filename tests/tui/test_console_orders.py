"""Grey-zone orders in the console: listed with who decides, the Diet's part and the basis,
recorded with the room's answer, shown at their inject, and in `follow` only once given."""

from __future__ import annotations

import asyncio
import html
import re

from textual.widgets import OptionList, Static

from tabletop.tui import make_app, open_for_console, ConsoleApp
from tabletop.tui.screens.dialogs import FormDialog, PickDialog
from tabletop.tui.screens.main import MainScreen
from tabletop.tui.widgets import InjectDetail
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle, option_text, plain, told_by
import pytest
from datetime import datetime
from tabletop.session import Session


def shown(app: ConsoleApp) -> str:
    svg = app.export_screenshot()
    text = "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def to_landing(session: Session) -> None:
    """Deliver the Southwestern Islands up to the landing, where the scenario states an order."""
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    current = session.snapshot().current
    assert current is not None and current.id == "landing"


def test_the_orders_dialog_lists_each_open_order_verbatim_and_records_a_yes(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    to_landing(session)
    orders = session.snapshot().available_determinations
    app = make_app(session, clock=clock)

    async def run() -> tuple[list[str], str, str]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            items = app.screen.query_one("#items", OptionList)
            listed = [option_text(items, n) for n in range(items.option_count)]
            assert "Orders and determinations open now" in app.screen.title_text.plain
            await pilot.press("down", "enter")  # the second order open
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            whole = plain(app.screen.query_one(".dialog-intro", Static).content)
            await pilot.press("enter")  # the answer is required: nothing recorded yet
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await pilot.press("enter")  # the focused radio set: yes
            app.screen.query_one("#field-1").focus()
            await pilot.press(*"ok")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            part = app.screen.query_one(InjectDetail).shown("orders")
            assert part is not None
            return listed, whole, str(part)

    listed, whole, text = asyncio.run(run())
    assert len(listed) == len(orders) > 1
    # The list: what each is, who decides on which side, and the scenario's answer.
    for order, item in zip(orders, listed, strict=True):
        flat = re.sub(r"\s+", " ", item)
        for part in (order.title, order.authority, order.diet):
            assert re.sub(r"\s+", " ", part) in flat
        assert ("the scenario states: yes" in item) == (order.stated is True)
    # The one chosen, whole and verbatim, before the room answers.
    flat = re.sub(r"\s+", " ", whole)
    chosen = orders[1]
    for part in (chosen.title, chosen.authority, chosen.diet, chosen.reference, chosen.basis):
        assert re.sub(r"\s+", " ", part) in flat
    [recorded] = session.snapshot().recorded_determinations
    assert (recorded.determination, recorded.answer, recorded.remark) == (orders[1].id, True, "ok")
    assert "Orders recorded here" in text and f"{orders[1].title}: given" in text


def test_an_ended_session_refuses_orders_with_a_notification(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session()
    session.deliver_next()
    session.end("done")
    app = make_app(session, clock=clock)
    told = told_by(app, monkeypatch)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)

    asyncio.run(run())
    assert told == ["The session has ended."]
    assert session.snapshot().recorded_determinations == ()


def test_follow_shows_orders_once_recorded_never_those_still_open(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    writer = new_session()
    to_landing(writer)
    open_titles = [o.title for o in writer.snapshot().available_determinations]

    def participants() -> str:
        follower, _ = open_for_console(writer.path, "follow")
        app = make_app(follower, mode="follow", clock=clock, live=False)

        async def look() -> str:
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                await pilot.press("o")  # the facilitator's key does nothing here
                await settle(pilot)
                return shown(app)

        try:
            return asyncio.run(look())
        finally:
            follower.close()

    before = participants()
    assert not any(title in before for title in open_titles) and "Orders recorded" not in before
    writer.determine("maritime_security_operation", False, "the coast guard copes")
    after = participants()
    assert f"{open_titles[0]}: not given" in after and "the coast guard copes" in after
    assert not any(title in after for title in open_titles[1:])


def test_an_order_ahead_of_what_it_needs_first_says_which_before_it_records(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session()
    to_landing(session)
    orders = [o.id for o in session.snapshot().available_determinations]
    app = make_app(session, clock=clock)
    told = told_by(app, monkeypatch)

    async def run() -> tuple[str, str]:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("o")
            await settle(pilot)
            items = app.screen.query_one("#items", OptionList)
            items.highlighted = orders.index("coast_guard_control")
            assert items.highlighted is not None
            listed = option_text(items, items.highlighted)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            intro = plain(app.screen.query_one(".dialog-intro", Static).content)
            await pilot.press("enter")  # yes
            await pilot.click("#submit")
            await settle(pilot)
            return listed, intro

    listed, intro = asyncio.run(run())
    assert "not yet recorded: public_security_operation, defense_operation_ordered" in listed
    assert "Not yet recorded: public_security_operation, defense_operation_ordered" in intro
    assert "✗" in intro and "decides:" in intro
    [recorded] = session.snapshot().recorded_determinations
    assert recorded.ahead_of == ("public_security_operation", "defense_operation_ordered")
    assert any("ahead of public_security_operation" in message for message in told)

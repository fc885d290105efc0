"""The participants' page in a real browser (headless Chromium, driven by playwright), on a
phone-sized screen: a seat card's code joins the Japan cell, its person answers a question,
votes in a poll and rates the cell's performance; the facilitator's console shows each answer
within a second, without a key pressed; the after-action report holds them all. No script runs
on the page and nothing is fetched from elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

import asyncio
import contextlib
import html
import re
from collections.abc import AsyncIterator
from datetime import timedelta


from tests.browser_support import CHROMIUM_ARGS, chromium
from tests.participants.page_support import Clock, PromptFields, serving

from tabletop.participants import issue_seats, seat_cards
from tabletop.report import render_report
from tabletop.session import OpenPrompt, PromptKind, Rate, SessionRecord, Session
from tabletop.tui import make_app, ConsoleApp
from tabletop.tui.screens.cells import CellsScreen
from textual.pilot import Pilot

if TYPE_CHECKING:
    # playwright is imported only by the tests that find a browser (tests.browser_support)
    from playwright.async_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}


@contextlib.asynccontextmanager
async def phone_browser() -> AsyncIterator[Page]:
    from playwright.async_api import async_playwright

    executable = chromium()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            yield await context.new_page()
        finally:
            await browser.close()


def card_code(cards_html: str) -> str:
    """The short code printed on the first card, as a person reads it."""
    found = re.search(r'class="code">([^<]+)<', cards_html)
    assert found, "no code on the cards"
    return found.group(1)


def open_prompts(session: Session) -> None:
    prompts: tuple[tuple[PromptKind, PromptFields], ...] = (
        ("question", {"text": "Who owns the incident, and who tells the United States?"}),
        ("poll", {"text": "Escort the cutters now?", "options": ("Yes", "No, not yet")}),
        ("self_rating", {"action": "a1"}),
    )
    for kind, given in prompts:
        session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind=kind, **given))


def test_a_participant_joins_answers_votes_and_self_rates_and_the_console_sees_it(
    session: Session, clock: Clock
) -> None:
    issued = issue_seats(session, {"japan": 1, "us": 1}, valid_for=timedelta(hours=8))
    cards = seat_cards(issued, title="Southwestern Islands", base_url="http://127.0.0.1:1")
    code = card_code(cards)
    open_prompts(session)
    session.execute(Rate(expected_seq=session.state.last_seq, inject="fleet_sighted", action="a1", rating="M"))
    app = make_app(session)
    seen: dict[str, float] = {}

    async def answered_on_console(pilot: Pilot[None], wanted: str) -> float:
        """How long after the page's reply the console's cells screen shows `wanted`."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        while loop.time() - start < 3.0:
            await pilot.pause(0.05)
            if wanted in visible(app):
                return loop.time() - start
        raise AssertionError(f"the console never showed {wanted!r}: {visible(app)}")

    async def drive(base: str) -> None:
        async with app.run_test(size=(120, 40)) as pilot, phone_browser() as page:
            await pilot.pause()
            await pilot.press("k")
            await pilot.pause()
            assert isinstance(app.screen, CellsScreen)
            fetched: list[str] = []
            page.on("request", lambda request: fetched.append(request.url))
            await page.goto(base + "/")
            await page.fill("#code", code.lower().replace("-", " "))  # as a person might type it
            await page.click("button[type=submit]")
            await page.wait_for_selector("text=Japan cell · seat japan-1")
            assert await page.evaluate("document.cookie") == ""  # HttpOnly: no script reads it
            assert "code=" not in page.url

            await page.fill("#text-p1", "The Coast Guard owns it; MOD tells USFJ through the ACM")
            await page.click("#p1 button[type=submit]")
            await page.wait_for_selector("text=Your answer to p1 is recorded")
            seen["question"] = await answered_on_console(pilot, "The Coast Guard owns it")

            await page.check("#p2 input[name=choice][value='1']")
            await page.click("#p2 button[type=submit]")
            await page.wait_for_selector("text=Your answer to p2 is recorded")
            seen["poll"] = await answered_on_console(pilot, "Japan cell (japan-1): No, not yet")

            await page.check("#p3 input[name=rating][value='S']")
            await page.fill("#text-p3", "We agreed the channel late")
            await page.click("#p3 button[type=submit]")
            await page.wait_for_selector("text=Your answer to p3 is recorded")
            seen["self-rating"] = await answered_on_console(pilot, "S: We agreed the channel late")

            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"]  # nothing wider than the phone's screen
            assert all(url.startswith(base) for url in fetched)

    with serving(session, clock) as served:
        asyncio.run(drive(f"http://127.0.0.1:{served.port}"))
    assert all(delay < 1.0 for delay in seen.values()), seen

    report = render_report(SessionRecord.load(session.path), "md")
    assert "The Coast Guard owns it; MOD tells USFJ through the ACM" in report
    assert "| No, not yet | 1 |" in report
    assert "Evaluator's rating: **M**" in report and "**S** (performed with some challenges)" in report


def visible(app: ConsoleApp) -> str:
    """The console's screen as text, the pieces of each row run together."""
    app.clear_notifications()
    svg = app.export_screenshot()
    cells = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return "".join(cells).replace("\xa0", " ")

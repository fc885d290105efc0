"""The participants' page's screenshots in the facilitator guide, taken in headless Chromium on a
phone-sized screen from the real page (`tabletop.participants.ParticipantsPage`) over a session of
the bundled Southwestern Islands scenario:

- participants-join.png      the page before joining: the seat code typed from the card
- participants-prompts.png   the Japan cell's page: the inject, a question, a poll, a self-rating
- participants-results.png   a poll the facilitator closed and revealed, with every cell's answers
- participants-card.png      one sheet of seat cards as printed

    python scripts/participants_screenshots.py      # write them to docs/images/

Chromium's rendering of fonts varies between machines, so these are not checked byte for byte;
tests/participants/test_page_in_a_browser.py drives the same page.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import threading
from datetime import timedelta
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

    from tabletop.session import Command

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT))

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}


def main() -> int:
    from aiohttp import web
    from playwright.sync_api import sync_playwright

    from tabletop.listening import listening_socket
    from tabletop.participants import ParticipantsPage, classification_marking, issue_seats, seat_cards
    from tabletop.session import AnswerPrompt, ClosePrompt, DeliverNext, OpenPrompt, RevealPrompt, Seat, start_session

    with tempfile.TemporaryDirectory() as scratch:
        session = start_session(ROOT / "scenarios" / "southwest_islands.yaml", session_dir=scratch)
        session.execute(DeliverNext(expected_seq=session.state.last_seq))
        seats = issue_seats(session, {"japan": 2, "us": 2, "local": 1}, valid_for=timedelta(hours=10))

        def do(command_type: Callable[..., Command], **given: object) -> None:
            session.execute(command_type(expected_seq=session.state.last_seq, **given))

        do(
            OpenPrompt,
            kind="poll",
            text="Should the Coast Guard ask for a Maritime Self-Defense Force escort now?",
            options=("Yes, now", "Not yet: it signals escalation", "Only if the cutters are harassed"),
        )
        for seat, choice in zip(seats, (1, 2, 0, 1, 1), strict=True):
            session.execute(
                AnswerPrompt(expected_seq=session.state.last_seq, prompt="p1", choice=choice),
                seat=Seat(role="participant", cell=seat.cell, name=seat.seat),
            )
        do(ClosePrompt, prompt="p1")
        do(RevealPrompt, prompt="p1")
        do(
            OpenPrompt,
            kind="question",
            text="Through which channel does the government share its picture of the fleet with the United States?",
            cells=("japan",),
        )
        do(OpenPrompt, kind="self_rating", action="a1")

        listener = listening_socket("127.0.0.1", 0, allow_remote=False)
        page = ParticipantsPage(session, listener)
        loop = asyncio.new_event_loop()
        runner = web.AppRunner(page.application(), access_log=None)
        ready = threading.Event()

        async def start() -> None:
            await runner.setup()
            await web.SockSite(runner, listener.sock).start()
            ready.set()

        threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True).start()
        ready.wait(30)
        base = listener.url("/").rstrip("/")
        cards = Path(scratch) / "cards.html"
        cards.write_text(
            seat_cards(
                seats,
                title=session.state.scenario_title,
                base_url="https://192.168.10.5:8090",
                marking=classification_marking(session),
            )
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            phone = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True).new_page()
            phone.goto(base + "/")
            phone.fill("#code", seats[0].code[:4] + "-" + seats[0].code[4:8] + "-")
            phone.screenshot(path=str(IMAGES / "participants-join.png"))
            phone.goto(base + "/join?code=" + seats[0].code)
            phone.wait_for_selector("text=Japan cell · seat japan-1")
            phone.fill("#text-p2", "Through the Alliance Coordination Mechanism, and MOD to USFJ directly.")
            phone.evaluate("window.scrollTo(0, 0)")
            phone.screenshot(path=str(IMAGES / "participants-prompts.png"))
            phone.locator("#p1").scroll_into_view_if_needed()
            phone.locator("#p1").screenshot(path=str(IMAGES / "participants-results.png"))
            sheet = browser.new_page(viewport={"width": 1000, "height": 600})
            sheet.goto(cards.as_uri())
            sheet.screenshot(path=str(IMAGES / "participants-card.png"))
            browser.close()
        loop.call_soon_threadsafe(loop.stop)
        session.close()
    for name in ("join", "prompts", "results", "card"):
        print(f"wrote {IMAGES / f'participants-{name}.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

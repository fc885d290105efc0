"""`tabletop serve` in a real browser (headless Chromium, driven by playwright): the printed
address opens the console offline, with nothing fetched from elsewhere, and leaves in the
browser's history no address that lets anyone in; the key typed in another browser opens it; a
page on another port of the same machine cannot open a console even in the browser let in; a
host name rebound to this machine is refused even with the ticket."""

from __future__ import annotations

from typing import TYPE_CHECKING

import asyncio
import contextlib
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


from tests.browser_support import CHROMIUM_ARGS, chromium
from tests.tui.serve_support import run, serving
from tests.tui.serve_support import Served

if TYPE_CHECKING:
    # playwright is imported only by the tests that find a browser (tests.browser_support)
    from playwright.async_api import Browser

CONSOLE_SHOWN = "body.-first-byte"
"""The page's body gets this class once the console has drawn its first screen."""


@contextlib.asynccontextmanager
async def browser(*flags: str) -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    executable = chromium()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=[*CHROMIUM_ARGS, *flags])
        try:
            yield launched
        finally:
            await launched.close()


def console_processes(server_pid: int) -> int:
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            if f"\nPPid:\t{server_pid}\n" in status.read_text():
                count += 1
    return count


@contextlib.contextmanager
def another_site(port_of_console: int) -> Iterator[str]:
    """A page on another port of this machine that tries to open the console's WebSocket."""
    page = f"""<!DOCTYPE html><title>waiting</title>
    <img id="asset" src="http://127.0.0.1:{port_of_console}/static/images/background.png"
      onload="document.body.dataset.asset = 'loaded'" onerror="document.body.dataset.asset = 'refused'">
    <script>
      const socket = new WebSocket("ws://127.0.0.1:{port_of_console}/ws?width=80&height=24");
      socket.onopen = () => {{ document.title = "opened"; }};
      socket.onclose = () => {{ if (document.title !== "opened") document.title = "refused"; }};
    </script>""".encode()

    with serving_page(page) as address:
        yield address


@contextlib.contextmanager
def serving_page(page: bytes) -> Iterator[str]:
    """`page` served at an address of its own on 127.0.0.1 (another port than the console's)."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_printed_address_opens_the_console_offline_and_nothing_is_fetched_from_elsewhere(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        # No name resolves but this machine's address: a request elsewhere would fail, and is listed.
        async with browser("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1") as chromium:
            page = await chromium.new_page(viewport={"width": 1280, "height": 800})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            await page.goto(served.url)
            await page.wait_for_selector(CONSOLE_SHOWN, timeout=30_000)
            assert page.url == f"{served.origin}/"  # the key left the address bar
            loaded = "[...document.fonts].filter(f => f.family.includes('Roboto Mono') && f.status === 'loaded').length"
            assert await page.evaluate(loaded) >= 1  # the console's font, from here
            elsewhere = [url for url in requested if not url.startswith(served.origin + "/")]
            assert elsewhere == []
            assert any(url.endswith(".ttf") for url in requested)

    with serving(tmp_path, "run", "southwest_islands") as served:
        run(check(served))


def test_the_browsers_history_keeps_no_way_in_and_the_key_typed_in_another_browser_opens_the_console(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "profile"

    async def visit(served: Served) -> None:
        """The facilitator's browser, with a profile on disk as a shared computer keeps it."""
        from playwright.async_api import async_playwright

        async with async_playwright() as playwright:
            context = await playwright.chromium.launch_persistent_context(
                profile, executable_path=chromium(), args=CHROMIUM_ARGS, headless=True
            )
            page = context.pages[0] if context.pages else await context.new_page()
            await page.goto(served.url)
            await page.wait_for_selector(CONSOLE_SHOWN, timeout=30_000)
            await context.close()

    async def later(served: Served, visited: list[str]) -> list[str]:
        """Someone else, with the addresses that history holds; what the browser was sent."""
        async with browser() as chromium_:
            page = await chromium_.new_page()
            seen: list[str] = []
            page.on("request", lambda request: seen.append(request.url))
            page.on("response", lambda response: seen.append(response.headers.get("location", "")))
            for url in visited:
                await page.goto(url)
                await page.wait_for_selector("input[name=key]:focus", timeout=15_000)
                assert await page.query_selector("#terminal") is None, url
            assert "This address opens nothing now" in await page.content()
            await asyncio.sleep(0.5)
            assert console_processes(served.process.pid) == 0
            # The key, typed at the keyboard into the form (its box has the focus), opens it.
            await page.keyboard.type(served.key)
            await page.keyboard.press("Enter")
            await page.wait_for_selector(CONSOLE_SHOWN, timeout=30_000)
            assert page.url == f"{served.origin}/"
            return seen

    with serving(tmp_path, "run", "southwest_islands") as served:
        run(visit(served))
        history = sqlite3.connect(f"file:{profile / 'Default' / 'History'}?mode=ro", uri=True)
        try:
            visited = [url for (url,) in history.execute("SELECT url FROM urls")]
        finally:
            history.close()
        assert served.url in visited and f"{served.origin}/" in visited
        sent = run(later(served, visited))
    key_parts = [served.key, served.key.replace("-", ""), *served.key.split("-")]
    assert not [text for text in visited + sent for part in key_parts if part in text]


def test_a_page_on_another_port_cannot_open_the_console_in_the_browser_that_holds_the_key(tmp_path: Path) -> None:
    async def check(served: Served, evil: str) -> None:
        async with browser() as chromium:
            context = await chromium.new_context()
            facilitator = await context.new_page()
            await facilitator.goto(served.url)
            await facilitator.wait_for_selector(CONSOLE_SHOWN, timeout=30_000)
            assert console_processes(served.process.pid) == 1
            # The same browser, so the same cookie jar: the cookie would go with its WebSocket.
            attacker = await context.new_page()
            await attacker.goto(evil)
            await attacker.wait_for_function("document.title !== 'waiting'", timeout=15_000)
            assert await attacker.title() == "refused"
            await attacker.wait_for_function("document.body.dataset.asset", timeout=15_000)
            assert await attacker.evaluate("document.body.dataset.asset") == "refused"
            await asyncio.sleep(0.5)
            assert console_processes(served.process.pid) == 1

    with serving(tmp_path, "run", "southwest_islands") as served, another_site(served.port) as evil:
        run(check(served, evil))


def test_a_host_name_rebound_to_this_machine_is_refused_even_with_the_ticket(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        async with browser("--host-resolver-rules=MAP evil.example 127.0.0.1") as chromium:
            page = await chromium.new_page()
            response = await page.goto(f"http://evil.example:{served.port}/?ticket={served.ticket}")
            assert response is not None and response.status == 403
            assert "not evil.example" in await page.content()
            await asyncio.sleep(0.5)
            assert console_processes(served.process.pid) == 0

    with serving(tmp_path, "run", "southwest_islands") as served:
        run(check(served))
        assert served.sessions() == []
        assert served.cookie  # the refused page did not spend the ticket: it still lets a browser in


def test_the_printed_address_followed_from_another_sites_link_opens_the_console(tmp_path: Path) -> None:
    async def check(served: Served, chat: str) -> None:
        async with browser() as chromium:
            page = await chromium.new_page()
            await page.goto(chat)
            await page.click("a")  # the address, shared in a chat and clicked
            await page.wait_for_selector(CONSOLE_SHOWN, timeout=30_000)
            assert page.url == f"{served.origin}/"

    with serving(tmp_path, "run", "southwest_islands") as served, a_page_linking_to(served.url) as chat:
        run(check(served, chat))


@contextlib.contextmanager
def a_page_linking_to(url: str) -> Iterator[str]:
    """A page on another port with a link to `url`."""
    with serving_page(f'<!DOCTYPE html><title>chat</title><a href="{url}">the console</a>'.encode()) as address:
        yield address


_PIXELS = """([x, y, w, h]) => {
  const data = document.querySelector("canvas.xterm-text-layer").getContext("2d").getImageData(x, y, w, h).data;
  const found = [];
  for (let i = 0; i < data.length; i += 4) found.push([data[i], data[i + 1], data[i + 2]]);
  return found;
}"""
"""The colours the served console drew in a rectangle of its screen, pixel by pixel."""


def test_the_projector_in_the_browser_puts_the_phase_in_a_bright_band_and_the_time_in_large_digits(
    tmp_path: Path,
) -> None:
    def bright(pixel: list[int]) -> bool:
        return min(pixel) > 190

    Pixel = list[int]

    async def check(served: Served) -> tuple[Pixel, Pixel, Pixel, list[Pixel], Pixel, Pixel]:
        async with browser() as chromium:
            page = await chromium.new_page(viewport={"width": 1280, "height": 800})
            await page.goto(served.url)
            await page.wait_for_selector(CONSOLE_SHOWN, timeout=30_000)
            await asyncio.sleep(1)
            await page.mouse.click(900, 300)  # the terminal takes the keys
            await page.keyboard.press("n")
            await asyncio.sleep(1.5)
            (console_row,) = await page.evaluate(_PIXELS, [5, 30, 1, 1])
            await page.keyboard.press("v")
            await asyncio.sleep(1.5)
            (band,) = await page.evaluate(_PIXELS, [5, 30, 1, 1])
            (below,) = await page.evaluate(_PIXELS, [5, 52, 1, 1])
            digits = await page.evaluate(_PIXELS, [300, 55, 680, 75])
            (bottom,) = await page.evaluate(_PIXELS, [5, 790, 1, 1])
            (top,) = await page.evaluate(_PIXELS, [5, 8, 1, 1])
            return console_row, band, below, digits, bottom, top

    with serving(tmp_path, "run", "southwest_islands") as served:
        console_row, band, below, digits, bottom, top = run(check(served))
    # The second row was the console's header; on the projector it is the phase, dark on bright.
    assert not bright(console_row) and bright(band) and max(below) < 60
    # The scenario time is drawn in large digits: a block of lit pixels three rows high.
    lit = [p for p in digits if max(p) > 150]
    assert len(lit) > 1500
    # It fits the window: the classification marking shows at the top and at the bottom.
    assert bottom == top and bottom[0] > 100 and bottom[1] < 60

"""A `tabletop serve` process for the tests, and clients that talk to it as a browser page would."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import http.client
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from tabletop.safetext import terminal_safe

if TYPE_CHECKING:
    import aiohttp

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    """The address printed, with its one-time ticket."""
    key: str
    """The key printed under it, as printed (in groups of four)."""
    port: int
    folder: Path
    """The session folder."""

    @property
    def ticket(self) -> str:
        return parse_qs(urlsplit(self.url).query)["ticket"][0]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @functools.cached_property
    def cookie(self) -> str:
        """The `Cookie` header of the browser that opened the printed address: the ticket is
        traded for it (and spent) the first time this is read."""
        return trade_ticket(self)

    def sessions(self) -> list[Path]:
        return sorted(self.folder.glob("*.ttx.sqlite"))


@contextlib.contextmanager
def serving(tmp_path: Path, *arguments: str, port: int | None = None) -> Iterator[Served]:
    """`tabletop serve ARGUMENTS` on a free port of 127.0.0.1 until the block ends."""
    port = port or free_port()
    folder = tmp_path / "sessions"
    process = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "serve", *arguments, "--port", str(port), "--session-dir", str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    try:
        first = process.stdout.readline()
        found = re.search(r"http://\S+", first)
        assert found, f"no address printed: {first!r}"
        process.stdout.readline()  # what the address and the key are for
        key = process.stdout.readline().strip()
        wait_listening(port)
        yield Served(process, found.group(0), key, port, folder)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def wait_listening(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


def trade_ticket(served: Served) -> str:
    """Open the printed address as a browser's first load does; the `Cookie` header it then sends."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    try:
        connection.request("GET", served.url.removeprefix(served.origin))
        response = connection.getresponse()
        response.read()
        assert response.status == 200, f"the printed address let nobody in ({response.status})"
        cookie = response.getheader("Set-Cookie") or ""
    finally:
        connection.close()
    assert cookie.startswith(f"tabletop-console-{served.port}="), cookie
    return cookie.split(";")[0]


def screen_text(data: bytes) -> str:
    """What a terminal would show of console output, roughly: the text without its escape codes."""
    return terminal_safe(data.decode("utf-8", "replace"))


async def read_until(websocket: aiohttp.ClientWebSocketResponse, wanted: str, seconds: float = 30) -> str:
    """The console's output until it shows `wanted`; fails after `seconds`."""
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in screen_text(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"{wanted!r} never shown; last output: {screen_text(seen)[-500:]!r}"
        try:
            message = await websocket.receive(timeout=left)
        except TimeoutError:
            continue
        if message.data is None or message.type.name in ("CLOSE", "CLOSED", "CLOSING", "ERROR"):
            raise AssertionError(f"the console closed before showing {wanted!r}: {screen_text(seen)[-500:]!r}")
        if isinstance(message.data, bytes):
            seen += message.data
    return screen_text(seen)


async def type_keys(websocket: aiohttp.ClientWebSocketResponse, text: str) -> None:
    for character in text:
        await websocket.send_json(["stdin", character])


async def open_console(served: Served, **headers: str) -> tuple[aiohttp.ClientSession, aiohttp.ClientWebSocketResponse]:
    """A WebSocket to the served console as its page opens it (cookie and Origin), unless
    `headers` say otherwise; returns (client session, websocket)."""
    import aiohttp

    sent = {"Origin": served.origin, **headers}
    if "Cookie" not in headers:  # read only when needed: reading it spends the printed ticket
        sent["Cookie"] = served.cookie
    sent = {name: value for name, value in sent.items() if value}
    client = aiohttp.ClientSession()
    try:
        websocket = await client.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=120&height=40", headers=sent)
    except BaseException:
        await client.close()
        raise
    return client, websocket


async def handshake_status(served: Served, **headers: str) -> int:
    """The HTTP status a WebSocket handshake gets (101 when it was let in)."""
    import aiohttp

    try:
        client, websocket = await open_console(served, **headers)
    except aiohttp.WSServerHandshakeError as exc:
        return exc.status
    await websocket.close()
    await client.close()
    return 101


def recorded(session: Path) -> tuple[list[str], str | None]:
    """The notes a session file holds, and who it names as facilitator."""
    from tabletop.session import Session

    with Session.open(session, readonly=True) as opened:
        return [note.text for note in opened.state.notes], opened.metadata().get("facilitator")


def wait_for(condition: Callable[[], T], seconds: float = 20, what: str = "the condition") -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


async def note_from_a_seats_page(served: Served, seat_label: str, text: str) -> None:
    """Open `serve join`'s page, check it names the seat, and record a note from it as a person
    does (`/`, the text, Enter)."""
    client, websocket = await open_console(served)
    async with client:
        await read_until(websocket, f"Seat: {seat_label}")
        await type_keys(websocket, "/")
        await asyncio.sleep(0.5)
        await type_keys(websocket, f"{text}\r")
        await read_until(websocket, "Note recorded")
        await websocket.close()

"""Helpers for the participants' page tests: the Southwestern Islands sample (cells japan, us,
jcg, local and control), a session of it at its first inject, seats, and the page served on a
loopback port from a thread of the test, reached with plain HTTP requests whose every header the
test chooses."""

from __future__ import annotations

import asyncio
import http.client
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, UTC
from pathlib import Path
from typing import TypedDict, Unpack
from urllib.parse import urlencode

from aiohttp import web

from tabletop.listening import listening_socket
from tabletop.webguard import ConnectionGuard
from tabletop.participants import IssuedSeat, ParticipantsPage, issue_seats
from tabletop.session import (
    Committed,
    OpenPrompt,
    ParticipantSeat,
    PromptKind,
    PromptRecord,
    Rating,
    Session,
    SessionState,
)

ISLANDS = Path(__file__).resolve().parents[2] / "scenarios" / "southwest_islands.yaml"
SCANNED = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-User": "?1"}
"""What a browser sends with an address the person opened (a QR code scanned, an address typed)."""


class Clock:
    """The page's and the session's clock, set by the test (UTC)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


class PromptFields(TypedDict, total=False):
    """What an `OpenPrompt` may say besides its kind."""

    text: str
    cells: tuple[str, ...]
    options: tuple[str, ...]
    action: str | None
    prompt: str | None


class AnswerFields(TypedDict, total=False):
    """What an `AnswerPrompt` may say besides the prompt and who answers."""

    text: str
    choice: int | None
    rating: Rating | None
    clause: str | None


def open_prompt(session: Session, kind: PromptKind = "question", **given: Unpack[PromptFields]) -> str:
    """Open a prompt through the command path; its id."""
    outcome = session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind=kind, **given))
    assert isinstance(outcome, Committed) and outcome.event.payload.type == "prompt_opened", outcome
    return outcome.event.payload.prompt


def prompt_of(state: SessionState, prompt: str) -> PromptRecord:
    """The record of a prompt the state holds (a test fails here when it holds none)."""
    record = state.prompt(prompt)
    assert record is not None, f"no prompt {prompt!r}"
    return record


def seat_of(state: SessionState, seat_id: str) -> ParticipantSeat:
    """The record of a seat the state holds (a test fails here when it holds none)."""
    record = state.seat(seat_id)
    assert record is not None, f"no seat {seat_id!r}"
    return record


def seat(session: Session, cell: str, hours: int = 8) -> IssuedSeat:
    """Issue one seat of `cell`; the `IssuedSeat` (with its code)."""
    return issue_seats(session, {cell: 1}, valid_for=timedelta(hours=hours))[0]


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def cookie(self) -> str | None:
        """The seat cookie this reply sets (its value), or None."""
        for header in self.headers.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            if name.startswith("tabletop-seat-"):
                return rest.split(";", 1)[0]
        return None


@dataclass
class Served:
    """The page at 127.0.0.1:`port`: requests with exactly the headers a test gives."""

    port: int
    page: ParticipantsPage
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | str | None = None,
        *,
        headers: dict[str, str] | None = None,
        cookie: str | None = None,
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        sent = {"Host": self.host, **(headers or {})}
        if cookie is not None:
            sent["Cookie"] = f"{self.page.cookie}={cookie}"
        body = None
        if form is not None:
            body = form if isinstance(form, str) else urlencode(form)
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        reply = Reply(response.status, response.headers, response.read().decode("utf-8", "replace"))
        connection.close()
        return reply

    def scan(self, code: str, cookie: str | None = None) -> Reply:
        """A device opening a card's address as its QR code does (the browser saying the person
        opened it: `Sec-Fetch-Site: none`), with the cookie it holds, if any."""
        return self.request("GET", "/join?" + urlencode({"code": code}), headers=SCANNED, cookie=cookie)

    def join(self, code: str) -> str:
        """Join with a code as a QR code would; the cookie the page gives."""
        reply = self.scan(code)
        assert reply.status == 200 and reply.cookie, reply.text
        return reply.cookie

    def csrf(self, cookie: str) -> str:
        text = self.request("GET", "/", cookie=cookie).text
        marker = 'name="csrf" value="'
        start = text.index(marker) + len(marker)
        return text[start : text.index('"', start)]

    def answer(
        self,
        cookie: str,
        prompt: str,
        *,
        csrf: str | None = None,
        headers: dict[str, str] | None = None,
        **fields: str,
    ) -> Reply:
        form = {"csrf": csrf if csrf is not None else self.csrf(cookie), "prompt": prompt, **fields}
        return self.request("POST", "/answer", form, cookie=cookie, headers=headers)


@contextmanager
def serving(
    session: Session, clock: Callable[[], datetime] | None = None, guard: ConnectionGuard | None = None
) -> Iterator[Served]:
    """The participants' page over `session`, on a free loopback port, in a thread of its own
    (behind `guard`'s connection limits, the page's own by default)."""
    listener = listening_socket("127.0.0.1", 0, allow_remote=False)
    page = ParticipantsPage(session, listener, clock=clock, guard=guard)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    runner = web.AppRunner(page.application(), access_log=None)
    sites: list[asyncio.AbstractServer] = []

    async def start() -> None:
        sites.append(await page.start(runner))
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield Served(listener.port, page)
    finally:
        for site in sites:
            loop.call_soon_threadsafe(site.close)
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

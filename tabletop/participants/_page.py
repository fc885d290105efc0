"""The participants' page (`tabletop participants SESSION`): a small server-rendered web page on
which the people of each cell answer the facilitator's prompts from their own browsers.

Called by `tabletop.cli.participants`. It is a user interface beside the console: it reads the
session core (what a seat sees is `tabletop.session.prompts_for_seat`, the room's view
`SessionSnapshot.for_participants`) and records every answer through `Session.execute`, the
one command path, as the seat's `AnswerPrompt`. It never imports Textual.

Who may come in, and what they may do:

- a seat's card admits one device: the first device to join with its code (its QR code or
  its typed short code) claims the seat through the command path (`ClaimSeat`, the journal
  keeping the SHA-256 of a fresh random token), and its browser keeps the token in an
  HttpOnly, SameSite=Strict cookie (Secure over HTTPS) until the seat expires; the address
  steps on to the bare page. From then on the code admits nobody: an address left in a
  browser's history, or a card photographed on the table, opens nothing. The cookie is
  checked against the journal at every request, so a revoked or expired seat, or one given a
  new card since (`ReissueSeat`), is out at once;
- only the person's own act claims a seat (no link on another site can seat a device in
  someone else's cell): opening a card's address claims at once only when the browser says
  the address was opened by the person (`Sec-Fetch-Site: none`: a scanned QR code, a typed or
  pasted address, over HTTPS or on the machine itself); any other load of it (a link followed
  from another site, or a browser that does not say, as every browser over plain HTTP) shows
  the join form with the code filled in, and pressing Join (a form from the page itself)
  claims. A device that holds a seat is asked, naming both seats, before a card's code
  replaces it;
- the `Host` header must name the address served (`tabletop.listening`), a form must come from
  the page itself (`Origin`, `Sec-Fetch-Site`) and carry the seat's form token: an HMAC of the
  device's own token (the cookie, which no other site can read) under a key derived from the
  session's id, so that it holds across a restart of the page and a form filled in before it
  is still taken after it;
- a form refused for any reason the page can read it for comes back with its typed answer in
  its box, or, when its prompt was closed or the exercise ended meanwhile, shown to copy:
  nothing typed vanishes;
- answers are plain text up to `MAX_ANSWER_CHARS`, a request body at most `MAX_BODY_BYTES`;
  each seat may submit `SUBMISSIONS_PER_MINUTE` answers a minute; an address that tried
  `JOINS_PER_MINUTE` wrong codes in the last minute has each further code answered after
  `SLOW_JOIN_SECONDS` (the right one too, so that the time says nothing), never refused;
- whatever goes wrong beneath the page (a session file found damaged, any error of the core)
  is answered in the page's own words, an answer being sent kept in its box; never a server's
  stock error page, never a traceback;
- every text the page shows (prompts, options, expected actions, narratives, answers, cell
  and clause names, the title) is cleaned of terminal controls and bidirectional overrides
  (`tabletop.safetext.terminal_safe`, the documents' and the console's cleaner) before it is
  escaped; and every page, seat card and answer sheet carries the scenario's classification
  marking at its top and bottom;
- a connection must send its request's head in time, and one address may hold only so many
  connections (`tabletop.webguard`): nobody can make the page unreachable by holding
  half-sent requests;
- every page carries `Content-Security-Policy: default-src 'self'`: no script runs, the one
  stylesheet is packaged, and nothing is fetched from elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib.resources import files
from typing import Any
from urllib.parse import quote

import jinja2
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from tabletop.errors import DatabaseUnavailable, SessionFileError
from tabletop.listening import Listener
from markupsafe import Markup

from tabletop.report import html_environment, html_paragraphs
from tabletop.safetext import terminal_safe
from tabletop.webguard import AttemptsPerMinute, ConnectionGuard, fetched_ahead, start_site
from tabletop.session import (
    MAX_ANSWER_CHARS,
    RATINGS,
    AnswerPrompt,
    ClaimSeat,
    CodeRefusal,
    Committed,
    Outcome,
    ParticipantSeat,
    PromptRecord,
    Refused,
    Seat,
    Session,
    SessionSnapshot,
    SessionState,
    admitted_seat,
    carded_seat,
    code_refusal,
    device_token_digest,
    new_device_token,
    seat_code_digest,
    prompts_for_seat,
)

__all__ = [
    "JOINS_PER_MINUTE",
    "MAX_BODY_BYTES",
    "SLOW_JOIN_SECONDS",
    "SUBMISSIONS_PER_MINUTE",
    "ParticipantsPage",
    "classification_marking",
    "page_environment",
]

log = logging.getLogger("tabletop.participants")

MAX_BODY_BYTES = MAX_ANSWER_CHARS * 12 + 4096
"""The largest request body read: an answer of `MAX_ANSWER_CHARS` characters in any script
form-encoded (a character of four UTF-8 bytes is twelve: `%F0%9F%98%80`), and 4 KiB for the
form's other fields; anything larger is refused before it is read."""
SUBMISSIONS_PER_MINUTE = 30
"""Answers one seat may submit in a minute: a person changing their mind is far below it, a
script flooding the journal far above."""
JOINS_PER_MINUTE = 20
"""Wrong codes one address may try in a minute at full speed: a person mistyping a card is far
below it. Only a code that no card of the session bears counts (a card used on another device,
expired or revoked is a real card, not a guess), and codes that admit a seat never count. Past
it, every code from that address, right or wrong, is answered `SLOW_JOIN_SECONDS` late: a room
behind one router, where someone tried codes, still joins, a few seconds slower.

Why a delay and not a block. A block keeps a room out, and does not stop a guesser who can tell
a hit from a refusal anyway; the delay is applied before the code is looked at, to every code,
so a guesser cannot drop slow answers as misses. What makes guessing hopeless is the code
itself: 16 letters of 31 (`SEAT_CODE_LENGTH`), 31^16 = 7.3 × 10^23 codes, about 79 bits. Even at
a million codes a second (far beyond what the page answers, and thousands of times what one
address gets through the delay with every connection it may hold), for the whole twelve hours
a card is valid by default (4.3 × 10^10 codes), against a thousand unused cards at once, the
chance that any code hits is 4.3 × 10^10 × 1000 / 7.3 × 10^23 ≈ 6 × 10^-11."""
SLOW_JOIN_SECONDS = 3.0
"""How late every code from an address past `JOINS_PER_MINUTE` wrong codes is answered."""
CARD_USED = "This card has already been used on another device: ask the facilitator for a new card."
"""What a device is told that joins with a card another device joined with first."""
SEAT_GONE = (
    "This seat has been revoked or has expired, or a new card has been issued for it: "
    "ask the facilitator for a new card."
)
"""What a device is told whose cookie no longer admits it."""
REFRESH_SECONDS = 10
"""How often a page with nothing to answer reloads itself, to show new prompts (no script)."""
ADMITS_NOBODY: dict[CodeRefusal, str] = {
    "unknown": "This code admits nobody: check it against your card, or ask the facilitator for a new card.",
    "expired": "This card has expired: ask the facilitator for a new card.",
    "revoked": "This card has been taken back by the facilitator: ask them for a new card.",
}
"""What the join page says of a code that admits nobody, by why (`code_refusal`)."""
DAMAGED = (
    "The session's file is damaged, so nothing more can be recorded on this page: your answer was "
    "not recorded. It is kept below, to copy. Tell the facilitator."
)
"""What a seat is told when its answer met a session file found damaged (another program changed
it, or the disk failed): nothing will be recorded until the facilitator deals with it."""
FAILED = (
    "Something went wrong on this page's side and your answer was not recorded; it is kept below: "
    "send it again in a moment, and tell the facilitator if this happens again."
)
"""What a seat is told when its answer met an error the page did not foresee."""
UNREACHABLE = (
    "The session's journal cannot be reached; your answer was not recorded; it is kept below, "
    "send it again in a moment."
)
"""What a seat is told when its answer met a journal that stayed unreachable (a session in a
database whose link is down): the page's own words, the answer back in its box."""

_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    # Not no-referrer: with it a browser sends `Origin: null` with a form, and the page's own
    # forms could no longer be told from another site's.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
_STYLESHEET = files("tabletop.participants").joinpath("static", "page.css").read_bytes()


def page_environment() -> jinja2.Environment:
    """The project's HTML environment (autoescaping, strict), reading this package's templates
    first: the page, the seat cards and the answer sheets. Every text it prints is cleaned of
    terminal controls and bidirectional overrides (`terminal_safe`) before it is escaped, as the
    documents clean theirs: a prompt or a narrative holding U+202E reads as it is stored."""
    base = html_environment()
    env = base.overlay(
        loader=jinja2.ChoiceLoader([jinja2.PackageLoader("tabletop.participants", "templates"), base.loader]),  # type: ignore[list-item]
        finalize=_shown,
    )
    # The overlay shares its filters with the documents' environment: a copy of its own.
    env.filters = {**base.filters, "paragraphs": _shown_paragraphs}
    return env


def _shown(value: Any) -> Any:
    """A value as the page prints it: text cleaned (`terminal_safe`, line breaks kept); markup a
    filter built from cleaned text, numbers and the rest as they are."""
    if type(value) is str and not value.isprintable():
        return terminal_safe(value)
    return value


def _shown_paragraphs(text: object) -> Markup:
    """Paragraphs and `- ` lists of `text`, cleaned, as escaped HTML."""
    return html_paragraphs(terminal_safe("" if text is None else text))


def classification_marking(session: Session) -> str | None:
    """The scenario's classification marking (`exercise.classification`), which the page, the
    seat cards and the answer sheets print at their top and bottom as the documents do; None for a
    scenario that gives none."""
    exercise = getattr(session.view.scenario, "exercise", None)
    marking = getattr(exercise, "classification", None)
    return terminal_safe(marking, one_line=True).strip() or None if marking else None


class ParticipantsPage:
    """The page's aiohttp application over one open session."""

    def __init__(
        self,
        session: Session,
        listener: Listener,
        *,
        clock: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        guard: ConnectionGuard | None = None,
    ) -> None:
        self.session = session
        self.listener = listener
        self.cookie = f"tabletop-seat-{listener.port}"
        # The same key in every process serving this session: a form filled in before the page
        # restarted is still this page's form. The secret in the token is the device's own.
        self._form_key = hashlib.sha256(b"tabletop participants form\0" + session.state.session_id.encode()).digest()
        self._clock = clock or session.now
        self._monotonic = monotonic
        self._env = page_environment()
        self._submissions = AttemptsPerMinute(SUBMISSIONS_PER_MINUTE, monotonic)
        self._joins = AttemptsPerMinute(JOINS_PER_MINUTE, monotonic)
        self.slow_join_seconds = SLOW_JOIN_SECONDS
        """How late a code from an address past `JOINS_PER_MINUTE` wrong codes is answered."""
        self._marking = classification_marking(session)
        self._writing = asyncio.Lock()
        self._room: tuple[object, SessionSnapshot] | None = None
        self._caught_up = 0.0
        self.guard = guard or ConnectionGuard()
        """The connection limits (`tabletop.webguard`); `start` serves behind them."""

    # -- the application -----------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware, self._guard], client_max_size=MAX_BODY_BYTES)
        app.add_routes(
            [
                web.get("/", self.handle_page),
                web.get("/join", self.handle_join),
                web.post("/join", self.handle_join),
                web.post("/answer", self.handle_answer),
                web.post("/leave", self.handle_leave),
                web.get("/page.css", self.handle_stylesheet),
            ]
        )
        app.on_response_prepare.append(self._headers)
        app.on_startup.append(self._warm)
        return app

    def serve(self) -> None:
        """Serve until Ctrl+C or SIGTERM on the listener's socket (HTTPS when it has TLS)."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLine())
        logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        stop = asyncio.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)

        async def main() -> None:
            runner = web.AppRunner(self.application(), access_log=None)
            site = await self.start(runner)
            await stop.wait()
            site.close()
            await runner.cleanup()

        # No access log: a join's address carries a seat's code.
        loop.run_until_complete(main())
        loop.close()

    def start_in_thread(self) -> Callable[[], None]:
        """Serve from a thread of its own (beside the facilitator's console in one program); the
        function returned stops it. Nothing is logged: the console owns the terminal."""
        import threading

        loop = asyncio.new_event_loop()
        runner = web.AppRunner(self.application(), access_log=None)
        ready = threading.Event()
        sites: list[asyncio.AbstractServer] = []

        async def start() -> None:
            sites.append(await self.start(runner))
            ready.set()

        def serve() -> None:
            loop.run_until_complete(start())
            loop.run_forever()

        thread = threading.Thread(target=serve, name="participants-page", daemon=True)
        thread.start()
        ready.wait(30)

        def stop() -> None:
            for site in sites:
                loop.call_soon_threadsafe(site.close)
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(15)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(15)

        return stop

    async def start(self, runner: web.AppRunner) -> asyncio.AbstractServer:
        """Set up `runner` (over `application()`) and serve it on the listener's socket behind the
        connection limits; the server, to close before `runner.cleanup()`."""
        await runner.setup()
        return await start_site(runner, self.listener.sock, tls=self.listener.tls, guard=self.guard)

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(_HEADERS)
        if self.listener.tls is not None:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        host = request.headers.get("Host", "")
        refusal = None
        if not self.listener.serves(host):
            refusal = f"this page is served at {self.listener.url_host}, not {host or 'an unnamed host'}"
        elif request.method == "POST" and not self._own_form(request, host):
            refusal = "a form from another site (or another port) cannot answer here"
        if refusal is not None:
            log.warning("%s", terminal_safe(f"refused {request.method} {request.path}: {refusal}", one_line=True))
            return self._message(403, "Not this page", refusal + ".")
        try:
            return await handler(request)
        except web.HTTPRequestEntityTooLarge:
            sent = request.content_length
            size = f" (your browser sent {sent:,} bytes)" if sent else ""
            return self._message(
                413,
                "Too long",
                f"An answer holds at most {MAX_ANSWER_CHARS:,} characters; yours was far longer{size}. "
                "Go back, shorten it, and send it again.",
            )
        except _UnreadableForm as exc:
            said = f"refused {request.method} {request.path} from {request.remote}: a form it cannot read ({exc})"
            log.warning("%s", terminal_safe(said, one_line=True))
            return self._message(
                400,
                "A form this page cannot read",
                "Your browser sent a form this page cannot read. Reload the page and answer again.",
            )
        except DatabaseUnavailable as exc:
            return await self._unreachable(request, str(exc))
        except SessionFileError as exc:
            said = f"{request.method} {request.path}: the session file is damaged ({exc}); nothing more is recorded"
            log.error("%s", terminal_safe(said, one_line=True))
            return await self._in_trouble(
                request,
                500,
                DAMAGED,
                "The session's record is damaged",
                "The session's file is damaged, so this page can record nothing more: nothing you send now "
                "is recorded. Tell the facilitator.",
            )
        except web.HTTPException:
            raise  # aiohttp's own answers (no such page, a method not served)
        except Exception as exc:
            # Never the server's stock page, never a traceback to the browser: the page's words, and
            # the error in full in the page's own log.
            log.error("%s %s failed", request.method, request.path, exc_info=exc)
            return await self._in_trouble(
                request,
                500,
                FAILED,
                "Something went wrong",
                "Something went wrong on this page's side; nothing was recorded. Reload this page in a "
                "moment, and tell the facilitator if this happens again.",
            )

    async def _unreachable(self, request: web.Request, detail: str) -> web.Response:
        """503 when the session's journal stayed unreachable (a session in a database, its link
        down): said in the page's words, an answer being sent put back into its box, drawn from
        the state last read. The next request tries the journal again: nothing to restart."""
        said = f"{request.method} {request.path}: the session's journal cannot be reached ({detail})"
        log.warning("%s", terminal_safe(said, one_line=True))
        return await self._in_trouble(
            request,
            503,
            UNREACHABLE,
            "The session's journal cannot be reached",
            "The session's journal cannot be reached just now; nothing was recorded. Reload this page in a moment.",
        )

    async def _in_trouble(
        self, request: web.Request, status: int, problem: str, heading: str, text: str
    ) -> web.Response:
        """The answer to a request that met trouble beneath the page, drawn from the state last
        read: a seat sending an answer gets its own page with `problem` and the answer back in its
        box; anyone else a page saying `heading` and `text`."""
        # The journal was just read, or waited on for as long as it is retried: draw from the state
        # in hand.
        self._caught_up = self._monotonic()
        with contextlib.suppress(Exception):
            state = await asyncio.to_thread(lambda: self.session.state)  # another request may hold the session
            seat = admitted_seat(state, request.cookies.get(self.cookie, ""), self._clock())
            if seat is not None and request.method == "POST" and request.path == "/answer":
                form = await _form(request)
                kept = {str(form.get("prompt", "")): _typed(form)}
                return await self._seat_page(request, seat, status, answered="", problem=problem, kept=kept)
        return self._message(status, heading, text)

    def _own_form(self, request: web.Request, host: str) -> bool:
        origin = request.headers.get("Origin")
        scheme = "https" if self.listener.tls is not None else "http"
        if origin is not None and origin.lower() != f"{scheme}://{host}".lower():
            return False
        return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")

    # -- seats ---------------------------------------------------------------------------

    async def _state(self) -> Any:
        """The session's state, caught up with other writers at most twice a second."""
        now = self._monotonic()
        if now - self._caught_up > 0.5:
            self._caught_up = now
            await asyncio.to_thread(self.session.refresh)
        return self.session.state

    async def _seat(self, request: web.Request) -> ParticipantSeat | None:
        token = request.cookies.get(self.cookie)
        if not token:
            return None
        seat = admitted_seat(await self._state(), token, self._clock())
        if seat is not None:
            self.guard.vouch(request)  # a seated device's connections are never closed for others
        return seat

    def _csrf(self, request: web.Request) -> str:
        """The form token of the device making `request`: an HMAC of its seat token (its cookie,
        which only the page's own requests carry and no page script can read) under the session's
        form key; the same in every process that serves the session."""
        token = request.cookies.get(self.cookie, "")
        return hmac.new(self._form_key, token.encode("utf-8", "replace"), hashlib.sha256).hexdigest()

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        replacing = ""
        if request.method == "POST":
            form = await _form(request)
            code = str(form.get("code", ""))
            replacing = str(form.get("replace", ""))
        else:
            code = request.query.get("code", "")
        if not code:
            return self._join_page(200, "")
        if fetched_ahead(request):
            # A browser loading the card's address ahead of the person (or a HEAD) must not claim
            # the seat: a refusal cancels a prerender, and the person's own load claims it.
            return self._join_page(503, "This card is used when its address is opened itself.")
        if request.method == "GET" and request.headers.get("Sec-Fetch-Site") != "none":
            # Not known to be the person's own act: a link followed from another site (which would
            # seat this device in another's cell, and replace its cookie), or a browser that does
            # not say (every browser over plain HTTP). The form, filled in, claims when pressed:
            # a form from the page itself. The code is not looked at: nothing is told of it.
            return self._join_page(200, "", code=code)
        address = request.remote or ""
        slowed = self._joins.full(address)
        if slowed:
            # Before the code is looked at, right or wrong: the time an answer takes says nothing.
            await asyncio.sleep(self.slow_join_seconds)
        held = await self._seat(request)
        state = await self._state()
        carded = carded_seat(state, code, self._clock())
        if held is not None and carded is not None and held.seat == carded.seat:
            # This device holds the seat already (the card scanned again, the address reloaded).
            return self._render(200, "joined.html.j2", seat=held)
        if carded is None:
            why = code_refusal(state, code, self._clock()) or "unknown"
            if why == "unknown" and not slowed:  # a card that lapsed is no guess: only a code no card bears counts
                self._joins.take(address)
                said = f"a code that admits nobody was tried from {request.remote}"
                if self._joins.full(address):
                    said += f"; its next codes are answered {self.slow_join_seconds:g} s late"
                log.warning("%s", terminal_safe(said, one_line=True))
            if slowed and why == "unknown":
                return self._join_page(429, ADMITS_NOBODY[why] + " " + self._slow_words())
            return self._join_page(403, ADMITS_NOBODY[why], code=code if why == "unknown" else "")
        if carded.claimed:
            return self._join_page(403, CARD_USED)
        if held is not None and not hmac.compare_digest(
            replacing.encode("utf-8", "replace"), self._csrf(request).encode()
        ):
            # A second card on a device that holds a seat: the person says which seat to keep.
            cells = {cell.id: cell.name for cell in room_cells(self.session)}
            return self._render(
                200,
                "replace.html.j2",
                held=held,
                held_cell=cells.get(held.cell, held.cell),
                offered=carded,
                offered_cell=cells.get(carded.cell, carded.cell),
                code=code,
                csrf=self._csrf(request),
            )
        token = new_device_token()
        claimed = await self._claim(code, token)
        if claimed in (_NOT_NOW, _ENDED):
            return self._join_page(503 if claimed == _NOT_NOW else 403, claimed)
        if isinstance(claimed, str):
            log.warning("%s", terminal_safe(f"a used card was tried from {request.remote}", one_line=True))
            return self._join_page(403, claimed)
        # The code has done its work: the device's own token lives in the cookie; the address steps
        # on to the bare page, a move of this site's own, so that the strict cookie goes with it.
        response = self._render(200, "joined.html.j2", seat=claimed)
        response.set_cookie(
            self.cookie,
            token,
            httponly=True,
            samesite="Strict",
            secure=self.listener.tls is not None,
            path="/",
            expires=claimed.expires_at.strftime("%a, %d %b %Y %H:%M:%S GMT"),
        )
        return response

    def _slow_words(self) -> str:
        return (
            f"Too many wrong codes were tried from this device in the last minute: each code from it is now "
            f"answered {self.slow_join_seconds:g} seconds late. Check the code against your card."
        )

    async def _claim(self, code: str, token: str) -> ParticipantSeat | str:
        """The seat `code`'s card names, claimed for the device that will hold `token`, through the
        command path; or what to tell the device when the card admits it no more. Decided once, on
        the journal as it stands: the session settles another writer's append at the same moment
        itself (`Session.execute`), so of two devices joining with one card at once exactly one
        holds the seat, and a refusal is worded from the card as the refusal's own snapshot shows
        it (used on another device, revoked, expired or replaced meanwhile)."""
        digest = device_token_digest(token)

        def claim() -> ParticipantSeat | str:
            self.session.refresh()
            state, now = self.session.state, self._clock()
            seat = carded_seat(state, code, now)
            if seat is None:
                return ADMITS_NOBODY[code_refusal(state, code, now) or "unknown"]
            if seat.claimed:
                return CARD_USED
            command = ClaimSeat(
                expected_seq=state.last_seq, seat=seat.seat, device_sha256=digest, code_sha256=seat_code_digest(code)
            )
            outcome = self._execute(command, seat)
            if not isinstance(outcome, Refused):
                claimed = outcome.snapshot.state.seat(seat.seat)
                assert claimed is not None
                return claimed
            if outcome.kind == "ended":
                return _ENDED
            after = outcome.snapshot.state
            why = code_refusal(after, code, now)
            if why is not None:
                return ADMITS_NOBODY[why]
            if outcome.kind == "refused" and (held := carded_seat(after, code, now)) is not None and held.claimed:
                return CARD_USED
            log.warning("%s", terminal_safe(f"a seat could not be claimed: {outcome.reason}", one_line=True))
            return _NOT_NOW

        async with self._writing:
            return await asyncio.to_thread(claim)

    async def handle_leave(self, request: web.Request) -> web.StreamResponse:
        seat = await self._seat(request)
        if seat is None:
            response: web.StreamResponse = web.Response(status=303, headers={"Location": "/"})
        else:
            # The card was used up by this device: saying so now spares a person a refused scan.
            response = self._message(
                200,
                "You have left your seat",
                f"This device no longer holds seat {seat.seat}. Its card worked once, on this device: "
                "to answer again, here or on another device, ask the facilitator for a new card.",
            )
        response.del_cookie(self.cookie, path="/")
        return response

    # -- the page ------------------------------------------------------------------------

    async def _room_view(self) -> SessionSnapshot:
        """What the room may see now (the inject in front of it), made again only when another
        inject comes up: the answers coming in do not change it."""
        state = await self._state()
        key = (state.visits[-1].seq if state.visits else 0, state.ended)
        if self._room is None or self._room[0] != key:
            room = await asyncio.to_thread(lambda: self.session.snapshot().for_participants())
            self._room = (key, room)
        return self._room[1]

    async def _warm(self, app: web.Application) -> None:
        # The first snapshot ranks the clauses (an index built once): pay it before anyone joins.
        await self._room_view()

    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        seat = await self._seat(request)
        if seat is None:
            message = SEAT_GONE if request.cookies.get(self.cookie) else ""
            response = self._join_page(200, message)
            if message:
                response.del_cookie(self.cookie, path="/")
            return response
        return await self._seat_page(request, seat, 200, answered=request.query.get("answered", ""), problem="")

    async def _seat_page(
        self,
        request: web.Request,
        seat: ParticipantSeat,
        status: int,
        *,
        answered: str,
        problem: str,
        kept: dict[str, str] | None = None,
    ) -> web.Response:
        """The seat's page; `kept` is what the person wrote that was not recorded (by prompt), put
        back into its box."""
        state = await self._state()
        room = await self._room_view()
        prompts = prompts_for_seat(state, seat, self._clock())
        cells = {cell.id: cell.name for cell in room_cells(self.session)}
        waiting = any(shown.prompt.is_open and shown.mine is None for shown in prompts)
        corpus = self.session.corpus
        titles = {c.clause: corpus.clause(c.clause).title for shown in prompts for c in shown.prompt.clauses}
        return self._render(
            status,
            "page.html.j2",
            seat=seat,
            cell_name=cells.get(seat.cell, seat.cell),
            cells=cells,
            room=room,
            prompts=prompts,
            csrf=self._csrf(request),
            # Once ended nothing changes: the page stops looking.
            refresh=None if waiting or state.ended else REFRESH_SECONDS,
            ended=state.ended,
            inject_titles={inject.id: inject.title for inject in room.injects},
            answered=answered,
            problem=problem,
            ratings=RATINGS,
            clause_titles=titles,
            prompt_options={shown.prompt.prompt: shown.prompt.options for shown in prompts},
            max_chars=MAX_ANSWER_CHARS,
            kept=kept or {},
        )

    async def handle_answer(self, request: web.Request) -> web.StreamResponse:
        seat = await self._seat(request)
        form = await _form(request)
        prompt = str(form.get("prompt", ""))
        text = _typed(form)
        kept = {prompt: text}
        if seat is None:
            return self._render(403, "join.html.j2", message=SEAT_GONE, kept=text, code="")
        given = str(form.get("csrf", ""))
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self._csrf(request).encode()):
            problem = "This form did not come from this page as it stands: nothing was recorded. " + _KEPT
            return await self._seat_page(request, seat, 403, answered="", problem=problem, kept=kept)
        if not self._submissions.take(seat.seat):
            problem = "Too many answers in a minute: nothing was recorded; wait a moment. " + _KEPT
            return await self._seat_page(request, seat, 429, answered="", problem=problem, kept=kept)
        if len(text) > MAX_ANSWER_CHARS:
            problem = (
                f"An answer holds at most {MAX_ANSWER_CHARS:,} characters; yours has {len(text):,}. "
                "It is still in its box below: shorten it and send it again."
            )
            return await self._seat_page(request, seat, 413, answered="", problem=problem, kept=kept)
        state = await self._state()
        shown = {s.prompt.prompt: s.prompt for s in prompts_for_seat(state, seat, self._clock())}
        closed = self._gone(state, shown.get(prompt))
        if closed:
            return await self._seat_page(request, seat, 409, answered="", problem=closed, kept=kept)
        fields = _answer_fields(form, shown.get(prompt))
        if isinstance(fields, str):
            return await self._seat_page(request, seat, 400, answered="", problem=fields, kept=kept)
        outcome = await self._record(seat, prompt=prompt, text=text, **fields)
        if isinstance(outcome, Refused) and outcome.kind == "link_down":
            return await self._unreachable(request, outcome.reason)
        if isinstance(outcome, Refused):
            # Closed or ended while the answer was on its way: say so in the page's words.
            state = self.session.state
            problem = self._gone(state, state.prompt(prompt)) or _not_recorded(outcome)
            return await self._seat_page(request, seat, 409, answered="", problem=problem, kept=kept)
        return web.Response(status=303, headers={"Location": f"/?answered={quote(prompt)}#{quote(prompt)}"})

    @staticmethod
    def _gone(state: SessionState, prompt: PromptRecord | None) -> str:
        """What to tell a person whose answer to `prompt` can no longer be recorded because the
        exercise ended or the facilitator closed the prompt ("" when it is open)."""
        if state.ended:
            return (
                "The exercise has ended, so your answer was not recorded. "
                "What you wrote is shown below, to copy if you want to keep it."
            )
        if prompt is not None and not prompt.is_open:
            return (
                f"The facilitator closed {prompt.prompt} before your answer arrived, so nothing was recorded. "
                "What you wrote is shown below it, to copy if you want to keep it."
            )
        return ""

    async def _record(self, seat: ParticipantSeat, **answer: Any) -> Committed | Refused:
        """The seat's answer through the command path, decided on the journal as it stands: the
        session catches up first, and settles another writer's append at the same moment
        itself (`Session.execute`): an answer is refused only by its own checks (a prompt
        closed, a seat revoked) or when the facilitator moved play on at that very moment."""

        def record() -> Committed | Refused:
            self.session.refresh()
            command = AnswerPrompt(expected_seq=self.session.state.last_seq, **answer)
            outcome = self._execute(command, seat)
            assert isinstance(outcome, Committed | Refused)  # an answer makes no move to decline
            return outcome

        async with self._writing:
            return await asyncio.to_thread(record)

    def _execute(self, command: ClaimSeat | AnswerPrompt, seat: ParticipantSeat) -> Outcome:
        """`command` through the command path as `seat`; a refusal because the journal was found
        damaged (in this very command's turn) is the damage, raised, which the page words as its
        own (`SessionFileError`), not a refusal to send again."""
        outcome = self.session.execute(command, seat=participant(seat), suggest=False)
        damage = self.session.damage
        if isinstance(outcome, Refused) and damage is not None:
            raise SessionFileError(damage)
        return outcome

    async def handle_stylesheet(self, request: web.Request) -> web.StreamResponse:
        return web.Response(body=_STYLESHEET, content_type="text/css", headers={"Cache-Control": "max-age=3600"})

    # -- drawing -------------------------------------------------------------------------

    def _render(self, status: int, template: str, **context: Any) -> web.Response:
        text = self._env.get_template(template).render(
            title=self.session.state.scenario_title, marking=self._marking, **context
        )
        return web.Response(status=status, text=text, content_type="text/html")

    def _join_page(self, status: int, message: str, *, code: str = "") -> web.Response:
        """The join form, saying `message`, with `code` filled in (a card's address followed, not
        opened by the person)."""
        return self._render(status, "join.html.j2", message=message, kept="", code=code[:40])

    def _message(self, status: int, heading: str, text: str) -> web.Response:
        return self._render(status, "message.html.j2", heading=heading, text=text)


_KEPT = "Your answer is back in its box below: send it again."
"""What a person is told whose form was refused before anything was recorded, and can be sent again."""
_ENDED = "The exercise has ended: nobody joins any more."
"""What a device is told that joins with an unused card once the session has ended."""
_NOT_NOW = "The seat could not be taken just now: scan your card again in a moment."
"""What a device is told when its claim could not be recorded (the session's store busy)."""


class _UnreadableForm(Exception):
    """A request body that is not a form this page can read (a broken multipart body, a bad
    encoding); the page answers 400."""


async def _form(request: web.Request) -> Any:
    """The request's form fields, or `_UnreadableForm` saying why there are none."""
    try:
        return await request.post()
    except web.HTTPRequestEntityTooLarge:
        raise
    except (ValueError, LookupError, TypeError, AssertionError, HttpProcessingError, web.HTTPException) as exc:
        raise _UnreadableForm(str(exc) or type(exc).__name__) from exc


def _typed(form: Any) -> str:
    """An answer's text as typed: plain text, a line break as typed, no control character
    (terminal escapes, overrides)."""
    return terminal_safe(str(form.get("text", "")).replace("\r\n", "\n"))


def _answer_fields(form: Any, prompt: Any) -> dict[str, Any] | str:
    """An answer's choice, rating and clause read from `form` for `prompt` (a `PromptRecord` put
    to the seat's cell, or None), or what is wrong with them in the page's own words."""
    if prompt is None:
        return "This form names no question put to your cell. Reload the page and answer there."
    fields: dict[str, Any] = {"choice": None, "rating": None, "clause": None}
    choice = str(form.get("choice", ""))
    if choice:
        # Compared as text first: int() of thousands of digits is refused (and slow).
        if not (choice.isascii() and choice.isdigit()) or len(choice) > 6 or int(choice) >= len(prompt.options):
            return "Choose one of the poll's options on the page, then send again."
        fields["choice"] = int(choice)
    rating = str(form.get("rating", ""))
    if rating:
        if rating not in RATINGS:
            return f"Rate your cell with one of {', '.join(RATINGS)} on the page, then send again."
        fields["rating"] = rating
    clause = str(form.get("clause", ""))
    if clause:
        if clause not in {c.clause for c in prompt.clauses}:
            return "Choose one of the clauses listed under the proposal (or none of them), then send again."
        fields["clause"] = clause
    return fields


def _not_recorded(outcome: Refused) -> str:
    """Why an answer was not recorded, in the page's words: never the journal's (its events, the
    state a command was decided on), which say nothing to a participant."""
    kept = "Your answer is still in its box below"
    match outcome.kind:
        case "moved_on":
            return (
                f"The facilitator moved on just as your answer arrived. {kept}: look at the question and send it again."
            )
        case "not_recorded" | "link_down":
            return f"Your answer could not be recorded just now. {kept}: send it again in a moment."
        case "ended":
            return "The session has ended: answers are no longer recorded."
        case _:
            return f"Your answer was not recorded: {outcome.reason.rstrip('.')}."


def participant(seat: ParticipantSeat) -> Seat:
    """The seat a participant's answer is recorded as: a `participant` of the seat's cell, named
    by the seat's id (the page knows seats, not people's names)."""
    return Seat(role="participant", cell=seat.cell, name=seat.seat)


def room_cells(session: Session) -> tuple[Any, ...]:
    """The scenario's cells, in its order."""
    return tuple(getattr(session.view.scenario, "cells", None) or ())


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        return terminal_safe(f"tabletop participants: {text}", one_line=True)

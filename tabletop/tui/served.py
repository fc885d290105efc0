"""The console served in a web browser (`tabletop serve`), open only to whoever holds its address.

Called by `tabletop.cli.console`. textual-serve runs one console process per browser page,
each with the facilitator's rights, so this module stands in front of it:

- a one-time ticket: the address `tabletop serve` prints carries it, not the key; the first page
  load spends it, trading it for an HttpOnly, SameSite=Strict cookie (named after the port),
  and steps on to the bare address. The address a browser's history keeps opens nothing
  afterwards;
- the key, printed on a line of its own, is typed into the form `/` shows a browser without
  the cookie (another browser, or the same one once its cookie is gone); wrong keys and
  tickets from one address are limited to `WRONG_KEYS_PER_MINUTE`, while the right one still
  lets a browser in (the key is beyond guessing; a limit that refused it would let anyone on
  the machine lock the facilitator out). The key is never put in an
  address or a cookie: the cookie holds a random pass of its own, one per browser let in, kept
  here only as its SHA-256. Every request without a pass (assets, WebSocket, downloads) is
  refused. A browser loading the address ahead of the person (a prerender), or a HEAD
  request, does not spend the ticket;
- the `Host` header must name the address served (a DNS-rebinding page names its own); an
  `Origin` (which every browser sends with a WebSocket) must be the served page's own, and
  the cookie counts only for the page's own requests (`Sec-Fetch-Site`), since a browser
  sends it to every port of the host: a page on another port of the machine gets nothing;
  the key form is read only when sent from the page itself (a page elsewhere cannot use up
  the facilitator's tries);
- a connection must send its request's head in time, and one address may hold only so many
  connections (`tabletop.webguard`), so that nobody can make the console unreachable by
  holding half-sent requests;
- at most `max_consoles` consoles at once; the next page is told so and gets no process;
- a page that is reloaded waits for the console it replaces to let the session go, so that
  the facilitator's reloaded page records again instead of opening read-only;
- the page and its assets are served from here (the font is textual-serve's own copy):
  nothing is fetched from elsewhere, so a browser works offline.

The socket is bound by `tabletop.listening.listening_socket` (shared with the participants'
page) before anything is printed.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from aiohttp import WSCloseCode, web
from aiohttp.http_exceptions import HttpProcessingError
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tabletop.errors import TabletopError
from tabletop.listening import Listener, listening_socket
from tabletop.safetext import terminal_safe
from tabletop.typedcodes import new_code, secret_digest, spaced_code, typed_code
from tabletop.webguard import AttemptsPerMinute, ConnectionGuard, fetched_ahead, start_site

__all__ = ["KEY_LENGTH", "WRONG_KEYS_PER_MINUTE", "Listener", "ServedConsole", "listening_socket"]

log = logging.getLogger("tabletop.serve")

TICKET_PARAMETER = "ticket"
"""The query parameter of the printed address that carries the one-time ticket."""
KEY_LENGTH = 28
"""Letters in the key, from a seat card's alphabet (`tabletop.typedcodes`: no 0/O, 1/I/L to
mistake in typing it): 28 of 31 are 138 bits, beyond guessing at any rate; printed in groups of
four."""
WRONG_KEYS_PER_MINUTE = 10
"""Wrong keys (or tickets) one address may try in a minute, as the participants' page limits
wrong seat codes: a person mistyping is far below it."""
FORM_BYTES = 4096
"""The largest key form read (a key is 34 characters with its dashes)."""
HANDOVER_SECONDS = 10.0
"""How long a new page waits for a console whose page has gone to let the session go."""
_PAGE = Path(__file__).with_name("served.html")
_KEY_FORM = Path(__file__).with_name("served_key.html")
_HEADERS = {
    # The page's script and styles, the font and the WebSocket all come from here; nothing may
    # frame the console (a page elsewhere could trick the facilitator into clicking in it).
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


async def _close_page(websocket: web.WebSocketResponse) -> None:
    """Close a page's websocket (what the console's service calls when the console ends)."""
    await websocket.close()


class ServedConsole(Server):
    """textual-serve's server, locked to the holders of `key` and capped at `max_consoles`.

    `command` is the console process each page runs, or a function that prepares it (starts
    the session) when the first page opens, so that the session's clock starts then.
    """

    def __init__(
        self,
        command: str | Callable[[], str],
        listener: Listener,
        *,
        title: str,
        max_consoles: int,
    ) -> None:
        super().__init__(command if isinstance(command, str) else "", port=listener.port, title=title)
        self.listener = listener
        self.key = new_code(KEY_LENGTH)
        """The console's key, typed into the form of a browser without a pass."""
        self._ticket: str | None = secrets.token_urlsafe(32)
        """The printed address's ticket until a page load spends it."""
        self.url = listener.url(f"/?{urlencode({TICKET_PARAMETER: self._ticket})}")
        """The address to print: it lets one browser in, once."""
        self._passes: set[str] = set()
        """The SHA-256 of each pass handed out in a cookie (one per browser let in)."""
        self._wrong = AttemptsPerMinute(WRONG_KEYS_PER_MINUTE)
        self._key_form = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
            _KEY_FORM.read_text(encoding="utf-8")
        )
        self.max_consoles = max_consoles
        self.cookie = f"tabletop-console-{listener.port}"
        self._prepare = None if isinstance(command, str) else command
        self._starting = asyncio.Lock()
        self._open = 0
        """Consoles whose page is open: they count against `max_consoles`."""
        self._ending = 0
        """Consoles whose page has gone and whose process is still letting the session go."""
        self._changed = asyncio.Condition()
        self._pages: set[web.WebSocketResponse] = set()
        self.guard = ConnectionGuard()
        """The connection limits (`tabletop.webguard`)."""
        self._stop = asyncio.Event()

    @property
    def spaced_key(self) -> str:
        """The key as printed, in groups of four letters: `7KQ2-M9XD-…`."""
        return spaced_code(self.key)

    # -- serving -------------------------------------------------------------------------

    def initialize_logging(self) -> None:
        """One terminal-safe line per event on standard error (textual-serve draws tracebacks with
        their local variables: a stranger's malformed request would fill the facilitator's
        terminal with them)."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_OneLine())
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.WARNING, handlers=[handler], force=True)

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C or SIGTERM, on the socket bound by `listening_socket`, behind the
        connection limits of `tabletop.webguard`."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for stop in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop, self.request_exit)

        async def main() -> None:
            # No access log: its request lines would write the ticket into whatever keeps the log.
            runner = web.AppRunner(await self._make_app(), access_log=None)
            await runner.setup()
            site = await start_site(runner, self.listener.sock, tls=None, guard=self.guard)
            await self._stop.wait()
            site.close()
            await runner.cleanup()

        loop.run_until_complete(main())
        loop.close()

    def request_exit(self) -> None:
        """Stop serving: every page's console ends and lets its session go first."""
        self._stop.set()

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner here; the command line has printed the address."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every page's WebSocket, so that each console ends (and lets its session go)
        before the server does."""
        for websocket in list(self._pages):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"the server stopped")

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware, self._guard], client_max_size=FORM_BYTES)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.post("/", self.handle_key, name="key"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_response_prepare.append(self._headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @staticmethod
    async def _headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers.update(_HEADERS)

    # -- who may come in -----------------------------------------------------------------

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        refusal = self._refusal(request)
        admitted = refusal is None and self._admitted(request)
        if admitted:
            self.guard.vouch(request)  # the facilitator's connections are never closed for others
        elif refusal is None and request.path != "/":
            # The page itself (`handle_index`, `handle_key`) lets a browser in, or shows the form.
            refusal = "open the address tabletop serve printed, or type its key on the console's page"
        if refusal is not None:
            # What a stranger sent (a path, a Host) reaches this terminal only terminal-safe.
            said = terminal_safe(
                f"refused {request.method} {request.path} from {request.remote}: {refusal}", one_line=True
            )
            log.warning("%s", said)
            return _page(403, "Not this console's address", refusal)
        return await handler(request)

    def _refusal(self, request: web.Request) -> str | None:
        """Why `request` is refused whatever it carries, or None: a host not served, another origin."""
        host = request.headers.get("Host", "")
        if not self._served_host(host):
            return (
                f"this console is served at {self.listener.url_host}, not {host or 'an unnamed host'}; "
                "open the address tabletop serve printed"
            )
        origin = request.headers.get("Origin")
        if origin is None and request.headers.get("Upgrade", "").lower() == "websocket":
            return "a console is opened from its own page only"
        site = request.headers.get("Sec-Fetch-Site")
        if request.method == "POST":
            # Under `Referrer-Policy: no-referrer` a browser sends the page's own form with
            # `Origin: null`; `Sec-Fetch-Site` then says whose it is. Without it, a null origin
            # could be any site's.
            own = (
                origin is None or origin.lower() == f"http://{host}".lower() or (origin == "null" and site is not None)
            )
            if not own or site not in (None, "same-origin"):
                return "a page of another site (or another port) cannot send this console's key form"
        elif origin is not None and origin.lower() != f"http://{host}".lower():
            return "a page of another site (or another port) cannot open this console"
        return None

    def _admitted(self, request: web.Request) -> bool:
        """True when `request` carries a pass this server handed out, and is the page's own."""
        # The cookie goes with requests from any port of this host: only this page's own
        # requests (or the person's, typed or reloaded) may use it.
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return False
        given = request.cookies.get(self.cookie, "")
        return bool(given) and secret_digest(given) in self._passes

    def _let_in(self, response: web.Response) -> web.Response:
        """`response` with a new pass in the strict cookie."""
        given = secrets.token_urlsafe(32)
        self._passes.add(secret_digest(given))
        response.set_cookie(self.cookie, given, httponly=True, samesite="Strict", path="/")
        return response

    def _served_host(self, host: str) -> bool:
        return self.listener.serves(host)

    # -- the page and its consoles -------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
        """The console's page for a browser let in; else the ticket spent, or the key form."""
        if TICKET_PARAMETER in request.query:
            return self._ticket_given(request)
        if not self._admitted(request):
            return self._form(200, "")
        if self._open >= self.max_consoles:
            return _page(503, "This console is full", self._full())
        page = _PAGE.read_text(encoding="utf-8")
        values = {
            "title": _html(self.title),
            "websocket_url": _html(f"ws://{request.host}/ws"),
            "font_size": str(max(8, min(48, to_int(request.query.get("fontsize", "16"), 16)))),
        }
        for name, value in values.items():
            page = page.replace("{{ " + name + " }}", value)
        return web.Response(text=page, content_type="text/html")

    def _ticket_given(self, request: web.Request) -> web.Response:
        given = request.query[TICKET_PARAMETER]
        # The page moves on to the bare address (not a redirect), so that the move is this site's
        # own and the strict cookie goes with it even when the address was followed from another
        # site's link; the history keeps the address with the ticket, which then opens nothing.
        rest = {name: value for name, value in request.query.items() if name != TICKET_PARAMETER}
        bare = "/" + (f"?{urlencode(rest)}" if rest else "")
        if fetched_ahead(request):
            # A browser fetching ahead of the person (a prerender) or a program only asking about
            # the address (HEAD, as link checkers do) must not spend the ticket; a refusal
            # cancels a prerender, and the person's own load spends it.
            return _page(503, "Not opened ahead", "the console opens when the address is loaded itself")
        address = request.remote or ""
        ticket = self._ticket
        if ticket is not None and _same(given, ticket):
            self._ticket = None
            log.warning("%s", terminal_safe(f"the printed address let in a browser at {address}", one_line=True))
            return self._let_in(_page(200, "Opening the console", "Opening the console", refresh=bare))
        if self._admitted(request):
            return _page(200, "Opening the console", "Opening the console", refresh=bare)
        if not self._wrong.take(address):
            return self._form(429, _TOO_MANY)
        said = "the printed address, already used, was opened again" if ticket is None else "a wrong ticket was tried"
        log.warning("%s", terminal_safe(f"{said} from {address}; it opens nothing", one_line=True))
        return self._form(
            403,
            "This address opens nothing now: the address tabletop serve prints lets one browser in, once. "
            "To open the console here, type its key.",
        )

    async def handle_key(self, request: web.Request) -> web.Response:
        """The key form sent: the right key lets the browser in and steps on to the console."""
        address = request.remote or ""
        try:
            form = await request.post()
        except (ValueError, LookupError, TypeError, AssertionError, HttpProcessingError) as exc:
            log.warning("%s", terminal_safe(f"a key form that cannot be read from {address} ({exc})", one_line=True))
            return self._form(400, "Your browser sent a form this page cannot read: type the key again.")
        typed = typed_code(str(form.get("key", "")))
        if _same(typed, self.key):
            return self._let_in(web.Response(status=303, headers={"Location": "/"}))
        if not self._wrong.take(address):
            return self._form(429, _TOO_MANY)
        log.warning("%s", terminal_safe(f"a wrong key was typed from {address}", one_line=True))
        return self._form(
            403, "That is not this console's key: check it against the line tabletop serve printed under the address."
        )

    def _form(self, status: int, problem: str) -> web.Response:
        """The key form, with what went wrong (or nothing)."""
        text = self._key_form.render(title=self.title, problem=problem, length=len(self.spaced_key))
        return web.Response(status=status, text=text, content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One console for one page: refused beyond the cap; started once the console its page
        replaces (a reload) has let the session go."""
        if self._open >= self.max_consoles:
            log.warning("refused a console: %d open, the most allowed", self._open)
            raise web.HTTPServiceUnavailable(text=self._full())
        self._open += 1
        websocket = web.WebSocketResponse(heartbeat=15)
        service: AppService | None = None
        try:
            await self._handed_over()
            await websocket.prepare(request)
            self._pages.add(websocket)
            service = await self._start_console(request, websocket)
            if service is not None:
                await self._process_messages(websocket, service)
        except (ValueError, KeyError, TypeError, AssertionError) as exc:
            log.warning("a page sent what a console does not read (%s); closing it", exc)
        finally:
            self._pages.discard(websocket)
            self._open -= 1
            if service is not None:
                await self._ended(service)
        return websocket

    async def _start_console(self, request: web.Request, websocket: web.WebSocketResponse) -> AppService | None:
        try:
            command = await self._console_command()
        except TabletopError as exc:
            message = terminal_safe(exc, one_line=True)
            log.error("%s", message)
            await websocket.send_bytes(f"\r\n  {message}\r\n".encode())
            await websocket.close()
            return None
        service = AppService(
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=functools.partial(_close_page, websocket),
            download_manager=self.download_manager,
            debug=self.debug,
        )
        width = max(20, min(1000, to_int(request.query.get("width", "80"), 80)))
        height = max(5, min(500, to_int(request.query.get("height", "24"), 24)))
        await service.start(width, height)
        return service

    async def _ended(self, service: AppService) -> None:
        async with self._changed:
            self._ending += 1
        try:
            await service.stop()
        finally:
            async with self._changed:
                self._ending -= 1
                self._changed.notify_all()

    async def _handed_over(self) -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: self._ending == 0), HANDOVER_SECONDS)
            except TimeoutError:
                log.warning("a console is slow to end; the new page may open read-only until it has")

    async def _console_command(self) -> str:
        async with self._starting:
            if self._prepare is not None:
                self.command = await asyncio.to_thread(self._prepare)
                self._prepare = None
        return self.command

    def _full(self) -> str:
        return (
            f"{self.max_consoles} consoles are open, the most this server allows (tabletop serve "
            "--max-consoles); close one of them, then reload this page"
        )


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        return terminal_safe(f"tabletop serve: {text}", one_line=True)


def _page(status: int, title: str, text: str, *, refresh: str | None = None) -> web.Response:
    """A short page of our own: a refusal, or (with `refresh`) the step to the bare address."""
    if refresh is not None:
        moving = f'<meta http-equiv="refresh" content="0; url={_html(refresh)}">'
        text_html = f'<a href="{_html(refresh)}">{_html(text)}</a>'
    else:
        moving, text_html = "", _html(text) + "."
    body = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{moving}'
        f"<title>{_html(title)}</title></head><body><h1>{_html(title)}</h1><p>{text_html}</p></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")


_TOO_MANY = "Too many wrong keys from this device: wait a minute, then type the key again."


def _same(given: str, secret: str) -> bool:
    """`given` is `secret`, compared in constant time (whatever was typed)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode())


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=True)

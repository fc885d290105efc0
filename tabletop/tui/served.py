"""The console served in a web browser (`tabletop serve`), open only to whoever holds its address.

Called by `tabletop.cli.console`. textual-serve runs one console process per browser page,
each with the facilitator's rights, so this module stands in front of it:

- a secret key: the address `tabletop serve` prints carries it; the first page load trades it
  for an HttpOnly, SameSite=Strict cookie (named after the port) and steps on to the bare
  address, and every request without it (page, assets, WebSocket, downloads) is refused;
- the `Host` header must name the address served (a DNS-rebinding page names its own); an
  `Origin` (which every browser sends with a WebSocket) must be the served page's own, and
  the cookie counts only for the page's own requests (`Sec-Fetch-Site`), since a browser
  sends it to every port of the host: a page on another port of the machine gets nothing;
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

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tabletop.errors import TabletopError
from tabletop.listening import Listener, listening_socket
from tabletop.safetext import terminal_safe
from tabletop.webguard import ConnectionGuard, start_site

__all__ = ["Listener", "ServedConsole", "listening_socket"]

log = logging.getLogger("tabletop.serve")

KEY_PARAMETER = "key"
"""The query parameter of the printed address that carries the secret."""
HANDOVER_SECONDS = 10.0
"""How long a new page waits for a console whose page has gone to let the session go."""
_PAGE = Path(__file__).with_name("served.html")
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
        self.key = secrets.token_urlsafe(32)
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
    def url(self) -> str:
        """The address to open: the one place the key is shown."""
        return self.listener.url(f"/?{urlencode({KEY_PARAMETER: self.key})}")

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
            # No access log: its request lines would write the key into whatever keeps the log.
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
        app = web.Application(middlewares=[self.guard.middleware, self._guard])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
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
        if refusal is not None:
            # What a stranger sent (a path, a Host) reaches this terminal only terminal-safe.
            said = terminal_safe(
                f"refused {request.method} {request.path} from {request.remote}: {refusal}", one_line=True
            )
            log.warning("%s", said)
            return _page(403, "Not this console's address", refusal)
        if request.path == "/" and KEY_PARAMETER in request.query:
            # The key has done its work: keep it in a cookie and out of the address bar. The
            # browser's history still holds the address with the key (a meta refresh does not
            # remove it): the key is good until this server stops (see docs/console.md).
            # The page itself moves on to the bare address (not a redirect), so that the move is
            # this site's own and the strict cookie goes with it even when the address was
            # followed from another site's link.
            rest = {name: value for name, value in request.query.items() if name != KEY_PARAMETER}
            bare = "/" + (f"?{urlencode(rest)}" if rest else "")
            response = _page(200, "Opening the console", "Opening the console", refresh=bare)
            response.set_cookie(self.cookie, self.key, httponly=True, samesite="Strict", path="/")
            return response
        return await handler(request)

    def _refusal(self, request: web.Request) -> str | None:
        """Why `request` is refused, or None: a host not served, another origin, no key."""
        host = request.headers.get("Host", "")
        if not self._served_host(host):
            return (
                f"this console is served at {self.listener.url_host}, not {host or 'an unnamed host'}; "
                "open the address tabletop serve printed"
            )
        origin = request.headers.get("Origin")
        if origin is None and request.headers.get("Upgrade", "").lower() == "websocket":
            return "a console is opened from its own page only"
        if origin is not None and origin.lower() != f"http://{host}".lower():
            return "a page of another site (or another port) cannot open this console"
        given = request.query.get(KEY_PARAMETER) if request.path == "/" else None
        if given is None:
            # The cookie goes with requests from any port of this host: only this page's own
            # requests (or the person's, typed or reloaded) may use it.
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                return "a page of another site (or another port) cannot open this console"
            given = request.cookies.get(self.cookie, "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.key.encode()):
            return "open the whole address tabletop serve printed, with its key; it is the console's only way in"
        return None

    def _served_host(self, host: str) -> bool:
        return self.listener.serves(host)

    # -- the page and its consoles -------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:
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


def _html(text: str) -> str:
    from html import escape

    return escape(text, quote=True)

"""How long and how many: the connection limits of our two web servers, so that nobody on the
network can make them unreachable by holding connections open, and the count of attempts a
minute that both use to slow down guessing a secret.

Called by `tabletop.participants` (the participants' page) and `tabletop.tui.served` (`tabletop
serve`), which start their aiohttp application with `start_site` instead of aiohttp's own sites,
and call `ConnectionGuard.vouch` for a request that showed a credential (a seat's cookie, the
console's pass). It owns these limits, each below what a room needs by a wide margin:

- `HEAD_SECONDS`: a connection must finish sending a request's head (its request line and
  headers) within this long of opening, and the next one within `IDLE_SECONDS` of its last
  answer; otherwise it is closed. A browser sends a head in milliseconds; a device that sends
  half a head and waits (a "slowloris") loses the connection;
- `CONNECTIONS_PER_ADDRESS` open connections from one address, of which at most
  `ANONYMOUS_PER_ADDRESS` have shown no credential: a browser opens six to a site, a room
  behind one router a few hundred at most;
- `MAX_CONNECTIONS` open connections in all, well under the common limit of 1,024 open files,
  so that the server always has a file left for its session.

A connection is accepted before anything is read from it, so every new one counts as one
without a credential. When one of these caps is reached, the new connection makes room: the
connection without a credential (of the same address for an address's cap) that opened
earliest is closed, one waiting for its next request before one being answered. Sending
requests does not make a connection younger, and a connection that has shown a credential is
never closed to make room; a new connection is refused (closed at once) only when every
connection it could replace has shown one. Over HTTPS the TLS handshake has `HEAD_SECONDS`
too. A request being answered (a console's WebSocket included) is not limited in time.

`AttemptsPerMinute` counts what each address (or seat) tried in the last minute: the wrong seat
codes of the participants' page, the wrong keys and tickets of `tabletop serve`, a seat's answers.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

__all__ = [
    "ANONYMOUS_PER_ADDRESS",
    "CONNECTIONS_PER_ADDRESS",
    "AttemptsPerMinute",
    "HEAD_SECONDS",
    "IDLE_SECONDS",
    "MAX_CONNECTIONS",
    "ConnectionGuard",
    "fetched_ahead",
    "start_site",
]

HEAD_SECONDS = 10.0
"""How long a new connection has to send a whole request head."""
IDLE_SECONDS = 30.0
"""How long a connection may stay open after an answer (writing it out, then idle keep-alive)
before the next request's head must have arrived."""
CONNECTIONS_PER_ADDRESS = 256
"""Open connections one address may hold (a room's phones behind one router share one)."""
ANONYMOUS_PER_ADDRESS = 128
"""Open connections one address may hold that have shown no credential: a device flooding from
a few addresses holds a small part of `MAX_CONNECTIONS` and closes only its own to open more."""
MAX_CONNECTIONS = 768
"""Open connections in all."""
_MOST_COUNTED = 10_000
"""Addresses (or seats) an `AttemptsPerMinute` remembers at most: past it, it forgets them all,
so that a flood of addresses cannot grow it without end."""


class AttemptsPerMinute:
    """The attempts each of many senders (an address, a seat) made in the last minute (a sliding
    window), against `limit` a minute."""

    def __init__(self, limit: int, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._monotonic = monotonic
        self._moments: dict[str, deque[float]] = {}

    def full(self, sender: str) -> bool:
        """True when `sender` made `limit` attempts in the last minute."""
        moments = self._moments.get(sender)
        if moments is None:
            return False
        now = self._monotonic()
        while moments and now - moments[0] > 60.0:
            moments.popleft()
        if not moments:
            del self._moments[sender]
            return False
        return len(moments) >= self.limit

    def take(self, sender: str) -> bool:
        """Count one attempt of `sender`, unless the last minute's are `limit` already (then False)."""
        if self.full(sender):
            return False
        if sender not in self._moments and len(self._moments) >= _MOST_COUNTED:
            self._moments.clear()
        self._moments.setdefault(sender, deque()).append(self._monotonic())
        return True


@dataclass(eq=False)
class _Connection:
    """What the guard knows of one open connection."""

    address: str
    vouched: bool = False
    """A request on it showed a credential: it is never closed to make room."""
    answering: bool = False
    """A request on it is being answered."""


class ConnectionGuard:
    """The limits of one server: counts the open connections per address and in all, makes room
    by closing the earliest connection without a credential, and closes a connection whose
    request head does not arrive in time."""

    def __init__(
        self,
        *,
        head_seconds: float = HEAD_SECONDS,
        idle_seconds: float = IDLE_SECONDS,
        per_address: int = CONNECTIONS_PER_ADDRESS,
        anonymous_per_address: int = ANONYMOUS_PER_ADDRESS,
        total: int = MAX_CONNECTIONS,
    ) -> None:
        self.head_seconds = head_seconds
        self.idle_seconds = idle_seconds
        self.per_address = per_address
        self.anonymous_per_address = anonymous_per_address
        self.total = total
        # In the order they opened (a dict keeps it): the first without a credential goes first.
        self._connections: dict[asyncio.BaseTransport, _Connection] = {}
        self._per_address: Counter[str] = Counter()
        self._anonymous: Counter[str] = Counter()
        self._deadlines: dict[asyncio.BaseTransport, asyncio.TimerHandle] = {}

    @property
    def open(self) -> int:
        """Connections open now."""
        return len(self._connections)

    @property
    def vouched(self) -> int:
        """Connections open now that have shown a credential."""
        return self.open - sum(self._anonymous.values())

    def protocols(self, inner: Callable[[], asyncio.BaseProtocol]) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for `loop.create_server` that guards each of `inner`'s connections."""
        return lambda: _Guarded(self, inner())

    def vouch(self, request: web.Request) -> None:
        """`request` showed a credential the server checked: its connection is never closed to
        make room for others."""
        connection = self._connections.get(request.transport) if request.transport is not None else None
        if connection is not None and not connection.vouched:
            connection.vouched = True
            self._less_anonymous(connection.address)

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """While a request is answered its connection has no deadline; the next head has
        `idle_seconds` from the answer."""
        transport = request.transport
        connection = self._connections.get(transport) if transport is not None else None
        if transport is not None:
            self._clear(transport)
        if connection is not None:
            connection.answering = True
        try:
            return await handler(request)
        finally:
            if connection is not None:
                connection.answering = False
            if transport in self._connections and transport is not None and not transport.is_closing():
                self._arm(transport, self.idle_seconds)

    # -- the connections -----------------------------------------------------------------

    def admit(self, transport: asyncio.BaseTransport) -> str | None:
        """The connection's address when it may stay open (counted from now on), else None."""
        address = _address(transport)
        if self._anonymous[address] >= self.anonymous_per_address or self._per_address[address] >= self.per_address:
            if not self._make_room(address):
                return None
        if self.open >= self.total and not self._make_room(None):
            return None
        self._connections[transport] = _Connection(address)
        self._per_address[address] += 1
        self._anonymous[address] += 1
        self._arm(transport, self.head_seconds)
        return address

    def gone(self, transport: asyncio.BaseTransport, address: str) -> None:
        """A connection `admit` let in has closed (or was closed to make room)."""
        self._clear(transport)
        connection = self._connections.pop(transport, None)
        if connection is None:
            return
        self._per_address[address] -= 1
        if self._per_address[address] <= 0:
            del self._per_address[address]
        if not connection.vouched:
            self._less_anonymous(address)

    def _make_room(self, address: str | None) -> bool:
        """Close the earliest connection without a credential (of `address`, or of anyone), one
        waiting for a request before one being answered; False when there is none."""
        candidates = [
            (transport, connection)
            for transport, connection in self._connections.items()
            if not connection.vouched and (address is None or connection.address == address)
        ]
        waiting = [pair for pair in candidates if not pair[1].answering]
        chosen = (waiting or candidates)[:1]
        for transport, connection in chosen:
            self.gone(transport, connection.address)
            _close_now(transport)
        return bool(chosen)

    def _less_anonymous(self, address: str) -> None:
        self._anonymous[address] -= 1
        if self._anonymous[address] <= 0:
            del self._anonymous[address]

    def _arm(self, transport: asyncio.BaseTransport, seconds: float) -> None:
        self._clear(transport)
        self._deadlines[transport] = asyncio.get_running_loop().call_later(seconds, transport.close)

    def _clear(self, transport: asyncio.BaseTransport) -> None:
        deadline = self._deadlines.pop(transport, None)
        if deadline is not None:
            deadline.cancel()


def _close_now(transport: asyncio.BaseTransport) -> None:
    transport.abort() if isinstance(transport, asyncio.WriteTransport) else transport.close()


def _address(transport: asyncio.BaseTransport) -> str:
    peer = transport.get_extra_info("peername")
    return str(peer[0]) if isinstance(peer, tuple) and peer else str(peer)


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol for one connection, behind the guard's caps and deadlines."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.BaseProtocol) -> None:
        self._guard = guard
        self._inner: Any = inner
        self._address: str | None = None
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._address = self._guard.admit(transport)
        if self._address is None:
            _close_now(transport)
            return
        self._transport = transport
        self._inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._address is None or self._transport is None:
            return
        self._guard.gone(self._transport, self._address)
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._address is not None:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        if self._address is None:
            return None
        result: bool | None = self._inner.eof_received()
        return result

    def pause_writing(self) -> None:
        if self._address is not None:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._address is not None:
            self._inner.resume_writing()


async def start_site(
    runner: web.AppRunner, sock: socket.socket, *, tls: ssl.SSLContext | None, guard: ConnectionGuard
) -> asyncio.AbstractServer:
    """Serve `runner`'s application (set up) on the listening `sock`, each connection guarded;
    the asyncio server, to close before `runner.cleanup()`."""
    server = runner.server
    assert server is not None, "runner.setup() first"
    # A TLS handshake comes before the connection reaches the guard: it gets the head's deadline.
    handshake = guard.head_seconds if tls is not None else None
    return await asyncio.get_running_loop().create_server(
        guard.protocols(server), sock=sock, ssl=tls, ssl_handshake_timeout=handshake
    )


def fetched_ahead(request: web.Request) -> bool:
    """True for a request a browser makes ahead of the person (a prefetch or prerender of an
    address being typed or hovered) or one asking only about the page (HEAD): neither may spend
    a one-time address."""
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    return request.method == "HEAD" or "prefetch" in purpose.lower()

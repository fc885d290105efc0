"""Nobody on the network can make the participants' page unreachable by holding connections:
a connection that does not finish its request's head in time is closed, one address holds only
so many, a seated device is never closed to make room, and a person's request from another
device still gets through while they are held."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.participants.page_support import seat, serving, Clock

from tabletop.session import Session
from tabletop.webguard import ANONYMOUS_PER_ADDRESS, MAX_CONNECTIONS, ConnectionGuard

ANOTHER_DEVICE = "127.0.0.2"
"""A second loopback address: the person's phone, beside the device holding connections."""
FLOODING_ADDRESSES = tuple(f"127.0.2.{n}" for n in range(1, MAX_CONNECTIONS // ANONYMOUS_PER_ADDRESS + 2))
"""One device's many addresses (IP aliases, IPv6 privacy addresses): together they may open
more connections than the server holds in all."""


@contextmanager
def half_sent_requests(port: int, count: int) -> Iterator[list[socket.socket]]:
    """`count` connections from 127.0.0.1, each having sent half a request head and waiting."""
    held: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(f"GET /join HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Waiting: ".encode())
            held.append(sock)
        yield held
    finally:
        for sock in held:
            sock.close()


@contextmanager
def flood(port: int) -> Iterator[list[socket.socket]]:
    """Each of `FLOODING_ADDRESSES` opens as many keep-alive connections as it may hold without a
    credential, each sending a whole request (its answer left unread), as a device keeping them
    alive would."""
    held: list[socket.socket] = []
    try:
        for address in FLOODING_ADDRESSES:
            for _ in range(ANONYMOUS_PER_ADDRESS):
                sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(address, 0))
                sock.sendall(f"GET /page.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                held.append(sock)
        yield held
    finally:
        for sock in held:
            sock.close()


def answered_then_closed(sock: socket.socket) -> bool:
    """True when the server closes the connection within five seconds, after the answers it sent."""
    sock.settimeout(5)
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def closed_by_the_server(sock: socket.socket, seconds: float = 5) -> bool:
    """True when the server closes the connection within `seconds` (cleanly or reset)."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def join_from_another_device(port: int, code: str) -> tuple[int, float]:
    """GET /join with a seat's code from `ANOTHER_DEVICE`: the status and the seconds it took."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(ANOTHER_DEVICE, 0))
    connection.request("GET", f"/join?code={code}", headers={"Host": f"127.0.0.1:{port}", "Sec-Fetch-Site": "none"})
    status = connection.getresponse().status
    connection.close()
    return status, time.monotonic() - started


def test_a_device_holding_hundreds_of_half_sent_requests_does_not_keep_a_person_out(
    session: Session, clock: Clock
) -> None:
    code = seat(session, "japan").code
    with serving(session, clock) as served, half_sent_requests(served.port, ANONYMOUS_PER_ADDRESS + 200) as held:
        status, took = join_from_another_device(served.port, code)
        assert status == 200 and took < 5
        assert served.page.guard.open <= ANONYMOUS_PER_ADDRESS + 1
        # Each connection beyond the address's share closed one of its own, the earliest first.
        assert all(closed_by_the_server(sock) for sock in held[:190])
        assert not closed_by_the_server(held[-1], seconds=0.5)


def test_a_seated_device_still_loads_its_page_while_a_flood_fills_the_server(session: Session, clock: Clock) -> None:
    code = seat(session, "japan").code
    with serving(session, clock) as served:
        cookie = served.join(code)
        phone = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10, source_address=(ANOTHER_DEVICE, 0))
        headers = {"Host": served.host, "Cookie": f"{served.page.cookie}={cookie}"}
        phone.request("GET", "/", headers=headers)
        assert "Japan" in phone.getresponse().read().decode()
        with flood(served.port) as held:
            assert served.page.guard.open == MAX_CONNECTIONS
            # The phone's open connection was not closed to make room: it loads the page again.
            started = time.monotonic()
            phone.request("GET", "/", headers=headers)
            response = phone.getresponse()
            assert response.status == 200 and "Japan" in response.read().decode()
            # A new connection of the phone (from yet another address) gets in too, at once.
            another = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10, source_address=("127.0.0.3", 0))
            another.request("GET", "/", headers=headers)
            assert another.getresponse().status == 200 and time.monotonic() - started < 5
            another.close()
            # Room was made by closing the flood's earliest connections, although each had sent a
            # whole request: a request without a credential does not make a connection younger.
            assert answered_then_closed(held[0])
        phone.close()


def test_a_request_head_not_finished_in_time_loses_its_connection(session: Session, clock: Clock) -> None:
    code = seat(session, "japan").code
    guard = ConnectionGuard(head_seconds=1.0, total=40)
    with serving(session, clock, guard) as served, half_sent_requests(served.port, 40) as held:
        # Every connection the server allows is held: a person waits for the deadline, no longer.
        started = time.monotonic()
        assert all(closed_by_the_server(sock) for sock in held)
        assert time.monotonic() - started < 4
        status, _ = join_from_another_device(served.port, code)
        assert status == 200 and guard.open <= 1


def test_an_idle_connection_after_an_answer_is_closed_and_the_next_request_gets_through(
    session: Session, clock: Clock
) -> None:
    guard = ConnectionGuard(idle_seconds=1.0)
    with serving(session, clock, guard) as served:
        sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
        sock.sendall(f"GET /page.css HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
        assert sock.recv(20).startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /page.css HTTP/1.1\r\nX-Waiting: ")  # the next head, never finished
        started = time.monotonic()
        while sock.recv(65536):
            pass
        assert time.monotonic() - started < 4
        sock.close()
        assert served.request("GET", "/page.css").status == 200

"""Nobody on the network can make the participants' page unreachable by holding connections:
a connection that does not finish its request's head in time is closed, one address holds only
so many, and a person's request from another device still gets through while they are held."""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.participants.page_support import seat, serving, Clock

from tabletop.session import Session
from tabletop.webguard import CONNECTIONS_PER_ADDRESS, ConnectionGuard

ANOTHER_DEVICE = "127.0.0.2"
"""A second loopback address: the person's phone, beside the device holding connections."""


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


def closed_by_the_server(sock: socket.socket) -> bool:
    """True when the server closes the connection within five seconds (cleanly or reset)."""
    sock.settimeout(5)
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
    with serving(session, clock) as served, half_sent_requests(served.port, CONNECTIONS_PER_ADDRESS + 200) as held:
        status, took = join_from_another_device(served.port, code)
        assert status == 200 and took < 5
        assert served.page.guard.open <= CONNECTIONS_PER_ADDRESS + 1
        # The connections beyond the address's share were closed at once.
        assert all(closed_by_the_server(sock) for sock in held[CONNECTIONS_PER_ADDRESS + 10 :])


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

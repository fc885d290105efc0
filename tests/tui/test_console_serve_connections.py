"""`tabletop serve` under a device holding hundreds of half-sent requests, or filling all the
server's connections from many addresses: the facilitator's browser on another device still
opens the console's page at once."""

from __future__ import annotations

import contextlib
import http.client
import socket
import time
from pathlib import Path

from tests.tui.serve_support import serving

from tabletop.webguard import ANONYMOUS_PER_ADDRESS, CONNECTIONS_PER_ADDRESS, MAX_CONNECTIONS

ANOTHER_DEVICE = "127.0.0.2"
"""A second loopback address: the facilitator's laptop, beside the device holding connections."""


def test_half_sent_requests_from_one_device_do_not_keep_the_facilitator_out(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        cookie = served.cookie  # the facilitator's browser opened the printed address earlier
        held: list[socket.socket] = []
        try:
            for _ in range(CONNECTIONS_PER_ADDRESS + 100):
                sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
                sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nX-Waiting: ".encode())
                held.append(sock)
            started = time.monotonic()
            connection = http.client.HTTPConnection(
                "127.0.0.1", served.port, timeout=10, source_address=(ANOTHER_DEVICE, 0)
            )
            connection.request("GET", "/", headers={"Host": f"127.0.0.1:{served.port}", "Cookie": cookie})
            response = connection.getresponse()
            assert response.status == 200 and time.monotonic() - started < 5
            connection.close()
            # Each connection beyond the device's share closed one of its own, the earliest first.
            first = held[0]
            first.settimeout(5)
            with contextlib.suppress(ConnectionResetError):  # closed, or reset: either is closed
                assert first.recv(1) == b""
        finally:
            for sock in held:
                sock.close()


def test_a_flood_from_many_addresses_filling_the_server_does_not_keep_the_facilitator_out(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        cookie = served.cookie
        laptop = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10, source_address=(ANOTHER_DEVICE, 0))
        headers = {"Host": f"127.0.0.1:{served.port}", "Cookie": cookie}
        laptop.request("GET", "/", headers=headers)
        assert laptop.getresponse().read()
        held: list[socket.socket] = []
        try:
            # One device's many addresses, each with all the connections it may hold without the
            # key, each having sent a whole request: more than the server holds in all.
            for address in range(1, MAX_CONNECTIONS // ANONYMOUS_PER_ADDRESS + 2):
                for _ in range(ANONYMOUS_PER_ADDRESS):
                    sock = socket.create_connection(
                        ("127.0.0.1", served.port), timeout=5, source_address=(f"127.0.2.{address}", 0)
                    )
                    sock.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
                    held.append(sock)
            started = time.monotonic()
            laptop.request("GET", "/", headers=headers)  # a reload on the laptop's open connection
            response = laptop.getresponse()
            assert response.status == 200 and b"websocket" in response.read().lower()
            reopened = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10, source_address=("127.0.0.3", 0))
            reopened.request("GET", "/", headers=headers)
            assert reopened.getresponse().status == 200 and time.monotonic() - started < 5
            reopened.close()
        finally:
            laptop.close()
            for sock in held:
                sock.close()

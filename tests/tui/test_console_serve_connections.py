"""`tabletop serve` under a device holding hundreds of half-sent requests: the facilitator's
browser on another device still opens the console's page at once."""

from __future__ import annotations

import contextlib
import http.client
import socket
import time
from pathlib import Path

from tests.tui.serve_support import serving

from tabletop.webguard import CONNECTIONS_PER_ADDRESS

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
            # The connections beyond the device's share were closed at once.
            last = held[-1]
            last.settimeout(5)
            with contextlib.suppress(ConnectionResetError):  # closed, or reset: either is closed
                assert last.recv(1) == b""
        finally:
            for sock in held:
                sock.close()

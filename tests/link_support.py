"""A network link between a program and the PostgreSQL server that a test can cut, as a network
split cuts it: the program's side of every connection is reset at once, while the server's side
stays open, so the server goes on holding what those connections held (the facilitator's seat)
until it is told otherwise. New connections pass again once the link is healed."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


class CuttableLink:
    """A TCP relay on 127.0.0.1 in front of the server's `port`; `address` is where to connect."""

    def __init__(self, port: int) -> None:
        self._target = ("127.0.0.1", port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._clients: list[socket.socket] = []
        self._servers: list[socket.socket] = []
        self._guard = threading.Lock()
        self._cut = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._guard:
                if self._cut:
                    client.close()
                    continue
                server = socket.create_connection(self._target)
                self._clients.append(client)
                self._servers.append(server)
            threading.Thread(target=self._relay, args=(client, server), daemon=True).start()
            threading.Thread(target=self._relay, args=(server, client), daemon=True).start()

    @staticmethod
    def _relay(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)

    def cut(self) -> None:
        """The split: every program-side connection reset, the server's side left open and silent."""
        with self._guard:
            self._cut = True
            clients, self._clients = self._clients, []
        for client in clients:
            with contextlib.suppress(OSError):
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                client.close()  # a reset, at once: the program's next read fails

    def heal(self) -> None:
        """The network is back: new connections pass (the old server-side ones stay as they were)."""
        with self._guard:
            self._cut = False

    def close(self) -> None:
        self._listener.close()
        with self._guard:
            for connection in [*self._clients, *self._servers]:
                with contextlib.suppress(OSError):
                    connection.close()


@contextlib.contextmanager
def cuttable_link(port: int) -> Iterator[CuttableLink]:
    link = CuttableLink(port)
    try:
        yield link
    finally:
        link.close()

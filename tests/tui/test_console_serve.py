"""`tabletop serve`: the browser console listens on loopback unless told otherwise, says where,
and serves the session it started once, however many pages open."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at `port` (Linux /proc)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_serve_run_starts_one_session_and_listens_on_loopback_only(tmp_path):
    port = free_port()
    folder = tmp_path / "sessions"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tabletop",
            "serve",
            "run",
            "southwest_islands",
            "--port",
            str(port),
            "--session-dir",
            str(folder),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stdout.readline()
        assert first.strip() == f"Serving the console at http://127.0.0.1:{port} (Ctrl+C stops)"
        deadline = time.monotonic() + 20
        while not listening_addresses(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(b"GET / HTTP/1.0\r\n\r\n")
            assert b"200 OK" in connection.recv(200)
        assert len(list(folder.glob("*.ttx.sqlite"))) == 1
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_follow_needs_a_session(run_cli):
    status, _, err = run_cli("serve", "follow")
    assert status == 2 and "serve follow takes one SESSION" in err


def test_other_commands_do_not_load_textual():
    code = (
        "import sys\n"
        "from tabletop.cli import main\n"
        "try:\n"
        "    main(['phases'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_serve', 'rich')"
        " or m.startswith('tabletop.tui')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "[]"

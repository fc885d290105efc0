"""The private PostgreSQL server of the tests and benchmarks (`benchmarks.postgres_server`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.postgres_server import PostgresServer

ROOT = Path(__file__).resolve().parent.parent

_KILLED_OWNER = """
import os, signal
from benchmarks.postgres_server import PostgresServer
server = PostgresServer().start()
postmaster = (server.data / "postmaster.pid").read_text().split()[0]
print(server.folder, postmaster, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    # A zombie counts as gone: it is waiting only for its parent to read its status.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ")[-1][:1] != "Z"


def test_a_server_whose_owner_is_killed_outright_stops_and_leaves_no_folder(postgres_server: PostgresServer) -> None:
    # A test killed by its timeout runs no clean-up; its server must not outlive it.
    owner = subprocess.run([sys.executable, "-c", _KILLED_OWNER], cwd=ROOT, capture_output=True, text=True, check=False)
    assert owner.returncode == -9, owner.stderr
    folder_text, postmaster = owner.stdout.split()
    folder = Path(folder_text)
    deadline = time.monotonic() + 60
    while (folder.exists() or _running(int(postmaster))) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(int(postmaster))
    assert not folder.exists()

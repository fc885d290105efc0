"""Seats through the whole stack: how soon another seat's screen shows a record, how many records
five seats get through the command path, and what an idle follower costs. Measured by
`python -m benchmarks` (`benchmarks.suite.seat_rows`), on a session file and, when PostgreSQL is
installed, on a session in a database.

* a seat's lag: from the facilitator's `Session.execute(Note(...))` returning `Committed` to
  another seat, in another process, holding a snapshot that shows the note; that seat does what
  its console does: on a session file `Session.refresh()` every 0.25 s (cheap while nothing
  changed), on PostgreSQL `Session.wait_for_change()` until the server's notification wakes it,
  and a new snapshot when something changed. p95, target at most 1 s, the PostgreSQL seat beside
  a session file's;
* five seats at once: a facilitator, two evaluators and two cells' recorders, each a process
  executing notes and decisions through the command path for a few seconds, each recorded in the
  session's turn (caught up, decided and appended while the others wait; never refused for
  another having recorded first): records committed per second, beside the bare journal's five writers
  (`benchmarks.bench_journal`);
* an idle follower of a large session (about 25 MB): the share of one core its process uses in
  ten seconds of the console's polling while nothing is recorded, target under 1%.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.rules import Corpus

if TYPE_CHECKING:
    from tabletop.session import Session

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["idle_follower_share", "large_session", "seat_lags", "seats_throughput"]

POLL_SECONDS = 0.25
"""How often a seat's console asks the session whether it changed (`tabletop.tui.app.POLL_SECONDS`)."""

_OPEN = """
from tabletop.session import Seat, Session, SessionDatabase
def open_seat(engine, target, session_id, seat, readonly=False):
    if engine == "sqlite":
        return Session.open(target, seat=seat, readonly=readonly, live=readonly)
    return Session.from_journal(SessionDatabase(target).open(session_id, readonly=readonly), seat=seat)
"""

_SEAT_FOLLOWER = (
    _OPEN
    + """
import sys, time
engine, target, session_id, count, poll = sys.argv[1:6]
session = open_seat(engine, target, session_id, Seat(role="evaluator", name="follower"))
seen = session.snapshot().seq
print("ready", flush=True)
shown = 0
while shown < int(count):
    if session.woken:
        session.wait_for_change(5.0)
    else:
        time.sleep(float(poll))
    if not session.refresh():
        continue
    snapshot = session.snapshot()
    now = time.time()
    for seq in range(seen + 1, snapshot.seq + 1):
        print(seq, now, flush=True)
    shown += snapshot.seq - seen
    seen = snapshot.seq
session.close()
"""
)

_SEAT_WRITER = (
    _OPEN
    + """
import sys, time
from tabletop.session import Committed, Decide, Note
engine, target, session_id, role, name, seconds = sys.argv[1:7]
seat = Seat(role=role, name=name, cell=name if role == "recorder" else None)
session = open_seat(engine, target, session_id, seat)
print("ready", flush=True)
start = float(sys.stdin.readline())
time.sleep(max(0.0, start - time.time()))
deadline = time.monotonic() + float(seconds)
acked = refused = 0
while time.monotonic() < deadline:
    session.refresh()
    seq = session.snapshot().seq
    text = f"{name} {acked + refused}"
    if role == "recorder":
        command = Decide(expected_seq=seq, decided_by=name, decision=text)
    else:
        command = Note(expected_seq=seq, text=text)
    if isinstance(session.execute(command), Committed):
        acked += 1
    else:
        refused += 1
session.close()
print(acked, refused)
"""
)

_IDLE = (
    _OPEN
    + """
import sys, time
engine, target, seconds, poll = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
session = open_seat(engine, target, "-", None, readonly=True)
print("ready", flush=True)
start = time.process_time()
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    time.sleep(poll)
    session.refresh()
print(time.process_time() - start, flush=True)
session.close()
"""
)

SEATS = [
    ("facilitator", "Kenji"),
    ("evaluator", "Aiko"),
    ("evaluator", "Ben"),
    ("recorder", "US"),
    ("recorder", "JSDF"),
]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _start(code: str, *args: str, stdin: bool = False) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE if stdin else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        raise RuntimeError(f"a seat did not start: {child.communicate()[1].strip()}")
    return child


def seat_lags(engine: str, target: str, session_id: str, writer: Session, count: int, seed: int = 7) -> list[float]:
    """Seconds from each of `count` notes committed by `writer` (an open facilitator's `Session`)
    to another seat's process holding a snapshot that shows it."""
    from tabletop.session import Committed, Note

    follower = _start(_SEAT_FOLLOWER, engine, target, session_id, str(count), str(POLL_SECONDS))
    rng = random.Random(seed)
    committed: dict[int, float] = {}
    for number in range(count):
        time.sleep(rng.uniform(0.02, 0.12))  # at moments unrelated to the other seat's polling
        outcome = writer.execute(Note(expected_seq=writer.snapshot().seq, text=f"seen by another seat {number}"))
        if not isinstance(outcome, Committed):
            raise RuntimeError(f"the facilitator's note was refused: {outcome}")
        committed[outcome.event.seq] = time.time()
    out, err = follower.communicate(timeout=120)
    if follower.returncode != 0:
        raise RuntimeError(f"the other seat failed: {err.strip()}")
    shown = {int(seq): float(when) for seq, when in (line.split() for line in out.splitlines())}
    return [shown[seq] - committed[seq] for seq in committed]


def seats_throughput(engine: str, target: str, session_id: str, seconds: float) -> tuple[float, float]:
    """(records committed per second, share of commands refused) for five seats in five processes."""
    from benchmarks.bench_journal import race

    children = [
        _start(_SEAT_WRITER, engine, target, session_id, role, name, str(seconds), stdin=True) for role, name in SEATS
    ]
    return race(children, seconds)


def large_session(corpus: Corpus, folder: Path, megabytes: float = 25.0) -> Path:
    """A session file of about `megabytes`, its notes written in one transaction."""
    from tabletop.scenario import bundled_scenarios_dir, load_scenario
    from tabletop.session import Session

    scenario = load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus)
    text = "Observation from the floor. " * 90  # about 2.5 KB a note
    with Session.building(scenario, corpus, session_dir=folder) as session:
        # A stored note takes about 1.7 times its text (its JSON, the row, the page).
        for number in range(int(megabytes * 1024 * 1024 / (len(text) * 1.7))):
            session.note(f"{number}: {text}")
        path = Path(session.path)
    return path


def idle_follower_share(path: Path, seconds: float = 10.0) -> float:
    """The share of one core a follower of `path` uses while nothing is recorded, polling as the
    console does."""
    child = _start(_IDLE, "sqlite", str(path), str(seconds), str(POLL_SECONDS))
    out, err = child.communicate(timeout=seconds + 120)
    if child.returncode != 0:
        raise RuntimeError(f"the follower failed: {err.strip()}")
    return float(out.strip()) / seconds  # its processor time over the wall time it polled

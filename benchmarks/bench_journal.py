"""The session journal on PostgreSQL beside the session file: one append, five writers at once, a
follower's lag. Measured by `python -m benchmarks` (`benchmarks.suite.journal_rows`).

* one append, p50 and p95: a note appended to a session in a local PostgreSQL server (its own
  server, started for the run with the durable settings a real one has: `fsync` on, a commit
  flushed before it is acknowledged) against the same append to a session file
  (`synchronous=FULL`), the two interleaved append after append;
* five writers at once: five processes appending notes to one session for a few seconds, each
  deciding on the state it has seen (refused, catching up and deciding again when another
  recorded first): the events acknowledged per second, on PostgreSQL and on a session file
  shared by the five;
* a follower's lag: from a writer's acknowledgement to a follower in another process having read
  the event, p95; on PostgreSQL the follower waits for the server's notification
  (`wait_for_events`), on a session file it reads the file again every 0.25 s as the console's
  follow screen does.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.rules import Corpus

if TYPE_CHECKING:
    from tabletop.session import Event, PostgresJournal, SessionDatabase, SessionJournal

ROOT = Path(__file__).resolve().parents[1]

__all__ = ["append_times", "follower_lags", "new_session", "race", "writers_throughput"]

POLL_SECONDS = 0.25
"""How often a session file's follower reads it again (the console's follow screen)."""

_WRITER = """
import sys, time
from datetime import datetime, UTC
from tabletop.errors import SessionMovedOn
from tabletop.session import Event, SessionDatabase, SessionJournal, event_types
NoteRecorded = event_types()["note_recorded"]
engine, target, session_id, name, seconds = sys.argv[1:6]
if engine == "sqlite":
    journal = SessionJournal.open(target, exclusive=False)
else:
    journal = SessionDatabase(target).open(session_id)
known = len(journal.events())
print("ready", flush=True)
start = float(sys.stdin.readline())
time.sleep(max(0.0, start - time.time()))
deadline = start + float(seconds)
acked = refused = 0
while time.time() < deadline:
    known += len(journal.events(since=known))
    event = Event(seq=known + 1, at=datetime.now(UTC), payload=NoteRecorded(text=f"{name} {acked}"))
    try:
        journal.append(event, expected_seq=known)
        acked += 1
    except SessionMovedOn:
        refused += 1
journal.close()
print(acked, refused)
"""

_FOLLOWER = """
import sys, time
from tabletop.session import SessionDatabase, SessionJournal
engine, target, session_id, count, poll = sys.argv[1:6]
if engine == "sqlite":
    journal = SessionJournal.open(target, readonly=True, live=True)
else:
    journal = SessionDatabase(target).open(session_id, readonly=True)
known = len(journal.events())
print("ready", flush=True)
seen = 0
while seen < int(count):
    if engine == "sqlite":
        time.sleep(float(poll))
        new = journal.events(since=known)
    else:
        new = journal.wait_for_events(known, 30)
    now = time.time()
    for event in new:
        print(event.seq, now, flush=True)
    known += len(new)
    seen += len(new)
journal.close()
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def new_session(corpus: Corpus, folder: Path, database: SessionDatabase | None = None) -> tuple[Path, str]:
    """A session of the bundled Southwestern Islands sample: its file, and its id (imported into
    `database` too when one is given)."""
    from tabletop.scenario import bundled_scenarios_dir, load_scenario
    from tabletop.session import Session, import_jsonl, write_jsonl

    session = Session.start(
        load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus), corpus, session_dir=folder
    )
    path, session_id = Path(session.path), session.id
    session.close()
    if database is not None:
        out = io.StringIO()
        write_jsonl(path, out)
        journal = folder / f"{session_id}.jsonl"
        journal.write_text(out.getvalue(), encoding="utf-8")
        import_jsonl(journal, database=database)
    return path, session_id


def _note(seq: int, text: str) -> Event:
    from tabletop.session import Event
    from tabletop.session import event_types

    NoteRecorded = event_types()["note_recorded"]

    return Event(seq=seq, at=datetime.now(UTC), payload=NoteRecorded(text=text))


def append_times(
    file_journal: SessionJournal, database_journal: PostgresJournal, count: int
) -> tuple[list[float], list[float]]:
    """Seconds per append on the session file and on the database, interleaved."""
    on_file: list[float] = []
    on_database: list[float] = []
    file_head = len(file_journal.events())
    database_head = len(database_journal.events())
    for number in range(count):
        started = time.perf_counter()
        file_journal.append(_note(file_head + 1, f"note {number}"), expected_seq=file_head)
        on_file.append(time.perf_counter() - started)
        file_head += 1
        started = time.perf_counter()
        database_journal.append(_note(database_head + 1, f"note {number}"), expected_seq=database_head)
        on_database.append(time.perf_counter() - started)
        database_head += 1
    return on_file, on_database


def writers_throughput(
    engine: str, target: str, session_id: str, seconds: float, writers: int = 5
) -> tuple[float, float]:
    """(events acknowledged per second, share of attempts refused) for `writers` processes at once."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, engine, target, session_id, f"writer{n}", str(seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for n in range(writers)
    ]
    for child in children:  # every writer started and connected before the first append
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError(f"a writer did not start: {child.communicate()[1].strip()}")
    return race(children, seconds)


def race(children: list[subprocess.Popen[str]], seconds: float) -> tuple[float, float]:
    """Start writers that are ready and wait for a start time on their standard input, all at
    once; (their acknowledgements per second, the share of their attempts refused), from the
    `ACKED REFUSED` line each prints at the end."""
    start = time.time() + 0.2
    for child in children:
        assert child.stdin is not None
        child.stdin.write(f"{start}\n")
        child.stdin.close()
    acked = refused = 0
    for child in children:
        assert child.stdout is not None and child.stderr is not None
        out, err = child.stdout.read(), child.stderr.read()
        child.wait(timeout=seconds + 120)
        if child.returncode != 0:
            raise RuntimeError(f"a writer failed: {err.strip().splitlines()[-1] if err.strip() else child.returncode}")
        done, turned_away = map(int, out.split())
        acked += done
        refused += turned_away
    return acked / seconds, refused / max(1, acked + refused)


def follower_lags(
    engine: str, target: str, session_id: str, writer: SessionJournal | PostgresJournal, count: int, seed: int = 7
) -> list[float]:
    """Seconds from each of `count` acknowledgements by `writer` (an open journal) to a follower in
    another process having read the event."""
    follower = subprocess.Popen(
        [sys.executable, "-c", _FOLLOWER, engine, target, session_id, str(count), str(POLL_SECONDS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert follower.stdout is not None
    if follower.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the follower did not start: {follower.communicate()[1].strip()}")
    rng = random.Random(seed)
    acknowledged: dict[int, float] = {}
    head = len(writer.events())
    for number in range(count):
        time.sleep(rng.uniform(0.02, 0.12))  # at moments unrelated to the follower's polling
        writer.append(_note(head + 1, f"followed {number}"), expected_seq=head)
        acknowledged[head + 1] = time.time()
        head += 1
    out, err = follower.communicate(timeout=120)
    if follower.returncode != 0:
        raise RuntimeError(f"the follower failed: {err.strip()}")
    read = {int(seq): float(when) for seq, when in (line.split() for line in out.splitlines())}
    return [read[seq] - acknowledged[seq] for seq in acknowledged]

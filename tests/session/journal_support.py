"""Helpers of the journal tests: a fresh session on either engine, writers, and the checks that a
journal is whole after they raced."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.errors import SessionMovedOn
import tabletop.session as sessions
from tabletop.session import Event, Session, SessionJournal, import_jsonl, write_jsonl
from tabletop.session import event_types
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario

if TYPE_CHECKING:
    from tabletop.session import PostgresJournal

NoteRecorded = event_types()["note_recorded"]

# `sessions.SessionDatabase` is named only when a test uses a database: it loads psycopg, and this
# module is imported by the session tests' conftest.

HOSTILE_NOTE = 'Pasted\x9b2J note\u2028second line \u202eesrever, 日本語, "quoted" \\ back\tslash'
"""A note as pasted from a chat tool: an 8-bit CSI, a line separator, a direction override, quotes."""

HERE = Path(__file__).parent
REPO = HERE.parents[1]
WRITER = HERE / "journal_writer.py"


@dataclass
class Target:
    """One session on one engine: how writers and readers reach it."""

    engine: str
    location: str
    """The session file, or the database's URL."""
    session_id: str = "-"

    def open_writer(self) -> SessionJournal | PostgresJournal:
        if self.engine == "sqlite":
            return SessionJournal.open(self.location, exclusive=False)
        return self.open_database()

    def open_reader(self) -> SessionJournal | PostgresJournal:
        if self.engine == "sqlite":
            return SessionJournal.open(self.location, readonly=True)
        return self.open_database(readonly=True)

    def open_database(self, *, readonly: bool = False) -> PostgresJournal:
        """The session in its database (a target on PostgreSQL only)."""
        assert self.engine == "postgres", self.engine
        return sessions.SessionDatabase(self.location).open(self.session_id, readonly=readonly)

    def replay(self) -> Session:
        """The whole session, checked as `status` checks it."""
        if self.engine == "sqlite":
            return Session.open(self.location, readonly=True)
        return Session.from_journal(self.open_reader())

    def child_args(self) -> list[str]:
        return [self.engine, self.location, self.session_id]


def new_target(
    engine: str, drill: LoadedScenario, corpus: Corpus, folder: Path, database_url: str | None = None
) -> Target:
    """A new session of the drill: a session file, or the same session imported into the database."""
    session = Session.start(drill, corpus, session_dir=folder)
    path = session.path
    session.close()
    assert isinstance(path, Path)
    if engine == "sqlite":
        return Target("sqlite", str(path))
    assert database_url is not None
    journal = folder / "started.jsonl"
    with open(journal, "w", encoding="utf-8") as out:
        write_jsonl(path, out)
    database = sessions.SessionDatabase(database_url)
    import_jsonl(journal, database=database)
    return Target("postgres", database_url, path.name.removesuffix(".ttx.sqlite"))


def note(seq: int, text: str) -> Event:
    return Event(seq=seq, at=datetime.now(UTC), payload=NoteRecorded(text=text))


def note_text(event: Event) -> str:
    """The text of a recorded note (a test fails here on an event of any other kind)."""
    assert event.payload.type == "note_recorded", event.payload.type
    return event.payload.text


@dataclass
class Tally:
    """What writers said happened: every attempt, every acknowledgement, every refusal."""

    sent: set[str] = field(default_factory=set)
    acked: dict[str, int] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    settled: set[str] = field(default_factory=set)
    """Records decided on a state others moved past before they were recorded, and recorded all
    the same: the session settled the race itself."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read_lines(self, lines: list[str]) -> None:
        for line in lines:
            kind, _, rest = line.partition(" ")
            if kind == "sent":
                self.sent.add(rest)
            elif kind == "ack":
                seq, text = rest.split(" ", 1)
                self.acked[text] = int(seq)
            elif kind == "refused":
                self.refused.add(rest)
            elif kind == "settled":
                self.settled.add(rest)


def write_until(journal: SessionJournal | PostgresJournal, name: str, count: int, tally: Tally) -> None:
    """One writer thread: catch up, decide a note on what it has seen, append it with that seq."""
    known = len(journal.events())
    for number in range(count):
        known += len(journal.events(since=known))
        text = f"{name}-{number}"
        with tally.lock:
            tally.sent.add(text)
        try:
            recorded = journal.append(note(known + 1, text), expected_seq=known)
        except SessionMovedOn as refusal:
            assert refusal.head > known
            with tally.lock:
                tally.refused.add(text)
            continue
        with tally.lock:
            tally.acked[text] = recorded.seq


def assert_whole(target: Target, tally: Tally, before: int) -> list[Event]:
    """No gap, no fork, a valid chain; every acknowledged note at its seq, no refused one, nothing
    that no writer sent; and the whole session replays as `status` would."""
    reader = target.open_reader()
    try:
        events = reader.events()
        reader.verify_digest()
    finally:
        reader.close()
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    notes = [event for event in events[before:]]
    texts = [note_text(event) for event in notes]
    assert len(texts) == len(set(texts)), "an event was recorded twice"
    at_seq = {note_text(event): event.seq for event in notes}
    for text, seq in tally.acked.items():
        assert at_seq.get(text) == seq, f"{text}: acknowledged at {seq}, found at {at_seq.get(text)}"
    assert not (tally.refused & set(at_seq)), "a refused note was recorded"
    assert set(at_seq) <= tally.sent, "a note no writer sent"
    times = [event.at for event in events]
    assert times == sorted(times)
    with target.replay() as session:
        assert len(session.state.notes) == len(notes)
    return events


def start_writer(target: Target, name: str, seconds: float, mode: str = "normal") -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, str(WRITER), *target.child_args(), name, str(seconds), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


class Running:
    """A writer process whose lines are read as it prints them, so it can be killed once it writes."""

    def __init__(self, child: subprocess.Popen[str]) -> None:
        self.child = child
        self.lines: list[str] = []
        self.writing = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.child.stdout is not None
        for line in self.child.stdout:
            self.lines.append(line.rstrip("\n"))
            self.writing.set()

    def kill(self) -> list[str]:
        self.child.send_signal(signal.SIGKILL)
        self.child.wait(timeout=60)
        self._reader.join(timeout=60)
        assert self.child.stderr is not None
        err = self.child.stderr.read()
        self.child.stderr.close()
        assert self.child.returncode in (-signal.SIGKILL, 0), err
        return self.lines


def finish(child: subprocess.Popen[str], *, killed: bool = False) -> list[str]:
    """The lines a writer printed; its exit checked (SIGKILL when the test killed it)."""
    if killed:
        child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=120)
    if killed:
        assert child.returncode in (-signal.SIGKILL, 0), err
    else:
        assert child.returncode == 0, err
    return out.splitlines()


def jsonl_of(target: Target) -> str:
    out = io.StringIO()
    if target.engine == "sqlite":
        write_jsonl(target.location, out)
    else:
        write_jsonl(target.session_id, out, database=sessions.SessionDatabase(target.location))
    return out.getvalue()


def run_sql(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Change a session file as another tool would: the statements in one transaction."""
    import sqlite3

    db = sqlite3.connect(path)
    for sql, parameters in statements:
        db.execute(sql, parameters)
    db.commit()
    db.close()


def rechain(path: Path) -> None:
    """Recompute the journal digest of a session file as the recording program would have stored it."""
    import hashlib
    import json
    import sqlite3

    db = sqlite3.connect(path)
    digest = ""
    for row in db.execute("SELECT seq, at, type, payload FROM events ORDER BY seq"):
        record = json.dumps([digest, *row], ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(record.encode("utf-8")).hexdigest()
    db.execute("UPDATE metadata SET value = ? WHERE key = 'journal_sha256'", (digest,))
    db.commit()
    db.close()

"""One SQLite file per session: the journal of events and the documents it was started with.

Used by `tabletop.session._engine` (live sessions and dry-runs) and
`tabletop.session._interchange` (export, import). It owns the file format and
its durability: WAL journal, `synchronous=FULL`, one transaction per event
(one for the whole file while a new session, a dry-run or an import is
built; a writer's turn to record, `turn`, is the event's transaction begun
before the writer catches up and decides), so that an event whose
`append` returned survives `kill -9` and power loss.

Tables: `metadata` (key/value: format, format version, session id, and
the journal digest chaining every event to the one before it, updated in the
same transaction as each event),
`documents` (the scenario files and the rules file, text and SHA-256) and
`events` (seq, time, type, payload JSON). `PRAGMA application_id` marks the
file as a tabletop session and `PRAGMA user_version` holds the format
version, so `file(1)`-style tools and this module recognise it cheaply.

New files are built under a temporary name in the target folder and linked
into place when complete: a failed start, dry-run or import leaves no file,
and an existing file is never replaced. Files opened with `readonly=True` are
read from a private in-memory copy of the file and its `-wal` (see
`_snapshot`), so that looking at a session (status, export, report) never
modifies it or its sidecars, works in a read-only folder and never sees a
half-checkpointed file.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import random
import sqlite3
import stat
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tabletop.strictmodel import maker
from tabletop.atomicfile import fsync_dir, fsync_file, not_regular_reason, publish_new, regular_file_problem
from tabletop.errors import RefusedError, SeatTaken, SessionBusy, SessionFileError, SessionMovedOn
from tabletop.session._events import JOURNAL_FORMAT_VERSION, Event, event_adapter, payload_adapter, stored_moment
from tabletop.session._journal import DIGEST_KEY, TURN_SECONDS, Document, chain, chained, moved_on, text_sha256
from tabletop.session._pages import touched_rows

__all__ = [
    "APPLICATION_ID",
    "FORMAT_NAME",
    "SCHEMA",
    "SESSION_SUFFIX",
    "STORED_TIME_FORMAT",
    "SessionJournal",
    "checked_documents",
    "events_from_rows",
    "stored_time",
]

APPLICATION_ID = 0x54545853
"""`PRAGMA application_id` of a session file ("TTXS")."""
SESSION_SUFFIX = ".ttx.sqlite"
"""File name ending of a session file."""
FORMAT_NAME = "tabletop-session"
"""The `format` metadata of a session, in a file or a database."""

SCHEMA = """
CREATE TABLE metadata (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE documents (
    name   TEXT PRIMARY KEY,
    role   TEXT NOT NULL CHECK (role IN ('scenario', 'include', 'rules')),
    sha256 TEXT NOT NULL,
    text   TEXT NOT NULL
);
CREATE TABLE events (
    seq     INTEGER PRIMARY KEY CHECK (seq >= 1),
    at      TEXT NOT NULL,
    type    TEXT NOT NULL,
    payload TEXT NOT NULL
);
"""


class SessionJournal:
    """An open session file: the SQLite implementation of the journal protocol
    (`tabletop.session._journal.Journal`). Build a new one with `building()`, open one with `open()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, readonly: bool, lock: int | None = None) -> None:
        self._db = connection
        self.path = path
        self.readonly = readonly
        self._lock = lock
        self.turn_seconds = TURN_SECONDS
        """How long `turn` waits for the session's turn to record before it is refused."""
        self._in_batch = False
        self._pending: list[tuple[object, ...]] = []
        self._digest: str | None = None
        """While a new file is built: the journal digest after the last event."""
        self._writing = threading.RLock()
        """One statement or append at a time on this connection: threads of one program share the journal."""
        self._closed = False
        self._facilitator = False
        """Whether this journal holds the session's facilitator seat (see `_claim_facilitator`)."""
        self._live = False
        """A read-only journal that re-reads the file for events another program commits."""
        self._in_snapshot = False
        """Inside `snapshot`: a live reader keeps the copy it has (no fresh one is taken)."""
        self._stamp: tuple[int, ...] | None = None
        """A live reader's `_file_stamp` when it last took a copy."""
        self._stamped_at = 0.0
        self._data_version: object = None
        """A writer's `PRAGMA data_version` when `changed()` last asked."""
        self._copied: tuple[bytes, bytes | None] | None = None
        """The bytes of the file and its `-wal` the read-only copy was made from."""
        self._verified: tuple[bytes, bytes | None] | None = None
        """The bytes whose events were last checked against the digest (a live journal checks
        again only when the file has changed)."""
        self._chain: tuple[int, str | None, object] | None = None
        """The last seq read in order from the first, the journal digest after that event, and
        the state it was read in: the private copy, or a writer's `data_version` (see `_chain_rows`)."""
        self._digests: list[str | None] = []
        """A live reader's journal digest after each event chained (the first event's first): an
        event on a page that changed is checked against them (see `_take_copy`)."""
        self._image: bytes | None = None
        """A live reader's database image whose events were all chained, for the next copy's
        pages to be compared with."""
        self._schema: list[tuple[Any, ...]] = []
        """A live reader's tables as it first read them (a change to them is checked in full)."""
        self._held: tuple[int, str] | None = None
        """The last event checked against the stored digest (or appended here after one) and the
        journal digest after it: the events up to it are the ones this journal has shown, so
        whenever the events are chained again from the first, the digest after that one must be
        this one, whatever digest is stored now (an old event edited and the chain recomputed)."""

    # -- creating ------------------------------------------------------------

    @classmethod
    @contextlib.contextmanager
    def building(cls, path: Path, metadata: dict[str, str], documents: Sequence[Document]) -> Iterator[SessionJournal]:
        """Build a new session file under a temporary name; rename it into place on success.

        Everything appended inside the `with` block is written in one
        transaction. If the block raises, no file is left behind. `path` must
        not exist yet.
        """
        path = Path(path)
        if path.exists():
            raise SessionFileError(f"{path}: a file with this name exists already")
        temp = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _remove(temp)
            db = sqlite3.connect(temp, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise SessionFileError(f"{path.parent}: cannot create a session file here ({reason})") from None
        journal = cls(db, path, readonly=False)
        try:
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            db.execute(f"PRAGMA user_version={JOURNAL_FORMAT_VERSION}")
            db.execute("BEGIN IMMEDIATE")
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)
            meta = {"format": FORMAT_NAME, "format_version": str(JOURNAL_FORMAT_VERSION), **metadata}
            db.executemany("INSERT INTO metadata(key, value) VALUES (?, ?)", sorted(meta.items()))
            db.executemany(
                "INSERT INTO documents(name, role, sha256, text) VALUES (?, ?, ?, ?)",
                [(d.name, d.role, d.sha256, d.text) for d in documents],
            )
            journal._in_batch = True
            journal._digest = ""
            db.execute("INSERT INTO metadata(key, value) VALUES (?, '')", (DIGEST_KEY,))
            yield journal
            journal._flush()
            journal._in_batch = False
            db.execute("COMMIT")
            # Persist WAL mode in the header now, so every later writer uses it.
            db.execute("PRAGMA journal_mode=WAL")
            db.close()
            fsync_file(temp)
            # Linked, not renamed: of two programs publishing one name, exactly one wins.
            publish_new(temp, path)
            _remove(temp)
            fsync_dir(path.parent)
        except FileExistsError:
            with contextlib.suppress(sqlite3.Error):
                db.close()
            _remove_all(temp)
            raise SessionFileError(f"{path}: a file with this name appeared meanwhile; nothing was written") from None
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(sqlite3.Error):
                db.close()
            _remove_all(temp)
            reason = getattr(exc, "strerror", None) or str(exc)
            raise SessionFileError(f"{path}: could not write the session file ({reason})") from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.close()
            _remove_all(temp)
            raise

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        live: bool = False,
        exclusive: bool = True,
        facilitator: bool = False,
        turn_seconds: float = TURN_SECONDS,
    ) -> SessionJournal:
        """Open an existing session file, checking that it is one this version can read.

        Raises `SessionFileError` for a missing file, a file that is not a
        session, one written by a newer version, or a damaged one. A file that
        fails these checks is never written to: the checks run on a read-only
        connection before any writable one is opened.

        A writer holds the file's lock while it is open (see `_lock_for_writing`):
        `exclusive` (the default, the facilitator's console) keeps every other writer
        out; `exclusive=False` lets other such writers in beside it, each append then
        refused when another has moved the journal on (`SessionMovedOn`). Threads of one program share
        the journal it opened. `facilitator` (with `exclusive=False`) also claims the session's
        facilitator seat: one program at a time holds it, beside any number of other writers.
        `turn_seconds` is how long a writer waits for the session's turn to record (`turn`).
        """
        path = Path(path)
        problem = regular_file_problem(path)
        if problem == "no such file":
            raise SessionFileError(f"{path}: no such session file")
        if problem is not None:
            raise SessionFileError(f"{path}: {problem}; a session is a .ttx.sqlite file")
        stamp = _file_stamp(path)
        copied = _copy_of(path)
        db = _connect_copy(path, copied)
        try:
            cls._check(db, path)
        except BaseException:
            db.close()
            raise
        if readonly:
            journal = cls(db, path, readonly=True)
            journal._live = live
            journal._copied = copied
            if live:
                journal._schema = db.execute(_SCHEMA).fetchall()
            journal._stamp, journal._stamped_at = stamp, time.monotonic()
            return journal
        db.close()
        _check_writable(path)
        lock = _lock_for_writing(path, exclusive=exclusive)
        if facilitator:
            try:
                _claim_facilitator(path, lock)
            except BaseException:
                _unlock(lock)
                raise
        try:
            # Waits up to `timeout` seconds for another writer's transaction (shared writers).
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=_BUSY_SECONDS)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            _unlock(lock)
            raise SessionFileError(f"{path}: cannot open the session for writing ({exc})") from None
        journal = cls(db, path, readonly=False, lock=lock)
        journal.turn_seconds = turn_seconds
        journal._facilitator = facilitator
        journal._data_version = journal._query("PRAGMA data_version")[0][0]
        return journal

    @staticmethod
    def _check(db: sqlite3.Connection, path: Path) -> None:
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:
            raise SessionFileError(f"{path}: not a tabletop session file (not an SQLite database)") from None
        if app_id != APPLICATION_ID:
            raise SessionFileError(f"{path}: not a tabletop session file")
        if version > JOURNAL_FORMAT_VERSION:
            raise SessionFileError(
                f"{path}: written by a newer version of tabletop (session format {version}; "
                f"this version reads up to {JOURNAL_FORMAT_VERSION}); upgrade tabletop to open it"
            )
        try:
            problems = [row[0] for row in db.execute("PRAGMA quick_check")]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise SessionFileError(f"{path}: the session file is damaged ({exc})") from None
        if problems != ["ok"]:
            # One report can span many lines ("*** in database main ***", a line per page): keep
            # the first few findings on the one line an error message is.
            found = [line.strip() for row in problems for line in row.splitlines() if line.strip(" *")]
            raise SessionFileError(f"{path}: the session file is damaged ({'; '.join(found[:3])})")
        missing = {"metadata", "documents", "events"} - tables
        if missing:
            raise SessionFileError(
                f"{path}: the session file is damaged (missing tables: {', '.join(sorted(missing))})"
            )

    # -- reading -------------------------------------------------------------

    def pragma(self, name: str) -> object:
        """The value of an SQLite setting on this file's connection (`synchronous`, `journal_mode`)."""
        if not name.isidentifier():
            raise ValueError(f"not a PRAGMA name: {name!r}")
        return self._query(f"PRAGMA {name}")[0][0]

    def metadata(self) -> dict[str, str]:
        return dict(self._query("SELECT key, value FROM metadata"))

    def documents(self) -> list[Document]:
        """The stored documents, each checked against its stored SHA-256."""
        rows = self._query("SELECT name, role, sha256, text FROM documents ORDER BY rowid")
        return checked_documents(self.path, rows)

    def events(self, since: int = 0) -> list[Event]:
        """Every event after seq `since`, in order; a gap, an unreadable row or an unknown type is damage."""
        if self._live and not self._in_snapshot and self._may_have_changed():
            # A private copy shows the file as it was when copied: take a fresh one, so that
            # a follower sees what the recording program has committed since.
            copied = _copy_of(self.path)
            if copied != self._copied:
                self._take_copy(copied)
        if self._copied is not None:
            # A private copy never changes: its rows are chained as they are read.
            rows = self._query("SELECT seq, at, type, payload FROM events WHERE seq > ? ORDER BY seq", (since,))
            state: object = self._copied
        else:
            # The rows and the state they were read in, in one read transaction: `verify_digest`
            # compares their chain with the digest while no other program has committed since.
            # In the session's turn (`turn`), the turn's transaction is that read transaction.
            with self._writing:
                shared = not self._in_batch
                opened = shared and not self._db.in_transaction
                if opened:
                    self._query("BEGIN")
                try:
                    rows = self._query("SELECT seq, at, type, payload FROM events WHERE seq > ? ORDER BY seq", (since,))
                    state = self._query("PRAGMA data_version")[0][0] if shared else None
                finally:
                    if opened:
                        self._query("COMMIT")
        events = events_from_rows(self.path, rows, since)
        self._chain_rows(rows, since, state)
        return events

    def stored_rows(self) -> list[tuple[Any, ...]]:
        """Every event's row as stored, unchecked, in order: (seq, at, type, payload, None). A
        session file keeps one digest, after the last event (in the metadata), not one per event.
        For salvaging what a damaged journal still holds intact (`tabletop salvage`)."""
        return self._query("SELECT seq, at, type, payload, NULL FROM events ORDER BY seq")

    def _take_copy(self, copied: tuple[bytes, bytes | None]) -> None:
        """Read from a fresh private copy of the file; a live reader whose last copy's events were
        all chained keeps that chain when the events it read are still there as they were (the
        pages that changed say which could have changed; `tabletop.session._pages`)."""
        db = _connect_copy(self.path, copied)
        try:
            carried = self._carried_chain(db, copied)
        except BaseException:
            db.close()
            raise
        self._db.close()
        self._db, self._copied, self._chain = db, copied, carried

    def _carried_chain(
        self, db: sqlite3.Connection, copied: tuple[bytes, bytes | None]
    ) -> tuple[int, str | None, object] | None:
        """The chain of the last copy, carried over to the copy `db` when every event it chained
        is unchanged there; None when that cannot be told without chaining them all again (then
        `verify_digest` does). `SessionFileError` when an event chained before is changed or gone."""
        chain, image = self._chain, self._image
        self._image = None
        if chain is None or chain[2] is not self._copied or image is None or len(self._digests) != chain[0]:
            self._digests = []
            return None
        try:
            new_image = db.serialize()
            schema = db.execute(_SCHEMA).fetchall()
            head = db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise SessionFileError(f"{self.path}: the session file is damaged ({exc})") from None
        touched = touched_rows(image, new_image, chain[0]) if schema == self._schema else None
        if touched is None:
            self._digests = []
            return None
        if head < chain[0]:
            raise SessionFileError(_DIGEST_MISMATCH.format(path=self.path))
        wanted = sorted(touched)
        found = 0
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            for row in db.execute(f"SELECT seq, at, type, payload FROM events WHERE seq IN ({marks})", part):
                seq = row[0]
                before = self._digests[seq - 2] if seq > 1 else ""
                if chained(before, tuple(row)) != self._digests[seq - 1]:
                    raise SessionFileError(_DIGEST_MISMATCH.format(path=self.path))
                found += 1
        if found != len(wanted):
            raise SessionFileError(_DIGEST_MISMATCH.format(path=self.path))
        self._image = new_image
        return chain[0], chain[1], copied

    def _chain_rows(self, rows: Sequence[tuple[Any, ...]], since: int, state: object) -> str | None:
        """Chain rows as they are read, so that `verify_digest` need not read and chain every
        event a second time: `state` is the copy they were read from (whose bytes never change),
        or a writer's `data_version` when it read them (None: not to be compared later). Returns
        the digest after the last row (None when the rows do not follow what was chained)."""
        if not rows and self._chain is not None and self._chain[0] <= since:
            return None  # nothing new (a live reader's `head()` asks for what is past the end)
        if since == 0:
            digest: str | None = ""
            self._digests = []
        elif self._chain is not None and self._chain[0] == since and _same_state(self._chain[2], state):
            digest = self._chain[1]
        else:
            self._chain, self._digests = None, []
            return None
        keep = self._digests.append if self._live else None
        if since == 0 and self._held is not None:
            # The events this journal has shown must chain, from the first, to the digest it
            # held after them: an old event edited and the stored digest recomputed is found here.
            count, held = self._held
            if len(rows) < count or chain("", rows[:count], keep) != held:
                self._chain, self._digests = None, []
                raise SessionFileError(_DIGEST_MISMATCH.format(path=self.path))
            digest, rows_left = held, rows[count:]
        else:
            rows_left = rows
        digest = chain(digest, rows_left, keep)
        self._chain = (since + len(rows), digest, state) if state is not None else None
        if self._live and self._image is None:
            self._image = self._db.serialize()
        return digest

    def verify_digest(self) -> None:
        """Check the events against the journal digest stored beside them.

        Each event is chained to the one before it (SHA-256 of the previous
        digest and the event's row), and the digest after the last one is
        stored in the same transaction as the event. Removing events (the last
        ones included), adding some or editing one without recomputing the
        digest makes them disagree. Files written before digests have none
        and are not checked. Run it after the events were checked one by one,
        so that a damaged event is reported as such.
        """
        if self._copied is not None and self._verified is self._copied:
            return  # the same bytes as last checked
        chain = self._chain
        with self._writing:
            shared = not self.readonly and not self._in_batch
            opened = shared and not self._db.in_transaction
            if opened:
                # One read transaction for the digest and the events: another seat's commit
                # between the two reads would otherwise look like damage (in the session's turn,
                # the turn's transaction is that one).
                self._query("BEGIN")
            try:
                stored = self.metadata().get(DIGEST_KEY)
                head = self._query("SELECT COALESCE(MAX(seq), 0) FROM events")[0][0]
                state = self._copied if self._copied is not None else None
                if shared:
                    state = self._query("PRAGMA data_version")[0][0]
                if chain is not None and _same_state(chain[2], state) and chain[0] == head:
                    rows = None  # every event was chained as it was read, in this very state
                elif stored is not None:
                    rows = self._query("SELECT seq, at, type, payload FROM events ORDER BY seq")
                else:
                    rows = []
            finally:
                if opened:
                    self._query("COMMIT")
        if rows is None:
            assert chain is not None
            if stored is not None and chain[1] != stored:
                raise SessionFileError(_DIGEST_MISMATCH.format(path=self.path))
            self._hold(chain[0], chain[1])
            self._verified = self._copied
            return
        if stored is None:
            self._verified = self._copied
            return
        self._chain, self._digests, self._image = None, [], None
        if self._chain_rows(rows, 0, state) != stored:
            raise SessionFileError(_DIGEST_MISMATCH.format(path=self.path))
        self._hold(len(rows), stored)
        self._verified = self._copied

    def _hold(self, count: int, digest: str | None) -> None:
        """Remember the digest after the first `count` events, checked (see `_held`)."""
        if digest is not None and (self._held is None or count >= self._held[0]):
            self._held = (count, digest)

    def _query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._writing:
            self._flush()
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.DatabaseError as exc:
                raise SessionFileError(f"{self.path}: the session file is damaged ({exc})") from None

    def changed(self) -> bool:
        """Whether another program may have committed something this journal has not shown yet,
        asked cheaply (no event is read): for a writer, SQLite's `data_version` of its connection;
        for a live reader, the size, time and identity of the file and its `-wal` (and, once in
        `_RESTAMP_SECONDS`, yes: a write the clock's resolution could hide is still found)."""
        if self._closed or self._in_snapshot:
            return False  # closed, or inside `snapshot`: what it reads does not change
        if self.readonly:
            return self._live and self._may_have_changed(remember=False)
        version = self._query("PRAGMA data_version")[0][0]
        changed, self._data_version = version != self._data_version, version
        return bool(changed)

    def _may_have_changed(self, *, remember: bool = True) -> bool:
        stamp, now = _file_stamp(self.path), time.monotonic()
        if stamp == self._stamp and now - self._stamped_at < _RESTAMP_SECONDS:
            return False
        if remember:
            # Taken before the copy is: a commit landing during the copy changes the next stamp.
            self._stamp, self._stamped_at = stamp, now
        return True

    def head(self) -> int:
        """The seq of the last event in the file (0 before the first), as committed now."""
        if self._live:
            self.events(since=1 << 62)  # takes a fresh copy when the file has changed
        return int(self._query("SELECT COALESCE(MAX(seq), 0) FROM events")[0][0])

    # -- writing -------------------------------------------------------------

    def append(self, event: Event, *, expected_seq: int | None = None, event_id: uuid.UUID | None = None) -> Event:
        """Write one event durably if the journal's head is `expected_seq` (by default the seq
        before the event's), and return it; when this returns, the event survives a crash.

        The head is read inside the session's turn (`turn`: the one held, or one taken for this
        append alone), from the file: when another writer has moved the journal on,
        `SessionMovedOn` is raised and nothing is written, whatever this process saw before.
        The journal digest is chained from the digest in the file, in the same transaction.
        `event_id` is accepted for the `Journal` protocol: an append to a local file is never
        retried after a lost acknowledgement, so the file does not keep it. While a new file
        is being built, the event joins the transaction that writes the whole file instead.
        """
        if self.readonly:
            raise SessionFileError(f"{self.path}: opened read-only")
        expected = event.seq - 1 if expected_seq is None else expected_seq
        if event.seq != expected + 1:
            raise ValueError(f"event {event.seq} cannot follow event {expected}")
        row = (event.seq, stored_time(event), event.type, event.payload.model_dump_json())
        with self._writing:
            if self._in_batch:
                # Written with the batch's other rows, in the same transaction.
                self._pending.append(row)
                return event
            with self.turn():  # the turn held already, or one for this append alone
                try:
                    try:
                        self._record(row, expected)
                    except BaseException:
                        self._db.execute("ROLLBACK")
                        raise
                    self._db.execute("COMMIT")
                    if self._held is not None and self._held[0] == expected:
                        # Chained from what this journal held, not from the digest stored now.
                        self._held = (event.seq, chained(self._held[1], row) or "")
                except sqlite3.IntegrityError:
                    raise SessionFileError(
                        f"{self.path}: event {event.seq} exists already: another program is writing to this session"
                    ) from None
                except sqlite3.Error as exc:
                    raise SessionFileError(f"{self.path}: could not record the event ({exc})") from None
        return event

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the session's turn to record (see `Journal.turn`): SQLite's write lock, taken with
        `BEGIN IMMEDIATE` and held until the `append` inside the block commits, or the block ends
        (rolled back: nothing was written). Readers never wait for it (WAL); what this journal
        reads inside it is the file as it stands, no other writer able to commit meanwhile. A
        writer waiting for it tries again every millisecond or two, so that no writer is
        favoured by how long it has waited; after `turn_seconds` it is refused (`SessionBusy`).
        SQLite's locks belong to the process: a writer killed while holding the turn gives it up."""
        with self._writing:
            if self.readonly or self._in_batch or self._closed or self._db.in_transaction:
                yield  # nothing to record, one transaction already, or the turn held already
                return
            self._take_turn()
            try:
                yield
            finally:
                if self._db.in_transaction:  # nothing appended: give the turn back
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Hold one view of the file for every read inside the block (see `Journal.snapshot`).

        A read-only journal reads a private copy, one committed state of the file already: a
        follower takes no fresh copy inside the block. A writer reads in one read transaction,
        in which WAL shows it the file as it stood at the first read, whatever other programs
        commit meanwhile; the other threads of this program wait for the block's end. Inside
        the session's turn, or while a new file is built, the transaction open already is that view."""
        with self._writing:
            outer, self._in_snapshot = self._in_snapshot, True
            opened = not (self.readonly or self._in_batch or self._closed or self._db.in_transaction)
            try:
                if opened:
                    self._query("BEGIN")
                yield
            finally:
                self._in_snapshot = outer
                if opened and self._db.in_transaction:  # a read transaction: nothing to keep
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")

    def _take_turn(self) -> None:
        """`BEGIN IMMEDIATE`, tried again at short random intervals while another writer holds
        SQLite's write lock, for up to `turn_seconds` (SQLite's own waiting tries less and less
        often the longer it waits: a writer waiting long would be the last to be served)."""
        deadline = time.monotonic() + self.turn_seconds
        self._db.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise SessionFileError(f"{self.path}: could not record the event ({exc})") from None
                if time.monotonic() >= deadline:
                    raise SessionBusy(
                        f"{self.path}: another program has kept the session's turn to record for "
                        f"{self.turn_seconds:g} s (stuck, or cut off while recording); nothing was recorded"
                    )
                time.sleep(random.uniform(0.0005, 0.002))
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute(f"PRAGMA busy_timeout = {int(_BUSY_SECONDS * 1000)}")

    def _record(self, row: tuple[object, ...], expected: int) -> None:
        """Inside the event's transaction: check the head, insert the row, chain the digest."""
        head, stored = self._db.execute(_HEAD_AND_DIGEST, (DIGEST_KEY,)).fetchone()
        if head != expected:
            raise SessionMovedOn(f"{self.path}: {moved_on(expected, head)}", head=head)
        digest = chained(stored, row)
        self._db.execute("INSERT INTO events(seq, at, type, payload) VALUES (?, ?, ?, ?)", row)
        if digest is not None:
            self._db.execute("UPDATE metadata SET value = ? WHERE key = ?", (digest, DIGEST_KEY))

    def _flush(self) -> None:
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        try:
            self._db.executemany("INSERT INTO events(seq, at, type, payload) VALUES (?, ?, ?, ?)", rows)
        except sqlite3.IntegrityError:
            raise SessionFileError(f"{self.path}: duplicate events in one batch") from None
        for row in rows:
            self._digest = chained(self._digest, row)
        if self._digest is not None:
            self._db.execute("UPDATE metadata SET value = ? WHERE key = ?", (self._digest, DIGEST_KEY))

    def close(self) -> None:
        # Under the lock every query takes: a screen's worker thread asking `changed()` while
        # the console closes the session must never run on a connection being closed (SQLite
        # then crashes the whole program); once closed, the journal reports nothing new.
        with self._writing:
            if self._closed:
                return
            self._closed = True
            self._db.close()
            # Only after SQLite's connection is closed: closing any descriptor of the file
            # drops the process's POSIX locks on it, SQLite's included.
            if self._facilitator:
                _release_facilitator(self._lock)
                self._facilitator = False
            _unlock(self._lock)
            self._lock = None

    def __enter__(self) -> SessionJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_DIGEST_MISMATCH = (
    "{path}: the session file is damaged (its events do not match the journal digest: "
    "events were removed, added or edited after they were recorded)"
)

_SCHEMA = "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master ORDER BY rowid"

# The journal's head and its digest, read in the write transaction in one statement (the
# digest is NULL in a journal kept before digests).
_HEAD_AND_DIGEST = "SELECT (SELECT COALESCE(MAX(seq), 0) FROM events), (SELECT value FROM metadata WHERE key = ?)"


STORED_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
"""How an event's time is stored and chained, on either store: UTC, microseconds, `Z` (for
reading it back; it is written by `stored_time`)."""


def stored_time(event: Event) -> str:
    """An event's time as both stores keep and chain it."""
    # Events hold UTC times only (the model converts), so the offset is always +00:00. The year
    # is written with its four digits whatever it is (strftime drops a leading zero of year 999).
    return event.at.isoformat(timespec="microseconds").replace("+00:00", "Z")


def checked_documents(where: object, rows: Iterable[Sequence[Any]], *, record: str = "session file") -> list[Document]:
    """Stored documents from rows of (name, role, sha256, text), each checked against its SHA-256.

    `where` and `record` name the file or the database's journal in messages.
    """
    documents = []
    for name, role, sha256, text in rows:
        if text_sha256(text) != sha256:
            raise SessionFileError(f"{where}: the {record} is damaged (document {name!r} does not match its SHA-256)")
        documents.append(Document(name, role, text, sha256))
    return documents


def events_from_rows(
    where: object, rows: Iterable[Sequence[Any]], since: int, *, record: str = "session file"
) -> list[Event]:
    """Events from stored rows of (seq, at, type, payload) following seq `since`, in order.

    A gap, an unreadable row or an unknown type is damage, reported as the
    file's or the database's journal's (`where` and `record` name it).

    Each payload is validated as the event's `payload` field validates it, and the envelope is
    built from the row's seq and its time in the stored form (`stored_moment`): the same event
    `Event` validation gives, without building and parsing an envelope's JSON for each row (most
    of reading a long journal). A row in any other form is validated whole, as written.
    """
    payload_of = payload_adapter().validator.validate_json
    envelope = _envelope()
    events: list[Event] = []
    append = events.append
    expected = since + 1
    for seq, at, kind, payload in rows:
        if seq != expected:
            raise SessionFileError(f"{where}: the {record} is damaged (event {expected} is missing)")
        moment = stored_moment(at)
        event: Event | None = None
        if moment is not None and type(seq) is int and type(payload) is str:
            try:
                event = envelope({"seq": seq, "at": moment, "payload": payload_of(payload)})
            except ValidationError:
                event = None  # validated whole below, for the message naming the field
        if event is None:
            event = _event_in_full(where, record, seq, at, payload)
        if event.payload.type != kind:
            raise SessionFileError(f"{where}: the {record} is damaged (event {seq}: type mismatch)")
        append(event)
        expected += 1
    return events


@functools.cache
def _envelope() -> Callable[[dict[str, Any]], Event]:
    """How `events_from_rows` makes an event's envelope from its checked parts (made once)."""
    return maker(Event, ("seq", "at", "payload"))


def _event_in_full(where: object, record: str, seq: object, at: object, payload: object) -> Event:
    """One stored row validated as an `Event`; a row that is not one is damage, named by its field."""
    try:
        return event_adapter().validate_json(f'{{"seq":{seq},"at":{json.dumps(at)},"payload":{payload}}}')
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        place = ".".join(map(str, first["loc"]))
        raise SessionFileError(f"{where}: the {record} is damaged (event {seq}: {place}: {first['msg']})") from None


def _same_state(earlier: object, now: object) -> bool:
    """Whether a journal is read in the state its rows were chained in: the same private copy
    (the very object), or a writer's same `data_version` (None: never compared)."""
    return earlier is not None and (earlier is now or (type(earlier) is int and earlier == now))


def _check_writable(path: Path) -> None:
    """Refuse, before anything is created, to record into a session that cannot be written.

    SQLite would open a read-only file "for writing" and leave an empty
    `-wal` and a `-shm` beside it before failing at the first event.
    """
    folder = path.parent if str(path.parent) else Path(".")
    # The mode bits count even for an administrator, whom os.access lets write anything.
    if not os.stat(path).st_mode & 0o222 or not os.access(path, os.W_OK):
        raise SessionFileError(
            f"{path}: the session file is read-only; make it writable to record into it "
            "(`tabletop status` can read it as it is); nothing was changed"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SessionFileError(
            f"{path}: its folder {folder} is read-only, and recording needs to write beside the file; "
            "copy the session to a folder you can write to (`tabletop status` can read it as it is)"
        )


def _lock_for_writing(path: Path, *, exclusive: bool = True) -> int | None:
    """Hold an advisory lock on the session file while it is open for writing.

    Exclusive by default: one program records a session at a time, and a second
    one is refused when it opens the file, before it could show the room a state
    that is not the journal's. Shared (`exclusive=False`): writers that each
    decide on the journal's head and are refused when another moved it on may
    open it together, but not beside an exclusive one. The operating system
    releases the lock when the holder exits, even by `kill -9`. Where `flock`
    does not exist (Windows), a second writer is still refused at its first
    write: the journal has moved on (`SessionJournal.append`).

    Within one program, the shared lock is held through one descriptor, whatever
    the number of writers: closing a second descriptor of the file would drop the
    locks SQLite holds on it through the first.
    """
    try:
        import fcntl
    except ImportError:
        return None
    busy = RefusedError(
        f"{path}: the session is being recorded by another program that is still running; "
        "close it there first. `tabletop status` can read it meanwhile."
    )
    with _OPEN_FOR_WRITING_GUARD:
        try:
            identity = _identity(os.stat(path))
        except OSError as exc:
            raise SessionFileError(f"{path}: cannot open the session for writing ({exc.strerror})") from None
        held = _OPEN_FOR_WRITING.get(identity)
        if held is not None:
            fd, shared, users = held
            if exclusive or not shared:
                # Refused before a second descriptor is opened: closing it would drop the locks
                # SQLite holds through the first.
                raise busy
            _OPEN_FOR_WRITING[identity] = (fd, shared, users + 1)
            return fd
        try:
            # Writable, so that the facilitator's seat can be claimed through it too.
            fd = os.open(path, os.O_RDWR)
        except OSError as exc:
            raise SessionFileError(f"{path}: cannot open the session for writing ({exc.strerror})") from None
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise busy from None
        _OPEN_FOR_WRITING[identity] = (fd, not exclusive, 1)
    return fd


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def _claim_facilitator(path: Path, fd: int | None) -> None:
    """Claim the session's facilitator seat through the writer's lock descriptor `fd`.

    One program at a time holds it, whatever number of other seats record beside it: an
    open-file-description lock on one byte far beyond any SQLite uses (Linux), which the system
    drops when the holder exits, even by `kill -9`, and which closing another descriptor of the
    file does not drop. Within one program, a second claim is refused by the program itself.
    Where such locks do not exist (macOS, Windows) the claim is kept within the program only.
    """
    busy = SeatTaken(
        f"{path}: the facilitator's seat of this session is open in another program (one facilitator "
        "at a time); close it there, or join with another seat: tabletop join SESSION --seat evaluator",
        holder="another program on this computer",
    )
    with _OPEN_FOR_WRITING_GUARD:
        if fd in _FACILITATING:
            raise busy
        if fd is not None and hasattr(_fcntl_module(), "F_OFD_SETLK"):
            try:
                _ofd_lock(fd, write=True)
            except OSError:
                raise busy from None
        if fd is not None:
            _FACILITATING.add(fd)


def _release_facilitator(fd: int | None) -> None:
    with _OPEN_FOR_WRITING_GUARD:
        if fd is None or fd not in _FACILITATING:
            return
        _FACILITATING.discard(fd)
        if hasattr(_fcntl_module(), "F_OFD_SETLK"):
            with contextlib.suppress(OSError):
                _ofd_lock(fd, write=False)


_FACILITATOR_BYTE = 1 << 62
"""The byte of the session file whose lock is the facilitator's seat (SQLite locks bytes near
1 GiB; a session file never reaches this offset)."""


def _ofd_lock(fd: int, *, write: bool) -> None:
    """Take (`write`) or release the facilitator byte's open-file-description lock, without waiting."""
    import fcntl
    import struct

    kind = fcntl.F_WRLCK if write else fcntl.F_UNLCK
    # struct flock: l_type, l_whence, l_start, l_len, l_pid (and padding), as Linux lays it out.
    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack("hhqqi4x", kind, os.SEEK_SET, _FACILITATOR_BYTE, 1, 0))


def _fcntl_module() -> object:
    """The `fcntl` module, or an empty object where it does not exist (Windows)."""
    try:
        import fcntl
    except ImportError:
        return object()
    return fcntl


_FACILITATING: set[int] = set()
"""The lock descriptors through which this program holds a session's facilitator seat."""

_OPEN_FOR_WRITING: dict[tuple[int, int], tuple[int, bool, int]] = {}
"""The files (device, inode) this program holds a lock on: the descriptor holding it, whether
it is shared, and how many open journals use it."""
_OPEN_FOR_WRITING_GUARD = threading.Lock()
_BUSY_SECONDS = 5.0
"""How long a statement waits for SQLite's locks outside the turn (a reader while the file's
`-wal` is recovered or checkpointed)."""


def _unlock(fd: int | None) -> None:
    if fd is None:
        return
    with _OPEN_FOR_WRITING_GUARD:
        for identity, (held, shared, users) in list(_OPEN_FOR_WRITING.items()):
            if held == fd:
                if users > 1:
                    _OPEN_FOR_WRITING[identity] = (held, shared, users - 1)
                    return
                del _OPEN_FOR_WRITING[identity]
        with contextlib.suppress(OSError):
            os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_all(temp: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        _remove(Path(f"{temp}{suffix}"))


_SNAPSHOT_ATTEMPTS = 50


def _snapshot(path: Path) -> tuple[bytes, bytes | None]:
    """The bytes of a session file and of its `-wal` (None when there is none), consistent together.

    A writer may be committing, checkpointing (copying pages from `-wal` into
    the main file) or closing (which checkpoints and deletes `-wal`) while
    this runs. The main file is read before and after `-wal`: when both reads
    agree, no checkpoint ran in between, so the pair describes one committed
    state (SQLite's recovery ignores a transaction still being appended to
    `-wal`, by its checksums). Otherwise it is read again.
    """
    wal_path = Path(f"{path}-wal")
    for attempt in range(_SNAPSHOT_ATTEMPTS):
        if attempt:
            time.sleep(0.002 * attempt)
        # The main file is read afresh after each pause: the two reads compared are never
        # further apart than one read of `-wal`, however often the writer checkpoints.
        main = _read_regular(path)
        try:
            wal = _read_regular(wal_path)
        except FileNotFoundError:
            wal = None
        if _read_regular(path) == main:
            return main, wal or None
    raise OSError(errno.EBUSY, "it kept changing while being read; try again")


def _read_regular(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, not_regular_reason(mode))
        return handle.read()


_RESTAMP_SECONDS = 30.0
"""How long a live reader trusts an unchanged stamp before it reads the file again anyway (a
commit the file system's clock could hide; reading a large session costs tens of milliseconds)."""


def _file_stamp(path: Path) -> tuple[int, ...]:
    """The identity, size and modification time of a session file and its `-wal`: what a commit
    changes, read without opening either file."""
    stamp: list[int] = []
    for part in (path, Path(f"{path}-wal")):
        try:
            status = os.stat(part)
        except OSError:
            stamp += (-1, -1, -1, -1)
            continue
        stamp += (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    return tuple(stamp)


def _copy_of(path: Path) -> tuple[bytes, bytes | None]:
    """The bytes of the session file and its `-wal` as last committed (see `_snapshot`)."""
    try:
        return _snapshot(path)
    except OSError as exc:
        raise SessionFileError(f"{path}: cannot read the session file ({exc.strerror or exc})") from None


def _connect_copy(path: Path, copied: tuple[bytes, bytes | None]) -> sqlite3.Connection:
    """A connection to a private, in-memory copy of the session as last committed.

    Reading never opens the file through SQLite: a reader of a WAL database
    writes its `-shm` (and creates one beside a `-wal` that has none), which
    fails in a read-only folder and changes files a read must leave alone.
    The main file and its `-wal` are copied instead, and the copy is read:
    nothing beside the session is created or modified, and a read-only
    folder reads like any other.
    """
    try:
        return _open_copy(*copied)
    except sqlite3.DatabaseError:
        raise SessionFileError(f"{path}: not a tabletop session file (not an SQLite database)") from None
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SessionFileError(f"{path}: cannot read the session file ({reason})") from None


def _open_copy(main: bytes, wal: bytes | None) -> sqlite3.Connection:
    """An in-memory database holding `main` with the committed transactions of `wal` applied."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        if wal is None and hasattr(memory, "deserialize"):
            # Bytes 18-19 say "WAL"; an in-memory image has no log to read, so mark it as a
            # rollback-journal database (the same pages, read the same way).
            image = main[:18] + b"\x01\x01" + main[20:] if len(main) >= 100 else main
            memory.deserialize(image)
            return memory
        with tempfile.TemporaryDirectory(prefix="tabletop-read-") as folder:
            copy = Path(folder) / "session.sqlite"
            copy.write_bytes(main)
            if wal is not None:
                Path(f"{copy}-wal").write_bytes(wal)
            # Read-only: closing it neither checkpoints the copy of `-wal` into the copy of the
            # file nor deletes it, writes a reader never needs (it is all thrown away).
            source = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True, isolation_level=None)
            try:
                source.backup(memory)
            finally:
                source.close()
        return memory
    except BaseException:
        memory.close()
        raise

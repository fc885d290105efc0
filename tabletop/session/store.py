"""One SQLite file per session: the journal of events and the documents it was started with.

Used by `tabletop.session.engine` (live sessions and dry-runs) and
`tabletop.session.interchange` (export, import). It owns the file format and
its durability: WAL journal, `synchronous=FULL`, one transaction per event
(one for the whole file while a new session, a dry-run or an import is
built), so that an event whose
`append` returned survives `kill -9` and power loss.

Tables: `metadata` (key/value: format, format version, session id),
`documents` (the scenario files and the rules file, text and SHA-256) and
`events` (seq, time, type, payload JSON). `PRAGMA application_id` marks the
file as a tabletop session and `PRAGMA user_version` holds the format
version, so `file(1)`-style tools and this module recognise it cheaply.

New files are built under a temporary name in the target folder and renamed
into place when complete: a failed start, dry-run or import leaves no file.
Files opened with `readonly=True` are opened through SQLite's `mode=ro`, so
that looking at a session (status, export, report) never modifies it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pydantic import ValidationError

from tabletop.atomicfile import fsync_dir, fsync_file
from tabletop.errors import RefusedError, SessionFileError
from tabletop.session.events import JOURNAL_FORMAT_VERSION, Event, event_adapter

__all__ = [
    "APPLICATION_ID",
    "SESSION_SUFFIX",
    "Document",
    "SessionJournal",
    "text_sha256",
]

APPLICATION_ID = 0x54545853
"""`PRAGMA application_id` of a session file ("TTXS")."""
SESSION_SUFFIX = ".ttx.sqlite"
"""File name ending of a session file."""
_FORMAT_NAME = "tabletop-session"

_SCHEMA = """
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


@dataclass(frozen=True, slots=True)
class Document:
    """A text the session was started with: the scenario (and its included files) or the rules."""

    name: str
    """For the scenario, its file name; for included files, their path relative to it."""
    role: str
    """`scenario`, `include` or `rules`."""
    text: str
    sha256: str

    @classmethod
    def of(cls, name: str, role: str, text: str) -> Document:
        return cls(name, role, text, text_sha256(text))


def text_sha256(text: str) -> str:
    """SHA-256 of a text encoded as UTF-8: how the session identifies the texts it stores."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SessionJournal:
    """An open session file. Create one with `create()` (or `building()`), open one with `open()`."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, readonly: bool, lock: int | None = None
    ) -> None:
        self._db = connection
        self.path = path
        self.readonly = readonly
        self._lock = lock
        self._in_batch = False
        self._pending: list[tuple] = []

    # -- creating ------------------------------------------------------------

    @classmethod
    @contextlib.contextmanager
    def building(
        cls, path: Path, metadata: dict[str, str], documents: Sequence[Document]
    ) -> Iterator[SessionJournal]:
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
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            meta = {"format": _FORMAT_NAME, "format_version": str(JOURNAL_FORMAT_VERSION), **metadata}
            db.executemany("INSERT INTO metadata(key, value) VALUES (?, ?)", sorted(meta.items()))
            db.executemany(
                "INSERT INTO documents(name, role, sha256, text) VALUES (?, ?, ?, ?)",
                [(d.name, d.role, d.sha256, d.text) for d in documents],
            )
            journal._in_batch = True
            yield journal
            journal._flush()
            journal._in_batch = False
            db.execute("COMMIT")
            # Persist WAL mode in the header now, so every later writer uses it.
            db.execute("PRAGMA journal_mode=WAL")
            db.close()
            fsync_file(temp)
            if path.exists():
                raise SessionFileError(f"{path}: a file with this name appeared meanwhile")
            os.replace(temp, path)
            fsync_dir(path.parent)
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
    def open(cls, path: str | Path, *, readonly: bool = False, live: bool = False) -> SessionJournal:
        """Open an existing session file, checking that it is one this version can read.

        Raises `SessionFileError` for a missing file, a file that is not a
        session, one written by a newer version, or a damaged one. A file that
        fails these checks is never written to: the checks run on a read-only
        connection before any writable one is opened.
        """
        path = Path(path)
        if not path.is_file():
            raise SessionFileError(f"{path}: no such session file")
        db = cls._connect_readonly(path, live=live)
        try:
            cls._check(db, path)
        except BaseException:
            db.close()
            raise
        if readonly:
            return cls(db, path, readonly=True)
        db.close()
        lock = _lock_for_writing(path)
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            _unlock(lock)
            raise SessionFileError(f"{path}: cannot open the session for writing ({exc})") from None
        return cls(db, path, readonly=False, lock=lock)

    @staticmethod
    def _connect_readonly(path: Path, *, live: bool = False) -> sqlite3.Connection:
        # A read-only connection to a WAL database leaves `-wal` and `-shm` files
        # beside it. With no `-wal` file there is nothing to recover and no writer
        # at work, so the file is read as immutable: nothing at all is created.
        # With one (a writer is running, or one was killed), `mode=ro` reads the
        # log too without writing to the session file itself.
        # A `live` reader follows a writer that may start later, so it never reads as immutable.
        params = "mode=ro" if live or Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
        uri = "file:" + quote(str(path.resolve())) + "?" + params
        try:
            return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise SessionFileError(f"{path}: cannot open the session file ({exc})") from None

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

    def metadata(self) -> dict[str, str]:
        return dict(self._query("SELECT key, value FROM metadata"))

    def documents(self) -> list[Document]:
        """The stored documents, each checked against its stored SHA-256."""
        documents = []
        for name, role, sha256, text in self._query("SELECT name, role, sha256, text FROM documents ORDER BY rowid"):
            if text_sha256(text) != sha256:
                raise SessionFileError(
                    f"{self.path}: the session file is damaged (document {name!r} does not match its SHA-256)"
                )
            documents.append(Document(name, role, text, sha256))
        return documents

    def events(self, since: int = 0) -> list[Event]:
        """Every event after seq `since`, in order; a gap, an unreadable row or an unknown type is damage."""
        adapter = event_adapter()
        events: list[Event] = []
        rows = self._query("SELECT seq, at, type, payload FROM events WHERE seq > ? ORDER BY seq", (since,))
        for seq, at, kind, payload in rows:
            if seq != since + len(events) + 1:
                raise SessionFileError(
                    f"{self.path}: the session file is damaged (event {since + len(events) + 1} is missing)"
                )
            try:
                event = adapter.validate_json(f'{{"seq":{seq},"at":{json.dumps(at)},"payload":{payload}}}')
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                where = ".".join(map(str, first["loc"]))
                raise SessionFileError(
                    f"{self.path}: the session file is damaged (event {seq}: {where}: {first['msg']})"
                ) from None
            if event.type != kind:
                raise SessionFileError(f"{self.path}: the session file is damaged (event {seq}: type mismatch)")
            events.append(event)
        return events

    def _query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        self._flush()
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as exc:
            raise SessionFileError(f"{self.path}: the session file is damaged ({exc})") from None

    # -- writing -------------------------------------------------------------

    def append(self, event: Event) -> None:
        """Write one event durably; when this returns, the event survives a crash.

        While a new file is being built, the event joins the transaction that
        writes the whole file instead.
        """
        if self.readonly:
            raise SessionFileError(f"{self.path}: opened read-only")
        row = (event.seq, _iso(event), event.type, event.payload.model_dump_json())
        if self._in_batch:
            # Written with the batch's other rows, in the same transaction.
            self._pending.append(row)
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT INTO events(seq, at, type, payload) VALUES (?, ?, ?, ?)", row)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.IntegrityError:
            raise SessionFileError(
                f"{self.path}: event {event.seq} exists already: another program is writing to this session"
            ) from None
        except sqlite3.Error as exc:
            raise SessionFileError(f"{self.path}: could not record the event ({exc})") from None

    def _flush(self) -> None:
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        try:
            self._db.executemany("INSERT INTO events(seq, at, type, payload) VALUES (?, ?, ?, ?)", rows)
        except sqlite3.IntegrityError:
            raise SessionFileError(f"{self.path}: duplicate events in one batch") from None

    def close(self) -> None:
        self._db.close()
        # Only after SQLite's connection is closed: closing any descriptor of the file
        # drops the process's POSIX locks on it, SQLite's included.
        _unlock(self._lock)
        self._lock = None

    def __enter__(self) -> SessionJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _iso(event: Event) -> str:
    # Events hold UTC times only (the model converts), so the offset is always +00:00.
    return event.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _lock_for_writing(path: Path) -> int | None:
    """Hold an exclusive advisory lock on the session file while it is open for writing.

    One program records a session at a time; a second one is refused when it
    opens the file, before it could show the room a state that is not the
    journal's. The operating system releases the lock when the holder exits,
    even by `kill -9`. Where `flock` does not exist (Windows), a second writer
    is still refused at its first write, when its event's seq exists already.
    """
    try:
        import fcntl
    except ImportError:
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise SessionFileError(f"{path}: cannot open the session for writing ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise RefusedError(
            f"{path}: the session is being recorded by another program (a console or a command that is "
            "still running); close it there first. `tabletop status` can read it meanwhile."
        ) from None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_all(temp: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        _remove(Path(f"{temp}{suffix}"))



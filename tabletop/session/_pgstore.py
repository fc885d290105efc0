"""Session journals in a PostgreSQL database: many sessions, several writers, followers woken at once.

Used by `tabletop.session._interchange` (import into and export from a
database), the command line (`tabletop db`, `--db URL`) and, through the
`Journal` protocol, by `Session`. It is the only module that imports psycopg,
and nothing imports it until a database is named.

The tables (see `migrations/0001_journal.sql`) hold what a session file
holds, for many sessions: `sessions`, `metadata`, `documents` and `events`,
each event with the journal digest after it. The database keeps the journal
whole by itself: triggers refuse UPDATE, DELETE and TRUNCATE, and every
inserted event must follow the one before it (its seq, its time, the digest of
the chain recomputed on the server). `append` is one call of
`tabletop.append_event`, one transaction: the session's advisory lock, a
retried event recognised by its id, the head read, the writer's expected seq
checked (`SessionMovedOn` otherwise, nothing recorded), the server's clock
read, the event inserted with the previous digest, and a `NOTIFY` that wakes
the followers, who then read by seq (a notification is only a wake-up). In
the session's turn (`turn`), that call joins the turn's transaction, which
took the same lock before the writer caught up and decided, and commits it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import psycopg
from psycopg.rows import TupleRow

from tabletop.errors import (
    DatabaseError,
    DatabaseUnavailable,
    InputError,
    SeatTaken,
    SessionBusy,
    SessionFileError,
    SessionMovedOn,
    UsageError,
    close_matches,
    did_you_mean,
)
from tabletop.session._events import JOURNAL_FORMAT_VERSION, Event
from tabletop.session._database import LinkStatus, new_event_id
from tabletop.session._pglink import DatabaseAddress, Link, database_problem
from tabletop.session._pgschema import (
    DATABASE_SCHEMA_VERSION,
    Migration,
    ServerFacts,
    apply_migrations,
    require_schema,
    server_facts,
)
from tabletop.session._journal import DIGEST_KEY, TURN_SECONDS, Document, chained, moved_on
from tabletop.session._store import FORMAT_NAME, STORED_TIME_FORMAT, checked_documents, events_from_rows, stored_time

__all__ = ["NOTIFY_CHANNEL", "PostgresJournal", "SchemaChange", "SessionDatabase"]

NOTIFY_CHANNEL = "tabletop_journal"
"""The channel every append notifies, with the session id as payload."""
SAFETY_POLL_SECONDS = 5.0
"""How often a follower waiting for a notification reads the head anyway: a notification lost
with a connection that died silently delays a screen by this much at most."""
_WAKE_CHECK_SECONDS = 0.5
"""How long a follower's wait blocks at a stretch, so that closing the journal ends it soon."""
SEAT_CLAIM_SECONDS = 5.0
"""How long a facilitator waits for its own earlier connection (one the server had not yet
noticed was gone) to end, when it claims its seat again after the link came back."""
_RECORD = "session journal"

Connection = psycopg.Connection[TupleRow]
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class SchemaChange:
    """What `SessionDatabase.init_schema` did."""

    before: int
    """The schema version found (0: none)."""
    applied: tuple[Migration, ...]
    """The migrations applied, in order (none when the schema was current)."""
    facts: ServerFacts
    """The server as it is now (for the warnings `db init` prints)."""
    after: int = DATABASE_SCHEMA_VERSION


class SessionDatabase:
    """A PostgreSQL database holding session journals, named by a connection URL.

    The URL is read once; messages name the database by `shown` alone. Each
    method here opens a connection for its own work and closes it; a journal
    opened with `open` keeps its own.
    """

    def __init__(self, url: str | DatabaseAddress) -> None:
        self.address = url if isinstance(url, DatabaseAddress) else DatabaseAddress.parse(url)

    @property
    def shown(self) -> str:
        """The database as messages name it: `postgresql://USER@HOST:PORT/DATABASE`, no password."""
        return self.address.shown

    def __repr__(self) -> str:
        return f"SessionDatabase({self.shown!r})"

    @contextlib.contextmanager
    def _connection(self, *, readonly: bool = False, doing: str) -> Iterator[Connection]:
        connection = self.address.connect(readonly=readonly)
        try:
            yield connection
        except psycopg.OperationalError as exc:
            if connection.broken:
                raise DatabaseUnavailable(
                    f"the link to the session database {self.shown} dropped while trying to {doing} "
                    f"({self.address.clean(exc)})"
                ) from None
            raise database_problem(self.address, exc, doing) from None
        except psycopg.Error as exc:
            raise database_problem(self.address, exc, doing) from None
        finally:
            connection.close()

    # -- the schema ------------------------------------------------------------

    def init_schema(self, tabletop_version: str) -> SchemaChange:
        """Create the schema, or migrate it to this tabletop's version; nothing when it is current."""
        with self._connection(doing="create the tabletop schema") as connection:
            before, applied = apply_migrations(connection, self.shown, tabletop_version)
            return SchemaChange(before, tuple(applied), server_facts(connection))

    def facts(self) -> ServerFacts:
        """The server, the encryption of the link, the schema version and the sessions it holds."""
        with self._connection(readonly=True, doing="read the server's settings") as connection:
            return server_facts(connection)

    # -- the sessions ----------------------------------------------------------

    def session_ids(self) -> list[str]:
        """The ids of the sessions in the database, oldest first."""
        with self._connection(readonly=True, doing="list the sessions") as connection:
            require_schema(connection, self.shown)
            rows = connection.execute("SELECT session_id FROM tabletop.sessions ORDER BY created_at, session_id")
            return [str(row[0]) for row in rows]

    def has_session(self, session_id: str) -> bool:
        with self._connection(readonly=True, doing="look the session up") as connection:
            require_schema(connection, self.shown)
            row = connection.execute("SELECT 1 FROM tabletop.sessions WHERE session_id = %s", (session_id,))
            return row.fetchone() is not None

    def never_written(self, session_id: str) -> str | None:
        """Why the id `session_id` is listed here without a session tabletop wrote (a row of
        `tabletop.sessions` another program inserted, with no format version), or None when it
        holds a session or is not listed."""
        with self._connection(readonly=True, doing="look the session up") as connection:
            require_schema(connection, self.shown)
            written = connection.execute(
                "SELECT 1 FROM tabletop.metadata WHERE session_id = %s AND key = 'format_version'", (session_id,)
            ).fetchone()
            held = None if written is not None else _rows_held(connection, session_id)
        return None if held is None else _never_written(*held)

    def open(
        self,
        session_id: str,
        *,
        readonly: bool = False,
        retry_for: float = 10.0,
        on_status: Callable[[LinkStatus], None] | None = None,
        facilitator: bool = False,
        turn_seconds: float = TURN_SECONDS,
    ) -> PostgresJournal:
        """Open a session's journal for recording or, with `readonly`, for reading and following.

        Connecting is tried once: a wrong address, password or certificate is
        reported at once. Afterwards a dropped link is made again for up to
        `retry_for` seconds per call, reported to `on_status` as it goes.

        `facilitator` takes the session's facilitator's seat, one program's at a
        time on every host: `SeatTaken` names who holds it when another program
        does. The seat is held by this journal's connection for as long as it
        lives and claimed again on every new connection before anything else is
        done on it; when another program took it while the link was down, the
        journal becomes read-only (`seat_moved` says why; `on_status` hears it
        with `LinkStatus.seat_moved`): one facilitator records, whichever side
        of a network split the other was on.

        `turn_seconds` is how long a writer waits for the session's turn to record (`turn`).
        """
        journal = PostgresJournal(
            self,
            session_id,
            readonly=readonly,
            retry_for=retry_for,
            on_status=on_status,
            facilitator=facilitator,
            turn_seconds=turn_seconds,
        )
        try:
            journal._check()
        except BaseException:
            journal.close()
            raise
        return journal

    @contextlib.contextmanager
    def building(self, metadata: dict[str, str], documents: Sequence[Document]) -> Iterator[PostgresJournal]:
        """A new session: metadata, documents and every event appended in the block, in one transaction.

        The session appears to others only when the block completes; if it
        raises, nothing is left. `metadata["session_id"]` names the session;
        one that exists already is refused. Events keep the times they carry
        (an import keeps the times of the room).
        """
        session_id = metadata.get("session_id", "")
        journal = PostgresJournal(self, session_id, readonly=False, building=True)
        try:
            connection = journal._start_building(metadata, documents)
            yield journal
            journal._finish_building(connection)
        finally:
            journal.close()


def _rows_held(connection: Connection, session_id: str) -> tuple[int, int] | None:
    """The metadata keys and events held under `session_id` when `tabletop.sessions` lists it,
    else None."""
    row = connection.execute(
        "SELECT (SELECT count(*) FROM tabletop.metadata WHERE session_id = s.session_id),"
        " (SELECT count(*) FROM tabletop.events WHERE session_id = s.session_id)"
        " FROM tabletop.sessions s WHERE s.session_id = %s",
        (session_id,),
    ).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def _never_written(keys: int, events: int) -> str:
    """What a listed id holding no session is, in words: tabletop writes a session's rows in one
    transaction, so such a row came from another program (or a hand) with INSERT on the tables."""
    if keys == 0 and events == 0:
        held = "nothing: no metadata and no events"
    else:
        held = f"{keys} metadata key(s) and {events} event(s) but no format version"
    return (
        f"the database lists this id but holds {held}; tabletop writes a session whole, in one transaction, "
        "so another program inserted this row: there is no session to read, and as the database deletes no "
        "row, no session can be started or imported under this id in this database"
    )


class PostgresJournal:
    """One session's journal in a `SessionDatabase`: the same reading and appending as a session file's.

    Open one with `SessionDatabase.open` (or build a new session with
    `SessionDatabase.building`). Its methods may be called from one thread at
    a time, except `wait_for_events` and `wait_for_change`, which have a
    connection of their own and may wait in another thread.
    """

    def __init__(
        self,
        database: SessionDatabase,
        session_id: str,
        *,
        readonly: bool,
        retry_for: float = 10.0,
        on_status: Callable[[LinkStatus], None] | None = None,
        building: bool = False,
        facilitator: bool = False,
        turn_seconds: float = TURN_SECONDS,
    ) -> None:
        self.database = database
        self.session_id = session_id
        self.readonly = readonly
        self.seat_moved: str | None = None
        """Why this journal records no more: the facilitator's seat it held was taken by another
        program while its link was down (None while it holds it, or never claimed it)."""
        self._on_status = on_status
        self._facilitating = facilitator and not readonly
        """Whether this journal claims the facilitator's seat (once the session is checked)."""
        self._claiming = False
        """Whether every new connection of the writing link claims the seat first."""
        self._claim_token = uuid.uuid4()
        self._claim_name = ""
        """The facilitator named when the session started, recorded with each claim."""
        self._closed = False
        address = database.address
        self._link = Link(
            address,
            readonly=readonly,
            retry_for=retry_for,
            on_status=on_status,
            setup=None if readonly else self._set_up_writer,
        )
        self._listener = Link(address, readonly=True, retry_for=retry_for, on_status=on_status, setup=_listen)
        self._listening = threading.Lock()
        self._building: Connection | None = None
        self._pending: list[tuple[object, ...]] = []
        self._head: tuple[int, str] = (0, "")
        """While building: the seq and digest of the last event appended."""
        self._is_building = building
        self._shown = 0
        """The seq of the last event this journal read or appended (see `changed`)."""
        self._verified: tuple[int, str] = (0, "")
        """The last event `verify_digest` checked, and its digest."""
        self._documents: list[Document] | None = None
        self.turn_seconds = turn_seconds
        """How long `turn` waits for the session's turn to record before it is refused."""
        self._turn: Connection | None = None
        """The writing connection whose transaction holds the session's turn (see `turn`)."""
        self._view: Connection | None = None
        """The connection whose transaction every read goes through inside `snapshot`."""

    @property
    def path(self) -> str:
        """The journal as messages name it: the database (without its password) and the session id."""
        return f"{self.database.shown} session {self.session_id}"

    def __repr__(self) -> str:
        return f"PostgresJournal({self.path!r})"

    # -- opening ---------------------------------------------------------------

    def _check(self) -> None:
        """Connect, and refuse a database without a usable schema or without this session."""
        self._link.open()

        def look(connection: Connection) -> tuple[list[str], str | None, tuple[int, int] | None]:
            require_schema(connection, self.database.shown)
            row = connection.execute(
                "SELECT value FROM tabletop.metadata WHERE session_id = %s AND key = 'format_version'",
                (self.session_id,),
            ).fetchone()
            if row is not None:
                return [], str(row[0]), None
            held = _rows_held(connection, self.session_id)
            if held is not None:
                return [], None, held
            ids = connection.execute("SELECT session_id FROM tabletop.sessions").fetchall()
            return [str(found[0]) for found in ids], None, None

        ids, version, held = self._read(look, "open the session")
        if held is not None:
            raise SessionFileError(f"{self.path}: {_never_written(*held)}")
        if version is None:
            raise UsageError(
                f"{self.database.shown}: no session {self.session_id!r} in this database"
                + did_you_mean(close_matches(self.session_id, ids))
            )
        if not version.isdigit() or int(version) > JOURNAL_FORMAT_VERSION:
            raise SessionFileError(
                f"{self.path}: written by a newer version of tabletop (session format {version}; "
                f"this version reads up to {JOURNAL_FORMAT_VERSION}); upgrade tabletop to open it"
            )
        if self._facilitating:
            self._claim_name = self._read(
                lambda connection: _facilitator_named(connection, self.session_id), "read the session's facilitator"
            )
            self._read(self._claim, "claim the facilitator's seat")
            self._claiming = True

    # -- the facilitator's seat --------------------------------------------------------

    def _set_up_writer(self, connection: Connection) -> None:
        """Every new connection of the writing link: its lock timeout, and the facilitator's seat
        claimed again before anything is read or written on it."""
        _writer(connection)
        if self._claiming:
            self._claim(connection, again=True)

    def _claim(self, connection: Connection, *, again: bool = False) -> None:
        """Take the facilitator's seat on `connection`, or raise `SeatTaken` naming who holds it.

        Claimed `again` (a new connection after the link dropped) and refused, the seat has
        moved to another program: this journal stops recording for good, and says so.
        """
        deadline = time.monotonic() + SEAT_CLAIM_SECONDS
        while True:
            row = connection.execute(
                "SELECT outcome, holder, holder_host, since, holder_pid "
                "FROM tabletop.claim_facilitator_seat(%s, %s, %s, %s)",
                (self.session_id, self._claim_name, socket.gethostname(), self._claim_token),
            ).fetchone()
            assert row is not None
            outcome, holder, host, since, pid = row
            if outcome == "claimed":
                return
            if outcome == "ours" and time.monotonic() < deadline:
                # This program's earlier connection, which the server had not noticed was gone,
                # was asked to end: its seat is free in a moment.
                time.sleep(0.1)
                continue
            break
        held = _holder(holder, host, since, pid)
        if not again:
            raise SeatTaken(
                f"{self.path}: the facilitator's seat is held by {held}; one program holds it at a time. "
                "Quit that console first, or take another seat with `tabletop join` "
                "(a console cut off without quitting holds it until the server notices: see docs/sessions.md)",
                holder=held,
            )
        self._claiming = False
        self.readonly = True
        self.seat_moved = (
            f"the facilitator's seat has moved to {held} while the link was down; this console records "
            "no more (nothing it did not acknowledge was recorded) and follows the session"
        )
        if self._on_status is not None:
            self._on_status(LinkStatus(True, self.seat_moved, seat_moved=True))
        raise SeatTaken(f"{self.path}: {self.seat_moved}", holder=held)

    def _start_building(self, metadata: dict[str, str], documents: Sequence[Document]) -> Connection:
        connection = self.database.address.connect()
        connection.autocommit = False  # one transaction for the whole session, committed at the end
        self._building = connection
        with self._abandoned_on_failure():
            require_schema(connection, self.database.shown)
            try:
                connection.execute("INSERT INTO tabletop.sessions (session_id) VALUES (%s)", (self.session_id,))
            except psycopg.errors.UniqueViolation:
                raise SessionFileError(
                    f"{self.path}: a session with this id exists already in the database; nothing was written"
                ) from None
            except psycopg.errors.CheckViolation:
                raise InputError(f"{self.database.shown}: {self.session_id!r} cannot be a session id") from None
            meta = {"format": FORMAT_NAME, "format_version": str(JOURNAL_FORMAT_VERSION), **metadata}
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO tabletop.metadata (session_id, key, value) VALUES (%s, %s, %s)",
                    [(self.session_id, key, value) for key, value in sorted(meta.items())],
                )
                cursor.executemany(
                    "INSERT INTO tabletop.documents (session_id, position, name, role, sha256, text) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    [(self.session_id, n, d.name, d.role, d.sha256, d.text) for n, d in enumerate(documents)],
                )
        return connection

    def _finish_building(self, connection: Connection) -> None:
        with self._abandoned_on_failure():
            self._flush()
            connection.execute("SELECT pg_notify(%s, %s)", (NOTIFY_CHANNEL, self.session_id))
            connection.commit()
        self._building = None
        connection.close()

    @contextlib.contextmanager
    def _abandoned_on_failure(self) -> Iterator[None]:
        """While a session is built: on any failure, its transaction is rolled back and the
        driver's error told as the person needs it."""
        try:
            yield
        except (psycopg.Error, ValueError) as exc:
            self._abandon()
            raise self._building_problem(exc) from None
        except BaseException:
            self._abandon()
            raise

    def _building_problem(self, exc: Exception) -> Exception:
        if isinstance(exc, psycopg.DataError | ValueError) and "NUL" in str(exc):
            return InputError(f"{self.path}: PostgreSQL cannot store a NUL character (in a document or the metadata)")
        if isinstance(exc, psycopg.OperationalError):
            return DatabaseUnavailable(
                f"the link to the session database {self.database.shown} dropped while writing session "
                f"{self.session_id} ({self.database.address.clean(exc)}); nothing was written"
            )
        if isinstance(exc, psycopg.Error):
            return database_problem(self.database.address, exc, f"write session {self.session_id}")
        return exc

    def _abandon(self) -> None:
        if self._building is not None:
            with contextlib.suppress(psycopg.Error):
                self._building.close()
            self._building = None
        self._pending = []

    # -- reading ---------------------------------------------------------------

    def _read(self, work: Callable[[Connection], _R], doing: str) -> _R:
        """`work` on the building transaction, or on the link (made again if it drops)."""
        try:
            if self._building is not None:
                self._flush()
                return work(self._building)
            if self._view is not None:
                # Never made again: a new connection would be another view (the error says the link dropped).
                return work(self._view)
            if self._turn is not None:
                try:
                    return work(self._turn)
                except psycopg.OperationalError:
                    if not self._turn.broken:
                        raise
                    # The turn went with the link: read on the link made again; the append
                    # that follows is checked against the head as before (`append`).
                    self._turn = None
            return self._link.run(work, doing=doing)
        except psycopg.Error as exc:
            raise database_problem(self.database.address, exc, doing) from None

    def metadata(self) -> dict[str, str]:
        """The session's metadata, with the journal digest after its last event (as the file keeps it)."""

        def read(connection: Connection) -> dict[str, str]:
            rows = connection.execute(
                "SELECT key, value FROM tabletop.metadata WHERE session_id = %s", (self.session_id,)
            ).fetchall()
            head = connection.execute(
                "SELECT digest FROM tabletop.events WHERE session_id = %s ORDER BY seq DESC LIMIT 1",
                (self.session_id,),
            ).fetchone()
            metadata = {str(key): str(value) for key, value in rows}
            metadata[DIGEST_KEY] = str(head[0]) if head is not None else ""
            return metadata

        return self._read(read, "read the session's metadata")

    def documents(self) -> list[Document]:
        """The stored documents, each checked against its stored SHA-256 (read once: the database
        refuses any change to them)."""
        if self._documents is not None:
            return list(self._documents)
        rows = self._read(
            lambda connection: connection.execute(
                "SELECT name, role, sha256, text FROM tabletop.documents WHERE session_id = %s ORDER BY position",
                (self.session_id,),
            ).fetchall(),
            "read the session's documents",
        )
        self._documents = checked_documents(self.path, rows, record=_RECORD)
        return list(self._documents)

    def events(self, since: int = 0) -> list[Event]:
        """Every event after seq `since`, in order (always as committed now: a follower catches up by it)."""
        events = self._read(lambda connection: _events(connection, self.session_id, since, self.path), "read events")
        self._shown = max(self._shown, since + len(events))
        return events

    def stored_rows(self) -> list[tuple[Any, ...]]:
        """Every event's row as stored, unchecked, in order: (seq, at, type, payload, digest), the
        digest after each event as the server chained it. For salvaging what a damaged journal
        still holds intact (`tabletop salvage`)."""
        return self._read(
            lambda connection: connection.execute(
                "SELECT seq, at, type, payload, digest FROM tabletop.events WHERE session_id = %s ORDER BY seq",
                (self.session_id,),
            ).fetchall(),
            "read the journal",
        )

    def changed(self) -> bool:
        """Whether events were recorded after the last this journal read or appended, or the
        stored digest of the last event it checked is not the one it checked (one short query;
        the database refuses any change to what it has recorded, but its owner can bypass that).
        A closed journal reports nothing new."""
        if self._closed:
            return False
        since, checked = self._verified
        if not since:
            return self.head() != self._shown

        def look(connection: Connection) -> tuple[Any, ...] | None:
            return connection.execute(
                "SELECT coalesce(max(seq), 0), (SELECT digest FROM tabletop.events WHERE session_id = %s AND seq = %s) "
                "FROM tabletop.events WHERE session_id = %s",
                (self.session_id, since, self.session_id),
            ).fetchone()

        # In the same query, the stored digest of the last event checked: an old event edited
        # behind the triggers' back with the digests recomputed changes it, new event or not.
        row = self._read(look, "read the journal's head")
        return row is None or int(row[0]) != self._shown or row[1] != checked

    def head(self) -> int:
        """The seq of the last event recorded (0 for none)."""
        return self._read(lambda connection: _head(connection, self.session_id), "read the journal's head")

    def verify_digest(self) -> None:
        """Check every event against the chain: recomputed here, compared with each stored digest.

        The server checked each link when the event was inserted; this finds
        what was changed behind its back (triggers disabled by the owner, rows
        restored from an edited dump), naming the first event that disagrees.
        """
        damaged = SessionFileError(
            f"{self.path}: the {_RECORD} is damaged (events do not match the journal digest: "
            "events were removed, added or edited after they were recorded)"
        )
        # Once checked, a journal is checked again from the last event checked on: the database
        # refuses any change to what it holds, and that event's stored digest, read again,
        # still names everything before it (a seat catching up several times a second).
        since, checked = self._verified
        digest: str | None = checked
        rows = self._read(
            lambda connection: connection.execute(
                "SELECT seq, at, type, payload, digest FROM tabletop.events "
                "WHERE session_id = %s AND seq >= %s ORDER BY seq",
                (self.session_id, since),
            ).fetchall(),
            "read the journal",
        )
        if since:
            if not rows or rows[0][0] != since or rows[0][4] != digest:
                raise damaged
            rows = rows[1:]
        for seq, at, kind, payload, stored in rows:
            digest = chained(digest, (seq, at, kind, payload))
            if digest != stored:
                raise SessionFileError(
                    f"{self.path}: the {_RECORD} is damaged (event {seq} does not match the journal digest: "
                    "events were removed, added or edited after they were recorded)"
                )
            since = int(seq)
        if digest is not None:
            self._verified = (since, digest)

    def wait_for_events(self, since: int, timeout: float) -> list[Event]:
        """The events after seq `since`, waiting up to `timeout` seconds for the first of them.

        Returns at once when there are some, as soon as a writer commits one
        (woken by `NOTIFY`), or with `[]` when `timeout` passes. The wake-up is
        only a hint: the events are always read by seq, so a notification lost
        while the link was down costs nothing; the link is made again and the
        events read. Raises `DatabaseUnavailable` when it stays down.
        """
        deadline = time.monotonic() + timeout
        with self._listening:
            while True:
                seen = self._listener.generation
                found = self._listener.run(
                    lambda connection: _events(connection, self.session_id, since, self.path),
                    doing="follow the session",
                )
                if found:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                if self._listener.generation == seen:
                    self._listener.run(self._waiter(deadline, seen), doing="follow the session")

    def wait_for_change(self, since: int, timeout: float, *, stop: Callable[[], bool] | None = None) -> bool:
        """Whether events after seq `since` are recorded, waiting up to `timeout` seconds for one.

        A follower's wake-up, cheaper than `wait_for_events`: no event is read. It
        returns True as soon as a writer's `NOTIFY` for this session arrives (or at
        once when the head is past `since` already), False when `timeout` passes.
        The head is read again after every notification, after the listening
        connection is made again (a notification lost while it was down costs
        nothing) and every `SAFETY_POLL_SECONDS` (a connection that died without
        a word). Returns False soon after the journal is closed, or `stop()` says
        so (a screen closing). `DatabaseUnavailable` when the link stays down.
        """
        deadline = time.monotonic() + timeout

        def ended() -> bool:
            return self._closed or (stop is not None and stop())

        with self._listening:
            while not ended():
                seen = self._listener.generation
                head = self._listener.run(
                    lambda connection: _head(connection, self.session_id), doing="follow the session"
                )
                if head > since:
                    return True
                safety = min(deadline, time.monotonic() + SAFETY_POLL_SECONDS)
                while not ended() and self._listener.generation == seen:
                    remaining = safety - time.monotonic()
                    if remaining <= 0:
                        break
                    stretch = time.monotonic() + min(remaining, _WAKE_CHECK_SECONDS)
                    if self._listener.run(self._notified(stretch), doing="follow the session"):
                        break
                if time.monotonic() >= deadline:
                    return False
        return False

    def _notified(self, until: float) -> Callable[[Connection], bool]:
        def wait(connection: Connection) -> bool:
            remaining = until - time.monotonic()
            if remaining <= 0:
                return False
            return any(
                notice.payload == self.session_id for notice in connection.notifies(timeout=remaining, stop_after=1)
            )

        return wait

    def _waiter(self, deadline: float, seen: int) -> Callable[[Connection], None]:
        def wait(connection: Connection) -> None:
            _woken(connection, self.session_id, deadline, self._listener, seen)

        return wait

    # -- writing ---------------------------------------------------------------

    def append(self, event: Event, *, expected_seq: int | None = None, event_id: uuid.UUID | None = None) -> Event:
        """Record `event` after event `expected_seq` (by default `event.seq - 1`); return it as recorded.

        Live, the server's clock stamps the event (never earlier than the
        event before it); the returned event carries that time, and the seq the
        server gave it. `SessionMovedOn` when the journal has moved past
        `expected_seq`: nothing was recorded. `event_id` (a new one by
        default) makes a retry harmless: appending an event whose id is
        recorded already returns the recorded event. A dropped link is made
        again and the append retried with the same id; `DatabaseUnavailable`
        when it stays down. While a session is being built, the event keeps
        its time and joins the building transaction.
        """
        if self.readonly:
            raise SessionFileError(f"{self.path}: opened read-only")
        expected = event.seq - 1 if expected_seq is None else expected_seq
        if event.seq != expected + 1:
            raise ValueError(f"event {event.seq} cannot follow event {expected}")
        payload = event.payload.model_dump_json()
        if self._is_building:
            head_seq, head_digest = self._head
            if expected != head_seq:
                raise SessionMovedOn(moved_on(expected, head_seq), head=head_seq)
            stored = (event.seq, stored_time(event), event.type, payload)
            digest = chained(head_digest, stored) or ""
            self._pending.append((self.session_id, *stored, event_id or new_event_id(), digest))
            self._head = (event.seq, digest)
            return event
        chosen = event_id or new_event_id()

        def record(connection: Connection) -> tuple[Any, ...] | None:
            return connection.execute(
                "SELECT outcome, event_seq, event_at FROM tabletop.append_event(%s, %s, %s, %s, %s)",
                (self.session_id, expected, chosen, event.type, payload),
            ).fetchone()

        doing = f"record event {event.seq}"
        turn, self._turn = self._turn, None
        try:
            row = None if turn is None else self._record_in_turn(turn, record)
            if turn is None or turn.broken:
                # Without a turn, or the link dropped in it (perhaps once the commit was sent):
                # on the link, made again as often as needed, by the event's id (recorded once).
                row = self._link.run(record, doing=doing, event_id=chosen)
        except psycopg.errors.LockNotAvailable:
            raise self._busy() from None
        except psycopg.DataError as exc:
            raise InputError(f"{self.path}: the event cannot be stored ({self.database.address.clean(exc)})") from None
        except psycopg.Error as exc:
            raise database_problem(self.database.address, exc, doing) from None
        if row is None:
            raise DatabaseError(f"{self.path}: the database did not answer the append")
        outcome, seq, at = row
        if outcome == "moved_on":
            raise SessionMovedOn(moved_on(expected, int(seq)), head=int(seq))
        if int(seq) == self._shown + 1:
            self._shown = int(seq)
        checked_seq, checked = self._verified
        if checked_seq and checked_seq == expected:
            # Chained from what this journal checked, not from what is stored now: `changed()`
            # then compares this event's stored digest with it.
            self._verified = (int(seq), chained(checked, (int(seq), str(at), event.type, payload)) or "")
        return Event.model_construct(
            seq=int(seq), at=datetime.strptime(str(at), STORED_TIME_FORMAT).replace(tzinfo=UTC), payload=event.payload
        )

    @staticmethod
    def _record_in_turn(
        connection: Connection, record: Callable[[Connection], tuple[Any, ...] | None]
    ) -> tuple[Any, ...] | None:
        """`record` in the turn's transaction, committed with it (the turn ends); None when the
        link dropped meanwhile (the caller records by the event's id on the link made again)."""
        try:
            row = record(connection)
            connection.execute("COMMIT")
        except psycopg.OperationalError:
            if connection.broken:
                return None
            _rolled_back(connection)
            raise
        except BaseException:
            _rolled_back(connection)
            raise
        return row

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the session's turn to record (see `Journal.turn`): a transaction on the writing
        connection holding the session's transaction-scoped advisory lock, the one every append
        takes (`tabletop.lock_session`), until the `append` inside the block commits or the block
        ends (rolled back). Writers waiting for it queue in the server's lock manager, each
        served in the order it asked; one waiting `turn_seconds` is refused (`SessionBusy`). A
        writer whose program dies, or whose link drops, ends its transaction and so the turn.
        Reads inside it see every event committed before it was had."""
        if self.readonly or self._is_building or self._closed or self._turn is not None:
            yield  # nothing to record, one transaction already, or the turn held already
            return
        try:
            self._turn = self._link.run(self._take_turn, doing="take the session's turn to record")
        except psycopg.errors.LockNotAvailable:
            raise self._busy() from None
        except psycopg.Error as exc:
            raise database_problem(self.database.address, exc, "take the session's turn to record") from None
        try:
            yield
        finally:
            turn, self._turn = self._turn, None
            if turn is not None and not turn.broken:  # nothing appended: give the turn back
                _rolled_back(turn)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Hold one view of the session for every read inside the block (see `Journal.snapshot`):
        one REPEATABLE READ, READ ONLY transaction, whose snapshot the server takes at the first
        read inside it; events other writers commit meanwhile are not seen, and the digest in the
        metadata is the one after the last event read. Inside the session's turn, or while a new
        session is built, the transaction open already is that view."""
        if self._is_building or self._closed or self._turn is not None or self._view is not None:
            yield
            return
        try:
            self._view = self._link.run(_viewing, doing="read the session")
        except psycopg.Error as exc:
            raise database_problem(self.database.address, exc, "read the session") from None
        try:
            yield
        finally:
            view, self._view = self._view, None
            if view is not None and not view.broken:  # read only: nothing to commit
                _rolled_back(view)

    def _take_turn(self, connection: Connection) -> Connection:
        connection.execute("BEGIN")
        try:
            connection.execute("SELECT set_config('lock_timeout', %s, true)", (f"{int(self.turn_seconds * 1000)}ms",))
            connection.execute("SELECT tabletop.lock_session(%s)", (self.session_id,))
        except psycopg.OperationalError:
            if not connection.broken:
                _rolled_back(connection)
            raise
        except BaseException:
            _rolled_back(connection)
            raise
        return connection

    def _busy(self) -> SessionBusy:
        return SessionBusy(
            f"{self.path}: another program has kept the session's turn to record for {self.turn_seconds:g} s "
            "(stuck, or cut off while recording); nothing was recorded"
        )

    def _flush(self) -> None:
        if not self._pending or self._building is None:
            return
        rows, self._pending = self._pending, []
        with self._building.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO tabletop.events (session_id, seq, at, type, payload, event_id, digest) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

    def close(self) -> None:
        self._closed = True
        self._abandon()
        self._link.close()
        # A follower's wait blocks on the listening connection for half a second at most: let it
        # end before the connection is closed under it.
        if self._listening.acquire(timeout=2 * _WAKE_CHECK_SECONDS):
            try:
                self._listener.close()
            finally:
                self._listening.release()
        else:
            self._listener.close()

    def __enter__(self) -> PostgresJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _events(connection: Connection, session_id: str, since: int, where: str) -> list[Event]:
    rows = connection.execute(
        "SELECT seq, at, type, payload FROM tabletop.events WHERE session_id = %s AND seq > %s ORDER BY seq",
        (session_id, since),
    ).fetchall()
    return events_from_rows(where, rows, since, record=_RECORD)


def _woken(connection: Connection, session_id: str, deadline: float, listener: Link, seen: int) -> None:
    """Wait on a listening connection until this session is notified or `deadline` passes."""
    while listener.generation == seen:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        for notice in connection.notifies(timeout=remaining, stop_after=1):
            if notice.payload == session_id:
                return


def _head(connection: Connection, session_id: str) -> int:
    row = connection.execute(
        "SELECT coalesce(max(seq), 0) FROM tabletop.events WHERE session_id = %s", (session_id,)
    ).fetchone()
    return int(row[0]) if row is not None else 0


def _facilitator_named(connection: Connection, session_id: str) -> str:
    row = connection.execute(
        "SELECT value FROM tabletop.metadata WHERE session_id = %s AND key = 'facilitator'", (session_id,)
    ).fetchone()
    return str(row[0]) if row is not None else ""


def _holder(name: str | None, host: str | None, since: str | None, pid: int | None) -> str:
    """Who holds the facilitator's seat, as the refusal says it."""
    if host is None:  # claimed an instant ago, or by a connection whose claim is not committed yet
        return f"another program (server process {pid})" if pid is not None else "another program"
    who = name or "a facilitator not named"
    when = f"{since[:10]} {since[11:19]} UTC" if since else "a moment ago"
    return f"{who} on host {host} since {when} (server process {pid})"


def _viewing(connection: Connection) -> Connection:
    connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    return connection


def _writer(connection: Connection) -> None:
    connection.execute(f"SET lock_timeout = '{int(TURN_SECONDS * 1000)}ms'")


def _rolled_back(connection: Connection) -> None:
    """End the connection's transaction, writing nothing (a link already down ends it by itself)."""
    with contextlib.suppress(psycopg.Error):
        connection.execute("ROLLBACK")


def _listen(connection: Connection) -> None:
    connection.execute(f"LISTEN {NOTIFY_CHANNEL}")

"""What a session journal is, whichever engine keeps it: an SQLite file or a PostgreSQL database.

Read by `tabletop.session._engine` (a `Session` records through any `Journal`),
`tabletop.session._interchange` (export and import on either engine) and the
command line. It imports neither engine's driver: naming a journal costs
nothing, and psycopg is loaded only by `tabletop.session._pgstore`, when a
database is opened.

Both engines keep the same record: metadata, the documents a session started
with, and events chained by one digest (`tabletop.session._store.chained_digest`).
`append(event, expected_seq)` records one event in one transaction, or refuses
it with `SessionMovedOn` when the journal has moved past `expected_seq`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tabletop.errors import DatabaseError

if TYPE_CHECKING:
    from tabletop.session._events import Event
    from tabletop.session._pgstore import SessionDatabase
    from tabletop.session._store import Document

__all__ = ["DATABASE_URL_ENV", "Journal", "LinkStatus", "new_event_id", "session_database"]

DATABASE_URL_ENV = "TABLETOP_DATABASE_URL"
"""Environment variable holding the URL of the session database (`--db URL` on the command line)."""


def session_database(url: str) -> SessionDatabase:
    """The PostgreSQL database at `url` (`--db URL`, `TABLETOP_DATABASE_URL`), its driver loaded now.

    Without psycopg installed, says how to install it. A URL that cannot be
    read is refused without being repeated (it may hold a password).
    """
    try:
        from tabletop.session._pgstore import SessionDatabase
    except ImportError as exc:
        if exc.name is None or not exc.name.startswith("psycopg"):
            raise
        raise DatabaseError(
            "sessions in a PostgreSQL database need the psycopg driver: pip install 'tabletop[postgres]'"
        ) from None
    return SessionDatabase(url)


def new_event_id() -> uuid.UUID:
    """A fresh event id: chosen by the writer before its first attempt, kept for every retry."""
    return uuid.uuid4()


@dataclass(frozen=True, slots=True)
class LinkStatus:
    """A change in the link to the session database, as a journal reports it while it retries."""

    up: bool
    """False when the link has dropped (or cannot be made), True when it is back."""
    detail: str
    """One line for the person at the screen: the database (never its password) and what happened."""
    attempt: int = 0
    """How many times the link has been tried since it dropped (0 when it is back)."""


class Journal(Protocol):
    """A session's journal: `SessionJournal` (an SQLite file) or `PostgresJournal` (a database)."""

    @property
    def path(self) -> Path | str:
        """Where the journal is, as messages name it: a file, or the database and the session id."""
        ...

    @property
    def readonly(self) -> bool: ...

    def metadata(self) -> dict[str, str]: ...

    def documents(self) -> list[Document]: ...

    def events(self, since: int = 0) -> list[Event]: ...

    def verify_digest(self) -> None: ...

    def append(self, event: Event, expected_seq: int | None = None, *, event_id: uuid.UUID | None = None) -> Event:
        """Record `event` after event `expected_seq` (by default, the one before `event.seq`);
        return it as recorded. Raises `SessionMovedOn`, recording nothing, when the journal has
        moved past `expected_seq`."""
        ...

    def close(self) -> None: ...

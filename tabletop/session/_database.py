"""Sessions in a PostgreSQL database, as the rest of tabletop names them without loading its driver.

Used by the command line (`--db URL`, `TABLETOP_DATABASE_URL`), `tabletop.session._pglink`
and `tabletop.session._pgstore`. Nothing here imports psycopg: `session_database` loads it
when a database is named, and says how to install it when it is missing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tabletop.errors import DatabaseError

if TYPE_CHECKING:
    from tabletop.session._pgstore import SessionDatabase

__all__ = ["DATABASE_URL_ENV", "LinkStatus", "new_event_id", "session_database"]

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
    seat_moved: bool = False
    """True when the link is back but the facilitator's seat this program held was taken by
    another program meanwhile: `detail` says by whom, and this program records no more."""

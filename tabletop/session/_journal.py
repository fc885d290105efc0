"""What a session journal is, whichever store keeps it: an SQLite file or a PostgreSQL database.

Read by `tabletop.session._engine` (a `Session` records through any `Journal`) and
`tabletop.session._interchange` (export and import on either store). It imports neither
store's driver. Both stores keep the same record: metadata, the documents a session started
with, and events chained by one digest (`tabletop.session._store.chained`).
`append(event, expected_seq=...)` records one event in one transaction, or refuses it with
`SessionMovedOn` when the journal has moved past `expected_seq`.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tabletop.session._events import Event
    from tabletop.session._store import Document

__all__ = ["Journal"]


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

    def head(self) -> int:
        """The seq of the last event committed (0 before the first)."""
        ...

    def append(self, event: Event, *, expected_seq: int | None = None, event_id: uuid.UUID | None = None) -> Event:
        """Record `event` after event `expected_seq` (by default, the one before `event.seq`);
        return it as recorded. Raises `SessionMovedOn`, recording nothing, when the journal has
        moved past `expected_seq`."""
        ...

    def close(self) -> None: ...

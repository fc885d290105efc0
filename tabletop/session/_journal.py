"""The journal protocol: what a session needs of the place its events are kept, stated once.

`tabletop.session._store.SessionJournal` (one SQLite file per session) implements it; a journal
kept in another store (a database server) implements the same methods with the same meaning,
and `Session` works over either. Everything here is what the session relies on; how a store
keeps it durable, locks it or copies it for reading is the store's own business.

A journal holds, for one session:

- `metadata()`: the session's key/value metadata (`session_id`, `created_at`,
  `tabletop_version`, `facilitator`, the journal digest under `journal_sha256`, ...);
- `documents()`: the texts the session was started with (`Document`: the scenario, its
  included files and the rules), each checked against its SHA-256 as it is read;
- `events(since)`: every event after seq `since`, in order, checked to follow on without
  gaps and to parse as `Event`;
- `head()`: the seq of the last event committed to the store (0 before the first);
- `append(event, expected_seq=...)`: commit one event if and only if the store's head is
  `expected_seq` (by default `event.seq - 1`), checked inside the write transaction against
  what is stored, not against what this process last saw; otherwise `SessionMovedOn` is
  raised and nothing is written. When `append` returns the event is durable, and the journal
  digest stored beside the events chains it to the one before it, in the same transaction;
- `verify_digest()`: the stored events, from the first, chain to the stored digest (a journal
  written before digests has none and is not checked); `SessionFileError` otherwise;
- `close()`.

And the attributes `path` (where the journal is, for messages and for the files written beside
it) and `readonly` (True when `append` would refuse).

Errors: anything that is not an intact journal raises `SessionFileError` with a one-line
message naming the journal; a store that cannot commit raises `SessionFileError` with nothing
recorded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tabletop.session._events import Event

__all__ = ["DIGEST_KEY", "Document", "Journal", "chained", "text_sha256"]

DIGEST_KEY = "journal_sha256"
"""Metadata key of the journal digest (see `Journal.verify_digest`)."""


def text_sha256(text: str) -> str:
    """SHA-256 of a text encoded as UTF-8: how the session identifies the texts it stores."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""How a row is written for its digest (one encoder for every row: `json.dumps` with these
settings would build a new one each time, most of the cost of checking a long journal)."""


def chained(previous: str | None, row: tuple[object, ...]) -> str | None:
    """The journal digest after `row` (seq, `at` as stored, type, payload JSON), from the digest
    before it ("" before the first event; None in a journal kept before digests)."""
    if previous is None:
        return None
    record = _ROW.encode([previous, *row])
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


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


class Journal(Protocol):
    """What a session needs of its journal (see the module docstring for the meaning of each)."""

    path: Path
    readonly: bool

    def metadata(self) -> dict[str, str]: ...

    def documents(self) -> list[Document]: ...

    def events(self, since: int = 0) -> list[Event]: ...

    def head(self) -> int: ...

    def append(self, event: Event, *, expected_seq: int | None = None) -> None: ...

    def verify_digest(self) -> None: ...

    def close(self) -> None: ...

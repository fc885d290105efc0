"""The journal protocol: what a session needs of the place its events are kept, stated once.

`tabletop.session._store.SessionJournal` (one SQLite file per session) and
`tabletop.session._pgstore.PostgresJournal` (many sessions in a PostgreSQL database) implement
it with the same meaning, and `Session` works over either. This module imports neither
store's driver. Everything here is what the session relies on; how a store
keeps it durable, locks it or copies it for reading is the store's own business.

A journal holds, for one session:

- `metadata()`: the session's key/value metadata (`session_id`, `created_at`,
  `tabletop_version`, `facilitator`, the journal digest under `journal_sha256`, ...);
- `documents()`: the texts the session was started with (`Document`: the scenario, its
  included files and the rules), each checked against its SHA-256 as it is read;
- `events(since)`: every event after seq `since`, in order, checked to follow on without
  gaps and to parse as `Event`;
- `head()`: the seq of the last event committed to the store (0 before the first);
- `append(event, expected_seq=..., event_id=...)`: commit one event if and only if the store's head is
  `expected_seq` (by default `event.seq - 1`), checked inside the write transaction against
  what is stored, not against what this process last saw; otherwise `SessionMovedOn` is
  raised and nothing is written. When `append` returns the event is durable, and the journal
  digest stored beside the events chains it to the one before it, in the same transaction.
  It returns the event as recorded (a database server stamps its own time on it). A store that
  keeps event ids records an event id at most once, so an append retried after a lost
  acknowledgement is harmless;
- `turn()`: a context manager holding the session's turn to record: while it is held, no other
  writer appends to the session (every other writer's turn, and every append made without one,
  waits for it), so that what is read inside it is the journal as it stands and an `append`
  inside it at the head just read cannot be refused for another writer's event, however long the
  writer took to decide it. The turn ends with the first
  `append` made inside it (the event and the turn's end commit together), or at the block's end
  when nothing is appended. A writer that cannot have it within `TURN_SECONDS` (another kept it:
  a program stuck, or cut off while recording) is refused with `SessionBusy`, nothing recorded;
  a writer that dies holding it gives it up with its process or connection. Inside a turn that
  is held already, or on a journal that cannot record (read-only, or a new session being built
  in one transaction), it holds nothing more;
- `snapshot()`: a context manager holding one view of the journal for every read made inside
  it: `metadata()`, `documents()`, `events()`, `head()` and `verify_digest()` all see the journal
  as it stood at the first of them, whatever other writers commit meanwhile (the digest in the
  metadata is then the chain's end after the last event read), and `changed()` says no. A
  session file reads in one read transaction (WAL gives it a snapshot; a read-only journal reads a
  private copy, which is one already, and a follower takes no fresh copy inside it), a database
  in one REPEATABLE READ, READ ONLY transaction. Nothing is appended inside it; inside a turn, or
  a new session being built, it holds nothing more (what is read there is one view already);
- `changed()`: whether another writer may have committed something this journal has not shown
  yet, asked cheaply (no event read), so that a screen can ask several times a second;
- `verify_digest()`: the stored events, from the first, chain to the stored digest (a journal
  written before digests has none and is not checked); `SessionFileError` otherwise;
- `close()`.

And the attributes `path` (where the journal is: a file, or for a database session a label
naming the database and the session, for messages) and `readonly` (True when `append` would refuse).

Errors: anything that is not an intact journal raises `SessionFileError` with a one-line
message naming the journal; a store that cannot commit raises `SessionFileError` with nothing
recorded.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tabletop.session._events import Event

__all__ = ["DIGEST_KEY", "TURN_SECONDS", "Document", "Journal", "chain", "chained", "moved_on", "text_sha256"]

DIGEST_KEY = "journal_sha256"
"""Metadata key of the journal digest (see `Journal.verify_digest`)."""
TURN_SECONDS = 10.0
"""How long a writer waits for the session's turn to record (`Journal.turn`) before it is refused:
far longer than any writer holds it (a few milliseconds), short enough for a person to wait."""


def text_sha256(text: str) -> str:
    """SHA-256 of a text encoded as UTF-8: how the session identifies the texts it stores."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_ROW = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""How a row is written for its digest (one encoder for every row: `json.dumps` with these
settings would build a new one each time, most of the cost of checking a long journal)."""
_STRING: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
"""How `_ROW` writes a string (with `ensure_ascii=False`)."""


def chained(previous: str | None, row: tuple[object, ...]) -> str | None:
    """The journal digest after `row` (seq, `at` as stored, type, payload JSON), from the digest
    before it ("" before the first event; None in a journal kept before digests)."""
    if previous is None:
        return None
    seq, at, kind, payload = row
    if type(seq) is int and type(at) is str and type(kind) is str and type(payload) is str:
        # What `_ROW.encode` writes for such a row, without its machinery: every event of a
        # journal is chained when it is read, so this is most of checking a long one.
        record = f"[{_STRING(previous)},{seq},{_STRING(at)},{_STRING(kind)},{_STRING(payload)}]"
    else:
        record = _ROW.encode([previous, *row])
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


def chain(
    previous: str | None, rows: Iterable[tuple[object, ...]], keep: Callable[[str], object] | None = None
) -> str | None:
    """The journal digest after every row of `rows` in turn (see `chained`), from `previous`;
    `keep` is given each digest as it is made. The same digests as `chained` row by row, in one
    loop: a reader chains every event of a journal, so its cost per row is most of checking one."""
    if previous is None:
        return None
    digest = previous
    sha256, string = hashlib.sha256, _STRING
    # A digest is hexadecimal: written as a JSON string it is itself between quotes (the
    # first one is checked, as it may come from the file).
    plain = _HEX.fullmatch(digest) is not None
    for row in rows:
        seq, at, kind, payload = row
        if plain and type(seq) is int and type(at) is str and type(kind) is str and type(payload) is str:
            record = f'["{digest}",{seq},{string(at)},{string(kind)},{string(payload)}]'
            digest = sha256(record.encode("utf-8")).hexdigest()
        else:
            digest = chained(digest, row) or ""
            plain = True
        if keep is not None:
            keep(digest)
    return digest


_HEX = re.compile(r"[0-9a-f]*")


def moved_on(expected: int, head: int) -> str:
    """Why an append decided on the state after event `expected` is refused when the journal's
    head is `head`: the one sentence every store and the session say it in."""
    recorded = (
        f"event {head} was recorded" if head == expected + 1 else f"events {expected + 1} to {head} were recorded"
    )
    if head < expected:
        recorded = f"the journal ends at event {head}"
    return (
        f"the session moved on: {recorded} meanwhile (this was decided on the state after event {expected}); "
        "nothing was recorded"
    )


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

    @property
    def path(self) -> Path | str: ...

    @property
    def readonly(self) -> bool: ...

    def metadata(self) -> dict[str, str]: ...

    def documents(self) -> list[Document]: ...

    def events(self, since: int = 0) -> list[Event]: ...

    def head(self) -> int: ...

    def changed(self) -> bool: ...

    def turn(self) -> AbstractContextManager[None]: ...

    def snapshot(self) -> AbstractContextManager[None]: ...

    def append(self, event: Event, *, expected_seq: int | None = None, event_id: uuid.UUID | None = None) -> Event: ...

    def verify_digest(self) -> None: ...

    def close(self) -> None: ...

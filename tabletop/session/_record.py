"""A session as one pure, serialisable value: what documents about a session are computed from.

`SessionRecord.load(path)` reads a session file read-only (never changing it), verified as
every reader verifies it (`tabletop.session._reading`), into a frozen pydantic model: its
metadata, the texts it was started with (scenario files and rules, each with its SHA-256) and
its events. Everything else is a pure function of that value:
`record.state()` folds the events with the one mapping from events to state
(`tabletop.session._fold`), `record.corpus()` and `record.scenario()` rebuild the stored
rules and scenario. The record round-trips through JSON (`model_dump_json`,
`model_validate_json`), so a report can be made from a record on another machine.

Used by the after-action documents, `tabletop status` and anything that reads a
finished or running session without recording in it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

from pydantic import Field, PrivateAttr

from tabletop.session._events import Event, SessionStarted
from tabletop.strictmodel import StrictModel
from tabletop.yamlsource import collector_paused

if TYPE_CHECKING:
    from tabletop.rules import Corpus
    from tabletop.scenario import LoadedScenario
    from tabletop.session._journal import Document
    from tabletop.session._state import SessionState

__all__ = ["RecordedDocument", "SessionRecord"]


class RecordedDocument(StrictModel):
    """A text the session was started with."""

    name: str
    """The scenario's file name; an included file's path relative to it; the rules file's name."""
    role: Literal["scenario", "include", "rules"]
    """What the text is."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the text encoded as UTF-8."""
    text: str
    """The text, exactly as stored."""


class SessionRecord(StrictModel):
    """Everything a session file holds, as one immutable value."""

    session_id: str
    """The session's id."""
    metadata: dict[str, str]
    """The file's metadata (format, version, creation time, the tabletop version)."""
    documents: tuple[RecordedDocument, ...]
    """The scenario files and the rules file the session started with."""
    events: tuple[Event, ...]
    """The journal, in `seq` order."""

    _state: SessionState | None = PrivateAttr(default=None)
    """The state the events were folded into when they were read and checked (else on first use)."""

    def __eq__(self, other: object) -> bool:
        # Two records are equal when they hold the same session; whether one has folded its
        # events yet does not count.
        if not isinstance(other, SessionRecord):
            return NotImplemented
        return (self.session_id, self.metadata, self.documents, self.events) == (
            other.session_id,
            other.metadata,
            other.documents,
            other.events,
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SessionRecord:
        """Read a session file read-only, verified as every reader verifies it; `SessionFileError`
        (one line) when it is not an intact session."""
        from tabletop.session._reading import read_verified
        from tabletop.session._store import SessionJournal

        # Every event read stays alive in the record: see `collector_paused`.
        with collector_paused(), SessionJournal.open(path, readonly=True) as journal:
            verified = read_verified(journal)
        return cls.from_parts(verified.metadata, verified.documents, verified.events, state=verified.fold.state())

    @classmethod
    def from_parts(
        cls,
        metadata: Mapping[str, str],
        documents: Iterable[Document],
        events: Iterable[Event],
        *,
        state: SessionState | None = None,
    ) -> SessionRecord:
        """A record from what a verified journal gave (`load`, `Session.record()`); `state` is the
        state its events were folded into as they were checked."""
        stored = tuple(
            RecordedDocument.model_validate({"name": d.name, "role": d.role, "sha256": d.sha256, "text": d.text})
            for d in documents
        )
        record = cls(
            session_id=metadata.get("session_id", ""), metadata=dict(metadata), documents=stored, events=tuple(events)
        )
        record._state = state
        return record

    def sources(self) -> tuple[Corpus, LoadedScenario]:
        """The stored rules and scenario, rebuilt (the same texts give the same objects)."""
        from tabletop.session._journal import Document
        from tabletop.session._sources import rebuild_sources

        documents = [Document(d.name, d.role, d.text, d.sha256) for d in self.documents]
        return rebuild_sources(self.session_id or "session record", documents)

    def corpus(self) -> Corpus:
        return self.sources()[0]

    def scenario(self) -> LoadedScenario:
        return self.sources()[1]

    def state(self) -> SessionState:
        """The state the events describe (each checked, then applied, in order)."""
        if self._state is None:
            from tabletop.session._fold import replay

            corpus, scenario = self.sources()
            self._state = replay(self.events, corpus, scenario)
        return self._state

    @property
    def dry_run(self) -> bool:
        first = self.events[0].payload if self.events else None
        return bool(getattr(first, "dry_run", False))

    @property
    def facilitator(self) -> str | None:
        """Who facilitated, as the journal recorded it when the session started (in a journal
        older than format 4, as the file's metadata says); None when nobody was named."""
        first = self.events[0].payload if self.events else None
        if isinstance(first, SessionStarted) and first.facilitator is not None:
            return first.facilitator or None
        return self.metadata.get("facilitator") or None

"""Salvaging the intact part of a damaged session: `tabletop salvage`.

Called by the CLI when a session is damaged (every reader refuses it whole: `status`, `report`,
`export`, `resume`). Reads the journal's rows one by one, unchecked by any reader, and keeps the
events from the first up to the last one that reads, follows the state before it and (on a
database, which keeps a digest per event) matches its stored digest: the events recorded before
the damage. They are written as an export (`tabletop.session._interchange`) of a new session,
`<id>-salvaged`, that `tabletop import` accepts as any other: its `session_started` names the new
id, its header says the count and the digest of exactly these events, and its metadata says it was
salvaged, from which session, up to which event and why (`SALVAGED_FROM`, `SALVAGED_THROUGH`,
`SALVAGED_BECAUSE`: the after-action report says so on its cover). The damaged journal is only
read, never changed.

A session file keeps one digest, after its last event: when the events all read and follow but
do not chain to it, which one was changed cannot be told; every event is then kept, and the
reason says that the digest does not vouch for them.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabletop.errors import RefusedError, SessionFileError, TabletopError
from tabletop.jsontext import escape_raw_controls
from tabletop.outputs import write_output
from tabletop.phases import policy_for
import tabletop.session._events as ev
from tabletop.session._fold import Fold
from tabletop.session._interchange import (
    JOURNAL_FORMAT_NAME,
    MAX_SESSION_ID_LENGTH,
    RESERVED_METADATA,
    JournalHeader,
    StoredDocument,
    journal_digest,
    written_format_version,
)
from tabletop.session._journal import DIGEST_KEY, chained
from tabletop.session._navigation import ScenarioView
from tabletop.session._sources import rebuild_sources
from tabletop.session._store import SESSION_SUFFIX, SessionJournal, events_from_rows
from tabletop.yamlsource import collector_paused

if TYPE_CHECKING:
    from tabletop.session._pgstore import PostgresJournal, SessionDatabase

__all__ = ["SALVAGED_BECAUSE", "SALVAGED_FROM", "SALVAGED_THROUGH", "Salvaged", "salvage_jsonl", "salvaged_note"]

SALVAGED_FROM = "salvaged_from"
"""Metadata key of a salvaged session: the id of the damaged session it was salvaged from."""
SALVAGED_THROUGH = "salvaged_through"
"""Metadata key of a salvaged session: the last event of the damaged session it holds."""
SALVAGED_BECAUSE = "salvaged_because"
"""Metadata key of a salvaged session: the damage that left the rest out."""


@dataclass(frozen=True, slots=True)
class Salvaged:
    """What `salvage_jsonl` wrote."""

    session_id: str
    """The new session's id (`tabletop import` gives it this id)."""
    source: str
    """The damaged session's id."""
    through: int
    """The last event kept: events 1 to `through` of the damaged session."""
    stored: int
    """How many events the damaged session holds, damaged ones included."""
    damage: str
    """Why the events after `through` were left out (or, for a session file whose digest does not
    vouch for its events, why they are not vouched for)."""


def salvaged_note(metadata: dict[str, str]) -> str | None:
    """What a salvaged session says of itself, in one sentence (None for any other session)."""
    source = metadata.get(SALVAGED_FROM)
    if source is None:
        return None
    through = metadata.get(SALVAGED_THROUGH, "?")
    because = metadata.get(SALVAGED_BECAUSE, "not recorded")
    return (
        f"Salvaged from damaged session {source}: its events 1 to {through} (the damage: {because}); "
        "anything it recorded after them is not in this session."
    )


def salvage_jsonl(
    session: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    force: bool = False,
    database: SessionDatabase | None = None,
) -> Salvaged:
    """Write the intact part of the damaged `session` (a session file, or an id in `database`) to
    `target` as an export of a new session (see the module docstring), under the rule of every
    output (`tabletop.outputs`). `RefusedError` when the session is not damaged (`tabletop
    export` writes it whole); `SessionFileError` when nothing of it can be salvaged (its stored
    texts, or its first event, are damaged)."""
    out = io.StringIO()
    with collector_paused():
        journal: SessionJournal | PostgresJournal = (
            SessionJournal.open(session, readonly=True)
            if database is None
            else database.open(str(session), readonly=True)
        )
        with journal:
            salvaged = _salvage(journal, out, fallback_id=Path(session).name.removesuffix(SESSION_SUFFIX))
    given = {} if database is not None else {session: "the session being salvaged"}
    write_output(target, out.getvalue(), "export", given=given, force=force)
    return salvaged


def _salvage(journal: SessionJournal | PostgresJournal, out: io.StringIO, *, fallback_id: str) -> Salvaged:
    path = journal.path
    metadata = journal.metadata()
    source = metadata.get("session_id", fallback_id)
    try:
        documents = journal.documents()
        corpus, scenario = rebuild_sources(path, documents)
    except SessionFileError as exc:
        raise SessionFileError(
            f"{exc}; nothing can be salvaged without the texts the session was started with"
        ) from None
    fold = Fold(corpus, ScenarioView(scenario), policy_for(corpus))
    rows = journal.stored_rows()
    kept: list[ev.Event] = []
    digest: str | None = ""
    damage: str | None = None
    for seq, at, kind, payload, stored in rows:
        try:
            (event,) = events_from_rows(path, [(seq, at, kind, payload)], len(kept), record="journal")
        except SessionFileError as exc:
            damage = _why(exc)
            break
        after = chained(digest, (seq, at, kind, payload))
        if stored is not None and after != stored:
            damage = f"event {seq} does not match the journal digest: it was edited, or added, after it was recorded"
            break
        if not kept and (
            not isinstance(event.payload, ev.SessionStarted) or event.payload.scenario_sha256 != scenario.sha256
        ):
            damage = "its first event is not the start of a session on the texts it stores"
            break
        try:
            fold.take([event])
        except TabletopError as exc:
            damage = f"event {seq}, {kind}, cannot follow the events before it ({exc})"
            break
        kept.append(event)
        digest = after
    if not kept:
        raise SessionFileError(
            f"{path}: the journal is damaged ({damage or 'it holds no event'}); nothing can be salvaged"
        )
    if damage is None:
        stored_digest = metadata.get(DIGEST_KEY)
        if isinstance(journal, SessionJournal) and stored_digest is not None and stored_digest != digest:
            damage = (
                "its events do not match the journal digest: an event was removed, added or edited after it "
                "was recorded, and a session file cannot tell which; every event that reads is kept, unvouched for"
            )
        else:
            started = kept[0].payload
            assert isinstance(started, ev.SessionStarted)
            if started.facilitator is not None and metadata.get("facilitator", "") != started.facilitator:
                damage = "its metadata names another facilitator than its journal recorded"
    if damage is None:
        raise RefusedError(
            f"{path}: the session is not damaged: nothing to salvage (`tabletop export` writes it whole)"
        )
    new_id = f"{source[: MAX_SESSION_ID_LENGTH - len(_SUFFIX)]}{_SUFFIX}"
    started = kept[0].payload
    assert isinstance(started, ev.SessionStarted)
    kept[0] = kept[0].model_copy(update={"payload": started.model_copy(update={"session_id": new_id})})
    own: dict[str, Any] = {k: v for k, v in metadata.items() if k not in RESERVED_METADATA}
    own.update({SALVAGED_FROM: source, SALVAGED_THROUGH: str(len(kept)), SALVAGED_BECAUSE: damage})
    header = JournalHeader(
        format=JOURNAL_FORMAT_NAME,
        version=written_format_version(metadata),
        session_id=new_id,
        event_count=len(kept),
        journal_sha256=journal_digest(kept),
        metadata=own,
        documents=[StoredDocument(name=d.name, role=d.role, sha256=d.sha256, text=d.text) for d in documents],
    )
    out.write(escape_raw_controls(header.model_dump_json()) + "\n")
    for event in kept:
        out.write(escape_raw_controls(event.model_dump_json()) + "\n")
    return Salvaged(session_id=new_id, source=source, through=len(kept), stored=len(rows), damage=damage)


_SUFFIX = "-salvaged"


def _why(exc: SessionFileError) -> str:
    """The damage a reader's message names, without the journal's name before it."""
    text = " ".join(str(exc).split())
    start, end = text.find("damaged ("), text.rfind(")")
    return text[start + len("damaged (") : end] if start >= 0 and end > start else text

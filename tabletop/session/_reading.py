"""Reading a session from its journal, verified: the one way every reader opens a session.

Used by `Session.open` and `Session.follow` (the console, `status`, `export`, `sessions`,
`resume`, `follow`), by `SessionRecord.load` (the after-action report, coverage) and by
`Session.refresh` (a follower catching up), so that no reader skips a check. A journal is
accepted only when:

- every stored text matches its SHA-256, its names are what a real session stores, and the
  rules and scenario rebuild from them (`tabletop.session._sources`);
- its first event is `session_started`, whose hashes are those of the stored texts;
- every event could follow the state before it (the fold checks each, in order);
- the events chain to the journal digest stored beside them (`Journal.verify_digest`);
- the facilitator named in the metadata is the one `session_started` recorded (journals from
  format 4 on: the name is inside the digest's chain).

Anything else is one `SessionFileError` line naming the file and the damage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tabletop.errors import SessionFileError, TabletopError
from tabletop.phases import policy_for
import tabletop.session._events as ev
from tabletop.session._fold import Fold
from tabletop.session._journal import Document, Journal
from tabletop.session._navigation import ScenarioView
from tabletop.session._sources import rebuild_sources
from tabletop.yamlsource import collector_paused

if TYPE_CHECKING:
    from pathlib import Path

    from tabletop.rules import Corpus
    from tabletop.scenario import LoadedScenario

__all__ = ["Verified", "apply_stored", "read_verified", "recheck"]


@dataclass(frozen=True, slots=True)
class Verified:
    """A journal read and checked: everything a session or a record is built from."""

    corpus: Corpus
    scenario: LoadedScenario
    view: ScenarioView
    fold: Fold
    """The state after every stored event, each checked as it was applied."""
    metadata: dict[str, str]
    documents: tuple[Document, ...]
    events: tuple[ev.Event, ...]


def read_verified(journal: Journal) -> Verified:
    """Read every part of `journal` and check it (see the module docstring); `SessionFileError`
    names the first damage found."""
    path = journal.path
    # Every event read and every record folded from it stays alive: see `collector_paused`.
    with collector_paused():
        metadata = journal.metadata()
        documents = tuple(journal.documents())
        corpus, scenario = rebuild_sources(path, documents)
        events = tuple(journal.events())
        started = _started(path, events, documents, scenario)
        view = ScenarioView(scenario)
        fold = Fold(corpus, view, policy_for(corpus))
        apply_stored(path, fold, events)
        journal.verify_digest()
        _check_facilitator(path, started, metadata)
    return Verified(corpus, scenario, view, fold, metadata, documents, events)


def recheck(journal: Journal, fold: Fold, documents: Sequence[Document]) -> tuple[ev.Event, ...]:
    """Catch `fold` up with the events committed since it was last read, and check the whole
    journal again: the texts are still those read at first (`documents`), the new events follow,
    the digest chains every event, the facilitator is the one recorded. Returns the new events."""
    path = journal.path
    new = tuple(journal.events(since=fold.last_seq))
    apply_stored(path, fold, new)
    stored = [(d.name, d.role, d.sha256) for d in journal.documents()]
    if stored != [(d.name, d.role, d.sha256) for d in documents]:
        raise SessionFileError(f"{path}: the session file is damaged (its stored texts changed after it was opened)")
    journal.verify_digest()
    if fold.started is not None:
        _check_facilitator(path, fold.started, journal.metadata())
    return new


def apply_stored(path: Path | str, fold: Fold, events: Sequence[ev.Event]) -> None:
    """Check and apply events read from a journal; one that cannot follow is damage."""
    before = fold.last_seq
    try:
        fold.take(events)
    except TabletopError as exc:
        event = events[fold.last_seq - before]  # the first not applied
        raise SessionFileError(
            f"{path}: the session file is damaged (event {event.seq}, {event.type}: {exc})"
        ) from None


def _started(
    path: Path | str, events: Sequence[ev.Event], documents: Sequence[Document], scenario: LoadedScenario
) -> ev.SessionStarted:
    started = events[0].payload if events else None
    if not isinstance(started, ev.SessionStarted):
        raise SessionFileError(f"{path}: the session file is damaged (it has no session_started event)")
    rules = next(d for d in documents if d.role == "rules")
    if started.scenario_sha256 != scenario.sha256 or started.rules_sha256 != rules.sha256:
        raise SessionFileError(f"{path}: the session file is damaged (stored documents do not match the journal)")
    return started


def _check_facilitator(path: Path | str, started: ev.SessionStarted, metadata: Mapping[str, str]) -> None:
    if started.facilitator is not None and metadata.get("facilitator", "") != started.facilitator:
        raise SessionFileError(
            f"{path}: the session file is damaged (its metadata names another facilitator than its journal recorded)"
        )

"""Coverage across a training programme: how often each clause was exercised over many sessions.

`build_coverage(records)` counts, for every clause that applies in a phase some session entered,
in how many sessions it was cited while such a phase held, by phase and by chapter, and which
clauses were never exercised. Dry-runs are left out unless asked for: they show what a scenario
would cite, not what a room did. A pure function of the records, like every document here.

The records are taken one at a time, in any iterable: each is reduced to what the coverage
counts (its phases, its citations, its marking) before the next is asked for, so that a caller
that reads the sessions one by one (`tabletop coverage`) holds one session at a time, however
many the programme has, and rebuilds each session's stored scenario once. A record may come with
the name of the file it was read from, `(name, record)`: a session is one session by the id stored
in it, so two files holding the same session (a backup, an imported copy) count it once, and the
document names both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from collections import Counter
from collections.abc import Iterable

from tabletop.report._render import render_document, tabletop_version
from tabletop.report._escaping import clean
from tabletop.report._after_action import ExerciseRule, chapter_coverage
from tabletop.report._models import ProgrammeClause, ProgrammeCoverage, ProgrammeSession, SessionCopy
from tabletop.session import CitationRecord, SessionRecord
from tabletop.rules import Corpus
from tabletop.strictmodel import documented_schema
from tabletop.yamlsource import collector_paused

__all__ = ["COVERAGE_FORMATS", "build_coverage", "coverage_schema", "render_coverage"]

COVERAGE_FORMATS = ("md", "html", "json")


def coverage_schema() -> dict[str, Any]:
    """The JSON Schema of `tabletop coverage --format json`."""
    return documented_schema(ProgrammeCoverage)


GivenRecord = SessionRecord | tuple[str, SessionRecord]
"""A session record, or the name it was given by (its file, as typed) with the record."""


def render_coverage(records: Iterable[GivenRecord], fmt: str, *, include_dry_runs: bool = False) -> str:
    """The programme's coverage as `md`, `html` or `json` text (`records` taken one at a time,
    each a record or a `(name, record)` pair)."""
    with collector_paused():  # all it builds lives until the text is returned (see yamlsource)
        coverage, corpus = _programme(records, include_dry_runs)
        return render_document("coverage", coverage, fmt, phases=corpus.phase_slugs if corpus else ())


@dataclass(frozen=True, slots=True)
class _Counted:
    """What the coverage counts of one session: all it keeps of the record."""

    session_id: str
    source: str | None
    """The name the record was given by (its file), if any."""
    events: int
    """How many events its journal holds."""
    copies: tuple[SessionCopy, ...]
    """Other records given of the same session (the same session id), not counted again."""
    title: str
    dry_run: bool
    started_at: datetime
    entered: tuple[str, ...]
    """The phases the session started in or entered, in the order first held."""
    rules_sha256: str
    marking: str | None
    """The scenario's classification marking, escaped."""
    citations: tuple[CitationRecord, ...]
    corpus: Corpus
    """The session's stored rules (one object for every session that stores the same text)."""


def _counted(given: GivenRecord) -> _Counted:
    source, record = given if isinstance(given, tuple) else (None, given)
    state = record.state()
    corpus, scenario = record.sources()  # rebuilt once: the record's reading left them remembered
    seen = dict.fromkeys(getattr(record.events[0].payload, "phases", ()))
    for t in state.transitions:
        seen.update(dict.fromkeys(t.after))
    info = scenario.scenario.exercise
    return _Counted(
        session_id=state.session_id,
        source=clean(source) if source is not None else None,
        events=len(record.events),
        copies=(),
        title=clean(state.scenario_title),
        dry_run=state.dry_run,
        started_at=state.started_at,
        entered=tuple(seen),
        rules_sha256=state.rules_sha256,
        marking=clean(info.classification) if info and info.classification else None,
        citations=state.citations,
        corpus=corpus,
    )


def build_coverage(records: Iterable[GivenRecord], *, include_dry_runs: bool = False) -> ProgrammeCoverage:
    """Every clause's coverage across `records` (in any order: sessions are sorted by start)."""
    return _programme(records, include_dry_runs)[0]


def _once_each(records: Iterable[GivenRecord]) -> list[_Counted]:
    """Each session once, by the session id stored in it, however many files hold it: the copy
    whose journal holds the most events is counted (of equals, the first by name, so that the
    order the files were given in changes nothing), the others are named beside it."""
    sessions: dict[str, _Counted] = {}
    for item in map(_counted, records):
        kept = sessions.get(item.session_id)
        if kept is None:
            sessions[item.session_id] = item
            continue
        counted, other = sorted((kept, item), key=lambda one: (-one.events, one.source or ""))
        copies = sorted((*kept.copies, SessionCopy(file=other.source, events=other.events)), key=_copy_order)
        sessions[item.session_id] = replace(counted, copies=tuple(copies))
    return list(sessions.values())


def _copy_order(copy: SessionCopy) -> tuple[str, int]:
    return copy.file or "", copy.events


def _programme(records: Iterable[GivenRecord], include_dry_runs: bool) -> tuple[ProgrammeCoverage, Corpus | None]:
    """The coverage, and the rules it follows (the newest counted session's; None without a session)."""
    loaded = sorted(_once_each(records), key=lambda item: (item.started_at, item.session_id))
    counted = [item for item in loaded if include_dry_runs or not item.dry_run]
    # Titles, order and applicability follow the rules of the newest counted session (clause
    # ids and phase slugs are stable across versions of the rules file).
    corpus = (counted or loaded)[-1].corpus if loaded else None
    sessions = tuple(
        ProgrammeSession(
            session_id=item.session_id,
            file=item.source,
            events=item.events,
            copies=item.copies,
            title=item.title,
            dry_run=item.dry_run,
            started_at=item.started_at,
            phases_entered=item.entered,
            rules_sha256=item.rules_sha256,
            counted=include_dry_runs or not item.dry_run,
        )
        for item in loaded
    )
    if corpus is None:
        empty = ProgrammeCoverage(
            generated_by=tabletop_version(),
            sessions=(),
            classification=None,
            included_dry_runs=include_dry_runs,
            phases=(),
            phase_sessions={},
            phase_titles={},
            clauses=(),
            never_exercised=(),
            chapters=(),
        )
        return empty, None
    known_phases = [slug for slug in corpus.phase_slugs]
    phase_sessions: Counter[str] = Counter()
    by_phase: dict[str, Counter[str]] = {}
    by_phase_preparatory: dict[str, Counter[str]] = {}
    sessions_citing: Counter[str] = Counter()
    citation_count: Counter[str] = Counter()
    rule = ExerciseRule(corpus)
    for item in counted:
        phase_sessions.update(p for p in item.entered if p in known_phases)
        cited_here: set[str] = set()
        cited_in_phase: set[tuple[str, str]] = set()
        cited_preparing: set[tuple[str, str]] = set()
        for citation in item.citations:
            if citation.clause not in corpus:
                continue
            citation_count[citation.clause] += 1
            cited_here.add(citation.clause)
            for phase, applicability in rule.where(citation):
                if applicability == "applies":
                    cited_in_phase.add((citation.clause, phase))
                else:
                    cited_preparing.add((citation.clause, phase))
        sessions_citing.update(cited_here)
        for clause, phase in cited_in_phase:
            by_phase.setdefault(clause, Counter())[phase] += 1
        for clause, phase in cited_preparing:
            by_phase_preparatory.setdefault(clause, Counter())[phase] += 1
    phases = tuple(slug for slug in known_phases if phase_sessions[slug])
    applicable_in: dict[str, list[str]] = {}
    preparatory_in: dict[str, list[str]] = {}
    for phase in phases:
        for clause_id in corpus.applicable_ids([phase]):
            applicable_in.setdefault(clause_id, []).append(phase)
        for clause_id in corpus.preparatory_ids([phase]):
            preparatory_in.setdefault(clause_id, []).append(phase)
    shown = corpus.in_order(set(applicable_in) | set(sessions_citing))
    clauses = tuple(
        ProgrammeClause(
            clause=c.id,
            title=clean(c.title),
            chapter=(corpus.ancestors(c.id) or [c])[0].id,
            sessions=sessions_citing[c.id],
            citations=citation_count[c.id],
            by_phase={phase: by_phase.get(c.id, Counter())[phase] for phase in applicable_in.get(c.id, ())},
            applicable_in=tuple(applicable_in.get(c.id, ())),
            preparatory_in=tuple(preparatory_in.get(c.id, ())),
            by_phase_preparatory={
                phase: by_phase_preparatory.get(c.id, Counter())[phase] for phase in preparatory_in.get(c.id, ())
            },
        )
        for c in shown
    )
    coverage = ProgrammeCoverage(
        generated_by=tabletop_version(),
        sessions=sessions,
        classification=" + ".join(dict.fromkeys(item.marking for item in loaded if item.marking)) or None,
        included_dry_runs=include_dry_runs,
        phases=phases,
        phase_sessions={phase: phase_sessions[phase] for phase in phases},
        phase_titles={phase: clean(corpus.phase(phase).title) for phase in phases},
        clauses=clauses,
        never_exercised=tuple(c.clause for c in clauses if c.applicable_in and not any(c.by_phase.values())),
        chapters=chapter_coverage(corpus, [item.citations for item in counted], [item.entered for item in counted]),
    )
    return coverage, corpus

"""The exercise documents as data: what `tabletop report --format json` and `tabletop coverage
--format json` print, and what the Markdown and HTML templates draw.

Built by `tabletop.report.after_action` (one session) and `tabletop.report.coverage` (many
sessions); read by the renderers and by downstream tools through the JSON Schema that
`tabletop report --schema` prints. Every text that came from a scenario or a facilitator has
had its terminal control sequences removed; escaping for a format is the renderer's job.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tabletop.session import AnswerSource, CitationSource, HotWashKind, Rating

__all__ = [
    "AfterActionReport",
    "AppendixClause",
    "ChapterCoverage",
    "CitationEntry",
    "CitationIndexEntry",
    "ClauseCoverage",
    "ClauseTally",
    "CountSummary",
    "Cover",
    "DecisionEntry",
    "DeterminationEntry",
    "DocumentHash",
    "ExpectedActionEntry",
    "HotWashItem",
    "ImprovementPlanItem",
    "InjectEntry",
    "NoteEntry",
    "ObjectiveEntry",
    "PhaseChangeEntry",
    "PhaseCoverage",
    "PhasePeriod",
    "ProgrammeClause",
    "ProgrammeCoverage",
    "ProgrammeSession",
    "RegionLane",
    "Summary",
    "Timeline",
    "TimelineStep",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# -- the cover -----------------------------------------------------------------------------------


class DocumentHash(_Model):
    """A text the session stored, identified by its SHA-256."""

    name: str
    """The file's name (an included file's path relative to the scenario)."""
    role: Literal["scenario", "include", "rules"]
    """What the text is."""
    sha256: str
    """SHA-256 of the stored text, encoded as UTF-8."""


class Cover(_Model):
    """What identifies the exercise and the record the report was made from."""

    title: str
    """The exercise's title."""
    exercise_id: str | None
    """The exercise's reference (`exercise.id`), if the scenario gives one."""
    scenario_version: str | None
    """The scenario's version (`exercise.version`), if given."""
    classification: str | None
    """The classification marking printed at the top and bottom of every page, if given."""
    sponsor: str | None
    """The sponsoring organisation, if given."""
    facilitator: str | None
    """Who facilitated, as recorded when the session was started (None if not recorded)."""
    session_id: str
    """The session's id."""
    dry_run: bool
    """True when the session was played headlessly by `tabletop dry-run`, not in a room."""
    started_at: datetime
    """When the session started (UTC)."""
    ended_at: datetime | None
    """When it was ended (UTC), or None if it never was."""
    closing_summary: str
    """The facilitator's closing remark ("" if none)."""
    scenario_name: str
    """The scenario's main file name."""
    documents: tuple[DocumentHash, ...]
    """Every stored scenario file and the rules file, each with its SHA-256."""
    rules_title: str
    """The title of the document the rules quote (the Guidelines)."""
    rules_version: str
    """Which English version of it the clause texts follow."""
    recorded_with: str
    """The version of tabletop that started the session."""


# -- the summary ---------------------------------------------------------------------------------


class PhaseChangeEntry(_Model):
    """One change of the phases in force: the start, or a move the phase machine made."""

    trigger: str | None
    """The move's trigger, or None for the phases the session started in."""
    title: str
    """The move's title for people (the start: "Start of the session")."""
    entered: tuple[str, ...]
    """Phases entered (slugs, region order)."""
    left: tuple[str, ...]
    """Phases left (slugs, region order)."""
    inject: str | None
    """The inject in front of the room when it happened (None before the first one)."""
    scenario_time: str | None
    """That inject's scenario time (`D-3 06:00`), if it has one."""
    at: datetime
    """Wall time (UTC)."""


class PhasePeriod(_Model):
    """A stretch of the session during which one phase held."""

    phase: str
    """The phase's slug."""
    title: str
    """The phase's name for people."""
    region: str
    """The region it belongs to."""
    entered_at: datetime
    entered_scenario_time: str | None
    entered_step: int
    """The step on the path taken at which it was entered (0: before the first inject)."""
    left_at: datetime | None
    """None while it still held at the end of the record."""
    left_scenario_time: str | None
    left_step: int | None


class DeterminationEntry(_Model):
    """One answer to one gate of a move, yes or no, with who decides it and the remark."""

    trigger: str
    """The move the gate belongs to."""
    move_title: str
    inject: str | None
    """The inject whose delivery asked for the move (None for a move made by hand)."""
    gate: str
    question: str
    authority: str
    """Who decides it, as the rules file says."""
    answer: bool
    remark: str
    source: AnswerSource
    """`facilitator` is the room's answer; `scenario` and `dry-run default` were assumed."""
    assumed: bool
    """True when nobody in a room answered (a dry-run or the scenario's stated answer)."""
    fired: bool
    """True when the move fired (every gate yes); False when it was declined."""
    at: datetime


class CountSummary(_Model):
    """How much the session recorded."""

    injects_delivered: int
    adhoc_injects: int
    decisions: int
    determinations: int
    declined_determinations: int
    citations: int
    """Citations in force (withdrawn ones not counted)."""
    withdrawn_citations: int
    out_of_phase_citations: int
    notes: int
    ratings: int
    hot_wash: int
    improvement_items: int


class Summary(_Model):
    """The session at a glance."""

    phase_changes: tuple[PhaseChangeEntry, ...]
    periods: tuple[PhasePeriod, ...]
    """Every phase entered, with when it was entered and left, in the order entered."""
    final_phases: tuple[str, ...]
    """The phases in force at the end of the record."""
    determinations: tuple[DeterminationEntry, ...]
    counts: CountSummary


class RegionLane(_Model):
    """One region of the phase machine: a lane of the timeline."""

    id: str
    title: str
    empty_title: str | None
    """What the region's empty state is called (e.g. "No large-scale disaster")."""


class TimelineStep(_Model):
    """One step of the path taken, with the phase of each region while it was in front of the room."""

    step: int
    """1-based."""
    inject: str
    title: str
    scenario_time: str | None
    at: datetime
    phases: tuple[str | None, ...]
    """One entry per lane, in lane order: the phase's slug, or None when the region was empty."""
    returned: bool
    """True when the facilitator went back to this inject."""


class Timeline(_Model):
    """The phases over the session, one lane per region."""

    lanes: tuple[RegionLane, ...]
    start: tuple[str | None, ...]
    """The phases at the start, one per lane."""
    steps: tuple[TimelineStep, ...]


# -- the injects ---------------------------------------------------------------------------------


class CitationEntry(_Model):
    """A clause cited for an inject."""

    clause: str
    title: str
    reason: str
    source: CitationSource
    out_of_phase: bool
    """True when the clause did not apply in the phases in force when it was cited."""
    phases: tuple[str, ...]
    """The phases in force when it was cited."""
    excerpt: str
    """The start of the clause's verbatim text."""
    withdrawn: bool
    withdrawal_reason: str
    at: datetime


class NoteEntry(_Model):
    text: str
    at: datetime


class DecisionEntry(_Model):
    decided_by: str
    decision: str
    at: datetime


class ExpectedActionEntry(_Model):
    """An expected action of an inject, with its latest HSEEP rating."""

    inject: str
    key: str
    """`a1`, `a2`, ... as the rating sheet shows it."""
    action: str
    responsible: str | None
    objective: str | None
    rating: Rating | None
    """P, S, M or U; None while unrated."""
    observation: str


class InjectEntry(_Model):
    """One delivered inject, as the room saw it and as the facilitator recorded it."""

    step: int
    """The step on the path taken at which it was first delivered."""
    id: str
    title: str
    adhoc: bool
    """True for an inject the facilitator improvised."""
    contingency: bool
    without_move: bool
    """True when it was delivered without the move into its phase."""
    module: str | None
    """The module's title, if any."""
    scenario_time: str | None
    at: datetime
    phases: tuple[str, ...]
    """The phases in force when it was first delivered."""
    addressees: tuple[str, ...]
    """The cells it was addressed to (names); empty means everyone."""
    narrative: str
    citations: tuple[CitationEntry, ...]
    notes: tuple[NoteEntry, ...]
    decisions: tuple[DecisionEntry, ...]
    expected_actions: tuple[ExpectedActionEntry, ...]


# -- clause coverage -----------------------------------------------------------------------------


class ClauseTally(_Model):
    """A clause that applies in a phase, and whether the room cited it there."""

    clause: str
    title: str
    exercised: bool
    citations: int
    """How often it was cited while the phase held (withdrawn citations not counted)."""


class PhaseCoverage(_Model):
    phase: str
    title: str
    clauses: tuple[ClauseTally, ...]
    """Every clause that applies in the phase, in document order."""
    exercised: int
    applicable: int


class ChapterCoverage(_Model):
    """One chapter of the Guidelines: its clauses that applied in some phase entered, and how many were cited."""

    chapter: str
    title: str
    applicable: int
    exercised: int


class ClauseCoverage(_Model):
    phases: tuple[PhaseCoverage, ...]
    """One entry per phase entered, in the order first entered."""
    chapters: tuple[ChapterCoverage, ...]
    """Every chapter, in document order."""


# -- objectives, index, hot wash, plan, appendix -------------------------------------------------


class HotWashItem(_Model):
    kind: HotWashKind
    text: str
    objective: str | None
    at: datetime


class ObjectiveEntry(_Model):
    id: str
    text: str
    capability: str | None
    actions: tuple[ExpectedActionEntry, ...]
    """The expected actions that serve it, with their ratings (delivered injects only)."""
    ratings: dict[str, int]
    """How many of those actions got each rating (P, S, M, U, and `unrated`)."""
    hot_wash: tuple[HotWashItem, ...]
    """Hot-wash entries that name it."""


class CitationIndexEntry(_Model):
    clause: str
    title: str
    injects: tuple[str, ...]
    """The injects it was cited for, in the order cited (withdrawn citations not listed)."""
    withdrawn_from: tuple[str, ...]
    """The injects it was cited for and then withdrawn from."""


class ImprovementPlanItem(_Model):
    """A row of HSEEP's improvement plan."""

    issue: str
    corrective_action: str
    capability_element: str
    responsible_organisation: str
    point_of_contact: str
    start_date: date
    completion_date: date


class AppendixClause(_Model):
    clause: str
    title: str
    context: tuple[str, ...]
    """The chapter and sections above it, as `ID Title`."""
    text: str
    """The clause's own verbatim text (paragraphs separated by a blank line)."""


class AfterActionReport(_Model):
    """HSEEP's After-Action Report / Improvement Plan for one session, grounded in clauses."""

    format: Literal["tabletop-after-action-report"] = "tabletop-after-action-report"
    version: Literal[1] = 1
    """The version of this document's shape."""
    generated_by: str
    """The version of tabletop that made the report."""
    cover: Cover
    summary: Summary
    timeline: Timeline
    injects: tuple[InjectEntry, ...]
    """Every delivered inject, in the order first delivered."""
    coverage: ClauseCoverage
    objectives: tuple[ObjectiveEntry, ...]
    citation_index: tuple[CitationIndexEntry, ...]
    """Every clause cited, in document order."""
    hot_wash: tuple[HotWashItem, ...]
    improvement_plan: tuple[ImprovementPlanItem, ...]
    appendix: tuple[AppendixClause, ...]
    """The full verbatim text of every clause cited, in document order."""


# -- coverage across a programme -----------------------------------------------------------------


class ProgrammeSession(_Model):
    """A session counted in (or left out of) a programme's coverage."""

    session_id: str
    title: str
    dry_run: bool
    started_at: datetime
    phases_entered: tuple[str, ...]
    rules_sha256: str
    counted: bool
    """False for a dry-run left out (they count only with `--include-dry-runs`)."""


class ProgrammeClause(_Model):
    """One clause across the programme."""

    clause: str
    title: str
    chapter: str
    sessions: int
    """In how many counted sessions it was cited at least once (while it applied or not)."""
    citations: int
    """How often it was cited in all, withdrawn citations not counted."""
    by_phase: dict[str, int]
    """Phase slug to the number of sessions that cited it while that phase held and it applied there."""
    applicable_in: tuple[str, ...]
    """The phases entered in the programme in which it applies."""


class ProgrammeCoverage(_Model):
    """How often each clause of the Guidelines was exercised across many sessions."""

    format: Literal["tabletop-coverage"] = "tabletop-coverage"
    version: Literal[1] = 1
    generated_by: str
    sessions: tuple[ProgrammeSession, ...]
    classification: str | None
    """The sessions' classification markings, each once (joined with " + "), printed on every page."""
    included_dry_runs: bool
    phases: tuple[str, ...]
    """Every phase entered in a counted session, in the rules file's order."""
    phase_sessions: dict[str, int]
    """Phase slug to the number of counted sessions that entered it."""
    phase_titles: dict[str, str]
    """Phase slug to the phase's name for people."""
    clauses: tuple[ProgrammeClause, ...]
    """Every clause that applies in a phase entered, or was cited, in document order."""
    never_exercised: tuple[str, ...]
    """Ids of the clauses that applied in a phase entered and were never cited, in document order."""
    chapters: tuple[ChapterCoverage, ...]

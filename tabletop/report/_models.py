"""The exercise documents as data: what `tabletop report --format json` and `tabletop coverage
--format json` print, and what the Markdown and HTML templates draw.

Built by `tabletop.report._after_action` (one session) and `tabletop.report._coverage` (many
sessions); read by the renderers and by downstream tools through the JSON Schema that
`tabletop report --schema` prints. Every text that came from a scenario or a facilitator has
had its terminal control sequences removed; escaping for a format is the renderer's job.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tabletop.session import AnswerSource, CitationSource, HotWashKind, Rating, Role

CoverageMeasure = Literal["presented", "discussed", "cited"]
"""How far the room went with a clause: shown to it with an inject (`presented`), talked over
(`discussed`), or cited for an inject (`cited`)."""

Applicability = Literal["applies", "preparatory"]
"""How a clause stands in a phase: it `applies` outright, or it is only `preparatory` (its measures
may be taken before its situation is determined)."""

__all__ = [
    "AfterActionReport",
    "AppendixClause",
    "Applicability",
    "ChapterCoverage",
    "CitationEntry",
    "CitationIndexEntry",
    "ClauseCoverage",
    "ClauseTally",
    "CountSummary",
    "Cover",
    "CoverageMatrix",
    "CoverageMeasure",
    "DecisionEntry",
    "DeterminationEntry",
    "DocumentHash",
    "ExecutiveSummary",
    "ExpectedActionEntry",
    "HotWashItem",
    "ImprovementPlanItem",
    "InjectEntry",
    "MatrixCell",
    "MatrixPhase",
    "MatrixRow",
    "MeanwhileCount",
    "MoveOutcome",
    "NoteEntry",
    "ObjectiveClause",
    "ObjectiveEntry",
    "OrderEntry",
    "PhaseChangeEntry",
    "PhaseCoverage",
    "PhasePeriod",
    "PlanSize",
    "ProgrammeClause",
    "ProgrammeCoverage",
    "ProgrammeSession",
    "RegionLane",
    "SessionCopy",
    "Summary",
    "Timeline",
    "TimelineStep",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    salvaged: str | None = None
    """For a session salvaged from a damaged one (`tabletop salvage`): from which session, up to
    which event and why, in one sentence; None for any other session."""
    imported: str = ""
    """For a session imported from an export: from which file, when, and whether it was checked
    against the export's event count and journal digest ("" for a session recorded where it is)."""


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
    """When it was entered (UTC)."""
    entered_scenario_time: str | None
    """The scenario time the room determined the move that entered it at (as recorded with its
    answer; in an older journal, the time of the inject in front of the room then), if any."""
    entered_step: int
    """The step on the path taken at which it was entered (0: before the first inject)."""
    left_at: datetime | None
    """None while it still held at the end of the record."""
    left_scenario_time: str | None
    """The scenario time when it was left, if any."""
    left_step: int | None
    """The step at which it was left (None while it still held)."""


class MeanwhileCount(_Model):
    """What the room recorded between an inject's delivery and a determination on it, by kind."""

    notes: int
    decisions: int
    citations: int
    """Clauses the room cited or discussed (not those the scenario presented)."""
    ratings: int
    orders: int
    """Determinations recorded without a move."""
    questions: int
    """Questions and polls put to the cells."""
    answers: int
    """The cells' answers that count, to any question."""
    summary: str
    """One short line: "2 notes, 1 decision, 3 clauses cited" ("nothing recorded" when empty)."""


class DeterminationEntry(_Model):
    """One answer to one gate of a move, yes or no, with who decides it and the remark."""

    trigger: str
    """The move the gate belongs to."""
    move_title: str
    """The move's title for people."""
    inject: str | None
    """The inject whose delivery asked for the move (None for a move made by hand)."""
    gate: str
    """The gate's slug."""
    question: str
    """The gate's question, as the rules file words it."""
    authority: str
    """Who decides it, as the rules file says."""
    answer: bool
    """True for yes."""
    remark: str
    """The facilitator's remark ("" if none)."""
    source: AnswerSource
    """`facilitator` is the room's answer; `scenario` and `dry-run default` were assumed."""
    assumed: bool
    """True when nobody in a room answered (a dry-run or the scenario's stated answer)."""
    fired: bool
    """True when the move fired (every gate yes); False when it was declined."""
    at: datetime
    """When it was answered (UTC)."""
    delivered_at: datetime | None = None
    """When the inject that asked for the move was delivered (UTC), or None for a move made by
    hand: the decision clock runs from here to `at`."""
    not_put: tuple[str, ...] = ()
    """On the room's first "no": the move's gates never put to the room, because that "no"
    settled the move (nothing is recorded for them but this)."""
    development_time: str | None = None
    """The inject's own scenario time (the development determined on), if it has one."""
    scenario_time: str | None = None
    """The scenario time at which the room determined it, if recorded."""
    scenario_lapse: str | None = None
    """The decision clock in scenario time, for a reader: "D 05:10 → D 05:30, 20 min"."""
    meanwhile: MeanwhileCount | None = None
    """What the room recorded between the inject's delivery and this determination (None when it
    was made on no inject, or as the inject was delivered)."""
    strength: Literal["policy", "statutory"] | None = None
    """`policy` when the requirement comes from the Guidelines, `statutory` when from Japanese
    law, as the rules file the session stored says (None when it no longer names the gate)."""


class OrderEntry(_Model):
    """A determination recorded without a move (a grey-zone order, a situation found on imminent
    danger), with who decides it, the Diet's part and the remark. No phase changed."""

    determination: str
    """The determination's id in the rules file."""
    title: str
    """What was decided, as the rules file words it."""
    authority: str
    """Who decides it, as the rules file said when it was recorded."""
    diet: str
    """Whether and when the National Diet approves it."""
    answer: bool
    """True when the order was given (the situation determined); False when the room decided not to."""
    remark: str
    """The facilitator's remark ("" if none)."""
    source: AnswerSource
    """`facilitator` is the room's answer; `scenario` was assumed."""
    assumed: bool
    """True when nobody in a room answered (the scenario's stated answer, in a dry-run)."""
    inject: str | None
    """The inject in front of the room, if any."""
    delivered_at: datetime | None = None
    """When that inject was delivered (UTC): the decision clock runs from here to `at`."""
    development_time: str | None = None
    """The inject's own scenario time (the development determined on), if it has one."""
    scenario_time: str | None = None
    """The scenario time at which the room determined it, if recorded."""
    scenario_lapse: str | None = None
    """The decision clock in scenario time, for a reader: "D 05:10 → D 05:30, 20 min"."""
    meanwhile: MeanwhileCount | None = None
    """What the room recorded between the inject's delivery and this determination (None when it
    was made on no inject, or as the inject was delivered)."""
    ahead_of: tuple[str, ...] = ()
    """The determinations it needs first that were not recorded when it was: the room
    determined it ahead of them."""
    phases: tuple[str, ...]
    """The phases that held (and still held after)."""
    at: datetime
    """When it was recorded (UTC)."""


class CountSummary(_Model):
    """How much the session recorded."""

    injects_delivered: int
    """Distinct injects shown to the room, ad-hoc ones included."""
    adhoc_injects: int
    """Injects the facilitator improvised."""
    decisions: int
    """Decisions recorded, with who decided."""
    determinations: int
    """Answers to gates, yes or no."""
    declined_determinations: int
    """Answers that were no."""
    orders: int = 0
    """Determinations recorded without a move (grey-zone orders and the like)."""
    citations: int
    """Citations in force (withdrawn ones not counted)."""
    withdrawn_citations: int
    """Citations withdrawn."""
    out_of_phase_citations: int
    """Citations in force of clauses that did not apply in the phases then."""
    notes: int
    """Notes recorded."""
    ratings: int
    """Expected actions rated (the latest rating of each)."""
    hot_wash: int
    """Hot-wash entries."""
    improvement_items: int
    """Improvement-plan items."""


class Summary(_Model):
    """The session at a glance."""

    phase_changes: tuple[PhaseChangeEntry, ...]
    """The start and every move between phases, in order."""
    periods: tuple[PhasePeriod, ...]
    """Every phase entered, with when it was entered and left, in the order entered."""
    final_phases: tuple[str, ...]
    """The phases in force at the end of the record."""
    determinations: tuple[DeterminationEntry, ...]
    """Every answer to a gate, yes or no, in order."""
    orders: tuple[OrderEntry, ...] = ()
    """Every determination recorded without a move (grey-zone orders and the like), in order."""
    counts: CountSummary
    """How much the session recorded."""


class RegionLane(_Model):
    """One region of the phase machine: a lane of the timeline."""

    id: str
    """The region's slug."""
    title: str
    """The region's name for people."""
    empty_title: str | None
    """What the region's empty state is called (e.g. "No large-scale disaster")."""


class TimelineStep(_Model):
    """One step of the path taken, with the phase of each region while it was in front of the room."""

    step: int
    """1-based."""
    inject: str
    """The inject in front of the room."""
    title: str
    """Its title."""
    scenario_time: str | None
    """Its scenario time, if any."""
    at: datetime
    """When it was put in front of the room (UTC)."""
    phases: tuple[str | None, ...]
    """One entry per lane, in lane order: the phase's slug, or None when the region was empty."""
    returned: bool
    """True when the facilitator went back to this inject."""


class Timeline(_Model):
    """The phases over the session, one lane per region."""

    lanes: tuple[RegionLane, ...]
    """One lane per region of the rules file, in its order."""
    start: tuple[str | None, ...]
    """The phases at the start, one per lane."""
    steps: tuple[TimelineStep, ...]
    """Every step of the path taken (returns included)."""


# -- the injects ---------------------------------------------------------------------------------


class CitationEntry(_Model):
    """A clause cited for an inject."""

    clause: str
    """The clause's id."""
    title: str
    """The clause's title."""
    reason: str
    """Why it was cited, as recorded."""
    source: CitationSource
    """Who cited it: `scenario` (presented with the inject), `suggestion` or `facilitator` (the
    room), or `discussed` (the room discussed it without citing it)."""
    out_of_phase: bool
    """True when the clause did not apply in the phases in force when it was cited."""
    phases: tuple[str, ...]
    """The phases in force when it was cited."""
    excerpt: str
    """The start of the clause's verbatim text."""
    withdrawn: bool
    """True when the citation was withdrawn (kept, struck through)."""
    withdrawal_reason: str
    """Why it was withdrawn ("" if not, or no reason given)."""
    at: datetime
    """When it was cited (UTC)."""


class NoteEntry(_Model):
    text: str
    """The note."""
    at: datetime
    """When it was recorded (UTC)."""
    recorded_by: str = ""
    """The seat that recorded it and the person in it (`evaluator (Aiko Tanaka)`); "" in a
    session recorded before seats."""


class DecisionEntry(_Model):
    decided_by: str
    """Who decided."""
    decision: str
    """What was decided."""
    at: datetime
    """When it was recorded (UTC)."""
    recorded_by: str = ""
    """The seat that recorded it and the person in it; "" in a session recorded before seats."""


class ExpectedActionEntry(_Model):
    """An expected action of an inject, with its latest HSEEP rating."""

    inject: str
    """The inject the action belongs to."""
    key: str
    """`a1`, `a2`, ... as the rating sheet shows it."""
    action: str
    """What the players were expected to do or decide."""
    responsible: str | None
    """The party responsible, if the scenario names one."""
    objective: str | None
    """The objective it serves (an objective id), if any."""
    rating: Rating | None
    """P, S, M or U; None while unrated."""
    observation: str
    """The observation recorded with the rating ("" if none)."""
    rated_by: str = ""
    """The seat that recorded the rating and the person in it ("" if unrated, or rated before seats)."""


class InjectEntry(_Model):
    """One delivered inject, as the room saw it and as the facilitator recorded it."""

    step: int
    """The step on the path taken at which it was first delivered."""
    id: str
    """The inject's id (`adhoc-N` for an improvised one)."""
    title: str
    """Its title."""
    adhoc: bool
    """True for an inject the facilitator improvised."""
    contingency: bool
    """True for a contingency inject of the scenario."""
    without_move: bool
    """True when it was delivered without the move into its phase."""
    module: str | None
    """The module's title, if any."""
    scenario_time: str | None
    """Its scenario time (`D-3 06:00`), if it has one."""
    at: datetime
    """When it was first delivered (UTC)."""
    phases: tuple[str, ...]
    """The phases in force when it was first delivered."""
    addressees: tuple[str, ...]
    """The cells it was addressed to (names); empty means everyone."""
    narrative: str
    """What the room was told."""
    citations: tuple[CitationEntry, ...]
    """The clauses cited for it, withdrawn ones included, in the order cited."""
    notes: tuple[NoteEntry, ...]
    """Notes recorded while it was in front of the room."""
    decisions: tuple[DecisionEntry, ...]
    """Decisions recorded while it was in front of the room."""
    expected_actions: tuple[ExpectedActionEntry, ...]
    """Its expected actions with their latest ratings."""
    determinations: tuple[DeterminationEntry, ...]
    """The answers to the gates of the moves its delivery asked for (also in the summary)."""
    orders: tuple[OrderEntry, ...] = ()
    """The determinations recorded without a move while it was in front of the room (also in the summary)."""


# -- clause coverage -----------------------------------------------------------------------------


class ClauseTally(_Model):
    """A clause that applies in a phase, and whether the room cited it there."""

    clause: str
    """The clause's id."""
    title: str
    """The clause's title."""
    exercised: bool
    """True when it was cited at least once while the phase held."""
    citations: int
    """How often it was cited while the phase held (withdrawn citations not counted)."""
    applicability: Applicability = "applies"
    """`applies` outright in the phase; `preparatory` when its measures may only be taken there
    before its situation is determined. A preparatory clause is listed only when it was cited
    (it is then exercised, preparatory); uncited, it is no gap."""
    taken_up: CoverageMeasure | None = None
    """How far the room took it up while the phase held: `presented` (the scenario cited it for an
    inject delivered), `discussed` (the room discussed it), `cited` (the room cited it as a
    basis); None when not exercised."""


class PhaseCoverage(_Model):
    phase: str
    """The phase's slug."""
    title: str
    """The phase's name for people."""
    clauses: tuple[ClauseTally, ...]
    """Every clause that applies in the phase, in document order."""
    exercised: int
    """How many of its applicable clauses were cited while it held."""
    applicable: int
    """How many clauses apply in it (outright: preparatory clauses are not counted)."""
    exercised_preparatory: int = 0
    """How many clauses only preparatory in it were cited while it held (not counted in
    `exercised` or `applicable`)."""
    presented: int = 0
    """Of the clauses counted in `exercised`, how many were only presented (cited by the scenario
    for an inject delivered, not taken up by the room)."""
    discussed: int = 0
    """Of the clauses counted in `exercised`, how many the room discussed without citing them."""
    cited: int = 0
    """Of the clauses counted in `exercised`, how many the room cited as a basis."""


class ChapterCoverage(_Model):
    """One chapter of the Guidelines: its clauses that applied in some phase entered, and how many were cited."""

    chapter: str
    """The chapter's id (`IV`)."""
    title: str
    """The chapter's title."""
    applicable: int
    """Its clauses that applied in some phase entered."""
    exercised: int
    """How many of those were cited while a phase in which they apply held."""
    exercised_preparatory: int = 0
    """Clauses not counted in `exercised` that were cited while a phase held in which they are
    preparatory (their measures taken before the situation is determined)."""
    presented: int = 0
    """Of the clauses counted in `exercised`, how many were only presented (cited by the scenario
    for an inject delivered, not taken up by the room)."""
    discussed: int = 0
    """Of the clauses counted in `exercised`, how many the room discussed without citing them."""
    cited: int = 0
    """Of the clauses counted in `exercised`, how many the room cited as a basis."""


class MatrixCell(_Model):
    """One chapter in one phase: how many of its clauses apply there, and how far the room went with them."""

    phase: str
    """The phase's slug."""
    applicable: int
    """The chapter's clauses that apply outright in the phase."""
    counts: dict[CoverageMeasure, int]
    """Measure (one per `CoverageMatrix.measures`) to how many of those clauses went that far
    while the phase held, each clause counted once, at the furthest (`ClauseTally.taken_up`)."""
    preparatory: int
    """The chapter's clauses only preparatory in the phase that were exercised while it held
    (presented, discussed or cited; not counted in `applicable`)."""
    preparatory_counts: dict[CoverageMeasure, int] = {}
    """Measure (one per `CoverageMatrix.measures`) to how many of the `preparatory` clauses went
    that far while the phase held, each counted once, at the furthest: the `+N prep.` of the
    measure's column (their sum is `preparatory`)."""


class MatrixPhase(_Model):
    """A column of the coverage matrix."""

    phase: str
    """The phase's slug."""
    title: str
    """The phase's name for people."""


class MatrixRow(_Model):
    chapter: str
    """The chapter's id (`IV`)."""
    title: str
    """The chapter's title."""
    cells: tuple[MatrixCell, ...]
    """One per column of `CoverageMatrix.phases`, in its order."""


class CoverageMatrix(_Model):
    """Clause coverage at a glance: chapters down, phases entered across."""

    measures: tuple[CoverageMeasure, ...]
    """What the record tells about each clause, in the order of `CoverageMeasure`: `presented`,
    `discussed`, `cited`."""
    phases: tuple[MatrixPhase, ...]
    """The phases entered, in the rules file's order: the columns."""
    rows: tuple[MatrixRow, ...]
    """Every chapter with a clause that applies in a phase entered or was cited preparatory, in document order."""
    totals: tuple[MatrixCell, ...]
    """One per column of `phases`: every chapter together."""


class ClauseCoverage(_Model):
    phases: tuple[PhaseCoverage, ...]
    """One entry per phase entered, in the order first entered."""
    chapters: tuple[ChapterCoverage, ...]
    """Every chapter, in document order."""
    matrix: CoverageMatrix
    """The chapters by the phases entered, at a glance."""


# -- objectives, index, hot wash, plan, appendix -------------------------------------------------


class HotWashItem(_Model):
    kind: HotWashKind
    """`strength` or `improvement` (an area for improvement)."""
    text: str
    """What was said."""
    objective: str | None
    """The objective it concerns (an objective id), if any."""
    at: datetime
    """When it was recorded (UTC)."""
    recorded_by: str = ""
    """The seat that recorded it and the person in it; "" in a session recorded before seats."""


class ObjectiveClause(_Model):
    """A clause cited (and not withdrawn) for an inject with an expected action serving an
    objective, and how far the room took it up there, counted as section 4 counts."""

    clause: str
    """The clause's id."""
    title: str
    """The clause's title."""
    injects: tuple[str, ...]
    """Those injects it was cited for, in the order cited."""
    taken_up: CoverageMeasure | None = None
    """How far it was taken up for those injects where it counts (while a phase held in which it
    applies or is preparatory), at the furthest: `presented` (only by the scenario with an
    inject), `discussed` or `cited` (by the room as a basis); None when every citation of it for
    those injects was out of phase, so that it was not exercised for the objective."""
    applicability: Applicability | None = None
    """`applies` when it counted in a phase where it applies outright, `preparatory` when only
    where it is preparatory; None when not exercised (out of phase)."""
    out_of_phase: tuple[str, ...] = ()
    """Those of `injects` for which it was cited only out of phase: not counted."""


class ObjectiveEntry(_Model):
    id: str
    """The objective's id."""
    text: str
    """The objective as a sentence."""
    capability: str | None
    """The capability it exercises, if given."""
    actions: tuple[ExpectedActionEntry, ...]
    """The expected actions that serve it, with their ratings (delivered injects only)."""
    ratings: dict[str, int]
    """How many of those actions got each rating (P, S, M, U, and `unrated`)."""
    hot_wash: tuple[HotWashItem, ...]
    """Hot-wash entries that name it."""
    lowest_rating: Rating | None = None
    """The lowest rating among its rated actions (U below M below S below P); None while none is rated."""
    clauses: tuple[ObjectiveClause, ...] = ()
    """The clauses cited (and not withdrawn) for the injects whose expected actions serve it, in
    document order; `taken_up` says which the room cited, which it only discussed, which were only
    presented, and which were out of phase (not exercised)."""


class SeatEntry(_Model):
    """A seat that recorded into the session, and what it recorded (its latest ratings counted)."""

    seat: str
    """The seat and the person in it, as every record names it (`evaluator (Aiko Tanaka)`)."""
    role: Role
    """`facilitator`, `evaluator`, `notes`, `recorder` or `participant`."""
    cell: str | None
    """The cell a recorder or a participant sat for."""
    name: str
    """The person in the seat ("" when nobody was named)."""
    notes: int
    decisions: int
    ratings: int
    hot_wash: int
    """Hot-wash entries."""
    other: int
    """Everything else it recorded: deliveries, moves, citations, determinations, the clock, ..."""


class CitationIndexEntry(_Model):
    clause: str
    """The clause's id."""
    title: str
    """The clause's title."""
    injects: tuple[str, ...]
    """The injects it was cited for, in the order cited (withdrawn citations not listed)."""
    withdrawn_from: tuple[str, ...]
    """The injects it was cited for and then withdrawn from."""


class ImprovementPlanItem(_Model):
    """A row of HSEEP's improvement plan: a draft while a field is still to settle (`missing`;
    at the After-Action Meeting, with `tabletop ip`), then open until closed."""

    number: int = 0
    """Its number in the plan (1 for the first), as `tabletop ip` names it."""
    status: Literal["draft", "open", "closed"] = "open"
    """`draft` (fields still to settle), `open` or `closed`."""
    issue: str
    """The issue or area for improvement."""
    corrective_action: str
    """What will be done about it."""
    capability_element: str
    """The capability element (planning, organisation, equipment, training, exercises); "" while a draft."""
    responsible_organisation: str
    """Who is responsible ("" while a draft)."""
    point_of_contact: str
    """Who to ask ("" while a draft)."""
    start_date: date | None
    """When the corrective action starts (None while a draft)."""
    completion_date: date | None
    """When it is to be completed (None while a draft)."""
    missing: tuple[str, ...] = ()
    """The fields still to settle, in the plan's words."""
    closing_remark: str = ""
    """How it was closed, if it was and it was said."""
    closed_at: datetime | None = None
    """When it was closed (UTC); None while draft or open."""


class AppendixClause(_Model):
    clause: str
    """The clause's id."""
    title: str
    """The clause's title."""
    context: tuple[str, ...]
    """The chapter and sections above it, as `ID Title`."""
    text: str
    """The clause's own verbatim text (paragraphs separated by a blank line)."""


class CellAnswer(_Model):
    """One answer a cell gave to a prompt (a seat's, or the cell's paper sheet's)."""

    seat: str | None
    """The participant seat that answered; None for a paper answer the facilitator keyed in."""
    text: str
    """The answer in words ("" for a bare vote or rating)."""
    choice: str | None
    """A poll's option chosen, as worded."""
    rating: str | None
    """A self-rating: P, S, M or U."""
    clause: str | None
    """A proposal's clause."""
    at: datetime
    """When it was recorded (UTC)."""
    seat_revoked_at: datetime | None = None
    """When the facilitator revoked the seat that gave it, later (None: never revoked, or on paper)."""


class CellAnswers(_Model):
    """A cell's answers to one prompt."""

    cell: str
    """The cell's id."""
    cell_name: str
    """The cell's name for people."""
    answers: tuple[CellAnswer, ...]
    """Each seat's latest answer, in the order first given."""


class PollResult(_Model):
    """One option of a poll with its votes."""

    option: str
    votes: int


class PromptEntry(_Model):
    """A prompt the facilitator put to the cells, and what they answered."""

    prompt: str
    """Its id (`p1`, ...)."""
    kind: str
    """`question`, `poll`, `self_rating` or `proposal`."""
    text: str
    """What the participants were asked."""
    inject: str | None
    """The inject in front of the room when it was opened."""
    inject_title: str | None
    """That inject's title."""
    cells: tuple[str, ...]
    """The names of the cells asked; empty for every cell."""
    opened_at: datetime
    """When it was opened (UTC)."""
    closed_at: datetime | None = None
    """When the facilitator closed it (UTC); None when it was still open at the end."""
    revealed: bool
    """True when its answers were shown to the room."""
    by_cell: tuple[CellAnswers, ...]
    """The answers, grouped by cell in the scenario's order."""
    poll: tuple[PollResult, ...]
    """A poll's options with their votes (empty for other prompts)."""
    evaluator_rating: str | None
    """A self-rating's expected action as the evaluator rated it (P, S, M, U), beside the cells'
    own ratings; None when unrated or not a self-rating."""
    evaluator_observation: str
    """The evaluator's observation with that rating ("" if none)."""


class MoveOutcome(_Model):
    """One time the room was asked for a move: the answers to its gates taken together."""

    trigger: str
    """The move's trigger."""
    move_title: str
    """The move's title for people."""
    inject: str | None
    """The inject whose delivery asked for it (None for a move made by hand)."""
    scenario_time: str | None
    """That inject's scenario time; for a move made by hand, the scenario time the room answered
    at as recorded (by default the current inject's); None when there is none."""
    fired: bool
    """True when every gate was answered yes and the move fired; False when it was declined."""
    deciders: tuple[str, ...]
    """Who decides its gates, each once, in the order the gates were answered."""
    declined_by: tuple[str, ...]
    """Who decides the gates answered no, each once (empty when it fired)."""
    assumed: bool
    """True when no answer came from a room (the scenario's stated answers, or a dry-run's)."""
    at: datetime
    """When it was answered (UTC)."""


class PlanSize(_Model):
    """How big the improvement plan is, and how much of it is still a draft, open or closed."""

    items: int
    """Items recorded."""
    drafts: int
    """Items still drafts: open, with a field still to settle (each item's `missing` says which)."""
    open: int = 0
    """Items open with nothing left to settle, not yet closed."""
    closed: int = 0
    """Items closed (each item's `closed_at` says when)."""


class ExecutiveSummary(_Model):
    """What a reader who reads one page must know: HSEEP's executive summary."""

    phases_entered: tuple[str, ...]
    """Every phase that held at some point, in the order first entered."""
    moves: tuple[MoveOutcome, ...]
    """Every time the room was asked for a move, in order: the key determinations."""
    top_strengths: tuple[HotWashItem, ...]
    """The first three strengths recorded at the hot wash."""
    top_areas_for_improvement: tuple[HotWashItem, ...]
    """The first three areas for improvement recorded at the hot wash."""
    improvement_plan: PlanSize
    """The improvement plan's size."""
    clauses_applicable: int
    """Clauses that applied in some phase entered."""
    clauses_exercised: int
    """How many of those were exercised while a phase in which they apply held: presented,
    discussed or cited (the sum of the three counts below)."""
    clauses_presented: int = 0
    """Of those exercised, how many were only presented (cited by the scenario for an inject
    delivered, not taken up by the room)."""
    clauses_discussed: int = 0
    """Of those exercised, how many the room discussed without citing them."""
    clauses_cited: int = 0
    """Of those exercised, how many the room cited as a basis: the share a reader looks for."""


class AfterActionReport(_Model):
    """HSEEP's After-Action Report / Improvement Plan for one session, grounded in clauses."""

    format: Literal["tabletop-after-action-report"] = "tabletop-after-action-report"
    """Always `tabletop-after-action-report`."""
    version: Literal[1] = 1
    """The version of this document's shape."""
    generated_by: str
    """The version of tabletop that made the report."""
    cover: Cover
    """What identifies the exercise and the record."""
    executive_summary: ExecutiveSummary
    """The one page a reader reads first."""
    summary: Summary
    """Phases, determinations and counts at a glance."""
    timeline: Timeline
    """The phases of each region over the path taken."""
    injects: tuple[InjectEntry, ...]
    """Every delivered inject, in the order first delivered."""
    coverage: ClauseCoverage
    """Which applicable clauses were cited, per phase entered and per chapter."""
    objectives: tuple[ObjectiveEntry, ...]
    """Each objective of the scenario with the ratings of the actions serving it."""
    citation_index: tuple[CitationIndexEntry, ...]
    """Every clause cited, in document order."""
    hot_wash: tuple[HotWashItem, ...]
    """Strengths and areas for improvement, in the order recorded."""
    improvement_plan: tuple[ImprovementPlanItem, ...]
    """HSEEP's improvement plan, in the order recorded."""
    prompts: tuple[PromptEntry, ...] = ()
    """What the cells answered on the participants' page (and on paper), prompt by prompt."""
    appendix: tuple[AppendixClause, ...]
    """The full verbatim text of every clause cited, in document order."""
    seats: tuple[SeatEntry, ...] = ()
    """Who recorded: each seat that recorded into the session (the facilitator's first, then in
    the order each first recorded) and what it recorded; empty for a session recorded before
    seats."""


# -- coverage across a programme -----------------------------------------------------------------


class SessionCopy(_Model):
    """Another file given that holds a session already counted (the same session id stored in
    it: a backup, an imported copy): it is not counted again."""

    file: str | None
    """The file as it was given (None when the caller named none)."""
    events: int
    """How many events its journal holds."""


class ProgrammeSession(_Model):
    """A session counted in (or left out of) a programme's coverage."""

    session_id: str
    """The session's id (stored in the file: a session is one session however many files hold it)."""
    title: str
    """The scenario's title."""
    dry_run: bool
    """True for a session written by `tabletop dry-run`."""
    started_at: datetime
    """When it started (UTC)."""
    phases_entered: tuple[str, ...]
    """Every phase that held at some point, in the order first entered."""
    rules_sha256: str
    """SHA-256 of the rules it stored."""
    counted: bool
    """False for a dry-run left out (they count only with `--include-dry-runs`)."""
    file: str | None = None
    """The file it was read from, as given (for a session in a database, its id as given; None
    when the caller named none); when several files hold the session, the one whose journal holds the most events (of equals, the first by name)."""
    events: int = 0
    """How many events the journal it was read from holds."""
    copies: tuple[SessionCopy, ...] = ()
    """The other files given that hold the same session, by name: not counted again."""


class ProgrammeClause(_Model):
    """One clause across the programme."""

    clause: str
    """The clause's id."""
    title: str
    """The clause's title."""
    chapter: str
    """The id of the chapter it belongs to."""
    sessions: int
    """In how many counted sessions it was cited at least once (while it applied or not)."""
    citations: int
    """How often it was cited in all, withdrawn citations not counted."""
    by_phase: dict[str, int]
    """Phase slug to the number of sessions that cited it while that phase held and it applied there."""
    applicable_in: tuple[str, ...]
    """The phases entered in the programme in which it applies."""
    preparatory_in: tuple[str, ...] = ()
    """The phases entered in the programme in which it is only preparatory (its measures may be
    taken before its situation is determined): no gap there when uncited."""
    by_phase_preparatory: dict[str, int] = {}
    """Phase slug to the number of sessions that cited it while that phase held and it was
    preparatory there (exercised, preparatory)."""


class ProgrammeCoverage(_Model):
    """How often each clause of the Guidelines was exercised across many sessions."""

    format: Literal["tabletop-coverage"] = "tabletop-coverage"
    """Always `tabletop-coverage`."""
    version: Literal[1] = 1
    """The version of this document's shape."""
    generated_by: str
    """The version of tabletop that made it."""
    sessions: tuple[ProgrammeSession, ...]
    """Every session given, in the order they started."""
    classification: str | None
    """The sessions' classification markings, each once (joined with " + "), printed on every page."""
    included_dry_runs: bool
    """True when dry-runs were counted (`--include-dry-runs`)."""
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
    """Per chapter, over the counted sessions."""

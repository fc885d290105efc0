"""One frozen view of a session for a screen: everything to draw, nothing to compute.

Built by `Session.snapshot()` (and by `SessionRecord.snapshot()` for a record read from a
file); read by the console, `tabletop follow` and anything else that draws a session. The
snapshot answers every question a screen asks before it issues a command: what `next`
would do (the move and the gates it needs, or the reason it is refused), the legal moves
with their gates, the options at a decision point, the suggestions with their reasons.
A screen never has to catch an exception to learn what is possible.

Every class here is a frozen dataclass of tuples and plain values. Scenario and
facilitator text is carried exactly as written: a screen must show it as plain text
(never as markup) and strip terminal control sequences where it prints to a terminal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from tabletop.errors import TabletopError
from tabletop.session._state import (
    CitationRecord,
    ClockState,
    DecisionRecord,
    DeclinedMove,
    Determination,
    HotWashEntry,
    ImprovementItem,
    NoteRecord,
    RatingRecord,
    RecordedDetermination,
    SessionState,
    Withdrawal,
)

if TYPE_CHECKING:
    from tabletop.phases import Move
    from tabletop.rules import Corpus, Gate
    from tabletop.rules import Determination as RulesDetermination
    from tabletop.session._citations import Citation

__all__ = [
    "ClockView",
    "DeterminationView",
    "ExpectedActionView",
    "GateView",
    "InjectStatus",
    "InjectSummary",
    "InjectView",
    "MoveView",
    "ObjectiveView",
    "OptionView",
    "PhaseView",
    "QuestionView",
    "RegionView",
    "SessionSnapshot",
    "Step",
    "action_key",
]

InjectStatus = Literal["delivered", "current", "pending"]
"""Where an inject stands in the list: shown already, in front of the room now, or not yet shown."""


def action_key(index: int) -> str:
    """The key of an inject's expected action at 0-based `index`: `a1`, `a2`, ... as the sheet shows it."""
    return f"a{index + 1}"


@dataclass(frozen=True, slots=True)
class GateView:
    """A determination the room must make before a move fires."""

    id: str
    question: str
    authority: str
    """Who decides it."""
    strength: str
    """`policy` or `statutory`."""
    reference: str
    """Where the requirement comes from (a statute, a Cabinet practice)."""
    stated: bool | None = None
    """The answer the scenario states for this gate (a dry-run uses it), or None."""


@dataclass(frozen=True, slots=True)
class ObjectiveView:
    """An exercise objective of the scenario: what the hot wash and the report group findings by."""

    id: str
    text: str
    capability: str | None = None


@dataclass(frozen=True, slots=True)
class DeterminationView:
    """A determination the room may record now without a move (`Session.determine`): a grey-zone
    order, or a situation found before a move. Recording it changes no phase."""

    id: str
    title: str
    """What is decided (the rules file's title): the question the room answers."""
    authority: str
    """Who decides it."""
    diet: str
    """Whether and when the National Diet approves it, or that it does not."""
    reference: str
    """The statute and article (and any Cabinet decision) it rests on."""
    basis: str
    """The Guidelines sentence, verbatim, under which it sits in the phases it is open in."""
    available_in: tuple[str, ...]
    """Every phase in which it may be recorded."""
    stated: bool | None = None
    """The answer the current inject's scenario states for it (a dry-run records it), or None."""


def determination_view(found: RulesDetermination, stated: Any = None) -> DeterminationView:
    answer = stated.get(found.id) if stated else None
    return DeterminationView(
        found.id,
        found.title,
        found.authority,
        found.diet,
        found.reference,
        found.basis,
        tuple(found.available_in),
        None if answer is None else bool(answer),
    )


@dataclass(frozen=True, slots=True)
class MoveView:
    """A phase move with its gates and the Guidelines' basis for it, verbatim."""

    trigger: str
    title: str
    region: str
    source: str | None
    """The phase it leaves (None: the region was empty)."""
    dest: str | None
    """The phase it enters (None: the region becomes empty)."""
    basis: str
    """The passage of the Guidelines (or statute) that justifies the move, verbatim."""
    gates: tuple[GateView, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """What delivering an inject would do now, as a value: the move it makes, or why it is refused."""

    inject: str | None
    """The inject it would deliver (None at the end of the scenario)."""
    title: str | None
    move: MoveView | None
    """The move delivering it makes (its gates need the room's answers), or None."""
    refused: str | None
    """Why the delivery is refused now, in one sentence (None when it is possible)."""
    out_of_reach: bool = False
    """True when its phase is more than one move away: it can still be taken out of phase
    (`without_move=True`), or the facilitator fires the moves that lead there first."""
    declined: bool = False
    """True when the room has just declined this move: deliver without it (`without_move=True`),
    take another branch, or stay."""

    @property
    def allowed(self) -> bool:
        return self.refused is None


@dataclass(frozen=True, slots=True)
class OptionView:
    """One option of a decision point, the default marked, with what taking it would do."""

    index: int
    label: str
    target: str
    default: bool
    notes: str | None
    """Facilitator-only notes on the option."""
    step: Step


@dataclass(frozen=True, slots=True)
class QuestionView:
    text: str
    cell: str | None
    """The cell the question is put to (None: the whole room)."""
    cell_name: str | None
    organisation: str | None


@dataclass(frozen=True, slots=True)
class ExpectedActionView:
    """An expected action of the current inject, named by its key, with its latest rating."""

    key: str
    """`a1`, `a2`, ...: what `Session.rate` takes."""
    action: str
    responsible: str | None
    objective: str | None
    rating: RatingRecord | None


@dataclass(frozen=True, slots=True)
class InjectView:
    """The inject in front of the room, with everything a facilitator's screen shows of it."""

    id: str
    title: str
    narrative: str
    """Markdown, as the author wrote it: render it as text, never as markup."""
    time: str | None
    """Scenario time (`D+1 06:00`), if the inject has one."""
    phase: str | None
    trigger: str | None
    module: str | None
    module_title: str | None
    to: tuple[str, ...]
    """Addressees."""
    tags: tuple[str, ...]
    questions: tuple[QuestionView, ...]
    expected_actions: tuple[ExpectedActionView, ...]
    facilitator_notes: str | None
    """Facilitator-only: never shown to participants."""
    cite: tuple[str, ...]
    """The clauses the scenario cites for it."""
    adhoc: bool
    """True when the facilitator improvised it."""
    contingency: bool
    without_move: bool
    """True when it was delivered without the move into its phase."""

    def questions_by_cell(self) -> dict[str | None, tuple[QuestionView, ...]]:
        """The questions grouped by cell, in order of first appearance (None: the whole room)."""
        groups: dict[str | None, list[QuestionView]] = defaultdict(list)
        for question in self.questions:
            groups[question.cell].append(question)
        return {cell: tuple(found) for cell, found in groups.items()}


@dataclass(frozen=True, slots=True)
class InjectSummary:
    """One line of the inject list (the MSEL)."""

    id: str
    title: str
    time: str | None
    phase: str | None
    module: str | None
    module_title: str | None
    contingency: bool
    adhoc: bool
    status: InjectStatus
    on_default_path: bool


@dataclass(frozen=True, slots=True)
class PhaseView:
    slug: str
    title: str
    in_force: bool


@dataclass(frozen=True, slots=True)
class RegionView:
    """One region of the phase track: its phases in the rules' order, the one in force marked."""

    id: str
    title: str
    phase: str | None
    """The phase in force (None: the region is empty)."""
    empty_title: str | None
    """How the rules name the empty region ("no disaster"), if it can be empty."""
    phases: tuple[PhaseView, ...]


@dataclass(frozen=True, slots=True)
class ClockView:
    """The clocks: the scenario's time at the current inject and the wall-clock exercise time."""

    scenario_time: str | None
    elapsed: timedelta
    """Exercise time run, up to the snapshot (pauses excluded)."""
    paused: bool
    """True while the clock is stopped for a break (not after the end)."""
    paused_total: timedelta
    """Time spent in breaks, up to the snapshot."""
    state: ClockState
    taken_at: datetime
    """When the snapshot was taken: a screen can tick `state.elapsed(now)` from here."""


@dataclass(frozen=True, slots=True)
class SessionSnapshot:
    """Everything a screen draws, at one moment. Take a new one after each command."""

    session_id: str
    title: str
    classification: str | None
    """The scenario's classification marking, shown at the top and bottom of every screen."""
    dry_run: bool
    readonly: bool
    ended: bool
    closing_summary: str
    regions: tuple[RegionView, ...]
    phases: tuple[str, ...]
    """The phases in force, in region order."""
    current: InjectView | None
    injects: tuple[InjectSummary, ...]
    options: tuple[OptionView, ...]
    next: Step
    """What `deliver_next` would do."""
    back_to: str | None
    legal_moves: tuple[MoveView, ...]
    suggestions: tuple[Citation, ...]
    """Ranked clauses for the current inject, each with its reason; the scenario's own
    citations are always among them (flagged `out_of_phase` when they do not apply now)."""
    citations: tuple[CitationRecord, ...]
    """Citations recorded for the current inject, in force."""
    all_citations: tuple[CitationRecord, ...]
    withdrawals: tuple[Withdrawal, ...]
    notes: tuple[NoteRecord, ...]
    decisions: tuple[DecisionRecord, ...]
    determinations: tuple[Determination, ...]
    declined: DeclinedMove | None
    hot_wash: tuple[HotWashEntry, ...]
    improvement_plan: tuple[ImprovementItem, ...]
    clock: ClockView
    state: SessionState
    """The full state (path taken, transitions, ratings, ...)."""
    available_determinations: tuple[DeterminationView, ...] = ()
    """The determinations `Session.determine` accepts now (open in the phases in force), in the
    rules file's order."""
    recorded_determinations: tuple[RecordedDetermination, ...] = ()
    """Every determination recorded without a move, in order."""
    objectives: tuple[ObjectiveView, ...] = ()
    """The scenario's exercise objectives, in the scenario's order."""

    def for_participants(self) -> SessionSnapshot:
        """What the room may see (a projector, an observer's screen): the phases, the injects
        delivered so far and the current one's narrative and questions, the determinations made,
        the decisions, the clock. Everything facilitator-only is left out: the facilitator's
        notes on injects and options, expected actions and ratings, the injects still to come,
        what `next` would do and its gates, the legal moves and the determinations open, suggestions, citations, notes, the
        hot wash and the improvement plan."""
        current = self.current
        if current is not None:
            current = replace(current, expected_actions=(), facilitator_notes=None, cite=())
        hidden = Step(None, None, None, "facilitator only")
        return replace(
            self,
            current=current,
            injects=tuple(i for i in self.injects if i.status != "pending"),
            options=tuple(replace(o, notes=None, step=hidden) for o in self.options),
            next=hidden,
            legal_moves=(),
            available_determinations=(),
            suggestions=(),
            citations=(),
            all_citations=(),
            withdrawals=(),
            notes=(),
            declined=None,
            hot_wash=(),
            improvement_plan=(),
            state=replace(
                self.state,
                ratings=(),
                notes=(),
                citations=(),
                withdrawals=(),
                hot_wash=(),
                improvement_plan=(),
                next_inject=None,
            ),
        )


def gate_view(gate: Gate, stated: Any = None) -> GateView:
    answer = stated.get(gate.id) if stated else None
    return GateView(
        gate.id, gate.question, gate.authority, gate.strength, gate.reference, None if answer is None else bool(answer)
    )


def move_view(move: Move, stated: Any = None) -> MoveView:
    return MoveView(
        trigger=move.trigger,
        title=move.title,
        region=move.region,
        source=move.source,
        dest=move.dest,
        basis=move.basis,
        gates=tuple(gate_view(gate, stated) for gate in move.gates),
    )


def region_views(corpus: Corpus, phases: tuple[str, ...]) -> tuple[RegionView, ...]:
    in_force = set(phases)
    views = []
    for region in corpus.regions:
        members = tuple(
            PhaseView(phase.slug, phase.title, phase.slug in in_force)
            for phase in corpus.phases
            if phase.region == region.id
        )
        current = next((p.slug for p in members if p.in_force), None)
        views.append(RegionView(region.id, region.title, current, region.empty_title, members))
    return tuple(views)


def safely(compute: Any, fallback: Any) -> Any:
    """A part of the snapshot that must not stop the rest from being drawn."""
    try:
        return compute()
    except TabletopError:
        return fallback

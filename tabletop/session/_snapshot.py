"""One frozen view of a session for a screen: everything to draw, nothing to compute.

Built by `build_snapshot(state, view, policy, now)`, a pure function of the state, the
scenario, the phase policy and the time (`Session.snapshot()` calls it, and every outcome of
`Session.execute` carries one); read by the console, `tabletop follow` and anything else that
draws a session. The snapshot answers every question a screen asks before it issues a command:
what `next` would do (the move and the gates it needs, or the reason it is refused), the legal
moves with their gates, the options at a decision point, the suggestions with their reasons.
A screen never has to catch an exception to learn what is possible, and the `Step` a screen
acts on carries the phase policy's answer, so the command it issues does not ask again.

Every class here is a frozen dataclass of tuples and plain values. Scenario and
facilitator text is carried exactly as written: a screen must show it as plain text
(never as markup) and strip terminal control sequences where it prints to a terminal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from tabletop.session._navigation import (
    END_OF_SCENARIO,
    EntryPlan,
    Position,
    ScenarioView,
    action_key,
    move_waiting,
)
from tabletop.session._seats import Seat
from tabletop.session._state import (
    AdHocInject,
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
    from tabletop.phases import Move, PhasePolicy
    from tabletop.rules import Corpus, Gate
    from tabletop.rules import Determination as RulesDetermination
    from tabletop.scenario import Inject
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
    "PendingMoveView",
    "PhaseView",
    "Position",
    "QuestionView",
    "RequirementView",
    "RegionView",
    "SessionSnapshot",
    "SnapshotCache",
    "Step",
    "action_key",
    "build_snapshot",
    "step_for",
]

InjectStatus = Literal["delivered", "current", "pending"]
"""Where an inject stands in the list: shown already, in front of the room now, or not yet shown."""


@dataclass(frozen=True, slots=True)
class RequirementView:
    """One thing a determination needs first, as the rules say (`requires`), and whether it is met."""

    kind: str
    """The kind of step (`nsc_deliberation`, `cabinet_decision`, `diet_prior_approval`, ...)."""
    detail: str
    """Who does what, in plain words."""
    after: bool
    """True when it may come after the decision (the Diet's approval sought afterwards)."""
    determinations: tuple[str, ...]
    """The determinations that meet it (any one recorded yes), if it names any."""
    met: bool | None
    """For a requirement naming determinations: True when one is recorded yes (or a phase in
    force meets it), False when none is; None for a step the room times itself."""


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
    side: str = "japan"
    """Whose decision it is: `japan`, `united_states` or `both`."""
    us_authority: str | None = None
    """Who decides on the U.S. side, where the gate is the two governments'."""
    requires: tuple[RequirementView, ...] = ()
    """What it needs first, in the order it usually happens."""
    uncertain: str | None = None
    """What about its legal detail is not verified, if anything."""


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
    side: str = "japan"
    """Whose decision it is: `japan`, `united_states` or `both`."""
    us_authority: str | None = None
    """Who decides on the U.S. side, where it is the two governments'."""
    requires: tuple[RequirementView, ...] = ()
    """What it needs first, each with whether it is met now."""
    uncertain: str | None = None
    """What about its legal detail is not verified, if anything."""
    ahead_of: tuple[str, ...] = ()
    """The determinations it needs first that are not recorded yes (nor met by a phase in
    force): recording it now records it as determined ahead of them."""


def requirement_views(
    requires: Sequence[Any], phases: Sequence[str] = (), confirmed: frozenset[str] = frozenset()
) -> tuple[RequirementView, ...]:
    held = set(phases)
    return tuple(
        RequirementView(
            r.kind,
            r.detail,
            r.after,
            tuple(r.determinations),
            (bool(confirmed.intersection(r.determinations)) or bool(held.intersection(r.satisfied_in)))
            if r.determinations
            else None,
        )
        for r in requires
    )


def determination_view(
    found: RulesDetermination,
    stated: Mapping[str, bool] | None = None,
    phases: Sequence[str] = (),
    confirmed: frozenset[str] = frozenset(),
) -> DeterminationView:
    answer = stated.get(found.id) if stated else None
    requires = requirement_views(found.requires, phases, confirmed)
    return DeterminationView(
        found.id,
        found.title,
        found.authority,
        found.diet,
        found.reference,
        found.basis,
        tuple(found.available_in),
        None if answer is None else bool(answer),
        side=found.side,
        us_authority=found.us_authority,
        requires=requires,
        uncertain=found.uncertain,
        ahead_of=tuple(dict.fromkeys(d for r in requires if r.met is False for d in r.determinations)),
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
class PendingMoveView:
    """The move into the current inject's phase, waiting for the room: the inject was delivered
    first; the room determines the move once it has discussed it (`DetermineMove`)."""

    inject: str
    title: str
    move: MoveView
    """The move and its gates, with the answers the scenario states."""
    delivered_at: datetime
    """When the inject was delivered: the decision clock runs from here."""


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
    plan: EntryPlan | None = field(default=None, repr=False, compare=False)
    """The phase policy's answer for this delivery (the move's trigger, its gates, the answers
    the scenario states), or None when it makes no move: executing the delivery decided on this
    step uses it rather than asking the policy again."""

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
    seq: int
    """The seq of the last event the snapshot shows: a command decided on it carries it
    (`Command.expected_seq`)."""
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
    pending: PendingMoveView | None = None
    """The move into the current inject's phase waiting for the room's determination, or None."""
    seat: Seat | None = None
    """The seat the snapshot was taken for (who records through the session that took it); a
    screen offers what `seat.may(...)` allows. None for a snapshot taken outside a session."""
    suggestions_ranked: bool = True
    """False when the snapshot was taken without ranking the suggestions (`suggest=False`):
    `suggestions` is empty for now, and a screen that shows them says they are coming and
    takes them with `with_suggestions` once ranked for this snapshot's `seq`."""

    def with_suggestions(self, suggestions: Sequence[Citation]) -> SessionSnapshot:
        """This snapshot with its suggestions ranked: `suggestions` must be those ranked for the
        state at this snapshot's `seq` (the same current inject and phases)."""
        return replace(self, suggestions=tuple(suggestions), suggestions_ranked=True)

    def for_cell(self, cell: str) -> SessionSnapshot:
        """What one cell sees (`tabletop follow --cell`): the room's view (`for_participants`),
        with only the current inject's questions put to that cell or to everyone."""
        room = self.for_participants()
        if room.current is None:
            return room
        questions = tuple(q for q in room.current.questions if q.cell in (None, cell))
        return replace(room, current=replace(room.current, questions=questions))

    def for_participants(self) -> SessionSnapshot:
        """What the room may see (the follow screen, the projector, an observer's screen): the
        phases, the injects delivered so far and the current one's narrative and questions, the
        determinations made, the decisions, the clock. Everything facilitator-only is left out:
        the facilitator's notes, expected actions and ratings, the injects still to come and the
        options that lead to them, what `next` would do and its gates, the legal moves and the
        determinations open, suggestions, citations, notes, the hot wash and the improvement
        plan, the participants' seats, and the answers to prompts not yet revealed. The one rule for every screen the room sees."""
        current = self.current
        if current is not None:
            current = replace(current, expected_actions=(), facilitator_notes=None, cite=())
        hidden = Step(None, None, None, "facilitator only")
        return replace(
            self,
            current=current,
            injects=tuple(i for i in self.injects if i.status != "pending"),
            options=(),
            next=hidden,
            legal_moves=(),
            available_determinations=(),
            pending=None,
            suggestions=(),
            suggestions_ranked=True,  # none to come: the room never sees them
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
                current_notes=(),
                citations=(),
                withdrawals=(),
                hot_wash=(),
                improvement_plan=(),
                next_inject=None,
                seats=(),
                prompts=tuple(p if p.revealed else p.model_copy(update={"answers": ()}) for p in self.state.prompts),
            ),
        )


def gate_view(gate: Gate, stated: Mapping[str, bool] | None = None) -> GateView:
    answer = stated.get(gate.id) if stated else None
    return GateView(
        gate.id,
        gate.question,
        gate.authority,
        gate.strength,
        gate.reference,
        None if answer is None else bool(answer),
        side=gate.side,
        us_authority=gate.us_authority,
        requires=requirement_views(gate.requires),
        uncertain=gate.uncertain,
    )


def move_view(move: Move, stated: Mapping[str, bool] | None = None) -> MoveView:
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


# -- building a snapshot ------------------------------------------------------------------------


def step_for(state: Position, view: ScenarioView, policy: PhasePolicy, inject_id: str | None = None) -> Step:
    """What delivering `inject_id` (the next inject by default) would do from `state`, as a value:
    the move it makes with its gates, or why it is refused. Never raises. The phase policy is
    asked once, and its answer travels in the step (`Step.plan`)."""
    if inject_id is None:
        inject_id = state.next_inject
    adhoc = state.adhoc.get(inject_id) if inject_id is not None else None
    inject = view.injects.get(inject_id) if inject_id is not None else None
    title = adhoc.title if adhoc is not None else inject.title if inject is not None else None
    if state.pending is not None and not state.ended:
        # The room determines the move in front of it before it hears another inject.
        return Step(inject_id, title, None, move_waiting(state.pending, view, policy, state.phases))
    if inject_id is None:
        return Step(None, None, None, "the session has ended" if state.ended else END_OF_SCENARIO)
    if adhoc is None and inject is None:
        return Step(inject_id, None, None, f"there is no inject {inject_id!r}")
    if state.ended:
        return Step(inject_id, title, None, "the session has ended; nothing more can be recorded in it")
    if inject is None:
        return Step(inject_id, title, None, None)  # an improvised inject makes no move
    entry = policy.entry(state.phases, phase=inject.phase, trigger=inject.trigger)
    refused = entry.explain(f"inject {inject_id!r}")
    if refused is not None:
        return Step(inject_id, title, None, refused, out_of_reach=True)
    if entry.move is None:
        return Step(inject_id, title, None, None)
    stated = dict(inject.gates or {})
    declined = state.declined
    return Step(
        inject_id,
        title,
        move_view(entry.move, stated),
        None,
        declined=declined is not None and declined.inject == inject_id and declined.trigger == entry.move.trigger,
        plan=EntryPlan(entry.move.trigger, entry.move.dest, entry.move.gates, stated),
    )


@dataclass
class SnapshotCache:
    """What one snapshot can lend the next of the same session: the inject list's rows, rebuilt
    only where a status changed, so that a snapshot costs the same with 5,000 injects as with 50.
    Only a memo: the snapshot built with it is the one built without it."""

    adhoc_count: int = -1
    current: str | None = None
    delivered_count: int = 0
    rows: list[InjectSummary] = field(default_factory=list)
    row_of: dict[str, int] = field(default_factory=dict)


def build_snapshot(
    state: SessionState,
    view: ScenarioView,
    policy: PhasePolicy,
    now: datetime,
    *,
    readonly: bool = False,
    suggestions: Sequence[Citation] | None = (),
    cache: SnapshotCache | None = None,
    seat: Seat | None = None,
) -> SessionSnapshot:
    """Everything a screen draws of `state`, at `now` (the wall clock; a session that has ended
    stands still at its last event). `suggestions` are the ranked clauses for the current inject
    (ranking them needs the clause index, which the session keeps; None: not ranked, the
    snapshot says so in `suggestions_ranked`); `cache` may carry the inject
    list over from the previous snapshot of the same session."""
    now = max(now, state.last_at) if state.ended_at is None else state.last_at
    scenario = view.scenario
    position = Position.of(state)
    current = _inject_view(state, view)
    options: tuple[OptionView, ...] = ()
    if state.current is not None and state.adhoc(state.current) is None:
        options = tuple(
            OptionView(o.index, o.label, o.target, o.default, o.notes, step_for(position, view, policy, o.target))
            for o in view.options(state.current)
        )
    following = next((o.step for o in options if o.target == state.next_inject), None)
    stated: Mapping[str, bool] | None = None
    if state.current is not None and state.current in view.injects:
        stated = view.injects[state.current].determinations
    info = scenario.exercise
    clock = state.clock
    confirmed = frozenset(d.determination for d in state.recorded_determinations if d.answer)
    paused_total = sum((pause.duration(now) for pause in clock.pauses), timedelta(0))
    return SessionSnapshot(
        session_id=state.session_id,
        seq=state.last_seq,
        title=state.scenario_title,
        classification=info.classification if info is not None else None,
        dry_run=state.dry_run,
        readonly=readonly,
        ended=state.ended,
        closing_summary=state.closing_summary,
        regions=region_views(policy.corpus, state.phases),
        phases=state.phases,
        current=current,
        injects=_inject_list(state, view, cache if cache is not None else SnapshotCache()),
        options=options,
        next=following if following is not None and not state.ended else step_for(position, view, policy),
        back_to=state.back_to,
        legal_moves=tuple(move_view(m) for m in policy.legal_moves(state.phases)),
        suggestions=tuple(suggestions or ()),
        suggestions_ranked=suggestions is not None,
        citations=state.current_citations,
        all_citations=state.citations,
        withdrawals=state.withdrawals,
        notes=state.notes,
        decisions=state.decisions,
        determinations=state.determinations,
        declined=state.declined,
        available_determinations=tuple(
            determination_view(d, stated, state.phases, confirmed) for d in policy.determinations(state.phases)
        ),
        seat=seat,
        recorded_determinations=state.recorded_determinations,
        objectives=tuple(ObjectiveView(o.id, o.text, o.capability) for o in scenario.objectives),
        pending=_pending_view(state, view, policy),
        hot_wash=state.hot_wash,
        improvement_plan=state.improvement_plan,
        clock=ClockView(
            scenario_time=current.time if current is not None else None,
            elapsed=clock.elapsed(now),
            paused=not clock.running and state.ended_at is None,
            paused_total=paused_total,
            state=clock,
            taken_at=now,
        ),
        state=state,
    )


def _pending_view(state: SessionState, view: ScenarioView, policy: PhasePolicy) -> PendingMoveView | None:
    pending = state.pending
    if pending is None:
        return None
    move = next((m for m in policy.legal_moves(state.phases) if m.trigger == pending.trigger), None)
    if move is None:
        return None
    inject = view.injects.get(pending.inject)
    stated = dict(inject.gates or {}) if inject is not None else {}
    title = inject.title if inject is not None else pending.inject
    return PendingMoveView(pending.inject, title, move_view(move, stated), pending.at)


def _inject_view(state: SessionState, view: ScenarioView) -> InjectView | None:
    current = state.current
    if current is None:
        return None
    adhoc = state.adhoc(current)
    if adhoc is not None:
        return _adhoc_view(adhoc)
    without_move = next((v.without_move for v in reversed(state.visits) if v.inject == current), False)
    inject: Inject = view.inject(current)
    scenario = view.scenario
    cells = {cell.id: cell.name for cell in scenario.cells}
    modules = {module.id: module.title for module in scenario.modules}
    ratings = {r.action: r for r in state.ratings if r.inject == current}
    questions = tuple(
        QuestionView(q, None, None, None)
        if isinstance(q, str)
        else QuestionView(q.text, q.cell, cells.get(q.cell) if q.cell else None, q.organisation)
        for q in inject.questions
    )
    actions = tuple(
        ExpectedActionView(action_key(n), a.action, a.responsible, a.objective, ratings.get(n))
        for n, a in enumerate(inject.expected_actions)
    )
    return InjectView(
        id=inject.id,
        title=inject.title,
        narrative=inject.narrative,
        time=inject.time,
        phase=inject.phase,
        trigger=inject.trigger,
        module=inject.module,
        module_title=modules.get(inject.module) if inject.module else None,
        to=tuple(inject.to),
        tags=tuple(inject.tags),
        questions=questions,
        expected_actions=actions,
        facilitator_notes=inject.facilitator_notes,
        cite=tuple(inject.cite),
        adhoc=False,
        contingency=inject.contingency,
        without_move=without_move,
    )


def _adhoc_view(adhoc: AdHocInject) -> InjectView:
    return InjectView(
        id=adhoc.id,
        title=adhoc.title,
        narrative=adhoc.narrative,
        time=None,
        phase=None,
        trigger=None,
        module=None,
        module_title=None,
        to=(),
        tags=adhoc.tags,
        questions=(),
        expected_actions=(),
        facilitator_notes=None,
        cite=(),
        adhoc=True,
        contingency=False,
        without_move=False,
    )


def _inject_list(state: SessionState, view: ScenarioView, cache: SnapshotCache) -> tuple[InjectSummary, ...]:
    """The inject list; with a cache of the previous list, only the rows whose status changed
    since are rebuilt."""
    delivered = set(state.delivered)

    def status(inject_id: str) -> InjectStatus:
        if inject_id == state.current:
            return "current"
        return "delivered" if inject_id in delivered else "pending"

    if cache.adhoc_count != len(state.adhoc_injects) or cache.delivered_count > len(state.delivered):
        cache.rows = _all_rows(state, view, status)
        cache.row_of = {row.id: n for n, row in enumerate(cache.rows)}
    else:
        rows = cache.rows
        for inject_id in {cache.current, state.current, *state.delivered[cache.delivered_count :]}:
            n = cache.row_of.get(inject_id) if inject_id is not None else None
            if n is not None and rows[n].status != status(rows[n].id):
                rows[n] = replace(rows[n], status=status(rows[n].id))
    cache.adhoc_count, cache.current, cache.delivered_count = (
        len(state.adhoc_injects),
        state.current,
        len(state.delivered),
    )
    return tuple(cache.rows)


def _all_rows(state: SessionState, view: ScenarioView, status: Callable[[str], InjectStatus]) -> list[InjectSummary]:
    modules = {module.id: module.title for module in view.scenario.modules}
    on_path = view.default_position
    rows = [
        InjectSummary(
            inject.id,
            inject.title,
            inject.time,
            inject.phase,
            inject.module,
            modules.get(inject.module) if inject.module else None,
            inject.contingency,
            False,
            status(inject.id),
            inject.id in on_path,
        )
        for inject in view.injects.values()
    ]
    # An improvised inject is listed after the inject that was in front of the room when it came.
    previous: dict[str, str | None] = {}
    last: str | None = None
    for visit in state.visits:
        if visit.via == "adhoc" and visit.inject not in previous:
            previous[visit.inject] = last
        last = visit.inject
    for adhoc in state.adhoc_injects:
        row = InjectSummary(adhoc.id, adhoc.title, None, None, None, None, False, True, status(adhoc.id), False)
        after = previous.get(adhoc.id)
        at = next((n + 1 for n, r in enumerate(rows) if r.id == after), len(rows) if after else 0)
        rows.insert(at, row)
    return rows

"""The session state as a fold over its events: the single definition of what each event means.

`replay(events, corpus, scenario)` is the source of truth: a session opened
from its file, an imported journal and a live session all go through the
same `Fold`. The live session (`tabletop.session._engine`) keeps one `Fold`
and applies each new event to it, so one facilitator step costs the same
however long the scenario or the session is; replaying the whole journal
gives the same state (a property test holds the two equal).

`Fold.check(event)` validates an event against the state before it is
applied; the engine calls it before appending anything to the journal, so a
refused operation records nothing, and replay calls it on every stored event,
so a journal that breaks the rules is reported, never half-applied.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, get_args

from pydantic import BaseModel

from tabletop.errors import (
    RefusedError,
    SessionEnded,
    SessionFileError,
    TabletopError,
    TransitionRefused,
    UsageError,
)
from tabletop.rules import Corpus
import tabletop.session._events as ev
from tabletop.strictmodel import built, maker
from tabletop.phases import PhasePolicy, policy_for
from tabletop.session._navigation import END_OF_SCENARIO, Position, ScenarioView, entry_plan
from tabletop.session._state import (
    AdHocInject,
    AnswerRecord,
    CitationRecord,
    ClockPause,
    ClockState,
    DecisionRecord,
    DeclinedMove,
    Determination,
    HotWashEntry,
    ImprovementItem,
    NoteRecord,
    PendingMove,
    ParticipantSeat,
    PhaseChange,
    PromptRecord,
    RatingRecord,
    RecordedDetermination,
    SessionState,
    Visit,
    Withdrawal,
)

__all__ = ["PRESENTED_REASON", "Fold", "replay"]

PRESENTED_REASON = "cited by the scenario"
"""The reason recorded for a clause the scenario cites, presented to the room with its inject."""


class Fold:
    """Applies events one at a time; `state()` is the snapshot after the last one."""

    def __init__(
        self,
        corpus: Corpus,
        view: ScenarioView,
        policy: PhasePolicy | None = None,
    ) -> None:
        self.corpus = corpus
        self.view = view
        self.policy = policy or policy_for(corpus)
        self.started: ev.SessionStarted | None = None
        self.started_at: datetime | None = None
        self.last_seq = 0
        self.last_at: datetime | None = None
        self.play_moved: tuple[int, str] = (0, "")
        """The last event that moved the room's play (`moves_play`): its seq, and what it did in
        words. A command decided on a state before it is stale (`Session.execute`)."""
        self.ended_at: datetime | None = None
        self.closing_summary = ""
        self.phases: tuple[str, ...] = ()
        self.stack: list[str] = []
        self.visits: list[Visit] = []
        self.delivered: dict[str, None] = {}
        self._last_shown: dict[str, datetime] = {}
        """When each inject was last put in front of the room (the latest of its visits)."""
        self.transitions: list[PhaseChange] = []
        self.citations: dict[tuple[str, str], CitationRecord] = {}
        self.withdrawals: list[Withdrawal] = []
        self.notes: list[NoteRecord] = []
        self.decisions: list[DecisionRecord] = []
        self.notes_at: dict[str | None, list[NoteRecord]] = {}
        self.decisions_at: dict[str | None, list[DecisionRecord]] = {}
        self.ratings: dict[tuple[str, int], RatingRecord] = {}
        self.hot_wash: list[HotWashEntry] = []
        self.improvement_plan: list[ImprovementItem] = []
        self.adhoc: dict[str, AdHocInject] = {}
        # The clock's parts: its pauses grow by one at each break, and are made a tuple only for
        # a snapshot (a tuple rebuilt at each pause and resume grew with every break before it).
        self._running = False
        self._running_since: datetime | None = None
        self._banked = timedelta(0)
        self._pauses: list[ClockPause] = []
        self.determinations: list[Determination] = []
        self.declined: DeclinedMove | None = None
        self.recorded: list[RecordedDetermination] = []
        self.pending: PendingMove | None = None
        self.seats: dict[str, ParticipantSeat] = {}
        # The prompts opened, by id; their `answers` are filled in only for a snapshot
        # (`_prompts_answered`): read them from the state, never from here.
        self.prompts: dict[str, PromptRecord] = {}
        # Each prompt's answers that count, by (seat, cell), in the order first given: an answer
        # replaces its seat's earlier one in its place without a walk through the others. Made
        # into the prompt's tuple only for a snapshot, and only for the prompts answered since.
        self._answers: dict[str, dict[tuple[str | None, str], AnswerRecord]] = {}
        self._answered: set[str] = set()
        # The determinations recorded yes: what `ahead_of` counts as done, kept as they come.
        self._confirmed: set[str] = set()
        self.cells: dict[str, str] = {cell.id: cell.role for cell in getattr(view.scenario, "cells", None) or ()}
        self._gates: dict[tuple[str, str], Any] = {
            (spec.trigger, gate.id): gate for spec in corpus.transitions for gate in spec.gates
        }
        self._snapshot: SessionState | None = None

    # -- questions the engine asks too ---------------------------------------

    @property
    def clock(self) -> ClockState:
        """The exercise clock now."""
        return ClockState(self._running, self._running_since, self._banked, tuple(self._pauses))

    @property
    def current(self) -> str | None:
        return self.stack[-1] if self.stack else None

    def knows_inject(self, inject_id: str) -> bool:
        return inject_id in self.view or inject_id in self.adhoc

    def require_inject(self, inject_id: str) -> None:
        if inject_id not in self.adhoc:
            self.view.inject(inject_id)  # raises UsageError with suggestions

    def next_inject(self) -> str | None:
        current = self.current
        if current in self.adhoc:
            return self.adhoc[current].resume
        return self.view.next_of(current)

    def position(self) -> Position:
        """Where play stands now, for what a delivery would do (cheaper than `state()`)."""
        return Position(
            self.phases, self.next_inject(), self.ended_at is not None, self.declined, self.adhoc, self.pending
        )

    # -- checking ------------------------------------------------------------

    def check(self, event: ev.Event, *, trusted_transition: bool = False) -> None:
        """Raise if `event` cannot follow the state now; change nothing.

        `trusted_transition` says the caller has just had the phase policy decide
        the event's move from this very state: the move is neither asked for nor
        fired again.
        """
        payload = event.payload
        if event.seq != self.last_seq + 1:
            raise RefusedError(f"event {event.seq} follows event {self.last_seq}")
        if self.last_at is not None and event.at < self.last_at:
            raise RefusedError(
                f"event {event.seq} is dated {event.at.isoformat()}, before event {self.last_seq} "
                f"({self.last_at.isoformat()}): a journal's times never go backwards"
            )
        if self.started is None:
            if not isinstance(payload, ev.SessionStarted):
                raise RefusedError("the journal does not begin with session_started")
            if tuple(payload.phases) != self.view.start_phases:
                raise RefusedError("the starting phases are not the scenario's starting phases")
            return
        if self.ended_at is not None and payload.type not in ev.IMPROVEMENT_PLAN_EVENTS:
            raise SessionEnded("the session has ended; nothing more can be recorded in it but its improvement plan")
        # One method per event type, found by the payload's class (`_CHECKS`, complete or the
        # module does not load): a `match` tried an `isinstance` per case, costly on a model class.
        _CHECKS[type(payload)](self, event, payload, trusted_transition)

    def _check_session_started(self, event: ev.Event, p: ev.SessionStarted, trusted: bool) -> None:
        raise RefusedError(f"{p.type} cannot occur after the session started")

    def _check_prompt_closed(self, event: ev.Event, p: ev.PromptClosed, trusted: bool) -> None:
        self._open_prompt(p.prompt)

    def _check_transition(self, fact: ev.TransitionFact, trusted: bool) -> None:
        if tuple(fact.before) != self.phases:
            raise RefusedError(
                f"transition {fact.trigger} starts from {list(fact.before)}, but the phases are {list(self.phases)}"
            )
        if not trusted:
            after = self.policy.fire(self.phases, fact.trigger, fact.answer_map)
            if after != tuple(fact.after):
                raise RefusedError(f"transition {fact.trigger} leads to {list(after)}, not {list(fact.after)}")

    def _check_inject_delivered(self, event: ev.Event, p: ev.InjectDelivered, trusted: bool) -> None:
        self.require_inject(p.inject)
        if p.via == "next":
            expected = self.next_inject()
            if expected is None:
                raise RefusedError(END_OF_SCENARIO)
            if p.inject != expected:
                raise RefusedError(f"the next inject is {expected!r}, not {p.inject!r}")
        elif p.via == "option":
            if self.current is None or self.current in self.adhoc:
                raise RefusedError("the current inject offers no options")
            label, target = self.view.option(self.current, p.option or "")
            if target != p.inject:
                raise RefusedError(f"option {label!r} leads to {target!r}, not {p.inject!r}")
        self._check_presented(p)
        if p.without_move:
            self._check_without_move(p.inject)
            return
        if p.move_pending is not None:
            plan = None if p.inject in self.adhoc else entry_plan(self.policy, self.phases, self.view.inject(p.inject))
            if plan is None or plan.trigger != p.move_pending:
                raise RefusedError(f"delivering {p.inject!r} does not make the move {p.move_pending}")
            return
        if trusted:
            # The caller made this delivery's move from the phase policy's answer for this very
            # state: only where it starts is checked again.
            if p.transition is not None:
                self._check_transition(p.transition, trusted)
            return
        plan = None if p.inject in self.adhoc else entry_plan(self.policy, self.phases, self.view.inject(p.inject))
        if plan is None:
            if p.transition is not None:
                raise RefusedError(f"delivering {p.inject!r} fires no transition")
            return
        if p.transition is None or p.transition.trigger != plan.trigger:
            raise RefusedError(f"delivering {p.inject!r} fires {plan.trigger}")
        self._check_transition(p.transition, trusted)

    def _check_presented(self, p: ev.InjectDelivered) -> None:
        """The clauses presented with an inject are the scenario's citations for it, not yet cited."""
        if not p.presented:
            return
        cited = () if p.inject in self.adhoc else tuple(self.view.inject(p.inject).cite)
        for clause in p.presented:
            if clause not in cited:
                raise RefusedError(f"the scenario does not cite {clause} for inject {p.inject!r}")
            if (p.inject, clause) in self.citations:
                raise RefusedError(f"{clause} is already cited for inject {p.inject!r}")
        if len(set(p.presented)) != len(p.presented):
            raise RefusedError(f"a clause is presented twice with inject {p.inject!r}")

    def _check_without_move(self, inject_id: str) -> None:
        """Delivering without the move is for an inject whose entry would change the phases."""
        if inject_id in self.adhoc:
            raise RefusedError(f"inject {inject_id!r} is improvised and makes no move; deliver it as is")
        try:
            plan = entry_plan(self.policy, self.phases, self.view.inject(inject_id))
        except TransitionRefused:
            return  # its phase is out of reach from here: taking it out of phase is the one way
        if plan is None:
            raise RefusedError(
                f"delivering {inject_id!r} makes no move from the phases now, so there is no move to leave out"
            )

    def _check_move_declined(self, event: ev.Event, p: ev.MoveDeclined, trusted: bool) -> None:
        if tuple(p.phases) != self.phases:
            raise RefusedError(
                f"the move {p.trigger} was declined in {list(p.phases)}, but the phases are {list(self.phases)}"
            )
        gates = self.policy.gates(self.phases, p.trigger)  # TransitionRefused when not legal here
        asked = {gate.id for gate in gates}
        for gate_id in p.not_put:
            if gate_id not in asked:
                raise RefusedError(f"{p.trigger} has no gate {gate_id!r}; its gates are: {', '.join(sorted(asked))}")
        for answer in p.answers:
            if answer.gate not in asked:
                raise RefusedError(
                    f"{p.trigger} has no gate {answer.gate!r}; its gates are: {', '.join(sorted(asked)) or 'none'}"
                )
        if p.inject is not None:
            self.require_inject(p.inject)
            plan = None if p.inject in self.adhoc else entry_plan(self.policy, self.phases, self.view.inject(p.inject))
            if plan is None or plan.trigger != p.trigger:
                raise RefusedError(f"delivering {p.inject!r} does not make the move {p.trigger}")

    def _check_went_back(self, event: ev.Event, p: ev.WentBack, trusted: bool) -> None:
        if len(self.stack) < 2:
            raise RefusedError("there is nothing to go back to")
        if p.inject != self.stack[-2]:
            raise RefusedError(f"going back leads to {self.stack[-2]!r}, not {p.inject!r}")

    def _check_adhoc_inject_inserted(self, event: ev.Event, p: ev.AdHocInjectInserted, trusted: bool) -> None:
        if self.knows_inject(p.inject):
            raise RefusedError(f"an inject with the id {p.inject!r} exists already")
        self.corpus.require_tags(p.tags)
        if p.resume is not None and p.resume != self.next_inject():
            raise RefusedError(f"an ad-hoc inject resumes with {self.next_inject()!r}")

    def _check_phase_trigger_fired(self, event: ev.Event, p: ev.PhaseTriggerFired, trusted: bool) -> None:
        if p.inject is not None:
            pending = self.pending
            if pending is None or pending.inject != p.inject or pending.trigger != p.transition.trigger:
                raise RefusedError(f"no move {p.transition.trigger} is waiting for the room at inject {p.inject!r}")
        self._check_transition(p.transition, trusted)

    def _check_clause_cited(self, event: ev.Event, p: ev.ClauseCited, trusted: bool) -> None:
        self._require_current(p.inject)
        self.corpus.clause(p.clause)  # raises UnknownClauseError with suggestions
        earlier = self.citations.get((p.inject, p.clause))
        if earlier is not None and ev.CITATION_WEIGHT[p.source] <= ev.CITATION_WEIGHT[earlier.source]:
            said = {"scenario": "presented", "discussed": "marked discussed"}.get(earlier.source, "cited")
            raise RefusedError(f"{p.clause} is already {said} for inject {p.inject!r}")
        out_of_phase = p.clause not in self.policy.citable(self.phases)
        if p.out_of_phase != out_of_phase or tuple(p.phases) != self.phases:
            raise RefusedError(f"citation of {p.clause}: phase record does not match the phases")

    def _check_citation_withdrawn(self, event: ev.Event, p: ev.CitationWithdrawn, trusted: bool) -> None:
        if (p.inject, p.clause) not in self.citations:
            cited = ", ".join(c for (i, c) in self.citations if i == p.inject) or "none"
            raise RefusedError(f"{p.clause} is not cited for inject {p.inject!r} (cited: {cited})")

    def _check_note_recorded(self, event: ev.Event, p: ev.NoteRecorded, trusted: bool) -> None:
        self._require_current(p.inject, optional=True)

    def _check_decision_recorded(self, event: ev.Event, p: ev.DecisionRecorded, trusted: bool) -> None:
        self._require_current(p.inject, optional=True)

    def ahead_of(self, determination: Any) -> tuple[str, ...]:
        """The determinations `determination` needs first that are not recorded yes, nor met by a
        phase in force, now (`Corpus.unmet_prerequisites`)."""
        unmet = self.corpus.unmet_prerequisites(determination, self.phases, self._confirmed)
        return tuple(dict.fromkeys(d for requirement in unmet for d in requirement.determinations))

    def _check_determination_recorded(self, event: ev.Event, p: ev.DeterminationRecorded, trusted: bool) -> None:
        self._require_current(p.inject, optional=True)
        # Unknown (with the nearest ids) or not open in the phases now: the machine says which.
        found = self.policy.determination(self.phases, p.determination)
        if p.ahead_of and tuple(p.ahead_of) != self.ahead_of(found):
            raise RefusedError(
                f"determination {p.determination}: recorded ahead of {list(p.ahead_of)}, "
                f"but what it needs first and is not recorded is {list(self.ahead_of(found))}"
            )
        if tuple(p.phases) != self.phases:
            raise RefusedError(f"determination {p.determination}: phase record does not match the phases")

    def _check_action_rated(self, event: ev.Event, p: ev.ActionRated, trusted: bool) -> None:
        if p.inject in self.adhoc:
            raise UsageError(f"inject {p.inject!r} is improvised and has no expected actions")
        actions = self.view.expected_actions(p.inject)
        if p.inject not in self.delivered:
            raise RefusedError(
                f"inject {p.inject!r} has not been delivered yet: its expected actions can be rated once the room has seen it"
            )
        if p.action >= len(actions):
            raise UsageError(
                f"inject {p.inject!r} has {len(actions)} expected action(s); there is no action {p.action}"
                + (f" (valid: 0 to {len(actions) - 1})" if actions else "")
            )

    def _check_hotwash_recorded(self, event: ev.Event, p: ev.HotWashRecorded, trusted: bool) -> None:
        if p.objective is not None and p.objective not in self.view.objectives:
            known = ", ".join(sorted(self.view.objectives)) or "none"
            raise UsageError(f"no objective has the id {p.objective!r} (objectives: {known})")

    def _check_improvement_item_added(self, event: ev.Event, p: ev.ImprovementItemAdded, trusted: bool) -> None:
        _dates_in_order(len(self.improvement_plan) + 1, p.start_date, p.completion_date)

    def _improvement_item(self, number: int) -> ImprovementItem:
        if not 1 <= number <= len(self.improvement_plan):
            count = len(self.improvement_plan)
            raise UsageError(
                f"the improvement plan has no item {number}"
                + (f" (its items are 1 to {count})" if count else " (it has no items yet)")
            )
        return self.improvement_plan[number - 1]

    def _check_improvement_item_updated(self, event: ev.Event, p: ev.ImprovementItemUpdated, trusted: bool) -> None:
        item = self._improvement_item(p.item)
        if item.closed_at is not None:
            raise RefusedError(f"improvement item {p.item} is closed; it can no longer be changed")
        _dates_in_order(p.item, p.start_date or item.start_date, p.completion_date or item.completion_date)

    def _check_improvement_item_closed(self, event: ev.Event, p: ev.ImprovementItemClosed, trusted: bool) -> None:
        if self._improvement_item(p.item).closed_at is not None:
            raise RefusedError(f"improvement item {p.item} is closed already")

    def _check_clock_paused(self, event: ev.Event, p: ev.ClockPaused, trusted: bool) -> None:
        if not self._running:
            raise RefusedError("the clock is already paused")

    def _check_clock_resumed(self, event: ev.Event, p: ev.ClockResumed, trusted: bool) -> None:
        if self._running:
            raise RefusedError("the clock is already running")

    def _check_session_closed(self, event: ev.Event, p: ev.SessionClosed, trusted: bool) -> None:
        return None

    # -- the participants' page ----------------------------------------------

    def _require_cell(self, cell: str) -> None:
        if cell not in self.cells:
            known = ", ".join(self.cells) or "none: the scenario declares no cells"
            raise UsageError(f"the scenario has no cell {cell!r} (cells: {known})")

    def _check_participant_seat_issued(self, event: ev.Event, p: ev.ParticipantSeatIssued, trusted: bool) -> None:
        self._require_cell(p.cell)
        if p.seat in self.seats:
            raise RefusedError(f"seat {p.seat!r} has been issued already")
        if any(seat.code_sha256 == p.code_sha256 for seat in self.seats.values()):
            raise RefusedError(f"seat {p.seat!r} repeats another seat's code")
        if p.expires_at <= event.at:
            raise UsageError(f"seat {p.seat!r} would expire before it is issued")

    def _check_participant_seat_revoked(self, event: ev.Event, p: ev.ParticipantSeatRevoked, trusted: bool) -> None:
        seat = self.seats.get(p.seat)
        if seat is None:
            raise UsageError(f"no seat {p.seat!r} has been issued")
        if seat.revoked_at is not None:
            raise RefusedError(f"seat {p.seat!r} has been revoked already")

    def _check_participant_seat_reissued(self, event: ev.Event, p: ev.ParticipantSeatReissued, trusted: bool) -> None:
        seat = self.seats.get(p.seat)
        if seat is None:
            raise UsageError(f"no seat {p.seat!r} has been issued")
        if seat.revoked_at is not None:
            raise RefusedError(f"seat {p.seat!r} has been revoked: issue a new seat instead")
        if any(other.code_sha256 == p.code_sha256 for other in self.seats.values()):
            raise RefusedError(f"the new card of seat {p.seat!r} repeats a seat's code")
        if p.expires_at <= event.at:
            raise UsageError(f"the new card of seat {p.seat!r} would expire before it is issued")

    def _check_participant_seat_claimed(self, event: ev.Event, p: ev.ParticipantSeatClaimed, trusted: bool) -> None:
        seat = self.seats.get(p.seat)
        if seat is None:
            raise UsageError(f"no seat {p.seat!r} has been issued")
        by = p.by
        if by is not None and (by.role != "participant" or by.cell != seat.cell or by.name != p.seat):
            raise RefusedError(f"only seat {p.seat!r} itself claims it, with its card")
        if not seat.admits(event.at):
            raise RefusedError(f"seat {p.seat!r} has been revoked or has expired")
        if seat.device_sha256 is not None:
            raise RefusedError(f"the card of seat {p.seat!r} has already been used on another device")
        if any(other.device_sha256 == p.device_sha256 for other in self.seats.values()):
            raise RefusedError(f"seat {p.seat!r} repeats another device's token")

    def _check_prompt_opened(self, event: ev.Event, p: ev.PromptOpened, trusted: bool) -> None:
        if p.prompt in self.prompts:
            raise RefusedError(f"prompt {p.prompt!r} has been opened already")
        for cell in p.cells:
            self._require_cell(cell)
        self._require_current(p.inject, optional=p.kind != "self_rating")
        if p.action is not None and p.inject is not None:
            if p.inject in self.adhoc:
                raise UsageError(f"inject {p.inject!r} is improvised and has no expected actions")
            actions = self.view.expected_actions(p.inject)
            if p.action >= len(actions):
                raise UsageError(
                    f"inject {p.inject!r} has {len(actions)} expected action(s); there is no action {p.action}"
                )
        for choice in p.clauses:
            self.corpus.clause(choice.clause)

    def _open_prompt(self, prompt_id: str) -> PromptRecord:
        prompt = self.prompts.get(prompt_id)
        if prompt is None:
            raise UsageError(f"no prompt {prompt_id!r} has been opened")
        if not prompt.is_open:
            raise RefusedError(f"prompt {prompt_id!r} is closed")
        return prompt

    @staticmethod
    def answerer(p: ev.PromptAnswered) -> tuple[str | None, str]:
        """Who gave an answer: the participant seat's id and cell (`by`), or None and the cell of
        a paper answer the facilitator keyed in."""
        by = p.by
        if by is not None and by.role == "participant" and by.cell is not None:
            if p.for_cell is not None:
                raise UsageError("a participant answers for the cell of their seat only")
            return by.name, by.cell
        if p.for_cell is None:
            raise UsageError("a paper answer names the cell whose sheet it is")
        return None, p.for_cell

    def _check_prompt_answered(self, event: ev.Event, p: ev.PromptAnswered, trusted: bool) -> None:
        prompt = self._open_prompt(p.prompt)
        seat_id, cell = self.answerer(p)
        self._require_cell(cell)
        if not prompt.asks(cell):
            raise RefusedError(f"prompt {p.prompt!r} is not put to cell {cell!r}")
        if seat_id is not None:
            seat = self.seats.get(seat_id)
            if seat is None:
                raise RefusedError(f"no seat {seat_id!r} has been issued")
            if seat.cell != cell:
                raise RefusedError(f"seat {seat_id!r} answers for cell {seat.cell!r}, not {cell!r}")
            if not seat.admits(event.at):
                raise RefusedError(f"seat {seat_id!r} has been revoked or has expired")
        match prompt.kind:
            case "poll":
                if p.choice is None or p.choice >= len(prompt.options):
                    raise UsageError(f"a vote in poll {p.prompt!r} chooses one of its {len(prompt.options)} options")
            case "self_rating":
                if p.rating is None:
                    raise UsageError(f"a self-rating in prompt {p.prompt!r} gives P, S, M or U")
            case "question" | "proposal":
                if not p.text.strip():
                    raise UsageError(f"an answer to prompt {p.prompt!r} says something")
        if p.choice is not None and prompt.kind != "poll":
            raise UsageError(f"prompt {p.prompt!r} is not a poll")
        if p.rating is not None and prompt.kind != "self_rating":
            raise UsageError(f"prompt {p.prompt!r} is not a self-rating")
        if p.clause is not None and p.clause not in {c.clause for c in prompt.clauses}:
            raise UsageError(f"clause {p.clause!r} is not among prompt {p.prompt!r}'s clauses")

    def _check_prompt_revealed(self, event: ev.Event, p: ev.PromptRevealed, trusted: bool) -> None:
        prompt = self.prompts.get(p.prompt)
        if prompt is None:
            raise UsageError(f"no prompt {p.prompt!r} has been opened")
        if prompt.is_open:
            raise RefusedError(f"prompt {p.prompt!r} is still open: close it before revealing its answers")
        if prompt.revealed:
            raise RefusedError(f"prompt {p.prompt!r} has been revealed already")

    def _apply_prompt_answered(self, event: ev.Event, p: ev.PromptAnswered) -> None:
        seat_id, cell = self.answerer(p)
        answer = _recorded(AnswerRecord, p, event, seat=seat_id, cell=cell)
        # A seat's later answer replaces its earlier one, in its place (a dict keeps a replaced
        # key where it was); so does a cell's paper answer.
        self._answers.setdefault(p.prompt, {})[(seat_id, cell)] = answer
        self._answered.add(p.prompt)

    def _prompts_answered(self) -> dict[str, PromptRecord]:
        """The prompts, each with the answers given so far (see `_answers`)."""
        for prompt_id in self._answered:
            prompt = self.prompts[prompt_id]
            self.prompts[prompt_id] = prompt.model_copy(update={"answers": tuple(self._answers[prompt_id].values())})
        self._answered.clear()
        return self.prompts

    def _require_current(self, inject: str | None, *, optional: bool = False) -> None:
        if inject is None:
            if optional:
                return
            raise RefusedError("no inject has been delivered yet")
        if self.current is None:
            raise RefusedError("no inject has been delivered yet")
        if inject != self.current:
            raise RefusedError(f"{inject!r} is not the current inject ({self.current!r})")

    # -- applying ------------------------------------------------------------

    def take(self, events: Sequence[ev.Event]) -> None:
        """`check` then `apply` each of `events` in turn: a journal read back, replayed. A refused
        event raises what `check` raises, with the events before it applied (`last_seq` says how
        far it got: the event that raised is the one after it) and nothing of it.

        The same checks and updates as one `check` and one `apply` per event, in one loop: what
        every event is checked for first (its seq, its time, a session started and not ended) is
        asked here, and an event that fails any of it, or that comes first or after the end, goes
        through `check` itself, which says why. A long journal is mostly notes, for which the
        calls saved are much of the fold's work."""
        if not events:
            return
        self._snapshot = None
        checks, applies = _CHECKS, _APPLIES
        for event in events:
            payload = event.payload
            seq, at = event.seq, event.at
            last_at = self.last_at
            kind = type(payload)
            if (
                seq != self.last_seq + 1
                or last_at is None
                or at < last_at
                or self.started is None
                or self.ended_at is not None
            ):
                self.check(event)
            else:
                checks[kind](self, event, payload, False)
            applies[kind](self, event, payload)
            if kind.moves_play is not None:
                self.play_moved = (seq, kind.moves_play)
            # Only once the event is applied (no update reads them): an event that raised, in its
            # check or its update, is the one after `last_seq`.
            self.last_seq, self.last_at = seq, at

    def apply(self, event: ev.Event) -> None:
        """Apply an event that passed `check` (replay checks each one first)."""
        payload = event.payload
        self.last_seq = event.seq
        self.last_at = event.at
        self._snapshot = None
        _APPLIES[type(payload)](self, event, payload)
        if payload.moves_play is not None:
            self.play_moved = (event.seq, payload.moves_play)

    def _apply_participant_seat_issued(self, event: ev.Event, p: ev.ParticipantSeatIssued) -> None:
        self.seats[p.seat] = _recorded(ParticipantSeat, p, event)

    def _apply_participant_seat_revoked(self, event: ev.Event, p: ev.ParticipantSeatRevoked) -> None:
        seat = self.seats[p.seat]
        self.seats[p.seat] = seat.model_copy(update={"revoked_at": event.at})

    def _apply_participant_seat_reissued(self, event: ev.Event, p: ev.ParticipantSeatReissued) -> None:
        seat = self.seats[p.seat]
        self.seats[p.seat] = seat.model_copy(
            update={
                "code_sha256": p.code_sha256,
                "expires_at": p.expires_at,
                "device_sha256": None,
                "claimed_at": None,
                "cards": seat.cards + 1,
            }
        )

    def _apply_participant_seat_claimed(self, event: ev.Event, p: ev.ParticipantSeatClaimed) -> None:
        seat = self.seats[p.seat]
        self.seats[p.seat] = seat.model_copy(update={"device_sha256": p.device_sha256, "claimed_at": event.at})

    def _apply_prompt_opened(self, event: ev.Event, p: ev.PromptOpened) -> None:
        self.prompts[p.prompt] = _recorded(PromptRecord, p, event)

    def _apply_prompt_closed(self, event: ev.Event, p: ev.PromptClosed) -> None:
        prompt = self.prompts[p.prompt]
        self.prompts[p.prompt] = prompt.model_copy(update={"closed_at": event.at})

    def _apply_prompt_revealed(self, event: ev.Event, p: ev.PromptRevealed) -> None:
        prompt = self.prompts[p.prompt]
        self.prompts[p.prompt] = prompt.model_copy(update={"revealed_at": event.at})

    def _apply_session_started(self, event: ev.Event, p: ev.SessionStarted) -> None:
        self.started = p
        self.started_at = event.at
        self.phases = tuple(p.phases)
        self._running, self._running_since, self._banked = True, event.at, timedelta(0)

    def _delivered_at(self, inject: str | None) -> datetime | None:
        """When `inject` was last delivered (the development the room is determining on)."""
        # Asked for every determination: a look-up, where scanning the visits grew with the
        # scenario (a 5,000-inject dry-run's moves each scanned thousands).
        return None if inject is None else self._last_shown.get(inject)

    def _development_time(self, inject: str | None) -> str | None:
        """`inject`'s own scenario time, if it is one of the scenario's and has one."""
        if inject is None or inject not in self.view:
            return None
        return self.view.inject(inject).time

    def _determine(
        self,
        event: ev.Event,
        trigger: str,
        inject: str | None,
        answers: tuple[ev.GateAnswer, ...],
        fired: bool,
        not_put: tuple[str, ...] = (),
    ) -> None:
        delivered_at = self._delivered_at(inject)
        development_time = self._development_time(inject)
        first_no = next((a.gate for a in answers if not a.answer), None)
        for answer in answers:
            gate = self._gates.get((trigger, answer.gate))
            self.determinations.append(
                _recorded(
                    Determination,
                    answer,
                    event,
                    authority=answer.authority or (gate.authority if gate is not None else ""),
                    trigger=trigger,
                    inject=inject,
                    question=gate.question if gate is not None else "",
                    fired=fired,
                    delivered_at=delivered_at,
                    development_time=development_time,
                    not_put=not_put if answer.gate == first_no else (),
                )
            )

    def _transition(self, event: ev.Event, fact: ev.TransitionFact, inject: str | None) -> None:
        self._determine(event, fact.trigger, inject, fact.answers, True)
        self.declined = None
        # Any move settles the one left pending: the phases it started from no longer hold.
        self.pending = None
        self.phases = tuple(fact.after)
        self.transitions.append(
            PhaseChange(
                seq=event.seq,
                at=event.at,
                trigger=fact.trigger,
                before=tuple(fact.before),
                after=tuple(fact.after),
                answers=tuple((a.gate, a.answer, a.source) for a in fact.answers),
                inject=inject,
            )
        )

    def _show(
        self,
        event: ev.Event,
        inject: str,
        via: str,
        option: str | None = None,
        without_move: bool = False,
        move_pending: str | None = None,
    ) -> None:
        self.declined = None
        # A move left pending belongs to the inject it came with: going back takes it away with
        # the inject (the engine delivers nothing else while it waits; journals recorded before
        # that rule may hold another delivery, which leaves it undetermined, as it was recorded).
        self.pending = None if move_pending is None else PendingMove(move_pending, inject, event.seq, event.at)
        self.visits.append(Visit(event.seq, event.at, inject, via, option, without_move, move_pending))
        self.delivered.setdefault(inject, None)
        self._last_shown[inject] = event.at

    def _apply_inject_delivered(self, event: ev.Event, p: ev.InjectDelivered) -> None:
        if p.transition is not None:
            self._transition(event, p.transition, p.inject)
        self.stack.append(p.inject)
        self._show(event, p.inject, p.via, p.option, p.without_move, p.move_pending)
        citable = self.policy.citable(self.phases) if p.presented else frozenset()
        for clause in p.presented:
            self.citations[(p.inject, clause)] = built(
                CitationRecord,
                {
                    "type": "clause_cited",
                    "inject": p.inject,
                    "clause": clause,
                    "reason": PRESENTED_REASON,
                    "out_of_phase": clause not in citable,
                    "phases": self.phases,
                    "source": "scenario",
                    "seq": event.seq,
                    "at": event.at,
                    "presented": True,
                },
            )

    def _apply_went_back(self, event: ev.Event, p: ev.WentBack) -> None:
        self.stack.pop()
        self._show(event, p.inject, "back")

    def _apply_adhoc_inject_inserted(self, event: ev.Event, p: ev.AdHocInjectInserted) -> None:
        self.adhoc[p.inject] = _recorded(AdHocInject, p, event)
        self.stack.append(p.inject)
        self._show(event, p.inject, "adhoc")

    def _apply_phase_trigger_fired(self, event: ev.Event, p: ev.PhaseTriggerFired) -> None:
        self._transition(event, p.transition, p.inject)
        # The clauses the scenario presented with the inject in front of the room stand in the
        # phases a move made there enters, whether the room determined the inject's own move or
        # the facilitator made one by hand (`p.inject` None): the console shows them against the
        # phases in force, and the record says what it showed.
        current = self.current
        if current is not None:
            citable = self.policy.citable(self.phases)
            for key, citation in self.citations.items():
                if citation.inject == current and citation.source == "scenario":
                    self.citations[key] = citation.model_copy(
                        update={"phases": self.phases, "out_of_phase": citation.clause not in citable}
                    )

    def _apply_move_declined(self, event: ev.Event, p: ev.MoveDeclined) -> None:
        self._determine(event, p.trigger, p.inject, p.answers, False, tuple(p.not_put))
        self.declined = _recorded(DeclinedMove, p, event)
        pending = self.pending
        if pending is not None and pending.inject == p.inject and pending.trigger == p.trigger:
            self.pending = None  # the room's "no" settles the move it was waiting for

    def _apply_clause_cited(self, event: ev.Event, p: ev.ClauseCited) -> None:
        key = (p.inject, p.clause)
        earlier = self.citations.pop(key, None)
        presented = earlier is not None and (earlier.presented or earlier.source == "scenario")
        self.citations[key] = _recorded(CitationRecord, p, event, presented=presented or p.source == "scenario")

    def _apply_citation_withdrawn(self, event: ev.Event, p: ev.CitationWithdrawn) -> None:
        citation = self.citations.pop((p.inject, p.clause))
        self.withdrawals.append(_recorded(Withdrawal, p, event, citation=citation))

    def _apply_note_recorded(self, event: ev.Event, p: ev.NoteRecorded) -> None:
        note = _recorded(NoteRecord, p, event)
        self.notes.append(note)
        self.notes_at.setdefault(note.inject, []).append(note)

    def _apply_decision_recorded(self, event: ev.Event, p: ev.DecisionRecorded) -> None:
        decision = _recorded(DecisionRecord, p, event)
        self.decisions.append(decision)
        self.decisions_at.setdefault(decision.inject, []).append(decision)

    def _apply_determination_recorded(self, event: ev.Event, p: ev.DeterminationRecorded) -> None:
        if p.answer:
            self._confirmed.add(p.determination)
        self.recorded.append(
            _recorded(
                RecordedDetermination,
                p,
                event,
                delivered_at=self._delivered_at(p.inject),
                development_time=self._development_time(p.inject),
            )
        )

    def _apply_action_rated(self, event: ev.Event, p: ev.ActionRated) -> None:
        action = self.view.expected_actions(p.inject)[p.action]
        key = (p.inject, p.action)
        # A new rating of the same action replaces the old one, and moves to the end.
        self.ratings.pop(key, None)
        self.ratings[key] = _recorded(RatingRecord, p, event, action_text=_action_text(action))

    def _apply_hotwash_recorded(self, event: ev.Event, p: ev.HotWashRecorded) -> None:
        self.hot_wash.append(_recorded(HotWashEntry, p, event))

    # A journal written before texts were stripped may hold "  " for an owner: read as not given,
    # so that the item stays a draft saying what is still to settle.
    def _apply_improvement_item_added(self, event: ev.Event, p: ev.ImprovementItemAdded) -> None:
        number = len(self.improvement_plan) + 1
        texts = {name: value.strip() for name, value in p.__dict__.items() if isinstance(value, str) and name != "type"}
        self.improvement_plan.append(_recorded(ImprovementItem, p, event, number=number, **texts))

    def _apply_improvement_item_updated(self, event: ev.Event, p: ev.ImprovementItemUpdated) -> None:
        item = self.improvement_plan[p.item - 1]
        changed = {name: _words(getattr(p, name)) for name in ev.IMPROVEMENT_FIELDS}
        update = {name: value for name, value in changed.items() if value is not None and value != ""}
        self.improvement_plan[p.item - 1] = item.model_copy(update={**update, "updated_at": event.at})

    def _apply_improvement_item_closed(self, event: ev.Event, p: ev.ImprovementItemClosed) -> None:
        item = self.improvement_plan[p.item - 1]
        self.improvement_plan[p.item - 1] = item.model_copy(
            update={"closed_at": event.at, "closing_remark": p.remark.strip()}
        )

    def _stop_clock(self, event: ev.Event) -> None:
        if self._running and self._running_since is not None:
            self._banked += max(timedelta(0), event.at - self._running_since)
        self._running, self._running_since = False, None

    def _apply_clock_paused(self, event: ev.Event, p: ev.ClockPaused) -> None:
        self._stop_clock(event)
        self._pauses.append(ClockPause(event.seq, event.at, None, p.reason))

    def _apply_clock_resumed(self, event: ev.Event, p: ev.ClockResumed) -> None:
        last = self._pauses[-1]
        self._pauses[-1] = ClockPause(last.seq, last.paused_at, event.at, last.reason)
        self._running, self._running_since = True, event.at

    def _apply_session_closed(self, event: ev.Event, p: ev.SessionClosed) -> None:
        self._stop_clock(event)
        self.ended_at = event.at
        self.closing_summary = p.summary
        # Nothing can be answered any more: a prompt still open ends with the session.
        for prompt_id, prompt in self.prompts.items():
            if prompt.closed_at is None:
                self.prompts[prompt_id] = prompt.model_copy(update={"closed_at": event.at, "closed_by_end": True})

    # -- the snapshot --------------------------------------------------------

    def state(self) -> SessionState:
        """The state after the last applied event (cached until the next one)."""
        if self._snapshot is not None:
            return self._snapshot
        if self.started is None or self.started_at is None or self.last_at is None:
            raise RefusedError("the session has no events yet")
        current = self.current
        started = self.started
        self._snapshot = SessionState(
            session_id=started.session_id,
            scenario_title=started.scenario_title,
            scenario_name=started.scenario_name,
            scenario_sha256=started.scenario_sha256,
            rules_sha256=started.rules_sha256,
            dry_run=started.dry_run,
            tabletop_version=started.tabletop_version,
            started_at=self.started_at,
            last_seq=self.last_seq,
            last_at=self.last_at,
            ended_at=self.ended_at,
            closing_summary=self.closing_summary,
            phases=self.phases,
            current=current,
            step=len(self.stack) or None,
            default_path_position=self.view.default_position.get(current) if current is not None else None,
            current_adhoc=current in self.adhoc,
            default_path_length=len(self.view.default_path),
            inject_count=len(self.view),
            next_inject=self.next_inject(),
            back_to=self.stack[-2] if len(self.stack) >= 2 else None,
            visits=tuple(self.visits),
            delivered=tuple(self.delivered),
            transitions=tuple(self.transitions),
            citations=tuple(self.citations.values()),
            withdrawals=tuple(self.withdrawals),
            notes=tuple(self.notes),
            decisions=tuple(self.decisions),
            ratings=tuple(self.ratings.values()),
            hot_wash=tuple(self.hot_wash),
            improvement_plan=tuple(self.improvement_plan),
            adhoc_injects=tuple(self.adhoc.values()),
            clock=self.clock,
            determinations=tuple(self.determinations),
            declined=self.declined,
            recorded_determinations=tuple(self.recorded),
            pending=self.pending,
            seats=tuple(self.seats.values()),
            prompts=tuple(self._prompts_answered().values()),
            current_notes=tuple(self.notes_at.get(current, ())) if current is not None else (),
            current_decisions=tuple(self.decisions_at.get(current, ())) if current is not None else (),
        )
        return self._snapshot


def _dates_in_order(item: int, start: date | None, due: date | None) -> None:
    """Refuse an improvement item whose completion date comes before its start date."""
    if start and due and due < start:
        raise UsageError(f"improvement item {item}: the completion date {due} is before the start date {start}")


_CHECKS: dict[type[BaseModel], Callable[[Fold, ev.Event, Any, bool], None]] = {
    ev.SessionStarted: Fold._check_session_started,
    ev.InjectDelivered: Fold._check_inject_delivered,
    ev.WentBack: Fold._check_went_back,
    ev.AdHocInjectInserted: Fold._check_adhoc_inject_inserted,
    ev.PhaseTriggerFired: Fold._check_phase_trigger_fired,
    ev.MoveDeclined: Fold._check_move_declined,
    ev.ClauseCited: Fold._check_clause_cited,
    ev.CitationWithdrawn: Fold._check_citation_withdrawn,
    ev.NoteRecorded: Fold._check_note_recorded,
    ev.DecisionRecorded: Fold._check_decision_recorded,
    ev.DeterminationRecorded: Fold._check_determination_recorded,
    ev.ActionRated: Fold._check_action_rated,
    ev.HotWashRecorded: Fold._check_hotwash_recorded,
    ev.ImprovementItemAdded: Fold._check_improvement_item_added,
    ev.ImprovementItemUpdated: Fold._check_improvement_item_updated,
    ev.ImprovementItemClosed: Fold._check_improvement_item_closed,
    ev.ClockPaused: Fold._check_clock_paused,
    ev.ClockResumed: Fold._check_clock_resumed,
    ev.SessionClosed: Fold._check_session_closed,
    ev.ParticipantSeatIssued: Fold._check_participant_seat_issued,
    ev.ParticipantSeatRevoked: Fold._check_participant_seat_revoked,
    ev.ParticipantSeatClaimed: Fold._check_participant_seat_claimed,
    ev.ParticipantSeatReissued: Fold._check_participant_seat_reissued,
    ev.PromptOpened: Fold._check_prompt_opened,
    ev.PromptAnswered: Fold._check_prompt_answered,
    ev.PromptClosed: Fold._check_prompt_closed,
    ev.PromptRevealed: Fold._check_prompt_revealed,
}
"""Each event type's check in `Fold.check` (after what every event is checked for), by payload class."""
_APPLIES: dict[type[BaseModel], Callable[[Fold, ev.Event, Any], None]] = {
    ev.SessionStarted: Fold._apply_session_started,
    ev.InjectDelivered: Fold._apply_inject_delivered,
    ev.WentBack: Fold._apply_went_back,
    ev.AdHocInjectInserted: Fold._apply_adhoc_inject_inserted,
    ev.PhaseTriggerFired: Fold._apply_phase_trigger_fired,
    ev.MoveDeclined: Fold._apply_move_declined,
    ev.ClauseCited: Fold._apply_clause_cited,
    ev.CitationWithdrawn: Fold._apply_citation_withdrawn,
    ev.NoteRecorded: Fold._apply_note_recorded,
    ev.DecisionRecorded: Fold._apply_decision_recorded,
    ev.DeterminationRecorded: Fold._apply_determination_recorded,
    ev.ActionRated: Fold._apply_action_rated,
    ev.HotWashRecorded: Fold._apply_hotwash_recorded,
    ev.ImprovementItemAdded: Fold._apply_improvement_item_added,
    ev.ImprovementItemUpdated: Fold._apply_improvement_item_updated,
    ev.ImprovementItemClosed: Fold._apply_improvement_item_closed,
    ev.ClockPaused: Fold._apply_clock_paused,
    ev.ClockResumed: Fold._apply_clock_resumed,
    ev.SessionClosed: Fold._apply_session_closed,
    ev.ParticipantSeatIssued: Fold._apply_participant_seat_issued,
    ev.ParticipantSeatRevoked: Fold._apply_participant_seat_revoked,
    ev.ParticipantSeatClaimed: Fold._apply_participant_seat_claimed,
    ev.ParticipantSeatReissued: Fold._apply_participant_seat_reissued,
    ev.PromptOpened: Fold._apply_prompt_opened,
    ev.PromptAnswered: Fold._apply_prompt_answered,
    ev.PromptClosed: Fold._apply_prompt_closed,
    ev.PromptRevealed: Fold._apply_prompt_revealed,
}
"""Each event type's update in `Fold.apply`, by payload class."""
if not set(get_args(ev.Payload)) == _CHECKS.keys() == _APPLIES.keys():
    # Fail at import, not on the first journal that holds the forgotten type.
    raise ImportError("the fold lacks a check or an update for an event type: complete _CHECKS and _APPLIES")


_Record = TypeVar("_Record", bound=BaseModel)


def _words(value: object) -> object:
    """A text stripped of the spaces around it; any other value as it is."""
    return value.strip() if isinstance(value, str) else value


def _recorded(record: type[_Record], payload: BaseModel, event: ev.Event, **more: Any) -> _Record:
    """The state's record of a fact: the event's payload (already validated) with the event's
    `seq` and `at`, and what the state adds to it (`more`)."""
    # In the record's own order (its `seq` and `at` first, then the payload's fields, then what
    # the state adds), so that `built` takes the values as they are.
    if more:
        return built(record, {"seq": event.seq, "at": event.at, **payload.__dict__, **more})
    make = _MAKERS.get(record)
    if make is None:
        make = _MAKERS[record] = _maker(record, type(payload))
    made: _Record = make({"seq": event.seq, "at": event.at, **payload.__dict__})
    return made


_MAKERS: dict[type[BaseModel], Callable[[dict[str, Any]], Any]] = {}
"""How each record that adds nothing to its payload is made (a note, a decision, a hot-wash
entry, ...), found once per record type: a long journal is mostly such records."""


def _maker(record: type[_Record], payload: type[BaseModel]) -> Callable[[dict[str, Any]], _Record]:
    """`built` for `record` from a `payload`'s values (a validated payload holds every field, in
    its model's order) after `seq` and `at`; `built` itself where that is not the record's order."""
    try:
        return maker(record, ("seq", "at", *payload.model_fields))
    except TypeError:
        return functools.partial(built, record)


def _action_text(action: Any) -> str:
    return str(getattr(action, "action", action))


def replay(events: Iterable[ev.Event], corpus: Corpus, scenario: Any) -> SessionState:
    """The state a journal describes: every event checked, then applied, in order.

    `scenario` is a loaded scenario (or a `ScenarioView` of one). A journal
    that breaks the rules raises the `TabletopError` its first bad event
    causes, with the event's seq in the message.
    """
    view = scenario if isinstance(scenario, ScenarioView) else ScenarioView(scenario)
    fold = Fold(corpus, view)
    events = tuple(events)
    try:
        fold.take(events)
    except TabletopError as exc:
        event = events[fold.last_seq]  # the first not applied
        raise SessionFileError(f"event {event.seq} ({event.type}) cannot be replayed: {exc}") from None
    return fold.state()

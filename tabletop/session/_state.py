"""What a session looks like at one moment: the value the console and the reports render.

Produced only by `tabletop.session._fold` (from events); read by the engine,
the CLI (`tabletop status`), the console and the reports. One shape per fact:
a record of something the room did is its event's payload (with its `Literal`
types) plus the event's `seq` and `at`, a frozen model derived from the payload
class, never a copy of its fields; the rest are frozen dataclasses of tuples
and plain values, so a state can be shared, compared (`==`) and kept as a
snapshot without copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Literal

from pydantic import ConfigDict

import tabletop.session._events as ev
from tabletop.strictmodel import StrictModel

__all__ = [
    "AdHocInject",
    "AnswerRecord",
    "AnswerStanding",
    "AnswersByStanding",
    "CellAnswers",
    "CitationRecord",
    "ClockPause",
    "ClockState",
    "DecisionOption",
    "DecisionRecord",
    "DeclinedMove",
    "Determination",
    "ExpectedActionRating",
    "HotWashEntry",
    "ImprovementItem",
    "NoteRecord",
    "PendingMove",
    "ParticipantSeat",
    "PhaseChange",
    "PromptRecord",
    "RatingRecord",
    "RecordedDetermination",
    "SeatStanding",
    "SessionState",
    "Visit",
    "Withdrawal",
]


@dataclass(frozen=True, slots=True)
class Visit:
    """One change of the current inject: the path taken through the scenario."""

    seq: int
    at: datetime
    inject: str
    via: str
    """`next`, `jump`, `option`, `back` or `adhoc`."""
    option: str | None = None
    """The option's label when `via` is `option`."""
    without_move: bool = False
    """True when the inject was delivered without the move into its phase (marked as such)."""
    move_pending: str | None = None
    """The move into its phase left for the room to determine after the delivery, if any."""


@dataclass(frozen=True, slots=True)
class PendingMove:
    """A move into the current inject's phase, waiting for the room's determination: the inject
    was delivered first, so that the room hears and discusses it before it determines."""

    trigger: str
    inject: str
    """The inject delivered with the move pending (the current one)."""
    seq: int
    """The delivery's event."""
    at: datetime
    """When the inject was delivered: the decision clock runs from here."""


@dataclass(frozen=True, slots=True)
class PhaseChange:
    """A transition of the phase machine, with the gate answers it was fired with."""

    seq: int
    at: datetime
    trigger: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    answers: tuple[tuple[str, bool, str], ...]
    """(gate, answer, source) triples; source is `facilitator`, `scenario` or `dry-run default`."""
    inject: str | None = None
    """The inject whose delivery entered the phase, or None for a trigger fired by hand."""


class _Recorded(StrictModel):
    """When a fact was recorded: what every state record adds to its event's payload."""

    # The fold makes records from validated events without validating them again
    # (`tabletop.strictmodel.built`), so a process that never validates nor dumps one (the
    # console's start, `status`) need not build their validators at import.
    model_config = ConfigDict(defer_build=True)

    seq: int
    """The event that recorded it."""
    at: datetime
    """When (UTC)."""


class Determination(ev.GateAnswer, _Recorded):
    """The room's answer to one gate of a move, yes or no, with who decides it and the remark."""

    trigger: str
    """The move the gate belongs to."""
    inject: str | None
    """The inject whose delivery asked for the move, or None for a move fired by hand."""
    question: str
    """The gate's question, as the rules file words it."""
    fired: bool
    """True when the move fired (every gate yes); False when the room declined it."""
    delivered_at: datetime | None = None
    """When the inject was delivered (its last delivery before the answer), or None for a move
    fired by hand: the decision clock runs from here to `at`."""
    development_time: str | None = None
    """The inject's own scenario time (the development the room determined on), if it has one:
    in scenario time the decision clock runs from here to `scenario_time`."""
    not_put: tuple[str, ...] = ()
    """On the room's first "no" to a move: the move's gates never put to the room, because this
    "no" settled the move."""

    @property
    def assumed(self) -> bool:
        """True when nobody in a room answered: the scenario's stated answer or a dry-run's default."""
        return self.source != "facilitator"


class RecordedDetermination(ev.DeterminationRecorded, _Recorded):
    """A determination the room recorded without a move (a grey-zone order, a situation found on
    imminent danger), with who decides it, the Diet's part and the remark. No phase changed."""

    delivered_at: datetime | None = None
    """When the inject it was recorded at was delivered (None: no inject yet): the decision
    clock runs from here to `at`."""
    development_time: str | None = None
    """The inject's own scenario time, if it has one: in scenario time the decision clock runs
    from here to `scenario_time`."""

    @property
    def assumed(self) -> bool:
        """True when nobody in a room answered: the scenario's stated answer."""
        return self.source != "facilitator"


class DeclinedMove(ev.MoveDeclined, _Recorded):
    """A move the room has just declined; play has not moved on since."""


class CitationRecord(ev.ClauseCited, _Recorded):
    """A clause cited for an inject, with the reason and whether it applied in the phases then.
    A clause the scenario presented and the room then discussed or cited is one record, the
    room's, with `presented` set."""

    presented: bool = False
    """True when the scenario presented it with the inject (whoever recorded it since)."""

    @property
    def coverage(self) -> str:
        """How far the room took it up: `cited` (by the room), `discussed` or `presented`."""
        if self.source in ("facilitator", "suggestion"):
            return "cited"
        return "discussed" if self.source == "discussed" else "presented"


class Withdrawal(ev.CitationWithdrawn, _Recorded):
    """A citation that was withdrawn (kept for the record)."""

    citation: CitationRecord
    """The citation as it stood when it was withdrawn."""


class NoteRecord(ev.NoteRecorded, _Recorded):
    """A note, with the inject that was current."""


class DecisionRecord(ev.DecisionRecorded, _Recorded):
    """Who decided what, with the inject that was current."""


class RatingRecord(ev.ActionRated, _Recorded):
    """The latest rating of one expected action (a new rating replaces the old one)."""

    action_text: str
    """The expected action's text."""


class HotWashEntry(ev.HotWashRecorded, _Recorded):
    """A strength or an area for improvement found in the hot wash."""


class ImprovementItem(ev.ImprovementItemAdded, _Recorded):
    """An item of the improvement plan, as completed since it was added (`seq` and `at` are its
    addition's). A draft until every field of the plan is completed: its capability element, its
    owner, a point of contact and both dates (`missing` names those still to settle)."""

    number: int
    """Its number in the plan: 1 for the first added (what `tabletop ip` takes)."""
    updated_at: datetime | None = None
    """When it was last completed or corrected, if ever."""
    closed_at: datetime | None = None
    """When it was closed (None while open)."""
    closing_remark: str = ""
    """How it was closed, if said."""

    @property
    def missing(self) -> tuple[str, ...]:
        """The fields still to complete, in the plan's words ("" for none)."""
        wanted = (
            ("capability element", self.capability_element),
            ("responsible organisation", self.responsible_organisation),
            ("point of contact", self.point_of_contact),
            ("start date", self.start_date),
            ("completion date", self.completion_date),
        )
        return tuple(name for name, value in wanted if not value)

    @property
    def draft(self) -> bool:
        """True while a field of the plan is still to be settled (`missing`)."""
        return bool(self.missing)

    @property
    def status(self) -> str:
        """`closed`, `draft` (open, fields to complete) or `open`."""
        return "closed" if self.closed_at is not None else "draft" if self.draft else "open"


class AdHocInject(ev.AdHocInjectInserted, _Recorded):
    """An inject the facilitator improvised during play."""

    @property
    def id(self) -> str:
        """Its id, as a scenario inject's (`adhoc-1`, ...)."""
        return self.inject


SeatStanding = Literal["standing", "revoked", "expired"]
"""Where a seat stands at a moment: it admits its holder (`standing`), the facilitator took it
back (`revoked`, whatever its time), or its time ran out (`expired`)."""


class ParticipantSeat(ev.ParticipantSeatIssued, _Recorded):
    """A seat on the participants' page, as issued, and whether it was taken back."""

    revoked_at: datetime | None = None
    """When the facilitator revoked it (None while it stands)."""
    device_sha256: str | None = None
    """SHA-256 of the token held by the device that claimed the seat with its current card (None
    while the card has not been used: the next device to join with it claims the seat)."""
    claimed_at: datetime | None = None
    """When its current card was used (None while it has not been)."""
    cards: int = 1
    """How many cards the seat has had: 1, and one more for each new card issued for it."""

    def admits(self, now: datetime) -> bool:
        """True while the seat stands: not revoked, not expired at `now`."""
        return self.revoked_at is None and now < self.expires_at

    def standing(self, now: datetime) -> SeatStanding:
        """Where the seat stands at `now`: a revoked seat is `revoked` even once its time has run
        out too (the facilitator's act is what a person was told)."""
        if self.revoked_at is not None:
            return "revoked"
        return "standing" if now < self.expires_at else "expired"

    @property
    def claimed(self) -> bool:
        """True once a device has joined with the seat's current card."""
        return self.device_sha256 is not None


class AnswerRecord(ev.PromptAnswered, _Recorded):
    """A cell's answer to a prompt, from one seat or from paper."""

    cell: str
    """The cell it is from: the participant seat's, or the paper sheet's (`for_cell`)."""
    seat: str | None
    """The participant seat that answered (its id); None for a paper answer."""

    @property
    def on_paper(self) -> bool:
        """True for a paper answer the facilitator keyed in for the cell."""
        return self.seat is None


class PromptRecord(ev.PromptOpened, _Recorded):
    """A prompt put to the cells, with the answers given so far and whether it was closed and
    revealed. Each seat's latest answer counts (and each cell's latest paper answer)."""

    answers: tuple[AnswerRecord, ...] = ()
    """The answers that count, in the order first given."""
    closed_at: datetime | None = None
    """When the facilitator closed it, or the session ended with it open (None while it is
    open)."""
    closed_by_end: bool = False
    """True when it was still open as the session ended, which closed it."""
    revealed_at: datetime | None = None
    """When its answers were shown to the room (None while they are not)."""

    @property
    def is_open(self) -> bool:
        """True while it takes answers: neither closed by the facilitator nor ended with the
        session."""
        return self.closed_at is None

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None

    def asks(self, cell: str) -> bool:
        """True when `cell` is asked (every cell when the prompt names none)."""
        return not self.cells or cell in self.cells

    def answers_by_cell(self) -> dict[str, tuple[AnswerRecord, ...]]:
        """The answers grouped by cell, cells in the order they first answered."""
        grouped: dict[str, list[AnswerRecord]] = {}
        for answer in self.answers:
            grouped.setdefault(answer.cell, []).append(answer)
        return {cell: tuple(answers) for cell, answers in grouped.items()}

    def tally(self) -> tuple[int, ...]:
        """A poll's votes for each option, in the options' order (empty for other prompts)."""
        counts = [0] * len(self.options)
        for answer in self.answers:
            if answer.choice is not None and answer.choice < len(counts):
                counts[answer.choice] += 1
        return tuple(counts)


AnswerStanding = Literal["standing", "revoked", "expired", "paper"]
"""Where the seat that gave an answer stands at a moment (`SeatStanding`), or `paper` for an answer
the facilitator keyed in from a cell's paper sheet."""


@dataclass(frozen=True, slots=True)
class CellAnswers:
    """One cell's answers to a prompt, each under the standing, at one moment, of the seat that
    gave it: what the console's cells screen, the End dialog, the participants' page and
    `tabletop status` count. Every answer of the cell is in exactly one of `standing`,
    `revoked`, `expired` and `on_paper`."""

    cell: str
    seats: int
    """The cell's seats that stand at the moment (issued, neither revoked nor expired; a card
    not used yet included): those that can answer."""
    answers: tuple[AnswerRecord, ...]
    """Every answer of the cell that counts, in the order first given."""
    standing: tuple[AnswerRecord, ...]
    """Answers from seats that stand at the moment."""
    revoked: tuple[AnswerRecord, ...]
    """Answers from seats the facilitator revoked since they answered."""
    expired: tuple[AnswerRecord, ...]
    """Answers from seats whose time has run out since."""
    on_paper: tuple[AnswerRecord, ...]
    """The cell's paper answer the facilitator keyed in (at most one counts)."""

    def counts(self) -> str:
        """The cell's answers in words, every answer counted once: "2/3 seats answered, 1 on
        paper, 1 from a seat revoked since"; "1 on paper" for a cell without a standing seat;
        "no answer yet" when there is nothing to count."""
        parts = [f"{len(self.standing)}/{self.seats} seats answered"] if self.seats else []
        if self.on_paper:
            parts.append(f"{len(self.on_paper)} on paper")
        for lapsed, how in ((self.revoked, "revoked"), (self.expired, "expired")):
            if lapsed:
                parts.append(f"{len(lapsed)} from {'a seat' if len(lapsed) == 1 else 'seats'} {how} since")
        return ", ".join(parts) or "no answer yet"

    def standing_of(self, answer: AnswerRecord) -> AnswerStanding:
        """Where the seat that gave `answer` (one of this cell's) stands."""
        if answer.seat is None:
            return "paper"
        if answer in self.revoked:
            return "revoked"
        return "expired" if answer in self.expired else "standing"


@dataclass(frozen=True, slots=True)
class AnswersByStanding:
    """A prompt's answers, cell by cell, each under the standing at `at` of the seat that gave
    it (`SessionState.answers_by_standing`)."""

    prompt: PromptRecord
    at: datetime
    """The moment the seats' standing is judged at (a seat expires with time, not an event)."""
    cells: tuple[CellAnswers, ...]
    """The cells asked that have a standing seat or an answer: those that answered in the order
    they first answered (as `PromptRecord.answers_by_cell`), then those yet to, in the order their
    first seat was issued."""

    def cell(self, cell: str) -> CellAnswers | None:
        """The answers of `cell`, or None when it is asked without a standing seat or an answer
        (or not asked)."""
        return next((found for found in self.cells if found.cell == cell), None)

    @property
    def seats(self) -> int:
        """Standing seats of the cells asked."""
        return sum(cell.seats for cell in self.cells)

    @property
    def answered(self) -> int:
        """Answers counted, whoever gave them: as many as the prompt's `answers`."""
        return sum(len(cell.answers) for cell in self.cells)

    def totals(self) -> CellAnswers:
        """Every cell's answers together, as one cell named `""` (its `counts()` words them)."""
        return CellAnswers(
            cell="",
            seats=self.seats,
            answers=self.prompt.answers,
            standing=tuple(a for cell in self.cells for a in cell.standing),
            revoked=tuple(a for cell in self.cells for a in cell.revoked),
            expired=tuple(a for cell in self.cells for a in cell.expired),
            on_paper=tuple(a for cell in self.cells for a in cell.on_paper),
        )

    def standing_of(self, answer: AnswerRecord) -> AnswerStanding:
        """Where the seat that gave `answer` (one of the prompt's) stands."""
        found = self.cell(answer.cell)
        return "paper" if found is None or answer.seat is None else found.standing_of(answer)


@dataclass(frozen=True, slots=True)
class ClockPause:
    """One break: when the clock stopped, when it ran again (None if it has not), and why."""

    seq: int
    paused_at: datetime
    resumed_at: datetime | None
    reason: str

    def duration(self, now: datetime | None = None) -> timedelta:
        """How long the break lasted (up to `now` while it goes on)."""
        end = self.resumed_at or now or self.paused_at
        return max(timedelta(0), end - self.paused_at)


@dataclass(frozen=True, slots=True)
class ClockState:
    """The exercise clock: it runs from the start, stops for pauses and at the end."""

    running: bool
    running_since: datetime | None
    """When the current run began (None while paused or ended)."""
    banked: timedelta
    """Time run before `running_since`."""
    pauses: tuple[ClockPause, ...] = ()
    """Every break, in order; the last has no `resumed_at` while the clock is paused."""

    def elapsed(self, now: datetime | None = None) -> timedelta:
        """Exercise time run so far (up to `now` while running)."""
        if not self.running or self.running_since is None:
            return self.banked
        return self.banked + max(timedelta(0), (now or self.running_since) - self.running_since)


@dataclass(frozen=True, slots=True)
class DecisionOption:
    """One option of the current inject's decision point, as the facilitator offers it."""

    index: int
    """0-based, as `Session.take_option` accepts it."""
    label: str
    target: str
    """The inject the option leads to."""
    default: bool
    """True for the option the default path (and `next`) takes."""
    notes: str | None = None
    """Facilitator-only notes on the option; never shown to participants."""


@dataclass(frozen=True, slots=True)
class ExpectedActionRating:
    """One expected action of the scenario with its latest rating, if any: a line of the rating sheet."""

    inject: str
    inject_title: str
    key: str
    """The action's key within its inject (`a1`, `a2`, ...), as `Session.rate` takes it."""
    index: int
    """0-based index into the inject's expected actions (as the journal stores it)."""
    action: str
    responsible: str | None
    objective: str | None
    delivered: bool
    """True once the inject has been shown to the room."""
    rating: RatingRecord | None
    """The latest rating (P, S, M or U with the observation), or None while unrated."""


@dataclass(frozen=True)
class SessionState:
    """Everything a session has recorded, folded into what is true now."""

    session_id: str
    scenario_title: str
    scenario_name: str
    scenario_sha256: str
    rules_sha256: str
    dry_run: bool
    tabletop_version: str
    """The version of tabletop that started the session."""
    started_at: datetime
    last_seq: int
    last_at: datetime
    ended_at: datetime | None
    closing_summary: str
    """The facilitator's closing remark when the session ended ("" if none, or not ended)."""
    phases: tuple[str, ...]
    current: str | None
    """The inject in front of the room (None before the first delivery)."""
    step: int | None
    """1-based number of the current inject on the path taken: how many injects led here,
    this one included (going back steps back; None before the first delivery)."""
    default_path_position: int | None
    """1-based position of the current inject on the scenario's default path (None when it
    is off that path: a contingency, a branch not taken by default, or an ad-hoc inject)."""
    current_adhoc: bool
    """True when the current inject is one the facilitator improvised."""
    default_path_length: int
    """Number of injects on the scenario's default path."""
    inject_count: int
    """Number of injects in the scenario, contingencies included (ad-hoc ones not counted)."""
    next_inject: str | None
    """What `deliver_next` would deliver (None at the end of the scenario)."""
    back_to: str | None
    """What `go_back` would return to (None when there is nothing to go back to)."""
    visits: tuple[Visit, ...]
    """The path taken: every change of the current inject, in order."""
    delivered: tuple[str, ...]
    """Distinct injects shown so far, in the order first shown."""
    transitions: tuple[PhaseChange, ...]
    citations: tuple[CitationRecord, ...]
    """Citations in force, in the order cited."""
    withdrawals: tuple[Withdrawal, ...]
    notes: tuple[NoteRecord, ...]
    decisions: tuple[DecisionRecord, ...]
    ratings: tuple[RatingRecord, ...]
    hot_wash: tuple[HotWashEntry, ...]
    improvement_plan: tuple[ImprovementItem, ...]
    adhoc_injects: tuple[AdHocInject, ...]
    clock: ClockState
    determinations: tuple[Determination, ...] = ()
    """Every answer the room (or a dry-run) gave to a gate, yes or no, in order."""
    declined: DeclinedMove | None = None
    """The move the room has just declined (None once play moves on: a delivery, a return,
    an ad-hoc inject or a phase change)."""
    recorded_determinations: tuple[RecordedDetermination, ...] = ()
    """Every determination recorded without a move (grey-zone orders and the like), in order."""
    pending: PendingMove | None = None
    """The move into the current inject's phase waiting for the room's determination, if any."""
    seats: tuple[ParticipantSeat, ...] = ()
    """Every seat issued for the participants' page, in the order issued (revoked ones marked)."""
    prompts: tuple[PromptRecord, ...] = ()
    """Every prompt put to the cells, in the order opened, with its answers."""
    current_notes: tuple[NoteRecord, ...] = ()
    """The notes recorded at the current inject, in order (the fold indexes them by inject as
    they are recorded, so a screen never scans every note of a long session)."""
    current_decisions: tuple[DecisionRecord, ...] = ()
    """The decisions recorded at the current inject, in order (indexed as the notes are)."""

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    def adhoc(self, inject_id: str) -> AdHocInject | None:
        """The improvised inject with this id, or None when it is none."""
        return self._adhoc_by_id.get(inject_id)

    @cached_property
    def _adhoc_by_id(self) -> dict[str, AdHocInject]:
        return {adhoc.id: adhoc for adhoc in self.adhoc_injects}

    @cached_property
    def deliveries(self) -> dict[str, tuple[int, ...]]:
        """Each inject's visits (the events that put it in front of the room), in journal order:
        made once for a state, so that a question about one inject never walks the whole path."""
        found: dict[str, list[int]] = {}
        for visit in self.visits:
            found.setdefault(visit.inject, []).append(visit.seq)
        return {inject: tuple(seqs) for inject, seqs in found.items()}

    def seat(self, seat_id: str) -> ParticipantSeat | None:
        """The participant seat with this id, or None."""
        return next((seat for seat in self.seats if seat.seat == seat_id), None)

    def prompt(self, prompt_id: str) -> PromptRecord | None:
        """The prompt with this id, or None."""
        return next((prompt for prompt in self.prompts if prompt.prompt == prompt_id), None)

    @cached_property
    def open_prompts(self) -> tuple[PromptRecord, ...]:
        """The prompts still taking answers, in the order asked (none once the session ended)."""
        return tuple(prompt for prompt in self.prompts if prompt.is_open)

    @cached_property
    def _seats_by_id(self) -> dict[str, ParticipantSeat]:
        return {seat.seat: seat for seat in self.seats}

    def answers_by_standing(self, prompt: PromptRecord, now: datetime) -> AnswersByStanding:
        """`prompt`'s answers, cell by cell, each under the standing at `now` of the seat that gave
        it: from a seat standing, revoked since, expired since, or on paper. Expiry is a matter of
        time: the caller says which moment (the fold reads no clock). A cell asked is listed when it
        has a seat standing at `now` or an answer."""
        seats: dict[str, int] = {}
        for seat in self.seats:
            if prompt.asks(seat.cell):
                seats[seat.cell] = seats.get(seat.cell, 0) + (1 if seat.standing(now) == "standing" else 0)
        given: dict[str, dict[AnswerStanding, list[AnswerRecord]]] = {}
        for answer in prompt.answers:
            by_seat = None if answer.seat is None else self._seats_by_id.get(answer.seat)
            # A seat the state does not hold never answered through the fold: counted as lapsed.
            where: AnswerStanding = (
                "paper" if answer.seat is None else "expired" if by_seat is None else by_seat.standing(now)
            )
            given.setdefault(answer.cell, {}).setdefault(where, []).append(answer)
        order = list(given) + [cell for cell, standing in seats.items() if standing and cell not in given]
        cells = []
        for cell in order:
            found = given.get(cell, {})
            cells.append(
                CellAnswers(
                    cell=cell,
                    seats=seats.get(cell, 0),
                    answers=tuple(a for a in prompt.answers if a.cell == cell),
                    standing=tuple(found.get("standing", ())),
                    revoked=tuple(found.get("revoked", ())),
                    expired=tuple(found.get("expired", ())),
                    on_paper=tuple(found.get("paper", ())),
                )
            )
        return AnswersByStanding(prompt, now, tuple(cells))

    def revealed_since_current(self) -> tuple[PromptRecord, ...]:
        """The prompts whose answers were revealed to the room since the current inject came up
        (since the start before any inject): what the projector puts up beside it."""
        since = self.visits[-1].at if self.visits else self.started_at
        return tuple(p for p in self.prompts if p.revealed_at is not None and p.revealed_at >= since)

    def citations_for(self, inject_id: str | None) -> tuple[CitationRecord, ...]:
        """The citations in force for one inject, in the order cited."""
        return tuple(c for c in self.citations if c.inject == inject_id)

    @property
    def current_citations(self) -> tuple[CitationRecord, ...]:
        return self.citations_for(self.current)

"""What a session looks like at one moment: the value the console and the reports render.

Produced only by `tabletop.session._fold` (from events); read by the engine,
the CLI (`tabletop status`), the console and the reports. Every class here is
a frozen dataclass of tuples and plain values, so a state can be shared,
compared (`==`) and kept as a snapshot without copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, timedelta
from typing import Any

__all__ = [
    "AdHocInject",
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
    "PhaseChange",
    "RatingRecord",
    "RecordedDetermination",
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


@dataclass(frozen=True, slots=True)
class Determination:
    """The room's answer to one gate of a move, yes or no, with who decides it and the remark."""

    seq: int
    at: datetime
    trigger: str
    """The move the gate belongs to."""
    inject: str | None
    """The inject whose delivery asked for the move, or None for a move fired by hand."""
    gate: str
    question: str
    """The gate's question, as the rules file words it."""
    authority: str
    """Who decides it (the gate's authority in the rules file)."""
    answer: bool
    remark: str
    """The facilitator's remark ("" if none)."""
    source: str
    """`facilitator` (the room's answer), `scenario` or `dry-run default` (both assumed)."""
    fired: bool
    """True when the move fired (every gate yes); False when the room declined it."""

    @property
    def assumed(self) -> bool:
        """True when nobody in a room answered: the scenario's stated answer or a dry-run's default."""
        return self.source != "facilitator"


@dataclass(frozen=True, slots=True)
class RecordedDetermination:
    """A determination the room recorded without a move (a grey-zone order, a situation found on
    imminent danger), with who decides it, the Diet's part and the remark. No phase changed."""

    seq: int
    at: datetime
    determination: str
    """The determination's id in the rules file."""
    title: str
    authority: str
    """Who decides it, as the rules file said when it was recorded."""
    diet: str
    """Whether and when the National Diet approves it."""
    answer: bool
    """True when the order was given (the situation determined), False when the room decided not to."""
    remark: str
    """The facilitator's remark ("" if none)."""
    source: str
    """`facilitator` (the room's answer) or `scenario` (a dry-run applying the scenario: assumed)."""
    inject: str | None
    """The inject that was current, if any."""
    phases: tuple[str, ...]
    """The phases that held when it was recorded (and still held after)."""

    @property
    def assumed(self) -> bool:
        """True when nobody in a room answered: the scenario's stated answer."""
        return self.source != "facilitator"


@dataclass(frozen=True, slots=True)
class DeclinedMove:
    """A move the room has just declined; play has not moved on since."""

    seq: int
    at: datetime
    trigger: str
    inject: str | None
    """The inject whose delivery asked for the move (None for a move fired by hand)."""
    phases: tuple[str, ...]
    """The phases that held, and still hold."""


@dataclass(frozen=True, slots=True)
class CitationRecord:
    """A clause cited for an inject, with the reason and whether it applied in the phases then."""

    seq: int
    at: datetime
    inject: str
    clause: str
    reason: str
    out_of_phase: bool
    phases: tuple[str, ...]
    source: str
    """`facilitator`, `suggestion` or `scenario`."""


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A citation that was withdrawn (kept for the record)."""

    seq: int
    at: datetime
    citation: CitationRecord
    reason: str


@dataclass(frozen=True, slots=True)
class NoteRecord:
    seq: int
    at: datetime
    inject: str | None
    text: str


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    seq: int
    at: datetime
    inject: str | None
    decided_by: str
    decision: str


@dataclass(frozen=True, slots=True)
class RatingRecord:
    """The latest rating of one expected action (a new rating replaces the old one)."""

    seq: int
    at: datetime
    inject: str
    action: int
    """Index into the inject's expected actions."""
    action_text: str
    rating: str
    """P, S, M or U."""
    observation: str


@dataclass(frozen=True, slots=True)
class HotWashEntry:
    seq: int
    at: datetime
    kind: str
    """`strength` or `improvement`."""
    text: str
    objective: str | None


@dataclass(frozen=True, slots=True)
class ImprovementItem:
    seq: int
    at: datetime
    issue: str
    corrective_action: str
    capability_element: str
    responsible_organisation: str
    point_of_contact: str
    start_date: date
    completion_date: date


@dataclass(frozen=True, slots=True)
class AdHocInject:
    """An inject the facilitator improvised during play."""

    id: str
    title: str
    narrative: str
    tags: tuple[str, ...]
    resume: str | None
    """The inject `next` continues with after it."""
    seq: int


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

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    def adhoc(self, inject_id: str) -> AdHocInject | None:
        """The improvised inject with this id, or None when it is none."""
        return self._adhoc_by_id.get(inject_id)

    @cached_property
    def _adhoc_by_id(self) -> dict[str, AdHocInject]:
        return {adhoc.id: adhoc for adhoc in self.adhoc_injects}

    def citations_for(self, inject_id: str | None) -> tuple[CitationRecord, ...]:
        """The citations in force for one inject, in the order cited."""
        return tuple(c for c in self.citations if c.inject == inject_id)

    @property
    def current_citations(self) -> tuple[CitationRecord, ...]:
        return self.citations_for(self.current)

    def summary(self) -> dict[str, Any]:
        """A JSON-ready overview (the `tabletop status --format json` contract)."""
        return {
            "session_id": self.session_id,
            "scenario": {
                "title": self.scenario_title,
                "name": self.scenario_name,
                "sha256": self.scenario_sha256,
            },
            "rules_sha256": self.rules_sha256,
            "dry_run": self.dry_run,
            "tabletop_version": self.tabletop_version,
            "started_at": _iso(self.started_at),
            "ended": self.ended,
            "ended_at": _iso(self.ended_at) if self.ended_at else None,
            "closing_summary": self.closing_summary,
            "events": self.last_seq,
            "current_inject": self.current,
            "position": {
                "step": self.step,
                "default_path_position": self.default_path_position,
                "adhoc": self.current_adhoc,
                "default_path_length": self.default_path_length,
                "inject_count": self.inject_count,
            },
            "next_inject": self.next_inject,
            "back_to": self.back_to,
            "phases": list(self.phases),
            "path": [visit.inject for visit in self.visits],
            "citations": [
                {
                    "inject": c.inject,
                    "clause": c.clause,
                    "reason": c.reason,
                    "out_of_phase": c.out_of_phase,
                    "source": c.source,
                }
                for c in self.citations
            ],
            "counts": {
                "injects_delivered": len(self.delivered),
                "transitions": len(self.transitions),
                "citations": len(self.citations),
                "withdrawn_citations": len(self.withdrawals),
                "notes": len(self.notes),
                "decisions": len(self.decisions),
                "ratings": len(self.ratings),
                "hot_wash": len(self.hot_wash),
                "improvement_items": len(self.improvement_plan),
                "adhoc_injects": len(self.adhoc_injects),
                "determinations": len(self.determinations),
                "declined_determinations": sum(1 for d in self.determinations if not d.answer),
                "recorded_determinations": len(self.recorded_determinations),
            },
            "recorded_determinations": [
                {
                    "determination": d.determination,
                    "title": d.title,
                    "authority": d.authority,
                    "diet": d.diet,
                    "answer": d.answer,
                    "remark": d.remark,
                    "source": d.source,
                    "assumed": d.assumed,
                    "inject": d.inject,
                    "phases": list(d.phases),
                    "at": _iso(d.at),
                }
                for d in self.recorded_determinations
            ],
            "clock": {
                "running": self.clock.running,
                "elapsed_seconds": round(self.clock.elapsed(self.last_at).total_seconds(), 3),
                "pauses": [
                    {
                        "paused_at": _iso(pause.paused_at),
                        "resumed_at": _iso(pause.resumed_at) if pause.resumed_at else None,
                        "reason": pause.reason,
                    }
                    for pause in self.clock.pauses
                ],
            },
        }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")

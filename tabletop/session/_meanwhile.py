"""The decision clock: how long the room took over each determination, in session time and in
scenario time, and what it recorded meanwhile.

Called by `tabletop.session.status_data` (`tabletop status`), the after-action report
(`tabletop.report`) and the console. Everything here is a pure function of a `SessionState`: a
determination's delivery is the last delivery of its inject before it, and "meanwhile" is every
record whose event falls strictly between the two.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from operator import attrgetter
from dataclasses import dataclass
from typing import Any

from tabletop.scenario import parse_time
from tabletop.session._state import (
    AnswerRecord,
    CitationRecord,
    DecisionRecord,
    Determination,
    NoteRecord,
    PromptRecord,
    RatingRecord,
    RecordedDetermination,
    SessionState,
)

__all__ = ["Meanwhile", "meanwhile", "scenario_lapse", "scenario_minutes"]


@dataclass(frozen=True, slots=True)
class Meanwhile:
    """The records the room made between an inject's delivery and a determination on it, by kind
    and in the order recorded. A rating changed since counts as its latest version, at its time."""

    notes: tuple[NoteRecord, ...] = ()
    decisions: tuple[DecisionRecord, ...] = ()
    citations: tuple[CitationRecord, ...] = ()
    """Clauses the room cited or discussed (withdrawn ones included: they were cited then);
    the clauses the scenario presented with the inject are not the room's doing."""
    ratings: tuple[RatingRecord, ...] = ()
    orders: tuple[RecordedDetermination, ...] = ()
    """Determinations recorded without a move (orders and the like)."""
    questions: tuple[PromptRecord, ...] = ()
    """Questions and polls put to the cells."""
    answers: tuple[AnswerRecord, ...] = ()
    """The cells' answers that count (a seat's latest, a paper sheet's), to any question."""

    def counts(self) -> dict[str, int]:
        """How many of each kind, every kind listed (the `status --format json` shape)."""
        return {
            "notes": len(self.notes),
            "decisions": len(self.decisions),
            "citations": len(self.citations),
            "ratings": len(self.ratings),
            "orders": len(self.orders),
            "questions": len(self.questions),
            "answers": len(self.answers),
        }

    def summary(self) -> str:
        """One short line, kinds with nothing left out: "2 notes, 1 decision, 3 clauses cited"
        ("nothing recorded" when empty)."""
        words = {
            "notes": ("note", "notes"),
            "decisions": ("decision", "decisions"),
            "citations": ("clause cited", "clauses cited"),
            "ratings": ("rating", "ratings"),
            "orders": ("order", "orders"),
            "questions": ("question to the cells", "questions to the cells"),
            "answers": ("cell answer", "cell answers"),
        }
        parts = [f"{n} {words[kind][n != 1]}" for kind, n in self.counts().items() if n]
        return ", ".join(parts) or "nothing recorded"

    def as_data(self) -> dict[str, Any]:
        return {**self.counts(), "summary": self.summary()}


def _delivery_seq(state: SessionState, inject: str | None, seq: int) -> int | None:
    """The event that last delivered `inject` before event `seq`; None when there was none, or
    when `seq` is that delivery itself (its gates answered before the room heard it)."""
    if inject is None:
        return None
    # The inject's own deliveries, in journal order: the last one at or before `seq` (a report
    # asks this for every determination of a long session).
    seqs = state.deliveries.get(inject, ())
    found = bisect_right(seqs, seq)
    if not found:
        return None
    last = seqs[found - 1]
    return None if last == seq else last


@dataclass(frozen=True, slots=True)
class _Kind:
    """The records of one kind that meanwhile counts, in journal order, with their events."""

    records: tuple[Any, ...]
    seqs: tuple[int, ...]

    @classmethod
    def of(cls, records: Iterable[Any]) -> _Kind:
        ordered = tuple(sorted(records, key=attrgetter("seq")))
        return cls(ordered, tuple(r.seq for r in ordered))

    def between(self, start: int, end: int) -> tuple[Any, ...]:
        """The records whose events fall strictly between events `start` and `end`."""
        return self.records[bisect_right(self.seqs, start) : bisect_left(self.seqs, end)]


@dataclass(frozen=True, slots=True)
class _InOrder:
    """A state's records that meanwhile counts, each kind sorted once: every determination's
    meanwhile is then two bisections per kind, not a walk through every note."""

    notes: _Kind
    decisions: _Kind
    citations: _Kind
    ratings: _Kind
    orders: _Kind
    questions: _Kind
    answers: _Kind

    @classmethod
    def of(cls, state: SessionState) -> _InOrder:
        cited = [c for c in state.citations if c.source != "scenario"]
        cited += [w.citation for w in state.withdrawals if w.citation.source != "scenario"]
        return cls(
            _Kind.of(state.notes),
            _Kind.of(state.decisions),
            _Kind.of(cited),
            _Kind.of(state.ratings),
            _Kind.of(state.recorded_determinations),
            _Kind.of(state.prompts),
            _Kind.of(answer for prompt in state.prompts for answer in prompt.answers),
        )


_last: tuple[weakref.ref[SessionState], _InOrder] | None = None
"""The records of the state last asked about (a report asks about one state many times)."""


def _in_order(state: SessionState) -> _InOrder:
    global _last
    if _last is not None and _last[0]() is state:
        return _last[1]
    found = _InOrder.of(state)
    _last = (weakref.ref(state), found)
    return found


def meanwhile(state: SessionState, determination: Determination | RecordedDetermination) -> Meanwhile | None:
    """What the room recorded between the delivery of `determination`'s inject and the
    determination itself; None when it was made on no inject (a move fired by hand before any
    delivery, an order before the first inject) or as the inject was delivered (its gates
    answered first)."""
    start = _delivery_seq(state, determination.inject, determination.seq)
    if start is None:
        return None
    end = determination.seq
    records = _in_order(state)
    return Meanwhile(
        notes=records.notes.between(start, end),
        decisions=records.decisions.between(start, end),
        citations=records.citations.between(start, end),
        ratings=records.ratings.between(start, end),
        orders=records.orders.between(start, end),
        questions=records.questions.between(start, end),
        answers=records.answers.between(start, end),
    )


def scenario_minutes(development_time: str | None, scenario_time: str | None) -> int | None:
    """Scenario minutes from the development to the determination, or None when either time is
    unknown or only a day."""
    start = parse_time(development_time) if development_time else None
    end = parse_time(scenario_time) if scenario_time else None
    if start is None or end is None:
        return None
    return start.minutes_until(end)


def _duration(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{mins} min" if mins or not minutes else ""]
    return " ".join(p for p in parts if p)


def scenario_lapse(development_time: str | None, scenario_time: str | None) -> str | None:
    """The decision clock in scenario time, for a reader: "D 05:10 → D 05:30, 20 min" (the gap
    left out when it is not known to the minute; "D 05:10, at once" when the room determined at
    the development's own time); None when the determination has no time."""
    if scenario_time is None:
        return None
    if development_time is None:
        return scenario_time
    minutes = scenario_minutes(development_time, scenario_time)
    if scenario_time == development_time:
        return f"{scenario_time}, at once"
    lapse = f"{development_time} → {scenario_time}"
    return lapse if minutes is None else f"{lapse}, {_duration(minutes)}"

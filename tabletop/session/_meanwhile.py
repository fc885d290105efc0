"""The decision clock: how long the room took over each determination, in session time and in
scenario time, and what it recorded meanwhile.

Called by `tabletop.session.status_data` (`tabletop status`), the after-action report
(`tabletop.report`) and the console. Everything here is a pure function of a `SessionState`: a
determination's delivery is the last delivery of its inject before it, and "meanwhile" is every
record whose event falls strictly between the two.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from tabletop.scenario import parse_time
from tabletop.session._state import (
    CitationRecord,
    DecisionRecord,
    Determination,
    NoteRecord,
    RatingRecord,
    RecordedDetermination,
    SessionState,
    Visit,
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

    def counts(self) -> dict[str, int]:
        """How many of each kind, every kind listed (the `status --format json` shape)."""
        return {
            "notes": len(self.notes),
            "decisions": len(self.decisions),
            "citations": len(self.citations),
            "ratings": len(self.ratings),
            "orders": len(self.orders),
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
    visits = state.visits
    # Visits are in journal order: start from the last one at or before `seq` (a report asks
    # this for every determination of a long session).
    for index in range(bisect_right(visits, seq, key=_visit_seq) - 1, -1, -1):
        visit = visits[index]
        if visit.inject == inject:
            return None if visit.seq == seq else visit.seq
    return None


def _visit_seq(visit: Visit) -> int:
    return visit.seq


def meanwhile(state: SessionState, determination: Determination | RecordedDetermination) -> Meanwhile | None:
    """What the room recorded between the delivery of `determination`'s inject and the
    determination itself; None when it was made on no inject (a move fired by hand before any
    delivery, an order before the first inject) or as the inject was delivered (its gates
    answered first)."""
    start = _delivery_seq(state, determination.inject, determination.seq)
    if start is None:
        return None
    end = determination.seq

    def between(records: Any) -> tuple[Any, ...]:
        return tuple(sorted((r for r in records if start < r.seq < end), key=lambda r: r.seq))

    cited = [c for c in state.citations if c.source != "scenario"]
    cited += [w.citation for w in state.withdrawals if w.citation.source != "scenario"]
    return Meanwhile(
        notes=between(state.notes),
        decisions=between(state.decisions),
        citations=between(cited),
        ratings=between(state.ratings),
        orders=between(state.recorded_determinations),
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

"""Seats: who records into a session, and which commands each seat may issue.

Read by `tabletop.session._events` (every payload records the seat that wrote it, `by`),
`tabletop.session._commands` (each command names the roles that may issue it) and
`tabletop.session._engine` (`Session.execute` refuses a command the session's seat may not
issue, before anything is decided or recorded). The console, the command line and the served
pages only show what a seat may do; the rule is here, once.

A seat is a role, the cell it records for (a cell's recorder, a participant) and the name of the
person in it. The facilitator's seat alone moves play: it delivers, jumps, takes options, goes
back, fires moves, records determinations, cites, pauses the clock and ends the session. The
other seats record what their role records: an evaluator rates expected actions and writes
observations, notes and hot-wash entries; the note-taker records notes, decisions and hot-wash
entries; a cell's recorder records its cell's decisions and notes. Participants' commands are
their own (none of the facilitator's commands is theirs).

Seats say who wrote what; they are not a security boundary between people who share a
session file or the database's credentials (see docs/sessions.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import Field, model_validator

from tabletop.strictmodel import StrictModel

__all__ = ["ROLES", "Role", "Seat", "SeatRecords", "records_by_seat"]

Role = Literal["facilitator", "evaluator", "notes", "recorder", "participant"]
"""What a seat does in the room: `facilitator` moves play; `evaluator` rates expected actions
and observes; `notes` is the note-taker (notes, decisions, hot wash); `recorder` records for
one cell; `participant` answers for one cell on the participants' page."""
ROLES: tuple[Role, ...] = get_args(Role)

_CELL_ROLES: frozenset[Role] = frozenset({"recorder", "participant"})
"""The roles that sit for one cell, and only those."""


class Seat(StrictModel):
    """Who recorded an event: the seat's role, the cell it records for, and the person's name."""

    role: Role
    """The seat's role: `facilitator`, `evaluator`, `notes`, `recorder` or `participant`."""
    cell: str | None = Field(default=None, min_length=1)
    """The cell a `recorder` or a `participant` sits for (a scenario's cell id, or the name the
    room uses); None for the other roles."""
    name: str = ""
    """The person in the seat, as they gave it ("" when nobody was named)."""

    @model_validator(mode="after")
    def _cell_only_for_a_cell_seat(self) -> Seat:
        if (self.role in _CELL_ROLES) != (self.cell is not None):
            raise ValueError(f"a {self.role} seat {'sits for one cell' if self.role in _CELL_ROLES else 'has no cell'}")
        return self

    @classmethod
    def facilitator(cls, name: str = "") -> Seat:
        """The facilitator's seat, held by `name`."""
        return cls(role="facilitator", name=name)

    def may(self, command: object) -> bool:
        """Whether this seat may issue `command` (a command, or its class): its role is among the
        command's `permitted` roles."""
        permitted: frozenset[str] = getattr(command, "permitted", frozenset())
        return self.role in permitted

    def refusal(self, command: object) -> str | None:
        """Why this seat may not issue `command` (a command, or its class), in the sentence every
        screen and the session say it in; None when it may."""
        if self.may(command):
            return None
        kind = command if isinstance(command, type) else type(command)
        what = _COMMAND_WORDS.get(kind.__name__, "do this")
        permitted: frozenset[str] = getattr(command, "permitted", frozenset())
        who = " or ".join(sorted(("note-taker" if role == "notes" else role) for role in permitted))
        return f"the {self.title}'s seat cannot {what}: only the {who} can; nothing was recorded"

    @property
    def title(self) -> str:
        """The seat as the room calls it: `evaluator`, `note-taker`, `recorder, cell US`."""
        word = "note-taker" if self.role == "notes" else self.role
        return f"{word}, cell {self.cell}" if self.cell is not None else word

    @property
    def label(self) -> str:
        """The seat and the person, for a report's line or a screen's header:
        `evaluator (Aiko Tanaka)`, or the seat alone when nobody was named."""
        return f"{self.title} ({self.name})" if self.name else self.title


_COMMAND_WORDS = {
    "DeliverNext": "deliver the next inject",
    "Jump": "jump to an inject",
    "TakeOption": "take a decision option",
    "GoBack": "go back",
    "InsertAdHoc": "insert an inject",
    "Fire": "make a phase move",
    "DetermineMove": "determine the pending move",
    "Cite": "cite a clause",
    "Withdraw": "withdraw a citation",
    "Note": "record a note",
    "Decide": "record a decision",
    "Determine": "record a determination",
    "Rate": "rate an expected action",
    "HotWash": "record a hot-wash entry",
    "AddImprovementItem": "add an improvement item",
    "CompleteImprovementItem": "complete an improvement item",
    "CloseImprovementItem": "close an improvement item",
    "PauseClock": "pause the clock",
    "ResumeClock": "resume the clock",
    "End": "end the session",
    "IssueSeat": "issue a seat on the participants' page",
    "RevokeSeat": "revoke a seat",
    "ReissueSeat": "issue a new card for a seat",
    "ClaimSeat": "claim a seat with its card",
    "OpenPrompt": "open a prompt",
    "AnswerPrompt": "answer a prompt",
    "ClosePrompt": "close a prompt",
    "RevealPrompt": "reveal a prompt",
}
"""What each command does, for the sentence that refuses it to a seat."""


_KINDS = {"note_recorded": "notes", "decision_recorded": "decisions", "hotwash_recorded": "hot_wash"}


@dataclass(frozen=True, slots=True)
class SeatRecords:
    """What one seat recorded into a session: `tabletop status` and the after-action report's
    "Who recorded" both show it."""

    seat: Seat
    notes: int = 0
    decisions: int = 0
    ratings: int = 0
    """The expected actions whose latest rating is this seat's (a rating changed by another
    seat is the other's)."""
    hot_wash: int = 0
    other: int = 0
    """Every other event it recorded (deliveries, moves, citations, the clock, ...)."""


def records_by_seat(events: Iterable[Any], ratings: Iterable[Any]) -> tuple[SeatRecords, ...]:
    """Each seat that recorded `events` (a session's journal), the facilitator's first and the
    others in the order each first recorded, with what it recorded; `ratings` are the state's
    latest ratings (`SessionState.ratings`). Participants' answers, one seat a person, are
    counted by cell elsewhere and left out here; so is every event recorded before seats."""
    # Keyed by what makes two seats equal: a pydantic model's own hash, asked once an event,
    # cost more than the counting.
    counts: dict[tuple[str, str | None, str], tuple[Seat, Counter[str]]] = {}
    for event in events:
        payload = event.payload
        seat = payload.by
        if seat is None or seat.role == "participant":
            continue
        kind = payload.type
        if kind != "action_rated":  # ratings: the latest of each action, below
            key = (seat.role, seat.cell, seat.name)
            found = counts.get(key)
            if found is None:
                found = counts[key] = (seat, Counter())
            found[1][_KINDS.get(kind, "other")] += 1
    for rating in ratings:
        seat = rating.by
        if seat is not None:
            key = (seat.role, seat.cell, seat.name)
            found = counts.get(key)
            if found is None:
                found = counts[key] = (seat, Counter())
            found[1]["ratings"] += 1
    tallies = sorted(counts.values(), key=lambda found: found[0].role != "facilitator")  # stable: first recorded next
    return tuple(
        SeatRecords(
            seat,
            notes=tally["notes"],
            decisions=tally["decisions"],
            ratings=tally["ratings"],
            hot_wash=tally["hot_wash"],
            other=tally["other"],
        )
        for seat, tally in tallies
    )

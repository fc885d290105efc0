"""The rule for the room's answers to a move's gates, in one place.

Used by the phase machine (its guard), the phase policy, the session (which records a "no" as
the room's determination) and the scenario validator (which warns of a stated "no"): every gate
answered yes fires the move, any gate answered no declines it, and otherwise the move waits for
the answers still missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tabletop.rules import Gate

__all__ = ["GateOutcome", "gate_outcome"]

GateOutcome = Literal["fires", "declined", "unanswered"]
"""What the room's answers do to a move."""


def gate_outcome(gates: Iterable[Gate], answers: Mapping[str, bool]) -> GateOutcome:
    """Every gate answered yes: `fires`; any answered no: `declined`; else `unanswered`."""
    asked = tuple(gates)
    given = [answers[gate.id] for gate in asked if gate.id in answers]
    if any(answer is not True for answer in given):
        return "declined"
    return "fires" if len(given) == len(asked) else "unanswered"

"""The one sentence that says which moves are legal, for every refusal that names them.

Used by the phase machine (a refused trigger), the session (a refused delivery) and the
scenario validator (a move no path can make), so that the facilitator and the author read
the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tabletop.rules import describe_phases

if TYPE_CHECKING:
    from tabletop.phases._machine import Move

__all__ = ["legal_from"]


def legal_from(phases: Iterable[str], moves: Iterable[Move]) -> str:
    """`legal from attack: de_escalate (-> peacetime), disaster_strikes (-> disaster)`; a move that
    leaves its region empty says what it ends: `recover (ends disaster)`."""
    listed = ", ".join(
        f"{move.trigger} ({f'-> {move.dest}' if move.dest else f'ends {move.source}'})" for move in moves
    )
    return f"legal from {describe_phases(phases)}: {listed or 'no move'}"

"""The phase machine: the Guidelines' phases as a state machine built from the rules data.

Used by the session engine, the scenario validator, the console and the command line.
`PhasePolicy` is the one rule for what delivering an inject does to the phases, shared by
the validator and the session.
"""

from tabletop.phases._machine import Move, PhaseMachine, TransitionRecord, unconfirmed_gates
from tabletop.phases._mermaid import to_mermaid
from tabletop.phases._policy import Entry, EntryRefusal, GateOutcome, PhasePolicy, gate_outcome
from tabletop.phases._wording import legal_from

__all__ = [
    "Entry",
    "EntryRefusal",
    "GateOutcome",
    "Move",
    "PhaseMachine",
    "PhasePolicy",
    "TransitionRecord",
    "gate_outcome",
    "legal_from",
    "to_mermaid",
    "unconfirmed_gates",
]

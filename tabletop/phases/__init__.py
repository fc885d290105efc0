"""The phase machine: the Guidelines' phases as a state machine built from the rules data.

Used by the session engine, the scenario validator, the console and the command line.
`PhasePolicy` is the one policy for what delivering an inject does to the phases, what the
room's answers do to a move (`gate_outcome`) and how a refusal is worded (`Entry.explain`: one `Refusal`'s facts, worded for the room or
for the scenario's author), shared by the validator and the session.
"""

from tabletop.phases._gates import GateOutcome, gate_outcome
from tabletop.phases._machine import Move, PhaseMachine, TransitionRecord
from tabletop.phases._mermaid import to_mermaid
from tabletop.phases._policy import Audience, Entry, EntryRefusal, PhasePolicy, Refusal, policy_for
from tabletop.phases._wording import legal_from

__all__ = [
    "Audience",
    "Entry",
    "EntryRefusal",
    "GateOutcome",
    "Move",
    "PhaseMachine",
    "PhasePolicy",
    "Refusal",
    "TransitionRecord",
    "gate_outcome",
    "legal_from",
    "policy_for",
    "to_mermaid",
]

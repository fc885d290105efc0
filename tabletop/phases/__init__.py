"""The phase machine: the Guidelines' phases as a state machine built from the rules data.

Used by the session engine, the scenario validator, the console and the command line.
"""

from tabletop.phases._machine import Move, PhaseMachine, TransitionRecord, unconfirmed_gates
from tabletop.phases._mermaid import to_mermaid

__all__ = ["Move", "PhaseMachine", "TransitionRecord", "to_mermaid", "unconfirmed_gates"]

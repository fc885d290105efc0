"""tabletop: a tabletop-exercise engine grounded in the 2015 Guidelines for Japan-U.S. Defense Cooperation.

This package is the domain core and imports no terminal UI: the Textual
console (`tabletop.tui`) and the command line (`tabletop.cli`) are thin
layers over what is exported here.
"""

from tabletop.errors import (
    Diagnostic,
    GatesUnanswered,
    InputError,
    RefusedError,
    RulesError,
    ScenarioError,
    SessionFileError,
    TabletopError,
    TransitionRefused,
    UnknownClauseError,
    UnknownPhaseError,
    UsageError,
)
from tabletop.rules import Clause, Corpus, default_rules_path, load_rules

__all__ = [
    "Clause",
    "Corpus",
    "Diagnostic",
    "GatesUnanswered",
    "InputError",
    "RefusedError",
    "RulesError",
    "ScenarioError",
    "SessionFileError",
    "TabletopError",
    "TransitionRefused",
    "UnknownClauseError",
    "UnknownPhaseError",
    "UsageError",
    "default_rules_path",
    "load_rules",
]

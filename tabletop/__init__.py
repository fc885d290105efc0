"""tabletop: a tabletop-exercise engine grounded in the 2015 Guidelines for Japan-U.S. Defense Cooperation.

This package is the domain core and imports no terminal UI: the Textual
console (`tabletop.tui`), the command line (`tabletop.cli`), the reports and
scripts are thin layers over what is exported here:

    the rules        load_rules, default_rules_path, Corpus, Clause
    clause search    ClauseIndex, rank_citations, Citation
    the phases       PhaseMachine, Move, TransitionRecord
    scenarios        load_scenario, LoadedScenario, Scenario, Inject
    sessions         start_session, open_session, Session, SessionState
    errors           the tree drawn in `tabletop.errors`, every class of it

The errors are imported with the package. Everything else, the rules included,
is imported the first time it is named, so that `tabletop --help` does not pay
for pydantic and the rules models, and a command that only reads the rules does
not pay for the phase machine, the scenario loader and the session engine
(their import is most of a command's start-up time).
"""

import typing as _typing

from tabletop.errors import (
    DatabaseError,
    DatabaseUnavailable,
    Diagnostic,
    GatesUnanswered,
    InputError,
    JournalImportError,
    Mention,
    MissingFileError,
    OutputError,
    PhaseConflictError,
    RefusedError,
    RulesError,
    ScenarioError,
    SeatTaken,
    SessionBusy,
    SessionEnded,
    SessionFileError,
    SessionMovedOn,
    Subject,
    TabletopError,
    TransitionRefused,
    UnknownClauseError,
    UnknownPhaseError,
    UsageError,
)
from tabletop.version import __version__ as __version__
from tabletop.lazyexports import lazy_exports as _lazy_exports

if _typing.TYPE_CHECKING:
    from tabletop.phases import Move, PhaseMachine, TransitionRecord
    from tabletop.rules import Clause, ClauseIndex, Corpus, default_rules_path, load_rules
    from tabletop.scenario import Inject, LoadedScenario, Scenario, load_scenario
    from tabletop.session import Citation, Session, SessionState, open_session, rank_citations, start_session

__all__ = [
    "Citation",
    "Clause",
    "ClauseIndex",
    "Corpus",
    "DatabaseError",
    "DatabaseUnavailable",
    "Diagnostic",
    "GatesUnanswered",
    "Inject",
    "InputError",
    "JournalImportError",
    "LoadedScenario",
    "Mention",
    "MissingFileError",
    "Move",
    "OutputError",
    "PhaseConflictError",
    "PhaseMachine",
    "RefusedError",
    "RulesError",
    "Scenario",
    "ScenarioError",
    "SeatTaken",
    "Session",
    "SessionBusy",
    "SessionEnded",
    "SessionFileError",
    "SessionMovedOn",
    "SessionState",
    "Subject",
    "TabletopError",
    "TransitionRecord",
    "TransitionRefused",
    "UnknownClauseError",
    "UnknownPhaseError",
    "UsageError",
    "default_rules_path",
    "load_rules",
    "load_scenario",
    "open_session",
    "rank_citations",
    "start_session",
]

# Where each name imported on first use lives.
_LAZY = {
    "Citation": "tabletop.session",
    "Clause": "tabletop.rules",
    "ClauseIndex": "tabletop.rules",
    "Corpus": "tabletop.rules",
    "Inject": "tabletop.scenario",
    "LoadedScenario": "tabletop.scenario",
    "Move": "tabletop.phases",
    "PhaseMachine": "tabletop.phases",
    "Scenario": "tabletop.scenario",
    "Session": "tabletop.session",
    "SessionState": "tabletop.session",
    "TransitionRecord": "tabletop.phases",
    "default_rules_path": "tabletop.rules",
    "load_rules": "tabletop.rules",
    "load_scenario": "tabletop.scenario",
    "open_session": "tabletop.session",
    "rank_citations": "tabletop.session",
    "start_session": "tabletop.session",
}


__getattr__ = _lazy_exports(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

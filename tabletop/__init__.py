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


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C while the `tabletop` program is still starting (importing its modules): nothing was
    done yet. Said as the command line says it once a command runs (`tabletop.cli._common`),
    without a traceback, exit status 130."""
    import os

    os.write(2, b"\nInterrupted.\n")
    # Raised wherever start-up was: nothing above the program's own start catches it, and the
    # interpreter exits with its status, quietly.
    raise SystemExit(130)


def _starting_the_program() -> None:
    """In the `tabletop` program itself (its script, or `python -m tabletop`), never in a program
    that imports the package: Ctrl-C during start-up ends it at once (the command line puts
    Python's own handler back as the command starts)."""
    import os
    import sys

    # The interpreter's own signal module, loaded before any script runs: `signal` would be one
    # more import for Ctrl-C to land in.
    import _signal

    program = sys.argv[0] if sys.argv else ""
    given = list(getattr(sys, "orig_argv", []))
    run_as_module = any(given[i : i + 2] == ["-m", "tabletop"] for i in range(len(given) - 1))
    if os.path.basename(program) != "tabletop" and not run_as_module:
        return
    try:
        if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
            _signal.signal(_signal.SIGINT, _interrupted_while_starting)
    except ValueError:  # imported outside the main thread: signals are not its to handle
        pass


_starting_the_program()

from tabletop.errors import (  # noqa: E402  (after the handler: each import is a moment Ctrl-C may land in)
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
from tabletop.version import __version__ as __version__  # noqa: E402
from tabletop.lazyexports import lazy_exports as _lazy_exports  # noqa: E402

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

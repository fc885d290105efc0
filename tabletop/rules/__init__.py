"""The Guidelines corpus: clause models, the rules-file loader and clause search.

Everything else in `tabletop` reads the rules through `load_rules()` and the
`Corpus` it returns: the phase machine, the scenario validator, the session
engine, the reports and the command line. Clause search (`ClauseIndex`, with
the facilitator's words in `terms.yaml`) and the function table (`functions.yaml`:
which clauses carry the same function in different sections) are imported the
first time they are named, so that a command that only reads the rules does not
pay for them.
"""

import typing as _typing

from tabletop.lazyexports import lazy_exports as _lazy_exports
from tabletop.rules._corpus import Clause, Corpus, describe_phases
from tabletop.rules._loader import bundled_path, default_rules_path, load_rules, load_rules_text
from tabletop.rules._models import Determination, Gate, PhaseConstraint, Region, Requirement, TransitionSpec

if _typing.TYPE_CHECKING:
    from tabletop.rules._search import (
        CONNECTORS,
        FILLER_WORDS,
        STOP_WORDS,
        ClauseIndex,
        ColumnWeights,
        Hit,
        QueryTerms,
        find_clauses,
        parse_query,
    )
    from tabletop.rules._functions import (
        FUNCTIONS_FILENAME,
        Function,
        FunctionTable,
        functions_path_for,
        load_functions,
    )
    from tabletop.rules._terms import (
        TERMS_FILENAME,
        Term,
        TermBank,
        fold_text,
        form_pattern,
        load_terms,
        terms_path_for,
    )

__all__ = [
    "CONNECTORS",
    "Clause",
    "ClauseIndex",
    "ColumnWeights",
    "Corpus",
    "Determination",
    "FILLER_WORDS",
    "FUNCTIONS_FILENAME",
    "Function",
    "FunctionTable",
    "Gate",
    "Hit",
    "PhaseConstraint",
    "QueryTerms",
    "Region",
    "Requirement",
    "STOP_WORDS",
    "TERMS_FILENAME",
    "Term",
    "TermBank",
    "TransitionSpec",
    "bundled_path",
    "default_rules_path",
    "describe_phases",
    "find_clauses",
    "fold_text",
    "form_pattern",
    "functions_path_for",
    "load_functions",
    "load_rules",
    "load_rules_text",
    "load_terms",
    "parse_query",
    "terms_path_for",
]

# Where each name imported on first use lives.
_LAZY = {
    "CONNECTORS": "tabletop.rules._search",
    "ClauseIndex": "tabletop.rules._search",
    "ColumnWeights": "tabletop.rules._search",
    "FILLER_WORDS": "tabletop.rules._search",
    "FUNCTIONS_FILENAME": "tabletop.rules._functions",
    "Function": "tabletop.rules._functions",
    "FunctionTable": "tabletop.rules._functions",
    "Hit": "tabletop.rules._search",
    "QueryTerms": "tabletop.rules._search",
    "find_clauses": "tabletop.rules._search",
    "STOP_WORDS": "tabletop.rules._search",
    "TERMS_FILENAME": "tabletop.rules._terms",
    "Term": "tabletop.rules._terms",
    "TermBank": "tabletop.rules._terms",
    "fold_text": "tabletop.rules._terms",
    "form_pattern": "tabletop.rules._terms",
    "functions_path_for": "tabletop.rules._functions",
    "load_functions": "tabletop.rules._functions",
    "load_terms": "tabletop.rules._terms",
    "parse_query": "tabletop.rules._search",
    "terms_path_for": "tabletop.rules._terms",
}


__getattr__ = _lazy_exports(__name__, _LAZY, globals())

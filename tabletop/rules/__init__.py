"""The Guidelines corpus: clause models, the rules-file loader and clause search.

Everything else in `tabletop` reads the rules through `load_rules()` and the
`Corpus` it returns: the phase machine, the scenario validator, the session
engine, the reports and the command line. Clause search
(`tabletop.rules.search.ClauseIndex`) is imported on its own, when needed.
"""

from tabletop.rules.corpus import Clause, Corpus
from tabletop.rules.loader import default_rules_path, load_rules, load_rules_text

__all__ = ["Clause", "Corpus", "default_rules_path", "load_rules", "load_rules_text"]

"""The Guidelines corpus: clause models, the rules-file loader and clause search."""

from tabletop.rules.corpus import Clause, Corpus
from tabletop.rules.loader import default_rules_path, load_rules

__all__ = ["Clause", "Corpus", "default_rules_path", "load_rules"]

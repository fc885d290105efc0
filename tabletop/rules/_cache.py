"""The rules, checked once and remembered across processes (`tabletop.usercache`).

Called by `tabletop.rules._loader` for every rules text it checks (the bundled file, another
file, or rules stored in a session). Reading and checking the rules file is most of what a
short command does after its imports; the compiled form saves the YAML parse.

The entry `rules-<SHA-256 of the text>.json` holds the validated `RulesFile` as JSON; its
header names the text's SHA-256, the tabletop, pydantic and Python versions, and the modules
that define and check the rules models. What it holds is trusted for nothing but speed: the
JSON is validated again by the models (pydantic's JSON validator, much faster than YAML)
and the caller runs the loader's consistency checks on it, as on rules read from text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabletop.usercache import code_versions, read_entry, write_entry

if TYPE_CHECKING:
    from tabletop.rules._models import RulesFile

__all__ = ["read_compiled", "write_compiled"]

_FORMAT = 1
_FINGERPRINTED = ("_models.py", "_loader.py", "_corpus.py", "_cache.py")
"""The modules (beside this one) that define what a checked rules model is."""


def _header(sha256: str) -> dict[str, Any]:
    import pydantic

    here = Path(__file__).parent
    return {
        "format": _FORMAT,
        "rules_sha256": sha256,
        "pydantic": pydantic.VERSION,
        **code_versions(here / name for name in _FINGERPRINTED),
    }


def read_compiled(sha256: str) -> RulesFile | None:
    """The validated rules stored for the text with this SHA-256, or None.

    The caller still runs its consistency checks on what this returns.
    """
    import pydantic

    from tabletop.rules._models import RulesFile

    payload = read_entry(f"rules-{sha256}.json", _header(sha256))
    if payload is None:
        return None
    try:
        return RulesFile.model_validate_json(payload)
    except (pydantic.ValidationError, ValueError, RecursionError):  # what a damaged entry can raise
        return None


def write_compiled(sha256: str, rules: RulesFile) -> None:
    """Remember `rules`, validated and checked from the text with this SHA-256."""
    write_entry(f"rules-{sha256}.json", _header(sha256), rules.model_dump_json().encode("utf-8"))

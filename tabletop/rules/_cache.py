"""The rules, checked once and remembered across processes: a speed-up, never a source of truth.

Called by `tabletop.rules._loader` for every rules text it checks (the bundled file, another
file, or rules stored in a session). Reading and checking the rules file is most of what a
short command does after its imports; a compiled form saves the YAML parse.

The cache is one JSON file per rules text in the user's cache folder
(`$XDG_CACHE_HOME/tabletop/`, else `~/.cache/tabletop/`), named after the SHA-256 of the
text. Its first line is a header naming everything the compiled form depends on: the text's
SHA-256, the tabletop, pydantic and Python versions, and the size and modification time of
the modules that define and check the rules models (so an edited checkout invalidates it as
an upgrade does), plus the SHA-256 of the rest of the file, the validated `RulesFile` as
JSON. A file is used only when every field of its header matches and its digest is right,
and even then it is trusted for nothing but speed: the JSON is validated again by the
models (pydantic's JSON validator, much faster than YAML) and by the loader's consistency
checks. JSON, not pickle, so that reading a cache file can never run code. Any problem
(no file, another version, a damaged or edited file, a folder that cannot be read or
written) means the rules are read from their text as if there were no cache, and the
file is rewritten when the folder allows; writes are atomic, so a reader sees a whole file
or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.atomicfile import atomic_write

if TYPE_CHECKING:
    from tabletop.rules._models import RulesFile

__all__ = ["cache_folder", "read_compiled", "write_compiled"]

_FORMAT = 1
_MAX_BYTES = 16 * 1024 * 1024
_FINGERPRINTED = ("_models.py", "_loader.py", "_corpus.py", "_cache.py")
"""The modules (beside this one) that define what a checked rules model is."""


def cache_folder() -> Path | None:
    """`$XDG_CACHE_HOME/tabletop` (an absolute path, per the XDG spec), else `~/.cache/tabletop`."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "tabletop"
    try:
        return Path.home() / ".cache" / "tabletop"
    except RuntimeError:  # no home folder: no cache
        return None


def _path(sha256: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / f"rules-{sha256}.json"


def _header(sha256: str) -> dict[str, object]:
    """Everything a compiled form depends on besides the text itself."""
    import pydantic

    here = Path(__file__).parent
    modules = [
        [name, stat.st_size, stat.st_mtime_ns]
        for name in _FINGERPRINTED
        if (stat := _stat(here / name)) is not None
    ]
    return {
        "format": _FORMAT,
        "rules_sha256": sha256,
        "tabletop": _tabletop_version(),
        "pydantic": pydantic.VERSION,
        "python": sys.version,
        "modules": modules,
    }


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _tabletop_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tabletop")
    except PackageNotFoundError:
        return "unknown"


def read_compiled(sha256: str) -> RulesFile | None:
    """The validated rules stored for the text with this SHA-256, or None (see the module docstring).

    The caller still runs its consistency checks on what this returns.
    """
    import pydantic

    from tabletop.rules._models import RulesFile

    path = _path(sha256)
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
    except (OSError, ValueError):
        return None
    head, newline, payload = data.partition(b"\n")
    if not newline or len(data) > _MAX_BYTES:
        return None
    try:
        header = json.loads(head)
    except ValueError:
        return None
    expected = _header(sha256)
    if not isinstance(header, dict) or header.get("digest") != hashlib.sha256(payload).hexdigest():
        return None
    if {key: value for key, value in header.items() if key != "digest"} != expected:
        return None
    try:
        return RulesFile.model_validate_json(payload)
    except (pydantic.ValidationError, ValueError):
        return None


def write_compiled(sha256: str, rules: RulesFile) -> None:
    """Remember `rules` (validated and checked from the text with this SHA-256); silently
    nothing when the cache folder cannot be created or written."""
    path = _path(sha256)
    if path is None:
        return
    payload = rules.model_dump_json().encode("utf-8")
    header = {**_header(sha256), "digest": hashlib.sha256(payload).hexdigest()}
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_write(path, binary=True) as stream:
            stream.write(json.dumps(header).encode("utf-8") + b"\n" + payload)

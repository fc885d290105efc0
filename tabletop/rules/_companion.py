"""Reading the files that go with a rules file: the term bank and the function table.

Called by `tabletop.rules._terms.load_terms` and `tabletop.rules._functions.load_functions`.
It owns what the two have in common: where such a file is (`companion_path` in the loader),
reading it as safe YAML, validating it with its pydantic model, checking it against the
rules with its own checks (each problem located by file and line, a broken file never
half-loaded), and remembering the result by file, modification time, size and the rules'
SHA-256, since a session and the command line ask for the same one many times.

The parsed data of each file is also remembered across processes, in the user's cache
folder (`tabletop.usercache.remembered_data`), by the SHA-256 of its text: parsing the YAML
of the term bank was most of what `tabletop cite` did after its imports. What the cache gives
is validated and checked as freshly parsed data is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pydantic

from tabletop import modelerrors, yamlsource
from tabletop.errors import Diagnostic, RulesError
from tabletop.rules._corpus import Corpus
from tabletop.usercache import remembered_data

__all__ = ["load_companion"]

Model = TypeVar("Model", bound=pydantic.BaseModel)
Loaded = TypeVar("Loaded")

_cache: dict[tuple[object, ...], object] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 16
_REMEMBERED = 16
"""The most parsed companion files kept in the cache folder (the least recently written go first)."""


def load_companion(
    corpus: Corpus,
    path: Path,
    model: type[Model],
    problems: Callable[[Model, Corpus], Iterator[tuple[tuple[str | int, ...], str]]],
    build: Callable[[Model, bytes, Path], Loaded],
    missing: Callable[[], Loaded],
) -> Loaded:
    """The file at `path`, validated by `model`, checked by `problems` against `corpus` (each a
    location in the file and a message, for what the model cannot see alone) and made
    into what its caller uses by `build(parsed, the file's bytes, its resolved path)`; `missing()`
    when there is no such file. Raises `RulesError` with one located diagnostic per problem."""
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except OSError:
        return missing()
    key = (model.__name__, resolved, stat.st_mtime_ns, stat.st_size, corpus.sha256)
    with _cache_lock:
        loaded = _cache.get(key)
    if loaded is None:
        loaded = _load(resolved, str(path), corpus, model, problems, build)
        with _cache_lock:
            _cache[key] = loaded
            while len(_cache) > _CACHE_SIZE:
                _cache.pop(next(iter(_cache)))
    return loaded  # type: ignore[return-value]


def _load(
    path: Path,
    shown: str,
    corpus: Corpus,
    model: type[Model],
    problems: Callable[[Model, Corpus], Iterator[tuple[tuple[str | int, ...], str]]],
    build: Callable[[Model, bytes, Path], Loaded],
) -> Loaded:
    try:
        data = yamlsource.read_bytes(path, shown)
        text = yamlsource.decode(data, shown)
        raw = remembered_data(
            "companion",
            text,
            lambda text: yamlsource.load(text, shown),
            {"format": 1, "pyyaml": yamlsource.parser_version()},
            [yamlsource.__file__],
            keep=_REMEMBERED,
        )
    except yamlsource.YamlLoadError as exc:
        raise RulesError(exc.diagnostics) from None
    locator = yamlsource.Locator(text)
    try:
        parsed = model.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise RulesError(modelerrors.validation_diagnostics(exc, text, shown, model, locator=locator)) from None
    found = [Diagnostic(shown, *locator(loc), message) for loc, message in problems(parsed, corpus)]
    if found:
        raise RulesError(found)
    return build(parsed, data, path)

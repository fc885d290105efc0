"""A session's stored documents: the texts a new session stores, their one check, their one rebuild.

Used by `Session.start` (what to store), by the verified reading of a journal
(`tabletop.session._reading`), by `SessionRecord` and by `tabletop import`. A session replays
against the rules and scenario texts stored in it, never the files on disk now: this module
turns those texts back into a `Corpus` and a `LoadedScenario`, in memory, after checking that
the stored names are what a real session holds. Rebuilding a large scenario is the costly part
of opening a session, and the stored texts never change, so the last few rebuilds are kept, by
the texts' SHA-256 (one cache for every reader).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tabletop.errors import SessionFileError, TabletopError
from tabletop.session._journal import Document, text_sha256

if TYPE_CHECKING:
    from tabletop.rules import Corpus
    from tabletop.scenario import LoadedScenario

__all__ = ["check_documents", "rebuild_sources", "stored_documents"]

SOURCES_KEPT_CHARACTERS = 4 * 2**20
"""How much stored scenario text the rebuilt (rules, scenario) pairs kept for the next reader of
the same texts may hold, all told (the most recent pair is kept whatever its size). Counted in
text, not in pairs: a rebuilt scenario takes memory in proportion to its text, and a count would
let a few large ones hold a great deal, or a run over many small ones push out a large one that
is read again and again."""

_SOURCES: OrderedDict[tuple[tuple[str, str, str], ...], tuple[Corpus, LoadedScenario, int]] = OrderedDict()
_RULES: dict[str, Corpus] = {}
_LOCK = threading.Lock()


def stored_documents(scenario: LoadedScenario, corpus: Corpus) -> list[Document]:
    """The texts a new session of `scenario` stores: the scenario's files (the main one first)
    and the rules text."""
    names = list(scenario.files)
    documents = [Document.of(names[0], "scenario", scenario.files[names[0]])]
    documents += [Document.of(name, "include", scenario.files[name]) for name in names[1:]]
    documents.append(Document.of(corpus.path.name, "rules", corpus.text))
    return documents


def check_documents(path: str | os.PathLike[str], documents: Sequence[Document]) -> None:
    """Refuse stored documents that no session could have written.

    One scenario and one rules text, includes only besides them, and every
    name a relative POSIX path inside the scenario's folder (a file name
    alone for the scenario and the rules), without NUL and of bounded
    length, each used once. Names are never used as paths, but a name that
    could not have come from a real scenario marks the file as tampered
    with, and is refused before anything is built from it.
    """
    from tabletop.scenario import document_name_problem

    seen: set[tuple[bool, str]] = set()
    counts = {"scenario": 0, "include": 0, "rules": 0}
    for document in documents:
        if document.role not in counts:
            raise SessionFileError(
                f"{path}: the session file is damaged (a stored document has the role {_shown(document.role)})"
            )
        counts[document.role] += 1
        problem = document_name_problem(document.name, plain=document.role != "include")
        if problem is not None:
            raise SessionFileError(
                f"{path}: the session file is damaged (the name of the stored {document.role} "
                f"text {_shown(document.name)} {problem})"
            )
        key = (document.role == "rules", document.name)
        if key in seen:
            raise SessionFileError(
                f"{path}: the session file is damaged (two stored texts are named {_shown(document.name)})"
            )
        seen.add(key)
    if counts["rules"] != 1 or counts["scenario"] != 1:
        raise SessionFileError(
            f"{path}: the session file is damaged (it must store one scenario text and one "
            f"rules text; it stores {counts['scenario']} and {counts['rules']})"
        )


def _shown(name: object) -> str:
    """A stored name as quoted in a message: short, on one line."""
    text = repr(name)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(str(name)):,} characters)"


def rebuild_sources(path: str | os.PathLike[str], documents: Sequence[Document]) -> tuple[Corpus, LoadedScenario]:
    """The corpus and loaded scenario from the texts stored in a session, in memory.

    The documents are checked first (`check_documents`). Nothing is read from or written to
    disk: the rules are loaded from their stored text, the scenario's includes are taken from
    the stored texts, and the stored names only label messages. (Only the user's cache may be
    read and written, its entries named by the SHA-256 of what they hold: the stored texts never
    change, so their parse, and the outcome of a valid scenario's checks, are remembered; the
    parse is validated every time, and other data is checked in full.) The same texts give the
    same objects.
    """
    check_documents(path, documents)
    key = tuple((d.name, d.role, d.sha256) for d in documents)
    with _LOCK:
        kept = _SOURCES.get(key)
        if kept is not None:
            _SOURCES.move_to_end(key)
            return kept[0], kept[1]
    corpus, scenario = _rebuild(path, documents)
    size = sum(len(d.text) for d in documents if d.role != "rules")  # the rules are shared (`_RULES`)
    with _LOCK:
        _SOURCES[key] = (corpus, scenario, size)
        held = sum(kept[2] for kept in _SOURCES.values())
        while len(_SOURCES) > 1 and held > SOURCES_KEPT_CHARACTERS:
            held -= _SOURCES.popitem(last=False)[1][2]
    return corpus, scenario


def _rebuild(path: str | os.PathLike[str], documents: Sequence[Document]) -> tuple[Corpus, LoadedScenario]:
    from tabletop.scenario import load_scenario_text

    rules = next(d for d in documents if d.role == "rules")
    main = next(d for d in documents if d.role == "scenario")
    corpus = _corpus_from_text(rules, path)
    files = {main.name: main.text, **{d.name: d.text for d in documents if d.role == "include"}}
    try:
        scenario = load_scenario_text(main.text, main.name, corpus, files=files, remember_parse=True)
    except TabletopError as exc:
        raise SessionFileError(
            f"{path}: the scenario stored in the session cannot be read back: {_first_line(exc)}"
        ) from None
    return corpus, scenario


def _first_line(exc: TabletopError) -> str:
    """An error as one line: its first problem, and how many more there are."""
    diagnostics = getattr(exc, "diagnostics", None)
    if diagnostics:
        more = len(diagnostics) - 1
        return str(diagnostics[0]) + (f" (and {more} more)" if more else "")
    lines = str(exc).splitlines() or [""]
    return lines[0] + (f" (and {len(lines) - 1} more lines)" if len(lines) > 1 else "")


def _corpus_from_text(rules: Document, path: str | os.PathLike[str]) -> Corpus:
    """The stored rules: the bundled corpus when it is the same text, else the stored text loaded in memory."""
    from tabletop.rules import load_rules, load_rules_text

    cached = _RULES.get(rules.sha256)
    if cached is not None:
        return cached
    try:
        bundled = load_rules()
        if text_sha256(bundled.text) == rules.sha256:
            _RULES[rules.sha256] = bundled
            return bundled
    except TabletopError:
        pass  # the bundled rules are unusable; the stored text may still load
    try:
        corpus = load_rules_text(rules.text, rules.name)
    except TabletopError as exc:
        raise SessionFileError(
            f"{path}: the rules stored in the session cannot be read back: {_first_line(exc)}"
        ) from None
    _RULES[rules.sha256] = corpus
    return corpus

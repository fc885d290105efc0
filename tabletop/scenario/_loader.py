"""Reading a scenario: files, includes, models, and every check an author needs before the seminar.

Called by `tabletop validate`, the session engine (through `load_scenario`)
and the console. It owns reading the main file and its includes safely,
validating them into `tabletop.scenario._models`, and the checks pydantic
cannot express (delegated to `tabletop.scenario._validate`). A scenario is
never half-loaded: either a `LoadedScenario` comes back, or a `ScenarioError`
carrying every problem found, each located at its file, line and column.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import hashlib
import json
import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from tabletop import modelerrors, yamlsource
from tabletop.errors import Diagnostic, MissingFileError, ScenarioError, UsageError, close_matches, did_you_mean
from tabletop.scenario._models import AgendaItem, Contact, ExerciseInfo, Inject, Scenario, ScenarioPart
from tabletop.scenario._validate import Origin, ReadGaps, ScenarioChecks, check_scenario

__all__ = [
    "LoadedScenario",
    "MAX_INCLUDED_FILES",
    "MAX_NAME_LENGTH",
    "document_name_problem",
    "load_scenario",
    "load_scenario_text",
]

MAX_INCLUDED_FILES = 200
"""The most files one scenario may be made of, its own included."""

MAX_NAME_LENGTH = 1024
"""The longest file name a scenario may include or a session may store, in characters
(each folder or file name in it at most 255 bytes, as on common file systems)."""

_PARTS = ("injects", "objectives", "cells", "modules")


def document_name_problem(name: object, *, plain: bool = False) -> str | None:
    """What is wrong with a scenario file's name as included or stored, or None.

    A good name is a relative POSIX path that stays inside the scenario's
    folder (`ships.yaml`, `parts/ships.yaml`), with no NUL character and at
    most `MAX_NAME_LENGTH` characters; with `plain`, a file name alone (the
    main scenario file and the rules file). Session files and journals carry
    such names, so they are checked before anything else uses them.
    """
    if not isinstance(name, str) or not name:
        return "is empty; a file name is needed"
    if "\0" in name:
        return "contains a NUL character, which no file name can hold"
    if len(name) > MAX_NAME_LENGTH or any(len(part.encode("utf-8", "surrogatepass")) > 255 for part in name.split("/")):
        return (
            f"is {len(name):,} characters long; a name may have at most {MAX_NAME_LENGTH:,}, "
            "and each folder or file name in it at most 255 bytes"
        )
    if name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return "must be a relative path inside the scenario's folder (with / between folders)"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "must be a plain path inside the scenario's folder (no `..`, `.` or empty parts)"
    if plain and len(parts) > 1:
        return "must be a file name alone, without folders"
    return None


@dataclass
class LoadedScenario:
    """A valid scenario with everything a session needs to record exactly what was played."""

    scenario: Scenario
    """The merged scenario (the main file's content followed by its includes', in order)."""
    path: str
    """The main file's path as the user gave it (or the name passed to `load_scenario_text`)."""
    files: dict[str, str]
    """The text of every file read, by path relative to the main file's folder (POSIX
    separators); the main file comes first, under its own file name."""
    warnings: list[Diagnostic]
    """Problems that do not stop the scenario from being played (e.g. an out-of-phase citation)."""
    checks: ScenarioChecks = field(repr=False)
    _by_id: dict[str, Inject] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {inject.id: inject for inject in self.scenario.injects}

    @property
    def text(self) -> str:
        """The exact text of the main file; with includes, each included file's text follows
        after a `# ----- include: PATH -----` line, in the order they were read."""
        texts = iter(self.files.items())
        _, main = next(texts)
        parts = [main]
        for name, text in texts:
            parts.append(f"\n# ----- include: {name} -----\n{text}")
        return "".join(parts)

    @property
    def sha256(self) -> str:
        """SHA-256 of `text` encoded as UTF-8."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def default_path(self) -> list[str]:
        """The inject ids the exercise delivers when every decision takes its default option."""
        return list(self.checks.default_path)

    def inject(self, inject_id: str) -> Inject:
        """The inject with this id; `UsageError` with the nearest ids otherwise."""
        try:
            return self._by_id[inject_id]
        except KeyError:
            hint = did_you_mean(close_matches(inject_id, self._by_id, cutoff=0.5))
            raise UsageError(f"no inject has the id {inject_id!r}{hint}") from None

    def next_inject(self, inject_id: str) -> str | None:
        """Where play continues by default after `inject_id` (its default option, `next:`,
        or the next non-contingency inject in file order); None at the end."""
        self.inject(inject_id)
        return self.checks.default_next[inject_id]

    def successors(self, inject_id: str) -> list[str]:
        """Every inject that can follow `inject_id`: its options' targets, or its one continuation."""
        self.inject(inject_id)
        return list(self.checks.successors[inject_id])

    @property
    def start_phases(self) -> tuple[str, ...]:
        """The phases the exercise starts in, in region order."""
        return self.checks.start_phases


def load_scenario(
    path: str | os.PathLike[str], corpus: Any = None, *, strict: bool = False, remember_parse: bool = False
) -> LoadedScenario:
    """Read, validate and check a scenario file and its includes.

    `corpus` is a `tabletop.rules.Corpus` (the bundled rules when None).
    Raises `MissingFileError` when the file cannot be read (a usage error) and
    `ScenarioError` with every problem found when it is invalid; with
    `strict`, warnings count as errors. With `remember_parse` (see
    `load_scenario_text`), the parse, and the outcome of the checks of a valid scenario, are
    remembered for the next reading of the same texts (a session that will store them, an MSEL
    export made again); the parse is validated each time, and changed data is checked in full.
    """
    shown = os.fspath(path)
    data = _read_main(Path(shown), shown)
    try:
        text = yamlsource.decode(data, shown)
    except yamlsource.YamlLoadError as exc:
        raise ScenarioError(exc.diagnostics) from None
    return _load(text, shown, corpus, _DiskFiles(Path(shown).parent), strict=strict, remember=remember_parse)


def load_scenario_text(
    text: str,
    name: str = "<scenario>",
    corpus: Any = None,
    *,
    files: Mapping[str, str] | None = None,
    strict: bool = False,
    key_paths: bool = False,
    remember_parse: bool = False,
    written_from: dict[str, Any] | None = None,
) -> LoadedScenario:
    """Validate and check a scenario given as text (e.g. as stored in a session file).

    Included files are taken from `files` (texts by path relative to the main
    file, as in `LoadedScenario.files`) when given, else read from disk
    relative to the folder of `name`. Messages name an inject by its id
    (`inject 'landing', question 2: ...`); with `key_paths`, a problem of a
    field is named by its keys instead (`injects.3.questions.1: ...`). A
    program that says the problems in its own words (an MSEL import) reads
    each diagnostic's `about` instead, the same in both.

    With `remember_parse`, for texts that will be read again unchanged (a session's stored
    scenario): the parsed data of each large text is remembered in the user's cache folder
    (`tabletop.usercache`) by the text's SHA-256 and read from there next time instead of
    parsing the YAML; the data is validated by the models every time. When the texts had no
    error, the outcome of their checks is remembered too, by the SHA-256 of the data checked, the
    rules and the code (`_checked`): a scenario with an error is checked in full on every read,
    so the result, and every message, is the same either way.

    `written_from` is the data a caller wrote `text` from with `scenario_yaml` (an MSEL import),
    which reads back as exactly that data: it is validated and checked as the parse of `text`,
    and the text is parsed only when a problem needs its line.
    """
    source = _MappingFiles(files) if files is not None else _DiskFiles(Path(name).parent)
    return _load(
        text.removeprefix("\ufeff"),
        name,
        corpus,
        source,
        strict=strict,
        key_paths=key_paths,
        remember=remember_parse,
        written_from=written_from,
    )


# -- remembered parses ----------------------------------------------------------

_REMEMBER_FROM = 64 * 1024
"""Texts shorter than this parse in milliseconds: not worth a cache entry."""
_REMEMBERED_PARSES = 32
"""The most parses kept in the cache folder (the least recently written go first)."""


def _parsed(text: str, shown: str) -> tuple[Any, str | None]:
    """`yamlsource.load(text, shown)`, or the same data as remembered for this very text; and what
    the data is (see `_Read.digest`).

    What comes back is exactly what the parse gave, types included (dates and date-times too:
    `usercache.encode_data`); a parse that failed is never remembered. The cache is trusted for
    speed alone: what it gives is validated as freshly parsed data is, and its checks are
    remembered only by what the data is (`_checked`).
    """
    from tabletop.usercache import remembered_data

    if len(text) < _REMEMBER_FROM:
        return yamlsource.load(text, shown), "text:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    data, digest = remembered_data(
        "parse",
        text,
        lambda text: yamlsource.load(text, shown),
        {"format": 2, "pyyaml": yamlsource.parser_version()},
        [yamlsource.__file__, __file__],
        keep=_REMEMBERED_PARSES,
        digest=True,
    )
    return data, None if digest is None else "data:" + digest


# -- remembered checks ---------------------------------------------------------


class _Refused(Exception):
    """Checks that found an error: never remembered."""

    def __init__(self, checks: ScenarioChecks) -> None:
        self.checks = checks


def _checked(merged: Scenario, corpus: Any, main: Origin, state: _State) -> ScenarioChecks:
    """`check_scenario` of the merged scenario, or its outcome as remembered for these very texts.

    For texts that will be read again unchanged (`remember_parse`, a session's stored scenario)
    and that validated without an error, the outcome of the checks (their warnings, the default
    path, the branches, the phases along the path) is a function of what was checked (the data of
    each file, as named), the rules text and the code, nothing else: it is remembered in the
    user's cache by the SHA-256 of all of them (`_Read.digest`: of the data itself, so that a
    parse read back from the cache is never taken for another; an HMAC'd entry, written only by
    this user's own processes; `tabletop.usercache`) and the code's version. A text changed in
    any way, a session's tampered copy included, gives other data and is checked in full; so is
    every text with an error, whose messages are therefore the same on every read. The models
    still validate the parsed data every time.
    """

    def check(_: str = "") -> ScenarioChecks:
        return check_scenario(merged, corpus, state.origins, main, id_sequence=state.id_sequence, gaps=state.gaps)

    checked_texts = sum(len(read.text) for read in state.reads)
    if (
        not state.remember_parses
        or state.written_from is not None
        or checked_texts < _REMEMBER_FROM
        or any(read.digest is None for read in state.reads)
        or any(d.severity == "error" for d in state.diagnostics)
    ):
        return check()
    from tabletop.usercache import remembered_data

    fresh: list[ScenarioChecks] = []

    def remembered(_: str) -> dict[str, Any]:
        checks = check()
        fresh.append(checks)
        if any(d.severity == "error" for d in checks.diagnostics):
            raise _Refused(checks)
        return dataclasses.asdict(checks)

    what = json.dumps(
        {
            "read": [[read.shown, read.digest] for read in state.reads],
            "rules_sha256": getattr(corpus, "sha256", None),
        },
        sort_keys=True,
    )
    try:
        data = remembered_data("checks", what, remembered, {"format": 2}, _checking_modules(), keep=_REMEMBERED_PARSES)
    except _Refused as refused:
        return refused.checks
    if fresh:
        return fresh[0]
    try:
        return _checks_adapter().validate_python(data)
    except (pydantic.ValidationError, TypeError, ValueError):  # what an entry of another shape can raise
        return check()


def _checking_modules() -> list[Path]:
    """The source files whose code decides the checks' outcome: every module of the scenario, the
    phases and the rules packages, and the YAML reader."""
    import tabletop.phases
    import tabletop.rules

    folders = [Path(__file__).parent, Path(tabletop.phases.__file__).parent, Path(tabletop.rules.__file__).parent]
    return [*sorted(path for folder in folders for path in folder.glob("*.py")), Path(yamlsource.__file__)]


@functools.cache
def _checks_adapter() -> pydantic.TypeAdapter[ScenarioChecks]:
    """Remembered checks validated back into `ScenarioChecks`, every field of its type."""
    return pydantic.TypeAdapter(ScenarioChecks)


# -- reading files -------------------------------------------------------------


def _read_main(path: Path, shown: str) -> bytes:
    if os.path.isdir(path):
        raise MissingFileError(f"{shown}: is a directory, not a scenario file")
    try:
        return yamlsource.read_bytes(path, shown)
    except FileNotFoundError:
        raise MissingFileError(f"{shown}: no such file") from None
    except yamlsource.YamlLoadError as exc:
        raise ScenarioError(exc.diagnostics) from None
    except yamlsource.NotRegularFileError as exc:
        raise MissingFileError(f"{shown}: {exc.strerror}; a scenario must be a YAML file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise MissingFileError(f"{shown}: {_LOOP}") from None
        raise MissingFileError(f"{shown}: cannot read ({exc.strerror or exc})") from None


class _DiskFiles:
    """Included files read from disk, never outside the including file's folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, relative: str, shown: str) -> str:
        path = self.root / relative
        if os.path.isdir(path):
            raise _IncludeProblem(_directory_hint(path))
        try:
            data = yamlsource.read_bytes(path, shown)
        except FileNotFoundError:
            raise _IncludeProblem("no such file", meant=_nearby_name(path)) from None
        except yamlsource.NotRegularFileError as exc:
            raise _IncludeProblem(f"{exc.strerror}; include a YAML file") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _IncludeProblem(_LOOP) from None
            raise _IncludeProblem(f"cannot read it ({exc.strerror or exc})") from None
        return yamlsource.decode(data, shown)

    def inside(self, folder: str, relative: str) -> bool:
        try:
            base = (self.root / folder).resolve()
            target = (self.root / relative).resolve()
        except (OSError, RuntimeError):
            # A symbolic-link loop (RuntimeError before Python 3.13): `read` reports it.
            return True
        return target == base or base in target.parents


_LOOP = "is a symbolic link that leads back to itself (a link loop); point it at a real file"


def _directory_hint(path: Path) -> str:
    """The message for an include naming a folder, listing the YAML files in it to pick from."""
    try:
        names = sorted(entry.name for entry in path.iterdir() if entry.suffix in (".yaml", ".yml") and entry.is_file())
    except OSError:
        names = []
    hint = f"; include one of its files: {', '.join(names[:8])}{', ...' if len(names) > 8 else ''}" if names else ""
    return f"is a folder, not a YAML file{hint}"


def _nearby_name(path: Path) -> str | None:
    """The YAML file beside a missing include that the author most likely meant."""
    try:
        names = [entry.name for entry in path.parent.iterdir() if entry.suffix in (".yaml", ".yml")]
    except OSError:
        return None
    if not path.suffix:
        for suffix in (".yaml", ".yml"):
            if path.name + suffix in names:
                return path.name + suffix
    import difflib  # only a missing include pays for it

    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    return close[0] if close else None


class _MappingFiles:
    """Included files taken from a mapping of texts (a session's stored copy)."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self.files = dict(files)

    def read(self, relative: str, shown: str) -> str:
        if relative not in self.files:
            raise _IncludeProblem("no such file among the stored texts")
        return self.files[relative].removeprefix("\ufeff")

    def inside(self, folder: str, relative: str) -> bool:
        return True  # names are normalised below and never climb out of the folder


class _IncludeProblem(Exception):
    def __init__(self, message: str, *, meant: str | None = None) -> None:
        super().__init__(message)
        self.meant = meant
        """The file name the author probably meant (a file beside the missing one)."""


# -- loading ---------------------------------------------------------------------


@dataclass
class _Read:
    """What was read of one file: its text, its validated content, and how to locate in it."""

    shown: str
    text: str
    locator: yamlsource.Locator
    model: Scenario | ScenarioPart | None
    raw: Any
    digest: str | None = None
    """What `raw` is, for remembering what was concluded from it: the SHA-256 of its encoding
    (`data:...`) or of the text it was parsed from just now (`text:...`); None when unknown."""


@dataclass
class _State:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    reads: list[_Read] = field(default_factory=list)
    origins: dict[str, list[Origin]] = field(default_factory=lambda: {part: [] for part in _PARTS})
    items: dict[str, list[Any]] = field(default_factory=lambda: {part: [] for part in _PARTS})
    gaps: ReadGaps = field(default_factory=lambda: ReadGaps(known_ids={part: set() for part in _PARTS}))
    id_sequence: dict[str, list[tuple[str, Origin]]] = field(default_factory=lambda: {part: [] for part in _PARTS})
    """Every item's id in reading order, valid or not (for duplicate ids)."""
    key_paths: bool = False
    """Name a field's problem by its keys (`injects.3.title`), not the author's words."""
    remember_parses: bool = False
    written_from: dict[str, Any] | None = None
    """The data the main text was written from, read as its parse (see `load_scenario_text`)."""

    def lose_everything(self) -> None:
        """A file that should have been read was not: any item may have been in it."""
        self.gaps.ids_lost.update(_PARTS)
        self.gaps.injects_lost = True


def _load(
    text: str,
    shown: str,
    corpus: Any,
    source: Any,
    *,
    strict: bool,
    key_paths: bool = False,
    remember: bool = False,
    written_from: dict[str, Any] | None = None,
) -> LoadedScenario:
    if corpus is None:
        from tabletop.rules import load_rules

        corpus = load_rules()
    state = _State(key_paths=key_paths, remember_parses=remember, written_from=written_from)
    with yamlsource.collector_paused():
        return _load_checked(text, shown, corpus, source, strict=strict, state=state)


def _load_checked(text: str, shown: str, corpus: Any, source: Any, *, strict: bool, state: _State) -> LoadedScenario:
    main_name = posixpath.basename(shown.replace(os.sep, "/")) or "scenario.yaml"
    main = _read_one(text, shown, Scenario, state)
    state.files[main_name] = text
    if main.raw is None and not state.diagnostics:
        what = "is empty" if not text.strip() else "holds only comments"
        state.diagnostics.append(
            Diagnostic(
                shown,
                1,
                1,
                f"the file {what}; a scenario needs `title` and `injects` "
                "(`tabletop new FILE` writes a skeleton to start from)",
            )
        )
    _collect(main, state)
    _follow_includes(main, "", shown, source, state, chain=(main_name,))

    checks = None
    merged = _merge(main, state)
    if merged is not None:
        checks = _checked(merged, corpus, Origin(shown, 0, main.locator), state)
        state.diagnostics.extend(checks.diagnostics)
    errors = [d for d in state.diagnostics if d.severity == "error" or strict]
    if errors or checks is None or merged is None:
        raise ScenarioError(_ordered(state.diagnostics, state))
    warnings = [d for d in state.diagnostics if d.severity == "warning"]
    return LoadedScenario(
        scenario=merged,
        path=shown,
        files=state.files,
        warnings=_ordered(warnings, state),
        checks=checks,
    )


def _ordered(diagnostics: list[Diagnostic], state: _State) -> list[Diagnostic]:
    """Diagnostics sorted by file (in reading order), then line and column."""
    rank = {read.shown: index for index, read in enumerate(state.reads)}
    return sorted(diagnostics, key=lambda d: (rank.get(d.path, len(rank)), d.line, d.column))


def _read_one(text: str, shown: str, model: type[Scenario] | type[ScenarioPart], state: _State) -> _Read:
    locator = yamlsource.Locator(text)
    read = _Read(shown=shown, text=text, locator=locator, model=None, raw=None)
    state.reads.append(read)
    try:
        if state.written_from is not None and model is Scenario:  # the main text, not an include
            raw = state.written_from
        elif state.remember_parses:
            raw, read.digest = _parsed(text, shown)
        else:
            raw = yamlsource.load(text, shown)
    except yamlsource.YamlLoadError as exc:
        state.diagnostics.extend(exc.diagnostics)
        if exc.respaced is None:
            return read
        # Tabs in the indentation, and nothing else wrong with the YAML: check the rest as it reads
        # with spaces, so that a tab does not hide the file's other mistakes.
        raw, locator = exc.read_anyway, yamlsource.Locator(exc.respaced)
        read.locator = locator
    read.raw = raw
    if raw is None:
        if model is ScenarioPart:
            read.model = ScenarioPart()
            state.diagnostics.append(
                Diagnostic(
                    shown,
                    1,
                    1,
                    "this included file is empty (or holds only comments): give it `injects:`, "
                    "`cells:`, `objectives:` or `modules:`, or remove it from `include:`",
                    "warning",
                )
            )
        return read
    if not isinstance(raw, dict):
        what = "an included file" if model is ScenarioPart else "a scenario"
        state.diagnostics.append(
            Diagnostic(shown, *locator(()), f"{what} must be a mapping of keys (such as `injects:`), not {_kind(raw)}")
        )
        return read
    try:
        read.model = model.model_validate(raw)
    except pydantic.ValidationError as exc:
        state.diagnostics.extend(
            modelerrors.validation_diagnostics(
                exc,
                text,
                shown,
                model,
                locator=locator,
                name=None if state.key_paths else lambda where: _item_name(raw, where),
            )
        )
    return read


_SINGULAR = {"injects": "inject", "objectives": "objective", "cells": "cell", "modules": "module"}
_SINGULAR_UNNAMED = {"agenda": "agenda item", "contacts": "contact"}


def _item_name(raw: dict[str, Any], where: tuple[str | int, ...]) -> str | None:
    """Where a problem is, in the author's words: `inject 'landing'`, then the keys inside it.

    An inject (cell, objective, module) is named by its id as written; one whose id cannot be
    read is named by its place in the file, counted from 1, as a reader counts.
    """
    if len(where) >= 2 and where[0] in ("agenda", "contacts") and isinstance(where[1], int):
        # Agenda items and contacts have no id: a contact is named by its name, an item by its place.
        entries = raw.get(where[0])
        entry = entries[where[1]] if isinstance(entries, list) and where[1] < len(entries) else None
        person = entry.get("name") if isinstance(entry, dict) and where[0] == "contacts" else None
        named = f"contact {person!r}" if isinstance(person, str) else f"{_SINGULAR_UNNAMED[where[0]]} {where[1] + 1}"
        rest = _keys(where[2:])
        return f"{named}, {rest}" if rest else named
    if len(where) < 2 or where[0] not in _SINGULAR or not isinstance(where[1], int):
        return None
    items = raw.get(where[0])
    item = items[where[1]] if isinstance(items, list) and where[1] < len(items) else None
    raw_id = item.get("id") if isinstance(item, dict) else None
    kind = _SINGULAR[str(where[0])]
    if isinstance(raw_id, str) and raw_id and where[2:] != ("id",):
        named = f"{kind} {raw_id!r}"
    else:  # no id, or the id itself is what is wrong: its place in the file names it
        named = f"{kind} number {where[1] + 1}" + ("" if where[2:] == ("id",) else " (no id)")
    rest = _keys(where[2:]) if where[2:] != ("id",) else ""
    return f"{named}, {rest}" if rest else named


def _keys(steps: tuple[str | int, ...]) -> str:
    """Keys inside an item as an author counts them: `options.0.goto` is `option 1, goto`."""
    words: list[str] = []
    for step in steps:
        if isinstance(step, int) and words:
            words[-1] = f"{_ENTRY.get(words[-1], words[-1].removesuffix('s'))} {step + 1}"
        else:
            words.append(str(step))
    return ", ".join(words)


_ENTRY = {
    "cite": "cite entry",
    "to": "to entry",
    "include": "include entry",
    "expected_actions": "expected action",
    "gates": "gate",
    "key_issues": "key issue",
    "ground_rules": "ground rule",
    "assumptions": "assumption",
}


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    return f"a single value ({type(value).__name__})"


def _collect(read: _Read, state: _State) -> None:
    """Add a file's injects, cells, objectives and modules to the merged lists, with origins.

    When the file failed validation, each item is read alone: every inject
    that is a mapping takes part in the checks with the fields that are valid
    (see `_salvage`), and the ids of other items that failed still count as
    declared. What could not be read at all is noted in `state.gaps`.
    """
    if read.model is None and not isinstance(read.raw, dict):
        state.lose_everything()
        return
    gaps = state.gaps
    for part in _PARTS:
        if read.model is not None:
            items = getattr(read.model, part)
            for index, item in enumerate(items):
                origin = Origin(read.shown, index, read.locator)
                state.items[part].append(item)
                state.origins[part].append(origin)
                state.id_sequence[part].append((item.id, origin))
                if part == "injects":
                    gaps.unread.append(frozenset())
            continue
        if part not in read.raw:
            misspelt = _misspelt_key(read.raw, part)
            if misspelt is not None:
                # `objetives:` is reported as an unknown key; its items are still declared.
                _note_ids(read.raw[misspelt], part, state)
            continue
        raw_items = read.raw[part]
        if not isinstance(raw_items, list):
            gaps.ids_lost.add(part)
            gaps.injects_lost |= part == "injects"
            continue
        for index, raw_item in enumerate(raw_items):
            origin = Origin(read.shown, index, read.locator)
            raw_id = raw_item.get("id") if isinstance(raw_item, dict) else None
            if isinstance(raw_id, str) and raw_id:
                gaps.known_ids[part].add(raw_id)
                state.id_sequence[part].append((raw_id, origin))
            else:
                gaps.ids_lost.add(part)
            if part != "injects":
                continue
            salvaged = _salvage(Inject, raw_item) if isinstance(raw_item, dict) else None
            if salvaged is None:
                gaps.injects_lost = True
                continue
            inject, unread, renumbered = salvaged
            if "id" in unread:
                # An id that breaks the pattern still names the inject for `next:` and `goto:`.
                inject = inject.model_copy(update={"id": raw_id or None})
            state.items[part].append(inject)
            state.origins[part].append(Origin(read.shown, index, read.locator, renumbered))
            gaps.unread.append(unread)


def _misspelt_key(raw: dict[str, Any], part: str) -> str | None:
    """The unknown key of `raw` that is evidently `part` misspelt (`objetives`), if any."""
    for key in raw:
        if isinstance(key, str) and key not in Scenario.model_fields and key not in ScenarioPart.model_fields:
            import difflib  # only an unknown key pays for it

            if difflib.get_close_matches(key.lower(), [part], n=1, cutoff=0.75):
                return key
    return None


def _note_ids(raw_items: Any, part: str, state: _State) -> None:
    """Count the ids under a misspelt key as declared, so that references to them are not unknown."""
    gaps = state.gaps
    if not isinstance(raw_items, list):
        gaps.ids_lost.add(part)
    else:
        for raw_item in raw_items:
            raw_id = raw_item.get("id") if isinstance(raw_item, dict) else None
            if isinstance(raw_id, str) and raw_id:
                gaps.known_ids[part].add(raw_id)
            else:
                gaps.ids_lost.add(part)
    if part == "injects":
        gaps.injects_lost = True


def _salvage(
    model: type[pydantic.BaseModel], raw: dict[str, Any]
) -> tuple[Any, frozenset[str], dict[str, tuple[int, ...]]] | None:
    """What of `raw` is valid, as a `model`; the fields that were not (now absent or None);
    and for each list field that lost entries, the file positions of the entries kept.

    A field that fails is dropped; when only some entries of a list or
    mapping fail, only those are dropped; a missing required field gets a
    stand-in for validation and is then set to None. None when even that
    cannot be validated.
    """
    data = {key: value for key, value in raw.items() if key in model.model_fields}
    unread: set[str] = set()
    stand_ins: set[str] = set()
    positions: dict[str, list[int]] = {}
    for _ in range(3):
        try:
            item = model.model_validate(data)
        except pydantic.ValidationError as exc:
            entries: dict[str, set[Any]] = {}
            for error in exc.errors(include_url=False):
                loc = error["loc"]
                name = loc[0] if loc else None
                if name not in model.model_fields:
                    continue
                unread.add(name)
                value = data.get(name)
                if error["type"] == "missing" and len(loc) == 1:
                    data[name] = "x"  # every required field is text; set to None below
                    stand_ins.add(name)
                elif len(loc) > 1 and isinstance(value, (list, dict)):
                    entries.setdefault(name, set()).add(loc[1])
                else:
                    data.pop(name, None)
            for name, drop in entries.items():
                value = data.get(name)
                if isinstance(value, list):
                    kept = positions.setdefault(name, list(range(len(value))))
                    positions[name] = [kept[i] for i in range(len(value)) if i not in drop]
                    data[name] = [entry for i, entry in enumerate(value) if i not in drop]
                elif isinstance(value, dict):
                    data[name] = {key: entry for key, entry in value.items() if key not in drop}
            continue
        renumbered = {name: tuple(kept) for name, kept in positions.items() if name in data}
        return item.model_copy(update=dict.fromkeys(stand_ins)), frozenset(unread), renumbered
    return None


def _include_list(read: _Read, state: _State) -> list[tuple[int, Any]]:
    if read.model is not None:
        return list(enumerate(read.model.include))
    raw = read.raw.get("include") if isinstance(read.raw, dict) else None
    if raw is None:
        return []
    if not isinstance(raw, list):
        state.lose_everything()
        return []
    return list(enumerate(raw))


def _follow_includes(read: _Read, folder: str, shown: str, source: Any, state: _State, chain: tuple[str, ...]) -> None:
    """Read the files `read` includes, depth first, in order."""
    for index, entry in _include_list(read, state):
        if not isinstance(entry, str):
            state.lose_everything()
            continue

        def problem(message: str, *, lost: bool = True, index: int = index, entry: str = entry) -> None:
            # Located only when there is a problem: locating composes the whole file once more.
            where = read.locator(("include", index))
            state.diagnostics.append(Diagnostic(read.shown, *where, f"include {_shown_name(entry)}: {message}"))
            if lost:
                state.lose_everything()

        cleaned = entry.strip().replace("\\", "/")
        if not cleaned or cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
            problem("must be a path relative to this file")
            continue
        lexical = posixpath.normpath(cleaned)
        relative = posixpath.normpath(posixpath.join(folder, lexical))
        climbs = lexical == ".." or lexical.startswith("../")
        bad_name = None if climbs else document_name_problem(relative)
        if bad_name is not None:
            problem(bad_name)
            continue
        if climbs or not source.inside(folder, relative):
            problem("must stay inside this file's folder (no `..` out of it, no links leading out)")
            continue
        if relative in chain:
            cycle = " -> ".join((*chain[chain.index(relative) :], relative))
            problem(f"includes itself through {cycle}", lost=False)
            continue
        if relative in state.files:
            problem("is included twice; include each file once", lost=False)
            continue
        if len(state.files) >= MAX_INCLUDED_FILES:
            problem(f"too many files (a scenario may be made of at most {MAX_INCLUDED_FILES})")
            return
        child_shown = posixpath.normpath(posixpath.join(posixpath.dirname(shown.replace(os.sep, "/")), lexical))
        try:
            text = source.read(relative, child_shown)
        except _IncludeProblem as exc:
            hint = ""
            if exc.meant is not None:
                hint = f"; did you mean {posixpath.join(posixpath.dirname(cleaned), exc.meant)!r}?"
            problem(f"{exc}{hint}")
            continue
        except yamlsource.YamlLoadError as exc:
            state.diagnostics.extend(exc.diagnostics)
            state.lose_everything()
            continue
        state.files[relative] = text
        child = _read_one(text, child_shown, ScenarioPart, state)
        _collect(child, state)
        _follow_includes(child, posixpath.dirname(relative), child_shown, source, state, (*chain, relative))


def _shown_name(name: str) -> str:
    """A file name as quoted in a message: whole when short, else its start and its length."""
    if len(name) <= 120:
        return repr(name)
    return f"{name[:60]!r}... ({len(name):,} characters)"


def _merge(main: _Read, state: _State) -> Scenario | None:
    """The main file's scenario with every file's items, in reading order (None if unreadable)."""
    update = {part: list(state.items[part]) for part in _PARTS}
    if isinstance(main.model, Scenario):
        # model_construct rather than model_copy: the fields the author wrote stay known as such.
        values = {name: getattr(main.model, name) for name in Scenario.model_fields}
        return Scenario.model_construct(_fields_set=set(main.model.model_fields_set), **{**values, **update})
    if not isinstance(main.raw, dict):
        return None
    # The main file failed validation: check what is left, for as many problems at once as possible.
    title = main.raw.get("title")
    include = (
        [entry for entry in main.raw.get("include") or [] if isinstance(entry, str)]
        if isinstance(main.raw.get("include"), list)
        else []
    )
    exercise = None
    if isinstance(main.raw.get("exercise"), dict):
        salvaged = _salvage(ExerciseInfo, main.raw["exercise"])
        exercise = salvaged[0] if salvaged else None
        state.gaps.start_lost = salvaged is None or "start_phase" in salvaged[1]
        state.gaps.exercise_unread = salvaged[1] if salvaged else frozenset(ExerciseInfo.model_fields)
    rest: dict[str, Any] = {**_salvaged_seminar(main.raw), **update}
    return Scenario.model_construct(
        _fields_set={key for key in main.raw if key in Scenario.model_fields},
        title=title if isinstance(title, str) else "",
        exercise=exercise,
        include=include,
        **rest,
    )


def _salvaged_seminar(raw: dict[str, Any]) -> dict[str, Any]:
    """The agenda, contacts and acronyms of a main file that failed validation, so that their own
    checks still run: a list only when every entry is a mapping (so each check stays at its entry),
    a field that failed read as absent (None), as for injects."""
    found: dict[str, Any] = {}
    for key, model in (("agenda", AgendaItem), ("contacts", Contact)):
        entries = raw.get(key)
        if not isinstance(entries, list):
            continue
        salvaged = [_salvage(model, entry) if isinstance(entry, dict) else None for entry in entries]
        if all(item is not None for item in salvaged):
            found[key] = [item[0] for item in salvaged if item is not None]
    acronyms = raw.get("acronyms")
    if isinstance(acronyms, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in acronyms.items()):
        found["acronyms"] = dict(acronyms)
    return found

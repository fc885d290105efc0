"""The Guidelines' structure as data: which clauses carry the same function in different sections.

Called by citation ranking (`tabletop.session._citations`), which reads the function table
that sits beside the rules file (`rules/functions.yaml` for the bundled Guidelines), and by
the documentation's function × phase table. It owns that file's models, its checks and the
look-ups the ranking needs.

The Guidelines repeat their functions: maritime security is IV.A.3 in peacetime, IV.B.2 when
a situation emerges, IV.C.2.b.iii when Japan is attacked, IV.D.3 when another country is
attacked and V.A.3 in international activities. Each function names its instances, each with
the sentence of the clause (`basis`, verbatim) that makes it one. `broad` names the principles
and lead-ins, whose general prose must not outrank the specific items.

Like the rules file and the term bank, the file is checked whole, each problem located by file
and line: an unknown clause id is refused with the nearest ones, and a basis that is not in its
clause's own text is refused with the clause named. A clause named by no function is a function
of its own (`FunctionTable.of`), so that every clause has at least one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from tabletop.errors import did_you_mean
from tabletop.rules._companion import load_companion
from tabletop.rules._corpus import Corpus
from tabletop.rules._loader import companion_path
from tabletop.rules._models import SLUG_PATTERN
from tabletop.strictmodel import StrictModel

__all__ = [
    "FUNCTIONS_FILENAME",
    "Function",
    "FunctionTable",
    "FunctionsFile",
    "functions_path_for",
    "load_functions",
]

FUNCTIONS_FILENAME = "functions.yaml"


class InstanceEntry(StrictModel):
    """One clause that carries a function, and the sentence that says so."""

    clause: str = Field(min_length=1)
    """The clause id, e.g. `IV.C.2.b.iii`."""
    basis: str = Field(min_length=1)
    """The words of the clause's own text (verbatim, a whole sentence or part of one) that make
    it an instance of the function."""
    defers_to: str | None = None
    """Another instance of the function that this clause's basis hands the function to ("in
    accordance with bilateral cooperation set out in Chapter VI"): where both may be cited, that
    one answers first when some of the situation's own words are found there and not in this
    clause (the power grid, reconstituting a lost capability)."""
    summary: bool = False
    """The basis names the function in a few words of a longer list (IV.C.1's preparations "may
    include, but would not be limited to" the joint use of facilities): where this clause is the
    only item of the phase in force, a measure of an earlier phase that still applies answers
    first for the words the basis does not hold (the temporary use of a civilian airport is
    IV.B.7's), and this clause just after it."""
    listed_under: str | None = None
    """For a summary, the words of the clause that say what its list is for (verbatim: IV.C.1's
    "assume appropriate postures for bilateral operations, ... The preparations by the two
    governments may include, but would not be limited to"): where the situation's words hold none
    of them and none of the summary's own, the room asks for the measure itself, and a measure of
    an earlier phase that still applies and that the words found answers first, the summary just
    after it."""
    protects: ProtectionEntry | None = None
    """The activities whose assets this clause protects, in its own words (IV.D.1: "assets that
    are engaged in operations such as Noncombatant Evacuation Operations or Ballistic Missile
    Defense"): where the words find both, and some of them are the protection's own, the
    protection is what is asked and answers first (an Aegis on missile defense that asks to be
    covered is IV.D.1's)."""


class ProtectionEntry(StrictModel):
    """The activities an instance's own words say the assets it protects are engaged in."""

    functions: list[str] = Field(min_length=1)
    """The functions of those activities: `ballistic_missile_defense` for "assets that are
    engaged in operations such as ... Ballistic Missile Defense"."""
    basis: str = Field(min_length=1)
    """The words of the clause's own text (verbatim) that name them."""


class FunctionEntry(StrictModel):
    """A function of the Guidelines and the clauses that carry it, one per section or so."""

    id: str = Field(pattern=SLUG_PATTERN)
    """The function's slug, e.g. `maritime_security`."""
    title: str = Field(min_length=1)
    """Its name in a reason a facilitator reads aloud, in lower case: "maritime security"."""
    instances: list[InstanceEntry] = Field(min_length=1)
    """The clauses that carry it, in document order."""


class FunctionsFile(StrictModel):
    """The function table file."""

    functions: list[FunctionEntry]
    """The functions, each with its instances."""
    broad: list[str] = []
    """The principles and lead-ins: clauses whose own words count only where they are what the
    clause is about (its heading, keywords, a term that names it)."""
    settings: list[str] = []
    """Sections that are a setting rather than a phase (chapter V's international activities):
    their items answer for their function, before the item of the phase in force, where the
    situation's words place it there (words found in the section and in no clause that defines
    a phase)."""


@dataclass(frozen=True, slots=True)
class Function:
    """A checked function: its slug, its name for a reason, and the clauses that carry it."""

    id: str
    title: str
    instances: tuple[str, ...]
    """Clause ids, in document order."""
    bases: tuple[tuple[str, str], ...] = ()
    """(clause id, basis) of each instance, in document order: the words that make it one."""
    declared: bool = True
    """False for a clause named by no function, which is a function of its own."""
    deferrals: tuple[tuple[str, str], ...] = ()
    """(clause id, the instance it hands the function to) for each instance with `defers_to`."""
    summaries: frozenset[str] = frozenset()
    """The instances whose basis sums the function up in a list (`summary: true`)."""
    frames: tuple[tuple[str, str], ...] = ()
    """(clause id, the words that say what its list is for) for each summary with `listed_under`."""
    protections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(clause id, the functions of the activities it protects, in the order the rules file lists
    them) for each instance with `protects`: a ranking weighs the protection against each in that
    order, the same in every process."""


class FunctionTable:
    """The checked function table of one rules file."""

    def __init__(
        self,
        corpus: Corpus,
        functions: tuple[Function, ...] = (),
        broad: frozenset[str] = frozenset(),
        settings: frozenset[str] = frozenset(),
        sha256: str = "",
        path: Path | None = None,
    ) -> None:
        self.functions = functions
        self.broad = broad
        self.settings = settings
        self.sha256 = sha256
        self.path = path
        of: dict[str, list[Function]] = {clause.id: [] for clause in corpus}
        for function in functions:
            for clause_id in function.instances:
                of[clause_id].append(function)
        # Every clause is also a function of its own, named by its heading: a clause no
        # function names answers for itself, and so does a clause that carries several, where
        # the words are about none of them (`alone`).
        self._alone = {clause.id: Function(clause.id, clause.title, (clause.id,), (), False) for clause in corpus}
        self._of = {clause_id: tuple(found) or (self._alone[clause_id],) for clause_id, found in of.items()}
        self.guards = tuple(function for function in functions if function.protections)
        """The functions with an instance that protects another function's activities."""
        self._setting: dict[str, str | None] = {}
        for clause in corpus:
            chain = [a.id for a in corpus.ancestors(clause.id)] + [clause.id]
            self._setting[clause.id] = next((c for c in reversed(chain) if c in settings), None)

    def of(self, clause_id: str) -> tuple[Function, ...]:
        """The functions this clause carries (itself alone when the table names it nowhere)."""
        return self._of[clause_id]

    def alone(self, clause_id: str) -> Function:
        """The clause as a function of its own (not declared in the table)."""
        return self._alone[clause_id]

    def functions_of(self, clause_id: str) -> tuple[str, ...]:
        """The ids of `of(clause_id)`: function slugs, or the clause's own id."""
        return tuple(function.id for function in self._of[clause_id])

    def is_broad(self, clause_id: str) -> bool:
        return clause_id in self.broad

    def setting_of(self, clause_id: str) -> str | None:
        """The setting (`settings`) this clause belongs to: itself or its nearest ancestor listed."""
        return self._setting[clause_id]

    def __iter__(self) -> Iterator[Function]:
        return iter(self.functions)

    def __len__(self) -> int:
        return len(self.functions)

    def __repr__(self) -> str:
        return f"FunctionTable({len(self.functions)} functions, sha256 {self.sha256[:12]})"


def functions_path_for(corpus: Corpus) -> Path:
    """Where the function table of a rules file lives: `functions.yaml` beside it; for the
    bundled Guidelines (also when a session carries its own copy of them), the bundled one."""
    return companion_path(corpus, FUNCTIONS_FILENAME)


def load_functions(corpus: Corpus, path: str | Path | None = None) -> FunctionTable:
    """The function table for `corpus` (from `functions_path_for(corpus)` by default), checked
    against it. A rules file with no table beside it has an empty one: every clause is then a
    function of its own. Problems raise `RulesError` with one located diagnostic each."""
    path = Path(path) if path is not None else functions_path_for(corpus)
    return load_companion(
        corpus,
        path,
        FunctionsFile,
        _problems,
        lambda parsed, data, at: _table(corpus, parsed, data, at),
        lambda: FunctionTable(corpus),
    )


def _table(corpus: Corpus, parsed: FunctionsFile, data: bytes, path: Path) -> FunctionTable:
    def in_order(clause_id: str) -> int:
        return corpus.clause(clause_id).order

    functions = tuple(
        Function(
            entry.id,
            " ".join(entry.title.split()),
            tuple(sorted(dict.fromkeys(i.clause for i in entry.instances), key=in_order)),
            tuple(
                sorted(((i.clause, " ".join(i.basis.split())) for i in entry.instances), key=lambda b: in_order(b[0]))
            ),
            deferrals=tuple((i.clause, i.defers_to) for i in entry.instances if i.defers_to is not None),
            summaries=frozenset(i.clause for i in entry.instances if i.summary),
            frames=tuple(
                (i.clause, " ".join(i.listed_under.split())) for i in entry.instances if i.listed_under is not None
            ),
            protections=tuple((i.clause, tuple(i.protects.functions)) for i in entry.instances if i.protects),
        )
        for entry in parsed.functions
    )
    return FunctionTable(
        corpus,
        functions,
        frozenset(parsed.broad),
        frozenset(parsed.settings),
        hashlib.sha256(data).hexdigest(),
        path,
    )


def _problems(parsed: FunctionsFile, corpus: Corpus) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, message) for every id repeated, clause unknown, or basis not in its clause."""
    seen: set[str] = set()
    known = {e.id for e in parsed.functions}
    for index, entry in enumerate(parsed.functions):
        loc = ("functions", index)
        subject = f"function {entry.id!r}"
        if entry.id in seen:
            yield (*loc, "id"), f"{subject}: duplicate id (already used above)"
        seen.add(entry.id)
        listed: set[str] = set()
        for i_index, instance in enumerate(entry.instances):
            where = (*loc, "instances", i_index)
            if instance.clause not in corpus:
                yield (
                    (*where, "clause"),
                    f"{subject}: no clause has the id {instance.clause!r}"
                    f"{did_you_mean(corpus.suggest_clause(instance.clause))}",
                )
                continue
            if instance.clause in listed:
                yield (*where, "clause"), f"{subject}: {instance.clause} is listed twice"
            listed.add(instance.clause)
            if _plain(instance.basis) not in _plain(corpus.clause(instance.clause).text):
                yield (
                    (*where, "basis"),
                    f"{subject}: the basis is not in the text of {instance.clause}; quote the clause "
                    f"verbatim (`tabletop clauses show {instance.clause}`)",
                )
            if instance.listed_under is not None:
                if not instance.summary:
                    yield (*where, "listed_under"), f"{subject}: {instance.clause} has `listed_under` but is no summary"
                elif _plain(instance.listed_under) not in _plain(corpus.clause(instance.clause).text):
                    yield (
                        (*where, "listed_under"),
                        f"{subject}: the words its list is listed under are not in the text of {instance.clause}; "
                        f"quote the clause verbatim (`tabletop clauses show {instance.clause}`)",
                    )
            others = [i.clause for i in entry.instances if i.clause != instance.clause]
            if instance.defers_to is not None and instance.defers_to not in others:
                yield (
                    (*where, "defers_to"),
                    f"{subject}: {instance.clause} defers to {instance.defers_to!r}, which is not another "
                    f"of its instances (they are: {', '.join(others) or 'none'})",
                )
            if instance.protects is not None:
                for unknown in [f for f in instance.protects.functions if f not in known]:
                    yield (
                        (*where, "protects", "functions"),
                        f"{subject}: {instance.clause} protects {unknown!r}, which is no function of the table",
                    )
                if _plain(instance.protects.basis) not in _plain(corpus.clause(instance.clause).text):
                    yield (
                        (*where, "protects", "basis"),
                        f"{subject}: the basis of what {instance.clause} protects is not in its text; quote the clause "
                        f"verbatim (`tabletop clauses show {instance.clause}`)",
                    )
    for key, listed_ids in (("broad", parsed.broad), ("settings", parsed.settings)):
        for index, clause_id in enumerate(listed_ids):
            if clause_id not in corpus:
                yield (
                    (key, index),
                    f"{key}: no clause has the id {clause_id!r}{did_you_mean(corpus.suggest_clause(clause_id))}",
                )


_LIST_ITEM = re.compile(r"^- ", re.MULTILINE)


def _plain(text: str) -> str:
    """Text compared as words: a YAML folded quote and the clause's paragraphs and list items
    differ only in line breaks, list markers and runs of spaces."""
    return " ".join(_LIST_ITEM.sub("", text).split())

"""The checks a scenario needs beyond its schema: references, paths, phases and time.

Called by `tabletop.scenario._loader` once the files are read and validated
into models. It owns every cross-reference check (unique ids; declared cells,
objectives and modules; clause ids, phase slugs, triggers, gates and tags
known to the rules corpus, with the nearest suggestions) and the static walk
of the scenario's graph: the default path and every branch are walked through
the phase machine's legal moves, so an inject whose phase the machine would
refuse is reported at that inject, with the triggers that are legal there.
Scenario time must not go backwards along any path, and every inject must be
reachable.

The checks run on whatever could be read: an inject that failed validation
takes part with its valid fields, and `ReadGaps` says what is missing so that
a check depending on it is skipped rather than reporting a consequence of an
error already reported.

The walk asks the phase machine for the legal moves once per distinct set of
phases (a handful), never once per inject.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from tabletop.errors import MAX_COMPARED_LENGTH, Diagnostic, KeyPath, Mention, Subject, Vocabulary, did_you_mean
from tabletop.rules import describe_phases
from tabletop.scenario._models import CLOCK_PATTERN, EMAIL_PATTERN, Inject, Scenario
from tabletop.scenario._time import ScenarioTime, parse_time, suggest_time

if TYPE_CHECKING:
    from tabletop.phases import Move, PhasePolicy

__all__ = ["Origin", "ReadGaps", "ScenarioChecks", "check_scenario"]

MAX_WALK_STATES_PER_INJECT = 40
"""Bound on the branch walk: states (inject, phases, latest time) explored per inject."""
MAX_LISTED_PER_KIND = 200
"""Unknown references of one kind (unknown inject, unknown clause, ...) listed one by one; the rest
are counted in one "and N more" line, so that a file misspelt throughout reads (and validates) fast."""
MAX_SUGGESTED_PER_KIND = 50
"""Unknown references of one kind that get a "did you mean"; later ones are listed without one."""


@dataclass(frozen=True)
class Origin:
    """Where an item of the merged scenario came from: its file and its index in that file's list."""

    shown: str
    index: int
    locator: Callable[..., tuple[int, int]] = field(repr=False)
    renumbered: Mapping[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)
    """For a list field some of whose entries failed validation (and were dropped): the position
    in the file of each entry kept, so that a problem is located at the entry the author wrote."""

    def loc(self, part: str, rest: Sequence[str | int]) -> tuple[str | int, ...]:
        """The location in the file of `rest` (a path inside this item)."""
        head = rest[0] if rest else None
        if len(rest) > 1 and isinstance(head, str) and isinstance(rest[1], int) and head in self.renumbered:
            rest = (head, self.renumbered[head][rest[1]], *rest[2:])
        return (part, self.index, *rest)


@dataclass
class ScenarioChecks:
    """The outcome of the checks: diagnostics, and the graph the session engine walks."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    default_path: list[str] = field(default_factory=list)
    default_next: dict[str, str | None] = field(default_factory=dict)
    successors: dict[str, list[str]] = field(default_factory=dict)
    start_phases: tuple[str, ...] = ()
    phases_after: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The phases once each inject of the default path is delivered."""
    phases_reached: set[str] = field(default_factory=set)
    """Every phase some path through the scenario passes through (the start phases included)."""


# -- the checks ----------------------------------------------------------------------


class _Reporter:
    def __init__(self, origins: dict[str, list[Origin]], main: Origin) -> None:
        self.origins = origins
        self.main = main
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[tuple[str, int, int, str]] = set()
        self._unknown: dict[str, int] = {}
        self._last_listed: dict[str, tuple[str, int, Sequence[str | int]]] = {}
        self._vocabularies: dict[str, Vocabulary] = {}

    def vocabulary(self, name: str, names: Callable[[], Iterable[str]]) -> Vocabulary:
        """The declared names of one kind, sorted and prepared once for every suggestion."""
        if name not in self._vocabularies:
            self._vocabularies[name] = Vocabulary(sorted(names()), _normal)
        return self._vocabularies[name]

    def unknown(
        self,
        kind: str,
        part: str,
        k: int,
        rest: Sequence[str | int],
        problem: Callable[[bool], str],
        *,
        name: str,
        refers: tuple[Mention, ...] = (),
    ) -> None:
        """An unknown reference of `kind` in the item `name`; `problem(suggest)` says it, with a
        "did you mean" when asked.

        Only the first `MAX_LISTED_PER_KIND` of a kind are listed (the first
        `MAX_SUGGESTED_PER_KIND` with suggestions); `finish()` counts the rest.
        """
        count = self._unknown[kind] = self._unknown.get(kind, 0) + 1
        if count <= MAX_LISTED_PER_KIND:
            self.at(part, k, rest, problem(count <= MAX_SUGGESTED_PER_KIND), name=name, refers=refers)
            self._last_listed[kind] = (part, k, rest)

    def finish(self) -> list[Diagnostic]:
        """The diagnostics, with one "and N more" line for each kind listed only in part."""
        for kind, count in self._unknown.items():
            if count > MAX_LISTED_PER_KIND:
                part, k, rest = self._last_listed[kind]
                self.at(
                    part,
                    k,
                    rest,
                    f"... and {count - MAX_LISTED_PER_KIND:,} more {kind}s, not listed "
                    "(fix the ones above, then validate again)",
                )
        self._unknown.clear()
        return self.diagnostics

    def at(
        self,
        part: str,
        k: int,
        rest: Sequence[str | int],
        problem: str,
        severity: str = "error",
        *,
        name: str | None = None,
        refers: tuple[Mention, ...] = (),
    ) -> None:
        """A problem at `rest` inside the `k`th item of `part` (of the merged scenario). The message
        names the item as `name` (`inject 'landing': ...`) before the problem; without `name`, the
        problem is a sentence that names what it is about itself. `refers`: the keys its advice
        names (see `Mention`)."""
        origin = self.origins[part][k]
        loc = origin.loc(part, rest)
        line, column = origin.locator(loc)
        # A key of this item its advice names is located as `loc` is: in the file the item came from.
        refers = tuple(
            replace(m, key=origin.loc(part, m.key[2:])) if m.key[:2] == (part, k) else m
            for m in refers
            if m.said in problem
        )
        about = Subject(at=loc, named=loc[:2] if name is not None else None, problem=problem, refers=refers)
        message = f"{name}: {problem}" if name is not None else problem
        self._add(Diagnostic(origin.shown, line, column, message, severity, about))

    def duplicate(self, origin: Origin, loc: KeyPath, problem: str, first: Origin) -> None:
        """An id used again at `loc` in `origin`'s file, first used by the item `first`."""
        line, column = origin.locator(loc)
        earlier, _ = first.locator((loc[0], first.index))
        where = f"line {earlier}" if first.shown == origin.shown else f"{first.shown}:{earlier}"
        about = Subject(at=loc, named=None, problem=problem, first_use=(first.shown, (loc[0], first.index)))
        self._add(Diagnostic(origin.shown, line, column, f"{problem} (first used at {where})", "error", about))

    def top(
        self,
        loc: KeyPath,
        problem: str,
        severity: str = "error",
        *,
        name: str | None = None,
        named: KeyPath = (),
        at: KeyPath | None = None,
        refers: tuple[Mention, ...] = (),
    ) -> None:
        """A problem at `loc` in the main file (about the value at `at`, by default `loc`: a key that
        is missing is located at its parent); the message names `named` as `name` before it."""
        line, column = self.main.locator(loc)
        refers = tuple(m for m in refers if m.said in problem)
        about = Subject(
            at=loc if at is None else at, named=named if name is not None else None, problem=problem, refers=refers
        )
        message = f"{name}: {problem}" if name is not None else problem
        self._add(Diagnostic(self.main.shown, line, column, message, severity, about))

    def _add(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.path, diagnostic.line, diagnostic.column, diagnostic.message)
        if key not in self._seen:
            self._seen.add(key)
            self.diagnostics.append(diagnostic)


def _normal(word: str) -> str:
    """A name as authors mistype it: any case, `-` or a space for `_`."""
    return re.sub(r"[\s_-]+", "_", word.strip()).casefold()


def _closest(word: str, candidates: Sequence[str] | Vocabulary, n: int = 3) -> list[str]:
    """The candidates nearest to `word`: the one it matches but for case and separators,
    else the close spellings that are about as close as the closest."""
    vocabulary = candidates if isinstance(candidates, Vocabulary) else Vocabulary(candidates, _normal)
    exact = vocabulary.exact(word)
    if exact is not None:
        return [exact]
    import difflib  # only a misspelling pays for it

    wanted = _normal(word)[:MAX_COMPARED_LENGTH]
    scored = []
    for candidate, key in vocabulary.shortlist(word):
        matcher = difflib.SequenceMatcher(None, wanted, key)
        if matcher.real_quick_ratio() >= 0.5 and matcher.quick_ratio() >= 0.5:
            ratio = matcher.ratio()
            if ratio >= 0.5:
                scored.append((ratio, candidate))
    scored.sort(key=lambda pair: -pair[0])
    if not scored:
        return []
    best = scored[0][0]
    return [candidate for ratio, candidate in scored if ratio >= best - 0.1][:n]


def _unknown_message(said: str, hint: Callable[[], str], suggest: bool) -> str:
    return said + (hint() if suggest else "")


def _suggest(word: str, candidates: Sequence[str] | Vocabulary, *, listing: bool = False) -> str:
    """A "did you mean" for `word`; with `listing`, else the candidates themselves when few."""
    close = _closest(word, candidates)
    if close:
        return did_you_mean(close)
    names = candidates.items if isinstance(candidates, Vocabulary) else candidates
    if listing and 0 < len(names) <= 12:
        return f"; declared: {', '.join(names)}"
    return ""


def _phase_mentions(corpus: Any, k: int) -> tuple[Mention, ...]:
    """The keys `_phase_hint` may name for the `k`th inject: `` `trigger: ...` `` of each move
    that ends a phase, and `` `phase:` ``."""
    inject = ("injects", k)
    endings = dict.fromkeys(spec.trigger for spec in corpus.transitions if spec.dest is None)
    return (
        *(Mention(f"`trigger: {trigger}`", (*inject, "trigger"), trigger) for trigger in endings),
        Mention("`phase:`", (*inject, "phase")),
    )


_START_PHASE = Mention("`start_phase`", ("exercise", "start_phase"))
"""The start phase as a start phase's advice names it (a workbook: the Start phase row)."""


def _startable(table: PhasePolicy) -> list[str]:
    """The phases an exercise may start in: each that holds beside the first phase of every other
    region (`_start_in`), in the rules' order."""
    corpus = table.corpus
    initial = table.initial()
    return [
        slug
        for slug in corpus.phase_slugs
        if corpus.conflict(table.place(initial, table.region_of[slug], slug)) is None
    ]


def _start_hint(corpus: Any, table: PhasePolicy, slug: str) -> str:
    """Advice for a start phase that is no phase: a region's state with none of its phases held (an
    exercise starts there already), or a misspelling of a phase an exercise may start in; else the
    phases it may start in. Never a move: a start phase is where play begins, not a step of it."""
    startable = _startable(table)
    listed = f"name a phase an exercise may start in: {', '.join(startable)}"
    empty = _empty_region(corpus, slug)
    if empty is not None:
        region, _ = empty
        state = repr(region.empty_title) if region.empty_title else f"the {region.id} region with none of its phases"
        return f"; {state} is not a phase: every exercise starts there already; leave `start_phase` empty or {listed}"
    suggestions = _closest(slug, startable) or [s for s in corpus.suggest_phase(slug) if s in startable]
    if suggestions:
        return did_you_mean(suggestions)
    return f"; {listed}"


def _phase_hint(corpus: Any, slug: str) -> str:
    ending = _ending_hint(corpus, slug)
    if ending:
        return ending
    suggestions = _closest(slug, corpus.phase_slugs) or corpus.suggest_phase(slug)
    if suggestions:
        return did_you_mean(suggestions)
    return f"; the phases are: {', '.join(corpus.phase_slugs)}"


_UNDER = "under `{kind}:`"
"""Where an item is declared, as advice names it (`under `modules:``)."""

_NEGATIONS = frozenset({"no", "not", "none", "end", "ended", "ends", "without", "after", "post", "over"})


def _ending_hint(corpus: Any, slug: str) -> str:
    """For a phase meaning "no longer in a phase" (`no_disaster`, the empty state of a region):
    the trigger that ends it, as `trigger:`. Empty when `slug` does not mean that."""
    empty = _empty_region(corpus, slug)
    if empty is None:
        return ""
    region, phases = empty
    endings = [spec for spec in corpus.transitions if spec.dest is None and set(spec.source) & set(phases)]
    if not endings:
        return ""
    moves = " or ".join(f"`trigger: {spec.trigger}`" for spec in endings)
    left = f" and leaves {region.empty_title!r}" if region.empty_title else ""
    return (
        f"; ending a phase is a move, not a phase: write {moves} instead of `phase:` "
        f"(it ends {' or '.join(phases)}{left})"
    )


def _empty_region(corpus: Any, slug: str) -> tuple[Any, list[str]] | None:
    """The region, and its phases, that `slug` names with none of them held (`no_disaster`: a
    region that may be empty, in its empty state); None when `slug` does not mean that."""
    words = set(_normal(slug).split("_"))
    for region in corpus.regions:
        if region.initial is not None:
            continue  # a region that cannot be empty (Japan's own situation) has no such state
        phases = [phase.slug for phase in corpus.phases if phase.region == region.id]
        names = {_normal(region.empty_title or ""), f"no_{region.id}", *(f"no_{phase}" for phase in phases)}
        if _normal(slug) in names or (words & _NEGATIONS and words & {region.id, *phases}):
            return region, phases
    return None


_CLAUSE_NOISE = re.compile(r"^(?:section|sect\.?|para(?:graph)?\.?|§)\s*", re.IGNORECASE)


_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _numbered(steps: list[str]) -> str:
    """Clause id steps with numbers where the Guidelines use letters or roman numerals:
    `IV.C.2.b.3` is `IV.C.2.b.iii`, `4.3` is `IV.C` (chapter, section, item, sub-item, level five)."""

    def level(depth: int, step: str) -> str:
        if not step.isdigit() or not 1 <= int(step) <= len(_ROMAN) or depth == 2:
            return step
        number = int(step)
        if depth in (0, 4):
            return _ROMAN[number - 1]
        return chr(ord("a") + number - 1) if number <= 26 else step

    return ".".join(level(depth, step) for depth, step in enumerate(steps))


def _clause_hint(corpus: Any, clause_id: str) -> str:
    """The clause an author meant by `IV.C.2.B.ii`, `iv.c.2.b.ii`, `IV C 2 b ii`, `IV.C.2(b)(ii)` or
    `IV.C.2.b.2`; for a word (`BMD`, `search and rescue`), the clauses it is a keyword or title of."""
    steps = [step for step in re.split(r"[\s.()\[\]]+", _CLAUSE_NOISE.sub("", clause_id.strip())) if step]
    for wanted in dict.fromkeys((".".join(steps).casefold(), _numbered(steps).casefold())):
        exact = [clause.id for clause in corpus if clause.id.casefold() == wanted]
        if len(exact) == 1:
            return f"; did you mean {exact[0]!r}? (clause ids are written as `tabletop clauses` prints them)"
    word = " ".join(clause_id.split()).casefold()
    named = [
        clause.id
        for clause in corpus
        if clause.title.casefold() == word or any(keyword.casefold() == word for keyword in clause.keywords)
    ]
    if named:
        listed = _some(named, 6)
        return (
            f"; cite a clause by its id: {clause_id.strip()!r} is a keyword of {listed} "
            f"(`tabletop clauses search {clause_id.strip()}` ranks them)"
        )
    by_case = {clause.id.casefold(): clause.id for clause in corpus}
    parent = by_case.get(".".join(steps[:-1]).casefold()) or by_case.get(_numbered(steps[:-1]).casefold())
    if parent is not None and not corpus.clause(parent).children:
        # `IV.E.1` for a clause without sub-clauses: the clause itself, first.
        others = [c for c in corpus.suggest_clause(clause_id) if c != parent][:2]
        return did_you_mean([parent, *others]) + f" ({parent} has no sub-clauses)"
    return did_you_mean(corpus.suggest_clause(clause_id))


def _tag_hint(corpus: Any, tag: str, vocabulary: Vocabulary) -> str:
    """The tag an author meant: one the word is part of (`air` for `air_defense`), a close
    spelling, or one whose description mentions the word (`mines` for `maritime`)."""
    word = _normal(tag)
    names = list(corpus.tags)
    if word:
        parts = [name for name in names if word in name.split("_") or (len(word) >= 3 and name.startswith(word))]
        if parts:
            return did_you_mean(parts[:3])
        pattern = re.compile(rf"\b{re.escape(word.replace('_', ' '))}", re.IGNORECASE)
        described = [name for name, text in corpus.tags.items() if len(word) >= 3 and pattern.search(text)]
        if described:
            return did_you_mean(described[:3]) + " (`tabletop tags` says what each covers)"
        # A word the Guidelines' clauses are known by (`earthquake`): the tags those clauses carry.
        spoken = word.replace("_", " ")
        speaking = [clause for clause in corpus if any(keyword.casefold() == spoken for keyword in clause.keywords)]
        # Each clause's first tag is what it is about; the others are what it touches on.
        carried = Counter(clause.tags[0] for clause in speaking if clause.tags)
        if carried:
            best = carried.most_common(1)[0][1]
            return (
                did_you_mean([tag for tag, n in carried.most_common(3) if n == best])
                + " (the tags of the clauses that speak of it)"
            )
    return _suggest(tag, vocabulary) or "; `tabletop tags` lists the tags"


def _name(inject: Inject) -> str:
    """How messages name an inject (one whose id could not be read has none)."""
    return f"inject {inject.id!r}" if inject.id is not None else "an inject without a readable id"


@dataclass
class ReadGaps:
    """What the loader could not read, so that the checks skip exactly what depends on it.

    Every inject that is a mapping takes part in the checks, even one that
    failed validation: the fields that failed are read as absent (and listed
    in `unread`), so each mistake is reported once, by the schema, and never
    again through its consequences.
    """

    known_ids: dict[str, set[str]] = field(default_factory=dict)
    """Ids of items that failed validation: references to them are not unknown."""
    ids_lost: set[str] = field(default_factory=set)
    """Parts (`injects`, `cells`, ...) some of whose ids could not be read (a file that could not
    be read, an item without an id): references into them are not reported as unknown."""
    unread: list[frozenset[str]] = field(default_factory=list)
    """For each inject of the merged scenario, the fields that failed validation."""
    injects_lost: bool = False
    """Some injects could not be read at all (a file, an `injects:` value or an entry that is not
    a mapping), so the scenario's graph is unknown and is not walked."""
    start_lost: bool = False
    """`exercise.start_phase` failed validation, so where the walk starts is unknown."""
    exercise_unread: frozenset[str] = frozenset()
    """The fields of `exercise` that failed validation (a date that is none): read as absent, and
    not reported again as missing."""

    def unread_of(self, k: int) -> frozenset[str]:
        """The fields of the `k`th inject that failed validation."""
        return self.unread[k] if k < len(self.unread) else frozenset()


_GRAPH_FIELDS = frozenset({"next", "options"})
"""Inject fields that make the scenario's edges: when one is unread, some edge is unknown."""


def check_scenario(
    scenario: Scenario,
    corpus: Any,
    origins: dict[str, list[Origin]],
    main: Origin,
    *,
    id_sequence: dict[str, list[tuple[str, Origin]]],
    gaps: ReadGaps | None = None,
) -> ScenarioChecks:
    """Check `scenario` against itself and the rules corpus.

    `gaps` says what the loader could not read (nothing when None): every
    check runs on what was read, and a check that would only repeat an
    unread part's problem, or guess at it, is skipped (see `ReadGaps`).
    """
    gaps = gaps or ReadGaps()
    report = _Reporter(origins, main)
    checks = ScenarioChecks()
    injects = scenario.injects

    if not injects:
        if not gaps.injects_lost and "injects" not in gaps.ids_lost:
            if scenario.include:
                report.top(("include",), "the scenario has no injects: neither this file nor its includes list any")
            elif "injects" in scenario.model_fields_set:
                report.top(("injects",), "must list at least one inject", name="injects", named=("injects",))
            else:
                report.top((), "missing required key 'injects' (a list of at least one inject)", at=("injects",))
        checks.diagnostics = report.finish()
        return checks

    _report_duplicate_ids(id_sequence, report)
    declared = {
        part: {item.id for item in getattr(scenario, part)} | gaps.known_ids.get(part, set()) for part in id_sequence
    }
    from tabletop.phases import policy_for  # the phase machine loads only when a scenario is checked

    table = policy_for(corpus)
    gate_ids = {gate.id for transition in corpus.transitions for gate in transition.gates}
    triggers = list(dict.fromkeys(t.trigger for t in corpus.transitions))
    phase_slugs = set(corpus.phase_slugs)
    tag_names = corpus.tags

    start: tuple[str, ...] | None = table.initial()
    exercise = scenario.exercise
    if exercise is not None and exercise.start_phase is not None:
        slug = exercise.start_phase
        if slug in phase_slugs:
            start = _start_in(slug, table, report)
        else:
            report.top(
                ("exercise", "start_phase"),
                f"unknown phase {slug!r}{_start_hint(corpus, table, slug)}",
                name="exercise.start_phase",
                named=("exercise", "start_phase"),
                refers=(_START_PHASE,),
            )
    checks.start_phases = start if start is not None else table.initial()
    _check_seminar(scenario, report, declared.get("modules", set()), "modules" in gaps.ids_lost, gaps.exercise_unread)

    times: list[ScenarioTime | None] = []
    for k, inject in enumerate(injects):
        times.append(
            _check_inject(
                k, inject, report, corpus, declared, gaps.ids_lost, phase_slugs, triggers, gate_ids, tag_names
            )
        )

    # The walk needs every node and where the exercise starts; an inject whose
    # `contingency` is unread could be on the default path or off it.
    if gaps.injects_lost or gaps.start_lost or any("contingency" in gaps.unread_of(k) for k in range(len(injects))):
        checks.diagnostics = report.finish()
        return checks

    _walk(scenario, times=times, table=table, start=start, report=report, checks=checks, gaps=gaps)
    checks.diagnostics = report.finish()
    return checks


def _start_in(slug: str, table: PhasePolicy, report: _Reporter) -> tuple[str, ...] | None:
    """The phases the exercise starts in with `exercise.start_phase: slug`: each region's first
    phase, with `slug` in its region. None (the phases are unknown, and the walk checks nothing
    against them until an inject names a phase) when `slug` cannot hold beside the first phase of
    another region (third_country_attack beside peacetime): that is reported at `start_phase`."""
    start = table.place(table.initial(), table.region_of[slug], slug)
    conflict = table.corpus.conflict(start)
    if conflict is None:
        return start
    titles = {region.id: region.title for region in table.corpus.regions}
    held = [
        f"{titles[table.region_of[phase]]} in {phase!r}"
        for phase in conflict.phases
        if phase != slug and phase in table.region_of
    ]
    why = (
        f"every exercise starts with {' and '.join(held)}, and the two cannot hold at once"
        if held
        else "it cannot hold beside the phases every exercise starts in"
    )
    report.top(
        ("exercise", "start_phase"),
        f"the exercise cannot start in {slug!r}: {why} "
        f"({' '.join(conflict.reason.split())}); start in another phase and enter {slug!r} with an inject",
        name="exercise.start_phase",
        named=("exercise", "start_phase"),
    )
    return None


def _report_duplicate_ids(id_sequence: dict[str, list[tuple[str, Origin]]], report: _Reporter) -> None:
    """Report every id used twice, at its second use (items that failed validation included)."""
    nouns = {"injects": "inject", "cells": "cell", "objectives": "objective", "modules": "module"}
    for part, sequence in id_sequence.items():
        first: dict[str, Origin] = {}
        for item_id, origin in sequence:
            if item_id not in first:
                first[item_id] = origin
                continue
            report.duplicate(
                origin, (part, origin.index, "id"), f"duplicate {nouns[part]} id {item_id!r}", first[item_id]
            )


def _check_inject(
    k: int,
    inject: Inject,
    report: _Reporter,
    corpus: Any,
    declared: dict[str, set[str]],
    ids_lost: set[str],
    phase_slugs: set[str],
    triggers: list[str],
    gate_ids: set[str],
    tag_names: dict[str, str],
) -> ScenarioTime | None:
    """Reference checks on one inject; returns its parsed scenario time."""
    name = _name(inject)

    def ref(kind: str, value: str, loc: Sequence[str | int], what: str) -> None:
        if value not in declared[kind] and kind not in ids_lost:

            def message(suggest: bool) -> str:
                hint = _suggest(value, report.vocabulary(kind, lambda: declared[kind]), listing=True) if suggest else ""
                if not declared[kind]:
                    hint = f"; declare it {_UNDER.format(kind=kind)}"
                return f"unknown {what} {value!r}{hint}"

            declare = Mention(_UNDER.format(kind=kind), (kind,), where=True)
            report.unknown(f"unknown {what}", "injects", k, loc, message, name=name, refers=(declare,))

    def unknown(
        kind: str, loc: Sequence[str | int], written: str, hint: Callable[[], str], refers: tuple[Mention, ...] = ()
    ) -> None:
        """An unknown `kind` written as `written`; `hint()` gives its "did you mean" when one is wanted."""
        report.unknown(
            f"unknown {kind}",
            "injects",
            k,
            loc,
            partial(_unknown_message, f"unknown {kind} {written!r}", hint),
            name=name,
            refers=refers,
        )

    phase, trigger = inject.phase, inject.trigger
    if phase is not None and phase not in phase_slugs:
        unknown("phase", ("phase",), phase, partial(_phase_hint, corpus, phase), _phase_mentions(corpus, k))
    if trigger is not None and trigger not in triggers:
        unknown("trigger", ("trigger",), trigger, partial(_suggest, trigger, triggers))
    for gate in inject.gates:
        if gate not in gate_ids:
            gates = report.vocabulary("gates", partial(iter, gate_ids))
            unknown("gate", ("gates", gate), gate, partial(_suggest, gate, gates))
    determination_ids = {d.id for d in corpus.determinations} if inject.determinations else set()
    for determination in inject.determinations:
        if determination not in determination_ids:
            listed = sorted(determination_ids)
            unknown(
                "determination",
                ("determinations", determination),
                determination,
                partial(_suggest, determination, listed),
            )
    for index, clause_id in enumerate(inject.cite):
        if clause_id not in corpus:
            unknown("clause", ("cite", index), clause_id, partial(_clause_hint, corpus, clause_id))
    for index, tag in enumerate(inject.tags):
        if tag not in tag_names:
            tags = report.vocabulary("tags", partial(iter, tag_names))
            unknown("tag", ("tags", index), tag, partial(_tag_hint, corpus, tag, tags))
    if inject.module is not None:
        ref("modules", inject.module, ("module",), "module")
    for index, cell in enumerate(inject.to):
        ref("cells", cell, ("to", index), "cell")
    for index, question in enumerate(inject.questions):
        if not isinstance(question, str) and question.cell is not None:
            ref("cells", question.cell, ("questions", index, "cell"), "cell")
    for index, objective in enumerate(inject.objectives):
        ref("objectives", objective, ("objectives", index), "objective")
    for index, action in enumerate(inject.expected_actions):
        if action.objective is not None:
            ref("objectives", action.objective, ("expected_actions", index, "objective"), "objective")
        for place, cell in enumerate(action.cells):
            ref("cells", cell, ("expected_actions", index, "cells", place), "cell")

    defaults = 0
    for index, option in enumerate(inject.options):
        ref("injects", option.goto, ("options", index, "goto"), "inject")
        if option.default:
            defaults += 1
            if defaults == 2:
                report.at(
                    "injects",
                    k,
                    ("options", index, "default"),
                    "more than one option is marked `default: true`; mark one",
                    name=name,
                    refers=(Mention("`default: true`", ("injects", k, "options", index, "default"), True),),
                )
    if inject.next is not None:
        ref("injects", inject.next, ("next",), "inject")
        if inject.options:
            report.at(
                "injects",
                k,
                ("next",),
                "has both `options` and `next`; play continues through the chosen "
                "option, so remove `next` (or make it an option)",
                name=name,
                refers=(Mention("`options`", ("injects", k, "options")), Mention("`next`", ("injects", k, "next"))),
            )

    if inject.time is None:
        return None
    parsed = parse_time(inject.time)
    if parsed is None:
        meant = suggest_time(inject.time)
        if meant:
            advice = (
                f'did you mean "{meant}"? (a day D, D-N or D+N, optionally followed by a space '
                "and a clock time from 00:00 to 23:59)"
            )
        else:
            advice = 'write D, D-N or D+N (days from D-day), optionally followed by a space and HH:MM, e.g. "D-3 06:00"'
        report.at("injects", k, ("time",), f"time {inject.time!r} is not a scenario time; {advice}", name=name)
    return parsed


# -- the seminar's dates, agenda and contacts ---------------------------------------------

_CLOCK = re.compile(r"^(\d{1,2})[:.h]?(\d{2})$")


def _check_seminar(
    scenario: Scenario,
    report: _Reporter,
    modules: set[str],
    modules_lost: bool,
    exercise_unread: frozenset[str] = frozenset(),
) -> None:
    """The Situation Manual's facts: the dates in order, the agenda's times, modules and days,
    the contacts' e-mail addresses. Each problem is located at its key, with what to write.
    A date that failed validation (`exercise_unread`) is absent, and its own error says so."""
    exercise = scenario.exercise
    days = None
    runs = ""  # "2030-04-01 to 2030-04-03", once the dates are known to be in order
    if exercise is not None and exercise.end_date is not None:
        if exercise.date is None:
            # A first day written but not a date (`2030-02-30`) has its own error.
            if "date" not in exercise_unread:
                report.top(
                    ("exercise", "end_date"),
                    "give the first day as `date:` too (end_date is the last day of several)",
                    name="exercise.end_date",
                    named=("exercise", "end_date"),
                    refers=(
                        Mention("as `date:`", ("exercise", "date"), where=True),
                        Mention("end_date", ("exercise", "end_date")),
                    ),
                )
        elif exercise.end_date < exercise.date:
            report.top(
                ("exercise", "end_date"),
                f"{exercise.end_date.isoformat()} is before the first day, "
                f"{exercise.date.isoformat()}; the last day must be on or after `date`",
                name="exercise.end_date",
                named=("exercise", "end_date"),
                refers=(Mention("`date`", ("exercise", "date")),),
            )
        else:
            days = (exercise.end_date - exercise.date).days + 1
            runs = f"{exercise.date.isoformat()} to {exercise.end_date.isoformat()}"
    latest: dict[int, tuple[str, int]] = {}
    for k, item in enumerate(scenario.agenda):
        where = f"agenda item {k + 1}"
        if item.time is None:  # unreadable, and already reported
            pass
        elif not re.fullmatch(CLOCK_PATTERN, item.time):
            found = _CLOCK.match(item.time.strip())
            meant = f"{int(found.group(1)):02d}:{found.group(2)}" if found else None
            if meant and re.fullmatch(CLOCK_PATTERN, meant):
                advice = f'did you mean "{meant}"? (24-hour HH:MM)'
            else:
                advice = 'write a 24-hour time as HH:MM, e.g. "08:30" or "13:15"'
            report.top(
                ("agenda", k, "time"),
                f"time {item.time!r} is not a time of day; {advice}",
                name=where,
                named=("agenda", k),
            )
        else:
            day = item.day or 1
            earlier = latest.get(day)
            if earlier is not None and item.time < earlier[0]:
                report.top(
                    ("agenda", k, "time"),
                    f"starts at {item.time}, before item {earlier[1]} at {earlier[0]} on the same day; "
                    "list the agenda in the order it runs (or give the item its `day:`)",
                    name=where,
                    named=("agenda", k),
                    refers=(Mention("`day:`", ("agenda", k, "day")),),
                )
            else:
                latest[day] = (item.time, k + 1)
        if item.module is not None and item.module not in modules and not modules_lost:
            declare = _UNDER.format(kind="modules")
            hint = _suggest(item.module, sorted(modules), listing=True) if modules else f"; declare it {declare}"
            report.top(
                ("agenda", k, "module"),
                f"unknown module {item.module!r}{hint}",
                name=where,
                named=("agenda", k),
                refers=(Mention(declare, ("modules",), where=True),),
            )
        if days is not None and item.day is not None and item.day > days:
            report.top(
                ("agenda", k, "day"),
                f"day {item.day}, but the seminar runs {days} day{'s' if days > 1 else ''} ({runs})",
                name=where,
                named=("agenda", k),
            )
        elif (
            days is None
            and item.day is not None
            and item.day > 1
            and exercise
            and exercise.date
            and not exercise.end_date
        ):
            report.top(
                ("agenda", k, "day"),
                f"day {item.day} of a one-day seminar; give `exercise.end_date` for a seminar of several days",
                name=where,
                named=("agenda", k),
                refers=(Mention("`exercise.end_date`", ("exercise", "end_date")),),
            )
    for k, contact in enumerate(scenario.contacts):
        if isinstance(contact.email, str) and not re.fullmatch(EMAIL_PATTERN, contact.email.strip()):
            report.top(
                ("contacts", k, "email"),
                f"{contact.email!r} is not an e-mail address; write it as name@example.org",
                name=f"contact {contact.name or k + 1!r}",
                named=("contacts", k),
            )
    for short, meaning in scenario.acronyms.items():
        if not short.strip() or not meaning.strip():
            report.top(
                ("acronyms", short),
                f"{short!r} needs both the acronym and what it stands for",
                name="acronyms",
                named=("acronyms",),
            )


# -- the graph walk --------------------------------------------------------------------


def _walk(
    scenario: Scenario,
    *,
    times: list[ScenarioTime | None],
    table: PhasePolicy,
    start: tuple[str, ...] | None,
    report: _Reporter,
    checks: ScenarioChecks,
    gaps: ReadGaps,
) -> None:
    """Walk the default path and every branch through the phase machine's legal moves.

    An id used twice names its first inject (the later one is walked as a
    node of its own, in file order). An inject whose `next` or `options`
    could not be read continues only through the options that could; when
    any edge is unknown, neither a loop on the default path nor an
    unreachable inject is reported, since the unknown edge may be the answer.
    """
    injects = scenario.injects
    count = len(injects)
    k_of: dict[str, int] = {}
    for k, inject in enumerate(injects):
        if inject.id is not None:
            k_of.setdefault(inject.id, k)
    edges_known = "injects" not in gaps.ids_lost and not any(gaps.unread_of(k) & _GRAPH_FIELDS for k in range(count))
    # A misspelt `goto:` or `next:` (reported where it is) may be the edge that reaches an inject.
    edges_known = edges_known and all(
        target in k_of
        for inject in injects
        for target in (*(o.goto for o in inject.options), *((inject.next,) if inject.next else ()))
    )

    # Where play continues from each inject in file order: the next non-contingency inject.
    following: list[int | None] = [None] * count
    upcoming: int | None = None
    for k in range(count - 1, -1, -1):
        following[k] = upcoming
        if not injects[k].contingency:
            upcoming = k
    first = next((k for k, inject in enumerate(injects) if not inject.contingency), None)
    if first is None:
        report.at(
            "injects",
            0,
            (),
            "every inject is a contingency inject, so the default path is empty; "
            "make the opening inject a regular one (`contingency: false`)",
            refers=(Mention("`contingency: false`", ("injects", 0, "contingency"), False),),
        )
        return

    successors: list[list[int]] = []
    default_next: list[int | None] = []
    for k, inject in enumerate(injects):
        if inject.options:
            targets = [k_of[o.goto] for o in inject.options if o.goto in k_of]
            chosen = next((o for o in inject.options if o.default), inject.options[0])
            successors.append(targets)
            default_next.append(k_of.get(chosen.goto))
        elif gaps.unread_of(k) & _GRAPH_FIELDS:
            successors.append([])
            default_next.append(None)
        else:
            then = k_of.get(inject.next) if inject.next is not None else following[k]
            successors.append([then] if then is not None else [])
            default_next.append(then)
    checks.successors = {injects[k].id: [injects[t].id for t in succ] for k, succ in enumerate(successors)}
    checks.default_next = {
        injects[k].id: (injects[t].id if t is not None else None) for k, t in enumerate(default_next)
    }

    # The default path, stopping at a loop (play would never end).
    path: list[int] = []
    on_path: set[int] = set()
    step: int | None = first
    previous = first
    while step is not None:
        if step in on_path:
            if edges_known:
                report.at(
                    "injects",
                    previous,
                    ("options",) if injects[previous].options else (("next",) if injects[previous].next else ()),
                    f"the default path goes back to {injects[step].id!r} "
                    "and would never end; point `next:` or the default option forward",
                    name=_name(injects[previous]),
                    refers=(Mention("`next:`", ("injects", previous, "next")),),
                )
            break
        path.append(step)
        on_path.add(step)
        previous, step = step, default_next[step]
    checks.default_path = [injects[k].id for k in path]

    # Every branch: states are (inject, phases on arrival, latest time so far).
    # The phases are None after an inject whose phase is unknown (its own error says so).
    evaluated: dict[tuple[int, tuple[str, ...]], tuple[str, ...] | None] = {}
    visited: set[tuple[int, tuple[str, ...] | None, ScenarioTime | None]] = set()
    reached: set[int] = set()
    queue: deque[tuple[int, tuple[str, ...] | None, ScenarioTime | None, int | None]] = deque()
    queue.append((first, start, None, None))
    budget = MAX_WALK_STATES_PER_INJECT * count + 1000
    while queue:
        k, phases, latest, latest_k = queue.popleft()
        key = (k, phases, latest)
        if key in visited:
            continue
        visited.add(key)
        if len(visited) > budget:
            report.top(
                (),
                "the scenario branches into too many combinations of phases and times to "
                f"check every path (more than {budget:,}); the paths checked so far are fine",
                "warning",
            )
            break
        reached.add(k)
        if phases is None:
            # An earlier inject's phase is unknown (its own error says so): nothing is checked
            # against the phases until an inject names a known phase that can hold from the
            # start; a phase that could not (IV.D beside peacetime) waits for the next one.
            named = injects[k].phase
            after = (
                table.place(table.initial(), table.region_of[named], named)
                if named is not None and named in table.region_of and not gaps.unread_of(k) & {"phase", "trigger"}
                else None
            )
            if after is not None and table.corpus.conflict(after) is not None:
                after = None
        elif (k, phases) in evaluated:
            after = evaluated[(k, phases)]
        elif _move_unknown(injects[k], gaps.unread_of(k), table):
            after = evaluated[(k, phases)] = None
        else:
            after = evaluated[(k, phases)] = _deliver(k, injects[k], phases, table, report)
        here = times[k]
        if here is not None:
            if latest is not None and latest_k is not None and here.is_before(latest):
                report.at(
                    "injects",
                    k,
                    ("time",),
                    f"scenario time goes backwards: {here} is earlier than "
                    f"{latest}, the time of {_name(injects[latest_k])} delivered before it",
                    name=_name(injects[k]),
                )
                latest, latest_k = here, k
            else:
                latest, latest_k = (here, k) if latest is None else (latest.later(here), k)
        for target in successors[k]:
            queue.append((target, after, latest, latest_k))

    along: tuple[str, ...] | None = start
    for k in path:
        if along is None:
            break
        along = evaluated.get((k, along)) or along
        checks.phases_after[injects[k].id] = along
    checks.phases_reached = {slug for (_, before), after in evaluated.items() for slug in (*before, *(after or ()))}
    checks.phases_reached.update(start or ())

    if edges_known:
        _report_unreached(injects, successors, reached, k_of, report)


def _report_unreached(
    injects: Sequence[Inject],
    successors: list[list[int]],
    reached: set[int],
    k_of: dict[str, int],
    report: _Reporter,
) -> None:
    """Report each chain of injects never reached once, at its head: the inject that nothing
    reached leads to (`e1` in `e1 -> e2`, both contingency injects). The injects that follow from
    it are named in its message, since adding the edge that reaches it reaches them too. In a
    loop that nothing reaches, the first in file order is the head."""
    unreached = [k for k in range(len(injects)) if k not in reached]
    if not unreached:
        return
    led_from: dict[int, list[int]] = {k: [] for k in unreached}
    for j in unreached:
        for target in dict.fromkeys(successors[j]):
            if target in led_from and target != j:
                led_from[target].append(j)
    heads = [k for k in unreached if not led_from[k]]
    heads += unreached  # then, in file order, any left over: loops that nothing reaches
    owned: set[int] = set()
    for head in heads:
        if head in owned:
            continue
        owned.add(head)
        follows: list[int] = []
        queue = deque([head])
        while queue:
            for target in successors[queue.popleft()]:
                if target in led_from and target not in owned:
                    owned.add(target)
                    follows.append(target)
                    queue.append(target)
        inject = injects[head]
        # A later use of a duplicated id cannot be reached by that id: the duplicate is the one problem.
        if k_of.get(inject.id) != head:
            continue
        if not led_from[head] and head in successors[head]:
            why = "only its own option or `next:` leads to it"
        elif led_from[head]:
            why = f"only injects that are never reached themselves lead to it ({_listed(injects, led_from[head])})"
        elif inject.contingency:
            why = "no option or `next:` leads to this contingency inject"
        else:
            why = "the default path skips it and no option or `next:` leads to it"
        if follows:
            verb = "follows" if len(follows) == 1 else "follow"
            were = "is" if len(follows) == 1 else "are"
            why += f"; {_listed(injects, sorted(follows))}, which {verb} from it, {were} not reached either"
        next_key = Mention("`next:`", ("injects", head, "next"))
        report.at("injects", head, ("id",), f"{_name(inject)} is never reached: {why}", refers=(next_key,))


def _listed(injects: Sequence[Inject], ks: Sequence[int], most: int = 5) -> str:
    """Injects by id, as a message lists them: the first `most`, and how many more."""
    return _some([repr(injects[k].id) if injects[k].id is not None else f"inject number {k + 1}" for k in ks], most)


def _some(names: Sequence[str], most: int) -> str:
    """The first `most` of `names`, and how many more: `'a', 'b' and 3 more`."""
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def _move_unknown(inject: Inject, unread: frozenset[str], table: PhasePolicy) -> bool:
    """Whether the phases after `inject` are unknown: its phase or trigger is unknown to the
    rules or could not be read. That is reported once, at the inject; the checks that depend
    on the phases (moves, gates, citations) wait along every path through it."""
    if unread & {"phase", "trigger"}:
        return True
    if inject.phase is not None and inject.phase not in table.region_of:
        return True
    return inject.trigger is not None and not any(t.trigger == inject.trigger for t in table.corpus.transitions)


def _deliver(
    k: int, inject: Inject, phases: tuple[str, ...], table: PhasePolicy, report: _Reporter
) -> tuple[str, ...] | None:
    """The phases after delivering `inject` from `phases`, by the phase policy the session plays by;
    any delivery the policy refuses is reported, in the policy's words for the author.

    After a refused move the walk continues in the phase the author intended,
    so one mistake is reported once rather than at every later inject. When that phase
    cannot hold beside the others in force (third_country_attack beside peacetime: the
    refusal says so), the phases after it are unknown (None), as after an unknown phase.
    """
    name = _name(inject)
    target = inject.phase
    entry = table.entry(phases, phase=target, trigger=inject.trigger)
    after = phases
    problem = entry.author_problem()
    if problem is not None:
        key = ("trigger",) if entry.trigger is not None else ("phase",)
        named = Mention("with `trigger:`", ("injects", k, "trigger"), where=True)
        report.at("injects", k, key, problem, name=name, refers=(named,))
        if entry.refused == "trigger_elsewhere":
            after = table.after(phases, entry.candidates[0])
    elif entry.move is not None:
        after = table.after(phases, entry.move)
    if entry.refused is not None and target is not None:
        after = table.place(after, table.region_of[target], target)
        if table.corpus.conflict(after) is not None:
            return None

    if inject.gates and entry.refused is None:
        _check_gates(k, inject, entry.move, phases, table, report)
    open_now = {d.id for d in table.corpus.determinations_in(after)}
    for determination in inject.determinations:
        found = next((d for d in table.corpus.determinations if d.id == determination), None)
        if found is not None and determination not in open_now:
            report.at(
                "injects",
                k,
                ("determinations", determination),
                f"determination {determination!r} cannot be recorded in {describe_phases(after)}; "
                f"it is open in: {', '.join(found.available_in)}",
                name=name,
            )
    # A refused trigger with no phase leaves the phases the author meant unknown: judging the
    # citations against the phases before it would contradict the error just reported.
    judged = inject.cite if entry.refused is None or target is not None else []
    for index, clause_id in enumerate(judged):
        if clause_id in table.corpus and clause_id not in table.citable(after):
            found_in = table.corpus.phases_of(clause_id)
            report.at(
                "injects",
                k,
                ("cite", index),
                f"clause {clause_id} does not apply in {describe_phases(after)} "
                f"(it applies in: {', '.join(found_in) or 'no phase'}); cite it only if the room "
                "should discuss it out of phase",
                "warning",
                name=name,
            )
    return after


def _check_gates(
    k: int, inject: Inject, move: Move | None, phases: tuple[str, ...], table: PhasePolicy, report: _Reporter
) -> None:
    from tabletop.phases import gate_outcome

    name = _name(inject)
    if move is None:
        report.at(
            "injects",
            k,
            ("gates",),
            f"gate answers are given but delivering it fires no transition from "
            f"{describe_phases(phases)}, so they are not used",
            "warning",
            name=name,
        )
        return
    asked = [gate.id for gate in move.gates]
    for gate, answer in inject.gates.items():
        if gate not in asked:
            if any(gate == g.id for t in table.corpus.transitions for g in t.gates):
                report.at(
                    "injects",
                    k,
                    ("gates", gate),
                    f"gate {gate!r} is not asked by {move.trigger!r}"
                    f" ({'it asks: ' + ', '.join(asked) if asked else 'it asks no gate'})",
                    name=name,
                )
        elif gate_outcome([g for g in move.gates if g.id == gate], {gate: answer}) == "declined":
            report.at(
                "injects",
                k,
                ("gates", gate),
                f"gate {gate!r} is answered false, so the phase machine would refuse "
                f"{move.trigger!r}; answer true, or remove the inject's phase change",
                name=name,
            )

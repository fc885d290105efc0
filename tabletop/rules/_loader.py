"""Finding, reading and checking the rules file.

Called by every command that needs the corpus (through `load_rules`). It owns
the checks that pydantic cannot express: unique ids, ids that extend their
parent's, tags from the vocabulary, phases and transitions that name real
clauses and phases, transitions that stay within one region, constraints that
join two regions, determinations that name real phases, decisions that say who decides on
the U.S. side and whose requirements can be met, and a phase graph
in which every phase is reachable from its region's start and can return to it. Each problem is reported with the file, line and the
offending id; a broken rules file is never half-loaded.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pydantic
import yaml

from tabletop import modelerrors, yamlsource
from tabletop.atomicfile import regular_file_problem
from tabletop.errors import Diagnostic, MissingFileError, RulesError, TabletopError
from tabletop.rules._cache import read_compiled, write_compiled
from tabletop.rules._corpus import Corpus
from tabletop.rules._models import ClauseNode, Region, Requirement, RulesFile, Side

__all__ = ["RULES_FILENAME", "companion_path", "default_rules_path", "load_rules", "load_rules_text"]

_Loc = tuple[str | int, ...]
"""A location in the rules file: keys and list indices."""

RULES_FILENAME = "guidelines_phases.yaml"


def bundled_path(*parts: str) -> Path:
    """A file or folder shipped with tabletop: the packaged copy under `tabletop/_data/`
    in a wheel, else the checkout's own (`rules/...`, `scenarios/`) when run from source."""
    packaged = resources.files("tabletop").joinpath("_data", *parts)
    if packaged.is_file() or packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2].joinpath(*parts)


def default_rules_path() -> Path:
    """The rules file shipped with the package, or the checkout's `rules/` when run from source."""
    return bundled_path("rules", RULES_FILENAME)


def companion_path(corpus: Corpus, filename: str) -> Path:
    """Where a file that goes with a rules file lives (its term bank, its function table):
    `filename` beside the rules file; for the bundled Guidelines (also when a session carries
    its own copy of them, named after the session), the bundled one."""
    beside = corpus.path.parent / filename
    if beside.is_file():
        return beside
    try:
        bundled_sha = load_rules().sha256
    except TabletopError:  # no bundled rules to compare with: only what sits beside the file
        return beside
    return bundled_path("rules", filename) if corpus.sha256 == bundled_sha else beside


def load_rules(path: str | Path | None = None) -> Corpus:
    """Load and check a rules file (the bundled one by default)."""
    path = Path(path) if path is not None else default_rules_path()
    problem = regular_file_problem(path)
    if problem is not None and not problem.startswith("no such file"):
        raise MissingFileError(f"{path}: {problem}; the rules must be a YAML file")
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except (OSError, ValueError):
        raise MissingFileError(f"{path}: no such rules file") from None
    return _load_cached(resolved, stat.st_mtime_ns, stat.st_size, str(path))


def load_rules_text(text: str, name: str) -> Corpus:
    """Check rules given as text, e.g. as stored in a session file; nothing is read from disk.

    `name` only labels the diagnostics and becomes the corpus's `path`; it
    is never opened, so a name taken from a file cannot lead anywhere.
    """
    text = text.removeprefix("\ufeff")
    return _load_text(text, name, Path(name), hashlib.sha256(text.encode("utf-8")).hexdigest())


@lru_cache(maxsize=8)
def _load_cached(path: Path, _mtime: int, _size: int, shown: str) -> Corpus:
    try:
        data = yamlsource.read_bytes(path, shown)
    except yamlsource.YamlLoadError as exc:
        raise RulesError(exc.diagnostics) from None
    except OSError as exc:
        raise MissingFileError(f"{shown}: cannot read the rules file ({exc.strerror or exc})") from None
    try:
        text = yamlsource.decode(data, shown)
    except yamlsource.YamlLoadError as exc:
        raise RulesError(exc.diagnostics) from None
    return _load_text(text, shown, path, hashlib.sha256(data).hexdigest())


def _load_text(text: str, shown: str, path: Path, sha256: str) -> Corpus:
    # A compiled form of this very text saves the parse; it passes the same consistency
    # checks as the text would, and on any doubt the text is read (see `tabletop.rules._cache`).
    compiled = read_compiled(sha256)
    if compiled is not None and not any(_consistency_problems(compiled)):
        return Corpus(rules=compiled, path=path, sha256=sha256, text=text)
    rules = _checked(text, shown)
    write_compiled(sha256, rules)
    return Corpus(rules=rules, path=path, sha256=sha256, text=text)


def _checked(text: str, shown: str) -> RulesFile:
    """The rules in `text`, validated and checked; `RulesError` with every problem otherwise."""
    try:
        raw = yamlsource.load(text, shown)
    except yamlsource.YamlLoadError as exc:
        raise RulesError(_name_subjects(exc.diagnostics, text)) from None
    try:
        rules = RulesFile.model_validate(raw)
    except pydantic.ValidationError as exc:
        diagnostics = modelerrors.validation_diagnostics(exc, text, shown, RulesFile)
        raise RulesError(_name_subjects(diagnostics, text)) from None
    problems = [
        Diagnostic(shown, *yamlsource.locate(text, loc), message) for loc, message in _consistency_problems(rules)
    ]
    if problems:
        raise RulesError(problems)
    return rules


def _walk(nodes: list[ClauseNode], loc: _Loc, parent: str | None) -> Iterator[tuple[ClauseNode, _Loc, str | None]]:
    for index, node in enumerate(nodes):
        here = (*loc, index)
        yield node, here, parent
        yield from _walk(node.children, (*here, "children"), node.id)


def _consistency_problems(rules: RulesFile) -> Iterator[tuple[_Loc, str]]:
    """Yield (location, message) for every cross-reference the models cannot check alone."""
    seen: dict[str, _Loc] = {}
    for node, loc, parent in _walk(rules.clauses, ("clauses",), None):
        if node.id in seen:
            yield (*loc, "id"), f"clause {node.id}: duplicate id (already used above)"
        seen[node.id] = loc
        if parent is None and "." in node.id:
            yield (*loc, "id"), f"clause {node.id}: a chapter's id must be a roman numeral alone"
        if parent is not None and (not node.id.startswith(parent + ".") or "." in node.id[len(parent) + 1 :]):
            yield (
                (*loc, "id"),
                (f"clause {node.id}: its id must extend its parent's ({parent}) by one step, e.g. {parent}.<x>"),
            )
        for index, tag in enumerate(node.tags):
            if tag not in rules.tags:
                yield (
                    (*loc, "tags", index),
                    (
                        f"clause {node.id}: unknown tag {tag!r}; add it to `tags` or use one of: "
                        f"{', '.join(sorted(rules.tags))}"
                    ),
                )

    for tag in rules.tag_names:
        if tag not in rules.tags:
            yield ("tag_names", tag), f"tag_names: {tag!r} is not a tag; name one of: {', '.join(sorted(rules.tags))}"

    regions = {region.id for region in rules.regions}
    slugs: set[str] = set()
    for p_index, phase in enumerate(rules.phases):
        loc = ("phases", p_index)
        if phase.slug in slugs:
            yield (*loc, "slug"), f"phase {phase.slug}: duplicate slug"
        slugs.add(phase.slug)
        if phase.region not in regions:
            yield (*loc, "region"), f"phase {phase.slug}: unknown region {phase.region!r}"
        for index, clause_id in enumerate(phase.defined_by):
            if clause_id not in seen:
                yield (*loc, "defined_by", index), f"phase {phase.slug}: unknown clause {clause_id}"
        for key, rules_of_phase in (("applies", phase.applies), ("prepares", phase.prepares)):
            for a_index, rule in enumerate(rules_of_phase):
                for index, clause_id in enumerate(rule.clauses):
                    if clause_id not in seen:
                        yield (
                            (*loc, key, a_index, "clauses", index),
                            (f"phase {phase.slug}: unknown clause {clause_id}"),
                        )
    yield from _phase_model_problems(rules, slugs)
    yield from _cross_region_problems(rules, slugs)


def _cross_region_problems(rules: RulesFile, slugs: set[str]) -> Iterator[tuple[_Loc, str]]:
    """Constraints join known phases of two regions, and the phase that gives way can; the
    determinations have unique ids and name known phases."""
    region_of = {phase.slug: phase.region for phase in rules.phases}
    can_be_empty = {region.id for region in rules.regions if region.initial is None}
    for c_index, constraint in enumerate(rules.constraints):
        loc = ("constraints", c_index)
        unknown = [slug for slug in constraint.phases if slug not in slugs]
        for slug in unknown:
            yield (*loc, "phases", constraint.phases.index(slug)), f"constraint: unknown phase {slug!r}"
        if unknown:
            continue
        first, second = constraint.phases
        if region_of[first] == region_of[second]:
            yield (
                (*loc, "phases"),
                (
                    f"constraint {first} + {second}: both belong to region {region_of[first]}, "
                    "which holds one phase at a time already; a constraint joins two regions"
                ),
            )
        if constraint.prevails is not None:
            if constraint.prevails not in constraint.phases:
                yield (*loc, "prevails"), (f"constraint {first} + {second}: prevails must be one of its two phases")
            else:
                other = second if constraint.prevails == first else first
                if region_of[other] not in can_be_empty:
                    yield (
                        (*loc, "prevails"),
                        (
                            f"constraint {first} + {second}: {other} cannot give way, because its region "
                            f"{region_of[other]} can never be empty"
                        ),
                    )
    seen: set[str] = set()
    for d_index, determination in enumerate(rules.determinations):
        loc = ("determinations", d_index)
        if determination.id in seen:
            yield (*loc, "id"), f"determination {determination.id}: duplicate id"
        seen.add(determination.id)
        for index, slug in enumerate(determination.available_in):
            if slug not in slugs:
                yield (*loc, "available_in", index), f"determination {determination.id}: unknown phase {slug!r}"
    yield from _requirement_problems(rules, slugs)


def _requirement_problems(rules: RulesFile, slugs: set[str]) -> Iterator[tuple[_Loc, str]]:
    """Who decides and what each decision needs first: a `both` decision names who decides on the
    U.S. side; requirements use the vocabulary, name known determinations, gates and phases, and
    never go round in a circle."""
    known = {d.id for d in rules.determinations}
    deciders: list[tuple[_Loc, str, Side, str | None, list[Requirement], set[str], set[str] | None]] = [
        (("determinations", index), f"determination {d.id}", d.side, d.us_authority, d.requires, {d.id}, None)
        for index, d in enumerate(rules.determinations)
    ]
    for t_index, transition in enumerate(rules.transitions):
        gate_ids = {gate.id for gate in transition.gates}
        for g_index, gate in enumerate(transition.gates):
            deciders.append(
                (
                    ("transitions", t_index, "gates", g_index),
                    f"transition {transition.trigger}: gate {gate.id}",
                    gate.side,
                    gate.us_authority,
                    gate.requires,
                    {gate.id},
                    gate_ids,
                )
            )
    kinds = rules.requirement_kinds
    for loc, name, side, us_authority, requires, own, siblings in deciders:
        if side == "both" and not us_authority:
            yield (*loc, "side"), f"{name}: a decision of the two governments (side: both) needs `us_authority`"
        if side != "both" and us_authority:
            yield (
                (*loc, "us_authority"),
                f"{name}: `us_authority` is for a decision of the two governments (side: both); this one is {side}'s",
            )
        for r_index, requirement in enumerate(requires):
            here = (*loc, "requires", r_index)
            if requirement.kind not in kinds:
                yield (
                    (*here, "kind"),
                    (
                        f"{name}: unknown requirement kind {requirement.kind!r}; add it to `requirement_kinds` "
                        f"or use one of: {', '.join(sorted(kinds)) or 'none (the vocabulary is empty)'}"
                    ),
                )
            for index, other in enumerate(requirement.determinations):
                if other not in known:
                    yield (*here, "determinations", index), f"{name}: unknown determination {other!r}"
                elif other in own and siblings is None:
                    yield (*here, "determinations", index), f"{name}: requires itself"
            for index, other in enumerate(requirement.gates):
                if siblings is None:
                    yield (*here, "gates", index), f"{name}: only a gate may require another gate of its move"
                elif other not in siblings or other in own:
                    yield (
                        (*here, "gates", index),
                        f"{name}: {other!r} is not another gate of the same move ({', '.join(sorted(siblings))})",
                    )
            for index, slug in enumerate(requirement.satisfied_in):
                if slug not in slugs:
                    yield (*here, "satisfied_in", index), f"{name}: unknown phase {slug!r}"
    yield from _requirement_cycles(rules)


def _requirement_cycles(rules: RulesFile) -> Iterator[tuple[_Loc, str]]:
    """A determination that needs itself, through others, could never be made."""
    needs = {
        d.id: {other for r in d.requires for other in r.determinations if other != d.id} for d in rules.determinations
    }
    for index, determination in enumerate(rules.determinations):
        frontier, seen = list(needs[determination.id]), set()
        while frontier:
            other = frontier.pop()
            if other == determination.id:
                yield (
                    ("determinations", index, "requires"),
                    f"determination {determination.id}: needs itself through the determinations it requires",
                )
                break
            if other not in seen:
                seen.add(other)
                frontier.extend(needs.get(other, ()))


def _phase_model_problems(rules: RulesFile, slugs: set[str]) -> Iterator[tuple[_Loc, str]]:
    """Regions and transitions: each move stays in one region, and the phase graph is sound.

    Sound means what a facilitator relies on: every phase can be reached from its region's
    starting point, and from every phase there is a way back to it (conflict termination,
    recovery), so an exercise can never be stranded.
    """
    region_of = {phase.slug: phase.region for phase in rules.phases}
    regions: dict[str, Region] = {}
    for r_index, region in enumerate(rules.regions):
        loc = ("regions", r_index)
        if region.id in regions:
            yield (*loc, "id"), f"region {region.id}: duplicate id"
        regions[region.id] = region
        if region.initial is not None:
            if region.initial not in slugs:
                yield (*loc, "initial"), f"region {region.id}: unknown phase {region.initial!r}"
            elif region_of[region.initial] != region.id:
                yield (
                    (*loc, "initial"),
                    (
                        f"region {region.id}: its initial phase {region.initial} belongs to "
                        f"region {region_of[region.initial]}"
                    ),
                )
        elif region.empty_title is None:
            yield (
                loc,
                (
                    f"region {region.id}: a region that starts empty needs `empty_title` "
                    '(what its empty state is called, e.g. "No disaster")'
                ),
            )
        if not any(phase.region == region.id for phase in rules.phases):
            yield (*loc, "id"), f"region {region.id}: no phase belongs to it"

    # None stands for a region's empty state in the edges below.
    edges: dict[str, set[tuple[str | None, str | None]]] = {}
    trigger_region: dict[str, tuple[str, int]] = {}
    triggers: set[tuple[str, str | None]] = set()
    for t_index, transition in enumerate(rules.transitions):
        loc = ("transitions", t_index)
        name = transition.trigger
        for index, source in enumerate(transition.source):
            if source is not None and source not in slugs:
                yield (*loc, "source", index), f"transition {name}: unknown phase {source!r}"
            key = (name, source)
            if key in triggers:
                where = source if source is not None else "the empty state"
                yield (*loc, "source", index), f"transition {name}: already defined from {where}"
            triggers.add(key)
        if transition.dest is not None and transition.dest not in slugs:
            yield (*loc, "dest"), f"transition {name}: unknown phase {transition.dest!r}"
        gate_ids: set[str] = set()
        for g_index, gate in enumerate(transition.gates):
            if gate.id in gate_ids:
                yield (*loc, "gates", g_index, "id"), f"transition {name}: duplicate gate {gate.id!r}"
            gate_ids.add(gate.id)

        ends = [end for end in (*transition.source, transition.dest) if end is not None]
        if any(end not in slugs for end in ends):
            continue  # already reported; the region checks below need known phases
        if not ends:
            yield loc, f"transition {name}: leads from an empty region to an empty region"
            continue
        own = {region_of[end] for end in ends}
        if len(own) > 1:
            yield (
                loc,
                (
                    f"transition {name}: joins phases of different regions ({', '.join(sorted(own))}); "
                    "a transition moves within one region"
                ),
            )
            continue
        region_id = own.pop()
        if region_id not in regions:
            continue
        if transition.dest in transition.source:
            yield (*loc, "dest"), f"transition {name}: leads from {transition.dest} to itself"
        if (transition.dest is None or None in transition.source) and (regions[region_id].initial is not None):
            yield (
                loc,
                (
                    f"transition {name}: region {region_id} starts in a phase, so it can never be "
                    "empty; only a region whose `initial` is null may be entered from or left empty"
                ),
            )
        first = trigger_region.setdefault(name, (region_id, t_index))
        if first[0] != region_id:
            yield (
                loc,
                (
                    f"transition {name}: the same trigger already moves region {first[0]} "
                    f"(transitions[{first[1]}]); a trigger belongs to one region"
                ),
            )
        for source in transition.source:
            edges.setdefault(region_id, set()).add((source, transition.dest))

    for p_index, phase in enumerate(rules.phases):
        home = regions.get(phase.region)
        if home is None:
            continue
        start = home.initial
        if start is not None and start not in slugs:
            continue
        graph = edges.get(phase.region, set())
        where = start if start is not None else "the empty state"
        if phase.slug != start and phase.slug not in _reachable(graph, start):
            yield (
                ("phases", p_index, "slug"),
                (f"phase {phase.slug}: cannot be reached from {where} (region {phase.region}) by any transition"),
            )
        if phase.slug != start and start not in _reachable(graph, phase.slug):
            yield (
                ("phases", p_index, "slug"),
                (
                    f"phase {phase.slug}: has no way back to {where} (region {phase.region}); "
                    "add a transition (conflict termination, recovery) that leads back"
                ),
            )


def _reachable(edges: set[tuple[str | None, str | None]], start: str | None) -> set[str | None]:
    """Every state reachable from `start` along `edges` (not counting `start` unless on a cycle)."""
    found: set[str | None] = set()
    frontier = [start]
    while frontier:
        here = frontier.pop()
        for source, dest in edges:
            if source == here and dest not in found:
                found.add(dest)
                frontier.append(dest)
    return found


# The list keys whose entries are named by an identifying key, and what to call an entry.
_SUBJECT_KINDS = {
    "clauses": "clause",
    "children": "clause",
    "regions": "region",
    "phases": "phase",
    "transitions": "transition",
    "gates": "gate",
    "determinations": "determination",
}
_SUBJECT_KEYS = ("id", "slug", "trigger")


def _name_subjects(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """Prefix each diagnostic with the entry it is about (`clause IV.A: ...`), when one is known.

    Syntax and schema problems are located by line; an author fixing a large file
    also wants the offending clause or phase named. The entry is the innermost
    mapping around the diagnostic's line that carries an `id`, `slug` or `trigger`.
    """
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return diagnostics
    named = []
    for diagnostic in diagnostics:
        try:
            subject = _subject_at(root, diagnostic.line - 1, None) if root is not None else None
        except RecursionError:  # a hostile, deeply nested file: the location alone must do
            subject = None
        if subject is not None:
            diagnostic = dataclasses.replace(diagnostic, message=f"{subject}: {diagnostic.message}")
        named.append(diagnostic)
    return named


def _subject_at(node: yaml.Node, line: int, kind: str | None) -> str | None:
    """The innermost named entry (`clause I.A`) whose text spans `line` (0-based)."""
    if not node.start_mark.line <= line <= node.end_mark.line:
        return None
    found = None
    if isinstance(node, yaml.MappingNode):
        if kind is not None:
            for key, value in node.value:
                if key.value in _SUBJECT_KEYS and isinstance(value, yaml.ScalarNode):
                    found = f"{kind} {value.value}"
                    break
        # Latest first: a block node's end mark lies on the line where its next sibling starts.
        for key, value in reversed(node.value):
            if isinstance(key, yaml.ScalarNode):
                inner = _subject_at(value, line, _SUBJECT_KINDS.get(key.value))
                if inner is not None:
                    return inner
    elif isinstance(node, yaml.SequenceNode):
        for item in reversed(node.value):
            inner = _subject_at(item, line, kind)
            if inner is not None:
                return inner
    return found

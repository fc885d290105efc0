"""The loaded Guidelines corpus: clauses by id, in document order, and what applies in each phase.

Built by `tabletop.rules._loader.load_rules`; read by the phase machine, the
scenario validator, the session engine, the reports and the CLI. Immutable
once built, so one instance can be shared by everything in a process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from tabletop.errors import (
    PhaseConflictError,
    close_matches,
    did_you_mean,
    UnknownClauseError,
    UnknownPhaseError,
    UsageError,
)
from tabletop.rules._models import (
    Applicability,
    ClauseNode,
    Determination,
    DocumentInfo,
    PhaseConstraint,
    PhaseSpec,
    Region,
    Requirement,
    RulesFile,
    TransitionSpec,
)

__all__ = ["APPLIES", "PREPARATORY", "Clause", "Corpus", "describe_phases"]

APPLIES: Final = "applies"
"""`Corpus.applicability`: the clause applies outright in the phases."""
PREPARATORY: Final = "preparatory"
"""`Corpus.applicability`: the clause's measures may be taken before its situation is determined."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause, flattened out of the tree, with its place in it."""

    id: str
    title: str
    text: str
    tags: tuple[str, ...]
    keywords: tuple[str, ...]
    parent: str | None
    children: tuple[str, ...]
    order: int
    """Position in document order (0 for chapter I)."""
    editorial_title: bool = False

    @property
    def depth(self) -> int:
        return self.id.count(".")

    @property
    def label(self) -> str:
        """`IV.C.2.b.ii Operations to Counter Ballistic Missile Attacks`."""
        return f"{self.id} {self.title}"


@dataclass(frozen=True)
class Corpus:
    """The rules file, indexed. Use `load_rules()` to get one."""

    rules: RulesFile
    path: Path
    sha256: str
    """SHA-256 of the rules file's bytes."""
    text: str = field(repr=False)
    """The rules file's text, as loaded (sessions store it beside their journal)."""
    _clauses: dict[str, Clause] = field(init=False, repr=False)
    _phases: dict[str, PhaseSpec] = field(init=False, repr=False)
    _applicable: dict[str, frozenset[str]] = field(init=False, repr=False)
    _preparatory: dict[str, frozenset[str]] = field(init=False, repr=False)
    _defining: dict[str, frozenset[str]] = field(init=False, repr=False)
    _defines: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        clauses: dict[str, Clause] = {}

        def walk(nodes: list[ClauseNode], parent: str | None) -> None:
            for node in nodes:
                clauses[node.id] = Clause(
                    id=node.id,
                    title=node.title,
                    text=node.text,
                    tags=tuple(node.tags),
                    keywords=tuple(node.keywords),
                    parent=parent,
                    children=tuple(child.id for child in node.children),
                    order=len(clauses),
                    editorial_title=node.editorial_title,
                )
                walk(node.children, node.id)

        walk(self.rules.clauses, None)
        object.__setattr__(self, "_clauses", clauses)
        object.__setattr__(self, "_phases", {phase.slug: phase for phase in self.rules.phases})

        def named(rules: list[Applicability]) -> frozenset[str]:
            ids: set[str] = set()
            for rule in rules:
                for clause_id in rule.clauses:
                    ids.update(self.subtree(clause_id) if rule.subtree else (clause_id,))
            return frozenset(ids)

        object.__setattr__(self, "_applicable", {p.slug: named(p.applies) for p in self.rules.phases})
        object.__setattr__(self, "_preparatory", {p.slug: named(p.prepares) for p in self.rules.phases})
        defining = {
            phase.slug: frozenset(i for clause_id in phase.defined_by for i in self.subtree(clause_id))
            for phase in self.rules.phases
        }
        object.__setattr__(self, "_defining", defining)
        # Citation ranking asks this of every candidate clause on every facilitator step.
        defines = {
            clause_id: tuple(slug for slug, ids in defining.items() if clause_id in ids) for clause_id in clauses
        }
        object.__setattr__(self, "_defines", defines)

    # -- the document ----------------------------------------------------

    @property
    def document(self) -> DocumentInfo:
        return self.rules.document

    @property
    def tags(self) -> dict[str, str]:
        return dict(self.rules.tags)

    def tag_name(self, tag: str) -> str:
        """What a reason read aloud calls `tag` (the rules' `tag_names`, else its slug in words)."""
        return self.rules.tag_names.get(tag) or tag.replace("_", " ")

    def require_tags(self, tags: Iterable[str]) -> None:
        """Raise `UsageError`, suggesting the nearest tags, unless every tag is in the vocabulary."""
        for tag in tags:
            if tag not in self.rules.tags:
                raise UsageError(
                    f"unknown tag {tag!r}{did_you_mean(nearest(tag, self.rules.tags, 3))} "
                    f"(the tags are: {', '.join(sorted(self.rules.tags))})"
                )

    # -- clauses ---------------------------------------------------------

    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self._clauses

    def __iter__(self) -> Iterator[Clause]:
        """Every clause, in document order."""
        return iter(self._clauses.values())

    def __len__(self) -> int:
        return len(self._clauses)

    @property
    def ids(self) -> list[str]:
        return list(self._clauses)

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id; `UnknownClauseError` with suggestions otherwise."""
        try:
            return self._clauses[clause_id]
        except KeyError:
            raise UnknownClauseError(
                f"no clause has the id {clause_id!r}{did_you_mean(self.suggest_clause(clause_id))}"
            ) from None

    def suggest_clause(self, clause_id: str, n: int = 3) -> list[str]:
        """The ids nearest to a mistyped one, best first."""
        return nearest(clause_id, self._clauses, n)

    def ancestors(self, clause_id: str) -> list[Clause]:
        """The parent chain, from the chapter down to the direct parent."""
        chain: list[Clause] = []
        parent = self.clause(clause_id).parent
        while parent is not None:
            chain.append(self._clauses[parent])
            parent = self._clauses[parent].parent
        return chain[::-1]

    def subtree(self, clause_id: str) -> list[str]:
        """This clause's id and all its descendants', in document order."""
        root = self.clause(clause_id)
        ids = [root.id]
        for child in root.children:
            ids.extend(self.subtree(child))
        return ids

    def in_order(self, ids: Iterable[str]) -> list[Clause]:
        """The named clauses, sorted into document order."""
        return sorted((self.clause(i) for i in set(ids)), key=lambda c: c.order)

    # -- phases ----------------------------------------------------------

    @property
    def phases(self) -> list[PhaseSpec]:
        return list(self.rules.phases)

    @property
    def regions(self) -> list[Region]:
        return list(self.rules.regions)

    @property
    def transitions(self) -> list[TransitionSpec]:
        return list(self.rules.transitions)

    @property
    def phase_slugs(self) -> list[str]:
        return [phase.slug for phase in self.rules.phases]

    def phase(self, slug: str) -> PhaseSpec:
        """The phase with this slug; `UnknownPhaseError` with suggestions otherwise."""
        try:
            return self._phases[slug]
        except KeyError:
            suggestions = did_you_mean(self.suggest_phase(slug))
            listing = f"the phases are: {', '.join(self.phase_slugs)}"
            raise UnknownPhaseError(
                f"no phase has the slug {slug!r}" + (f"{suggestions} ({listing})" if suggestions else f"; {listing}")
            ) from None

    def suggest_phase(self, slug: str, n: int = 3) -> list[str]:
        return nearest(slug, self.phase_slugs, n)

    def phase_combination(self, phases: Iterable[str]) -> tuple[str, ...]:
        """`phases` as a state the exercise can be in: known slugs, at most one per region.

        Returns them once each, in region order (the order the phase machine reports its
        phases in). Raises `UnknownPhaseError` for an unknown slug and `PhaseConflictError`
        for two phases of one region ("peacetime" and "attack" at once). The phase
        machine checks its starting phases with this, and the command line its `--phase`
        options, so both refuse the same combinations with the same words.
        """
        if isinstance(phases, str):
            phases = (phases,)
        chosen: dict[str, str] = {}
        for slug in dict.fromkeys(phases):
            region = self.phase(slug).region
            if region in chosen:
                raise PhaseConflictError(
                    f"phases {chosen[region]!r} and {slug!r} cannot hold at once: both belong to region "
                    f"{region}, which is in one phase at a time; give at most one phase per region"
                )
            chosen[region] = slug
        combination = tuple(chosen[region.id] for region in self.rules.regions if region.id in chosen)
        constraint = self.conflict(combination)
        if constraint is not None:
            first, second = constraint.phases
            raise PhaseConflictError(f"phases {first!r} and {second!r} cannot hold at once: {constraint.reason}")
        return combination

    @property
    def constraints(self) -> list[PhaseConstraint]:
        """The combinations of phases of different regions that cannot hold at once."""
        return list(self.rules.constraints)

    def conflict(self, phases: Iterable[str]) -> PhaseConstraint | None:
        """The first constraint that `phases` (held at once) break, or None."""
        held = set(phases)
        return next((c for c in self.rules.constraints if held.issuperset(c.phases)), None)

    def giving_way(self, entered: str | None, phases: Iterable[str]) -> tuple[str, ...]:
        """The phases among `phases` that end when `entered` begins (constraints it prevails in)."""
        held = set(phases)
        return tuple(
            other
            for constraint in self.rules.constraints
            if constraint.prevails is not None and constraint.prevails == entered
            for other in constraint.phases
            if other != entered and other in held
        )

    @property
    def determinations(self) -> list[Determination]:
        """The decisions the room can record without changing phase (orders, situations determined,
        the U.S. side's decisions)."""
        return list(self.rules.determinations)

    def determinations_in(self, phases: Iterable[str]) -> list[Determination]:
        """The determinations the room may record while `phases` hold, in the rules file's order."""
        held = set(phases)
        return [d for d in self.rules.determinations if held.intersection(d.available_in)]

    @property
    def requirement_kinds(self) -> dict[str, str]:
        """The vocabulary of what a gate or a determination may need first: slug to description."""
        return dict(self.rules.requirement_kinds)

    def unmet_prerequisites(
        self, determination: Determination, phases: Iterable[str], confirmed: Iterable[str]
    ) -> list[Requirement]:
        """The requirements of `determination` that name determinations to come first and are
        not met: none of those determinations is among `confirmed` (the ids recorded yes) and
        no phase in `phases` meets it. Deliberations, decisions and approvals are the room's to
        time; only the order between determinations is checked here."""
        held, done = set(phases), set(confirmed)
        return [
            requirement
            for requirement in determination.requires
            if requirement.determinations
            and not done.intersection(requirement.determinations)
            and not held.intersection(requirement.satisfied_in)
        ]

    def applicable_ids(self, phases: Iterable[str]) -> frozenset[str]:
        """Ids of the clauses that apply while all of `phases` hold (the union of each phase's)."""
        ids: set[str] = set()
        for slug in phases:
            self.phase(slug)
            ids |= self._applicable[slug]
        return frozenset(ids)

    def preparatory_ids(self, phases: Iterable[str]) -> frozenset[str]:
        """Ids of the clauses whose measures may be taken before their situation is determined,
        while `phases` hold: a phase's `prepares`, less what applies outright."""
        phases = tuple(phases)
        ids: set[str] = set()
        for slug in phases:
            self.phase(slug)
            ids |= self._preparatory[slug]
        return frozenset(ids - self.applicable_ids(phases))

    def citable_ids(self, phases: Iterable[str]) -> frozenset[str]:
        """Ids of the clauses that apply outright or preparatorily while `phases` hold."""
        phases = tuple(phases)
        return self.applicable_ids(phases) | self.preparatory_ids(phases)

    def applicability(self, clause_id: str, phases: Iterable[str]) -> Literal["applies", "preparatory"] | None:
        """How `clause_id` stands while `phases` hold: `"applies"` outright, `"preparatory"`
        (its measures may be taken before the situation is determined), or None."""
        self.clause(clause_id)
        phases = tuple(phases)
        if clause_id in self.applicable_ids(phases):
            return APPLIES
        if clause_id in self.preparatory_ids(phases):
            return PREPARATORY
        return None

    def phases_preparing(self, clause_id: str) -> list[str]:
        """The slugs of the phases in which this clause is preparatory, in the rules file's order."""
        self.clause(clause_id)
        return [
            slug
            for slug, ids in self._preparatory.items()
            if clause_id in ids and clause_id not in self._applicable[slug]
        ]

    def applicable(self, phases: Iterable[str]) -> list[Clause]:
        """The clauses that apply while all of `phases` hold, in document order."""
        return self.in_order(self.applicable_ids(phases))

    def defining_ids(self, phase: str) -> frozenset[str]:
        """Ids of the clauses that define `phase` (its `defined_by`) and their sub-clauses."""
        self.phase(phase)
        return self._defining[phase]

    def defined_phases(self, clause_id: str) -> tuple[str, ...]:
        """The slugs of the phases this clause helps define (`defining_ids`), in the rules file's order."""
        self.clause(clause_id)
        return self._defines[clause_id]

    def phases_of(self, clause_id: str) -> list[str]:
        """The slugs of the phases in which this clause applies, in the rules file's order."""
        self.clause(clause_id)
        return [slug for slug, ids in self._applicable.items() if clause_id in ids]

    def applicability_basis(self, phase: str, clause_id: str) -> list[str]:
        """The basis sentences that make `clause_id` apply in `phase` (empty if it does not)."""
        return _bases(self.phase(phase).applies, clause_id)

    def preparatory_basis(self, phase: str, clause_id: str) -> list[str]:
        """The basis sentences that make `clause_id` preparatory in `phase` (empty if it is not)."""
        return _bases(self.phase(phase).prepares, clause_id)


def _bases(rules: list[Applicability], clause_id: str) -> list[str]:
    """The basis of each rule that names `clause_id` (itself, or an ancestor with its subtree)."""
    bases = []
    for rule in rules:
        for named in rule.clauses:
            if clause_id == named or (rule.subtree and clause_id.startswith(named + ".")):
                bases.append(rule.basis)
                break
    return bases


def describe_phases(phases: Iterable[str]) -> str:
    """A combination of phases in the words of every message: "attack + disaster", or "no phase"."""
    return " + ".join(phases) or "no phase"


def nearest(word: str, candidates: Iterable[str], n: int) -> list[str]:
    candidates = list(candidates)
    by_case = {c.casefold(): c for c in candidates}
    return [by_case[f] for f in close_matches(word.casefold(), by_case, n=n, cutoff=0.5)]

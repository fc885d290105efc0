"""Which clauses to put in front of the facilitator for a situation, and why.

Called by the session engine for every delivered inject, by `tabletop cite`
(the same ranking without a session) and by the console. It owns the ranking
rules and the reasons shown beside each suggestion; the full-text part is
`tabletop.rules.search.ClauseIndex`.

Three sources of evidence, strongest first:

1. the clauses the scenario cites for the inject   -> "cited by scenario"
2. applicable clauses sharing the inject's tags    -> "tag: maritime"
3. applicable clauses relevant to the inject's text -> "matches: minesweeping, ..."

Text relevance prefers the phase in force. The rules file says which clauses
define each phase (`defined_by`, with their sub-clauses); a clause that defines
another phase but applies here too (the peacetime air and missile defense
measures, which continue during an armed attack) has its text relevance
discounted by `PHASE_PREFERENCE`, so that when both match about equally the
clause of the current phase answers first (operations to counter ballistic
missile attacks). The reason says which is which: "clause of this phase
(attack)", "clause of peacetime, also applies here". Clearly better text
relevance still wins, and clauses that define no phase (the cross-cutting
chapters) are not affected.

A clause that does not apply in the current phase(s) is never suggested. The
one exception must be asked for: with `include_out_of_phase=True`, a clause
the scenario cites but that is out of phase comes back flagged
`out_of_phase=True` (ranked below every in-phase citation by the scenario), so
an author or facilitator sees the mismatch instead of losing the citation. A
clause the facilitator cites by hand is checked with `hand_citation()`, which
flags it the same way for the session record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from tabletop.rules.corpus import Corpus, describe_phases
from tabletop.rules.search import ClauseIndex, Hit, parse_query

__all__ = ["PHASE_PREFERENCE", "SOURCES", "Citation", "hand_citation", "rank_citations"]

SOURCES = ("scenario", "tag", "text", "facilitator")
"""Where a citation comes from, strongest first (`Citation.source`)."""

# Score bands (see the module docstring): text relevance is squashed into [0, 1), tag
# evidence adds 1 + the share of the requested tags matched (so at most 2), a scenario
# citation adds 4. Bands never overlap, so sorting by score alone respects the tiers.
_SCENARIO_BONUS = 4.0
_OUT_OF_PHASE_SCORE = 3.5
_TEXT_SCALE = 5.0

PHASE_PREFERENCE = 0.1
"""The text relevance of a clause of another phase counts 1 / (1 + this).

Measured on `tests/session/gold_citations.yaml` (docs/citations.md has the figures): 0.1
puts the current phase's clause first where a look-alike of another phase matched about as
well, and changes nothing on the held-out situations; larger values start to bury a clause
of another phase that is the better answer (evacuation planning in peacetime). Raising the
current phase's clauses instead, above the cross-cutting chapters too, lost held-out hits.
"""


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause suggested (or cited) for a situation, with a reason a person can check."""

    id: str
    title: str
    score: float
    """Ranking score, larger is better; comparable within one ranking only."""
    reason: str
    """Every reason that applies, strongest first, e.g. "cited by scenario; tag: maritime"."""
    source: str
    """The strongest evidence: "scenario", "tag", "text" or, for a hand citation, "facilitator"."""
    sources: tuple[str, ...] = ()
    """Every kind of evidence found, strongest first."""
    matched_tags: tuple[str, ...] = ()
    """The requested tags this clause carries."""
    matched_terms: tuple[str, ...] = ()
    """The words of the situation found in this clause, as written."""
    out_of_phase: bool = False
    """True when the clause does not apply in the phases it was ranked or cited for."""
    order: int = field(default=0, repr=False)
    """The clause's position in document order (the final tie-break)."""

    def to_json(self) -> dict[str, object]:
        """The JSON form used by `tabletop cite --format json`: a public contract."""
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "reason": self.reason,
            "source": self.source,
            "sources": list(self.sources),
            "matched_tags": list(self.matched_tags),
            "matched_terms": list(self.matched_terms),
            "out_of_phase": self.out_of_phase,
        }


def rank_citations(
    corpus: Corpus,
    index: ClauseIndex,
    phases: Iterable[str],
    *,
    cited: Sequence[str] = (),
    tags: Sequence[str] = (),
    text: str = "",
    limit: int | None = None,
    include_out_of_phase: bool = False,
) -> list[Citation]:
    """Rank the clauses to suggest for a situation in `phases`, best first.

    `cited` are the clause ids the scenario cites, `tags` the situation's tags (from the
    corpus vocabulary), `text` its words (title, narrative, questions). An unknown phase,
    clause id or tag is a usage error that suggests the nearest ones.
    """
    phases = tuple(phases)
    applicable = corpus.applicable_ids(phases)
    for clause_id in cited:
        corpus.clause(clause_id)
    wanted_tags = tuple(dict.fromkeys(tags))
    corpus.require_tags(wanted_tags)
    if limit is not None and limit <= 0:
        return []

    query = parse_query(text)
    hits: dict[str, Hit] = {hit.id: hit for hit in index.search_terms(query, applicable, limit=None)}
    cited_set = set(cited)
    candidates = set(hits) | (cited_set & applicable)
    if wanted_tags:
        candidates |= {
            clause_id for clause_id in applicable
            if not set(corpus.clause(clause_id).tags).isdisjoint(wanted_tags)
        }

    citations = [
        _citation(corpus, clause_id, cited_set, wanted_tags, hits.get(clause_id),
                  _home_phases(corpus, clause_id, phases))
        for clause_id in candidates
    ]
    citations = _prefer_specific(corpus, citations)
    if include_out_of_phase:
        for clause_id in dict.fromkeys(cited):
            if clause_id not in applicable:
                clause = corpus.clause(clause_id)
                citations.append(Citation(
                    id=clause.id,
                    title=clause.title,
                    score=_OUT_OF_PHASE_SCORE,
                    reason=f"cited by scenario; not applicable in {describe_phases(phases)}",
                    source="scenario",
                    sources=("scenario",),
                    out_of_phase=True,
                    order=clause.order,
                ))
    citations.sort(key=lambda c: (-c.score, c.order))
    return citations if limit is None else citations[:limit]


def hand_citation(corpus: Corpus, phases: Iterable[str], clause_id: str, reason: str = "") -> Citation:
    """A clause the facilitator cites by hand, flagged `out_of_phase` when it does not apply.

    The session engine records this as is: a hand citation is never refused, only marked,
    because the room may rightly discuss a clause of another phase.
    """
    phases = tuple(phases)
    clause = corpus.clause(clause_id)
    out_of_phase = clause.id not in corpus.applicable_ids(phases)
    reasons = [reason.strip() or "cited by the facilitator"]
    if out_of_phase:
        reasons.append(f"not applicable in {describe_phases(phases)}")
    return Citation(
        id=clause.id,
        title=clause.title,
        score=0.0,
        reason="; ".join(reasons),
        source="facilitator",
        sources=("facilitator",),
        out_of_phase=out_of_phase,
        order=clause.order,
    )


def _citation(
    corpus: Corpus,
    clause_id: str,
    cited: set[str],
    tags: tuple[str, ...],
    hit: Hit | None,
    home: tuple[tuple[str, ...], tuple[str, ...]],
) -> Citation:
    """One clause's citation; `home` is `_home_phases()` of it (the text preference)."""
    clause = corpus.clause(clause_id)
    score = 0.0
    reasons: list[str] = []
    sources: list[str] = []
    if clause_id in cited:
        score += _SCENARIO_BONUS
        reasons.append("cited by scenario")
        sources.append("scenario")
    matched_tags = tuple(t for t in tags if t in clause.tags)
    if matched_tags:
        score += 1.0 + len(matched_tags) / len(tags)
        reasons.append(("tag: " if len(matched_tags) == 1 else "tags: ") + ", ".join(matched_tags))
        sources.append("tag")
    matched_terms: tuple[str, ...] = ()
    if hit is not None:
        current, other = home
        relevance = hit.score / (1 + PHASE_PREFERENCE) if other else hit.score
        score += relevance / (relevance + _TEXT_SCALE)
        matched_terms = hit.matched
        reasons.append(hit.reason)
        if current:
            reasons.append(f"clause of this phase ({' + '.join(current)})")
        elif other:
            reasons.append(f"clause of {' + '.join(other)}, also applies here")
        sources.append("text")
    return Citation(
        id=clause.id,
        title=clause.title,
        score=score,
        reason="; ".join(reasons),
        source=sources[0],
        sources=tuple(sources),
        matched_tags=matched_tags,
        matched_terms=matched_terms,
        order=clause.order,
    )


def _prefer_specific(corpus: Corpus, citations: list[Citation]) -> list[Citation]:
    """Within a tier, rank a parent just below a descendant that scores as well.

    A chapter carrying the same tag as its items would otherwise tie with them and win on
    document order; the item is the clause that answers.
    """
    by_id = {c.id: c for c in citations}
    adjusted: dict[str, float] = {c.id: c.score for c in citations}
    best_below: dict[str, float] = {}
    for citation in sorted(citations, key=lambda c: -c.id.count(".")):
        best = best_below.get(citation.id)
        own = adjusted[citation.id]
        # Only a tie is broken: a descendant that scores higher already ranks first, and a
        # parent in a higher tier (cited by the scenario, say) keeps its place.
        if best is not None and best >= own:
            adjusted[citation.id] = min(own, best - 1e-9)
        parent = corpus.clause(citation.id).parent
        while parent is not None:
            if best_below.get(parent, float("-inf")) < adjusted[citation.id]:
                best_below[parent] = adjusted[citation.id]
            parent = corpus.clause(parent).parent
    return [
        c if adjusted[c.id] == c.score else replace(c, score=adjusted[c.id])
        for c in by_id.values()
    ]


def _home_phases(
    corpus: Corpus, clause_id: str, phases: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The current phases this clause defines, or else the other phases it defines.

    Both are empty for a clause that defines no phase (a cross-cutting chapter, a lead-in).
    """
    defined = corpus.defined_phases(clause_id)
    current = tuple(p for p in phases if p in defined)
    return (current, ()) if current else ((), defined)

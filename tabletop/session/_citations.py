"""Which clauses to put in front of the facilitator for a situation, and why.

Called by the session engine for every delivered inject, by `tabletop cite`
(the same ranking without a session) and by the console. It owns the ranking
rules and the reasons shown beside each suggestion; the full-text part is
`tabletop.rules._search.ClauseIndex`, the Guidelines' structure (which clauses
carry the same function in different sections) is the function table
(`tabletop.rules._functions`, `rules/functions.yaml`).

Three sources of evidence, strongest first:

1. the clauses the scenario cites for the inject    -> "cited by the scenario"
2. applicable clauses sharing the inject's tags     -> "the situation is tagged maritime security"
3. applicable clauses the inject's words point at   -> "mines, strait → maritime security,
                                                        the attack phase's item"

Each suggestion carries that one sentence (`Citation.reason`, what a facilitator
reads aloud) and the detailed evidence (`Citation.evidence`: "tag: maritime;
matches: mines, strait; function: maritime security; clause of this phase
(attack)").

The words are read in two steps a reader can follow (`_answers`):

1. The words decide the function. Every clause the words find, in any phase,
   speaks for the functions it carries; a function scores what its best-worded
   clause scores. A clause that carries several functions speaks for each only
   with the words of the sentence that makes it an instance (`basis`), and for
   itself with all of them. A broad clause (a principle or lead-in) counts its
   prose at `BROAD_PROSE`. Functions found only by unclear words (`Hit.strong`)
   or under `FLOOR` of the best one are dropped: when nothing clears the
   floor, nothing is suggested from the text, and `tabletop cite` says so.
2. The phases in force decide the clause (`_instances`): the item of a phase in
   force answers for the function, with the function's score, whether or not
   its own text holds the words (a downed aircrew during an attack is
   IV.C.2.c.ii's, though the words are IV.B.4's). Before it comes only an item
   of a setting the words place the situation in (chapter V's activities
   abroad: "pirates" is V.A.3's). A measure continued from another phase never
   comes before the current phase's item; the function's other clauses follow
   on their own words, weighed for the phase (`_DISCOUNT`: a clause that
   defines no phase counts 1 / (1 + `CROSS_CUTTING_PREFERENCE`), one of another
   phase 1 / (1 + `PHASE_PREFERENCE`)). A lead-in that defines a phase answers
   after its own item when the item fits nearly as well (`ITEM_SHARE`).

A clause whose measures "may be taken before the situation is determined"
(IV.B's in peacetime: `Corpus.applicability` says "preparatory") ranks below
every clause of its tier that applies outright, and its reason says so.

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

from tabletop.rules import (
    ClauseIndex,
    Corpus,
    Function,
    FunctionTable,
    Hit,
    QueryTerms,
    describe_phases,
    find_clauses,
)

__all__ = [
    "BROAD_PROSE",
    "CROSS_CUTTING_PREFERENCE",
    "Citation",
    "FLOOR",
    "FOLLOWING_SHARE",
    "LATER_PHASE_PREFERENCE",
    "SUMMARY_SHARE",
    "ITEM_SHARE",
    "PHASE_PREFERENCE",
    "SOURCES",
    "hand_citation",
    "rank_citations",
]

SOURCES = ("scenario", "tag", "text", "facilitator")
"""Where a citation comes from, strongest first (`Citation.source`)."""

# Score bands (see the module docstring): text relevance is squashed into [0, 1), tag
# evidence adds 1 + the share of the requested tags matched (so at most 2): a clause that
# applies outright scores in [0, 3). A preparatory clause drops by that width, into
# [-3, 0); a scenario citation adds 7, so it scores in [7, 10) outright and [4, 7)
# preparatory, above a flagged out-of-phase citation (3.5). Bands never overlap, so sorting
# by score alone respects the tiers, and the score a user reads is the order they see.
_TIER_WIDTH = 3.0
_SCENARIO_BONUS = 7.0
_OUT_OF_PHASE_SCORE = 3.5
_TEXT_SCALE = 5.0

PHASE_PREFERENCE = 0.2
"""The text relevance of a clause that defines another phase (a continuing measure) counts
1 / (1 + this).

Measured on `tests/session/gold_citations.yaml` (docs/citations.md has the figures): 0.1
put the current phase's clause first where a look-alike of another phase matched about as
well; with the term bank, 0.2 also puts two more held-out-2 situations of that kind first and
loses none of the development or first held-out group (0.3 changes nothing more), while
evacuation planning in peacetime still finds IV.B.1 of emerging threats. Raising the current
phase's clauses above the cross-cutting chapters by as much lost held-out hits; they are
weighed between the two (`CROSS_CUTTING_PREFERENCE`).
"""


CROSS_CUTTING_PREFERENCE = 0.15
"""The text relevance of a clause that defines no phase (chapters V, VI, VII, the lead-ins)
counts 1 / (1 + this): below the clause that defines the phase in force, above a continuing
measure of another phase (`PHASE_PREFERENCE`).

Measured on the development, held-out and held-out-2 groups of the gold set and the typical
misses (docs/citations.md): 0 (the weighing before chapter V applied in every phase) leaves
three phase clauses under a chapter V look-alike (IV.C.2.b.iii under V.A.3, IV.B.6 under V.A.8,
IV.B.1 under V.A.5); 0.1 still leaves one; 0.15 answers all three and loses nothing; 0.2 and
above lose a held-out first place.
"""


FLOOR = 0.3
"""A clause matched by text is suggested only if its search score is at least this share of
the best match's: the tail of weak look-alikes is noise that costs the facilitator's trust.
Measured on the development and first two held-out groups of the gold set
(docs/citations.md): at 0.3 the expected clause falls under the floor for 1 of 167
situations (it ranked 14th there); at 0.5, for 5."""


BROAD_PROSE = 0.5
"""What the prose of a broad clause (a principle or lead-in, `broad` in the function table)
counts for, against its heading, keywords and terms, which count in full (`_evidence`)."""

ITEM_SHARE = 0.4
"""A lead-in that describes a phase's situation (IV.B, IV.D) answers after its own item when the
item's relevance is at least this share of its own (`_items_before_lead_ins`): "protect the U.S.
ships in this survival-threatening situation" is IV.D.1's, in IV.D's setting. Measured on the
development groups (docs/citations.md): 0.5 and above change nothing, 0.4 puts two items first
and loses none, 0.3 loses a held-out-2 first place."""

FOLLOWING_SHARE = 0.9
"""A function's further instances rank at most this share of the relevance of the instance
that answers for it (`_answers`): below it, and beside the other functions' answers."""

SUMMARY_SHARE = 1 / 3
"""Where the phase's only item of a function sums it up in a list (`summary: true` in the
function table: IV.C.1's preparations), a measure of an earlier phase that still applies answers
first when at most this share of the words that found it are in the list item's words (its
basis): "temporary use of Fukuoka airport" is IV.B.7's (one word of three, "use", is IV.C.1's),
"joint use of the bases" IV.C.1's. Measured on the development sets (docs/citations.md, the
eighth and tenth rounds): 0.25 left a civilian airport, private ferries and who guards the radar
sites with IV.C.1 first; 0.4 and above put IV.B.7 first for the ports, rail and fuel of arriving
squadrons and IV.B.5 for extra guards at the bases, which IV.C.1's own words name."""

LATER_PHASE_PREFERENCE = 0.3
"""Of the measures that continue into the phases in force, each weighs its words' relevance by
1 + this × its phase's place in the rules file's order of phases (peacetime 0, emerging threats
1, ...): the Guidelines add each phase's measures to those continued from the one before it, so
that during an anticipated attack "suspicious vessels near the Senkakus: maritime security in this
phase?" is IV.B.2's before IV.A.3's, and the words still decide where they are the earlier
phase's own (maritime domain awareness is IV.A.3's). Measured on the development sets
(docs/citations.md, the tenth round): from 0.3 to 1 one situation first and none lost; a strict
order of phases before the words lost three."""

GUARD_SHARE = 0.7
"""Where the words find an activity and the protection of the assets engaged in it (an Aegis on
missile defense, and "cover her"), the protection answers first when it scores at least this
share of the activity and some of its words are its own (`_protection_asked`). Measured on the
development sets (docs/citations.md, the twelfth round): at 0.9 five situations first, at 0.8
nine, at 0.7 twelve, none lost."""

ASKED_SHARE = 0.4
"""Where some of the protection's own words are those of the sentence that makes its clause an
instance of asset protection (its basis: IV.D.1's "cooperate in asset protection", and "protect
her", "guard it", 防護), the protection is plainly what is asked, and it answers first when its own
score is at least this share of the activity's (`_protection_asked`): "protect a U.S. Aegis doing
BMD for Guam" is IV.D.1's, though "Guam" is IV.D.4's word. Measured on the development sets
(docs/citations.md, the fourteenth round): at 0.5 five situations first, at 0.4 seven, none lost;
at 0.3 the same seven and two lower."""

# How the phase standing of a clause weighs its text relevance: `_DISCOUNT[standing]`, the
# relevance counting 1 / (1 + this).
_DISCOUNT = {
    "current": 0.0,
    "cross": CROSS_CUTTING_PREFERENCE,
    "continuing": PHASE_PREFERENCE,
    "preparatory": PHASE_PREFERENCE,
}


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause suggested (or cited) for a situation, with a reason a person can check."""

    id: str
    title: str
    score: float
    """Ranking score, larger is better; comparable within one ranking only."""
    reason: str
    """One short sentence a facilitator can read aloud: the strongest evidence in plain words,
    e.g. "landing, remote island → Operations to Counter Ground Attacks, the attack phase's
    item", or "cited by the scenario"."""
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
    preparatory: bool = False
    """True when the clause does not apply outright but its measures may be taken before the
    situation is determined (ranked below the clauses that apply outright)."""
    via_terms: tuple[tuple[str, str], ...] = ()
    """Terms of the term bank that found this clause: (the term as written, its concept)."""
    evidence: str = ""
    """Every piece of evidence, strongest first, in detail: "cited by scenario; tag: maritime;
    matches: mines, strait; function: maritime security; clause of this phase (attack)"."""
    function: str | None = None
    """The function of the function table (`rules/functions.yaml`) the words found this clause
    for, e.g. "maritime_security"; None for a clause suggested for itself or not from the words."""
    order: int = field(default=0, repr=False)
    """The clause's position in document order (the final tie-break)."""

    def to_json(self) -> dict[str, object]:
        """The JSON form used by `tabletop cite --format json`: a public contract."""
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "reason": self.reason,
            "evidence": self.evidence,
            "function": self.function,
            "source": self.source,
            "sources": list(self.sources),
            "matched_tags": list(self.matched_tags),
            "matched_terms": list(self.matched_terms),
            "out_of_phase": self.out_of_phase,
            "terms": [{"term": spelled, "concept": concept} for spelled, concept in self.via_terms],
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
    preparatory = corpus.preparatory_ids(phases)
    # In phase as every record of a citation says it (`Corpus.citable_ids`, as the session's
    # record flags a citation): a suggestion and the citation it becomes never disagree.
    applicable = corpus.citable_ids(phases)
    for clause_id in cited:
        corpus.clause(clause_id)
    wanted_tags = tuple(dict.fromkeys(tags))
    corpus.require_tags(wanted_tags)
    if limit is not None and limit <= 0:
        return []

    # Every clause the words find, in any phase: the words decide the function, and a
    # function's words may stand in a clause of another phase (search and rescue is worded
    # best in IV.B.4; during an attack it is IV.C.2.c.ii that answers).
    query = _phases_named(corpus, index.parse(text), phases)
    found = {hit.id: hit for hit in find_clauses(index, query, limit=None, about=True, phrases=False)}
    settings = frozenset(match.term.token for match in query.found if match.term.setting)
    named = _named_phases(corpus, query, phases)
    # The person's own words and the terms they used, not what the terms stand for (which the
    # clauses of one function share by design): where a deferral holds (`_said_only_in`).
    spoken = frozenset(query.own_terms()) | frozenset(match.term.token for match in query.found)
    concepts = query.concepts
    answers = _answers(
        corpus, index, index.functions, found, phases, applicable, preparatory, settings, spoken, named, concepts
    )
    cited_set = set(cited)
    candidates = set(answers) | (cited_set & applicable)
    if wanted_tags:
        candidates |= {
            clause_id for clause_id in applicable if not set(corpus.clause(clause_id).tags).isdisjoint(wanted_tags)
        }

    # Every candidate is scored, but only those returned are put into words: the phrases, the
    # reason and the evidence of a suggestion past `limit` would never be read.
    scores = {
        clause_id: _score(
            clause_id in cited_set,
            _matched_tags(corpus, clause_id, wanted_tags),
            len(wanted_tags),
            answers.get(clause_id),
            preparatory=clause_id in preparatory,
        )
        for clause_id in candidates
    }
    ranked = list(_prefer_specific(corpus, scores).items())
    if include_out_of_phase:
        ranked += [
            (clause_id, _OUT_OF_PHASE_SCORE) for clause_id in dict.fromkeys(cited) if clause_id not in applicable
        ]
    # The score bands put a preparatory clause after every clause of its tier (cited by the
    # scenario, or not) that applies outright.
    ranked.sort(key=lambda item: (-item[1], corpus.clause(item[0]).order))
    if limit is not None:
        ranked = ranked[:limit]

    phrased: dict[str, Hit] = {}  # by clause id: one function's words answer for several clauses

    def with_phrases(hit: Hit) -> Hit:
        done = phrased.get(hit.id)
        if done is None:
            done = phrased[hit.id] = index.with_phrases(hit, query)
        return done

    citations = []
    for clause_id, score in ranked:
        if clause_id not in applicable:
            clause = corpus.clause(clause_id)
            citations.append(
                Citation(
                    id=clause.id,
                    title=clause.title,
                    score=score,
                    reason=f"cited by the scenario, but it does not apply in {describe_phases(phases)}",
                    evidence=f"cited by scenario; not applicable in {describe_phases(phases)}",
                    source="scenario",
                    sources=("scenario",),
                    out_of_phase=True,
                    order=clause.order,
                )
            )
            continue
        # Only the hits a reason quotes are put into the person's phrases (it costs).
        answer = answers.get(clause_id)
        own = None
        if answer is not None:
            words = with_phrases(answer.words)
            if words is not answer.words:
                answer = _Answer(answer.relevance, answer.function, words, answer.standing, answer.home, answer.defines)
            hit = found.get(clause_id)
            own = None if hit is None else with_phrases(hit)
        citations.append(
            _citation(
                corpus,
                clause_id,
                score,
                cited_set,
                wanted_tags,
                answer,
                own,
                text,
                preparatory=clause_id in preparatory,
            )
        )
    return citations


def _phases_named(corpus: Corpus, query: QueryTerms, phases: tuple[str, ...]) -> QueryTerms:
    """A term that names a phase in force (it points at the clause that defines it: 存立危機事態
    at IV.D, 武力攻撃予測事態 at IV.C.1, 地震 at IV.E) says which situation the room is in, not
    what it asks: it counts as a setting (`Term.setting`), as an island's name does, so that
    "during the quake response, the U.S. asks for more guards at its depot" is about the guards
    and "amid the anticipated armed attack situation, refugees arrive" about the refugees. Where
    nothing else is asked, the setting still finds the clause that defines the phase."""
    defining = {clause_id for slug in phases for clause_id in corpus.phase(slug).defined_by}
    named = [match for match in query.found if not match.term.setting and not defining.isdisjoint(match.term.clauses)]
    if not named:
        return query
    return replace(
        query,
        found=tuple(replace(m, term=replace(m.term, setting=True)) if m in named else m for m in query.found),
    )


def _named_phases(corpus: Corpus, query: QueryTerms, phases: tuple[str, ...]) -> frozenset[str]:
    """The phases in force that a term of the words names (it points at the clause that defines
    the phase, as 存立危機事態 points at IV.D): of two items of one function, the named phase's
    answers first."""
    pointed = frozenset(clause_id for match in query.found for clause_id in match.term.clauses)
    return frozenset(slug for slug in phases if not pointed.isdisjoint(corpus.phase(slug).defined_by))


def hand_citation(corpus: Corpus, phases: Iterable[str], clause_id: str, reason: str = "") -> Citation:
    """A clause the facilitator cites by hand, flagged `out_of_phase` when it does not apply.

    The session engine records this as is: a hand citation is never refused, only marked,
    because the room may rightly discuss a clause of another phase.
    """
    phases = tuple(phases)
    clause = corpus.clause(clause_id)
    out_of_phase = clause.id not in corpus.citable_ids(phases)
    reasons = [reason.strip() or "cited by the facilitator"]
    if clause.id in corpus.preparatory_ids(phases):
        reasons.append("may be taken before the situation is determined")
    if out_of_phase:
        reasons.append(f"not applicable in {describe_phases(phases)}")
    return Citation(
        id=clause.id,
        title=clause.title,
        score=0.0,
        reason="; ".join(reasons),
        evidence="; ".join(reasons),
        source="facilitator",
        sources=("facilitator",),
        out_of_phase=out_of_phase,
        order=clause.order,
    )


@dataclass(frozen=True, slots=True)
class _Answer:
    """Why the words put a clause forward: the function it answers for, and its place in it."""

    relevance: float
    """Text relevance, weighed for the phases in force (`_answers`)."""
    function: Function
    words: Hit
    """The search hit whose words found the function: this clause's own, or that of another
    clause of the same function (the one worded closest to the situation, in any phase)."""
    standing: str
    """"current" (it defines a phase in force), "cross" (it defines no phase), "continuing"
    (it defines another phase and applies here) or "preparatory"."""
    home: tuple[str, ...]
    """The phases in force it defines ("current"), or the other phases it defines."""
    defines: bool = False
    """It is the clause that defines a phase as a whole (the phase's `defined_by`), not an item."""


def _answers(
    corpus: Corpus,
    index: ClauseIndex,
    functions: FunctionTable,
    found: dict[str, Hit],
    phases: tuple[str, ...],
    citable: frozenset[str],
    preparatory: frozenset[str],
    settings: frozenset[str] = frozenset(),
    spoken: frozenset[str] = frozenset(),
    named: frozenset[str] = frozenset(),
    concepts: tuple[frozenset[str], ...] = (),
) -> dict[str, _Answer]:
    """The clauses the words put forward, in two steps a reader can follow.

    1. The words decide the function: each function scores what its best-worded instance
       scores (in any phase; a broad clause's prose counts `BROAD_PROSE`, see `_evidence`).
       Functions under `FLOOR` of the best one, or found only by unclear words, drop out.
    2. The phases in force decide the instance (`_instances`): the item of a phase in force
       answers for the function with the function's score, whether or not its own text holds
       the words; the other instances follow, each with its own words' relevance, below it.
    """
    evidence = {clause_id: _evidence(hit, functions.is_broad(clause_id)) for clause_id, hit in found.items()}
    best_of: dict[str, tuple[float, Hit, Function]] = {}
    for clause_id, hit in sorted(found.items(), key=lambda item: item[1].order):
        if not hit.strong:
            continue
        carried = functions.of(clause_id)
        if len(carried) == 1:
            offers = [(carried[0], evidence[clause_id])]
        else:
            # A clause that carries several functions (IV.C.1's preparations, IV.E's support)
            # speaks for each only with the words of the sentence that makes it an instance,
            # and for itself with all of them (or, for another phase's clause, the others).
            shares = [index.basis_share(hit, f.id) for f in carried]
            offers = [(f, evidence[clause_id] * share) for f, share in zip(carried, shares, strict=True)]
            alone = evidence[clause_id]
            defined = corpus.defined_phases(clause_id)
            if defined and not set(defined) & set(phases):
                # A measure of another phase does not answer for itself with the words of its
                # functions: the current phase's items take those over (IV.B.2's inspection
                # of ships during an attack is IV.C.2.b.iii's interdiction of shipping).
                alone *= 1 - max(shares)
            offers.append((functions.alone(clause_id), alone))
        for function, score in offers:
            if function.id not in best_of or score > best_of[function.id][0]:
                best_of[function.id] = (score, hit, function)
    for guard in functions.guards:
        if guard.id in best_of:
            best_of[guard.id] = _protection_asked(corpus, index, guard, best_of, phases, citable)
    # The floor is set by the best function that has a clause to cite in these phases: words
    # that fit only another phase's clause are no reason to hide what fits here.
    top = max(
        (score for score, _, function in best_of.values() if not citable.isdisjoint(function.instances)), default=0.0
    )
    phase_words = _phase_words(corpus, found)
    answers: dict[str, _Answer] = {}

    def offer(answer: _Answer, clause_id: str) -> None:
        # Of two equal reasons, a function of the table says more than the clause alone.
        held = answers.get(clause_id)
        if held is None or (answer.relevance, answer.function.declared) > (held.relevance, held.function.declared):
            answers[clause_id] = answer

    for score, words, function in best_of.values():
        if score <= 0 or score < FLOOR * top:
            continue
        ordered, displaced = _instances(
            corpus,
            index,
            functions,
            function,
            found,
            evidence,
            phases,
            citable,
            preparatory,
            phase_words,
            settings,
            spoken,
            named,
            concepts,
            words.id,
        )
        if not ordered:
            continue
        lead, lead_standing, lead_home = ordered[0]
        lead_relevance = score / (1 + _DISCOUNT[lead_standing])
        offer(
            _Answer(lead_relevance, function, words, lead_standing, lead_home, _defines(corpus, lead, lead_home)), lead
        )
        for clause_id, standing, home in ordered[1:]:
            own = found.get(clause_id)
            if clause_id == displaced:
                # The phase's summary, displaced by the measure that continues (`_instances`),
                # still answers for the function, just after it.
                relevance = lead_relevance * (1 - 1e-6)
                offer(_Answer(relevance, function, words, standing, home, _defines(corpus, clause_id, home)), clause_id)
                continue
            if standing == "current" and lead_standing == "current":
                # The item of another phase in force answers for the function too, just after
                # the first (a quake during the war: IV.C.2.c.iii's and IV.E's logistic support).
                relevance = lead_relevance * FOLLOWING_SHARE
                offer(_Answer(relevance, function, words, standing, home, _defines(corpus, clause_id, home)), clause_id)
                continue
            # A further instance is listed on its own words only, clear and above the floor.
            if own is None or not own.strong or own.score < FLOOR * top:
                continue
            relevance = min(lead_relevance * FOLLOWING_SHARE, evidence[clause_id] / (1 + _DISCOUNT[standing]))
            offer(_Answer(relevance, function, own, standing, home, _defines(corpus, clause_id, home)), clause_id)
    return _items_before_lead_ins(corpus, answers, phases, spoken)


def _protection_asked(
    corpus: Corpus,
    index: ClauseIndex,
    guard: Function,
    best_of: dict[str, tuple[float, Hit, Function]],
    phases: tuple[str, ...],
    citable: frozenset[str],
) -> tuple[float, Hit, Function]:
    """The protection's score, raised to just above an activity's its answering instance protects
    (`Function.protections`: IV.D.1 protects "assets that are engaged in operations such as ...
    Ballistic Missile Defense") where the words find both, some of the protection's words are its
    own ("cover her"), and the protection scores at least `GUARD_SHARE` of the activity, or, when
    some of those own words are in its basis ("protect", "asset protection"), at least
    `ASKED_SHARE` of it on its own words (not raised by another activity): the activity says what
    the asset does, the protection what is asked. The protection's own words are those that are not
    the activity's where it may be cited (`_activity_words`)."""
    held = found = best_of[guard.id]
    in_force = [c for c in guard.instances if c in citable and _home_phases(corpus, c, phases)[0]]
    leads = in_force or [c for c in guard.instances if c in citable]
    for clause_id, protected in guard.protections:
        if clause_id not in leads:
            continue
        for activity in protected:
            rival = best_of.get(activity)
            if rival is None or not rival[0] >= held[0]:
                continue
            own = held[1].terms - _activity_words(index, rival, held[1].terms, citable)
            if not own:
                continue
            if held[0] >= GUARD_SHARE * rival[0] or (
                found[0] >= ASKED_SHARE * rival[0]
                and any(index.basis_holds(frozenset({t}), guard.id, clause_id) for t in own)
            ):
                held = (rival[0] * (1 + 1e-6), held[1], held[2])
    return held


def _activity_words(
    index: ClauseIndex, activity: tuple[float, Hit, Function], words: frozenset[str], citable: frozenset[str]
) -> frozenset[str]:
    """Which of `words` are the activity's, where the protection of its assets is weighed: the words
    of its best-worded instance when that one may be cited here; when it is another phase's, only
    those in the basis of an instance that may (the sentence making it one). The attack's IV.C.2.b.ii
    protects "forces participating in ballistic missile defense operations", but in peacetime
    "protection" is no word of IV.A.2's missile defense: a U.S. ship on BMD watch that asks for
    protection is IV.A.4's."""
    _, hit, function = activity
    if hit.id in citable:
        return hit.terms
    here = [clause_id for clause_id in function.instances if clause_id in citable]
    return frozenset(term for term in words if any(index.basis_holds(frozenset({term}), function.id, c) for c in here))


def _defines(corpus: Corpus, clause_id: str, home: tuple[str, ...]) -> bool:
    """Whether `clause_id` defines one of the phases it answers in (`home`): IV.B, IV.D."""
    return any(clause_id in corpus.phase(slug).defined_by for slug in home)


def _items_before_lead_ins(
    corpus: Corpus, answers: dict[str, _Answer], phases: tuple[str, ...], spoken: frozenset[str]
) -> dict[str, _Answer]:
    """A lead-in that defines a phase (IV.B, IV.D) answers after its own item when the item fits
    at least `ITEM_SHARE` as well: the item is the specific answer, the situation its setting.
    With one phase in force the phase is given, and a lead-in that at least two of the person's
    own words or terms (`spoken`) found is what is asked ("can the emerging-threat measures be
    taken before it amounts to such a situation?" is IV.B's): it keeps its place."""
    best_below: dict[str, float] = {}
    for clause_id, answer in answers.items():
        parent = corpus.clause(clause_id).parent
        while parent is not None:
            best_below[parent] = max(best_below.get(parent, 0.0), answer.relevance)
            parent = corpus.clause(parent).parent
    adjusted = dict(answers)
    for clause_id, answer in answers.items():
        below = best_below.get(clause_id, 0.0)
        if not corpus.defined_phases(clause_id):
            continue  # a chapter's lead-in is broad: its prose is discounted already
        if len(phases) == 1 and answer.words.id == clause_id and len(answer.words.terms & spoken) >= 2:
            continue
        if below and below < answer.relevance and below >= ITEM_SHARE * answer.relevance:
            adjusted[clause_id] = replace(answer, relevance=below * (1 - 1e-6))
    return adjusted


def _phase_words(corpus: Corpus, found: dict[str, Hit]) -> frozenset[str]:
    """The situation's words found in some clause that defines a phase."""
    return frozenset(term for clause_id, hit in found.items() if corpus.defined_phases(clause_id) for term in hit.terms)


def _evidence(hit: Hit, broad: bool) -> float:
    """How strongly a clause's words answer the situation. A broad clause (a principle, a
    lead-in) counts its prose at `BROAD_PROSE`: only what it is about (heading, keywords, a
    term that names it) counts in full."""
    if not broad:
        return hit.score
    about = min(hit.about, hit.score)  # a narrower search weighs its words differently
    return about + BROAD_PROSE * (hit.score - about)


def _instances(
    corpus: Corpus,
    index: ClauseIndex,
    functions: FunctionTable,
    function: Function,
    found: dict[str, Hit],
    evidence: dict[str, float],
    phases: tuple[str, ...],
    citable: frozenset[str],
    preparatory: frozenset[str],
    phase_words: frozenset[str],
    settings: frozenset[str] = frozenset(),
    spoken: frozenset[str] = frozenset(),
    named: frozenset[str] = frozenset(),
    concepts: tuple[frozenset[str], ...] = (),
    worded: str | None = None,
) -> tuple[list[tuple[str, str, tuple[str, ...]]], str | None]:
    """The function's instances that may be cited in `phases`, the one that answers first, and
    the phase's summary that a continuing measure displaced (None when none did).

    An instance in a setting (`FunctionTable.settings`) the words place the situation in comes
    first: piracy off Somalia is an international activity, V.A.3 (a word of the situation is
    found there and in no clause that defines a phase); then the item of a phase in force (of two,
    the better worded). A measure continued from another phase never goes before the current
    phase's item, which takes it over. The others follow by their own words as weighed for the
    phase (`_DISCOUNT`); preparatory ones come last. An item that hands its function to another
    instance (`Function.deferrals`: IV.C.2.b.v to chapter VI) comes after it where some of the
    person's own words or terms (`spoken`) are found there and not in the item. `worded` is the
    instance whose words found the function (its best-worded, in any phase).
    """
    placed: list[tuple[str, str, tuple[str, ...]]] = []
    for clause_id in function.instances:
        if clause_id not in citable:
            continue
        current, other = _home_phases(corpus, clause_id, phases)
        if clause_id in preparatory:
            standing = "preparatory"
        elif current:
            standing = "current"
        else:
            standing = "continuing" if other else "cross"
        placed.append((clause_id, standing, current or other))

    any_continuing = any(standing == "continuing" for _, standing, _ in placed)
    place = {slug: i for i, slug in enumerate(corpus.phase_slugs)} if any_continuing else {}

    def weighed(item: tuple[str, str, tuple[str, ...]]) -> tuple[float, int]:
        clause_id, standing, home = item
        relevance = evidence.get(clause_id, 0.0) / (1 + _DISCOUNT[standing])
        if standing == "continuing":
            # Each phase adds its measures to those continued from before it: of two that
            # continue, the later phase's is the nearer to the situation (`LATER_PHASE_PREFERENCE`).
            relevance *= 1 + LATER_PHASE_PREFERENCE * max(place[slug] for slug in home)
        return (-relevance, corpus.clause(clause_id).order)

    in_force = sorted((p for p in placed if p[1] == "current"), key=weighed)
    if len(in_force) > 1:
        # An item that only names the function in a list (IV.C.1's preparations "may include"
        # mutual logistic support) answers after the item of another phase in force that is
        # about the function itself (IV.D.5's support of the forces fighting abroad, IV.E's).
        in_force.sort(key=lambda p: p[0] in function.summaries)
        # The phase table of one phase in force may carry the other's section over (a
        # third-country attack applies IV.B's measures, which Japan's emerging situation
        # defines): that phase's own item takes the measure over, as it would alone, and
        # answers first (IV.D.5's support of the forces fighting abroad before IV.B.6's).
        in_force.sort(key=lambda p: _taken_over(corpus, p[0], p[2], phases))
    if len(in_force) > 1 and settings:
        # Of the items of two phases in force, the one whose situation the words name answers
        # first: "after the quake, the U.S. offers transport" is IV.E's logistic support.
        # The words may also name the phase itself (存立危機事態, "fighting the aggressor"): its
        # item is that phase's whether or not its own text holds the name.
        in_force.sort(
            key=lambda p: (p[0] not in found or settings.isdisjoint(found[p[0]].terms)) and named.isdisjoint(p[2])
        )
    rest = sorted((p for p in placed if p[1] not in ("current", "preparatory")), key=weighed)
    last = sorted((p for p in placed if p[1] == "preparatory"), key=weighed)

    def placed_there(clause_id: str) -> bool:
        # The words place the situation in this instance's setting: some word of it is found
        # here and in no clause that defines a phase ("pirates", "Gulf of Aden").
        hit = found.get(clause_id)
        return hit is not None and bool(hit.terms - phase_words)

    lifted = [p for p in rest if functions.setting_of(p[0]) is not None and placed_there(p[0])]
    displaced = None
    if len(in_force) == 1 and in_force[0][0] in function.summaries:
        # The phase's only item for the function sums it up in a few words (IV.C.1's
        # preparations "may include, but would not be limited to" the joint use of facilities):
        # the best-worded measure of an earlier phase that still applies answers first when the
        # words that found it are mostly not the summary's (the temporary use of a civilian
        # airport is IV.B.7's; the joint use of the bases stays IV.C.1's).
        summary = in_force[0][0]
        continuing = next((p for p in rest if p[1] == "continuing"), None)
        hit = found.get(continuing[0]) if continuing else None
        if continuing and hit is not None and hit.strong:
            if (
                index.basis_holds(hit.terms, function.id, summary) <= SUMMARY_SHARE
                or _said_in_basis_only(index, function, found, continuing[0], summary, spoken, concepts)
                or (continuing[0] == worded and _the_measure_itself(index, function, found, continuing[0], summary))
            ):
                lifted.append(continuing)
                displaced = summary
    # A setting's item the words do not place the situation in follows the measures that
    # continue into the phases in force (V.A.6's ISR abroad after IV.A.1's during a crisis).
    rest = [p for p in rest if p not in lifted]
    rest.sort(key=lambda p: functions.setting_of(p[0]) is not None)
    order = lifted + in_force + rest + last
    for clause_id, target in function.deferrals:
        # The clause hands the function to another of its instances: that one answers first
        # where the situation is in its own words (chapter VI's critical infrastructure, or
        # reconstituting a lost satellite's capability); a threat to the forces' systems in the
        # words both clauses hold is the handing clause's (a cyberattack on C2 mid-battle).
        ids = [p[0] for p in order]
        if clause_id in ids and target in ids and ids.index(target) > ids.index(clause_id):
            if _said_only_in(found, target, clause_id, spoken):
                order.insert(ids.index(clause_id), order.pop(ids.index(target)))
    return order, displaced


def _taken_over(corpus: Corpus, clause_id: str, home: tuple[str, ...], phases: tuple[str, ...]) -> bool:
    """Whether another phase in force (not one of the clause's `home` phases) applies the clause
    as a measure continued into it: the third-country attack's phase table carries IV.B's
    measures, so with emerging threats and a third-country attack in force IV.B.6 is taken over
    by IV.D.5."""
    return any(slug not in home and clause_id in corpus.applicable_ids((slug,)) for slug in phases)


def _said_in_basis_only(
    index: ClauseIndex,
    function: Function,
    found: dict[str, Hit],
    there: str,
    here: str,
    spoken: frozenset[str],
    concepts: tuple[frozenset[str], ...],
) -> bool:
    """Whether some of the person's words that found clause `there` are in the sentence that
    makes it an instance of the function (its basis), in no other instance's basis and nowhere in
    clause `here`, while none of the words that found `here` is in its own basis and not in
    `there`'s: IV.B.5's "upon request from the United States" and "additional protection" ("on
    USFJ request", "asks us to add protection") against IV.C.1's "reinforced protection" ("beef
    up the guard"). The person's words are their own (`spoken`) and the concepts of the terms
    they used that `there` holds whole."""
    hit, other = found.get(there), found.get(here)
    if hit is None:
        return False
    held = other.terms if other is not None else frozenset()
    worded = hit.terms & spoken
    for concept in concepts:
        if concept and concept <= hit.terms:
            worded |= concept

    def basis(term: str, clause_id: str) -> bool:
        return index.basis_holds(frozenset({term}), function.id, clause_id) > 0

    own = any(
        term not in held
        and basis(term, there)
        and not any(basis(term, clause_id) for clause_id in function.instances if clause_id != there)
        for term in worded
    )
    theirs = any(basis(term, here) and not basis(term, there) for term in held)
    return own and not theirs


def _the_measure_itself(index: ClauseIndex, function: Function, found: dict[str, Hit], there: str, here: str) -> bool:
    """Whether the words ask for the measure of clause `there` itself rather than for what the
    summary `here` lists it for: the summary says what its list is for (`Function.frames`: IV.C.1's
    postures, deployments, the basis for supporting U.S. deployments, "the preparations"), and none
    of the words that found it is one of those, or one of its list item's own (in its basis and not
    in the measure's). "The U.S. Navy asks for extra JMSDF guards at the Yokosuka piers" is IV.B.5's,
    then IV.C.1's; "as part of the preparations, ..." and "reinforced protection at the Sagami depot"
    stay IV.C.1's."""
    if not any(clause_id == here for clause_id, _ in function.frames):
        return False
    other = found.get(here)
    if other is None:
        return True

    def basis(term: str, clause_id: str) -> bool:
        return index.basis_holds(frozenset({term}), function.id, clause_id) > 0

    return not any(
        index.frame_holds(term, function.id, here) or (basis(term, here) and not basis(term, there))
        for term in other.terms
    )


def _said_only_in(found: dict[str, Hit], there: str, here: str, spoken: frozenset[str]) -> bool:
    """Whether some of the person's own words or terms (`spoken`) are found in clause `there`
    and not in clause `here`: "the power grid", "reconstitute" are chapter VI's alone."""
    hit = found.get(there)
    if hit is None:
        return False
    other = found.get(here)
    return bool((hit.terms & spoken) - (other.terms if other is not None else frozenset()))


def _matched_tags(corpus: Corpus, clause_id: str, tags: tuple[str, ...]) -> tuple[str, ...]:
    """The requested tags this clause carries, in the order requested."""
    carried = corpus.clause(clause_id).tags
    return tuple(t for t in tags if t in carried)


def _score(
    cited: bool, matched_tags: tuple[str, ...], tags: int, answer: _Answer | None, *, preparatory: bool
) -> float:
    """A clause's place in the score bands (see `_TIER_WIDTH`): cited by the scenario, the share
    of the `tags` requested that it carries, the words' relevance squashed into [0, 1), and one
    tier down for a preparatory clause."""
    score = 0.0
    if cited:
        score += _SCENARIO_BONUS
    if matched_tags:
        score += 1.0 + len(matched_tags) / tags
    if answer is not None:
        score += answer.relevance / (answer.relevance + _TEXT_SCALE)
    if preparatory:
        score -= _TIER_WIDTH
    return score


def _citation(
    corpus: Corpus,
    clause_id: str,
    score: float,
    cited: set[str],
    tags: tuple[str, ...],
    answer: _Answer | None,
    own: Hit | None,
    text: str,
    *,
    preparatory: bool,
) -> Citation:
    """One clause's citation with its `score` (`_score`): `answer` says why the words put it
    forward (`_answers`), `own` is its own search hit, if any (for the evidence), `preparatory`
    says it does not apply outright."""
    clause = corpus.clause(clause_id)
    evidence: list[str] = []
    sources: list[str] = []
    if clause_id in cited:
        evidence.append("cited by scenario")
        sources.append("scenario")
    matched_tags = _matched_tags(corpus, clause_id, tags)
    if matched_tags:
        evidence.append(("tag: " if len(matched_tags) == 1 else "tags: ") + ", ".join(matched_tags))
        sources.append("tag")
    matched_terms: tuple[str, ...] = ()
    via: tuple[tuple[str, str], ...] = ()
    if answer is not None:
        mine = own if own is not None and (own.matched or own.via) else None
        if mine is not None:
            matched_terms, via = mine.matched, mine.via
            evidence.append(mine.reason)
        if answer.words.id != clause_id:
            found_in = f"{answer.function.title}, worded in {answer.words.id} ({answer.words.reason})"
            evidence.append(f"function: {found_in}")
            if mine is None:
                matched_terms, via = answer.words.matched, answer.words.via
        elif answer.function.declared:
            evidence.append(f"function: {answer.function.title}")
        if answer.standing == "current":
            evidence.append(f"clause of this phase ({' + '.join(answer.home)})")
        elif answer.home:
            note = "" if preparatory else ", also applies here"
            evidence.append(f"clause of {' + '.join(answer.home)}{note}")
        sources.append("text")
    if preparatory:
        evidence.append("may be taken before the situation is determined")
    return Citation(
        id=clause.id,
        title=clause.title,
        score=score,
        reason=_reason(
            clause_id in cited,
            tuple(corpus.tag_name(tag) for tag in matched_tags),
            answer,
            text,
            preparatory=preparatory,
        ),
        evidence="; ".join(evidence),
        source=sources[0],
        sources=tuple(sources),
        matched_tags=matched_tags,
        matched_terms=matched_terms,
        via_terms=via,
        preparatory=preparatory,
        function=answer.function.id if answer is not None and answer.function.declared else None,
        order=clause.order,
    )


def _reason(cited: bool, tags: tuple[str, ...], answer: _Answer | None, text: str, *, preparatory: bool) -> str:
    """The one sentence a facilitator reads aloud: the strongest evidence, in plain words.

    "cited by the scenario"; "PAC-3, incoming warheads → ballistic missile defense, the
    attack phase's item"; "survival-threatening situation → the third country attack phase
    itself"; "the situation is tagged maritime security" (`tags` are the tags' names, as the
    rules call them aloud). A clause that may be taken before its situation is determined says so.
    """
    if cited:
        sentence = "cited by the scenario"
    elif answer is not None:
        sentence = f"{_said(answer.words, text)} → {_place(answer)}"
    else:
        listed = ", ".join(tags[:-1]) + " and " + tags[-1] if len(tags) > 1 else "".join(tags)
        sentence = f"the situation is tagged {listed}"
    if preparatory:
        sentence += "; may be taken before the situation is determined"
    return sentence


_SAID = 2
"""How many of the person's phrases a reason quotes: enough to recognise the situation."""


def _said(hit: Hit, text: str) -> str:
    """The person's own words that found the function, as they wrote them in `text`: the terms
    of the term bank as written ("PAC-3", not what it stands for) and the longest of the phrases
    matched, at most `_SAID` of them, in the order they were said."""
    terms = [spelled for spelled, _ in hit.via]
    longest = sorted(hit.matched, key=lambda phrase: (-len(phrase.split()), -len(phrase)))
    everything = list(dict.fromkeys(terms + longest))
    folded = text.casefold()
    said = sorted(everything[:_SAID], key=lambda words: folded.find(words.split(", ")[0].casefold()))
    return ", ".join(said) + (", …" if len(everything) > len(said) else "")


def _place(answer: _Answer) -> str:
    """What the words found, and where it stands among the phases in force: the function and
    the item of the phase in force, a measure of another phase that also applies, a clause that
    defines no phase (the function alone), or the clause that describes a phase as a whole."""
    phases = " and ".join(p.replace("_", " ") for p in answer.home)
    plural = "s'" if len(answer.home) > 1 else "'s"
    also = ", which also applies here" if answer.standing == "continuing" else ""
    if answer.defines:
        return f"the {phases} phase{'s' if len(answer.home) > 1 else ''} itself{also}"
    if answer.standing == "cross":
        return answer.function.title
    return f"{answer.function.title}, the {phases} phase{plural} item{also}"


def _prefer_specific(corpus: Corpus, scores: dict[str, float]) -> dict[str, float]:
    """Within a tier, rank a parent just below a descendant that scores as well (`scores` by
    clause id, adjusted).

    A chapter carrying the same tag as its items would otherwise tie with them and win on
    document order; the item is the clause that answers.
    """
    adjusted = dict(scores)
    best_below: dict[str, float] = {}
    for clause_id in sorted(scores, key=lambda i: -i.count(".")):
        best = best_below.get(clause_id)
        own = adjusted[clause_id]
        # Only a tie is broken: a descendant that scores higher already ranks first, and a
        # parent in a higher tier (cited by the scenario, say) keeps its place.
        if best is not None and best >= own:
            adjusted[clause_id] = min(own, best - 1e-9)
        parent = corpus.clause(clause_id).parent
        while parent is not None:
            if best_below.get(parent, float("-inf")) < adjusted[clause_id]:
                best_below[parent] = adjusted[clause_id]
            parent = corpus.clause(parent).parent
    return adjusted


def _home_phases(corpus: Corpus, clause_id: str, phases: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The current phases this clause defines, or else the other phases it defines.

    Both are empty for a clause that defines no phase (a cross-cutting chapter, a lead-in).
    """
    defined = corpus.defined_phases(clause_id)
    current = tuple(p for p in phases if p in defined)
    return (current, ()) if current else ((), defined)

"""Citation ranking: what is put in front of the facilitator, in which order, and why (`tabletop cite`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.bench_citations import Figures, Situation, read_situations
from tabletop.cli import cli
from tabletop.errors import UnknownClauseError, UnknownPhaseError, UsageError
from tabletop.rules import ClauseIndex, Corpus, Function, load_rules
from tabletop.session import Citation, hand_citation, rank_citations
from tests.conftest import RunCli

FIXTURE = Path(__file__).parents[1] / "rules" / "search_fixture.yaml"
PHASE_SETS = [
    ("peacetime",),
    ("emerging_threats",),
    ("attack",),
    ("third_country_attack",),
    ("disaster",),
    ("peacetime", "disaster"),
    ("attack", "disaster"),
    ("third_country_attack", "disaster"),
]


@pytest.fixture(scope="module")
def rules() -> Corpus:
    return load_rules(FIXTURE)


@pytest.fixture(scope="module")
def index(rules: Corpus) -> ClauseIndex:
    return ClauseIndex.for_corpus(rules)


rank = rank_citations


def test_scenario_citations_come_first(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(rules, index, ["attack"], cited=["III.A"], tags=["maritime"], text="ballistic missile")
    assert ranked[0].id == "III.A"
    assert ranked[0].reason == "cited by the scenario"
    assert ranked[0].evidence == "cited by scenario"
    assert ranked[0].source == "scenario"


def test_tag_matches_outrank_text_matches(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(rules, index, ["attack"], tags=["maritime"], text="ballistic missile")
    sources = [c.source for c in ranked]
    assert sources.index("text") > max(i for i, s in enumerate(sources) if s == "tag")
    assert ranked[-1].source == "text" or all(s == "tag" for s in sources)


def test_text_relevance_orders_clauses_within_the_tag_tier(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(rules, index, ["attack"], tags=["maritime"], text="secure the sea lines of communication")
    assert [c.id for c in ranked[:1]] == ["IV.C.2.b.iii"]
    # "secure" stems like "security", which most clauses contain: no evidence, not named.
    assert ranked[0].evidence == "tag: maritime; matches: sea lines of communication; clause of this phase (attack)"
    assert (
        ranked[0].reason == "sea lines of communication → Operations to Defend Maritime Areas, the attack phase's item"
    )


def test_each_clause_appears_once_with_all_its_reasons(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(
        rules, index, ["third_country_attack"], cited=["IV.D.3"], tags=["maritime"], text="minesweeping in the strait"
    )
    ids = [c.id for c in ranked]
    assert len(ids) == len(set(ids))
    first = ranked[0]
    assert first.id == "IV.D.3"
    assert first.evidence == (
        "cited by scenario; tag: maritime; matches: minesweeping; clause of this phase (third_country_attack)"
    )
    assert first.reason == "cited by the scenario"
    assert first.sources == ("scenario", "tag", "text")
    assert first.matched_tags == ("maritime",)
    assert first.matched_terms == ("minesweeping",)


def test_clauses_of_another_phase_are_never_suggested(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(
        rules,
        index,
        ["peacetime"],
        cited=["IV.C.2.b.ii"],
        tags=["missile_defense"],
        text="ballistic missile attack intercept",
    )
    assert "IV.C.2.b.ii" not in {c.id for c in ranked}
    assert ranked[0].id == "IV.A.2"


def test_out_of_phase_scenario_citation_is_returned_flagged_only_when_asked(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(
        rules, index, ["peacetime"], cited=["IV.A.2", "IV.C.2.b.ii"], text="missile", include_out_of_phase=True
    )
    flagged = [c for c in ranked if c.out_of_phase]
    assert [c.id for c in flagged] == ["IV.C.2.b.ii"]
    assert flagged[0].evidence == "cited by scenario; not applicable in peacetime"
    assert flagged[0].reason == "cited by the scenario, but it does not apply in peacetime"
    # Below every in-phase citation by the scenario, above every mere suggestion.
    assert [c.id for c in ranked[:2]] == ["IV.A.2", "IV.C.2.b.ii"]
    assert all(not c.out_of_phase for c in ranked[2:])


def test_more_matching_tags_rank_higher(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(rules, index, ["disaster"], tags=["disaster", "search_and_rescue"])
    assert ranked[0].id == "IV.E"
    assert ranked[0].evidence == "tags: disaster, search_and_rescue"
    # The fixture's rules name no tag (`tag_names`): a tag is read as its slug, in words.
    assert ranked[0].reason == "the situation is tagged disaster and search and rescue"


def test_an_item_outranks_its_chapter_when_both_carry_the_tag(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(rules, index, ["peacetime"], tags=["coordination"])
    assert [c.id for c in ranked] == ["III.A", "III"]


def test_ties_keep_document_order(rules: Corpus, index: ClauseIndex) -> None:
    ranked = rank(rules, index, ["emerging_threats"], tags=["maritime"])
    assert [c.id for c in ranked] == ["IV.A.3", "IV.B.2"]


def test_ranking_is_deterministic(rules: Corpus, index: ClauseIndex) -> None:
    cited, tags, text = ["VI.B"], ["maritime", "cyber"], "cyber attack on the port; ships inspected"
    first = rank(rules, index, ["emerging_threats", "disaster"][:1], cited=cited, tags=tags, text=text)
    for _ in range(3):
        assert rank(rules, index, ["emerging_threats"], cited=cited, tags=tags, text=text) == first
    assert rank(rules, ClauseIndex(rules), ["emerging_threats"], cited=cited, tags=tags, text=text) == first


def test_limit_keeps_the_best(rules: Corpus, index: ClauseIndex) -> None:
    everything = rank(rules, index, ["attack"], tags=["maritime"], text="missile")
    assert rank(rules, index, ["attack"], tags=["maritime"], text="missile", limit=2) == everything[:2]
    assert rank(rules, index, ["attack"], text="missile", limit=0) == []


def test_nothing_to_go_on_suggests_nothing(rules: Corpus, index: ClauseIndex) -> None:
    assert rank(rules, index, ["attack"]) == []
    assert rank(rules, index, ["attack"], text="the and of") == []


def test_unknown_tag_is_a_usage_error_with_a_suggestion(rules: Corpus, index: ClauseIndex) -> None:
    with pytest.raises(UsageError, match="did you mean 'maritime'"):
        rank(rules, index, ["attack"], tags=["maritim"])


def test_unknown_cited_clause_is_a_usage_error(rules: Corpus, index: ClauseIndex) -> None:
    with pytest.raises(UnknownClauseError, match=r"IV\.D\.3"):
        rank(rules, index, ["attack"], cited=["IV.D.33"])


def test_unknown_phase_is_a_usage_error(rules: Corpus, index: ClauseIndex) -> None:
    with pytest.raises(UnknownPhaseError):
        rank(rules, index, ["war"], text="missile")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    phases=st.sampled_from(PHASE_SETS),
    cited=st.lists(st.sampled_from(["III", "IV.A.2", "IV.B.4", "IV.C.2.b.ii", "IV.D.3", "IV.E", "VI.B"]), max_size=3),
    tags=st.lists(
        st.sampled_from(["maritime", "missile_defense", "search_and_rescue", "disaster", "cyber"]), max_size=3
    ),
    text=st.lists(
        st.sampled_from(
            [
                "missile",
                "ballistic",
                "sea",
                "lines",
                "of",
                "mines",
                "rescue",
                "earthquake",
                "cyber",
                "space",
                "ISR",
                '"*(-:',
                "弾道",
                ",",
                "AND",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)
def test_no_out_of_phase_clause_is_ever_suggested(
    rules: Corpus, index: ClauseIndex, phases: tuple[str, ...], cited: list[str], tags: list[str], text: str
) -> None:
    applicable = rules.applicable_ids(phases)
    ranked = rank(rules, index, phases, cited=cited, tags=tags, text=text)
    assert {c.id for c in ranked} <= applicable
    assert not any(c.out_of_phase for c in ranked)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    with_flagged = rank(rules, index, phases, cited=cited, tags=tags, text=text, include_out_of_phase=True)
    assert {c.id for c in with_flagged if c.out_of_phase} == set(cited) - applicable
    assert {c.id for c in with_flagged if not c.out_of_phase} <= applicable


def test_hand_citation_is_marked_out_of_phase_but_never_refused(rules: Corpus) -> None:
    out = hand_citation(rules, ["peacetime"], "IV.C.2.b.ii", "the room asked about intercept authority")
    assert out.out_of_phase
    assert out.source == "facilitator"
    assert out.reason == "the room asked about intercept authority; not applicable in peacetime"
    inside = hand_citation(rules, ["attack"], "IV.C.2.b.ii")
    assert not inside.out_of_phase
    assert inside.reason == "cited by the facilitator"
    with pytest.raises(UnknownClauseError):
        hand_citation(rules, ["attack"], "IV.Z")


# -- the command line ---------------------------------------------------------


def test_cite_json_is_a_ranked_list_with_the_contract_fields(run_cli: RunCli) -> None:
    status, out, err = run_cli(
        "--rules",
        str(FIXTURE),
        "cite",
        "--phase",
        "third_country_attack",
        "--tag",
        "maritime",
        "--format",
        "json",
        "mines",
        "in",
        "the",
        "strait",
    )
    assert status == 0, err
    data = json.loads(out)
    assert data[0]["id"] == "IV.D.3"
    assert data[0]["evidence"] == "tag: maritime; matches: mines; clause of this phase (third_country_attack)"
    assert data[0]["reason"] == "mines → Maritime Operations, the third country attack phase's item"
    for item in data:
        assert {"id", "title", "score", "reason", "evidence", "function", "source", "out_of_phase"} <= set(item)
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)


def test_cite_text_output_lists_reasons_and_marks_out_of_phase_citations(run_cli: RunCli) -> None:
    status, out, err = run_cli(
        "--rules", str(FIXTURE), "cite", "--phase", "peacetime", "--cited", "IV.C.2.b.ii", "missile launch"
    )
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "Clauses for peacetime, best first:"
    assert "IV.C.2.b.ii" in lines[1] and "[out of phase]" in lines[1]
    assert "IV.A.2" in lines[3]
    assert lines[4].strip() == "missile launch → Air and Missile Defense, the peacetime phase's item"


def test_cite_shows_the_detailed_evidence_under_each_reason_when_asked(run_cli: RunCli) -> None:
    args = ("--rules", str(FIXTURE), "cite", "--phase", "third_country_attack", "--tag", "maritime", "mines")
    status, plain, err = run_cli(*args)
    assert status == 0, err
    assert "evidence:" not in plain
    status, out, err = run_cli(*args, "--evidence")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[2].strip() == "mines → Maritime Operations, the third country attack phase's item"
    assert lines[3].strip() == "evidence: tag: maritime; matches: mines; clause of this phase (third_country_attack)"
    # The evidence lines are added; nothing else changes.
    assert [line for line in plain.splitlines() if "evidence" not in line] == [
        line for line in lines if "evidence:" not in line
    ]


def test_cite_with_a_disaster_during_a_security_phase(run_cli: RunCli) -> None:
    status, out, err = run_cli(
        "--rules",
        str(FIXTURE),
        "cite",
        "--phase",
        "disaster",
        "--phase",
        "attack",
        "--format",
        "json",
        "earthquake",
        "and",
        "missile",
        "attack",
    )
    assert status == 0, err
    ids = [d["id"] for d in json.loads(out)]
    assert "IV.E" in ids and "IV.C.2.b.ii" in ids


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--phase", "atack", "mines"], "did you mean 'attack'"),
        (["--phase", "attack", "--tag", "maritim", "mines"], "did you mean 'maritime'"),
        (["--phase", "peacetime", "--phase", "attack", "mines"], "cannot hold at once"),
        (["--phase", "attack", "--cited", "IV.C.9", "mines"], "no clause has the id"),
        (["--phase", "attack"], "describe the situation"),
        (["mines"], "--phase"),
    ],
)
def test_cite_usage_errors_exit_2_with_a_message(run_cli: RunCli, args: list[str], message: str) -> None:
    status, _, err = run_cli("--rules", str(FIXTURE), "cite", *args)
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_cite_reads_the_situation_from_standard_input() -> None:
    from tabletop.cli import run_guarded

    runner = CliRunner()
    with runner.isolation(input="Mines laid across the strait.\n") as (out, _err, *_):
        status = run_guarded(
            cli, ["--rules", str(FIXTURE), "cite", "--phase", "third_country_attack", "--format", "json", "-"]
        )
        data = json.loads(out.getvalue().decode())
    assert status == 0
    assert data[0]["id"] == "IV.D.3"


# -- the gold set: ranking quality on the real corpus -------------------------

GOLD = Path(__file__).with_name("gold_citations.yaml")


@pytest.fixture(scope="module")
def guidelines() -> Corpus:
    """The bundled Guidelines corpus (not a test fixture file): the gold set is about it."""
    return load_rules()


@pytest.fixture(scope="module")
def guidelines_index(guidelines: Corpus) -> ClauseIndex:
    return ClauseIndex.for_corpus(guidelines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_reason_from_tags_names_them_in_words_never_by_slug(
    guidelines: Corpus, guidelines_index: ClauseIndex, data: st.DataObject
) -> None:
    """Every tag of the bundled rules has a name to be read aloud: a clause suggested for the
    situation's tags says which, in words ("the situation is tagged maritime security")."""
    tags = data.draw(st.lists(st.sampled_from(sorted(guidelines.tags)), min_size=1, max_size=3, unique=True))
    phase = data.draw(st.sampled_from([p.slug for p in guidelines.phases]))
    from_tags = [c for c in rank(guidelines, guidelines_index, [phase], tags=tags) if c.source == "tag"]
    for citation in from_tags:
        names = [guidelines.tag_name(tag) for tag in citation.matched_tags]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        said = citation.reason.removesuffix("; may be taken before the situation is determined")
        assert said == f"the situation is tagged {listed}", (citation.reason, citation.matched_tags)
        assert "_" not in citation.reason
        assert _reads_aloud(citation.reason), citation.reason


GROUPS = {
    "development": "situations",  # written with, or used to tune, the keywords and the ranker
    "held-out": "held_out",  # written fresh from the Guidelines; never tuned on
    "held-out-2": "held_out_2",  # a second fresh batch, measured before and after ranker work only
    "held-out-3": "held_out_3",  # another author; sealed until the term bank's third round read it
}

# The gold set proper is the development and first held-out groups: its expected clause (strictly
# `expect`, not an alternate) must be in the top three for at least 90% of situations, in each
# group and together. The later held-out batches are harder probes of generalisation, in plainer
# room language: the second measured 63.8% when it was written, and some of its missing words
# later reached the keywords, so it is no longer clean; the third was sealed from everyone who
# tuned anything and measured 78.5% before the systematic keyword pass and 89.2% after it
# (docs/citations.md, "How good is the ranking?"); with the ranking in two steps (the function
# from the words, the clause from the phase) they measure 89.4% and 95.4%, 93.6% and 98.5%
# after the ranking's seventh round, and 93.6% and 100% after the ninth (the floors follow what
# is measured). The third stayed
# sealed until the term bank's third round read its misses with those of held-out 4 and 5
# (held-out 28 and 29 are the sealed sets now: test_held_out_sets.py). Their floors sit a little
# under what they measure now, to catch a regression; they are not the goal, and raising them is open
# work, never editing the situations.
GOLD_SET = ("development", "held-out")
TOP3_FLOORS = {"development": 1.0, "held-out": 1.0, "held-out-2": 0.97, "held-out-3": 1.0}
TOP3_GOAL = 0.9


def load_gold() -> dict[str, list[Situation]]:
    """The gold situations by group: development first, then the held-out groups."""
    return {group: read_situations(GOLD, key) for group, key in GROUPS.items()}


def test_gold_set_is_well_formed_and_covers_every_phase_and_chapter(guidelines: Corpus) -> None:
    corpus = guidelines
    groups = load_gold()
    gold = [g for situations in groups.values() for g in situations]
    assert len(groups["development"]) >= 40
    assert len(groups["held-out"]) >= 20
    assert len(groups["held-out-2"]) >= 30
    assert len(groups["held-out-3"]) >= 40
    assert len({g["id"] for g in gold}) == len(gold)
    assert len({" ".join(g["situation"].split()) for g in gold}) == len(gold)
    for g in gold:
        assert set(g) <= {"id", "phases", "situation", "tags", "expect", "also_acceptable"}, g["id"]
        applicable = corpus.applicable_ids(g["phases"])
        assert g["expect"] in applicable, f"{g['id']}: expected clause is out of phase"
        alternates = g.get("also_acceptable", [])
        assert g["expect"] not in alternates and len(set(alternates)) == len(alternates), g["id"]
        assert set(alternates) <= applicable, f"{g['id']}: an acceptable alternate is out of phase"
    for situations in groups.values():
        assert {p for g in situations for p in g["phases"]} == set(corpus.phase_slugs)
        assert {"III", "IV", "V", "VI", "VII"} <= {g["expect"].split(".")[0] for g in situations}
    # Two phases at once (a disaster during a security phase) are part of every fresh batch.
    assert sum(len(g["phases"]) > 1 for g in groups["held-out-2"]) >= 5


def _gold_ranks(
    corpus: Corpus, index: ClauseIndex, situations: list[Situation]
) -> tuple[list[int | None], list[int | None]]:
    """Where each situation's expected clause is ranked, strictly and counting the acceptable
    alternates (None: not suggested). Never printed: a sealed set's misses are not looked at."""
    strict: list[int | None] = []
    lenient: list[int | None] = []
    for g in situations:
        ranked = rank_citations(corpus, index, g["phases"], tags=g.get("tags", ()), text=g["situation"])
        applicable = corpus.applicable_ids(g["phases"])
        preparatory = corpus.preparatory_ids(g["phases"])
        assert {c.id for c in ranked} <= applicable | preparatory, f"{g['id']}: an out-of-phase clause was suggested"
        # A clause that may be taken before its situation is determined follows every clause
        # that applies outright, and says why.
        flags = [c.preparatory for c in ranked]
        assert flags == sorted(flags), f"{g['id']}: a preparatory clause ranked above one that applies"
        assert all(c.preparatory == (c.id in preparatory) for c in ranked)
        assert all("before the situation is determined" in c.reason for c in ranked if c.preparatory)
        assert all(_reads_aloud(c.reason) for c in ranked), f"{g['id']}: a reason is not a sentence"
        ids = [c.id for c in ranked]
        rank = ids.index(g["expect"]) + 1 if g["expect"] in ids else None
        accepted = [ids.index(i) + 1 for i in (g["expect"], *g.get("also_acceptable", ())) if i in ids]
        strict.append(rank)
        lenient.append(min(accepted, default=None))
    return strict, lenient


def _reads_aloud(reason: str) -> bool:
    """A reason is one short sentence: no evidence syntax ("matches:", "tag:", "clause of this
    phase"), no run of evidence joined by semicolons, short enough to say in one breath."""
    sentence = reason.removesuffix("; may be taken before the situation is determined")
    return (
        ";" not in sentence
        and not any(mark in sentence for mark in ("matches:", "tag:", "tags:", "clause of"))
        and len(sentence) <= 160
    )


def test_gold_set_ranking_quality(guidelines: Corpus) -> None:
    """No out-of-phase clause is ever suggested; the expected clause is in the top 3 for at least
    90% of the gold set and of each of its groups, and for at least the recorded floor of the
    generalisation probes (`TOP3_FLOORS`, strict). The figures themselves are printed by
    `python -m benchmarks` (benchmarks/bench_citations.py), never by the tests: a held-out miss on
    screen is an invitation to tune on it."""
    index = ClauseIndex.for_corpus(guidelines)
    failures = []
    gold_set: list[int | None] = []
    for group, situations in load_gold().items():
        ranks, _lenient = _gold_ranks(guidelines, index, situations)
        if group in GOLD_SET:
            gold_set += ranks
        top3 = Figures.of(ranks).top3
        if top3 < TOP3_FLOORS[group]:
            failures.append(f"{group}: top-3 {top3:.1%} < {TOP3_FLOORS[group]:.0%}")
    top3 = Figures.of(gold_set).top3
    if top3 < TOP3_GOAL:
        failures.append(f"gold set: top-3 {top3:.1%} < {TOP3_GOAL:.0%}")
    assert not failures, "\n".join(failures)


def test_the_current_phase_clause_answers_before_a_look_alike_of_another_phase(guidelines: Corpus) -> None:
    corpus = guidelines
    ranked = rank_citations(
        corpus, ClauseIndex.for_corpus(corpus), ["attack"], text="ballistic missile launched toward Okinawa"
    )
    assert [c.id for c in ranked[:2]] == ["IV.C.2.b.ii", "IV.A.2"]
    assert ranked[0].evidence.startswith("matches: ballistic missile launched; function: ballistic missile defense")
    assert ranked[0].evidence.endswith("; clause of this phase (attack)")
    assert ranked[1].evidence == (
        "matches: ballistic missile launched; function: ballistic missile defense; clause of peacetime, also applies here"
    )
    assert ranked[0].reason == "ballistic missile launched → ballistic missile defense, the attack phase's item"
    assert ranked[1].reason == (
        "ballistic missile launched → ballistic missile defense, the peacetime phase's item, which also applies here"
    )


def test_a_clause_of_another_phase_that_matches_clearly_better_still_wins(guidelines: Corpus) -> None:
    corpus = guidelines
    ranked = rank_citations(
        corpus,
        ClauseIndex.for_corpus(corpus),
        ["peacetime"],
        text="plan and train now for evacuating our citizens from a country in crisis",
    )
    assert ranked[0].id == "IV.B.1"
    assert ranked[0].evidence.endswith("clause of emerging_threats, also applies here")
    assert ranked[0].reason.endswith(
        "→ noncombatant evacuation, the emerging threats phase's item, which also applies here"
    )


def test_cross_cutting_clauses_carry_no_phase_note(guidelines: Corpus) -> None:
    corpus = guidelines
    ranked = rank_citations(
        corpus, ClauseIndex.for_corpus(corpus), ["attack"], text="ransomware hits the networks the forces depend on"
    )
    cyber = next(c for c in ranked if c.id == "VI.B")
    assert "phase" not in cyber.reason and "also applies" not in cyber.reason


def test_iv_b_in_peacetime_is_suggested_as_preparatory_below_clauses_that_apply(guidelines: Corpus) -> None:
    # IV.B's measures "may be taken ... in circumstances that have not yet amounted to such a
    # situation": suggested in peacetime, said to be preparatory, never above an outright clause.
    index = ClauseIndex.for_corpus(guidelines)
    ranked = rank_citations(
        guidelines, index, ["peacetime"], tags=["maritime"], text="inspection of ships suspected of carrying arms"
    )
    by_id = {c.id: c for c in ranked}
    assert by_id["IV.B.2"].preparatory and "may be taken before the situation is determined" in by_id["IV.B.2"].reason
    assert not by_id["IV.A.3"].preparatory
    first_preparatory = next(i for i, c in enumerate(ranked) if c.preparatory)
    assert all(c.preparatory for c in ranked[first_preparatory:])
    # Once the situation is determined, IV.B.2 applies outright.
    ranked = rank_citations(
        guidelines,
        index,
        ["emerging_threats"],
        tags=["maritime"],
        text="inspection of ships suspected of carrying arms",
    )
    assert not any(c.preparatory for c in ranked) and ranked[0].id == "IV.B.2"


def test_a_scenario_citation_of_a_preparatory_clause_is_in_phase(guidelines: Corpus) -> None:
    index = ClauseIndex.for_corpus(guidelines)
    ranked = rank_citations(guidelines, index, ["peacetime"], cited=["IV.B", "IV.A.3"], include_out_of_phase=True)
    by_id = {c.id: c for c in ranked}
    assert not by_id["IV.B"].out_of_phase and by_id["IV.B"].preparatory
    assert [c.id for c in ranked[:2]] == ["IV.A.3", "IV.B"]
    assert not hand_citation(guidelines, ["peacetime"], "IV.B.2").out_of_phase
    assert hand_citation(guidelines, ["peacetime"], "IV.C.2").out_of_phase


# -- reasons a facilitator trusts: terms, no filler, word boundaries, a floor ----


def _cite(
    corpus: Corpus, phases: Iterable[str], text: str, *, tags: Sequence[str] = (), limit: int | None = None
) -> list[Citation]:
    return rank_citations(corpus, ClauseIndex.for_corpus(corpus), phases, text=text, tags=tags, limit=limit)


def test_the_pronoun_us_never_matches_the_united_states(guidelines: Corpus) -> None:
    assert _cite(guidelines, ["peacetime"], "a neighbour asked us for help") == []
    ranked = _cite(guidelines, ["peacetime"], "US destroyers ask us to escort them; protect the U.S. ships")
    assert ranked and all("us" not in (w.casefold() for p in c.matched_terms for w in p.split()) for c in ranked)
    assert all("U.S." not in c.reason for c in ranked)


def test_filler_words_are_never_searched_nor_shown(guidelines: Corpus) -> None:
    text = "one point of order: the system across the exercising units needs help"
    assert _cite(guidelines, ["peacetime"], text) == []
    ranked = _cite(guidelines, ["peacetime"], "one point: the space systems across the region need help")
    assert ranked[0].id == "VI.A"
    assert ranked[0].matched_terms == ("space systems",)


def test_korean_nationals_are_not_the_korean_peninsula(guidelines: Corpus) -> None:
    """ "Korean" counts only in "Korean Peninsula": Korean nationals on an evacuation flight are
    not an emerging situation on the peninsula."""
    ranked = _cite(guidelines, ["anticipated_attack"], "Korean and Thai nationals want seats on our evacuation flights")
    assert ranked[0].id == "IV.B.1"
    assert not any("Korean" in c.reason for c in ranked)
    assert _cite(guidelines, ["emerging_threats"], "a Korean Peninsula contingency is brewing")[0].id == "IV.B"


def test_behind_enemy_lines_is_not_the_sea_lines_of_communication(guidelines: Corpus) -> None:
    ranked = _cite(guidelines, ["attack"], "a pilot went down behind enemy lines")
    assert ranked[0].id == "IV.C.2.c.ii"
    assert not any("lines" in c.reason for c in ranked)
    assert "IV.C.2.b.iii" not in {c.id for c in ranked}
    kept = _cite(guidelines, ["attack"], "keep the sea lines of communication open")
    assert kept[0].id == "IV.C.2.b.iii" and "sea lines of communication" in kept[0].reason


def test_an_irrelevant_situation_suggests_nothing_and_says_so(guidelines: Corpus, run_cli: RunCli) -> None:
    assert _cite(guidelines, ["attack"], "lunch is ready in the canteen") == []
    status, out, err = run_cli("cite", "--phase", "attack", "lunch is ready in the canteen")
    assert status == 0, err
    assert out == "Nothing in the clauses that apply in attack fits this situation; no clause is suggested.\n"
    status, out, err = run_cli("cite", "--phase", "attack", "--format", "json", "lunch is ready in the canteen")
    assert status == 0 and json.loads(out) == []
    assert "Nothing in the clauses that apply in attack fits" in err


def test_weak_look_alikes_fall_under_the_floor(guidelines: Corpus) -> None:
    # "foreign" alone is found in the body of a few clauses: no evidence, nothing suggested;
    # beside a real match it no longer drags in the clauses it happens to occur in (VII.A).
    assert _cite(guidelines, ["peacetime"], "something foreign") == []
    ranked = _cite(guidelines, ["peacetime"], "foreign warship")
    # IV.A.3 defines peacetime, V.A.3 cuts across phases, IV.B.2 (inspection of ships) is
    # preparatory in peacetime: listed last, saying so.
    assert [c.id for c in ranked] == ["IV.A.3", "V.A.3", "IV.B.2"]
    assert [c.preparatory for c in ranked] == [False, False, True]
    assert ranked[2].evidence == (
        "matches: warship → ships and vessels; function: maritime security; clause of emerging_threats; "
        "may be taken before the situation is determined"
    )
    assert ranked[2].reason == (
        "warship → maritime security, the emerging threats phase's item; may be taken before the situation is determined"
    )
    assert all("foreign" not in c.reason and "foreign" not in c.evidence for c in ranked)


def test_a_tag_still_suggests_its_clauses_when_the_words_are_weak(guidelines: Corpus) -> None:
    ranked = _cite(guidelines, ["peacetime"], "lunch is ready", tags=["maritime"])
    maritime = {c.id for c in guidelines if "maritime" in c.tags}
    outright = [c for c in ranked if not c.preparatory]
    preparatory = [c for c in ranked if c.preparatory]
    assert {c.id for c in outright} == guidelines.applicable_ids(["peacetime"]) & maritime
    assert {c.id for c in preparatory} == guidelines.preparatory_ids(["peacetime"]) & maritime
    assert ranked == outright + preparatory
    assert all(c.evidence == "tag: maritime" for c in outright)
    assert all(c.evidence == "tag: maritime; may be taken before the situation is determined" for c in preparatory)
    assert all(c.reason == "the situation is tagged maritime security" for c in outright)
    assert all(
        c.reason == "the situation is tagged maritime security; may be taken before the situation is determined"
        for c in preparatory
    )


def test_practitioners_terms_find_their_clauses_and_explain_the_match(guidelines: Corpus) -> None:
    ranked = _cite(guidelines, ["attack"], "PAC-3 batteries fire at incoming warheads")
    assert ranked[0].id == "IV.C.2.b.ii"
    assert "PAC-3 → ballistic missile defense" in ranked[0].evidence
    # The reason quotes the term as the room said it; what it stands for is in the evidence.
    assert (
        ranked[0].reason.startswith("PAC-3")
        and "ballistic missile defense, the attack phase's item" in ranked[0].reason
    )
    assert ranked[0].via_terms == (("PAC-3", "ballistic missile defense"),)
    assert ranked[0].to_json()["terms"] == [{"term": "PAC-3", "concept": "ballistic missile defense"}]
    assert _cite(guidelines, ["peacetime"], "stand up the JJOC liaison cell")[0].id == "III.B"


def test_under_fire_is_not_a_live_fire_exercise(guidelines: Corpus) -> None:
    # "fire" counts only beside a word it forms a phrase with in some clause ("live fire").
    assert _cite(guidelines, ["attack"], "enemy artillery fire hits the barracks") == []
    live = _cite(guidelines, ["peacetime"], "a live-fire exercise at the training range")
    assert live[0].id == "IV.A.5" and live[0].reason.startswith("live-fire, ")


def test_defending_the_other_sides_forces_is_asset_protection_in_each_phase(guidelines: Corpus) -> None:
    text = "The U.S. barracks are under fire. Can SDF units defend US forces there?"
    ranked = _cite(guidelines, ["attack"], text, limit=3)
    assert ranked[0].id == "IV.C.2.a"
    assert ranked[0].reason == "defend US forces → asset protection, the attack phase's item"
    assert "IV.A.5" not in {c.id for c in ranked}
    assert _cite(guidelines, ["third_country_attack"], "Can SDF units defend US forces there?")[0].id == "IV.D.1"
    assert _cite(guidelines, ["peacetime"], "Can SDF units defend US forces during the exercise?")[0].id == "IV.A.4"


def test_a_place_says_where_the_situation_is_not_what_it_asks(guidelines: Corpus) -> None:
    # Okinawa stands for islands, which the ground operations defend; beside the fuel and
    # ammunition the room asks about, it is only where the Marines are.
    text = "The Marines on Okinawa are short of fuel and ammunition; can commercial shipping fill the gap?"
    ranked = _cite(guidelines, ["attack"], text, limit=3)
    assert [c.id for c in ranked[:2]] == ["IV.C.2.c.iii", "IV.C.2.b.iv"]
    assert ranked[0].reason == "fuel, ammunition, shipping → logistic support, the attack phase's item"
    # Where the place is all there is, or the words are about it, it still finds the islands.
    assert _cite(guidelines, ["attack"], "Okinawa")[0].id == "IV.C.2.b.iv"
    landing = _cite(guidelines, ["attack"], "Enemy troops are landing on Miyako")[0]
    assert landing.id == "IV.C.2.b.iv" and landing.reason.startswith("landing, Miyako → ")


JAPANESE = Path(__file__).with_name("japanese_citations.yaml")


def _japanese() -> list[Situation]:
    return read_situations(JAPANESE)


@pytest.mark.parametrize("case", _japanese(), ids=lambda case: case["id"])
def test_japanese_legal_terms_find_their_clauses(guidelines: Corpus, case: Situation) -> None:
    ranked = _cite(guidelines, case["phases"], case["situation"])
    assert ranked[0].id == case["expect"]
    assert "→" in ranked[0].reason


def test_clauses_search_accepts_japanese_text(run_cli: RunCli) -> None:
    status, out, err = run_cli("clauses", "search", "--format", "json", "--limit", "1", "武力攻撃予測事態")
    assert status == 0, err
    data = json.loads(out)
    assert data[0]["id"] == "IV.C.1"
    assert data[0]["terms"] == [{"term": "武力攻撃予測事態", "concept": "armed attack against Japan is anticipated"}]


def _translated() -> list[dict[str, object]]:
    import yaml

    situations: list[dict[str, object]] = yaml.safe_load(JAPANESE.read_text(encoding="utf-8"))["translated"]
    return situations


def test_japanese_in_a_staff_officers_words_finds_the_clause_nearly_as_english_does(guidelines: Corpus) -> None:
    """The development sets' English situations written in Japanese, with the room's shorthand,
    full-width letters and middle dots: measured 75.9% first and 97.6% in the top three when the
    term bank learned the Guidelines' Japanese (50.6% and 69.9% before), 78.3% and 97.6% after the
    ranking's seventh round, 79.5% and 97.6% after the eighth, 88.0% and 98.8% after the ninth
    (which read how two phases at once are written in Japanese), 90.4% and 98.8% after the tenth,
    the eleventh and the twelfth. A regression guard."""
    index = ClauseIndex.for_corpus(guidelines)
    ranks: list[int | None] = []
    for case in _translated():
        phases = guidelines.phase_combination(list(case["phases"]))  # type: ignore[call-overload]
        ids = [c.id for c in rank_citations(guidelines, index, phases, text=str(case["situation"]))]
        ranks.append(ids.index(str(case["expect"])) + 1 if case["expect"] in ids else None)
    figures = Figures.of(ranks)
    assert figures.top1 >= 0.90 and figures.top3 >= 0.98, figures


@pytest.mark.parametrize(
    ("phases", "text", "first", "said"),
    [
        # the official Japanese heading of a function finds the phase's own item
        (["attack"], "南西諸島上空の航空優勢を失いつつある。戦闘機で補いたい。", "IV.C.2.b.i", "航空優勢"),
        # the room's shorthand for the ACM
        (["emerging_threats"], "今夜、調整メカニズムを立ち上げた。外務省も入れるか。", "III.A", "調整メカニズム"),
        # a full-width acronym, typed on a Japanese keyboard, and an inflected verb's stem
        (["peacetime"], "北朝鮮がＩＲＢＭを発射し、EEZ内に落下。", "IV.A.2", "ＩＲＢＭ"),
        (["peacetime"], "2015年のガイドラインを見直すのか、誰が決めるのか。", "VIII", "見直"),
        # a middle dot inside the Guidelines' own term
        (["attack"], "撃墜された米軍機の搭乗員の捜索・救難を行う。", "IV.C.2.c.ii", "捜索・救難"),
        # the third country attack's item of logistics, from the parties the Guidelines name
        (["third_country_attack"], "地方公共団体と民間の船舶で米軍に燃料を届けたい。", "IV.D.5", None),
    ],
)
def test_japanese_words_find_the_function_and_the_phase_picks_the_clause(
    guidelines: Corpus, phases: list[str], text: str, first: str, said: str | None
) -> None:
    ranked = rank_citations(guidelines, ClauseIndex.for_corpus(guidelines), phases, text=text)
    assert ranked and ranked[0].id == first
    # The reason quotes the Japanese as it was written, then what it found in the Guidelines.
    assert "→" in ranked[0].reason
    if said:
        assert said in ranked[0].reason


@pytest.mark.parametrize(
    ("phases", "text", "first", "above"),
    [
        # refuelling U.S. ships at sea during emerging threats: the logistic support of this
        # phase, not the peacetime one (which used to come first, with IV.B.6 outside the top 3)
        (["emerging_threats"], "The U.S. Navy asks us to refuel its destroyers at sea", "IV.B.6", "IV.A.6"),
        # "tell the press" reaches the strategic-messaging passage
        (["peacetime"], "we need to tell the press what the alliance is doing", "IV", None),
        # jamming radios in an attack: communications and electronics, not space
        (["attack"], "the enemy is jamming our radios", "IV.C.2.c.i", "VI.A"),
        # fuel and ammunition in a third-country attack: that phase's logistics support
        (["third_country_attack"], "U.S. forces ask for fuel and ammunition", "IV.D.5", "IV.A.6"),
    ],
)
def test_the_typical_misses_are_answered(
    guidelines: Corpus, phases: list[str], text: str, first: str, above: str | None
) -> None:
    ranked = [c.id for c in _cite(guidelines, phases, text)]
    assert ranked[0] == first
    if above in ranked:
        assert ranked.index(first) < ranked.index(above)


@pytest.mark.parametrize(
    ("phases", "text", "first", "words"),
    [
        # shielding a U.S. ship during a drill is asset protection, not training
        (
            ["peacetime"],
            "A foreign fighter makes dangerous passes at a U.S. destroyer; may our escort shield it?",
            "IV.A.4",
            "shield",
        ),
        # damage imagery after a quake is the disaster's incident awareness and assessment
        (["disaster"], "U.S. drones offer damage imagery of the collapsed villages for the prefecture", "IV.E", None),
        # where incoming aircraft bed down is the use of facilities of the phase in force
        (
            ["emerging_threats"],
            "Where do the incoming Marine aviation units bed down? They want Tsuiki",
            "IV.B.7",
            None,
        ),
    ],
)
def test_everyday_english_for_the_guidelines_functions_finds_the_item_of_the_phase(
    guidelines: Corpus, phases: list[str], text: str, first: str, words: str | None
) -> None:
    ranked = _cite(guidelines, phases, text)
    assert ranked and ranked[0].id == first
    if words:
        assert words in ranked[0].reason


_WORDS = [
    "missile",
    "ballistic",
    "sea",
    "lines",
    "of",
    "communication",
    "behind",
    "enemy",
    "one",
    "point",
    "order",
    "system",
    "across",
    "exercising",
    "us",
    "U.S.",
    "help",
    "the",
    "and",
    "PAC-3",
    "Aegis",
    "Yonaguni",
    "JCG",
    "存立危機事態",
    "重要影響事態",
    "mines",
    "refuel",
    "fuel",
    "press",
    "jamming",
    "radios",
    "earthquake",
    "cyber",
    "space",
    "satellites",
    "pilot",
    "rescue",
    "evacuation",
    "ISR",
    "NEO",
]


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    phases=st.sampled_from(
        [
            ("peacetime",),
            ("emerging_threats",),
            ("anticipated_attack",),
            ("attack",),
            ("third_country_attack",),
            ("disaster",),
            ("attack", "disaster"),
        ]
    ),
    text=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14).map(" ".join),
)
def test_no_reason_ever_shows_a_stop_word(guidelines: Corpus, phases: tuple[str, ...], text: str) -> None:
    from tabletop.rules import CONNECTORS, FILLER_WORDS, STOP_WORDS

    for citation in _cite(guidelines, phases, text):
        for phrase in citation.matched_terms:
            words = [w.casefold() for w in phrase.replace("-", " ").split()]
            assert words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS, phrase
            assert all(w in CONNECTORS or w not in STOP_WORDS for w in words), phrase
            assert not FILLER_WORDS.intersection(words), phrase
        assert guidelines.applicability(citation.id, phases) == ("preparatory" if citation.preparatory else "applies")


def test_no_filler_word_in_any_reason_on_every_gold_situation(guidelines: Corpus) -> None:
    from tabletop.rules import FILLER_WORDS

    everything = [g for group in load_gold().values() for g in group] + load_held_out_4()
    for g in everything:
        for citation in _cite(guidelines, g["phases"], g["situation"], tags=g.get("tags", ())):
            words = {w.casefold() for phrase in citation.matched_terms for w in phrase.split()}
            assert not FILLER_WORDS & words, (g["id"], citation.reason)


# -- held-out 4: written before the term bank, the stop list and the floor; sealed until the
# -- term bank's third round read its misses

HELD_OUT_4 = Path(__file__).with_name("held_out_citations_4.yaml")
# Measured once before the work it judges (top-1 68.2%, top-3 83.2%, MRR 0.767) and once after
# (top-1 75.7%, top-3 90.7%, MRR 0.837), with the phase model of that time; then the phase model
# changed (chapter V, VII's lead-in and VII.B apply in every phase of Japan's own situation, IV.B
# is preparatory in peacetime) and the ranking was weighed for it without looking at this set:
# measured once after that, top-1 75.7%, top-3 86.9%, MRR 0.828, and the floor went from 88% to
# 85%. The ranking in two steps (the function from the words, the clause from the phase) then
# measured top-1 80.4%, top-3 91.6%, MRR 0.869 (docs/citations.md): the floor is that, less
# rounding. The term bank's third round read its misses (with those of held-out 3 and 5) and it
# measured top-1 83.2%, top-3 92.5%, MRR 0.885: the floor is that, less rounding. After the
# ranking's seventh round it measured top-1 86.9%, top-3 93.5%, MRR 0.909, and the floor followed;
# after the ninth, 86.9%, 94.4%, 0.911.
# It guards against regression; it is not the goal, and the situations are never edited.
HELD_OUT_4_TOP3_FLOOR = 0.95


def load_held_out_4() -> list[Situation]:
    return read_situations(HELD_OUT_4)


def test_held_out_4_is_well_formed_and_covers_every_phase(guidelines: Corpus) -> None:
    import re

    from tabletop.rules import STOP_WORDS

    situations = load_held_out_4()
    assert len(situations) >= 80
    assert len({g["id"] for g in situations}) == len(situations)
    assert {p for g in situations for p in g["phases"]} == set(guidelines.phase_slugs)

    def stems(text: str) -> set[str]:  # words without stop words, compared on their first five letters
        return {w.casefold()[:5] for w in re.findall(r"[^\W_]+", text) if w.casefold() not in STOP_WORDS}

    disjoint = 0
    for g in situations:
        applicable = guidelines.applicable_ids(guidelines.phase_combination(g["phases"]))
        assert g["expect"] in applicable and set(g.get("also_acceptable", [])) <= applicable, g["id"]
        disjoint += not stems(g["situation"]) & stems(guidelines.clause(g["expect"]).title)
    assert disjoint >= len(situations) / 3


def test_held_out_4_ranking_quality(guidelines: Corpus) -> None:
    """No out-of-phase suggestion on the batch, and no regression under its floor."""
    index = ClauseIndex.for_corpus(guidelines)
    strict, _lenient = _gold_ranks(guidelines, index, load_held_out_4())
    assert Figures.of(strict).top3 >= HELD_OUT_4_TOP3_FLOOR


def test_every_reason_on_the_held_out_sets_is_a_sentence_and_no_suggestion_is_out_of_phase(guidelines: Corpus) -> None:
    # The invariants of `_gold_ranks` (phases, preparatory order, reasons), nothing about ranks.
    import yaml

    index = ClauseIndex.for_corpus(guidelines)
    later = [
        yaml.safe_load(Path(__file__).with_name(name).read_text(encoding="utf-8"))["situations"]
        for name in (
            "held_out_citations_5.yaml",
            "held_out_citations_6.yaml",
            "held_out_citations_7.yaml",
            "held_out_citations_8.yaml",
            "held_out_citations_9.yaml",
            "held_out_citations_10.yaml",
            "held_out_citations_11.yaml",
            "held_out_citations_12.yaml",
            "held_out_citations_13.yaml",
            "held_out_citations_14.yaml",
            "held_out_citations_15.yaml",
            "held_out_citations_16.yaml",
            "held_out_citations_17.yaml",
            "held_out_citations_18.yaml",
            "held_out_citations_19.yaml",
            "held_out_citations_20.yaml",
            "held_out_citations_21.yaml",
            "held_out_citations_22.yaml",
            "held_out_citations_23.yaml",
            "held_out_citations_24.yaml",
            "held_out_citations_25.yaml",
            "held_out_citations_26.yaml",
            "held_out_citations_27.yaml",
        )
    ]
    for situations in (load_held_out_4(), *later, load_gold()["held-out-3"]):
        _gold_ranks(guidelines, index, situations)


def test_a_word_naming_a_phase_in_force_says_where_the_room_is_and_that_phases_item_answers_first(
    guidelines: Corpus,
) -> None:
    # During the quake response the room asks about guards: the quake is where it is.
    guards = _cite(guidelines, ["emerging_threats", "disaster"], "震災対応中に、米側から施設の警護の増強を求められた")
    assert guards[0].id == "IV.B.5"
    # Of the two phases' items of logistic support, the one of the phase the words name comes
    # first, the other just after it, before any measure continued from peacetime.
    offer = _cite(guidelines, ["emerging_threats", "disaster"], "地震の後、米軍が輸送と医療の支援を申し出た")
    assert [c.id for c in offer[:2]] == ["IV.E", "IV.B.6"]
    # Alone, the disaster is what the room asks about.
    assert _cite(guidelines, ["disaster"], "地震が発生した")[0].id == "IV.E"


def test_a_chapter_v_activity_comes_after_the_measure_continued_into_the_phase_unless_the_words_place_it(
    guidelines: Corpus,
) -> None:
    # No item of ISR defines the emerging threats: peacetime's continues into it, before V.A.6's
    # ISR in international activities, in either language.
    for text in (
        "Step up bilateral ISR so the crisis area never goes dark",
        "日米のISRを強化し、危機の海域の監視を途切れさせない",
    ):
        assert [c.id for c in _cite(guidelines, ["emerging_threats"], text)[:2]] == ["IV.A.1", "V.A.6"], text
    assert _cite(guidelines, ["emerging_threats"], "pirates attack merchant ships in the Gulf of Aden")[0].id == "V.A.3"


def test_an_escort_asked_to_cover_the_other_sides_ship_is_asset_protection(guidelines: Corpus) -> None:
    ranked = _cite(
        guidelines, ["emerging_threats"], "A US destroyer on surveillance is being harassed; can our escort cover her?"
    )
    assert ranked[0].id == "IV.A.4" and "cover her" in ranked[0].reason


def test_the_phase_in_force_answers_before_a_cross_cutting_clause_and_a_continuing_measure(guidelines: Corpus) -> None:
    # All three say "sea lines of communication": IV.C.2.b.iii defines the attack, V.A.3
    # (maritime security in international activities) applies in every phase, IV.A.3 is the
    # peacetime measure that continues.
    ranked = _cite(guidelines, ["attack"], "keep the sea lines of communication open")
    assert [c.id for c in ranked[:3]] == ["IV.C.2.b.iii", "V.A.3", "IV.A.3"]
    assert [c.evidence for c in ranked[:3]] == [
        "matches: sea lines of communication; clause of this phase (attack)",
        "matches: sea lines of communication",
        "matches: sea lines of communication; function: maritime security; clause of peacetime, also applies here",
    ]
    # The weighing only settles near ties: in peacetime IV.A.3 defines the phase in force, but
    # V.A.3 says it twice as clearly and still answers first.
    assert [c.id for c in _cite(guidelines, ["peacetime"], "keep the sea lines of communication open")[:2]] == [
        "V.A.3",
        "IV.A.3",
    ]


def test_scores_follow_the_order_when_a_preparatory_clause_matches_strongly(guidelines: Corpus) -> None:
    # IV.B.2 matches the tag and the words better than anything else, yet is preparatory in
    # peacetime: it ranks below every outright clause, and its score says so too.
    ranked = _cite(guidelines, ["peacetime"], "inspection of ships suspected of carrying arms", tags=["maritime"])
    assert ranked[-1].id == "IV.B.2" and ranked[-1].preparatory
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    cited = rank_citations(
        guidelines,
        ClauseIndex.for_corpus(guidelines),
        ["peacetime"],
        cited=["IV.B.2", "IV.C.2"],
        text="mines in the strait",
        include_out_of_phase=True,
    )
    assert [(c.id, c.preparatory, c.out_of_phase) for c in cited[:2]] == [
        ("IV.B.2", True, False),
        ("IV.C.2", False, True),
    ]
    assert [c.score for c in cited] == sorted((c.score for c in cited), reverse=True)


# -- the Guidelines' structure: the words decide the function, the phase the clause ----------


def _table_moves(corpus: Corpus) -> Iterator[tuple[Function, str, str, str]]:
    """(function, words of one instance, a phase another instance defines, that instance) for
    every function of the bundled table, the words taken from the instance's basis."""
    from tabletop.rules import load_functions

    table = load_functions(corpus)
    for function in table:
        for source, basis in function.bases:
            if table.setting_of(source) is not None:
                continue  # words of an activity abroad place the situation abroad (below)
            for target in function.instances:
                for phase in corpus.defined_phases(target):
                    if target != source and phase not in corpus.defined_phases(source):
                        yield function, basis, phase, target


def test_a_functions_words_find_the_item_of_the_phase_in_force(guidelines: Corpus) -> None:
    """For every function and every phase that has an item of it, the words of the function's
    clause in another section put the phase's own item before every other clause of the
    function: maritime security worded as in IV.D.3, during an attack, is IV.C.2.b.iii. A phase's
    item that only sums the function up in a list (IV.C.1's preparations) comes second, directly
    after the measure of an earlier phase whose own words those are."""
    index = ClauseIndex.for_corpus(guidelines)
    moves = list(_table_moves(guidelines))
    assert len(moves) >= 100
    for function, basis, phase, item in moves:
        # An item that hands its function to another clause (IV.C.2.b.v to chapter VI for space
        # and cyberspace) comes after that clause.
        target = dict(function.deferrals).get(item, item)
        ids = [c.id for c in rank_citations(guidelines, index, [phase], text=basis)]
        assert target in ids and item in ids, (function.id, phase, target, basis)
        others = [i for i in ids if i in function.instances and i != target]
        if target in function.summaries and ids[0] != target:
            assert ids[0] in function.instances and ids[1] == target, (function.id, phase, target, ids[:4])
            assert phase not in guidelines.defined_phases(ids[0]), (function.id, phase, ids[:4])
            continue
        assert not others or ids.index(target) < ids.index(others[0]), (function.id, phase, target, ids[:4])
        if target != item:
            assert ids.index(item) > ids.index(target), (function.id, phase, item, ids[:4])


@pytest.mark.parametrize(
    ("situation", "chapter_item"),
    [
        ("A cyberattack takes down the SDF's logistics networks while the islands are under attack", "VI.B"),
        ("Their ASAT weapon destroys one of our early-warning satellites during the attack", "VI.A"),
    ],
)
def test_space_and_cyberspace_during_an_attack_are_chapter_vi_then_the_attacks_item(
    guidelines: Corpus, situation: str, chapter_item: str
) -> None:
    """IV.C.2.b.v addresses threats in space and cyberspace "in accordance with bilateral
    cooperation set out in Chapter VI": during an attack the room is shown chapter VI's item
    first, the attack's cross-domain item among the next."""
    index = ClauseIndex.for_corpus(guidelines)
    cited = rank_citations(guidelines, index, ["attack"], text=situation)
    assert cited[0].id == chapter_item
    assert "IV.C.2.b.v" in [c.id for c in cited[1:3]]
    assert not any(c.out_of_phase for c in cited[:3])


@pytest.mark.parametrize(
    ("situation", "chapter_item"),
    [
        ("A cyber attack cripples the SDF's command and control in the middle of the fighting", "VI.B"),
        ("Hackers knock out JADGE during the battle", "VI.B"),
        ("An anti-satellite missile hits one of our satellites during the attack", "VI.A"),
        # Jamming a satellite threatens a space system; jamming radios is communications.
        ("The enemy is jamming the satellites the fleet relies on", "VI.A"),
    ],
)
def test_a_threat_to_the_forces_systems_during_an_attack_is_the_attacks_item_then_chapter_vi(
    guidelines: Corpus, situation: str, chapter_item: str
) -> None:
    """Where the words are those IV.C.2.b.v and chapter VI both hold (a cyberattack, a satellite
    hit, in the fighting), the attack's cross-domain item answers first and chapter VI's item
    just after it: chapter VI comes first only for its own words (the grid the forces rely on,
    reconstituting a lost satellite's capability)."""
    cited = _cite(guidelines, ["attack"], situation)
    assert [c.id for c in cited[:2]] == ["IV.C.2.b.v", chapter_item]
    assert cited[0].reason.endswith("the attack phase's item")


@pytest.mark.parametrize(
    ("phases", "text", "first"),
    [
        # A service names who acts, not what is asked: the GSDF's "ground" is not the ground
        # operations when both sides' special forces are to work together.
        (["attack"], "JGSDF special forces and US SOF to work together on the raid", "IV.C.2.b.v"),
        # Staff shorthand: "evac" is an evacuation, "info" information.
        (["emerging_threats"], "How many seats on the evac flights can the US give us?", "IV.B.1"),
        (["emerging_threats"], "The evac is running late; can US ships carry our people?", "IV.B.1"),
        # Striking the launch sites, however the room words it, is strike power, not missile defense.
        (["attack"], "Should we help the Americans strike their launch sites?", "IV.C.2.b.v"),
        # The phase's name in the room's English says where the room is, not what it asks.
        (["anticipated_attack"], "Anticipated attack. The adversary probes SDF networks.", "VI.B"),
        # Japan's laws in the room's English are II.C's constitutions, laws and regulations.
        (["anticipated_attack"], "Do the US reinforcement plans override our own laws?", "II.C"),
    ],
)
def test_the_rooms_shorthand_for_who_acts_and_what_is_asked(
    guidelines: Corpus, phases: list[str], text: str, first: str
) -> None:
    ranked = _cite(guidelines, phases, text)
    assert ranked and ranked[0].id == first, [c.id for c in ranked[:3]]


def test_info_is_information_in_the_evidence(guidelines: Corpus) -> None:
    ranked = _cite(
        guidelines, ["emerging_threats"], "JCG and MSDF share info on ships suspected of breaking UN sanctions"
    )
    assert ranked[0].id == "IV.B.2"
    assert "info → information" in ranked[0].evidence


def test_the_lead_in_of_the_attack_on_japan_answers_for_its_own_words(guidelines: Corpus) -> None:
    """IV.C's lead-in describes both of Japan's own situations ("deter the armed attack and
    de-escalate the situation, while making preparations necessary for the defense of Japan"),
    as IV.B's and IV.D's describe theirs: its prose counts in full, and it is listed right after
    the phase's own clause."""
    text = "Deter the attack and de-escalate while making preparations for the defense of Japan: which part says that?"
    assert [c.id for c in _cite(guidelines, ["anticipated_attack"], text)[:2]] == ["IV.C.1", "IV.C"]


@pytest.mark.parametrize(
    ("phases", "text", "first", "function", "reason"),
    [
        # The words are IV.B.4's keywords; during an attack the attack's item answers.
        (
            ["attack"],
            "An American bomber crew bailed out over the sea south of Okinawa",
            "IV.C.2.c.ii",
            "search_and_rescue",
            "crew, sea → search and rescue, the attack phase's item",
        ),
        (
            ["third_country_attack"],
            "U.S. carriers fighting in the region need fuel and supplies from Japan",
            "IV.D.5",
            "logistic_support",
            "fuel, supplies, … → logistic support, the third country attack phase's item",
        ),
        # Words found only in chapter V's activities place the situation abroad.
        (
            ["peacetime"],
            "Pirates attack merchant ships in the Gulf of Aden; our destroyers escort them",
            "V.A.3",
            None,
            "Pirates, Gulf of Aden → Maritime Security",
        ),
        # The item answers before the lead-in that describes the situation it happens in...
        (
            ["third_country_attack"],
            "存立危機事態において米艦を防護する",
            "IV.D.1",
            "asset_protection",
            "防護 → asset protection, the third country attack phase's item",
        ),
        # ... and the lead-in answers when the words are about the situation alone.
        (
            ["third_country_attack"],
            "閣議で存立危機事態が認定された",
            "IV.D",
            None,
            "存立危機事態 → the third country attack phase itself",
        ),
        # A principle comes first when the words are about it.
        (
            ["peacetime"],
            "Would escorting these ships be consistent with the UN Charter and international law?",
            "II.B",
            None,
            "UN Charter, international law, … → Consistency with International Law",
        ),
    ],
)
def test_the_function_and_its_place_decide_and_the_reason_says_both(
    guidelines: Corpus, phases: list[str], text: str, first: str, function: str | None, reason: str
) -> None:
    ranked = _cite(guidelines, phases, text)
    assert ranked[0].id == first
    assert ranked[0].function == function
    assert ranked[0].reason == reason
    assert ranked[0].to_json()["function"] == function


def test_the_evidence_names_the_clause_whose_words_found_the_function(guidelines: Corpus) -> None:
    [first, *_] = _cite(guidelines, ["attack"], "An American bomber crew bailed out over the sea south of Okinawa")
    assert "function: search and rescue, worded in IV.B.4 (matches: crew" in first.evidence
    assert first.evidence.endswith("clause of this phase (attack)")
    assert first.matched_terms  # the words that found it, for the console's highlighting


# -- the structure group: development situations of every function in every phase -----------

STRUCTURE = Path(__file__).with_name("structure_citations.yaml")
STRUCTURE_TOP3_FLOOR = 0.99


def load_structure() -> list[Situation]:
    return read_situations(STRUCTURE)


def test_the_structure_group_is_well_formed_and_covers_every_phase_and_japanese(guidelines: Corpus) -> None:
    situations = load_structure()
    assert len(situations) >= 100
    assert len({g["id"] for g in situations}) == len(situations)
    assert {p for g in situations for p in g["phases"]} == set(guidelines.phase_slugs)
    assert sum(len(g["phases"]) > 1 for g in situations) >= 8
    assert sum(any("\u3040" <= ch <= "\u9fff" for ch in g["situation"]) for g in situations) >= len(situations) / 10
    for g in situations:
        applicable = guidelines.applicable_ids(guidelines.phase_combination(g["phases"]))
        assert g["expect"] in applicable and set(g.get("also_acceptable", [])) <= applicable, g["id"]


def test_the_structure_group_ranking_quality(guidelines: Corpus) -> None:
    strict, _lenient = _gold_ranks(guidelines, ClauseIndex.for_corpus(guidelines), load_structure())
    assert Figures.of(strict).top3 >= STRUCTURE_TOP3_FLOOR


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (
            "Ahead of the expected attack, the U.S. asks for the temporary use of Fukuoka airport and the port of Nagasaki.",
            ["IV.B.7", "IV.C.1"],
        ),
        (
            "Attack anticipated; we need more reconnaissance flights and surveillance coverage of the enemy's ports.",
            ["IV.A.1", "IV.C.1"],
        ),
        ("With an attack expected, the SDF and U.S. forces prepare the joint use of their bases.", ["IV.C.1"]),
        (
            "An attack is anticipated: step up intelligence sharing and policy consultations with Washington.",
            ["IV.C.1"],
        ),
        (
            "The enemy is expected to strike soon; the Americans ask us to reinforce protection of their bases.",
            ["IV.C.1"],
        ),
        ("US airlift wants temporary use of Fukuoka Airport.", ["IV.B.7", "IV.C.1"]),
        (
            "Moving US supplies with prefectural government assets and chartered private ferries.",
            ["IV.B.6", "IV.C.1"],
        ),
        ("Who protects the JASDF radar sites? Each force guards its own with the police?", ["IV.B.5", "IV.C.1"]),
    ],
)
def test_an_anticipated_attacks_preparations_answer_for_their_own_words_only(
    guidelines: Corpus, situation: str, expected: list[str]
) -> None:
    """IV.C.1 sums the preparations up in a list ("joint/shared use of facilities and areas",
    "intelligence sharing"): a request in the words of a measure that continues from an earlier
    phase (the temporary use of a civilian airport, IV.B.7; a prefecture's assets and private
    ferries, IV.B.6; each force guarding its own with the police, IV.B.5; surveillance coverage,
    IV.A.1) is that measure's, with IV.C.1 just after it; a request in IV.C.1's own words stays
    IV.C.1's."""
    index = ClauseIndex.for_corpus(guidelines)
    cited = rank_citations(guidelines, index, ["anticipated_attack"], text=situation)
    assert [c.id for c in cited[: len(expected)]] == expected
    assert all(" → " in c.reason and not c.out_of_phase for c in cited[: len(expected)])


@pytest.mark.parametrize(
    ("phases", "situation", "expected"),
    [
        (["anticipated_attack"], "Share Nyutabaru with US Marine F-35s before the attack.", "IV.C.1"),
        (["attack"], "US ships to share JMSDF Kure during operations.", "IV.C.2.c.iv"),
        (["emerging_threats"], "US F-35s want joint/shared use of JASDF Nyutabaru while things are hot.", "IV.B.7"),
        (["attack"], "SOF from both sides cooperating during the operation.", "IV.C.2.b.v"),
        (["attack"], "日米の特殊作戦部隊が作戦中に協力する。", "IV.C.2.b.v"),
        (["attack"], "敵の特殊部隊が原発を襲撃。", "IV.C.2.b.iv"),
        (["anticipated_attack"], "武力攻撃が予測される。日米で情報共有と政策協議を強化する。", "IV.C.1"),
        (["attack"], "Defend the US forces at Misawa as the attack continues.", "IV.C.2.a"),
        (
            ["attack"],
            "Damaged US ships need repair at Japanese shipyards while the fighting continues.",
            "IV.C.2.c.iii",
        ),
        (["anticipated_attack"], "Get Japanese nationals out of Taiwan before this blows up.", "IV.B.1"),
        (["anticipated_attack"], "予測事態。敵国へ武器を運ぶ疑いのある船舶を国連決議に基づき検査する。", "IV.B.2"),
        (["anticipated_attack"], "武力攻撃予測事態の中、近隣国からの避難民を乗せた船が到着し始めた。", "IV.B.3"),
        (["third_country_attack"], "存立危機事態が認定された。", "IV.D"),
    ],
)
def test_the_rooms_names_for_bases_special_forces_and_preparations_find_the_item_of_the_phase(
    guidelines: Corpus, phases: list[str], situation: str, expected: str
) -> None:
    """The Self-Defense Forces' bases by name (Nyutabaru, Kure) are what the U.S. side uses
    jointly; either side's special operations forces, named as a room names them, cooperate
    during operations (IV.C.2.b.v), and an enemy's are infiltrators (IV.C.2.b.iv); the
    anticipated attack's consultations and a shipyard's repairs have their words too."""
    first = _cite(guidelines, phases, situation)[0]
    assert first.id == expected
    assert " → " in first.reason and not first.out_of_phase


def test_a_raid_a_site_or_a_shot_fired_alone_is_neither_an_air_raid_a_site_survey_nor_live_fire(
    guidelines: Corpus,
) -> None:
    # "raid" and "site" count only beside a word they form a phrase with ("air raid", "site surveys").
    ranked = _cite(guidelines, ["attack"], "Our Special Operations Group and US SOF will raid the radar site together")
    assert not {"IV.C.2.c.iv", "IV.C.2.b.i", "IV.A.7"} & {c.id for c in ranked[:3]}
    assert "IV.C.2.b.v" in {c.id for c in ranked[:2]}
    assert _cite(guidelines, ["peacetime"], "Do the site survey of Miyako airport now.")[0].id == "IV.A.7"
    assert _cite(guidelines, ["attack"], "An air raid on Naha by enemy bombers.")[0].id == "IV.C.2.b.i"
    # "fired" and "firing" count only in a phrase, as "fire" does ("live fire").
    ranked = _cite(guidelines, ["anticipated_attack"], "Before anything is fired, evacuate the residents of Sakishima.")
    assert ranked[0].id == "IV.B.1" and "IV.A.5" not in {c.id for c in ranked}
    assert _cite(guidelines, ["peacetime"], "A live-firing exercise at the range.")[0].id == "IV.A.5"


def test_of_two_measures_that_continue_the_later_phases_answers_first_unless_the_words_are_the_earlier_ones(
    guidelines: Corpus,
) -> None:
    """During an anticipated attack both IV.A.3 (peacetime) and IV.B.2 (emerging threats)
    continue: the situation's maritime security is the later phase's measure, while maritime
    domain awareness, the words of IV.A.3 alone, stays IV.A.3's."""
    phases = ["anticipated_attack"]
    text = "JCG has spotted suspicious vessels near Senkaku; share the info quickly with the USN. Maritime security?"
    ranked = _cite(guidelines, phases, text, limit=2)
    assert [c.id for c in ranked] == ["IV.B.2", "IV.A.3"]
    assert ranked[0].reason.endswith("the emerging threats phase's item, which also applies here")
    awareness = "JCG and JMSDF keep presence and maritime domain awareness around Senkaku."
    assert _cite(guidelines, phases, awareness)[0].id == "IV.A.3"


def _protection_then_activity(
    guidelines: Corpus, phases: list[str], asked: str, activity_only: str, protection: str, activity: str
) -> None:
    """Asked for the protection, the asset-protection item comes first and the activity's item
    second; the activity's words alone put the activity's item first."""
    ranked = [c.id for c in _cite(guidelines, phases, asked)]
    assert ranked[:2] == [protection, activity]
    assert _cite(guidelines, phases, activity_only)[0].id == activity


@pytest.mark.parametrize(
    ("phases", "asked", "activity_only", "protection", "activity"),
    [
        # IV.D.1 protects "assets that are engaged in operations such as ... Ballistic Missile
        # Defense": an Aegis on missile defense that asks to be covered is IV.D.1's.
        (
            ["third_country_attack"],
            "The U.S. Aegis ship on missile defense duty off Sado asks the MSDF to cover her.",
            "The U.S. Aegis ship on missile defense duty off Sado.",
            "IV.D.1",
            "IV.D.4",
        ),
        # IV.A.4 protects assets "engaged in activities that contribute to the defense of Japan":
        # a destroyer on surveillance that is shadowed and buzzed is an asset to protect.
        (
            ["emerging_threats"],
            "A U.S. destroyer on surveillance is being shadowed and buzzed; can our escort stay with it?",
            "A U.S. destroyer on surveillance duty tracks their submarines.",
            "IV.A.4",
            "IV.A.1",
        ),
    ],
)
def test_the_protection_of_an_asset_answers_before_the_activity_it_is_engaged_in_when_it_is_asked(
    guidelines: Corpus, phases: list[str], asked: str, activity_only: str, protection: str, activity: str
) -> None:
    _protection_then_activity(guidelines, phases, asked, activity_only, protection, activity)


def test_the_phase_the_words_name_answers_first_though_its_item_does_not_hold_the_name(guidelines: Corpus) -> None:
    """Of the logistic support of two phases in force, the war abroad the words name is IV.D's:
    IV.D.5, whose text never says "aggressor", answers before IV.B.6; the emerging situation the
    words name ("tensions are rising") is IV.B's, and IV.B.6 answers before IV.D.5."""
    phases = ["emerging_threats", "third_country_attack"]
    for war in ("fighting the aggressor", "fighting abroad", "in the survival-threatening situation"):
        named = [c.id for c in _cite(guidelines, phases, f"U.S. squadrons {war} need Japanese fuel and maintenance.")]
        assert named[:2] == ["IV.D.5", "IV.B.6"], war
    rising = "Tensions are rising; U.S. squadrons need Japanese fuel and maintenance."
    assert [c.id for c in _cite(guidelines, phases, rising)][:2] == ["IV.B.6", "IV.D.5"]


@pytest.mark.parametrize(
    ("phases", "text", "first"),
    [
        # A mission abroad with other countries is chapter V's setting, however the room says it.
        (
            ["peacetime"],
            "On a multinational mission in the Indian Ocean, the U.S. wants to pool surveillance.",
            "V.A.6",
        ),
        (["peacetime"], "国際活動に参加中の米軍に燃料を提供したい。", "V.A.8"),
        # "spare" counts only in "spare parts", "show" only in "show of force".
        (["emerging_threats"], "The evacuation flight has spare seats for Thai nationals.", "IV.B.1"),
        (["emerging_threats"], "Hold the bilateral exercise early as a show of resolve.", "IV.A.5"),
        # Refugees in the room's English, and the temporary use of a base.
        (
            ["emerging_threats"],
            "Boats full of families are washing up on our coast; the Immigration Bureau wants reception camps.",
            "IV.B.3",
        ),
        (["emerging_threats"], "The Marines want to temporarily put helicopters at an ASDF base.", "IV.B.7"),
    ],
)
def test_the_rooms_words_for_missions_abroad_refugees_and_temporary_basing(
    guidelines: Corpus, phases: list[str], text: str, first: str
) -> None:
    ranked = _cite(guidelines, phases, text)
    assert ranked and ranked[0].id == first, [c.id for c in ranked[:3]]


@pytest.mark.parametrize("exercise", ["Orient Shield", "Valiant Shield", "Keen Sword", "Resolute Dragon"])
def test_a_bilateral_exercise_named_is_training_not_a_ship_to_shield(guidelines: Corpus, exercise: str) -> None:
    """An exercise's name ("Orient Shield") is no request to shield a ship: it stands for training
    and exercises, IV.A.5's in peacetime."""
    ranked = _cite(guidelines, ["peacetime"], f"Planning for the next {exercise}: the range needs new targets.")
    assert ranked[0].id == "IV.A.5"
    assert f"{exercise} → training and exercises" in ranked[0].evidence
    assert all(c.function != "asset_protection" for c in ranked[:2])


@pytest.mark.parametrize(
    ("phases", "asked", "activity_only", "protection", "activity"),
    [
        # "protect" is asset protection's own word (IV.D.1: "cooperate in asset protection"):
        # the protection is asked, though the island the missile defense covers is IV.D.4's word.
        (
            ["third_country_attack"],
            "The MSDF is asked to protect a U.S. Aegis doing missile defense for Hawaii.",
            "A U.S. Aegis doing missile defense for Hawaii tracks the launches.",
            "IV.D.1",
            "IV.D.4",
        ),
        (
            ["emerging_threats", "third_country_attack"],
            "Hawaii's missile defense relies on a U.S. Aegis in the Sea of Japan; can our destroyer guard it?",
            "Hawaii's missile defense relies on a U.S. Aegis in the Sea of Japan.",
            "IV.D.1",
            "IV.D.4",
        ),
    ],
)
def test_the_protection_asked_in_its_own_words_answers_before_a_better_worded_activity(
    guidelines: Corpus, phases: list[str], asked: str, activity_only: str, protection: str, activity: str
) -> None:
    _protection_then_activity(guidelines, phases, asked, activity_only, protection, activity)


@pytest.mark.parametrize(
    "text",
    [
        "Both situations are declared: supply and maintenance for U.S. forces.",
        "武力攻撃予測事態と存立危機事態。米艦艇への燃料と整備の支援。",
    ],
)
def test_a_phase_item_about_the_function_answers_before_another_phases_list_that_names_it(
    guidelines: Corpus, text: str
) -> None:
    """IV.C.1's preparations "may include" mutual logistic support in a list: with an attack on
    another country in force too, the support is IV.D.5's, then IV.C.1's."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack", "third_country_attack"], text)]
    assert ranked[:2] == ["IV.D.5", "IV.C.1"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Staff doubt a crisis so far away can count. Does geography decide it?", "geography"),
        (
            "The clash is far from Japan. Can it still have an important influence on our peace and security?",
            "far from Japan",
        ),
        ("遠く離れた地域の事態でも、地理的に重要影響事態から外れるのか。", "地理的"),
    ],
)
def test_where_a_situation_happens_is_ivbs_not_defined_geographically(guidelines: Corpus, text: str, said: str) -> None:
    """IV.B: "Such situations cannot be defined geographically": the distance is IV.B's question."""
    ranked = _cite(guidelines, ["emerging_threats"], text)
    assert ranked[0].id == "IV.B", [c.id for c in ranked[:3]]
    assert said in ranked[0].evidence


@pytest.mark.parametrize(
    "text",
    [
        "Tokyo hires private ferries for the American vehicles bound for Kyushu.",
        "Chartered vessels will carry the Army's vehicles to the southern islands.",
    ],
)
def test_private_ferries_and_shipping_are_the_private_sector_assets_of_logistic_support(
    guidelines: Corpus, text: str
) -> None:
    """IV.B.6: Japan "will make appropriate use of ... private sector assets"; during an anticipated
    attack the measure continues, before IV.C.1's list of preparations."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack"], text)]
    assert ranked[:2] == ["IV.B.6", "IV.C.1"]


@pytest.mark.parametrize(
    ("text", "first", "then"),
    [
        (
            "On a counterterrorism mission in the Arabian Sea, a U.S. destroyer asks our oiler for fuel.",
            "V.A.8",
            "IV.A.6",
        ),
        (
            "The international effort against smugglers needs our patrol aircraft to pool surveillance with the Americans.",
            "V.A.6",
            "IV.A.1",
        ),
    ],
)
def test_a_counterterrorism_mission_or_an_international_effort_is_chapter_vs_setting(
    guidelines: Corpus, text: str, first: str, then: str
) -> None:
    """A counterterrorism or counter-piracy mission, a coalition operation, an international effort:
    the words place the situation in chapter V's activities, whose item answers first."""
    ranked = [c.id for c in _cite(guidelines, ["peacetime"], text)]
    assert ranked[:2] == [first, then]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Navy wants temporary use of the pier at Oita for its supply ships.",
        "Temporary use of the harbor at Kushiro for arriving U.S. transports?",
    ],
)
def test_the_temporary_use_of_a_port_is_ivb7s_before_ivc1s_list_during_an_anticipated_attack(
    guidelines: Corpus, text: str
) -> None:
    """IV.B.7: "temporary use of facilities, including civilian airports and seaports", a measure
    that continues; IV.C.1 lists only the joint/shared use of facilities among its preparations."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack"], text)]
    assert ranked[:2] == ["IV.B.7", "IV.C.1"]


@pytest.mark.parametrize(
    "text",
    [
        "The Navy at Yokosuka asks the JMSDF to add protection at the piers.",
        "Sasebo's Navy commander requests extra JGSDF guards on the fuel depot; the police are stretched.",
        "USFJ requests that the JGSDF guard the Misawa ammunition area.",
    ],
)
def test_protection_asked_for_in_ivb5s_words_is_ivb5s_before_ivc1s_list(guidelines: Corpus, text: str) -> None:
    """IV.B.5: "Upon request from the United States, Japan will provide additional protection";
    during an anticipated attack the measure continues, and a request in its own words (a request,
    protection added) is its, before IV.C.1's list of preparations."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack"], text)]
    assert ranked[:2] == ["IV.B.5", "IV.C.1"]


@pytest.mark.parametrize(
    "text",
    [
        "Stepped-up protection at Yokota and Misawa, as the US requests, before the strike comes.",
        "在日米軍の要請を受け、岩国の警備を強化する。",
    ],
)
def test_reinforced_protection_in_the_rooms_words_stays_ivc1s_though_the_us_asks(guidelines: Corpus, text: str) -> None:
    """IV.C.1's preparations include "reinforced protection of U.S. facilities and areas in Japan":
    protection stepped up, beefed up or strengthened (警備を強化) is that item's, asked for or not."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack"], text)]
    assert ranked[:2] == ["IV.C.1", "IV.B.5"]


@pytest.mark.parametrize(
    "text",
    [
        "Both navies' destroyers move into position off Kyushu before any shooting starts.",
        "US and Japanese squadrons taking up positions on the southwest islands ahead of the expected attack.",
    ],
)
def test_forces_taking_positions_are_the_postures_of_an_anticipated_attack_not_basic_positions(
    guidelines: Corpus, text: str
) -> None:
    """IV.C.1: the forces "will assume appropriate postures for bilateral operations, including the
    execution of necessary deployments"; forces moving into position are that, not the basic
    positions of II.C's constitutions and laws."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack"], text)]
    assert ranked[0] == "IV.C.1"
    assert "II.C" not in ranked[:3]


def test_the_people_and_places_a_quake_struck_name_the_disaster_in_force(guidelines: Corpus) -> None:
    """Tsunami survivors, quake victims, the quake area: the words name the disaster, whose item
    answers first of the two phases in force (IV.E before IV.B.4's search and rescue)."""
    text = "US Navy helicopters look for tsunami survivors off Iwate while the crisis goes on."
    ranked = _cite(guidelines, ["emerging_threats", "disaster"], text)
    assert ranked[0].id == "IV.E"
    assert "tsunami survivors" in ranked[0].reason


@pytest.mark.parametrize(
    ("phase", "text", "lead_in"),
    [
        (
            "emerging_threats",
            "Can we start the emerging-threat measures before the government formally determines the situation?",
            "IV.B",
        ),
        (
            "peacetime",
            "Which part sets out the overall peacetime approach: interoperability, readiness and vigilance of both forces?",
            "IV.A",
        ),
    ],
)
def test_with_one_phase_in_force_its_lead_in_answers_first_for_its_own_words(
    guidelines: Corpus, phase: str, text: str, lead_in: str
) -> None:
    """A lead-in that defines the one phase in force, found by the person's own words, is what is
    asked: the phase is given, so the lead-in is not only where the room is."""
    ranked = _cite(guidelines, [phase], text)
    assert ranked[0].id == lead_in
    assert ranked[0].reason.endswith("phase itself")


@pytest.mark.parametrize(
    "text",
    [
        "予測事態に備え、自治体の車両と民間の輸送力で米軍に燃料を運ぶ。",
        "Local government and private sector trucks to haul fuel for the arriving US units.",
    ],
)
def test_the_assets_of_local_government_and_the_private_sector_are_ivb6s_before_ivc1s_list(
    guidelines: Corpus, text: str
) -> None:
    """IV.B.6's logistic support includes Japan's "appropriate use of the authorities and assets of
    central and local government agencies as well as private sector assets": words of that
    sentence, which IV.C.1's list of preparations does not hold, find IV.B.6 first."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack"], text)]
    assert ranked[:2] == ["IV.B.6", "IV.C.1"]


@pytest.mark.parametrize(
    ("phase", "text", "activity"),
    [
        (
            "peacetime",
            "A USAF tanker refuelling ASDF F-15s over the East China Sea is harassed; can our jets protect it?",
            "IV.A.2",
        ),
        (
            "emerging_threats",
            "The US KC-46 refuelling our F-35s gets buzzed by foreign fighters; may the ASDF protect the tanker?",
            "IV.A.2",
        ),
        (
            "peacetime",
            "Can an MSDF destroyer protect a US oiler during a bilateral exercise if a boat closes on it?",
            "IV.A.3",
        ),
    ],
)
def test_protecting_an_asset_engaged_in_any_cooperative_activity_is_iva4s(
    guidelines: Corpus, phase: str, text: str, activity: str
) -> None:
    """IV.A.4 protects assets "engaged in activities that contribute to the defense of Japan in a
    cooperative manner": the air defense, maritime security and logistic support of IV.A as much
    as its surveillance, missile defense and exercises. Asked to protect such an asset, the
    protection answers first, not the activity the fighters or the destroyer are known for."""
    ranked = [c.id for c in _cite(guidelines, [phase], text)]
    assert ranked[0] == "IV.A.4"
    assert activity in ranked[1:3]


@pytest.mark.parametrize(
    ("phase", "text"),
    [
        ("emerging_threats", "USS Curtis Wilbur, tied up on BMD duty, asks for MSDF protection as tension grows."),
        ("anticipated_attack", "The US destroyer on BMD duty wants JMSDF protection before any strike comes."),
    ],
)
def test_protection_asked_for_a_ship_on_missile_defense_is_iva4s_before_the_attack(
    guidelines: Corpus, phase: str, text: str
) -> None:
    """Before an attack, "protection" is no word of IV.A.2's missile defense: the ship on BMD duty
    asking for it is IV.A.4's, then IV.A.2's. During an attack IV.C.2.b.ii's own sentence protects
    "forces participating in ballistic missile defense operations", and it answers."""
    ranked = [c.id for c in _cite(guidelines, [phase], text)]
    assert ranked[:2] == ["IV.A.4", "IV.A.2"]
    assert _cite(guidelines, ["attack"], text)[0].id == "IV.C.2.b.ii"


@pytest.mark.parametrize(
    ("phases", "text", "activity"),
    [
        (
            ["emerging_threats", "third_country_attack"],
            "米軍の補給艦が存立危機事態で作戦中の米艦隊に給油している。海自に防護を求めてきた。",
            "IV.D.5",
        ),
        (
            ["anticipated_attack", "third_country_attack"],
            "A U.S. amphibious group transiting to the peninsula after the attack on the US asks for MSDF protection.",
            "IV.D.3",
        ),
    ],
)
def test_protecting_an_asset_engaged_in_the_operations_of_ivd_is_ivd1s(
    guidelines: Corpus, phases: list[str], text: str, activity: str
) -> None:
    """IV.D.1's asset protection "will include, but not be limited to", the protection of assets in
    NEO or BMD: a U.S. oiler refuelling the fleet or a U.S. group transiting to the fight that asks
    for protection is IV.D.1's, before the logistic support or maritime operations it is engaged in."""
    ranked = [c.id for c in _cite(guidelines, phases, text)]
    assert ranked[0] == "IV.D.1"
    assert activity in ranked[1:3]


def test_rising_tensions_say_where_the_room_is_not_what_it_asks(guidelines: Corpus) -> None:
    """ "Tensions are rising" names the emerging situation the room is in (IV.B, the phase in force):
    a setting, so that what is asked answers first; asked about on its own, it still finds IV.B."""
    asked = [
        c.id
        for c in _cite(
            guidelines,
            ["emerging_threats"],
            "Tensions are rising; the U.S. asks for JMSDF fuel and maintenance for its destroyers.",
        )
    ]
    assert asked[0] == "IV.B.6"
    assert "IV.B" not in asked[:3]
    alone = _cite(
        guidelines, ["emerging_threats"], "Rising tensions: what do the Guidelines say about this kind of situation?"
    )
    assert alone[0].id == "IV.B"


@pytest.mark.parametrize(
    ("text", "said"),
    [("米軍支援の準備に着手したい。", "準備"), ("有事に備えて、日米で何を整えるか。", "備えて")],
)
def test_preparations_in_the_rooms_words_are_the_anticipated_attacks(guidelines: Corpus, text: str, said: str) -> None:
    """準備 and 備え (preparations) are IV.C.1's word, "the preparations by the two governments":
    during an anticipated attack a room that starts its preparations is shown IV.C.1 first."""
    ranked = _cite(guidelines, ["anticipated_attack"], text)
    assert ranked[0].id == "IV.C.1"
    assert said in ranked[0].reason


def test_a_measure_asked_for_itself_answers_before_the_anticipated_attacks_list(guidelines: Corpus) -> None:
    """IV.C.1 says what its list is for (postures, deployments, the basis for supporting U.S.
    deployments, "the preparations"): where the words hold none of that and none of the list item's
    own words, the room asks for the measure itself, and IV.B.5 answers before IV.C.1. Said as a
    preparation, or in the list item's own words, it stays IV.C.1's."""
    phases = ["anticipated_attack"]
    asked = "The U.S. Navy asks for extra JMSDF guards at the Yokosuka piers."
    assert [c.id for c in _cite(guidelines, phases, asked)][:2] == ["IV.B.5", "IV.C.1"]
    for text in (
        "As part of the preparations, the U.S. Navy asks for extra JMSDF guards at the Yokosuka piers.",
        "USFJ wants reinforced protection at the Sagami depot.",
    ):
        assert [c.id for c in _cite(guidelines, phases, text)][:2] == ["IV.C.1", "IV.B.5"], text


@pytest.mark.parametrize(
    ("text", "first", "taken_over"),
    [
        ("U.S. squadrons need Japanese fuel and maintenance.", "IV.D.5", "IV.B.6"),
        ("A U.S. Navy pilot ejected over the sea; the SDF joins the search.", "IV.D.2", "IV.B.4"),
    ],
)
def test_an_item_the_other_phase_in_force_carries_over_answers_after_that_phases_own(
    guidelines: Corpus, text: str, first: str, taken_over: str
) -> None:
    """The third-country attack's phase table carries IV.B's measures over: with emerging threats
    and a third-country attack in force, IV.D's item takes IV.B's over, as it would with the
    third-country attack alone, and answers first, IV.B's just after it."""
    ranked = [c.id for c in _cite(guidelines, ["emerging_threats", "third_country_attack"], text)]
    assert ranked[:2] == [first, taken_over]


@pytest.mark.parametrize(
    "text",
    [
        "Flood response: who sits in the ACM from the Cabinet Office and the prefecture?",
        "After the flood, which agencies take part in the ACM?",
        "The flood response and the crisis both need the U.S.: one coordination cell for everything?",
        "台風被害と重要影響事態が重なった。日米の調整を一元化したい。",
    ],
)
def test_the_mechanisms_agencies_and_one_mechanism_for_both_are_iiias_beside_a_disaster(
    guidelines: Corpus, text: str
) -> None:
    """III.A tailors "the exact composition of participating agencies" of the Alliance Coordination
    Mechanism, which addresses "seamlessly and effectively any situation": with a disaster in force,
    who sits in the mechanism, or one mechanism for the disaster and Japan's own situation at once,
    is III.A's, and IV.E, which coordinates its support "through" the mechanism, comes after it."""
    ranked = [c.id for c in _cite(guidelines, ["emerging_threats", "disaster"], text)]
    assert ranked[:2] == ["III.A", "IV.E"]


def test_support_coordinated_through_the_mechanism_stays_the_disasters(guidelines: Corpus) -> None:
    """Where the room asks for the disaster's support and names the mechanism only as the channel,
    IV.E, whose own sentence coordinates its activities through the mechanism, answers first."""
    ranked = _cite(
        guidelines, ["peacetime", "disaster"], "Coordinate US airlift for the typhoon victims through the ACM."
    )
    assert ranked[0].id == "IV.E"


@pytest.mark.parametrize(
    ("phases", "text", "first"),
    [
        (
            ["peacetime"],
            "During the joint exercise off Kyushu, JASDF Eagles are asked to cover the USAF tanker refuelling them.",
            "IV.A.4",
        ),
        (
            ["anticipated_attack", "third_country_attack"],
            "USAF KC-46s supporting the U.S. fight need fighter cover over the Sea of Japan.",
            "IV.D.1",
        ),
    ],
)
def test_cover_asked_for_the_other_sides_aircraft_or_ship_is_asset_protection(
    guidelines: Corpus, phases: list[str], text: str, first: str
) -> None:
    """Fighter cover, MSDF or ASDF cover, or covering the other side's tanker is the protection of
    the assets engaged in the activity (IV.A.4's "activities that contribute to the defense of Japan
    in a cooperative manner", IV.D.1's cooperation in asset protection): the protection answers
    first, not the activity the asset is engaged in."""
    assert _cite(guidelines, phases, text)[0].id == first


def test_coverage_of_a_gap_is_no_protection(guidelines: Corpus) -> None:
    """Covering a gap is surveillance coverage, not the protection of an asset."""
    ranked = _cite(guidelines, ["peacetime"], "Can the P-8s cover the gap in surveillance coverage?")
    assert ranked[0].id == "IV.A.1"
    assert "IV.A.4" not in [c.id for c in ranked[:3]]


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. sends Global Hawk imagery of the Nagano landslides for damage assessment.",
        "USAF RQ-4 passes over the eruption zone for incident awareness; who gets the imagery?",
    ],
)
def test_imagery_for_damage_assessment_is_the_disasters_incident_awareness(guidelines: Corpus, text: str) -> None:
    """Among the support the United States may provide in a large-scale disaster, IV.E names
    "incident awareness and assessment": with peacetime and a disaster in force, imagery to assess
    the damage is IV.E's item of intelligence, surveillance and reconnaissance, before IV.A.1's."""
    ranked = [c.id for c in _cite(guidelines, ["peacetime", "disaster"], text)]
    assert ranked[:2] == ["IV.E", "IV.A.1"]


@pytest.mark.parametrize(
    ("phases", "text", "first"),
    [
        (
            ["emerging_threats"],
            "The U.S. asks for beds at JSDF hospitals for casualties from its operations nearby.",
            "IV.B.6",
        ),
        (
            ["emerging_threats", "third_country_attack"],
            "U.S. wounded flown in from the fighting abroad need hospital beds in Japan.",
            "IV.D.5",
        ),
    ],
)
def test_hospital_beds_for_the_other_sides_wounded_are_medical_services(
    guidelines: Corpus, phases: list[str], text: str, first: str
) -> None:
    """Beds in SDF or civilian hospitals for the other side's casualties are the medical services
    the logistic support items name (IV.B.6's "medical services", IV.D.5's logistic support): the
    phase's item of logistic support answers first."""
    assert _cite(guidelines, phases, text)[0].id == first


@pytest.mark.parametrize(
    "text",
    [
        "J4 wants commercial carriers to haul U.S. Army munitions from Akizuki to the ports of Kyushu.",
        "Municipal ferries to lift the U.S. Marines' vehicles to the islands: who asks the town?",
    ],
)
def test_commercial_carriers_and_municipal_ferries_are_ivb6s_assets_before_ivc1s_list(
    guidelines: Corpus, text: str
) -> None:
    """Commercial carriers, chartered commercial ships and municipal ferries are the "private
    sector assets" and the assets of "local government agencies" that IV.B.6's logistic support
    makes use of and IV.C.1's list of preparations does not name: IV.B.6 answers first."""
    ranked = [c.id for c in _cite(guidelines, ["anticipated_attack"], text)]
    assert ranked[:2] == ["IV.B.6", "IV.C.1"]


@pytest.mark.parametrize(
    ("phases", "text", "then"),
    [
        (["peacetime", "disaster"], "米軍からの支援で孤立地区へ物資を空輸する。自治体との調整は？", "IV.A.6"),
        (
            ["anticipated_attack", "disaster"],
            "武力攻撃予測事態の最中に大規模地震。米軍の災害支援の受け入れをどう進めるか。",
            "IV.C.1",
        ),
    ],
)
def test_support_the_united_states_gives_japans_relief_is_the_disasters(
    guidelines: Corpus, phases: list[str], text: str, then: str
) -> None:
    """In a large-scale disaster "the United States ... will provide appropriate support for
    Japan's activities" (IV.E): support received from the U.S. forces (米軍からの支援, 米軍の災害支援の
    受け入れ) is the disaster's item, before the other phase's logistic support or preparations."""
    ranked = [c.id for c in _cite(guidelines, phases, text)]
    assert ranked[0] == "IV.E"
    assert then in ranked[1:]


@pytest.mark.parametrize(
    ("phases", "text"),
    [
        (
            ["emerging_threats", "disaster"],
            "During the crisis the ACM gets the earthquake too. Same staff, or a second cell?",
        ),
        (
            ["emerging_threats", "disaster"],
            "Quake relief and the crisis coordination in the ACM: one table or split cells?",
        ),
    ],
)
def test_one_table_or_a_second_cell_for_the_disaster_is_the_mechanisms(
    guidelines: Corpus, phases: list[str], text: str
) -> None:
    """The Alliance Coordination Mechanism addresses "seamlessly and effectively any situation"
    (III.A): whether it keeps one table for the disaster and the crisis at once, or opens a second
    cell, is III.A's question, before the disaster's own item."""
    ranked = [c.id for c in _cite(guidelines, phases, text)]
    assert ranked[:2] == ["III.A", "IV.E"]


@pytest.mark.parametrize(
    "text",
    [
        "Maintenance and fuel for U.S. fighters at Misawa during the third-country war.",
        "Japanese fuel for U.S. tankers while the U.S. is at war with a third country.",
    ],
)
def test_a_war_with_a_third_country_names_the_phase_not_an_evacuation(guidelines: Corpus, text: str) -> None:
    """IV.B.1 evacuates "third-country noncombatants"; a war with a third country is IV.D's armed
    attack "against the United States or a third country": the words say which situation the room
    is in, and the logistic support asked for is IV.D.5's, with no evacuation suggested first."""
    ranked = [c.id for c in _cite(guidelines, ["third_country_attack"], text)]
    assert ranked[0] == "IV.D.5"


@pytest.mark.parametrize(
    ("phases", "text"),
    [
        (["emerging_threats"], "Indonesian crew stranded in Kaohsiung ask for spare seats on the ASDF C-2s."),
        (["emerging_threats"], "在台邦人を空自機で運ぶ。米側の輸送機とどう分担する？"),
        (
            ["anticipated_attack"],
            "Evacuation flights out of Busan are full; the Thai and Malaysian nationals want out too.",
        ),
    ],
)
def test_evacuation_flights_spare_seats_and_nationals_abroad_are_the_evacuation(
    guidelines: Corpus, phases: list[str], text: str
) -> None:
    """IV.B.1's noncombatant evacuation carries Japanese and U.S. noncombatants, and may extend
    "evacuation assistance to third-country noncombatants": evacuation flights, spare seats on
    them and the Japanese living in Korea or Taiwan (在韓邦人, 在台邦人) are that evacuation."""
    assert _cite(guidelines, phases, text)[0].id == "IV.B.1"


def test_a_ranking_is_the_same_in_every_process_whatever_its_hash_seed() -> None:
    """A protection weighed against the activities it protects is weighed in the order the rules
    file lists them, not in a set's order, which changes with each process's hash seed: the same
    situation gave a different list (scores, places below the first) from one run to the next."""
    situation = "韓国から邦人と米国人を日米で分担して輸送し退避させる。外務省との調整は誰が？"
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        done = subprocess.run(
            [sys.executable, "-m", "tabletop", "cite", "--phase", "emerging_threats", "--format", "json", situation],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    (ranked,) = [json.loads(output) for output in outputs]
    assert ranked[0]["id"] == "IV.B.1"

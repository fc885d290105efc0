"""The phase data of rules/guidelines_phases.yaml: verbatim bases, doctrine, gates, graph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tabletop.rules import Corpus, Determination, Gate, default_rules_path

SECURITY = ["peacetime", "emerging_threats", "anticipated_attack", "attack", "third_country_attack"]
ALL = SECURITY + ["disaster"]


def _normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def guidelines_text(corpus: Corpus) -> str:
    """The source text with page furniture removed, whitespace-normalised.

    Bare page numbers and `pageNimageM` runs sit inside sentences in the source;
    a verbatim quotation reads across them.
    """
    source = Path(default_rules_path()).parent / corpus.document.source
    lines = [
        line
        for line in source.read_text(encoding="utf-8").splitlines()
        if not re.fullmatch(r"\s*\d+\s*", line) and not re.fullmatch(r"\s*(page\d+image\d+\s*)+", line)
    ]
    return _normalised(" ".join(lines))


def _bases(corpus: Corpus) -> Iterator[tuple[str, str]]:
    for phase in corpus.phases:
        for rule in phase.applies:
            yield f"{phase.slug} {'+'.join(rule.clauses)}", rule.basis
    for spec in corpus.transitions:
        yield f"{spec.trigger} from {spec.source}", spec.basis
        for gate in spec.gates:
            for quoted in re.findall(r"“(.+?)”", gate.reference, flags=re.S):
                yield f"{spec.trigger} gate {gate.id}", quoted
    for constraint in corpus.constraints:
        yield f"constraint {'+'.join(constraint.phases)}", constraint.basis
    for determination in corpus.determinations:
        yield f"determination {determination.id}", determination.basis


def test_every_basis_quotes_the_guidelines_verbatim(corpus: Corpus, guidelines_text: str) -> None:
    missing = [where for where, quote in _bases(corpus) if _normalised(quote) not in guidelines_text]
    assert not missing, f"not verbatim from the Guidelines: {missing}"


def test_bases_keep_the_typographic_apostrophes(corpus: Corpus) -> None:
    assert not [where for where, quote in _bases(corpus) if "'" in quote]


# -- what applies where -------------------------------------------------------------


def _applies(corpus: Corpus, slug: str) -> frozenset[str]:
    return corpus.applicable_ids([slug])


@pytest.mark.parametrize("slug", ALL)
def test_premises_apply_in_every_phase(corpus: Corpus, slug: str) -> None:
    assert {"I", "VIII", *corpus.subtree("II")} <= _applies(corpus, slug)


@pytest.mark.parametrize("slug", ALL)
def test_alliance_coordination_mechanism_applies_in_every_phase(corpus: Corpus, slug: str) -> None:
    assert "III.A" in _applies(corpus, slug)


@pytest.mark.parametrize("slug", ALL)
def test_each_phase_applies_the_clauses_that_define_it(corpus: Corpus, slug: str) -> None:
    phase = corpus.phase(slug)
    for clause_id in phase.defined_by:
        assert set(corpus.subtree(clause_id)) <= _applies(corpus, slug)


@pytest.mark.parametrize("slug", SECURITY)
def test_cross_cutting_coordination_space_and_cyberspace_apply_in_every_security_phase(
    corpus: Corpus, slug: str
) -> None:
    assert {"III", "III.A", "III.B", "III.C", "VI", "VI.A", "VI.B"} <= _applies(corpus, slug)


@pytest.mark.parametrize("slug", SECURITY)
def test_cooperative_measures_from_peacetime_continue_in_every_security_phase(corpus: Corpus, slug: str) -> None:
    assert set(corpus.subtree("IV.A")) <= _applies(corpus, slug)


@pytest.mark.parametrize("slug", ALL)
def test_chapter_iv_lead_in_applies_everywhere_without_its_sections(corpus: Corpus, slug: str) -> None:
    applies = _applies(corpus, slug)
    assert "IV" in applies
    assert corpus.applicability_basis(slug, "IV")
    assert not any(rule.subtree and "IV" in rule.clauses for rule in corpus.phase(slug).applies)


def test_emerging_threats_keeps_peacetime_measures_and_adds_iv_b(corpus: Corpus) -> None:
    applies = _applies(corpus, "emerging_threats")
    assert set(corpus.subtree("IV.A")) | set(corpus.subtree("IV.B")) <= applies
    assert any(
        "In addition to continuing cooperative measures from peacetime" in b
        for b in corpus.applicability_basis("emerging_threats", "IV.A.1")
    )
    assert not applies & set(corpus.subtree("IV.C")) and not applies & set(corpus.subtree("IV.D"))


def test_attack_takes_the_measures_listed_earlier_in_chapter_iv(corpus: Corpus) -> None:
    applies = _applies(corpus, "attack")
    assert set(corpus.subtree("IV.A")) | set(corpus.subtree("IV.B")) | set(corpus.subtree("IV.C.2")) <= applies
    basis = corpus.applicability_basis("attack", "IV.B.4")
    assert basis == [
        "The two governments also will take necessary measures including those listed earlier in Chapter IV."
    ]


def test_anticipated_attack_applies_iv_c_lead_in_and_iv_c_1_but_not_the_attack_itself(corpus: Corpus) -> None:
    applies = _applies(corpus, "anticipated_attack")
    assert {"IV.C", "IV.C.1"} <= applies
    assert not applies & set(corpus.subtree("IV.C.2"))


@pytest.mark.parametrize("slug", ["anticipated_attack", "third_country_attack"])
def test_responses_to_emerging_threats_do_not_drop_out_as_the_situation_worsens(corpus: Corpus, slug: str) -> None:
    # A refugee flow or a ship inspection under way in emerging threats still applies
    # when an attack is anticipated or force is used for a third country.
    applies = _applies(corpus, slug)
    assert set(corpus.subtree("IV.B")) <= applies
    assert any(
        "important influence on Japan’s peace and security" in b for b in corpus.applicability_basis(slug, "IV.B.3")
    )


def test_counter_ballistic_missile_operations_do_not_apply_in_peacetime(corpus: Corpus) -> None:
    assert "IV.C.2.b.ii" not in _applies(corpus, "peacetime")
    assert corpus.phases_of("IV.C.2.b.ii") == ["attack"]


def test_actions_for_a_third_country_do_not_apply_while_japan_itself_is_attacked(corpus: Corpus) -> None:
    assert not set(corpus.subtree("IV.D")) & _applies(corpus, "attack")
    for clause_id in corpus.subtree("IV.D"):
        assert corpus.phases_of(clause_id) == ["third_country_attack"]


def test_disaster_cooperation_applies_only_in_a_disaster(corpus: Corpus) -> None:
    assert corpus.phases_of("IV.E") == ["disaster"]


def test_regional_cooperation_and_information_security_continue_in_a_crisis(corpus: Corpus) -> None:
    # V: each government decides when to take part in international activities; VII.B:
    # situational awareness "at all levels". Neither is tied to peacetime by the text.
    # Japan's own situation always holds one of these phases, so they apply alongside a
    # third-country attack or a disaster too (the union).
    japan = [p.slug for p in corpus.phases if p.region == "security"]
    for clause_id in [*corpus.subtree("V"), "VII", *corpus.subtree("VII.B")]:
        assert corpus.phases_of(clause_id) == japan, clause_id


@pytest.mark.parametrize("section", ["VII.A", "VII.C"])
def test_equipment_and_exchanges_are_peacetime_cooperation(corpus: Corpus, section: str) -> None:
    for clause_id in corpus.subtree(section):
        assert corpus.phases_of(clause_id) == ["peacetime"]


def test_iv_b_may_be_taken_in_peacetime_before_the_situation_is_determined(corpus: Corpus) -> None:
    # IV.B: its measures "include those that may be taken ... in circumstances that have not
    # yet amounted to such a situation".
    assert corpus.applicability("IV.B.2", ["peacetime"]) == "preparatory"
    assert corpus.applicability("IV.B.1", ["peacetime"]) == "applies"
    assert corpus.applicability("IV.B.2", ["emerging_threats"]) == "applies"
    assert corpus.applicability("IV.C.2.b.ii", ["peacetime"]) is None
    assert "IV.B.2" not in corpus.applicable_ids(["peacetime"])
    assert "IV.B.2" in corpus.citable_ids(["peacetime"])
    assert corpus.phases_preparing("IV.B.2") == ["peacetime"]
    (basis,) = corpus.preparatory_basis("peacetime", "IV.B.2")
    assert "have not yet amounted to such a situation" in basis


def test_evacuation_coordination_is_prepared_from_peacetime(corpus: Corpus) -> None:
    assert "IV.B.1" in _applies(corpus, "peacetime")
    assert "IV.B" not in _applies(corpus, "peacetime")


@pytest.mark.parametrize("slug", SECURITY)
def test_evacuation_coordination_carries_on_in_every_security_phase(corpus: Corpus, slug: str) -> None:
    # Enhanced "from peacetime", it is not dropped when an attack is anticipated or when
    # force is used for a third country (IV.D.1 protects assets engaged in evacuations).
    assert "IV.B.1" in _applies(corpus, slug)
    assert any(
        "noncombatant evacuation operations from peacetime" in basis
        or "listed earlier" in basis
        or "important influence" in basis
        for basis in corpus.applicability_basis(slug, "IV.B.1")
    )


def test_every_clause_applies_in_some_phase(corpus: Corpus) -> None:
    assert [c.id for c in corpus if not corpus.phases_of(c.id)] == []


# -- gates ---------------------------------------------------------------------------


def _gates(corpus: Corpus, trigger: str) -> dict[str, Gate]:
    return {g.id: g for spec in corpus.transitions if spec.trigger == trigger for g in spec.gates}


def _determinations(corpus: Corpus) -> dict[str, Determination]:
    return {d.id: d for d in corpus.determinations}


def test_every_gate_says_who_decides_how_binding_it_is_and_where_it_is_written(corpus: Corpus) -> None:
    for spec in corpus.transitions:
        for gate in spec.gates:
            assert gate.question.strip().endswith("?"), gate.id
            assert gate.authority.strip() and gate.reference.strip(), gate.id
            assert gate.strength in {"policy", "statutory"}


def test_emerging_threats_gate_is_the_guidelines_important_influence_test(corpus: Corpus) -> None:
    (gate,) = _gates(corpus, "threats_emerge").values()
    assert gate.strength == "policy" and gate.reference.startswith("IV.B")


def test_anticipated_attack_move_asks_the_guidelines_test_and_the_plan_is_a_determination(corpus: Corpus) -> None:
    # IV.C.1's measures follow the two governments' judgment, as IV.B's do; Japan's statutory
    # plan is recorded apart, as the important influence situation is.
    (gate,) = _gates(corpus, "attack_anticipated").values()
    assert (gate.id, gate.strength, gate.side) == ("armed_attack_anticipated", "policy", "both")
    assert gate.reference.startswith("IV.C") and "anticipated_attack_situation" in gate.reference
    assert gate.us_authority and "President" in gate.us_authority
    plan = _determinations(corpus)["anticipated_attack_situation"]
    assert plan.authority.startswith("Cabinet") and "Article 9" in plan.reference
    # The Prime Minister also seeks the Diet's approval of the basic response plan itself.
    assert "Diet's approval of the basic response plan immediately after" in _normalised(plan.diet)
    assert [r.kind for r in plan.requires] == ["nsc_deliberation", "cabinet_decision", "diet_approval_after"]
    assert set(plan.available_in) == {"emerging_threats", "anticipated_attack"}


@pytest.mark.parametrize(
    "trigger,gate",
    [("attack_occurs", "armed_attack_situation"), ("third_country_attacked", "survival_threatening_situation")],
)
def test_no_other_appropriate_means_is_part_of_the_two_determinations(corpus: Corpus, trigger: str, gate: str) -> None:
    determination = _gates(corpus, trigger)[gate]
    assert "no other appropriate means" in _normalised(determination.question)
    # 第9条第2項第1号ロ: item (i), sub-item (b).
    assert "Art. 9(2)(i)(b)" in determination.reference
    # "Minimum extent necessary" governs the use of force under the order, not the determination.
    assert "minimum extent necessary" in _gates(corpus, trigger)["defense_operation_approved"].reference


def test_act_no_79_is_named_by_its_title_since_2015(corpus: Corpus) -> None:
    for spec in corpus.transitions:
        for gate in spec.gates:
            if "Act No. 79 of 2003;" in gate.reference:
                assert "Armed Attack Situations, etc., and Survival-Threatening Situation" in _normalised(
                    gate.reference
                )
    assert "武力攻撃事態等及び存立危機事態" in corpus.text
    assert "Defense of Japan 2016" in corpus.text


def test_the_important_influence_gate_names_the_act_it_rests_on(corpus: Corpus) -> None:
    gate = _gates(corpus, "threats_emerge")["important_influence"]
    reference = _normalised(gate.reference)
    assert "Important Influence Situations Act (Act No. 60 of 1999" in reference
    assert "prior approval" in reference and "after the fact" in reference


def test_attack_gates_ask_the_determination_and_the_diet_approval_of_a_defense_operation(corpus: Corpus) -> None:
    gates = _gates(corpus, "attack_occurs")
    assert set(gates) == {"armed_attack_begun", "armed_attack_situation", "defense_operation_approved"}
    # The fact (IV.C.2: an attack "occurs") is asked apart from the statutory determination.
    assert gates["armed_attack_begun"].strength == "policy"
    assert gates["armed_attack_begun"].reference.startswith("IV.C.2")
    assert gates["armed_attack_situation"].strength == gates["defense_operation_approved"].strength == "statutory"
    approval = gates["defense_operation_approved"]
    assert "National Diet" in approval.authority and "Article 76" in approval.reference


def test_use_of_force_for_a_third_country_asks_the_conditions_of_iv_d(corpus: Corpus) -> None:
    gates = _gates(corpus, "third_country_attacked")
    questions = " ".join(_normalised(g.question) for g in gates.values())
    for condition in (
        "foreign country that is in a close relationship with Japan",
        "threaten Japan’s survival",
        "clear danger to overturn fundamentally its people’s right to life, liberty, and pursuit of happiness",
        "use of force",
    ):
        assert condition in questions
    assert any(g.reference.startswith("IV.D") for g in gates.values())
    assert {g.strength for g in gates.values()} == {"policy", "statutory"}


def test_every_move_back_towards_peacetime_asks_a_gate(corpus: Corpus) -> None:
    backwards = {"de_escalate", "conflict_terminates", "third_country_attack_ends"}
    for spec in corpus.transitions:
        if spec.trigger in backwards:
            assert spec.gates, (spec.trigger, spec.source)
        if spec.trigger in {"disaster_strikes", "recover"}:
            assert spec.gates == []


@pytest.mark.parametrize(
    "trigger,source", [("conflict_terminates", "attack"), ("third_country_attack_ends", "third_country_attack")]
)
def test_ending_the_use_of_force_asks_the_plan_abolished_and_the_withdrawal_order(
    corpus: Corpus, trigger: str, source: str
) -> None:
    gates = {
        g.id: g for spec in corpus.transitions if spec.trigger == trigger and source in spec.source for g in spec.gates
    }
    plan, withdrawal = gates["response_plan_abolished"], gates["defense_operation_withdrawn"]
    assert plan.strength == withdrawal.strength == "statutory"
    # Abolished by the Cabinet, or ended by the Diet's disapproval.
    assert "disapproval" in _normalised(plan.question) and "Article 9" in plan.reference
    assert "Article 76(2)" in withdrawal.reference and withdrawal.authority == "Prime Minister"
    assert "cabinet_decision" in [r.kind for r in plan.requires]
    assert any(r.kind == "diet_report" and r.after for r in plan.requires)


def test_a_ceasefire_amends_the_plan_and_withdraws_the_defense_operation(corpus: Corpus) -> None:
    (spec,) = [t for t in corpus.transitions if t.trigger == "de_escalate" and t.source == ["attack"]]
    gates = {g.id: g for g in spec.gates}
    assert list(gates) == ["armed_attack_stopped", "response_plan_amended", "defense_operation_withdrawn"]
    assert [r.kind for r in gates["response_plan_amended"].requires] == [
        "nsc_deliberation",
        "cabinet_decision",
        "diet_approval_after",
    ]
    assert "Article 76(2)" in gates["defense_operation_withdrawn"].reference
    # The withdrawal follows the amended plan (another gate of the same move).
    assert gates["defense_operation_withdrawn"].requires[0].gates == ["response_plan_amended"]


def test_the_basic_response_plan_needs_the_national_security_council_first(corpus: Corpus) -> None:
    # Act for the Establishment of the National Security Council, Art. 2: the Prime Minister
    # must consult it on the basic response plan.
    plans: list[Gate | Determination] = [_gates(corpus, "attack_occurs")["armed_attack_situation"]]
    plans.append(_gates(corpus, "third_country_attacked")["survival_threatening_situation"])
    plans += [_determinations(corpus)[d] for d in ("anticipated_attack_situation", "armed_attack_imminent")]
    for plan in plans:
        (nsc,) = [r for r in plan.requires if r.kind == "nsc_deliberation"]
        assert "Article 2(1)(iv) and 2(2)" in nsc.detail and not nsc.discretionary
        (diet,) = [r for r in plan.requires if r.kind == "diet_approval_after"]
        assert diet.after


# -- the phase graph (read from the data, not the machine) ---------------------------------


def _edges(corpus: Corpus) -> set[tuple[str | None, str | None]]:
    return {(s, t.dest) for t in corpus.transitions for s in t.source}


def _closure(edges: set[tuple[str | None, str | None]], start: str | None) -> set[str | None]:
    seen, frontier = {start}, [start]
    while frontier:
        here = frontier.pop()
        for source, dest in edges:
            if source == here and dest not in seen:
                seen.add(dest)
                frontier.append(dest)
    return seen


def test_every_security_phase_is_reachable_from_peacetime_and_leads_back(corpus: Corpus) -> None:
    edges = _edges(corpus)
    japan = [slug for slug in SECURITY if slug != "third_country_attack"]
    assert _closure(edges, "peacetime") >= set(japan)
    for slug in japan:
        assert "peacetime" in _closure(edges, slug), slug
    # The attack on another country is a region of its own, entered and left from empty.
    assert "third_country_attack" in _closure(edges, None)
    assert None in _closure(edges, "third_country_attack")


def test_a_ceasefire_de_escalates_one_step_at_a_time(corpus: Corpus) -> None:
    steps = {(s, t.dest) for t in corpus.transitions if t.trigger == "de_escalate" for s in t.source}
    assert steps == {
        ("attack", "anticipated_attack"),
        ("anticipated_attack", "emerging_threats"),
        ("emerging_threats", "peacetime"),
    }


def test_the_disaster_region_starts_empty_and_can_be_left_empty_again(corpus: Corpus) -> None:
    region = next(r for r in corpus.regions if r.id == "disaster")
    assert region.initial is None and region.empty_title
    edges = _edges(corpus)
    assert "disaster" in _closure(edges, None)
    assert None in _closure(edges, "disaster")


def test_named_triggers_exist(corpus: Corpus) -> None:
    triggers = {t.trigger for t in corpus.transitions}
    assert {
        "threats_emerge",
        "attack_anticipated",
        "attack_occurs",
        "third_country_attacked",
        "disaster_strikes",
        "de_escalate",
        "recover",
        "conflict_terminates",
    } <= triggers


def test_escalation_may_skip_phases(corpus: Corpus) -> None:
    sources = {s for t in corpus.transitions if t.trigger == "attack_occurs" for s in t.source}
    assert {"peacetime", "emerging_threats", "anticipated_attack"} <= sources
    # The use of force for another country fires whatever Japan's own situation is (the
    # constraint with `attack` aside): its source is its own region's empty state.
    sources = {s for t in corpus.transitions if t.trigger == "third_country_attacked" for s in t.source}
    assert sources == {None}


def test_defining_clauses_are_each_phases_defined_by_with_their_sub_clauses(corpus: Corpus) -> None:
    from tabletop.errors import UnknownPhaseError

    assert corpus.defining_ids("attack") == frozenset(corpus.subtree("IV.C.2"))
    assert "IV.C.2.b.ii" in corpus.defining_ids("attack")
    assert "IV.A.2" in corpus.defining_ids("peacetime") and "IV.A.2" not in corpus.defining_ids("attack")
    assert corpus.defining_ids("disaster") == frozenset({"IV.E"})
    with pytest.raises(UnknownPhaseError):
        corpus.defining_ids("atack")


def test_use_of_force_for_a_third_country_asks_the_statutory_determination_and_diet_approval(corpus: Corpus) -> None:
    gates = _gates(corpus, "third_country_attacked")
    determination = gates["survival_threatening_situation"]
    assert (determination.authority, determination.strength) == ("Cabinet", "statutory")
    assert "Survival-Threatening Situation" in determination.reference and "Article 9" in determination.reference
    approval = gates["defense_operation_approved"]
    assert approval.strength == "statutory" and "National Diet" in approval.authority
    assert "Article 76(1)(ii)" in approval.reference


def test_defense_operation_for_an_attack_on_japan_cites_the_armed_attack_limb_of_article_76(corpus: Corpus) -> None:
    approval = _gates(corpus, "attack_occurs")["defense_operation_approved"]
    assert "Article 76(1)(i)" in approval.reference and "76(1)(ii)" not in approval.reference

"""The determinations of rules/guidelines_phases.yaml: orders in every phase, residents and civil
protection, the U.S. side's decisions, and what each decision needs first.

Each test pins a legal fact a seminar relies on, as the rules file states it, so that a later
edit that changes the law's content fails here with the fact named.
"""

from __future__ import annotations

import pytest

from tabletop.phases import PhaseMachine
from tabletop.rules import Corpus, Determination, Gate

JAPAN_SECURITY = ["peacetime", "emerging_threats", "anticipated_attack", "attack"]


def _normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def orders(corpus: Corpus) -> dict[str, Determination]:
    return {d.id: d for d in corpus.determinations}


def _kinds(decision: Determination) -> list[str]:
    return [requirement.kind for requirement in decision.requires]


# -- orders in every phase --------------------------------------------------------------------


def test_orders_can_be_recorded_during_an_armed_attack_and_a_disaster_at_once(corpus: Corpus) -> None:
    attack = {d.id for d in PhaseMachine(corpus, phases=["attack"]).available_determinations()}
    assert {
        "coast_guard_control",
        "civil_protection_warning",
        "evacuation_instruction",
        "civil_protection_dispatch",
        "overseas_protection_measures",
        "overseas_transport",
        "international_peace_support",
        "us_article_5_action",
    } <= attack
    both = {d.id for d in PhaseMachine(corpus, phases=["attack", "disaster"]).available_determinations()}
    assert both == attack | {"disaster_relief_dispatch"}


def test_every_phase_opens_some_determination(corpus: Corpus) -> None:
    for phase in corpus.phase_slugs:
        assert corpus.determinations_in([phase]), phase


def test_coast_guard_control_follows_only_a_defense_operation_for_japan_or_a_public_security_operation(
    orders: dict[str, Determination],
) -> None:
    control = orders["coast_guard_control"]
    reference = _normalised(control.reference)
    assert (
        "Article 80" in reference
        and "76(1)(i) only" in reference
        and "not a survival-threatening situation" in reference
    )
    (first,) = [r for r in control.requires if r.determinations]
    assert first.determinations == ["public_security_operation", "defense_operation_ordered"]
    # The move into attack asked for the defense operation under 76(1)(i); a third-country attack never does.
    assert first.satisfied_in == ["attack"]
    assert "cabinet_decision" in _kinds(control)
    assert "Japan Coast Guard Act, Article 25" in reference


def test_disaster_relief_dispatch_waits_for_a_governors_request_unless_especially_urgent(
    orders: dict[str, Determination],
) -> None:
    relief = orders["disaster_relief_dispatch"]
    assert relief.available_in == ["disaster"] and "Article 83" in relief.reference
    (request,) = relief.requires
    assert request.kind == "request" and request.discretionary
    # Armed-attack disasters go to a civil protection dispatch instead (Article 83(5)).
    assert "83(5)" in relief.reference and "civil protection dispatch" in relief.reference


def test_evacuation_of_nationals_abroad_names_both_articles_and_their_conditions(
    orders: dict[str, Determination],
) -> None:
    protection, transport = orders["overseas_protection_measures"], orders["overseas_transport"]
    assert "Article 84-3" in protection.reference and "Article 84-4" in transport.reference
    assert {"request", "consultation", "consent", "prime_minister_approval"} <= set(_kinds(protection))
    # Transport needs no Prime Minister's approval in the text checked; the 2023 amendment is flagged.
    assert "prime_minister_approval" not in _kinds(transport)
    assert transport.uncertain and "2023" in transport.uncertain


def test_international_peace_support_needs_the_diets_prior_approval_without_exception(
    orders: dict[str, Determination],
) -> None:
    support = orders["international_peace_support"]
    assert "Act No. 77 of 2015" in support.reference and "Article 6" in support.reference
    assert "without exception" in support.diet
    assert "diet_prior_approval" in _kinds(support)
    assert "diet_approval_after" not in _kinds(support)
    assert "un_resolution" in _kinds(support)


def test_active_cyber_defence_is_a_cabinet_decision_each_time_and_says_what_is_not_verified(
    orders: dict[str, Determination],
) -> None:
    cyber = orders["communications_protection_measures"]
    assert "2025" in cyber.title and "16 May 2025" in cyber.reference
    assert "cabinet_decision" in _kinds(cyber)
    assert cyber.uncertain and "Cabinet decision for each order" in _normalised(cyber.uncertain)


def test_chapter_v_activities_have_their_legal_bases(orders: dict[str, Determination]) -> None:
    for order, statute in (
        ("peacekeeping_assignment", "Act No. 79 of 1992"),
        ("international_disaster_relief", "Act No. 93 of 1987"),
        ("counter_piracy_operation", "Act No. 55 of 2009"),
        ("international_peace_support", "Act No. 77 of 2015"),
    ):
        assert statute in orders[order].reference, order
        assert set(orders[order].available_in) == set(JAPAN_SECURITY), order


# -- residents and civil protection --------------------------------------------------------------


def test_a_warning_needs_a_basic_response_plan_or_an_emergency_response_policy(
    orders: dict[str, Determination],
) -> None:
    (plan,) = orders["civil_protection_warning"].requires
    assert plan.determinations == [
        "anticipated_attack_situation",
        "armed_attack_imminent",
        "emergency_response_situation",
    ]
    assert plan.satisfied_in == ["attack"]
    assert "Article 44" in orders["civil_protection_warning"].reference


def test_the_instruction_to_evacuate_follows_the_warning_and_cares_for_remote_islands(
    orders: dict[str, Determination],
) -> None:
    instruction = orders["evacuation_instruction"]
    (warning,) = instruction.requires
    assert warning.determinations == ["civil_protection_warning"]
    reference = _normalised(instruction.reference)
    assert "Article 52" in reference and "52(3)" in reference and "remote islands" in reference
    assert "Article 54" in reference


def test_the_self_defense_forces_help_residents_on_a_governors_request(orders: dict[str, Determination]) -> None:
    dispatch = orders["civil_protection_dispatch"]
    assert "Article 77-4" in dispatch.reference and "Article 15(1)" in dispatch.reference
    assert {"request", "prime_minister_approval"} <= set(_kinds(dispatch))


def test_an_emergency_response_situation_goes_to_the_diet_within_20_days(orders: dict[str, Determination]) -> None:
    emergency = orders["emergency_response_situation"]
    assert "Article 22" in emergency.reference and "20 days" in emergency.diet
    assert "peacetime" in emergency.available_in and "attack" not in emergency.available_in
    assert emergency.uncertain and "Article 25" in emergency.uncertain


def test_civil_protection_prerequisites_are_met_only_in_order(corpus: Corpus, orders: dict[str, Determination]) -> None:
    anticipated = ["anticipated_attack"]
    assert corpus.unmet_prerequisites(orders["civil_protection_warning"], anticipated, [])
    assert not corpus.unmet_prerequisites(
        orders["civil_protection_warning"], anticipated, ["anticipated_attack_situation"]
    )
    assert corpus.unmet_prerequisites(orders["evacuation_instruction"], anticipated, ["anticipated_attack_situation"])
    assert not corpus.unmet_prerequisites(orders["evacuation_instruction"], anticipated, ["civil_protection_warning"])
    # In an armed attack the plan was asked by the move itself.
    assert not corpus.unmet_prerequisites(orders["civil_protection_warning"], ["attack"], [])


# -- corrected statute details ----------------------------------------------------------------------


def test_ship_inspection_needs_a_resolution_or_the_flag_states_consent_and_the_masters_consent_to_board(
    orders: dict[str, Determination],
) -> None:
    situation = orders["important_influence_situation"]
    reference = _normalised(situation.reference)
    assert "UN Security Council resolution or the flag state's consent" in reference
    assert "needs, besides, the flag state's consent" not in reference
    assert "master's consent" in reference
    assert "ship inspection" in situation.diet


def test_an_armed_attack_situation_on_imminent_danger_allows_no_force_before_the_attack(
    orders: dict[str, Determination],
) -> None:
    imminent = _normalised(orders["armed_attack_imminent"].reference)
    assert "Article 3(3)" in imminent and "force may not be used before the attack occurs" in imminent
    ordered = _normalised(orders["defense_operation_ordered"].reference)
    assert "force may be used only once an armed attack has occurred" in ordered
    assert orders["defense_operation_ordered"].requires[0].determinations == ["armed_attack_imminent"]


def test_a_public_security_operation_goes_to_the_first_diet_when_it_is_closed_or_dissolved(
    orders: dict[str, Determination],
) -> None:
    diet = _normalised(orders["public_security_operation"].diet)
    assert "within 20 days" in diet
    assert "when the Diet is closed or the House of Representatives is dissolved" in diet


def test_a_guarding_operation_designates_the_facilities_and_the_period(orders: dict[str, Determination]) -> None:
    guarding = orders["guarding_operation"]
    assert "designating the facilities to guard and the period" in _normalised(guarding.authority)
    assert "designation" in _kinds(guarding)
    # Drones over the facilities are the Drone Act's, with or without a guarding operation.
    assert "Drone Act (Act No. 9 of 2016)" in guarding.reference


def test_asset_protection_is_not_limited_to_peacetime(orders: dict[str, Determination]) -> None:
    protection = orders["asset_protection"]
    reference = _normalised(protection.reference)
    assert "not limited to peacetime" in reference and "a scene where combat is being conducted" in reference
    assert set(protection.available_in) >= {"peacetime", "emerging_threats", "anticipated_attack"}
    assert "in peacetime the Self-Defense Forces may also use weapons" not in _normalised(
        orders["guarding_operation"].reference
    )


def test_the_2015_legislation_is_dated_in_full(orders: dict[str, Determination]) -> None:
    reference = _normalised(orders["important_influence_situation"].reference)
    assert "Cabinet decision 14 May 2015, enacted 19 September 2015 as Acts No. 76 and 77 of 2015" in reference
    assert "in force 29 March 2016" in reference


def test_peacetime_describes_the_guidelines_measures_not_the_facts(corpus: Corpus) -> None:
    summary = corpus.phase("peacetime").summary
    assert summary.startswith("Cooperative measures from peacetime")
    assert "No situation yet affects" not in summary


# -- the U.S. side's decisions ----------------------------------------------------------------------


def test_the_united_states_decides_its_requests_and_its_action_under_article_five(
    orders: dict[str, Determination],
) -> None:
    for order in ("us_article_5_action", "us_asset_protection_request", "us_facilities_request"):
        assert orders[order].side == "united_states", order
    article_5 = orders["us_article_5_action"]
    assert "President" in article_5.authority and "Article V" in article_5.reference
    # It may act before Japan's Cabinet has moved the exercise into attack.
    assert set(article_5.available_in) == set(JAPAN_SECURITY)
    assert "48 hours" in article_5.diet


def test_prior_consultation_is_the_two_governments_under_the_1960_exchange_of_notes(
    orders: dict[str, Determination],
) -> None:
    consultation = orders["prior_consultation"]
    assert consultation.side == "both" and consultation.us_authority
    reference = _normalised(consultation.reference)
    assert (
        "Exchange of Notes of 19 January 1960" in reference
        and "other than those conducted under Article V" in reference
    )


def test_japans_answers_to_us_requests_need_the_request_first(orders: dict[str, Determination]) -> None:
    assert orders["asset_protection"].requires[0].determinations == ["us_asset_protection_request"]
    assert orders["facilities_provided"].requires[0].determinations == ["us_facilities_request"]


def test_every_decision_of_the_two_governments_names_who_decides_on_the_us_side(corpus: Corpus) -> None:
    deciders: list[Gate | Determination] = [*(g for t in corpus.transitions for g in t.gates), *corpus.determinations]
    both = [d for d in deciders if d.side == "both"]
    assert {g.id for g in both} >= {"important_influence", "armed_attack_anticipated", "use_of_force_decided"}
    for decider in both:
        assert decider.us_authority is not None, decider.id
        assert any(word in decider.us_authority for word in ("President", "U.S. Government")), decider.id
        assert "Indo-Pacific Command" in decider.us_authority or "Embassy" in decider.us_authority, decider.id


# -- what is not verified -------------------------------------------------------------------------------


def test_what_is_not_verified_says_what_is_known_and_from_where(corpus: Corpus) -> None:
    uncertain: list[Gate | Determination] = [d for d in corpus.determinations if d.uncertain]
    uncertain += [g for t in corpus.transitions for g in t.gates if g.uncertain]
    assert len(uncertain) >= 8
    for decider in uncertain:
        assert decider.uncertain is not None and len(decider.uncertain.split()) >= 12, decider.id

"""The phase machine over the real rules file: moves, gates, refusals, regions and history."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from tests.phases.phase_support import machine_for, reachable_states, simplest_state_with, yes_to_all

from tabletop.errors import InputError, PhaseConflictError, TransitionRefused, UnknownPhaseError
from tabletop.phases import Move, PhaseMachine
from tabletop.rules import Corpus

JAPAN_PHASES = ["peacetime", "emerging_threats", "anticipated_attack", "attack"]
SECURITY_PHASES = [*JAPAN_PHASES, "third_country_attack"]
"""Japan's own situation and the attack against another country: the phases a disaster can
strike during."""


def _gated_moves(corpus: Corpus) -> list[object]:
    """(trigger, source, gate id) for every gate of every move in the rules file."""
    return [
        pytest.param((spec.trigger, source, gate.id), id=f"{spec.trigger}-from-{source}-{gate.id}")
        for spec in corpus.transitions
        for source in spec.source
        for gate in spec.gates
    ]


def _machine_at(corpus: Corpus, trigger: str, source: str | None) -> PhaseMachine:
    return machine_for(corpus, trigger, source)


def _start(corpus: Corpus, slug: str) -> PhaseMachine:
    """A machine in the simplest lawful combination that holds `slug`."""
    return PhaseMachine(corpus, phases=simplest_state_with(corpus, slug))


def _move(machine: PhaseMachine, trigger: str) -> Move:
    return next(move for move in machine.legal_moves() if move.trigger == trigger)


# -- starting -----------------------------------------------------------------


def test_starts_in_peacetime_with_no_disaster(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    assert machine.phases == ("peacetime",)
    assert machine.history == []
    assert machine.applicable_ids() == corpus.applicable_ids(["peacetime"])


def test_starts_from_given_phases_in_region_order(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=("disaster", "attack"))
    assert machine.phases == ("attack", "disaster")


def test_a_region_not_named_starts_at_its_initial_phase(corpus: Corpus) -> None:
    assert PhaseMachine(corpus, phases=["disaster"]).phases == ("peacetime", "disaster")
    assert PhaseMachine(corpus, phases=["attack"]).phases == ("attack",)


def test_starting_from_an_unknown_phase_suggests_the_nearest(corpus: Corpus) -> None:
    with pytest.raises(UnknownPhaseError, match="did you mean 'attack'"):
        PhaseMachine(corpus, phases=["atack"])


def test_starting_from_two_phases_of_one_region_is_refused(corpus: Corpus) -> None:
    with pytest.raises(InputError, match="both belong to region security"):
        PhaseMachine(corpus, phases=["peacetime", "attack"])
    # The same refusal, in the same words, as the command line's --phase options get.
    with pytest.raises(PhaseConflictError, match="'peacetime' and 'attack' cannot hold at once"):
        PhaseMachine(corpus, phases=["peacetime", "attack"])


@pytest.mark.parametrize("slug", SECURITY_PHASES + ["disaster"])
def test_every_slug_round_trips_through_the_machine(corpus: Corpus, slug: str) -> None:
    machine = _start(corpus, slug)
    assert slug in machine.phases
    assert PhaseMachine(corpus, phases=machine.phases).phases == machine.phases
    assert machine.phase_of(corpus.phase(slug).region) == slug


def test_every_reachable_state_round_trips_through_the_constructor(corpus: Corpus) -> None:
    for phases in reachable_states(corpus):
        assert PhaseMachine(corpus, phases=phases).phases == phases


# -- reachability ---------------------------------------------------------------


def test_every_phase_is_reachable_from_peacetime(corpus: Corpus) -> None:
    reached = {slug for phases in reachable_states(corpus) for slug in phases}
    assert reached == set(corpus.phase_slugs)


@pytest.mark.parametrize("slug", SECURITY_PHASES)
def test_every_security_phase_can_return_to_peacetime(corpus: Corpus, slug: str) -> None:
    # Breadth-first over legal moves from the phase; peacetime must be among the results.
    start = _start(corpus, slug).phases
    seen, frontier = {start}, [start]
    while frontier:
        here = frontier.pop()
        for move in PhaseMachine(corpus, phases=here).legal_moves():
            if move.region == "disaster":
                continue
            probe = PhaseMachine(corpus, phases=here)
            probe.fire(move.trigger, yes_to_all(move))
            if probe.phases not in seen:
                seen.add(probe.phases)
                frontier.append(probe.phases)
    assert ("peacetime",) in seen


def test_a_disaster_can_be_recovered_from(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["disaster"])
    machine.fire("recover")
    assert machine.phases == ("peacetime",)


# -- the disaster region -----------------------------------------------------------


@pytest.mark.parametrize("slug", SECURITY_PHASES)
def test_disaster_during_every_security_phase_keeps_it_and_applies_the_union(corpus: Corpus, slug: str) -> None:
    machine = _start(corpus, slug)
    before = machine.phases
    assert slug in before
    record = machine.fire("disaster_strikes")
    assert record.before == before and record.after == (*before, "disaster")
    assert machine.phases == (*before, "disaster")
    union = corpus.applicable_ids(before) | corpus.applicable_ids(["disaster"])
    assert machine.applicable_ids() == union
    assert "IV.E" in machine.applicable_ids()
    assert [c.id for c in machine.applicable()] == [c.id for c in corpus.in_order(union)]


@pytest.mark.parametrize("slug", SECURITY_PHASES)
def test_recovery_returns_to_the_security_phase_it_struck_in(corpus: Corpus, slug: str) -> None:
    machine = PhaseMachine(corpus, phases=[*_start(corpus, slug).phases, "disaster"])
    before = machine.phases
    machine.fire("recover")
    assert machine.phases == tuple(p for p in before if p != "disaster") and slug in machine.phases
    assert "IV.E" not in machine.applicable_ids()


def test_security_moves_during_a_disaster_keep_the_disaster(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    machine.fire("disaster_strikes")
    machine.fire("threats_emerge", {"important_influence": True})
    assert machine.phases == ("emerging_threats", "disaster")
    assert {m.trigger for m in machine.legal_moves()} >= {"de_escalate", "recover"}


def test_a_second_disaster_cannot_strike_during_one(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["disaster"])
    with pytest.raises(TransitionRefused, match="cannot fire from peacetime \\+ disaster"):
        machine.fire("disaster_strikes")


def test_disaster_strikes_fires_from_the_empty_disaster_region(corpus: Corpus) -> None:
    move = _move(PhaseMachine(corpus, phases=["attack"]), "disaster_strikes")
    assert (move.source, move.dest, move.region) == (None, "disaster", "disaster")


# -- refusals ---------------------------------------------------------------------


def test_refuses_a_trigger_not_legal_here_and_names_the_legal_ones(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    with pytest.raises(TransitionRefused) as caught:
        machine.fire("recover")
    assert "cannot fire from peacetime" in str(caught.value)
    assert "it fires from disaster" in str(caught.value)
    assert caught.value.legal == [m.trigger for m in machine.legal_moves()]
    for trigger in caught.value.legal:
        assert trigger in str(caught.value)
    assert machine.phases == ("peacetime",) and machine.history == []


def test_refuses_an_unknown_trigger_with_a_suggestion(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    with pytest.raises(TransitionRefused, match="no trigger is named 'atack_occurs'; did you mean 'attack_occurs'"):
        machine.fire("atack_occurs")


def test_refuses_conflict_termination_before_any_conflict(corpus: Corpus) -> None:
    with pytest.raises(TransitionRefused, match="it fires from attack \\("):
        PhaseMachine(corpus).fire("conflict_terminates")


def test_refuses_attack_without_cabinet_determination(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["emerging_threats"])
    with pytest.raises(TransitionRefused) as caught:
        machine.fire("attack_occurs", {"armed_attack_begun": True, "defense_operation_approved": True})
    message = str(caught.value)
    assert "armed_attack_situation (not answered; Cabinet; statutory)" in message
    assert "defense_operation_approved" not in message.split("(legal from")[0]
    assert machine.phases == ("emerging_threats",)


def test_refuses_attack_without_diet_approval_of_the_defense_operation(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["anticipated_attack"])
    with pytest.raises(TransitionRefused, match="defense_operation_approved \\(not confirmed;"):
        machine.fire(
            "attack_occurs",
            {"armed_attack_begun": True, "armed_attack_situation": True, "defense_operation_approved": False},
        )
    assert machine.phases == ("anticipated_attack",)


def test_refuses_use_of_force_for_a_third_country_without_the_survival_condition(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["emerging_threats"])
    answers = yes_to_all(_move(machine, "third_country_attacked"))
    answers["survival_threatened"] = False
    with pytest.raises(TransitionRefused, match="threaten Japan’s survival"):
        machine.fire("third_country_attacked", answers)


def test_emerging_threats_asks_whether_the_situation_has_an_important_influence(corpus: Corpus) -> None:
    (gate,) = _move(PhaseMachine(corpus), "threats_emerge").gates
    assert gate.strength == "policy"
    assert "important influence on Japan’s peace and security" in gate.question


# -- a test per gate ----------------------------------------------------------------


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "gated" in metafunc.fixturenames:
        from tabletop.rules import load_rules

        metafunc.parametrize("gated", _gated_moves(load_rules()))


def test_each_gate_refuses_without_its_confirmation(corpus: Corpus, gated: tuple[str, str | None, str]) -> None:
    trigger, source, gate_id = gated
    machine = _machine_at(corpus, trigger, source)
    move = _move(machine, trigger)
    gate = next(g for g in move.gates if g.id == gate_id)
    others = {g.id: True for g in move.gates if g.id != gate_id}
    before = machine.phases
    with pytest.raises(TransitionRefused) as missing:
        machine.fire(trigger, others)
    assert f"{gate_id} (not answered" in str(missing.value)
    assert " ".join(gate.question.split()) in " ".join(str(missing.value).split())
    with pytest.raises(TransitionRefused, match=f"{gate_id} \\(not confirmed"):
        machine.fire(trigger, {**others, gate_id: False})
    assert machine.phases == before and machine.history == []


def test_each_gate_accepts_with_confirmation_and_records_the_answers(
    corpus: Corpus, gated: tuple[str, str | None, str]
) -> None:
    trigger, source, gate_id = gated
    machine = _machine_at(corpus, trigger, source)
    move = _move(machine, trigger)
    before = machine.phases
    record = machine.fire(trigger, yes_to_all(move))
    assert machine.history == [record]
    assert record.trigger == trigger and record.before == before
    assert record.after == machine.phases
    if move.dest is not None:
        assert move.dest in machine.phases
    else:  # a move that leaves its region empty (the use of force for another country ends)
        assert machine.phase_of(move.region) is None
    assert record.answers[gate_id] is True
    assert set(record.answers) == {g.id for g in move.gates}


def test_answers_for_other_gates_are_not_recorded(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    record = machine.fire("threats_emerge", {"important_influence": True, "unrelated": True})
    assert record.answers == {"important_influence": True}


def test_only_true_confirms_a_gate(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    for answer in ("yes", 1, None):
        with pytest.raises(TransitionRefused):
            machine.fire("threats_emerge", {"important_influence": answer})  # type: ignore[dict-item]  # not a bool: refused
    assert machine.phases == ("peacetime",)


# -- the rest of the API ----------------------------------------------------------------


def test_moves_into_lists_the_legal_ways_into_a_phase(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["emerging_threats"])
    (move,) = machine.moves_into("attack")
    assert (move.trigger, move.source, move.dest, move.region) == (
        "attack_occurs",
        "emerging_threats",
        "attack",
        "security",
    )
    assert [g.id for g in move.gates] == ["armed_attack_begun", "armed_attack_situation", "defense_operation_approved"]
    assert move.basis.startswith("If an armed attack against Japan occurs")
    assert machine.moves_into("emerging_threats") == []
    with pytest.raises(UnknownPhaseError):
        machine.moves_into("wartime")


def test_legal_moves_follow_the_rules_data(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["anticipated_attack", "third_country_attack"])
    assert [(m.trigger, m.dest, m.ends) for m in machine.legal_moves()] == [
        ("attack_occurs", "attack", ("third_country_attack",)),
        ("de_escalate", "emerging_threats", ()),
        ("third_country_attack_ends", None, ()),
        ("disaster_strikes", "disaster", ()),
    ]


def test_history_lists_moves_in_order_and_is_a_copy(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    machine.fire("threats_emerge", {"important_influence": True})
    machine.fire("de_escalate", {"important_influence_ended": True})
    history = machine.history
    assert [r.trigger for r in history] == ["threats_emerge", "de_escalate"]
    assert [r.after for r in history] == [("emerging_threats",), ("peacetime",)]
    history.clear()
    assert len(machine.history) == 2


def test_replaying_the_history_rebuilds_the_same_state(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    machine.fire("disaster_strikes")
    machine.fire("threats_emerge", {"important_influence": True})
    machine.fire("attack_anticipated", {"armed_attack_anticipated": True})
    replay = PhaseMachine(corpus)
    for record in machine.history:
        replay.fire(record.trigger, record.answers)
    assert replay.phases == machine.phases
    assert replay.history == machine.history


# -- situations that coexist ------------------------------------------------------------


def _lawful(corpus: Corpus, phases: Iterable[str]) -> bool:
    try:
        corpus.phase_combination(phases)
    except PhaseConflictError:
        return False
    return True


def test_every_lawful_combination_is_reachable_and_every_unlawful_one_refused(corpus: Corpus) -> None:
    from itertools import product

    choices = [
        [p.slug for p in corpus.phases if p.region == region.id] + ([None] if region.initial is None else [])
        for region in corpus.regions
    ]
    combos = {tuple(s for s in combo if s is not None) for combo in product(*choices)}
    lawful = {combo for combo in combos if _lawful(corpus, combo)}
    assert set(reachable_states(corpus)) == lawful
    assert combos - lawful == {
        ("attack", "third_country_attack"),
        ("attack", "third_country_attack", "disaster"),
        ("peacetime", "third_country_attack"),
        ("peacetime", "third_country_attack", "disaster"),
    }
    assert len(lawful) == 12


def test_an_anticipated_attack_and_a_survival_threatening_situation_hold_at_once(corpus: Corpus) -> None:
    # Cabinet answer 内閣参質203第36号 (2020): the two situations are not mutually exclusive.
    machine = PhaseMachine(corpus, phases=["anticipated_attack"])
    machine.fire("third_country_attacked", yes_to_all(_move(machine, "third_country_attacked")))
    assert machine.phases == ("anticipated_attack", "third_country_attack")
    applies = machine.applicable_ids()
    assert {"IV.C.1", "IV.D.1"} <= applies
    assert applies == corpus.applicable_ids(["anticipated_attack"]) | corpus.applicable_ids(["third_country_attack"])
    machine.fire("de_escalate", yes_to_all(_move(machine, "de_escalate")))
    assert machine.phases == ("emerging_threats", "third_country_attack")


def test_an_attack_on_japan_ends_the_use_of_force_for_another_country(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["emerging_threats", "third_country_attack", "disaster"])
    record = machine.fire("attack_occurs", yes_to_all(_move(machine, "attack_occurs")))
    assert record.before == ("emerging_threats", "third_country_attack", "disaster")
    assert record.after == ("attack", "disaster")
    assert machine.phase_of("other_country") is None
    assert not any(clause.startswith("IV.D") for clause in machine.applicable_ids())


def test_use_of_force_for_another_country_cannot_begin_while_japan_is_attacked(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["attack"])
    assert machine.legal_move("third_country_attacked") is None
    with pytest.raises(TransitionRefused, match="Japan has not come under armed attack") as caught:
        machine.fire(
            "third_country_attacked",
            {
                g: True
                for g in (
                    "close_partner_attacked",
                    "survival_threatened",
                    "use_of_force_decided",
                    "survival_threatening_situation",
                    "defense_operation_approved",
                )
            },
        )
    assert "third_country_attacked" not in caught.value.legal
    assert machine.phases == ("attack",)


def test_starting_in_a_combination_the_text_rules_out_is_refused(corpus: Corpus) -> None:
    with pytest.raises(PhaseConflictError, match=r"'attack' and 'third_country_attack' cannot hold at once: IV\.D"):
        PhaseMachine(corpus, phases=["attack", "third_country_attack"])


def test_the_end_of_the_use_of_force_for_another_country_leaves_japans_situation_as_it_is(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["anticipated_attack", "third_country_attack"])
    machine.fire("third_country_attack_ends", yes_to_all(_move(machine, "third_country_attack_ends")))
    assert machine.phases == ("anticipated_attack",)


# -- the way back and the attack gate -------------------------------------------------------


def test_a_ceasefire_steps_back_one_phase_at_a_time(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["attack"])
    for expected in ("anticipated_attack", "emerging_threats", "peacetime"):
        machine.fire("de_escalate", yes_to_all(_move(machine, "de_escalate")))
        assert machine.phases == (expected,)


def test_an_armed_attack_that_has_not_begun_cannot_enter_iv_c_2(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["anticipated_attack"])
    answers = yes_to_all(_move(machine, "attack_occurs")) | {"armed_attack_begun": False}
    with pytest.raises(TransitionRefused, match=r"armed_attack_begun \(not confirmed; .*actually begun"):
        machine.fire("attack_occurs", answers)
    assert "IV.C.2" not in machine.applicable_ids()
    # The determination on imminent danger is still recordable where the room is.
    assert "armed_attack_imminent" in [d.id for d in machine.available_determinations()]


def test_grey_zone_orders_are_recordable_without_leaving_the_guidelines_phases(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    available = {d.id: d for d in machine.available_determinations()}
    assert {
        "maritime_security_operation",
        "public_security_operation",
        "ballistic_missile_destruction",
        "guarding_operation",
    } <= set(available)
    assert "Article 78" in available["public_security_operation"].reference
    assert "20" in available["public_security_operation"].diet
    assert available["maritime_security_operation"].diet.startswith("No Diet approval")
    assert "14 May 2015" in available["maritime_security_operation"].authority
    assert machine.phases == ("peacetime",)
    attacked = PhaseMachine(corpus, phases=["attack"])
    assert "public_security_operation" not in [d.id for d in attacked.available_determinations()]


def test_a_determination_is_checked_against_the_phases_it_is_open_in(corpus: Corpus) -> None:
    from tabletop.errors import RefusedError, UsageError

    machine = PhaseMachine(corpus, phases=["anticipated_attack"])
    order = machine.determination("public_security_operation")
    assert order.authority.startswith("Prime Minister") and machine.phases == ("anticipated_attack",)
    with pytest.raises(UsageError, match="did you mean 'public_security_operation'"):
        machine.determination("public_security_operations")
    with pytest.raises(RefusedError, match="cannot be recorded in attack; it is open in: peacetime, emerging_threats"):
        PhaseMachine(corpus, phases=["attack"]).determination("public_security_operation")


# -- IV.D only beside an important influence, and the way back through the law ----------------------


def test_the_use_of_force_for_another_country_cannot_begin_in_peacetime(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus)
    assert machine.legal_move("third_country_attacked") is None
    with pytest.raises(TransitionRefused, match="a fortiori, a situation that will have an important influence"):
        machine.fire("third_country_attacked", {g: True for g in _gate_ids(corpus, "third_country_attacked")})
    assert list(machine.phases) == ["peacetime"]
    machine.fire("threats_emerge", {"important_influence": True})
    machine.fire("third_country_attacked", yes_to_all(_move(machine, "third_country_attacked")))
    assert machine.phases == ("emerging_threats", "third_country_attack")


def test_japans_own_situation_cannot_return_to_peacetime_while_force_is_used_for_another_country(
    corpus: Corpus,
) -> None:
    machine = PhaseMachine(corpus, phases=["emerging_threats", "third_country_attack"])
    with pytest.raises(TransitionRefused, match="end third_country_attack before returning to peacetime"):
        machine.fire("de_escalate", {"important_influence_ended": True})
    machine.fire("third_country_attack_ends", yes_to_all(_move(machine, "third_country_attack_ends")))
    machine.fire("de_escalate", {"important_influence_ended": True})
    assert machine.phases == ("peacetime",)


def test_starting_with_a_third_country_attack_alone_is_refused_as_it_would_hold_beside_peacetime(
    corpus: Corpus,
) -> None:
    with pytest.raises(PhaseConflictError, match="'peacetime' and 'third_country_attack' cannot hold at once"):
        PhaseMachine(corpus, phases=["third_country_attack"])


def test_leaving_an_armed_attack_asks_the_plan_and_the_withdrawal_order(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["attack"])
    with pytest.raises(TransitionRefused) as caught:
        machine.fire("conflict_terminates", {"peace_restored": True})
    message = str(caught.value)
    assert "response_plan_abolished (not answered; Cabinet" in message
    assert "defense_operation_withdrawn (not answered; Prime Minister; statutory)" in message
    assert machine.phases == ("attack",)
    with pytest.raises(TransitionRefused, match="response_plan_amended \\(not confirmed"):
        machine.fire(
            "de_escalate",
            {"armed_attack_stopped": True, "response_plan_amended": False, "defense_operation_withdrawn": True},
        )
    record = machine.fire("de_escalate", yes_to_all(_move(machine, "de_escalate")))
    assert record.answers == {
        "armed_attack_stopped": True,
        "response_plan_amended": True,
        "defense_operation_withdrawn": True,
    }


def test_the_move_into_an_anticipated_attack_asks_the_guidelines_test_not_the_cabinets_plan(corpus: Corpus) -> None:
    machine = PhaseMachine(corpus, phases=["emerging_threats"])
    (gate,) = _move(machine, "attack_anticipated").gates
    assert (gate.id, gate.strength, gate.side) == ("armed_attack_anticipated", "policy", "both")
    machine.fire("attack_anticipated", {"armed_attack_anticipated": True})
    # The plan is recorded apart, and only then opens the civil-protection warning.
    assert "anticipated_attack_situation" in [d.id for d in machine.available_determinations()]
    warning = machine.determination("civil_protection_warning")
    assert corpus.unmet_prerequisites(warning, machine.phases, [])
    assert not corpus.unmet_prerequisites(warning, machine.phases, ["anticipated_attack_situation"])


def _gate_ids(corpus: Corpus, trigger: str) -> set[str]:
    return {g.id for t in corpus.transitions if t.trigger == trigger for g in t.gates}

"""`PhasePolicy.fire` remembers the moves that fired, and never a refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.errors import TransitionRefused
from tabletop.phases import Move, PhaseMachine, PhasePolicy
from tabletop.rules import Corpus


def gated_move(corpus: Corpus) -> tuple[tuple[str, ...], Move]:
    start = PhaseMachine(corpus).phases
    move = next(m for m in PhaseMachine(corpus).legal_moves() if m.gates)
    return start, move


def test_firing_a_move_again_gives_the_same_phases_as_a_new_machine(corpus: Corpus) -> None:
    policy = PhasePolicy(corpus)
    start, move = gated_move(corpus)
    yes = {gate.id: True for gate in move.gates}
    expected = tuple(PhaseMachine(corpus, phases=start).fire(move.trigger, dict(yes)).after)
    assert policy.fire(start, move.trigger, yes) == expected
    assert policy.fire(start, move.trigger, dict(yes)) == expected


def test_a_move_that_fired_with_yes_is_still_refused_with_no(corpus: Corpus) -> None:
    policy = PhasePolicy(corpus)
    start, move = gated_move(corpus)
    policy.fire(start, move.trigger, {gate.id: True for gate in move.gates})
    with pytest.raises(TransitionRefused):
        policy.fire(start, move.trigger, {gate.id: False for gate in move.gates})
    with pytest.raises(TransitionRefused):
        policy.fire(start, move.trigger, {})


def test_every_scenario_checked_against_the_same_rules_shares_one_policy(
    corpus: Corpus, fixture_corpus: Corpus
) -> None:
    from tabletop.phases import policy_for

    shared = policy_for(corpus)
    assert policy_for(corpus) is shared and shared.corpus is corpus
    other = policy_for(fixture_corpus)
    assert other is not shared and other.corpus is fixture_corpus
    assert policy_for(corpus) is shared


def test_checking_scenarios_in_any_order_gives_each_the_same_problems(tmp_path: Path, corpus: Corpus) -> None:
    """A policy shared between scenarios keeps only what the rules decide: a scenario checked after
    others is told exactly what it is told when checked alone."""
    from tabletop.errors import ScenarioError
    from tabletop.scenario import bundled_scenarios_dir, load_scenario

    samples = sorted(bundled_scenarios_dir().glob("*.yaml"))
    broken = tmp_path / "broken.yaml"
    text = (bundled_scenarios_dir() / "attack_on_united_states.yaml").read_text(encoding="utf-8")
    broken.write_text(
        text.replace("gates: {important_influence: true}", "gates: {important_influence: true, no_such_gate: true}", 1),
        encoding="utf-8",
    )

    def problems(path: Path) -> list[str]:
        try:
            load_scenario(path, corpus)
        except ScenarioError as exc:
            return [str(d) for d in exc.diagnostics]
        return []

    alone = problems(broken)
    assert any("no_such_gate" in line for line in alone)
    for sample in samples:
        assert problems(sample) == []
    assert problems(broken) == alone

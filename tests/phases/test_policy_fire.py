"""`PhasePolicy.fire` remembers the moves that fired, and never a refusal."""

from __future__ import annotations

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

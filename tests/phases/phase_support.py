"""Helpers for the phase machine's tests (imported by them; not a test module)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tabletop.rules import Corpus

if TYPE_CHECKING:
    from tabletop.phases import Move, PhaseMachine

MovesTo = list[tuple[str, dict[str, bool]]]
"""The moves that reach a combination of phases: (trigger, answers) in order."""

FIXTURE_RULES = Path(__file__).with_name("fixture_rules.yaml")


def yes_to_all(move: Move) -> dict[str, bool]:
    """Answers confirming every gate of `move`."""
    return {gate.id: True for gate in move.gates}


def reachable_states(corpus: Corpus) -> dict[tuple[str, ...], MovesTo]:
    """Every combination of phases a machine can reach from its start, with a path to each.

    Returns {phases tuple: list of (trigger, answers)} found by breadth-first search,
    firing every legal move with all its gates confirmed.
    """
    from tabletop.phases import PhaseMachine

    start = PhaseMachine(corpus).phases
    paths: dict[tuple[str, ...], MovesTo] = {start: []}
    frontier = [start]
    while frontier:
        here = frontier.pop(0)
        machine = PhaseMachine(corpus, phases=here)
        for move in machine.legal_moves():
            probe = PhaseMachine(corpus, phases=here)
            probe.fire(move.trigger, yes_to_all(move))
            if probe.phases not in paths:
                paths[probe.phases] = [*paths[here], (move.trigger, yes_to_all(move))]
                frontier.append(probe.phases)
    return paths


def simplest_state_with(corpus: Corpus, slug: str) -> tuple[str, ...]:
    """The lawful combination holding `slug` that the fewest moves reach from the start
    (`third_country_attack` is never alone: it needs `emerging_threats` or beyond)."""
    return next(phases for phases in reachable_states(corpus) if slug in phases)


def machine_for(corpus: Corpus, trigger: str, source: str | None) -> PhaseMachine:
    """A machine standing where `trigger` is legal from `source` (None: its region's empty
    state), in the simplest such combination."""
    from tabletop.phases import PhaseMachine

    for phases in reachable_states(corpus):
        machine = PhaseMachine(corpus, phases=phases)
        move = machine.legal_move(trigger)
        if move is not None and move.source == source:
            return machine
    raise AssertionError(f"{trigger} from {source} is never legal")


def with_two_ways_into_emerging_threats() -> Corpus:
    """The bundled rules with a second, ungated move from peacetime into emerging_threats
    (`tension_rises`): an inject in that phase without a trigger is ambiguous."""
    import tempfile

    import yaml

    from tabletop.rules import default_rules_path, load_rules

    rules = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    rules["transitions"].append(
        {
            "trigger": "tension_rises",
            "title": "Tension rises",
            "source": ["peacetime"],
            "dest": "emerging_threats",
            "basis": "A second way into emerging threats.",
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rules.yaml"
        path.write_text(yaml.safe_dump(rules, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return load_rules(path)

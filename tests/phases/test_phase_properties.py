"""Property-based tests: random triggers and answers from any reachable state.

The machine is checked against a reference reading of the rules data written
here independently (a region's state moves along the transition whose source
matches, when every gate is answered True), over the real rules file and over
a fixture with invented names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from tests.phases.phase_support import FIXTURE_RULES, reachable_states

from tabletop.errors import TransitionRefused
from tabletop.phases import PhaseMachine
from tabletop.rules import load_rules, Corpus

REAL = load_rules()
FIXTURE = load_rules(FIXTURE_RULES)


def _constrained_fixture() -> Corpus:
    """The fixture with a third region (a second kind of weather) and a constraint with invented
    names: war and a storm surge never hold at once, and war ends the storm surge."""
    import tempfile
    from pathlib import Path

    text = FIXTURE_RULES.read_text(encoding="utf-8")
    text = text.replace(
        "phases:\n", "  - id: tides\n    title: Tides\n    initial: null\n    empty_title: Neap\nphases:\n", 1
    )
    text = text.replace(
        "transitions:\n",
        "  - slug: spring_tide\n    title: Spring tide\n    region: tides\n"
        "    defined_by: [II]\n    applies:\n      - clauses: [II]\n        basis: Tide basis.\n"
        "transitions:\n",
        1,
    )
    text += (
        "  - trigger: tide_rises\n    source: [null]\n    dest: spring_tide\n    basis: Rise basis.\n"
        "  - trigger: tide_falls\n    source: [spring_tide]\n    dest: null\n    basis: Fall basis.\n"
        "constraints:\n  - phases: [war_time, storm_surge]\n    prevails: war_time\n"
        "    basis: War basis.\n    reason: war and storm never together\n"
    )
    path = Path(tempfile.mkdtemp()) / "constrained_rules.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules(path)


CONSTRAINED = _constrained_fixture()


def _forbidden(corpus: Corpus, phases: Iterable[str]) -> bool:
    """Whether `phases` hold two phases that a constraint of the rules data keeps apart."""
    return any(set(c.phases) <= set(phases) for c in corpus.rules.constraints)


def _all_states(corpus: Corpus) -> list[tuple[str, ...]]:
    """Every combination of one phase (or none, where allowed) per region that no constraint
    of the rules data rules out."""
    choices: list[list[str | None]] = []
    for region in corpus.regions:
        slugs = [p.slug for p in corpus.phases if p.region == region.id]
        choices.append([*slugs, *([None] if region.initial is None else [])])
    combos = [tuple(s for s in combo if s is not None) for combo in product(*choices)]
    return [combo for combo in combos if not _forbidden(corpus, combo)]


def _expected_after(
    corpus: Corpus, phases: Iterable[str], trigger: str, answers: Mapping[str, bool]
) -> tuple[str, ...] | None:
    """The reference: the phases after firing, or None when the move must be refused."""
    region_state: dict[str, str | None] = {r.id: None for r in corpus.regions}
    for slug in phases:
        region_state[corpus.phase(slug).region] = slug
    for spec in corpus.transitions:
        if spec.trigger != trigger:
            continue
        ends = [e for e in (*spec.source, spec.dest) if e is not None]
        region = corpus.phase(ends[0]).region
        if region_state[region] in spec.source:
            if all(answers.get(g.id) is True for g in spec.gates):
                region_state[region] = spec.dest
                # A phase entered that prevails over another of a constraint ends it.
                for constraint in corpus.rules.constraints:
                    if spec.dest is not None and constraint.prevails == spec.dest:
                        for other in constraint.phases:
                            other_region = corpus.phase(other).region
                            if other != spec.dest and region_state[other_region] == other:
                                region_state[other_region] = None
                after = tuple(held for r in corpus.regions if (held := region_state[r.id]) is not None)
                return None if _forbidden(corpus, after) else after
            return None
    return None


def _vocabulary(corpus: Corpus) -> tuple[list[str], list[str]]:
    triggers = sorted({t.trigger for t in corpus.transitions}) + ["no_such_trigger"]
    gates = sorted({g.id for t in corpus.transitions for g in t.gates}) + ["no_such_gate"]
    return triggers, gates


def _steps(corpus: Corpus) -> st.SearchStrategy[list[tuple[str, dict[str, bool]]]]:
    triggers, gates = _vocabulary(corpus)
    answers = st.dictionaries(st.sampled_from(gates), st.booleans())
    # Bias towards confirming everything so that long walks do move.
    all_yes = st.just({g: True for g in gates})
    return st.lists(st.tuples(st.sampled_from(triggers), st.one_of(all_yes, answers)), max_size=25)


@pytest.mark.parametrize("corpus", [REAL, FIXTURE, CONSTRAINED], ids=["guidelines", "fixture", "constrained"])
def test_random_walks_match_the_rules_data(corpus: Corpus) -> None:
    states = _all_states(corpus)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(start=st.sampled_from(states), steps=_steps(corpus))
    def walk(start: tuple[str, ...], steps: list[tuple[str, dict[str, bool]]]) -> None:
        machine = PhaseMachine(corpus, phases=start)
        assert machine.phases == start
        fired = 0
        for trigger, answers in steps:
            before = machine.phases
            expected = _expected_after(corpus, before, trigger, answers)
            if expected is None:
                with pytest.raises(TransitionRefused) as refused:
                    machine.fire(trigger, answers)
                assert machine.phases == before
                assert refused.value.legal == list(dict.fromkeys(m.trigger for m in machine.legal_moves()))
            else:
                record = machine.fire(trigger, answers)
                fired += 1
                assert machine.phases == expected == record.after
                assert record.before == before
            assert machine.phases in states
            assert machine.applicable_ids() == corpus.applicable_ids(machine.phases)
            assert len(machine.history) == fired

    walk()


def test_every_reachable_state_is_a_defined_state() -> None:
    for corpus in (REAL, FIXTURE):
        assert set(reachable_states(corpus)) <= set(_all_states(corpus))


def test_the_guidelines_reach_every_combination_no_constraint_rules_out() -> None:
    # Japan's own situation, an attack on another country and a disaster coexist freely,
    # except where the text keeps two phases apart.
    assert set(reachable_states(REAL)) == set(_all_states(REAL))
    # 16 combinations less attack + third_country_attack and peacetime + third_country_attack,
    # each with or without a disaster.
    assert len(_all_states(REAL)) == 4 * 2 * 2 - 4 == 12


def test_any_number_of_regions_with_a_constraint_reaches_exactly_the_lawful_combinations() -> None:
    assert len(CONSTRAINED.regions) == 3
    reached = set(reachable_states(CONSTRAINED))
    assert reached == set(_all_states(CONSTRAINED))
    assert not any({"war_time", "storm_surge"} <= set(state) for state in reached)
    assert any({"war_time", "spring_tide"} <= set(state) for state in reached)


def test_the_fixture_reaches_every_combination_of_its_regions() -> None:
    # Two regions run side by side: every pair of phases is reachable.
    assert set(reachable_states(FIXTURE)) == set(_all_states(FIXTURE))


class FacilitatorSession(RuleBasedStateMachine):
    """A facilitator pressing random triggers with random answers on the real rules."""

    triggers, gate_ids = _vocabulary(REAL)

    @initialize(start=st.sampled_from(sorted(reachable_states(REAL))))
    def start(self, start: tuple[str, ...]) -> None:
        self.machine = PhaseMachine(REAL, phases=start)
        self.refusals = 0

    @rule(trigger=st.sampled_from(triggers), answers=st.dictionaries(st.sampled_from(gate_ids), st.booleans()))
    def press(self, trigger: str, answers: dict[str, bool]) -> None:
        before, history = self.machine.phases, self.machine.history
        try:
            record = self.machine.fire(trigger, answers)
        except TransitionRefused:
            assert self.machine.phases == before
            assert self.machine.history == history
            self.refusals += 1
        else:
            assert record.before == before
            assert all(answers.get(g) is True for g in record.answers)

    @precondition(lambda self: hasattr(self, "machine"))
    @rule(data=st.data())
    def take_a_legal_move(self, data: st.DataObject) -> None:
        moves = self.machine.legal_moves()
        move = data.draw(st.sampled_from(moves))
        record = self.machine.fire(move.trigger, {g.id: True for g in move.gates})
        if move.dest is not None:
            assert move.dest in record.after
        else:  # the move left its region empty
            assert move.region not in {REAL.phase(p).region for p in record.after}

    @invariant()
    def in_a_defined_state_with_the_rules_clauses(self) -> None:
        if not hasattr(self, "machine"):
            return
        phases = self.machine.phases
        assert sum(REAL.phase(p).region == "security" for p in phases) == 1
        assert sum(REAL.phase(p).region == "other_country" for p in phases) <= 1
        assert sum(REAL.phase(p).region == "disaster" for p in phases) <= 1
        assert not {"attack", "third_country_attack"} <= set(phases), "IV.D: Japan not under armed attack"
        assert not {"peacetime", "third_country_attack"} <= set(phases), "IV.D: a fortiori an important influence"
        assert self.machine.applicable_ids() == REAL.applicable_ids(phases)
        assert self.machine.legal_moves(), "no phase may be a dead end"


FacilitatorSession.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
test_facilitator_session = FacilitatorSession.TestCase

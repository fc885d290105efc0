"""A refusal of an inject's delivery is one diagnosis told to two readers: the facilitator (what to
do in play) and the scenario's author (what to change in the file) read the same facts, the phases
in force, the moves legal from there and, where the rules rule a combination out, their basis."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tabletop.phases import Entry, PhasePolicy
from tabletop.rules import Corpus, load_rules
from tests.phases.phase_support import with_two_ways_into_emerging_threats

BUNDLED = load_rules()


def phase_combinations(corpus: Corpus) -> list[tuple[str, ...]]:
    """Every combination of at most one phase per region that the rules let hold at once."""
    by_region = [
        [*([None] if region.initial is None else []), *(p.slug for p in corpus.phases if p.region == region.id)]
        for region in corpus.regions
    ]
    held = (tuple(slug for slug in choice if slug is not None) for choice in itertools.product(*by_region))
    return [phases for phases in held if phases and corpus.conflict(phases) is None]


def refused_entries(corpus: Corpus) -> list[Entry]:
    """Every refusal of an inject naming any phase, any trigger or neither, from any phases."""
    policy = PhasePolicy(corpus)
    triggers = sorted({t.trigger for t in corpus.transitions})
    found = []
    for phases in phase_combinations(corpus):
        for phase in (None, *corpus.phase_slugs):
            for trigger in (None, *triggers):
                entry = policy.entry(phases, phase=phase, trigger=trigger)
                if entry.refused is not None:
                    found.append(entry)
    return found


REFUSED = refused_entries(BUNDLED) + refused_entries(with_two_ways_into_emerging_threats())


def test_every_kind_of_refusal_is_among_those_checked() -> None:
    assert {entry.refused for entry in REFUSED} == {
        "trigger_not_legal",
        "trigger_elsewhere",
        "unreachable",
        "ambiguous",
    }
    assert any(entry.conflict for entry in REFUSED)


@given(st.sampled_from(REFUSED))
def test_the_room_and_the_author_are_told_the_same_facts(entry: Entry) -> None:
    facts = entry.facts()
    assert facts is not None
    room = entry.explain("inject 'x'")
    author = entry.explain("inject 'x'", "author")
    assert room is not None and author is not None
    assert author == f"inject 'x': {entry.author_problem()}"
    assert room.startswith("inject 'x' ")
    for told in (room, author):
        for fact in (facts.leads_to, facts.moves, facts.because.strip()):
            assert fact in told
        if entry.refused != "trigger_elsewhere":
            assert facts.where in told
        if entry.refused in ("trigger_not_legal", "unreachable"):
            assert facts.legal in told
        named = [entry.phase] if entry.refused in ("unreachable", "ambiguous") else [entry.trigger]
        if entry.refused == "trigger_elsewhere":
            named.append(entry.phase)
        assert all(repr(name) in told for name in named)


def test_a_phase_the_rules_rule_out_beside_the_phases_in_force_gives_both_readers_the_rules_basis() -> None:
    entry = PhasePolicy(BUNDLED).entry(("peacetime",), phase="third_country_attack", trigger=None)
    constraint = BUNDLED.conflict(("peacetime", "third_country_attack"))
    assert entry.refused == "unreachable" and constraint is not None
    basis = " ".join(constraint.reason.split())
    assert f"which no single legal move reaches from peacetime ({basis}); fire the triggers" in (
        entry.explain("inject 'x'") or ""
    )
    assert f"cannot move from peacetime into 'third_country_attack' in one step ({basis}); legal from" in (
        entry.author_problem() or ""
    )

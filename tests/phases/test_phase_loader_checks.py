"""A broken phase model is refused at load time, with the file, line and offender named.

Each test takes the fixture rules file, breaks one thing in its phase model and
loads it; the message must lead the author to the line to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.phases.phase_support import FIXTURE_RULES

from tabletop.errors import RulesError
from tabletop.rules import load_rules

VALID = FIXTURE_RULES.read_text(encoding="utf-8")


def _refused(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in VALID, old
    path = tmp_path / "broken_rules.yaml"
    path.write_text(VALID.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    lines = str(caught.value).splitlines()
    for line in lines:
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error: ", line), line
    return lines


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


def test_the_fixture_is_valid() -> None:
    assert load_rules(FIXTURE_RULES).phase_slugs == ["calm", "crisis_time", "war_time", "storm_surge"]


def test_an_unreachable_phase_is_named_at_its_slug(tmp_path: Path) -> None:
    lines = _refused(
        tmp_path, "source: [calm, crisis_time]\n    dest: war_time", "source: [calm]\n    dest: crisis_time"
    )
    text = "\n".join(lines)
    assert "phase war_time: cannot be reached from calm (region politics) by any transition" in text
    assert f":{_line_of(VALID, 'slug: war_time')}:" in text


def test_a_phase_with_no_way_back_is_refused(tmp_path: Path) -> None:
    broken = "  - trigger: calm_down\n    source: [war_time]\n    dest: crisis_time\n    basis: Ceasefire basis.\n"
    assert broken in VALID
    lines = _refused(tmp_path, broken, "")
    assert any("phase war_time: has no way back to calm (region politics)" in line for line in lines)


def test_a_storm_that_never_passes_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "source: [storm_surge]\n    dest: null", "source: [storm_surge]\n    dest: storm_surge")
    text = "\n".join(lines)
    assert "phase storm_surge: has no way back to the empty state (region weather)" in text
    assert "transition storm_passes: leads from storm_surge to itself" in text


def test_a_transition_across_regions_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "source: [null]\n    dest: storm_surge", "source: [calm]\n    dest: storm_surge")
    assert any("transition storm_hits: joins phases of different regions (politics, weather)" in line for line in lines)


def test_an_empty_source_in_a_region_that_starts_in_a_phase_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "source: [crisis_time]\n    dest: calm", "source: [crisis_time, null]\n    dest: calm")
    assert any("region politics starts in a phase, so it can never be empty" in line for line in lines)


def test_a_region_that_starts_empty_needs_a_name_for_its_empty_state(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "    empty_title: Fair weather\n", "")
    assert any("region weather: a region that starts empty needs `empty_title`" in line for line in lines)
    assert f":{_line_of(VALID, '- id: weather')}:" in lines[0]


def test_a_trigger_used_in_two_regions_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "trigger: storm_passes", "trigger: calm_down")
    assert any("transition calm_down: the same trigger already moves region politics" in line for line in lines)


def test_a_trigger_defined_twice_from_one_phase_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "source: [war_time]\n    dest: crisis_time", "source: [crisis_time]\n    dest: war_time")
    assert any("transition calm_down: already defined from crisis_time" in line for line in lines)


def test_a_transition_to_an_unknown_phase_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "dest: crisis_time\n    basis: Rising", "dest: crisis\n    basis: Rising")
    assert any("transition tension_rises: unknown phase 'crisis'" in line for line in lines)
    assert f":{_line_of(VALID, 'dest: crisis_time')}:" in lines[0]


def test_an_initial_phase_of_another_region_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "initial: calm", "initial: storm_surge")
    assert any("region politics: its initial phase storm_surge belongs to region weather" in line for line in lines)


def test_a_gate_without_an_authority_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "authority: Council", "authority: ''")
    assert any("authority" in line for line in lines)
    assert f":{_line_of(VALID, 'authority: Council')}:" in lines[0]


def test_a_gate_without_a_strength_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "        strength: policy\n", "")
    assert any("missing required key 'strength'" in line for line in lines)


def test_a_gate_of_unknown_strength_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "strength: policy", "strength: custom")
    assert any("'policy' or 'statutory'" in line for line in lines)


def test_a_move_from_empty_to_empty_is_refused(tmp_path: Path) -> None:
    lines = _refused(tmp_path, "source: [null]\n    dest: storm_surge", "source: [null]\n    dest: null")
    assert any("transition storm_hits: leads from an empty region to an empty region" in line for line in lines)


def test_a_constraint_within_one_region_or_naming_an_unknown_phase_is_refused(tmp_path: Path) -> None:
    import pytest as _pytest

    from tests.phases.phase_support import FIXTURE_RULES
    from tabletop.errors import RulesError
    from tabletop.rules import load_rules

    text = FIXTURE_RULES.read_text(encoding="utf-8")
    broken = tmp_path / "rules.yaml"
    broken.write_text(
        text.rstrip("\n") + "\nconstraints:\n  - phases: [calm, war_time]\n    basis: x\n    reason: y\n"
        "  - phases: [calm, nowhere]\n    basis: x\n    reason: y\n",
        encoding="utf-8",
    )
    with _pytest.raises(RulesError) as caught:
        load_rules(broken)
    message = str(caught.value)
    assert "constraint calm + war_time: both belong to region politics" in message
    assert "constraint: unknown phase 'nowhere'" in message


# -- who decides, and what a decision needs first ---------------------------------------------------

_DECISIONS = """requirement_kinds:
  cabinet_decision: A Cabinet decision.
  prior_determination: Another determination first.
determinations:
  - id: plan_decided
    title: Plan decided
    authority: Council
    diet: None.
    reference: Statute 3
    available_in: [crisis_time]
    basis: Crisis basis.
    requires:
      - kind: cabinet_decision
        detail: The council decides.
  - id: order_given
    title: Order given
    authority: Head of government
    diet: None.
    reference: Statute 4
    available_in: [crisis_time, war_time]
    basis: Crisis basis.
    requires:
      - kind: prior_determination
        detail: The plan first.
        determinations: [plan_decided]
        satisfied_in: [war_time]
  - id: ally_asks
    title: The ally asks
    side: united_states
    authority: The ally's government
    diet: Not applicable.
    reference: Treaty 1
    available_in: [calm]
    basis: Calm basis.
"""


def _refused_decisions(tmp_path: Path, old: str, new: str) -> str:
    path = tmp_path / "broken_rules.yaml"
    text = VALID + _DECISIONS
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    return str(caught.value)


def test_a_fixture_with_decisions_and_requirements_loads(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(VALID + _DECISIONS, encoding="utf-8")
    corpus = load_rules(path)
    order = next(d for d in corpus.determinations if d.id == "order_given")
    assert corpus.unmet_prerequisites(order, ["crisis_time"], []) == order.requires
    assert corpus.unmet_prerequisites(order, ["crisis_time"], ["plan_decided"]) == []
    assert corpus.unmet_prerequisites(order, ["war_time"], []) == []


@pytest.mark.parametrize(
    ("old", "new", "messages"),
    [
        pytest.param(
            "      - kind: cabinet_decision\n",
            "      - kind: cabinet_decisoin\n",
            [
                "determination plan_decided: unknown requirement kind 'cabinet_decisoin'",
                "one of: cabinet_decision, prior_determination",
            ],
            id="an unknown requirement kind, with the vocabulary",
        ),
        pytest.param(
            "determinations: [plan_decided]",
            "determinations: [plan_decide]",
            ["determination order_given: unknown determination 'plan_decide'"],
            id="an unknown determination required first",
        ),
        pytest.param(
            "satisfied_in: [war_time]",
            "satisfied_in: [wartime]",
            ["determination order_given: unknown phase 'wartime'"],
            id="a requirement met in an unknown phase",
        ),
    ],
)
def test_a_requirement_naming_what_the_rules_do_not_have_is_refused(
    tmp_path: Path, old: str, new: str, messages: list[str]
) -> None:
    text = _refused_decisions(tmp_path, old, new)
    for message in messages:
        assert message in text


def test_a_determination_that_needs_itself_through_others_is_refused(tmp_path: Path) -> None:
    loop = (
        "    requires:\n      - kind: cabinet_decision\n        detail: The council decides.\n"
        "      - kind: prior_determination\n        detail: The order first.\n"
        "        determinations: [order_given]\n"
    )
    text = _refused_decisions(
        tmp_path, "    requires:\n      - kind: cabinet_decision\n        detail: The council decides.\n", loop
    )
    assert "determination plan_decided: needs itself through the determinations it requires" in text
    assert "determination order_given: needs itself through the determinations it requires" in text


def test_a_decision_of_the_two_governments_must_name_who_decides_on_the_us_side(tmp_path: Path) -> None:
    text = _refused_decisions(tmp_path, "    side: united_states\n", "    side: both\n")
    assert "determination ally_asks: a decision of the two governments (side: both) needs `us_authority`" in text
    text = _refused_decisions(
        tmp_path, "    side: united_states\n", "    side: united_states\n    us_authority: The President\n"
    )
    assert "determination ally_asks: `us_authority` is for a decision of the two governments" in text


def test_a_gate_may_require_only_another_gate_of_its_own_move(tmp_path: Path) -> None:
    needs = (
        "        reference: Statute 2\n        requires:\n          - kind: prior_determination\n"
        "            detail: First.\n            gates: [is_serious]\n"
    )
    text = _refused_decisions(tmp_path, "        reference: Statute 2\n", needs)
    assert "transition war_breaks_out: gate ordered: 'is_serious' is not another gate of the same move" in text
    text = _refused_decisions(tmp_path, "        reference: Statute 2\n", needs.replace("is_serious", "ordered"))
    assert "gate ordered: 'ordered' is not another gate of the same move (declared, ordered)" in text

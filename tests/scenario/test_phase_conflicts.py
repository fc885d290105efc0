"""Phases that cannot hold at once (the bundled rules' constraints): a scenario that asks for them
is told where, with every other problem, and never stops `tabletop validate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.cli import cli, run_guarded
from tabletop.errors import ScenarioError
from tabletop.rules import Corpus, load_rules
from tabletop.scenario import load_scenario_text, validate_paths

REFUSED_BESIDE_PEACETIME = """\
title: Third-country attack
injects:
  - id: first
    title: An ally is attacked
    narrative: An ally is attacked.
    phase: third_country_attack
  - id: second
    title: Aftermath
    narrative: fine
    cite: [IV.Z.9]
"""

STARTS_BESIDE_PEACETIME = """\
title: Starts in a phase that cannot hold
exercise:
  start_phase: third_country_attack
injects:
  - id: a
    title: A
    narrative: x
  - id: b
    title: B
    narrative: x
    phase: emerging_threats
    cite: [IV.Z.9]
"""


def diagnostics(text: str, corpus: Corpus) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "s.yaml", corpus)
    return [str(d) for d in info.value.diagnostics]


def test_a_phase_that_cannot_hold_beside_the_one_in_force_is_refused_at_its_inject_and_the_rest_is_checked(
    real_corpus: Corpus,
) -> None:
    found = diagnostics(REFUSED_BESIDE_PEACETIME, real_corpus)
    assert len(found) == 2
    assert found[0].startswith(
        "s.yaml:6:5: error: inject 'first': the phase machine cannot move from peacetime into "
        "'third_country_attack' in one step ("
    )
    assert found[1].startswith("s.yaml:10:12: error: inject 'second': unknown clause 'IV.Z.9'")


def test_a_start_phase_that_cannot_hold_beside_the_first_phases_is_reported_at_start_phase(
    real_corpus: Corpus,
) -> None:
    found = diagnostics(STARTS_BESIDE_PEACETIME, real_corpus)
    assert len(found) == 2
    assert found[0].startswith(
        "s.yaml:3:3: error: exercise.start_phase: the exercise cannot start in 'third_country_attack': "
        "every exercise starts with Japan’s own situation in 'peacetime', and the two cannot hold at once ("
    )
    assert found[0].endswith("; start in another phase and enter 'third_country_attack' with an inject")
    assert found[1].startswith("s.yaml:12:12: error: inject 'b': unknown clause 'IV.Z.9'")


@pytest.mark.parametrize("written", ["no_disaster", "No large-scale disaster"])
def test_a_start_phase_meaning_no_disaster_says_the_exercise_starts_there_not_how_to_end_a_phase(
    real_corpus: Corpus, written: str
) -> None:
    text = STARTS_BESIDE_PEACETIME.replace("start_phase: third_country_attack", f"start_phase: {written}")
    found = [message for message in diagnostics(text, real_corpus) if "start_phase" in message]
    assert found == [
        f"s.yaml:3:3: error: exercise.start_phase: unknown phase {written!r}; 'No large-scale disaster' is not a "
        "phase: every exercise starts there already; leave `start_phase` empty or name a phase an exercise may "
        "start in: peacetime, emerging_threats, anticipated_attack, attack, disaster"
    ]


def test_validating_a_folder_reports_every_file_with_phases_that_cannot_hold_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a_refused.yaml").write_text(REFUSED_BESIDE_PEACETIME, encoding="utf-8")
    (tmp_path / "b_start.yaml").write_text(STARTS_BESIDE_PEACETIME, encoding="utf-8")
    (tmp_path / "c_typo.yaml").write_text("title: T\ninjects:\n  - {id: a, title: A, narative: x}\n", encoding="utf-8")
    status = run_guarded(cli, ["validate", "--format", "json", str(tmp_path)])
    captured = capsys.readouterr()
    assert status == 1
    report = json.loads(captured.out)
    assert [Path(entry["path"]).name for entry in report] == ["a_refused.yaml", "b_start.yaml", "c_typo.yaml"]
    assert all(entry["usage_error"] is None and not entry["valid"] for entry in report)
    located = [(d["line"], d["column"]) for entry in report for d in entry["diagnostics"]]
    assert located[:4] == [(6, 5), (10, 12), (3, 3), (12, 12)]
    assert "tabletop: error" not in captured.err


# -- every sequence of phases and triggers ------------------------------------------------

BUNDLED = load_rules()
PHASES = [*BUNDLED.phase_slugs, "no_such_phase"]
TRIGGERS = [*dict.fromkeys(t.trigger for t in BUNDLED.transitions), "no_such_trigger"]


@st.composite
def phase_walks(draw: st.DrawFn) -> dict[str, Any]:
    """Scenarios of a few injects, each naming any phase and any trigger (known or not) or none,
    some of them contingency injects reached by options, from any start phase or none."""
    count = draw(st.integers(1, 6))
    ids = [f"i{k}" for k in range(count)]
    injects: list[dict[str, Any]] = []
    for k in range(count):
        inject: dict[str, Any] = {"id": ids[k], "title": ids[k], "narrative": "x"}
        phase = draw(st.one_of(st.none(), st.sampled_from(PHASES)))
        trigger = draw(st.one_of(st.none(), st.sampled_from(TRIGGERS)))
        if phase is not None:
            inject["phase"] = phase
        if trigger is not None:
            inject["trigger"] = trigger
        if k > 0 and draw(st.booleans()):
            inject["contingency"] = True
        targets = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
        if targets:
            inject["options"] = [{"text": f"go {t}", "goto": t} for t in targets]
        injects.append(inject)
    scenario: dict[str, Any] = {"title": "Generated", "injects": injects}
    start = draw(st.one_of(st.none(), st.sampled_from(PHASES)))
    if start is not None:
        scenario["exercise"] = {"start_phase": start}
    return scenario


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=phase_walks())
def test_no_sequence_of_phases_makes_validate_a_usage_error_or_an_unlocated_one(
    scenario: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "walk.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    report = validate_paths([path], BUNDLED)
    assert report.exit_status in (0, 1)
    (result,) = report.files
    assert result.usage_error is None
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic

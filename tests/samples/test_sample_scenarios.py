"""The bundled sample scenarios: valid without a single warning, and together a full tour of the Guidelines.

Facilitators run these samples in front of officials and authors copy them, so
a sample that drifts out of step with the format, the rules file or the phase
machine must fail here first. Each sample is played along its default path
through the real phase machine, answering the gates as the sample states them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tabletop.phases import PhaseMachine
from tabletop.scenario import Inject, LoadedScenario, Question, load_scenario, validate_paths
from tabletop.rules import Corpus
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))
SCHEMA_COMMENT = "# yaml-language-server: $schema=scenario.schema.json"
MARKING = "UNCLASSIFIED // FOR TRAINING USE — FICTIONAL SCENARIO"
ALL_PHASES = {"peacetime", "emerging_threats", "anticipated_attack", "attack", "third_country_attack", "disaster"}
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass
class Step:
    """One inject of a sample's default path, as the room would experience it."""

    inject_id: str
    phases: tuple[str, ...]
    """The phases once the inject has been delivered."""
    answers: dict[str, bool]
    """The gate answers of the move the inject made, if any."""


@pytest.fixture(scope="module")
def loaded(corpus: Corpus) -> dict[str, LoadedScenario]:
    return {path.stem: load_scenario(path, corpus) for path in SAMPLES}


def _play_default_path(scenario: LoadedScenario, corpus: Corpus) -> list[Step]:
    """Deliver every inject of the default path through the phase machine, as a dry-run would."""
    return _play(scenario, corpus, scenario.default_path())


def _every_path(scenario: LoadedScenario) -> list[list[str]]:
    """Every path from the first inject to the end, following every option and `next:`."""
    first = scenario.default_path()[0]
    paths, stack = [], [[first]]
    while stack:
        path = stack.pop()
        following = scenario.successors(path[-1])
        if not following:
            paths.append(path)
        for inject_id in following:
            assert inject_id not in path, f"{scenario.scenario.title}: a cycle through {inject_id}"
            stack.append([*path, inject_id])
    return paths


def _play(scenario: LoadedScenario, corpus: Corpus, path: list[str]) -> list[Step]:
    """Deliver the injects of `path` through the phase machine, answering gates as the sample states."""
    machine = PhaseMachine(corpus, phases=scenario.start_phases)
    steps = []
    for inject_id in path:
        inject = scenario.inject(inject_id)
        answers: dict[str, bool] = {}
        if inject.trigger is not None:
            answers = dict(inject.gates)
            machine.fire(inject.trigger, answers)
        elif inject.phase is not None and inject.phase not in machine.phases:
            moves = machine.moves_into(inject.phase)
            assert len(moves) == 1, f"{inject_id}: {len(moves)} moves into {inject.phase}"
            answers = dict(inject.gates)
            machine.fire(moves[0].trigger, answers)
        steps.append(Step(inject_id, machine.phases, answers))
    return steps


def _all_injects(loaded: dict[str, LoadedScenario]) -> Iterator[tuple[str, Inject]]:
    for name, scenario in loaded.items():
        for inject in scenario.scenario.injects:
            yield name, inject


def test_there_are_at_least_five_samples() -> None:
    assert len(SAMPLES) >= 5, [path.name for path in SAMPLES]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_validates_with_no_error_and_no_warning(path: Path, corpus: Corpus) -> None:
    report = validate_paths([path], corpus)
    assert [str(d) for d in report.files[0].diagnostics] == []
    assert report.exit_status == 0


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_starts_with_the_schema_comment_for_editors(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith(SCHEMA_COMMENT + "\n")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_has_between_8_and_20_injects_counting_contingencies_and_includes(
    path: Path, loaded: dict[str, LoadedScenario]
) -> None:
    count = len(loaded[path.stem].scenario.injects)
    assert 8 <= count <= 20, count


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_plays_through_the_phase_machine_along_its_default_path(
    path: Path, loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    scenario = loaded[path.stem]
    steps = _play_default_path(scenario, corpus)
    assert [step.inject_id for step in steps] == scenario.default_path()
    for step in steps:
        # Outright, or preparatory: IV.B's measures "may be taken" before a situation is determined.
        applicable = corpus.citable_ids(step.phases)
        cited = scenario.inject(step.inject_id).cite
        assert set(cited) <= applicable, (step.inject_id, step.phases, sorted(set(cited) - applicable))


def test_samples_cite_iv_b_before_a_situation_is_determined_as_preparatory(
    loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    preparatory = {
        (name, step.inject_id)
        for name, scenario in loaded.items()
        for step in _play_default_path(scenario, corpus)
        if any(corpus.applicability(c, step.phases) == "preparatory" for c in scenario.inject(step.inject_id).cite)
    }
    assert {("regional_crisis_neo", "unrest"), ("southwest_islands", "landing")} <= preparatory


def test_a_sample_holds_japans_own_situation_and_an_attack_on_another_country_at_once(
    loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    together = {
        step.phases
        for scenario in loaded.values()
        for step in _play_default_path(scenario, corpus)
        if "third_country_attack" in step.phases and "peacetime" not in step.phases
    }
    assert together, "no sample shows a survival-threatening situation alongside Japan's own situation"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_branch_of_a_sample_plays_through_the_phase_machine_back_to_peacetime(
    path: Path, loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    scenario = loaded[path.stem]
    branches = _every_path(scenario)
    assert scenario.default_path() in branches
    for branch in branches:
        steps = _play(scenario, corpus, branch)  # a refused move raises TransitionRefused
        assert steps[-1].phases == ("peacetime",), (branch[-1], steps[-1].phases)
        for step in steps:
            cited = set(scenario.inject(step.inject_id).cite)
            assert cited <= corpus.citable_ids(step.phases), (step.inject_id, step.phases)


def test_samples_together_pass_through_all_six_phases(loaded: dict[str, LoadedScenario], corpus: Corpus) -> None:
    reached: set[str] = set()
    for scenario in loaded.values():
        for step in _play_default_path(scenario, corpus):
            reached.update(step.phases)
    assert reached == ALL_PHASES


def test_a_sample_has_a_disaster_strike_during_a_security_crisis(
    loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    overlays = {
        (name, step.phases)
        for name, scenario in loaded.items()
        for step in _play_default_path(scenario, corpus)
        if "disaster" in step.phases and len(step.phases) == 2 and "peacetime" not in step.phases
    }
    assert overlays


def test_samples_answer_gates_and_the_machine_accepts_the_answers(
    loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    answered = [
        (name, step.inject_id, step.answers)
        for name, scenario in loaded.items()
        for step in _play_default_path(scenario, corpus)
        if step.answers
    ]
    assert len(answered) >= 3, answered
    assert all(all(step_answers.values()) for *_, step_answers in answered)


def test_samples_cite_chapters_three_five_and_six(loaded: dict[str, LoadedScenario]) -> None:
    chapters = {clause_id.split(".")[0] for _, inject in _all_injects(loaded) for clause_id in inject.cite}
    assert {"III", "V", "VI"} <= chapters, sorted(chapters)


def test_every_clause_the_samples_cite_exists(loaded: dict[str, LoadedScenario], corpus: Corpus) -> None:
    cited = {clause_id for _, inject in _all_injects(loaded) for clause_id in inject.cite}
    assert cited
    assert sorted(clause_id for clause_id in cited if clause_id not in corpus) == []


def test_at_least_two_samples_branch_at_a_decision_point_into_contingency_injects(
    loaded: dict[str, LoadedScenario],
) -> None:
    branching = set()
    for name, scenario in loaded.items():
        contingencies = {inject.id for inject in scenario.scenario.injects if inject.contingency}
        for inject in scenario.scenario.injects:
            if len(inject.options) >= 2 and {option.goto for option in inject.options} & contingencies:
                branching.add(name)
    assert len(branching) >= 2, branching


def test_some_sample_is_split_across_included_files(loaded: dict[str, LoadedScenario]) -> None:
    assert any(len(scenario.files) > 1 for scenario in loaded.values())


def test_every_sample_carries_the_training_marking_and_exercise_metadata(loaded: dict[str, LoadedScenario]) -> None:
    for name, scenario in loaded.items():
        exercise = scenario.scenario.exercise
        assert exercise is not None, name
        assert exercise.classification == MARKING, name
        assert exercise.id and exercise.version and exercise.summary, name
        assert scenario.scenario.objectives and all(o.capability for o in scenario.scenario.objectives), name
        roles = {cell.role for cell in scenario.scenario.cells}
        assert {"player", "control"} <= roles, name


def test_every_sample_inject_is_fully_authored_for_the_facilitator(loaded: dict[str, LoadedScenario]) -> None:
    """Each inject has a time, addressees, questions for named cells, expected actions tied to
    objectives, tags and facilitator-only notes: the samples show authors the whole format."""
    for name, inject in _all_injects(loaded):
        where = f"{name}:{inject.id}"
        assert inject.time and inject.module and inject.to, where
        assert inject.questions and all(isinstance(q, Question) for q in inject.questions), where
        assert inject.expected_actions and all(a.responsible and a.objective for a in inject.expected_actions), where
        assert inject.objectives and inject.tags and inject.cite, where
        assert inject.facilitator_notes, where


def test_samples_carry_japanese_text_through_the_loader(loaded: dict[str, LoadedScenario]) -> None:
    assert any(_JAPANESE.search(inject.narrative) for _, inject in _all_injects(loaded))
    assert any(_JAPANESE.search(scenario.scenario.title) for scenario in loaded.values())


def test_included_part_files_are_not_listed_as_samples() -> None:
    parts = [path for path in (ROOT / "scenarios").glob("*/*.yaml")]
    assert parts
    assert not set(parts) & set(SAMPLES)


def test_tabletop_validate_strict_passes_every_sample(run_cli: RunCli) -> None:
    status, out, err = run_cli("validate", "--strict", *map(str, SAMPLES))
    assert status == 0, out + err
    assert "warning:" not in out + err
    assert f"{len(SAMPLES)} files checked: {len(SAMPLES)} valid, 0 invalid (0 errors, 0 warnings)" in out + err


def test_tabletop_scenarios_lists_every_sample_with_its_title_and_size(
    run_cli: RunCli, loaded: dict[str, LoadedScenario]
) -> None:
    status, out, err = run_cli("scenarios", "--format", "json")
    assert status == 0, err
    listed = {entry["id"]: entry for entry in json.loads(out)}
    assert set(listed) == {path.stem for path in SAMPLES}
    for name, scenario in loaded.items():
        assert listed[name]["valid"] is True
        assert listed[name]["title"] == scenario.scenario.title
        assert listed[name]["injects"] == len(scenario.scenario.injects)


def test_the_facilitator_catalogue_lists_every_sample_with_its_inject_count(loaded: dict[str, LoadedScenario]) -> None:
    catalogue = (ROOT / "docs" / "sample_scenarios.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| \[`([a-z0-9_]+)`\]\([^)]*\) \| (\d+)\b", catalogue, flags=re.MULTILINE))
    assert rows == {name: str(len(scenario.scenario.injects)) for name, scenario in loaded.items()}
    for name in loaded:
        assert f"## `{name}` —" in catalogue, name


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_dry_runs_to_the_end_back_in_peacetime_with_every_citation_in_phase(
    path: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    status, out, err = run_cli("dry-run", str(path), "--session-dir", str(tmp_path))
    assert status == 0, err
    session = out.strip().splitlines()[-1]
    status, out, err = run_cli("status", "--format", "json", session)
    assert status == 0, err
    state = json.loads(out)
    assert state["ended"] is True
    assert state["phases"] == ["peacetime"]
    assert state["citations"]
    assert [c for c in state["citations"] if c["out_of_phase"]] == []


# -- exercise design: objectives, cells and responsible parties ---------------------------


def test_every_objective_is_tested_by_at_least_one_inject(loaded: dict[str, LoadedScenario]) -> None:
    untested = [
        (name, objective.id)
        for name, scenario in loaded.items()
        for objective in scenario.scenario.objectives
        if not any(objective.id in inject.objectives for inject in scenario.scenario.injects)
    ]
    assert untested == []


def test_an_expected_action_serves_an_objective_its_inject_tests(loaded: dict[str, LoadedScenario]) -> None:
    stray = [
        (name, inject.id, action.objective)
        for name, inject in _all_injects(loaded)
        for action in inject.expected_actions
        if action.objective not in inject.objectives
    ]
    assert stray == []


def test_questions_are_addressed_to_cells_the_inject_is_delivered_to(loaded: dict[str, LoadedScenario]) -> None:
    stray = [
        (name, inject.id, question.cell)
        for name, inject in _all_injects(loaded)
        for question in inject.questions
        if isinstance(question, Question) and question.cell is not None and question.cell not in inject.to
    ]
    assert stray == []


# Clauses that give Japan (or the Self-Defense Forces) primary responsibility: an inject
# citing one must not hand the lead action to the U.S. side or to a bilateral body.
_JAPAN_LEADS = {"IV.B.3", "IV.C.2.a", "IV.C.2.b.i", "IV.C.2.b.ii", "IV.C.2.b.iii", "IV.C.2.b.iv", "IV.C.2.c.v", "IV.E"}
_NOT_A_JAPANESE_LEAD = ("U.S.", "United States", "Alliance Coordination", "The two governments", "Bilateral")


def test_where_japan_has_primary_responsibility_a_japanese_party_holds_an_expected_action(
    loaded: dict[str, LoadedScenario],
) -> None:
    misassigned = [
        (name, inject.id)
        for name, inject in _all_injects(loaded)
        if _JAPAN_LEADS & set(inject.cite)
        and all((action.responsible or "").startswith(_NOT_A_JAPANESE_LEAD) for action in inject.expected_actions)
    ]
    assert misassigned == []


def test_a_defense_operation_is_ordered_by_the_prime_minister_wherever_a_sample_says_who_orders_it(
    loaded: dict[str, LoadedScenario],
) -> None:
    # SDF Act Art. 76: the Prime Minister orders it; the Cabinet determines the situation.
    ordering = re.compile(r"\border(s|ed)?\b[^.;]*\bdefen[cs]e operation|defen[cs]e operation,? ordered")
    wrong = [
        (name, inject.id, sentence)
        for name, inject in _all_injects(loaded)
        for sentence in re.split(r"[.;]", " ".join(inject.narrative.split()))
        if ordering.search(sentence) and "Prime Minister" not in sentence
    ]
    assert wrong == []


def test_a_scenario_starting_a_third_country_attack_during_an_attack_on_japan_is_refused_with_the_reason(
    corpus: Corpus, tmp_path: Path
) -> None:
    # The same author's mistake in any sample would be caught with this message.
    path = tmp_path / "mistake.yaml"
    path.write_text(
        "title: Mistake\n"
        "exercise: {start_phase: attack}\n"
        "injects:\n"
        "  - id: first\n    title: First\n    narrative: N.\n"
        "  - id: second\n    title: Second\n    narrative: N.\n    phase: third_country_attack\n",
        encoding="utf-8",
    )
    report = validate_paths([path], corpus)
    (message,) = [str(d) for d in report.files[0].diagnostics]
    assert "cannot move from attack into 'third_country_attack' in one step (IV.D is written for when" in message
    assert "de_escalate (-> anticipated_attack)" in message
    assert report.exit_status == 1


# -- determinations the samples state ---------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_branch_states_determinations_only_after_what_they_need(
    path: Path, loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    # A warning after its basic response plan, an answer after the U.S. request, the Coast
    # Guard's control after the order it depends on: what a dry-run records is lawful in order.
    scenario = loaded[path.stem]
    orders = {d.id: d for d in corpus.determinations}
    for branch in _every_path(scenario):
        confirmed: set[str] = set()
        for step in _play(scenario, corpus, branch):
            for order, answer in scenario.inject(step.inject_id).determinations.items():
                assert corpus.unmet_prerequisites(orders[order], step.phases, confirmed) == [], (
                    step.inject_id,
                    order,
                )
                if answer:
                    confirmed.add(order)


def test_the_islands_evacuation_sample_records_the_civil_protection_determinations_in_order(
    loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    scenario = loaded["remote_islands_evacuation"]
    stated = [
        (step.inject_id, order)
        for step in _play_default_path(scenario, corpus)
        for order in scenario.inject(step.inject_id).determinations
    ]
    orders = [order for _, order in stated]
    for first, then in (
        ("anticipated_attack_situation", "civil_protection_warning"),
        ("civil_protection_warning", "evacuation_instruction"),
        ("evacuation_instruction", "civil_protection_dispatch"),
        ("us_facilities_request", "facilities_provided"),
        ("armed_attack_imminent", "defense_operation_ordered"),
        ("defense_operation_ordered", "coast_guard_control"),
        ("coast_guard_control", "basic_response_plan_abolished"),
    ):
        assert orders.index(first) < orders.index(then), (first, then)
    # The branch reaches warnings by an emergency response situation, before any armed attack is anticipated.
    branch = next(b for b in _every_path(scenario) if "terminal_bomb" in b)
    assert next(iter(scenario.inject("terminal_bomb").determinations)) == "emergency_response_situation"
    assert _play(scenario, corpus, branch)[branch.index("terminal_bomb")].phases == ("emerging_threats",)


def test_the_samples_show_the_us_sides_decisions(loaded: dict[str, LoadedScenario]) -> None:
    stated = {order for _, inject in _all_injects(loaded) for order in inject.determinations}
    assert {
        "us_article_5_action",
        "prior_consultation",
        "us_asset_protection_request",
        "us_facilities_request",
    } <= stated


def test_the_first_strike_and_the_order_of_the_defense_operation_are_separate_injects(
    loaded: dict[str, LoadedScenario], corpus: Corpus
) -> None:
    # How long until the order, and what may be done meanwhile: the gates come after the strike.
    scenario = loaded["southwest_islands"]
    steps = {step.inject_id: step for step in _play_default_path(scenario, corpus)}
    assert steps["armed_attack"].phases == ("anticipated_attack",) and not steps["armed_attack"].answers
    assert steps["defense_operation"].phases == ("attack",)
    assert set(steps["defense_operation"].answers) == {
        "armed_attack_begun",
        "armed_attack_situation",
        "defense_operation_approved",
    }
    defended, attacked = scenario.inject("defense_operation").time, scenario.inject("armed_attack").time
    assert defended is not None and attacked is not None and defended > attacked
    # The ceasefire amends the plan; it does not jump from an occupied island to peacetime.
    assert steps["ceasefire"].phases == ("anticipated_attack",)
    assert set(steps["ceasefire"].answers) == {
        "armed_attack_stopped",
        "response_plan_amended",
        "defense_operation_withdrawn",
    }

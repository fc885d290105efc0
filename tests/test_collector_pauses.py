"""A large scenario is read, and the documents of a large session built, without the cyclic garbage
collector walking them again and again (it cost more than the work itself); it runs again afterwards."""

from __future__ import annotations

import gc

import pytest

from benchmarks.scenarios import generate_scenario
from tabletop.report import render_handbook, render_report
from tabletop.scenario import load_scenario
from tabletop import yamlsource
from tabletop.session import SessionRecord, dry_run
from tabletop.rules import Corpus
from collections.abc import Callable
from pathlib import Path


def collections_while(action: Callable[[], object]) -> int:
    runs = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        action()
    finally:
        gc.callbacks.remove(count)
    return len(runs)


@pytest.fixture(scope="module")
def large_dry_run(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("large")
    scenario = folder / "generated.yaml"
    scenario.write_text(generate_scenario(corpus, 300), encoding="utf-8")
    return scenario, dry_run(scenario, corpus, session_dir=folder)


def test_the_report_of_a_large_session_is_built_in_one_go(large_dry_run: tuple[Path, Path]) -> None:
    _, session = large_dry_run
    record = SessionRecord.load(session)
    record.sources()
    assert collections_while(lambda: render_report(record, "html")) <= 1
    assert gc.isenabled()


def test_the_handbook_of_a_large_scenario_is_built_in_one_go(large_dry_run: tuple[Path, Path], corpus: Corpus) -> None:
    scenario, _ = large_dry_run
    loaded = load_scenario(scenario, corpus)
    assert collections_while(lambda: render_handbook(loaded, corpus, "facilitator", "html")) <= 1
    assert gc.isenabled()


def _many_injects(count: int) -> str:
    injects = "".join(
        f"  - {{id: i{n}, title: T{n}, narrative: N{n}, questions: [a, b], tags: []}}\n" for n in range(count)
    )
    return f"title: Large\ninjects:\n{injects}"


def test_reading_a_large_scenario_runs_no_garbage_collection(corpus: Corpus) -> None:
    from tabletop.scenario import load_scenario_text

    text = _many_injects(3000)
    # Without the pause the collector walks the growing document again and again; with it,
    # at most the one run it owes once it resumes.
    assert collections_while(lambda: yamlsource.load(text, "f.yaml")) > 20
    assert collections_while(lambda: load_scenario_text(text, "f.yaml", corpus)) <= 1


def test_the_collector_runs_again_after_a_read_even_a_failed_one(corpus: Corpus) -> None:
    from tabletop.errors import ScenarioError
    from tabletop.scenario import load_scenario_text

    load_scenario_text(_many_injects(3), "f.yaml", corpus)
    assert gc.isenabled()
    with pytest.raises(ScenarioError):
        load_scenario_text("title: [unclosed\n", "f.yaml", corpus)
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        with yamlsource.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_large_session_is_read_in_one_go(large_dry_run: tuple[Path, Path]) -> None:
    _, session = large_dry_run
    assert collections_while(lambda: SessionRecord.load(session)) <= 1
    assert gc.isenabled()

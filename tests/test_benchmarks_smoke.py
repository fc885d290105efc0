"""The benchmarks keep working: the generator's scenarios are valid and shaped like the samples,
and `python -m benchmarks` measures every figure (at a tiny size, once; no timing is asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.scenarios import generate_scenario
from tabletop.phases import PhasePolicy
from tabletop.scenario import load_scenario_text, LoadedScenario
from tabletop.rules import Corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def loaded_120(corpus: Corpus) -> LoadedScenario:
    return load_scenario_text(generate_scenario(corpus, 120), "generated.yaml", corpus)


def test_a_generated_scenario_is_valid_without_warnings_and_as_long_as_asked(loaded_120: LoadedScenario) -> None:
    assert len(loaded_120.default_path()) == 120
    assert loaded_120.warnings == []


def test_a_generated_scenario_is_shaped_like_the_samples(loaded_120: LoadedScenario, corpus: Corpus) -> None:
    injects = loaded_120.scenario.injects
    assert all(len(inject.narrative.split(". ")) >= 3 for inject in injects)  # a few sentences
    assert all(inject.questions and inject.expected_actions and inject.cite and inject.tags for inject in injects)
    assert all(inject.time and inject.module and inject.to and inject.objectives for inject in injects)
    moves = [inject for inject in injects if inject.phase or inject.trigger]
    assert len(moves) >= 120 // 15
    assert any(inject.gates for inject in moves)
    # Tags come from the clauses cited.
    for inject in injects:
        cited_tags = {tag for clause_id in inject.cite for tag in corpus.clause(clause_id).tags}
        assert set(inject.tags) <= cited_tags or not cited_tags


def test_a_region_that_starts_empty_is_entered_while_another_is_away_from_its_start(
    loaded_120: LoadedScenario, corpus: Corpus
) -> None:
    """With the bundled rules: a disaster strikes during a security crisis."""
    homes = {region.id: region.initial for region in corpus.regions}
    region_of = {phase.slug: phase.region for phase in corpus.phases}
    policy = PhasePolicy(corpus)
    phases = loaded_120.start_phases
    seen_overlay = False
    for inject in loaded_120.scenario.injects:
        entry = policy.entry(phases, phase=inject.phase, trigger=inject.trigger)
        assert entry.refused is None
        if entry.move is not None:
            phases = policy.after(phases, entry.move)
        away = any(homes[region_of[slug]] not in (None, slug) for slug in phases)
        entered = any(homes[region_of[slug]] is None for slug in phases)
        seen_overlay |= away and entered
    assert seen_overlay


def test_the_same_seed_gives_the_same_text_and_another_seed_another(corpus: Corpus) -> None:
    assert generate_scenario(corpus, 40, seed=3) == generate_scenario(corpus, 40, seed=3)
    assert generate_scenario(corpus, 40, seed=3) != generate_scenario(corpus, 40, seed=4)


@settings(max_examples=15)
@given(injects=st.integers(min_value=1, max_value=60), seed=st.integers(min_value=0, max_value=10**6))
def test_any_size_and_seed_gives_a_valid_scenario(corpus: Corpus, injects: int, seed: int) -> None:
    loaded = load_scenario_text(generate_scenario(corpus, injects, seed), "generated.yaml", corpus)
    assert len(loaded.default_path()) == injects
    assert loaded.warnings == []


def test_the_benchmark_command_prints_every_figure(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--injects",
            "8",
            "30",
            "--runs",
            "1",
            "--steps",
            "5",
            "--presses",
            "3",
            "--voters",
            "6",
            "--appends",
            "5",
            "--writer-seconds",
            "0.5",
            "--follows",
            "3",
            "--events",
            "150",
            "--coverage-sessions",
            "2",
            "--coverage-events",
            "100",
            "--quick",
            "--dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # A guard against a hang, not a speed check: the run takes three to four minutes on a
        # quiet two-core machine and twice that when the machine is busy with other work.
        timeout=900,
    )
    # Targets are about large scenarios; at this size some are missed (exit 1), none unmeasured (2).
    assert result.returncode in (0, 1), result.stderr
    for_information = [
        "validate, 8 injects (vs bare parse)",
        "validate, 30 injects (vs bare parse, collector paused)",
        "start-up floor: click, one pydantic model, parse",
        "peak memory: dry-run (vs bare parse)",
        "peak memory: HTML report (vs bare parse)",
        "console first paint: tabletop run, 30 injects (vs bare Textual app)",
        "console: n to the screen settled, 8 injects",
        "console: processor time per n, 8 / 30 injects",
        "console: bytes written to the terminal per n, median, 8 / 30 injects",
    ]
    figures = [
        "validate, 30 injects (vs bare parse) ",
        "start-up: validate a sample",
        "start-up: clauses search",
        "start-up: cite a situation",
        "start-up: --help",
        "facilitator step, 8 injects: p50 / p95",
        "facilitator step, 30 injects: p50 / p95",
        "facilitator step flat",
        "dry-run, 30 injects (vs validate)",
        "HTML report of that dry-run (vs validate)",
        "peak memory: validate, 30 injects (vs bare parse)",
        "console first paint: tabletop run southwest_islands, whole process (vs bare Textual app)",
        "console: n to the next inject visible, 8 injects: p50 / p95",
        "console: n to the next inject visible, 30 injects: p50 / p95",
        "console: n to the next inject visible flat",
        "console: resume to first paint, 2,000 events",
        "tabletop follow of that session: an inject delivered elsewhere to shown",
        "a session's polling alone, idle,",
        "citation ranking, one situation",
        "a seat's lag, session file: commit to the other seat's snapshot p50 / p95",
        "five seats through the command path, session file: records/s",
        "an idle follower of a",
        "participants' page, 6 seats vote within 0.5 s",
        "status, 150 events (vs bare read",
        "report --format md, 150 events (vs bare read",
        "report --format html, 150 events (vs bare read",
        "export, 150 events (vs bare read",
        "coverage, 2 sessions of 100 events (vs bare read of them all)",
        "peak memory: coverage, 2 sessions of 100 events (vs coverage of one)",
        "coverage, 2 distinct scenarios (vs 2 sessions of one)",
    ]
    from benchmarks.postgres_server import find_server_programs

    if find_server_programs() is not None:  # CI installs PostgreSQL, so there the rows are always measured
        figures += [
            "journal append, local PostgreSQL: p50 / p95",
            "five writers at once, PostgreSQL: events/s",
            "follower lag across processes, PostgreSQL: p50 / p95",
            "a seat's lag, PostgreSQL: commit to the other seat's snapshot p50 / p95",
            "five seats through the command path, PostgreSQL: records/s",
        ]
        for_information.append("journal append, session file: p50 / p95")
    lines = result.stdout.splitlines()
    for figure in figures:
        [line] = [line for line in lines if line.startswith(figure)]
        assert line.rstrip().endswith(("yes", "NO")), line
    for figure in for_information:
        [line] = [line for line in lines if line.startswith(figure)]
        assert line.rstrip().endswith("—") and re.search(r"[0-9.]+×|[+-][0-9]+ ms|[0-9.]+ ms", line), line
    assert lines[-1] in ("every target met",) or lines[-1].endswith("target(s) missed")
    # The quality of citation ranking, set by set and phase by phase: aggregates only.
    quality = lines[
        lines.index("Citation ranking on every set of situations (top-1 / top-3 / MRR; docs/citations.md):") :
    ]
    for name in ("development", "held-out 28 (sealed)", "held-out 29 (sealed)", "  combinations", "  in Japanese"):
        assert any(line.startswith(name) for line in quality), name
    assert list(tmp_path.iterdir()) == []  # its temporary files are gone


def test_the_benchmark_command_refuses_a_size_below_two() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--injects", "1"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "--injects" in result.stderr


def test_the_speed_row_leaves_the_sealed_sets_unread_with_no_sealed(monkeypatch: pytest.MonkeyPatch) -> None:
    """`bench_citations.py --no-sealed` times the rankings without reading a sealed set's situations,
    as its quality table leaves them out: whoever changes the ranking can time it."""
    from benchmarks import bench_citations

    read: list[str] = []
    real_load = bench_citations.SituationSet.load

    def load(self: bench_citations.SituationSet) -> list[bench_citations.Situation]:
        read.append(self.name)
        return real_load(self)[:2]

    monkeypatch.setattr(bench_citations.SituationSet, "load", load)
    monkeypatch.setattr(bench_citations, "time_rankings", lambda corpus, index, cases, repeat: ([0.001], [0.001]))
    sealed = {s.name for s in bench_citations.SETS if s.sealed}
    assert sealed
    *_, counted = bench_citations.speed(1, sealed=False)
    assert read and not sealed & set(read)
    assert counted == 2 * len(read)
    bench_citations.speed(1)
    assert sealed <= set(read)

"""The benchmark's generated scenario stays valid against the bundled rules (so the benchmark measures validation)."""

from __future__ import annotations

import importlib.util

from tabletop.scenario import load_scenario_text

from .conftest import HERE


def test_the_generated_benchmark_scenario_is_valid_without_warnings(real_corpus):
    spec = importlib.util.spec_from_file_location("bench_validate", HERE.parents[1] / "benchmarks" / "bench_validate.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    loaded = load_scenario_text(bench.generate_scenario(real_corpus, 120), "generated.yaml", real_corpus)
    assert len(loaded.default_path()) == 120
    assert loaded.warnings == []
    assert len(loaded.checks.phases_reached) >= 3

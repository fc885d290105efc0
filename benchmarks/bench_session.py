"""Session engine speed: one facilitator step, and a whole dry-run against `validate`.

Run from the repository root:

    python benchmarks/bench_session.py [--injects 5000] [--steps 300]

Targets (exit status 1 when one is missed):

* one facilitator step - deliver the next inject, rank its citations, commit
  its event durably - has a p95 of at most 20 ms with a 5,000-inject scenario,
  and does not grow with the scenario's size (compared with 50 injects in the
  same run: the 5,000-inject p95 stays within 1.5x of it plus 2 ms);
* a dry-run of the whole 5,000-inject scenario takes at most 2x as long as
  validating it (`load_scenario`, the core of `tabletop validate`).

Generated scenarios (`benchmarks.scenarios`) use the bundled Guidelines rules.
`python -m benchmarks` measures the same figures with whole processes, beside the others.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scenarios import generate_scenario
from benchmarks.suite import step_times
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import dry_run

STEP_P95_TARGET_MS = 20.0
DRY_RUN_RATIO_TARGET = 2.0


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] * 1000


def best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--injects", type=int, default=5000)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path("."),
        help="Folder for the temporary session files (default: here, a real disk; "
        "not a RAM-backed /tmp, where fsync costs nothing).",
    )
    args = parser.parse_args()
    corpus = load_rules()
    failures = []
    with tempfile.TemporaryDirectory(prefix=".tabletop-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        small, large = folder / "small.yaml", folder / "large.yaml"
        small.write_text(generate_scenario(corpus, 50), encoding="utf-8")
        large.write_text(generate_scenario(corpus, args.injects), encoding="utf-8")

        step_times(corpus, small, 49, folder / "warm-up")
        small_samples: list[float] = []
        while len(small_samples) < args.steps:
            small_samples += step_times(corpus, small, 49, folder / f"s{len(small_samples)}")
        small_p95 = p95(small_samples)
        large_p95 = p95(step_times(corpus, large, args.steps, folder / "large"))
        print(
            f"facilitator step p95: {large_p95:.2f} ms with {args.injects} injects, "
            f"{small_p95:.2f} ms with 50 injects (target <= {STEP_P95_TARGET_MS:.0f} ms)"
        )
        if large_p95 > STEP_P95_TARGET_MS:
            failures.append("facilitator step p95 over target")
        if large_p95 > small_p95 * 1.5 + 2.0:
            failures.append("facilitator step grows with the scenario's size")

        validate = best_of(3, lambda: load_scenario(large, corpus))
        counter = iter(range(100))
        dry = best_of(3, lambda: dry_run(large, corpus, session_dir=folder / f"d{next(counter)}"))
        ratio = dry / validate
        print(
            f"validate {args.injects} injects: {validate * 1000:.0f} ms; dry-run: {dry * 1000:.0f} ms; "
            f"ratio {ratio:.2f} (target <= {DRY_RUN_RATIO_TARGET})"
        )
        if ratio > DRY_RUN_RATIO_TARGET:
            failures.append("dry-run slower than 2x validate")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

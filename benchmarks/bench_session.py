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

Generated scenarios use the bundled Guidelines rules: injects with text drawn
from clause keywords, tags, citations of applicable clauses and, every so
often, a move between peacetime and emerging threats through a gated
transition.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabletop.rules import load_rules  # noqa: E402
from tabletop.scenario import load_scenario  # noqa: E402
from tabletop.session import Session, dry_run  # noqa: E402

STEP_P95_TARGET_MS = 20.0
DRY_RUN_RATIO_TARGET = 2.0


def generate(corpus, count: int, seed: int = 7) -> str:
    """A valid scenario of `count` injects, alternating between two security phases in long stretches."""
    rng = random.Random(seed)
    phase_cycle = ["emerging_threats", "peacetime"]
    back = next(t.trigger for t in corpus.transitions if t.dest == "peacetime" and "emerging_threats" in t.source)
    words = sorted({k for clause in corpus for k in clause.keywords} | {c.title for c in corpus})
    tags = sorted(corpus.tags)
    lines = ["title: Generated benchmark scenario", "exercise:", "  id: BENCH", "injects:"]
    phase = "peacetime"
    for n in range(count):
        lines.append(f"  - id: i{n:05d}")
        lines.append(f"    title: \"Situation {n}: {rng.choice(words)}\"")
        narrative = ", ".join(rng.sample(words, 6))
        lines.append(f"    narrative: \"Reports mention {narrative}.\"")
        if n % 250 == 1:
            target = phase_cycle[(n // 250) % 2]
            if target != phase:
                if target == "peacetime":
                    lines.append(f"    trigger: {back}")
                lines.append(f"    phase: {target}")
                phase = target
        applicable = sorted(corpus.applicable_ids([phase]))
        lines.append(f"    cite: [{', '.join(rng.sample(applicable, 2))}]")
        lines.append(f"    tags: [{rng.choice(tags)}]")
        lines.append("    questions:")
        lines.append(f"      - \"How do the two governments address {rng.choice(words)}?\"")
    return "\n".join(lines) + "\n"


def step_times(corpus, scenario_path: Path, steps: int, folder: Path) -> list[float]:
    loaded = load_scenario(scenario_path, corpus)
    session = Session.start(loaded, corpus, session_dir=folder)
    session.suggestions()  # build the clause index once, as the console does at start
    times = []
    for _ in range(steps):
        if session.state.next_inject is None:
            break
        started = time.perf_counter()
        gates = session.pending_gates()
        session.deliver_next({gate.id: True for gate in gates} if gates else None)
        session.suggestions()
        times.append(time.perf_counter() - started)
    session.close()
    return times


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] * 1000


def best_of(runs: int, action) -> float:
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
    parser.add_argument("--dir", type=Path, default=Path("."),
                        help="Folder for the temporary session files (default: here, a real disk; "
                             "not a RAM-backed /tmp, where fsync costs nothing).")
    args = parser.parse_args()
    corpus = load_rules()
    failures = []
    with tempfile.TemporaryDirectory(prefix=".tabletop-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        small, large = folder / "small.yaml", folder / "large.yaml"
        small.write_text(generate(corpus, 50), encoding="utf-8")
        large.write_text(generate(corpus, args.injects), encoding="utf-8")

        step_times(corpus, small, 49, folder / "warm-up")
        small_samples: list[float] = []
        while len(small_samples) < args.steps:
            small_samples += step_times(corpus, small, 49, folder / f"s{len(small_samples)}")
        small_p95 = p95(small_samples)
        large_p95 = p95(step_times(corpus, large, args.steps, folder / "large"))
        print(f"facilitator step p95: {large_p95:.2f} ms with {args.injects} injects, "
              f"{small_p95:.2f} ms with 50 injects (target <= {STEP_P95_TARGET_MS:.0f} ms)")
        if large_p95 > STEP_P95_TARGET_MS:
            failures.append("facilitator step p95 over target")
        if large_p95 > small_p95 * 1.5 + 2.0:
            failures.append("facilitator step grows with the scenario's size")

        validate = best_of(3, lambda: load_scenario(large, corpus))
        counter = iter(range(100))
        dry = best_of(3, lambda: dry_run(large, corpus, session_dir=folder / f"d{next(counter)}"))
        ratio = dry / validate
        print(f"validate {args.injects} injects: {validate * 1000:.0f} ms; dry-run: {dry * 1000:.0f} ms; "
              f"ratio {ratio:.2f} (target <= {DRY_RUN_RATIO_TARGET})")
        if ratio > DRY_RUN_RATIO_TARGET:
            failures.append("dry-run slower than 2x validate")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

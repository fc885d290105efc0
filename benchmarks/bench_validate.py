"""Benchmark: validating a large scenario against a bare parse of the same file.

Run from the repository root:

    python benchmarks/bench_validate.py [--injects 5000] [--repeat 7] [--target 1.3]

It generates a realistic scenario (`benchmarks.scenarios`), then times, side by side in one
run, `tabletop validate`'s work (`load_scenario`: read, decode, parse,
validate, every cross-reference check and the phase walk) and a bare
`yaml.load(text, Loader=yaml.CSafeLoader)` of the same text. It prints both
and their ratio (best of the repeats) and exits 1 when the ratio is above the
target. This is a benchmark, not a test: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scenarios import generate_scenario
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario


def best_of(repeat: int, function: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--injects", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--target", type=float, default=1.3)
    parser.add_argument("--rules", help="rules file (default: the bundled one)")
    args = parser.parse_args(argv)

    corpus = load_rules(args.rules)
    text = generate_scenario(corpus, args.injects)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_scenario(path, corpus)  # warm up, and prove the scenario is valid
        assert len(loaded.default_path()) == args.injects and not loaded.warnings
        # Interleave the two measurements so that machine noise affects both alike.
        bare, validate = [], []
        for _ in range(args.repeat):
            bare.append(best_of(1, lambda: yaml.load(text, Loader=yaml.CSafeLoader)))
            validate.append(best_of(1, lambda: load_scenario(path, corpus)))
    ratio = min(validate) / min(bare)
    size = len(text.encode("utf-8")) / 1e6
    print(f"scenario: {args.injects} injects, {size:.1f} MB")
    print(f"yaml.load (CSafeLoader): {min(bare) * 1000:8.1f} ms (best of {args.repeat})")
    print(f"load_scenario (validate): {min(validate) * 1000:8.1f} ms (best of {args.repeat})")
    print(f"ratio: {ratio:.2f} (target <= {args.target})")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())

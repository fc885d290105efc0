"""Benchmark: validating a scenario misspelt throughout grows with its length, not its square.

Run from the repository root:

    python benchmarks/bench_misspelt.py [--injects 1000] [--repeat 3] [--target 2.0]

It generates two scenarios, of N and 4N injects, in which every `next:`
names an inject that does not exist (a near miss of a real id), and times,
side by side in one run, `load_scenario` on each and a bare
`yaml.load(text, Loader=yaml.CSafeLoader)` of the same text. A validator
whose suggestions compare every mistake with every id takes about 16 times
as long on the larger file as on the smaller, against 4 times for the parse;
it prints both growths and their ratio (validation's growth over the
parse's) and exits 1 when the ratio is above the target. This is a
benchmark, not a test: machines differ, ratios travel.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_validate import best_of

from tabletop.errors import ScenarioError
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
import contextlib
import functools


def misspelt_scenario(injects: int) -> str:
    """`injects` injects, each leading with `next:` to a misspelling of the following one's id."""
    lines = ["title: Misspelt throughout", "injects:"]
    for n in range(injects):
        lines += [
            f"  - id: inject-number-{n:06d}",
            f"    title: Inject {n}",
            "    narrative: The room discusses what the two governments would do.",
            f"    next: inject-numbr-{(n + 1) % injects:06d}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--injects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--target", type=float, default=2.0)
    args = parser.parse_args(argv)
    corpus = load_rules()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in (args.injects, 4 * args.injects):
            path = Path(folder) / f"misspelt-{size}.yaml"
            text = misspelt_scenario(size)
            path.write_text(text, encoding="utf-8")

            def validate(path: Path = path) -> None:
                with contextlib.suppress(ScenarioError):
                    load_scenario(path, corpus)

            validate()  # warm-up
            parse = best_of(args.repeat, functools.partial(yaml.load, text, Loader=yaml.CSafeLoader))
            results[size] = (best_of(args.repeat, validate), parse)
            print(f"{size:>7} injects: validate {results[size][0]:.3f} s, bare parse {parse:.3f} s")
    small, large = results[args.injects], results[4 * args.injects]
    validate_growth, parse_growth = large[0] / small[0], large[1] / small[1]
    ratio = validate_growth / parse_growth
    print(f"growth x4 injects: validate x{validate_growth:.2f}, parse x{parse_growth:.2f}")
    print(f"ratio: {ratio:.2f} (target <= {args.target})")
    return 0 if ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())

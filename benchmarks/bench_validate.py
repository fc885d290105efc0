"""Benchmark: validating a large scenario against a bare parse of the same file.

Run from the repository root:

    python benchmarks/bench_validate.py [--injects 5000] [--repeat 7] [--target 1.3]

It generates a realistic scenario (phases moving through the machine with
their gates answered, citations of applicable clauses, tags, times, cells,
objectives, questions and expected actions), then times, side by side in one
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
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabletop.rules import load_rules  # noqa: E402
from tabletop.scenario import load_scenario  # noqa: E402


def generate_scenario(corpus, injects: int) -> str:
    """A valid scenario of `injects` injects that moves between phases as the rules allow."""
    security = next(region for region in corpus.regions if region.initial is not None)
    home = security.initial
    region_of = {phase.slug: phase.region for phase in corpus.phases}
    outward = [t for t in corpus.transitions if home in t.source and t.dest and region_of[t.dest] == security.id]
    back = {src: t for t in corpus.transitions if t.dest == home for src in t.source if src}
    cycle = [t for t in outward if t.dest in back]
    tags = sorted(corpus.tags)
    lines = [
        "# yaml-language-server: $schema=scenario.schema.json",
        f"title: Generated exercise of {injects} injects",
        "exercise:",
        "  id: TTX-BENCH",
        '  version: "1.0"',
        '  classification: "UNCLASSIFIED // FOR TRAINING USE"',
        "objectives:",
        "  - {id: coordination, text: Examine bilateral coordination., capability: Operational Coordination}",
        "  - {id: decisions, text: Exercise the government's determinations., capability: Situational Assessment}",
        "cells:",
        "  - {id: japan, name: Japan cell, organisations: [Cabinet Secretariat, Ministry of Defense]}",
        "  - {id: us, name: U.S. cell, organisations: [U.S. Embassy Tokyo, U.S. Forces Japan]}",
        "  - {id: control, name: Control cell, role: control}",
        "modules:",
    ]
    modules = max(1, injects // 100)
    lines += [f"  - {{id: m{m}, title: Module {m}}}" for m in range(modules)]
    lines.append("injects:")
    phase = home
    minutes = 0
    for n in range(injects):
        step = n % 10
        extra = []
        if step == 0 and cycle:
            move = cycle[(n // 10) % len(cycle)]
            phase = move.dest
            answers = ", ".join(f"{gate.id}: true" for gate in move.gates)
            extra.append(f"    phase: {phase}")
            if answers:
                extra.append(f"    gates: {{{answers}}}")
        elif step == 9 and phase != home:
            phase = home
            extra.append(f"    phase: {home}")
        applicable = sorted(corpus.applicable_ids([phase]))
        cites = ", ".join(applicable[(n * 7 + k * 13) % len(applicable)] for k in range(3))
        minutes += 20
        day, clock = divmod(minutes, 24 * 60)
        lines += [
            f"  - id: inject-{n:05d}",
            f"    title: Inject {n} of the generated exercise",
            f"    module: m{min(n // 100, modules - 1)}",
            f'    time: "D{day - 400:+d} {clock // 60:02d}:{clock % 60:02d}"',
            *extra,
            "    to: [japan, us]",
            "    narrative: >-",
            "      A report arrives through the Alliance Coordination Mechanism describing",
            f"      developments in sector {n % 37}; both governments must decide how to respond",
            "      and what to tell the public. 南西諸島周辺の状況が変化している。",
            f"    cite: [{cites}]",
            f"    tags: [{tags[n % len(tags)]}, {tags[(n * 5 + 1) % len(tags)]}]",
            "    objectives: [coordination]",
            "    questions:",
            "      - What does each government know, and how is it shared?",
            "      - {cell: japan, text: Which determination does this call for?}",
            "    expected_actions:",
            "      - {action: Share the assessment bilaterally., responsible: Ministry of Defense, objective: decisions}",
            "    facilitator_notes: Press for a decision within ten minutes.",
        ]
    return "\n".join(lines) + "\n"


def best_of(repeat: int, function) -> float:
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
            bare.append(best_of(1, lambda: yaml.load(text, Loader=yaml.CSafeLoader)))  # noqa: S506
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

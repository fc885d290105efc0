"""After-action report speed and memory: the HTML report of a large dry-run, side by side with validating.

Run from the repository root:

    python benchmarks/bench_report.py [--injects 5000] [--runs 3]

Targets (exit status 1 when one is missed):

* the HTML report of a dry-run of a generated 5,000-inject scenario - fold the journal, build
  every section, render the document from the session's record - takes at most as long as
  validating that scenario (`load_scenario`, the core of `tabletop validate`), best of
  `--runs` each, measured in the same run;
* the whole `tabletop report` path (read the session file, rebuild its stored scenario and
  rules, then the above) peaks at 150 MB of Python memory at most (tracemalloc).

Rebuilding the stored scenario is itself a validation of it, so the end-to-end time is printed
too, for information: about one validation more than the report's own work.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_session import best_of
from benchmarks.scenarios import generate_scenario

from tabletop.report import render_report
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import SessionRecord, dry_run

RATIO_TARGET = 1.0
MEMORY_TARGET_MB = 150.0


def peak_memory_mb(session: Path) -> float:
    """Peak Python memory (tracemalloc) of reading `session` and rendering its HTML report, in a new process."""
    code = (
        "import sys, tracemalloc\n"
        "tracemalloc.start()\n"
        "from tabletop.report import render_report\n"
        "from tabletop.session import SessionRecord\n"
        "render_report(SessionRecord.load(sys.argv[1]), 'html')\n"
        "print(tracemalloc.get_traced_memory()[1])\n"
    )
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code, str(session)], cwd=root, capture_output=True, text=True, check=True
    )
    return int(result.stdout.strip()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--injects", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("."), help="Folder for the temporary files.")
    args = parser.parse_args()
    corpus = load_rules()
    failures = []
    with tempfile.TemporaryDirectory(prefix=".tabletop-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        scenario = folder / "large.yaml"
        scenario.write_text(generate_scenario(corpus, args.injects), encoding="utf-8")
        session = dry_run(scenario, corpus, session_dir=folder)

        # The whole command's work on a cold process: time here, peak memory in a fresh interpreter.
        started = time.perf_counter()
        record = SessionRecord.load(session)
        size = len(render_report(record, "html").encode("utf-8"))
        end_to_end = time.perf_counter() - started
        peak_mb = peak_memory_mb(session)

        validate = best_of(args.runs, lambda: load_scenario(scenario, corpus))
        report = best_of(args.runs, lambda: render_report(record, "html"))
    ratio = report / validate
    print(
        f"validate {args.injects} injects: {validate * 1000:.0f} ms; HTML report of its dry-run: "
        f"{report * 1000:.0f} ms ({size / 2**20:.1f} MB); ratio {ratio:.2f} (target <= {RATIO_TARGET})"
    )
    print(
        f"end to end (read the file, rebuild its scenario and rules, report): {end_to_end * 1000:.0f} ms, "
        "for information (the rebuild is itself a validation of the stored scenario)"
    )
    print(f"peak memory of the report, from the file: {peak_mb:.0f} MB (target <= {MEMORY_TARGET_MB:.0f} MB)")
    if ratio > RATIO_TARGET:
        failures.append("HTML report slower than validating the scenario")
    if peak_mb > MEMORY_TARGET_MB:
        failures.append("HTML report's peak memory over target")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

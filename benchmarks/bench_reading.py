"""Reading recorded sessions, as a user waits for it: `status`, `report`, `export` and `coverage`.

    python -m benchmarks.bench_reading [--events 10000 50000] [--runs 3] [--coverage-sessions 50]
                                       [--coverage-events 2000]

Called by `python -m benchmarks` (`benchmarks.suite`) for its reading rows; run alone it prints
just those. Every figure is a whole process (`tabletop status`, `report --format md` and
`--format html`, `export`, `coverage`), side by side with the bare reference in the same run:
a process that reads the same session files with SQLite and `json.loads` every event's payload,
nothing more. The sessions come from `benchmarks.journals`: the Southwestern Islands sample
played with a long discussion, so what grows is the journal.

The targets:

* each reading command at most 3 times the bare read of the same journal, at each size;
* `coverage` of many sessions at most 3 times the bare read of all of them; its peak memory at
  most 1.5 times that of `coverage` of one of them (it holds one session at a time); sessions of
  as many distinct scenarios (each rebuilt from its own stored text) at most 1.25 times the same
  number of sessions of one scenario.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.suite import Row
    from tabletop.rules import Corpus

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

__all__ = ["BARE_READ", "coverage_rows", "reading_rows"]

READING_RATIO = 3.0
COVERAGE_RATIO = 3.0
COVERAGE_MEMORY_RATIO = 1.5
DISTINCT_RATIO = 1.25

BARE_READ = (
    "import json, sqlite3, sys\n"
    "for path in sys.argv[1:]:\n"
    "    db = sqlite3.connect(f'file:{path}?mode=ro', uri=True)\n"
    "    for seq, at, kind, payload in db.execute('SELECT seq, at, type, payload FROM events ORDER BY seq'):\n"
    "        json.loads(payload)\n"
    "    db.close()"
)
"""The bare read of session files: SQLite, and `json.loads` of every event's payload."""

_COMMANDS = (
    ("status", ("status",)),
    ("report --format md", ("report", "--format", "md", "--force", "-o")),
    ("report --format html", ("report", "--format", "html", "--force", "-o")),
    ("export", ("export", "--force", "-o")),
)


def reading_rows(
    corpus: Corpus, folder: Path, env: dict[str, str], sizes: list[int], runs: int, *, warm: bool = True
) -> list[Row]:
    """The reading commands against the bare read, for a session of each size in `sizes`."""
    from benchmarks.journals import recorded_session
    from benchmarks.suite import Row, python, side_by_side, tabletop

    rows: list[Row] = []
    for size in sizes:
        session = str(recorded_session(corpus, size, folder / f"reading-{size}"))
        commands: dict[str, Callable[[], Sequence[str]]] = {"bare": partial(python, BARE_READ, session)}
        for number, (name, argv) in enumerate(_COMMANDS):
            output = (str(folder / f"reading-{size}.{number}"),) if argv[-1] == "-o" else ()
            # The session first: `tabletop SUBCOMMAND SESSION [options]`.
            commands[name] = partial(tabletop, argv[0], session, *argv[1:], *output)
        found = side_by_side(commands, runs, env, warm=warm)
        bare = found["bare"].seconds
        for name, _ in _COMMANDS:
            ratio = found[name].seconds / bare
            rows.append(
                Row(
                    f"{name}, {size:,} events (vs bare read; peak {found[name].peak_mb:.0f} MB)",
                    f"{found[name].seconds * 1000:.0f} ms",
                    f"{bare * 1000:.0f} ms",
                    f"{ratio:.2f}×",
                    f"≤ {READING_RATIO:g}×",
                    ratio <= READING_RATIO,
                )
            )
    return rows


def coverage_rows(
    corpus: Corpus, folder: Path, env: dict[str, str], sessions: int, events: int, runs: int, *, warm: bool = True
) -> list[Row]:
    """`coverage` of `sessions` sessions of `events` events: against the bare read of all of them,
    its peak memory against the coverage of one, and distinct scenarios against one."""
    from benchmarks.journals import recorded_session
    from benchmarks.suite import Row, python, side_by_side, tabletop

    one = recorded_session(corpus, events, folder / "coverage-one")
    same = []
    for number in range(sessions):  # one scenario: copies of one session, each a file of its own
        copy = folder / "coverage-same" / f"{number:03}-{one.name}"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(one, copy)
        same.append(str(copy))
    distinct = [
        str(recorded_session(corpus, events, folder / "coverage-distinct", scenario_path=_variant(folder, number)))
        for number in range(sessions)
    ]
    out = str(folder / "coverage.md")
    found = side_by_side(
        {
            "bare": lambda: python(BARE_READ, *same),
            "same": lambda: tabletop("coverage", *same, "--force", "-o", out),
            "distinct": lambda: tabletop("coverage", *distinct, "--force", "-o", out),
            "one": lambda: tabletop("coverage", same[0], "--force", "-o", out),
        },
        runs,
        env,
        warm=warm,
    )
    bare, taken, spread = found["bare"].seconds, found["same"].seconds, found["distinct"].seconds
    memory, single = found["same"].peak_mb, found["one"].peak_mb
    label = f"{sessions} sessions of {events:,} events"
    return [
        Row(
            f"coverage, {label} (vs bare read of them all)",
            f"{taken * 1000:.0f} ms",
            f"{bare * 1000:.0f} ms",
            f"{taken / bare:.2f}×",
            f"≤ {COVERAGE_RATIO:g}×",
            taken / bare <= COVERAGE_RATIO,
        ),
        Row(
            f"peak memory: coverage, {label} (vs coverage of one)",
            f"{memory:.0f} MB",
            f"{single:.0f} MB",
            f"{memory / single:.2f}×",
            f"≤ {COVERAGE_MEMORY_RATIO:g}×",
            memory / single <= COVERAGE_MEMORY_RATIO,
        ),
        Row(
            f"coverage, {sessions} distinct scenarios (vs {sessions} sessions of one)",
            f"{spread * 1000:.0f} ms",
            f"{taken * 1000:.0f} ms",
            f"{spread / taken:.2f}×",
            f"≤ {DISTINCT_RATIO:g}×",
            spread / taken <= DISTINCT_RATIO,
        ),
    ]


def _variant(folder: Path, number: int) -> Path:
    """The Southwestern Islands sample as a scenario of its own: another title and exercise id,
    so that its text, and the session's stored scenario, differ from every other variant's."""
    from tabletop.scenario import bundled_scenarios_dir

    source = bundled_scenarios_dir()
    target = folder / "variants" / f"{number:03}"
    if not target.exists():
        shutil.copytree(source / "southwest_islands", target / "southwest_islands")
        text = (source / "southwest_islands.yaml").read_text(encoding="utf-8")
        text = text.replace('title: "Southwestern Islands:', f'title: "Southwestern Islands {number}:', 1)
        text = text.replace("id: TTX-SWI-01", f"id: TTX-SWI-{number + 100}", 1)
        (target / "southwest_islands.yaml").write_text(text, encoding="utf-8")
    return target / "southwest_islands.yaml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_reading", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 50_000], metavar="N")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--coverage-sessions", type=int, default=50)
    parser.add_argument("--coverage-events", type=int, default=2_000)
    parser.add_argument("--dir", type=Path, default=Path("."))
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    import os

    from benchmarks.suite import table
    from tabletop.rules import load_rules

    corpus = load_rules()
    with tempfile.TemporaryDirectory(prefix=".tabletop-bench-", dir=args.dir) as tmp:
        folder = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache"), "NO_COLOR": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        rows = reading_rows(corpus, folder, env, sorted(args.events), args.runs)
        if args.coverage_sessions:
            rows += coverage_rows(corpus, folder, env, args.coverage_sessions, args.coverage_events, args.runs)
    print(table(rows, args.markdown))
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

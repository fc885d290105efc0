"""Every speed target of `tabletop`, measured as a user waits, printed as one table.

    python -m benchmarks [--injects 500 5000] [--runs 5] [--steps 200] [--no-console] [--no-citations]
                         [--no-seats] [--no-postgres] [--no-participants] [--voters 60] [--markdown]
                         [--events 10000 50000] [--coverage-sessions 50] [--coverage-events 2000] [--no-reading]

Each figure is measured side by side with its reference in the same run (the two
interleaved, run after run, so that a busy machine slows both alike) and reported as the
median of `--runs` runs, with the ratio the target is about. What a user runs as a process
is measured as a whole process (`tabletop validate`, `dry-run`, `report`, `--help`): start-up,
imports, reading the rules and writing the output included, with the peak memory of each
child process (`os.wait4`'s resource usage: its maximum resident set size).

The figures and their targets:

* validate vs a bare parse: `tabletop validate` of a generated scenario against a process
  that only parses the same file with libyaml (`yaml.load(..., Loader=yaml.CSafeLoader)`),
  at each size (at most 1.3 times at the largest; at smaller sizes start-up is most of both,
  and the ratio is printed for information), and at the largest also against the same parse
  with the garbage collector paused, as `tabletop` parses (for information);
* start-up: `tabletop validate` of a bundled sample, `tabletop clauses search` and `tabletop
  cite` of a short situation against a process that imports yaml and pydantic and parses the
  same sample, and `tabletop --help` against `python -c pass` (each at most 100 ms above its
  reference); beside them, for information, the least any command that
  validates with pydantic models pays (click, pydantic's model machinery, one model, the parse);
* one facilitator step (deliver the next inject, rank its citations, commit its event durably)
  p50 and p95 in milliseconds at each size (p95 at most 20 ms, and flat: the largest size's
  p95 within 1.5 times the smallest's plus 2 ms);
* `tabletop dry-run` against `tabletop validate` of the largest scenario (at most 2 times);
* `tabletop msel import` of the largest scenario's workbook against a bare read-only openpyxl
  read of every cell (at most 3 times), and `tabletop msel export` against a bare write-only
  openpyxl write of the same rows (at most 2 times);
* `tabletop report --format html` of that dry-run against `tabletop validate` (at most 1 time);
* reading a recorded session (`benchmarks.bench_reading`): `tabletop status`, `report --format md`
  and `--format html` and `export` of a session of each `--events` length, each against a bare
  read of the same journal (SQLite and `json.loads` of every event: at most 3 times); `tabletop
  coverage` of `--coverage-sessions` sessions against the bare read of them all (at most 3
  times), its peak memory against the coverage of one session (at most 1.5 times: one session
  at a time), and as many sessions of distinct scenarios against sessions of one (at most 1.25
  times);
* peak memory of `tabletop validate` against the bare parse's, largest size (at most 1.3
  times); dry-run's and the report's peaks are printed beside it, for information;
* the console, when it is installed (`tabletop.tui`), read off a real terminal
  (`benchmarks/bench_console.py`): first paint of `tabletop run` as a whole process against a
  bare one-widget Textual app started the same way (at most 1.5 times), `n` to the next inject
  visible p95 at each size (at most 50 ms, flat), `resume` of a session of 50,000 events to its
  first paint (at most 1.5 s), and an idle `tabletop follow` of a 25 MB session (under 1% of a
  core; an inject delivered elsewhere shown within 1 s);
* citation ranking: one situation ranked as `tabletop cite` ranks it, over every hand-written
  situation, against one bare bm25 query of the same words (p95 at most 2 ms). After the
  table, the quality of the ranking on every set of situations, by phase: top-1, top-3 and
  mean reciprocal rank, and each of its two steps (`benchmarks/bench_citations.py`);
* the participants' page: sixty seats of three cells join, load their page and vote in one
  poll at random moments within ten seconds, against `tabletop participants` run as a process:
  p95 of every request at most 200 ms, every vote recorded once; a bare aiohttp server answering
  the same requests is the reference (`benchmarks/bench_participants.py`);
* the session journal on a local PostgreSQL server of the run's own, when PostgreSQL is
  installed (`benchmarks.bench_journal`): one append p50 and p95 beside a session file's
  (p95 at most 20 ms, the facilitator step's budget), five writers at once (at least 50
  events acknowledged per second; a room of five seats records far fewer), and a follower's
  lag across processes from a writer's acknowledgement to the event read, p95 (at most 1 s),
  beside a session file's follower reading the file every 0.25 s.
* seats through the whole stack (`benchmarks.bench_seats`), on a session file and on PostgreSQL:
  a seat's lag from the facilitator's commit to another seat's new snapshot, p95 (at most 1 s),
  beside the bare journal's follower; on PostgreSQL, the seat woken by the server's notification
  beside a seat of the same session in a file asking four times a second; five seats' records per second through the command path
  (at least 50), beside five bare journal writers; and on a session file, the share of a core
  the session's own polling uses, idle, on a 25 MB session (under 1%).

Exit status 0 when every target is met, 1 when one is missed, 2 when a figure could not be
measured (a command failed; its error is printed). Timings depend on the machine; the
ratios travel. This is a benchmark, not a test: the test suite only runs it at a tiny size.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from benchmarks.scenarios import generate_scenario  # noqa: E402
from tabletop.rules import Corpus  # noqa: E402

if TYPE_CHECKING:
    from tabletop.session import SessionDatabase

__all__ = ["Row", "main", "measure_all", "step_times"]

VALIDATE_RATIO = 1.3
STARTUP_MARGIN_MS = 100.0
STEP_P95_MS = 20.0
DRY_RUN_RATIO = 2.0
REPORT_RATIO = 1.0
MEMORY_RATIO = 1.3
FIRST_PAINT_RATIO = 1.5
KEY_P95_MS = 50.0
APPEND_P95_MS = STEP_P95_MS
WRITERS_PER_SECOND = 50.0
FOLLOWER_LAG_P95_S = 1.0
IDLE_FOLLOWER_SHARE = 0.01
"""An idle follower of a 25 MB session uses less than 1% of a core."""
MSEL_IMPORT_RATIO = 3.0
MSEL_EXPORT_RATIO = 2.0

# The whole command as the `tabletop` console script runs it, from this checkout.
_TABLETOP = ("-c", "import sys; from tabletop.cli import main; sys.argv[0] = 'tabletop'; main()")
_BARE_PARSE = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
_BARE_PARSE_PAUSED = "import gc; gc.disable(); " + _BARE_PARSE
# What any command that validates with pydantic models pays at least: click, pydantic's model
# machinery (loaded with the first model class, not by `import pydantic`), one model, the parse.
_FLOOR = (
    "import sys, click, yaml\nfrom pydantic import BaseModel, ConfigDict, Field\n"
    "class Model(BaseModel):\n    model_config = ConfigDict(extra='forbid')\n    x: int = Field(1)\n"
    "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)
# What reading and writing a workbook costs at least: every cell of every sheet read with
# openpyxl's read-only mode; as many rows and columns of each sheet written in its write-only
# mode, each cell a text of the sheet's mean length (its shape measured beforehand).
_BARE_XLSX_READ = (
    "import sys, openpyxl\nbook = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
    "for sheet in book.worksheets:\n    sheet.reset_dimensions()\n"
    "    for row in sheet.iter_rows(values_only=True):\n        pass\nbook.close()"
)
_BARE_XLSX_WRITE = (
    "import json, sys, openpyxl\nbook = openpyxl.Workbook(write_only=True)\n"
    "for title, rows, columns, length in json.loads(sys.argv[1]):\n    sheet = book.create_sheet(title)\n"
    "    row = ['x' * length] * columns\n    for _ in range(rows):\n        sheet.append(row)\n"
    "book.save(sys.argv[2])"
)
_BARE_STARTUP = (
    "import sys, yaml, pydantic; yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
)


class MeasurementFailed(Exception):
    """A measured command did not succeed: the figure cannot be trusted."""


@dataclass
class Row:
    """One line of the table: a figure, its reference, and whether it meets its target."""

    figure: str
    measured: str
    reference: str
    ratio: str
    target: str
    met: bool | None
    """None: printed for information, no target."""


@dataclass
class Process:
    """Wall time and peak resident memory of one child process."""

    seconds: float
    peak_mb: float


@dataclass
class Samples:
    runs: list[Process] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(run.peak_mb for run in self.runs)


def run_process(argv: Sequence[str], env: dict[str, str]) -> Process:
    """Run `argv` to completion; its wall time and peak RSS (from `wait4`, this child alone)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            list(argv), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip().splitlines()
            raise MeasurementFailed(f"{' '.join(argv[-3:])}: exit {child.returncode}: {message[-1] if message else ''}")
    # Linux reports kilobytes, macOS bytes.
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    return Process(seconds, peak)


def side_by_side(
    commands: dict[str, Callable[[], Sequence[str]]], runs: int, env: dict[str, str], *, warm: bool = True
) -> dict[str, Samples]:
    """Run each command once to warm the caches (unless not `warm`), then `runs` times, interleaved."""
    for make in commands.values() if warm else ():
        run_process(make(), env)
    samples = {name: Samples() for name in commands}
    for _ in range(runs):
        for name, make in commands.items():
            samples[name].runs.append(run_process(make(), env))
    return samples


def tabletop(*args: str) -> list[str]:
    return [sys.executable, *_TABLETOP, *args]


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def step_times(corpus: Corpus, scenario_path: Path, steps: int, folder: Path) -> list[float]:
    """Seconds per facilitator step: deliver the next inject (gates confirmed), rank its
    citations, its event committed durably; `steps` steps from the start of a new session."""
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    loaded = load_scenario(scenario_path, corpus)
    session = Session.start(loaded, corpus, session_dir=folder)
    session.suggestions()  # build the clause index once, as the console does at start
    times = []
    try:
        for _ in range(steps):
            if session.state.next_inject is None:
                break
            started = time.perf_counter()
            gates = session.pending_gates()
            session.deliver_next({gate.id: True for gate in gates} if gates else None)
            session.suggestions()
            times.append(time.perf_counter() - started)
    finally:
        session.close()
    return times


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _ratio_row(figure: str, measured: float, reference: float, target: float) -> Row:
    ratio = measured / reference
    return Row(figure, _ms(measured), _ms(reference), f"{ratio:.2f}×", f"≤ {target:g}×", ratio <= target)


def measure_all(args: argparse.Namespace, folder: Path, progress: Callable[[str], None]) -> list[Row]:
    from tabletop.rules import load_rules

    corpus = load_rules()
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache"), "NO_COLOR": "1"}
    env.pop("TABLETOP_RULES", None)
    if not args.quick:
        # An installed package has its bytecode compiled; measure that, not the compiler.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    sizes = sorted(set(args.injects))
    paths = {}
    for size in sizes:
        paths[size] = folder / f"generated-{size}.yaml"
        paths[size].write_text(generate_scenario(corpus, size, args.seed), encoding="utf-8")
    largest = paths[sizes[-1]]
    rows: list[Row] = []

    progress("validate against a bare parse")
    for size in sizes:
        commands: dict[str, Callable[[], Sequence[str]]] = {
            "bare": functools.partial(python, _BARE_PARSE, str(paths[size])),
            "validate": functools.partial(tabletop, "validate", "-q", str(paths[size])),
        }
        if size == sizes[-1]:
            commands["paused"] = functools.partial(python, _BARE_PARSE_PAUSED, str(paths[size]))
        found = side_by_side(commands, args.runs, env, warm=not args.quick)
        figure = f"validate, {size:,} injects (vs bare parse)"
        if size == sizes[-1]:
            rows.append(_ratio_row(figure, found["validate"].seconds, found["bare"].seconds, VALIDATE_RATIO))
            ratio = found["validate"].seconds / found["paused"].seconds
            rows.append(
                Row(
                    f"validate, {size:,} injects (vs bare parse, collector paused)",
                    _ms(found["validate"].seconds),
                    _ms(found["paused"].seconds),
                    f"{ratio:.2f}×",
                    "(information)",
                    None,
                )
            )
            large = found
        else:  # the goal is about large scenarios; here start-up is most of both
            ratio = found["validate"].seconds / found["bare"].seconds
            rows.append(
                Row(
                    figure,
                    _ms(found["validate"].seconds),
                    _ms(found["bare"].seconds),
                    f"{ratio:.2f}×",
                    "(information)",
                    None,
                )
            )

    progress("start-up")
    sample = ROOT / "scenarios" / "southwest_islands.yaml"
    found = side_by_side(
        {
            "bare": lambda: python(_BARE_STARTUP, str(sample)),
            "validate": lambda: tabletop("validate", "-q", str(sample)),
            "clauses": lambda: tabletop("clauses", "search", "--limit", "3", "minesweeping in the straits"),
            "cite": lambda: tabletop("cite", "--phase", "attack", "PAC-3 batteries fire at incoming warheads"),
            "floor": lambda: python(_FLOOR, str(sample)),
            "pass": lambda: python("pass"),
            "help": lambda: tabletop("--help"),
        },
        args.runs,
        env,
        warm=not args.quick,
    )
    for figure, subject, reference, measured in (
        ("start-up: validate a sample (vs yaml+pydantic parse)", "validate", "bare", True),
        ("start-up: clauses search (vs yaml+pydantic parse)", "clauses", "bare", True),
        ("start-up: cite a situation (vs yaml+pydantic parse)", "cite", "bare", True),
        ("start-up floor: click, one pydantic model, parse (vs yaml+pydantic parse)", "floor", "bare", False),
        ("start-up: --help (vs python -c pass)", "help", "pass", True),
    ):
        above = (found[subject].seconds - found[reference].seconds) * 1000
        rows.append(
            Row(
                figure,
                _ms(found[subject].seconds),
                _ms(found[reference].seconds),
                f"{above:+.0f} ms",
                f"≤ +{STARTUP_MARGIN_MS:.0f} ms" if measured else "(information)",
                above <= STARTUP_MARGIN_MS if measured else None,
            )
        )

    progress("facilitator step")
    p95s = {}
    for size in sizes:
        times: list[float] = []
        attempt = 0
        while len(times) < args.steps:
            got = step_times(corpus, paths[size], args.steps - len(times), folder / "steps" / f"{size}-{attempt}")
            if not got:
                break
            times += got
            attempt += 1
        p50, p95s[size] = percentile(times, 0.5), percentile(times, 0.95)
        rows.append(
            Row(
                f"facilitator step, {size:,} injects: p50 / p95",
                f"{p50 * 1000:.1f} / {p95s[size] * 1000:.1f} ms",
                "",
                "",
                f"p95 ≤ {STEP_P95_MS:g} ms",
                p95s[size] * 1000 <= STEP_P95_MS,
            )
        )
    if len(sizes) > 1:
        small, big = p95s[sizes[0]], p95s[sizes[-1]]
        rows.append(
            Row(
                f"facilitator step flat: p95 {sizes[-1]:,} vs {sizes[0]:,}",
                f"{big * 1000:.1f} ms",
                f"{small * 1000:.1f} ms",
                f"{big / small:.2f}×",
                "≤ 1.5× + 2 ms",
                big <= small * 1.5 + 0.002,
            )
        )

    progress("dry-run and report")
    sessions = folder / "sessions"
    counter = iter(range(10**6))

    def dry_run_command() -> list[str]:
        # Each dry-run reads its scenario for the first time, as after an edit: the parse it
        # remembers for the session's later readers (the report) is forgotten first.
        for remembered in (folder / "cache" / "tabletop").glob("parse-*"):
            remembered.unlink()
        return tabletop("dry-run", "--session-dir", str(sessions / str(next(counter))), str(largest))

    run_process(dry_run_command(), env)
    [session] = (sessions / "0").iterdir()
    found = side_by_side(
        {
            "validate": lambda: tabletop("validate", "-q", str(largest)),
            "dry-run": dry_run_command,
            "report": lambda: tabletop("report", str(session), "--format", "html", "-o", str(folder / "report.html")),
        },
        args.runs,
        env,
        warm=not args.quick,
    )
    rows.append(
        _ratio_row(
            f"dry-run, {sizes[-1]:,} injects (vs validate)",
            found["dry-run"].seconds,
            found["validate"].seconds,
            DRY_RUN_RATIO,
        )
    )
    rows.append(
        _ratio_row(
            "HTML report of that dry-run (vs validate)",
            found["report"].seconds,
            found["validate"].seconds,
            REPORT_RATIO,
        )
    )

    bare_mb = large["bare"].peak_mb
    for figure, mb, target in (
        (f"peak memory: validate, {sizes[-1]:,} injects (vs bare parse)", large["validate"].peak_mb, MEMORY_RATIO),
        ("peak memory: dry-run (vs bare parse)", found["dry-run"].peak_mb, None),
        ("peak memory: HTML report (vs bare parse)", found["report"].peak_mb, None),
    ):
        ratio = mb / bare_mb
        rows.append(
            Row(
                figure,
                f"{mb:.0f} MB",
                f"{bare_mb:.0f} MB",
                f"{ratio:.2f}×",
                f"≤ {target:g}×" if target else "(information)",
                ratio <= target if target else None,
            )
        )

    if args.reading:
        from benchmarks import bench_reading

        progress("reading sessions")
        rows += bench_reading.reading_rows(corpus, folder, env, sorted(args.events), args.runs, warm=not args.quick)
        if args.coverage_sessions:
            progress("coverage")
            rows += bench_reading.coverage_rows(
                corpus,
                folder,
                env,
                args.coverage_sessions,
                args.coverage_events,
                args.runs,
                warm=not args.quick,
            )

    progress("MSEL workbook")
    rows += msel_rows(largest, sizes[-1], folder, env, args)

    if args.console:
        progress("console")
        try:
            rows += console_rows(sizes, folder, args)
        except RuntimeError as exc:  # a program ended, or never showed what it was waited for
            raise MeasurementFailed(f"the console: {exc}") from None
    if args.citations:
        progress("citation ranking")
        rows.append(citation_speed_row(1 if args.quick else args.runs))
    if args.seats:
        progress("seats")
        rows += seat_rows(corpus, folder, args)
    if args.participants:
        progress("the participants' page")
        rows.append(participants_row(args.voters, 0.5 if args.quick else 10.0, folder))
    if args.postgres:
        progress("the journal on PostgreSQL")
        rows += journal_rows(corpus, folder, args)
    return rows


def participants_row(seats: int, within: float, folder: Path) -> Row:
    """`seats` participants voting in one poll within `within` seconds (`benchmarks/bench_participants.py`)."""
    from benchmarks import bench_participants

    found = bench_participants.measure(seats, within, folder=folder)
    p95_ms = found["p95"] * 1000
    lost = found["seats"] - found["recorded"]
    met = p95_ms <= bench_participants.P95_MS and lost == 0 and not found["failures"]
    return Row(
        f"participants' page, {seats} seats vote within {within:g} s: p95 of every request, votes lost (vs bare aiohttp)",
        f"{p95_ms:.1f} ms, {lost} lost",
        f"{found['bare_p95'] * 1000:.1f} ms",
        f"{p95_ms / max(found['bare_p95'] * 1000, 0.001):.1f}×",
        f"p95 ≤ {bench_participants.P95_MS:g} ms, 0 lost",
        met,
    )


def seat_rows(
    corpus: Corpus, folder: Path, args: argparse.Namespace, database: SessionDatabase | None = None, url: str = ""
) -> list[Row]:
    """Seats through the whole stack (`benchmarks/bench_seats.py`): on a session file, or with
    `database` on PostgreSQL."""
    from benchmarks import bench_journal as journal
    from benchmarks import bench_seats as seats
    from tabletop.session import Session, SessionJournal

    engine, where = ("postgres", "PostgreSQL") if database is not None else ("sqlite", "session file")
    rows: list[Row] = []
    try:
        path, session_id = journal.new_session(corpus, folder / f"seats-{engine}", database)
        target = url if database is not None else str(path)
        writer = Session.from_journal(database.open(session_id)) if database is not None else Session.open(path)
        with writer:
            lags = seats.seat_lags(engine, target, session_id, writer, args.follows)
        path, session_id = journal.new_session(corpus, folder / f"bare-{engine}", database)
        bare_target = url if database is not None else str(path)
        with database.open(session_id) if database is not None else SessionJournal.open(path) as bare:
            bare_lags = journal.follower_lags(engine, bare_target, session_id if database else "-", bare, args.follows)
        lag_p95, bare_p95 = percentile(lags, 0.95), percentile(bare_lags, 0.95)
        if database is not None:
            path, _ = journal.new_session(corpus, folder / "seats-woken-vs-file", None)
            with Session.open(path) as file_writer:
                file_lags = seats.seat_lags("sqlite", str(path), "-", file_writer, args.follows)
            file_p95 = percentile(file_lags, 0.95)
            rows.append(
                Row(
                    "a seat's lag across processes, PostgreSQL woken by NOTIFY: commit to the other seat's "
                    "snapshot p50 / p95 (vs a session file's seat asking 4×/s)",
                    f"{percentile(lags, 0.5) * 1000:.0f} / {lag_p95 * 1000:.0f} ms",
                    f"{file_p95 * 1000:.0f} ms",
                    f"{lag_p95 / file_p95:.2f}×",
                    f"p95 ≤ {FOLLOWER_LAG_P95_S:g} s",
                    lag_p95 <= FOLLOWER_LAG_P95_S,
                )
            )
        rows.append(
            Row(
                f"a seat's lag, {where}: commit to the other seat's snapshot p50 / p95 (vs the bare journal follower)",
                f"{percentile(lags, 0.5) * 1000:.0f} / {lag_p95 * 1000:.0f} ms",
                f"{bare_p95 * 1000:.0f} ms",
                f"{lag_p95 / bare_p95:.2f}×",
                f"p95 ≤ {FOLLOWER_LAG_P95_S:g} s",
                lag_p95 <= FOLLOWER_LAG_P95_S,
            )
        )
        path, session_id = journal.new_session(corpus, folder / f"five-{engine}", database)
        through, refused = seats.seats_throughput(
            engine, url if database is not None else str(path), session_id, args.writer_seconds
        )
        path, session_id = journal.new_session(corpus, folder / f"five-bare-{engine}", database)
        bare_rate, bare_refused = journal.writers_throughput(
            engine, url if database is not None else str(path), session_id if database else "-", args.writer_seconds
        )
        rows.append(
            Row(
                f"five seats through the command path, {where}: records/s (vs five bare journal writers)",
                f"{through:.0f}/s ({refused:.0%} refused)",
                f"{bare_rate:.0f}/s ({bare_refused:.0%} refused)",
                f"{through / bare_rate:.2f}×",
                f"≥ {WRITERS_PER_SECOND:g}/s",
                through >= WRITERS_PER_SECOND,
            )
        )
        if database is None:
            # The session's own polling, without a screen (the console's row measures `tabletop follow`).
            large = seats.large_session(corpus, folder / "large-polled", 1.0 if args.quick else 25.0)
            share = seats.idle_follower_share(large, 3.0 if args.quick else 10.0)
            size = large.stat().st_size / (1024 * 1024)
            rows.append(
                Row(
                    f"a session's polling alone, idle, {size:.0f} MB session file: share of one core",
                    f"{share:.2%}",
                    "",
                    "",
                    f"< {IDLE_FOLLOWER_SHARE:.0%}",
                    share < IDLE_FOLLOWER_SHARE,
                )
            )
    except RuntimeError as exc:
        raise MeasurementFailed(f"seats on the {where}: {exc}") from None
    return rows


def msel_rows(scenario: Path, size: int, folder: Path, env: dict[str, str], args: argparse.Namespace) -> list[Row]:
    """`msel import` against a bare read-only openpyxl read of the same workbook (every cell's
    value), and `msel export` against a bare write-only openpyxl write of as many rows and
    columns of text: at most 3 and 2 times."""
    workbook = folder / "msel.xlsx"
    run_process(tabletop("msel", "export", str(scenario), "-o", str(workbook)), env)
    imported, exported = folder / "imported.yaml", folder / "exported.xlsx"
    shape = json.dumps(_workbook_shape(workbook))

    def fresh(path: Path, argv: list[str]) -> list[str]:
        path.unlink(missing_ok=True)
        return argv

    found = side_by_side(
        {
            "read": lambda: python(_BARE_XLSX_READ, str(workbook)),
            "import": lambda: fresh(imported, tabletop("msel", "import", str(workbook), "-o", str(imported))),
            "write": lambda: python(_BARE_XLSX_WRITE, shape, str(folder / "bare.xlsx")),
            "export": lambda: fresh(exported, tabletop("msel", "export", str(scenario), "-o", str(exported))),
        },
        args.runs,
        env,
        warm=not args.quick,
    )
    return [
        _ratio_row(
            f"msel import, {size:,} injects (vs bare openpyxl read)",
            found["import"].seconds,
            found["read"].seconds,
            MSEL_IMPORT_RATIO,
        ),
        _ratio_row(
            f"msel export, {size:,} injects (vs bare openpyxl write)",
            found["export"].seconds,
            found["write"].seconds,
            MSEL_EXPORT_RATIO,
        ),
    ]


def _workbook_shape(path: Path) -> list[tuple[str, int, int, int]]:
    """Each sheet's title, rows, columns and the mean length of its cells' text."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    shape = []
    for sheet in book.worksheets:
        rows = [row for row in sheet.iter_rows(values_only=True)]
        cells = [str(value) for row in rows for value in row if value is not None]
        columns = max((len(row) for row in rows), default=0)
        shape.append((sheet.title, len(rows), columns, round(sum(map(len, cells)) / max(len(cells), 1))))
    book.close()
    return shape


def citation_speed_row(repeat: int) -> Row:
    """Ranking the clauses for one situation, as `tabletop cite` and every delivered inject do,
    over every hand-written situation (`benchmarks/bench_citations.py`): p95 at most 2 ms."""
    from benchmarks import bench_citations

    mean, p95, bare, count = bench_citations.speed(repeat)
    return Row(
        f"citation ranking, one situation ({count} situations): mean / p95 (vs one bare bm25 query)",
        f"{mean * 1000:.2f} / {p95 * 1000:.2f} ms",
        f"{bare * 1000:.2f} ms",
        f"{mean / bare:.1f}×",
        f"p95 ≤ {bench_citations.TARGET_MS:g} ms",
        p95 * 1000 <= bench_citations.TARGET_MS,
    )


def journal_rows(corpus: Corpus, folder: Path, args: argparse.Namespace) -> list[Row]:
    """The journal's rows (`benchmarks/bench_journal.py`), on a PostgreSQL server started for the run."""
    from benchmarks import bench_journal as journal
    from benchmarks.postgres_server import PostgresServer, ServerUnavailable

    try:
        import psycopg  # noqa: F401

        server = PostgresServer(durable=True).start()
    except (ImportError, ServerUnavailable) as exc:
        return [Row("journal on PostgreSQL", f"not measured: {exc}", "", "", "", None)]
    try:
        from tabletop.session import SessionDatabase, SessionJournal

        url = server.create_database("bench")
        database = SessionDatabase(url)
        database.init_schema("benchmarks")
        path, session_id = journal.new_session(corpus, folder / "journal", database)
        with SessionJournal.open(path) as on_file, database.open(session_id) as on_database:
            file_times, database_times = journal.append_times(on_file, on_database, args.appends)
        file_p95, database_p95 = percentile(file_times, 0.95), percentile(database_times, 0.95)
        rows = [
            Row(
                "journal append, session file: p50 / p95",
                f"{percentile(file_times, 0.5) * 1000:.1f} / {file_p95 * 1000:.1f} ms",
                "",
                "",
                "(information)",
                None,
            ),
            Row(
                "journal append, local PostgreSQL: p50 / p95 (vs session file's p95)",
                f"{percentile(database_times, 0.5) * 1000:.1f} / {database_p95 * 1000:.1f} ms",
                f"{file_p95 * 1000:.1f} ms",
                f"{database_p95 / file_p95:.2f}×",
                f"p95 ≤ {APPEND_P95_MS:g} ms",
                database_p95 * 1000 <= APPEND_P95_MS,
            ),
        ]
        path, session_id = journal.new_session(corpus, folder / "writers", database)
        rate_database, refused_database = journal.writers_throughput("postgres", url, session_id, args.writer_seconds)
        rate_file, refused_file = journal.writers_throughput("sqlite", str(path), "-", args.writer_seconds)
        rows.append(
            Row(
                "five writers at once, PostgreSQL: events/s (vs session file)",
                f"{rate_database:.0f}/s ({refused_database:.0%} refused)",
                f"{rate_file:.0f}/s ({refused_file:.0%} refused)",
                f"{rate_database / rate_file:.2f}×",
                f"≥ {WRITERS_PER_SECOND:g}/s",
                rate_database >= WRITERS_PER_SECOND,
            )
        )
        path, session_id = journal.new_session(corpus, folder / "followers", database)
        with database.open(session_id) as writer:
            database_lags = journal.follower_lags("postgres", url, session_id, writer, args.follows)
        with SessionJournal.open(path) as writer:
            file_lags = journal.follower_lags("sqlite", str(path), "-", writer, args.follows)
        lag_p95, file_lag_p95 = percentile(database_lags, 0.95), percentile(file_lags, 0.95)
        rows.append(
            Row(
                "follower lag across processes, PostgreSQL: p50 / p95 (vs file read every 0.25 s)",
                f"{percentile(database_lags, 0.5) * 1000:.1f} / {lag_p95 * 1000:.1f} ms",
                f"{file_lag_p95 * 1000:.0f} ms",
                f"{lag_p95 / file_lag_p95:.2f}×",
                f"p95 ≤ {FOLLOWER_LAG_P95_S:g} s",
                lag_p95 <= FOLLOWER_LAG_P95_S,
            )
        )
        if args.seats:
            rows += seat_rows(corpus, folder, args, database, url)
        return rows
    except RuntimeError as exc:
        raise MeasurementFailed(f"the journal on PostgreSQL: {exc}") from None
    finally:
        server.remove()


def console_rows(sizes: list[int], folder: Path, args: argparse.Namespace) -> list[Row]:
    """The console's rows, read off a real terminal (`benchmarks/bench_console.py`): first paint of
    `tabletop run` as a whole process, `n` to the next inject visible, `resume` of a long session,
    and an idle `tabletop follow`."""
    import importlib.util

    if any(importlib.util.find_spec(name) is None for name in ("textual", "tabletop.tui")):
        return [Row("console", "not measured: no console installed", "", "", "", None)]
    from benchmarks import bench_console as console
    from tabletop.rules import load_rules

    corpus = load_rules()
    env = console.environment(folder)
    sessions = folder / "console-sessions"
    paths = {}
    for size in sizes:  # `n` alone, no gate to answer: scenarios that stay in their phases
        paths[size] = folder / f"console-{size}.yaml"
        paths[size].write_text(console.numbered(generate_scenario(corpus, size, args.seed, moves=False)), "utf-8")
    titles = {size: f"Generated exercise of {size} injects" for size in sizes}
    sample = ROOT / "scenarios" / "southwest_islands.yaml"
    sample_title = _scenario_title(sample)
    runs = 1 if args.quick else args.runs
    if not args.quick:  # compile, cache the rules and the parse, as an installed console has
        console.bare_first_paint(env)
        console.console_first_paint(sample, sample_title, sessions, env)
        console.console_first_paint(paths[sizes[-1]], titles[sizes[-1]], sessions, env)
    bare, run_sample, run_largest = [], [], []
    for _ in range(runs):  # interleaved, so that a busy machine slows each alike
        bare.append(console.bare_first_paint(env))
        run_sample.append(console.console_first_paint(sample, sample_title, sessions, env))
        run_largest.append(console.console_first_paint(paths[sizes[-1]], titles[sizes[-1]], sessions, env))
    bare_paint = statistics.median(bare)
    rows = [
        _ratio_row(
            f"console first paint: tabletop run {sample.stem}, whole process (vs bare Textual app)",
            statistics.median(run_sample),
            bare_paint,
            console.FIRST_PAINT_RATIO,
        ),
        Row(
            f"console first paint: tabletop run, {sizes[-1]:,} injects (vs bare Textual app)",
            _ms(statistics.median(run_largest)),
            _ms(bare_paint),
            f"{statistics.median(run_largest) / bare_paint:.2f}×",
            "(information)",
            None,
        ),
    ]
    presses = min(args.presses, sizes[0])  # each press delivers one inject
    bare_keys = console.bare_key_times(presses, env)
    bare_key = percentile(bare_keys.shown, 0.95)
    p95s, cpu, written = {}, {}, {}
    for size in sizes:
        found = console.key_times(paths[size], titles[size], presses, sessions, env)
        p50, p95s[size] = percentile(found.shown, 0.5), percentile(found.shown, 0.95)
        cpu[size], written[size] = found.cpu_per_key, statistics.median(found.written)
        rows.append(
            Row(
                f"console: n to the next inject visible, {size:,} injects: p50 / p95 (vs bare app's key p95)",
                f"{p50 * 1000:.0f} / {p95s[size] * 1000:.0f} ms",
                f"{bare_key * 1000:.0f} ms",
                f"{p95s[size] / bare_key:.2f}×",
                f"p95 ≤ {console.KEY_P95_MS:g} ms",
                p95s[size] * 1000 <= console.KEY_P95_MS,
            )
        )
        rows.append(
            Row(
                f"console: n to the screen settled, {size:,} injects: p50 / p95 (vs bare app's)",
                f"{percentile(found.settled, 0.5) * 1000:.0f} / {percentile(found.settled, 0.95) * 1000:.0f} ms",
                f"{percentile(bare_keys.settled, 0.95) * 1000:.0f} ms",
                "",
                "(information)",
                None,
            )
        )
    if len(sizes) > 1:
        small, big = p95s[sizes[0]], p95s[sizes[-1]]
        rows.append(
            Row(
                f"console: n to the next inject visible flat: p95 {sizes[-1]:,} vs {sizes[0]:,}",
                f"{big * 1000:.0f} ms",
                f"{small * 1000:.0f} ms",
                f"{big / small:.2f}×",
                "≤ 1.5× + 5 ms",
                big <= small * 1.5 + 0.005,
            )
        )
    rows.append(
        Row(
            "console: processor time per n, " + " / ".join(f"{size:,}" for size in sizes) + " injects (vs bare app's)",
            " / ".join(f"{cpu[size] * 1000:.1f}" for size in sizes) + " ms",
            f"{bare_keys.cpu_per_key * 1000:.1f} ms",
            f"{cpu[sizes[-1]] / max(bare_keys.cpu_per_key, 1e-4):.1f}×",
            "(information)",
            None,
        )
    )
    rows.append(
        Row(
            "console: bytes written to the terminal per n, median, "
            + " / ".join(f"{size:,}" for size in sizes)
            + " injects (vs bare app's)",
            " / ".join(f"{written[size] / 1000:.1f}" for size in sizes) + " kB",
            f"{statistics.median(bare_keys.written) / 1000:.1f} kB",
            f"{written[sizes[-1]] / max(statistics.median(bare_keys.written), 1):.0f}×",
            "(information)",
            None,
        )
    )
    events = 2000 if args.quick else args.resume_events
    long_session, current = console.session_of_events(corpus, paths[sizes[-1]], folder / "long", events)
    console.resume_first_paint(long_session, console.report(current), env)  # warm, as for the others
    resumed = statistics.median(
        console.resume_first_paint(long_session, console.report(current), env) for _ in range(runs)
    )
    rows.append(
        Row(
            f"console: resume to first paint, {events:,} events (vs bare Textual app)",
            _ms(resumed),
            _ms(bare_paint),
            f"{resumed / bare_paint:.2f}×",
            f"≤ {console.RESUME_S:g} s",
            resumed <= console.RESUME_S,
        )
    )
    if getattr(args, "follow", True):
        from benchmarks import bench_seats as seats

        large = seats.large_session(corpus, folder / "large", 1.0 if args.quick else 25.0)
        share, lags = console.follow_figures(large, 3.0 if args.quick else 10.0, env)
        megabytes = large.stat().st_size / (1024 * 1024)
        rows.append(
            Row(
                f"an idle follower of a {megabytes:.0f} MB session file (tabletop follow): share of one core",
                f"{share:.2%}",
                "",
                "",
                f"< {console.IDLE_SHARE:.0%}",
                share < console.IDLE_SHARE,
            )
        )
        rows.append(
            Row(
                f"tabletop follow of that session: an inject delivered elsewhere to shown, max of {len(lags)}",
                f"{max(lags) * 1000:.0f} ms",
                "",
                "",
                f"≤ {console.FOLLOW_LAG_S:g} s",
                max(lags) <= console.FOLLOW_LAG_S,
            )
        )
    return rows


def _scenario_title(path: Path) -> str:
    import yaml

    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["title"])


def table(rows: list[Row], markdown: bool) -> str:
    header = ("figure", "measured", "reference", "ratio", "target", "meets it")
    cells = [header] + [
        (r.figure, r.measured, r.reference, r.ratio, r.target, "—" if r.met is None else "yes" if r.met else "NO")
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell) + " |" for cell in cells[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in cells
    )


@contextlib.contextmanager
def _folder(where: Path | None) -> Iterator[Path]:
    # Session files go to a real disk, not a RAM-backed /tmp where fsync costs nothing.
    with tempfile.TemporaryDirectory(prefix=".tabletop-bench-", dir=where) as tmp:
        yield Path(tmp)


def machine() -> str:
    import platform

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--injects",
        type=int,
        nargs="+",
        default=[500, 5000],
        metavar="N",
        help="Scenario sizes (default: 500 5000); the largest is used for dry-run, report, memory.",
    )
    parser.add_argument("--runs", type=int, default=5, help="Runs of each process; the median is shown (default: 5).")
    parser.add_argument("--steps", type=int, default=200, help="Facilitator steps timed at each size (default: 200).")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the generated scenarios (default: 7).")
    parser.add_argument(
        "--dir", type=Path, default=Path("."), help="Folder for the temporary files, on a real disk (default: here)."
    )
    parser.add_argument("--presses", type=int, default=40, help="Key presses timed in the console at each size.")
    parser.add_argument(
        "--resume-events",
        type=int,
        default=50_000,
        help="Events in the session the console resumes (default: 50000).",
    )
    parser.add_argument("--no-console", dest="console", action="store_false", help="Leave out the console's rows.")
    parser.add_argument(
        "--no-citations",
        dest="citations",
        action="store_false",
        help="Leave out citation ranking: its speed row and the table of its quality on every set.",
    )
    parser.add_argument(
        "--no-participants",
        dest="participants",
        action="store_false",
        help="Leave out the participants' page under a room's load.",
    )
    parser.add_argument("--voters", type=int, default=60, help="Participants voting in the page's row (default: 60).")
    parser.add_argument(
        "--no-postgres", dest="postgres", action="store_false", help="Leave out the journal's rows on PostgreSQL."
    )
    parser.add_argument(
        "--no-seats", dest="seats", action="store_false", help="Leave out the seats' rows on a session file."
    )
    parser.add_argument("--appends", type=int, default=300, help="Appends timed on each engine (default: 300).")
    parser.add_argument(
        "--writer-seconds", type=float, default=5.0, help="How long the five writers append (default: 5)."
    )
    parser.add_argument("--follows", type=int, default=60, help="Events a follower's lag is timed for (default: 60).")
    parser.add_argument(
        "--events",
        type=int,
        nargs="+",
        default=[10_000, 50_000],
        metavar="N",
        help="Journal lengths the reading rows are measured at (default: 10000 50000).",
    )
    parser.add_argument(
        "--coverage-sessions",
        type=int,
        default=50,
        help="Sessions the coverage rows read (default: 50; 0 leaves the coverage rows out).",
    )
    parser.add_argument(
        "--coverage-events", type=int, default=2_000, help="Events of each session coverage reads (default: 2000)."
    )
    parser.add_argument(
        "--no-reading",
        dest="reading",
        action="store_false",
        help="Leave out the rows of reading sessions: status, report, export and coverage.",
    )
    parser.add_argument("--markdown", action="store_true", help="Print the table as Markdown.")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="No warm-up runs: a check that every figure can be measured, not a measurement.",
    )
    args = parser.parse_args(argv)
    if min(args.injects) < 2 or min(args.runs, args.steps, args.presses, args.appends, args.follows) < 1:
        parser.error("--injects must be at least 2, --runs, --steps, --presses, --appends and --follows at least 1")
    if min(args.events) < 100 or args.coverage_sessions < 0 or args.coverage_events < 100:
        parser.error("--events and --coverage-events must be at least 100, --coverage-sessions at least 0")
    if args.writer_seconds <= 0:
        parser.error("--writer-seconds must be more than 0")

    def progress(what: str) -> None:
        print(f"measuring: {what}", file=sys.stderr, flush=True)

    try:
        with _folder(args.dir) as folder:
            rows = measure_all(args, folder, progress)
    except MeasurementFailed as exc:
        print(f"benchmarks: cannot measure: {exc}", file=sys.stderr)
        return 2
    print(f"{machine()}; median of {args.runs} run(s)")
    print(table(rows, args.markdown))
    if args.citations:
        from benchmarks import bench_citations

        print("\nCitation ranking on every set of situations (top-1 / top-3 / MRR; docs/citations.md):")
        print(bench_citations.quality_table(bench_citations.rank_all(), args.markdown))
    missed = [row.figure for row in rows if row.met is False]
    print(f"{len(missed)} target(s) missed" if missed else "every target met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

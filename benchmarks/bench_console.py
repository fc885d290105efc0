"""The console as a person at a terminal meets it: each figure is read off a real terminal.

    python -m benchmarks.bench_console [--injects 500 5000] [--presses 40] [--runs 5] [--resume-events 50000]

Every program here runs as a whole process (`tabletop run`, `resume`, `follow`, and a bare
one-widget Textual app started the same way) in a pseudo-terminal of 120x40, and a figure
ends when the terminal receives the frame that shows what the person is waiting for, as
bytes on the terminal's side: imports, validation, opening the session, layout and the
repaint are all inside it.

* first paint of `tabletop run SCENARIO`: from starting the process to the first frame that
  shows the console (the scenario's title and "No inject delivered yet"), against the bare
  app from its start to its first frame (target: at most 1.5x); the bundled sample, and for
  information the largest generated scenario;
* `n` to the next inject visible: from the key written to the terminal to the frame that
  holds the first words of the next inject's narrative, p50 and p95, at each size (target:
  p95 at most 50 ms, and flat: the largest size's within 1.5x the smallest's plus 5 ms); the
  bare app's key (it updates its one Static) is the reference. For information: the time to
  the screen settled (the last byte before 150 ms of quiet: the frame with the new inject's
  suggested clauses, which follow the inject, a second layout pass or a late repaint show here;
  a tick of the header's clock may fall in the window now and then), the
  processor time the console spends per key (steadier than wall time on a busy machine), and
  the bytes the terminal receives per key (the median: how much of the screen a key repaints);
* `resume` to first paint: `tabletop resume` of a session of `--resume-events` events (injects
  delivered, each with hundreds of notes and decisions, as a long seminar leaves them) to the
  frame that shows the current inject (target: at most 1.5 s);
* `follow`: an idle `tabletop follow` of a large session file (`benchmarks.bench_seats.
  large_session`, about 25 MB): the share of one core its process uses over ten seconds while
  nothing is recorded (target: under 1%), then an inject delivered by another program and the
  time until the follow screen shows it (target: within 1 s).

The generated scenarios come from `benchmarks.scenarios`, without moves (so `n` always
delivers the next inject), each narrative numbered ("Report 42.") so that the frame showing
it can be told from every other. `python -m benchmarks` prints these figures in its table.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.rules import Corpus

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

__all__ = [
    "BARE_APP",
    "FIRST_PAINT_RATIO",
    "FOLLOW_LAG_S",
    "IDLE_SHARE",
    "KEY_P95_MS",
    "RESUME_S",
    "KeyTimes",
    "Terminal",
    "bare_first_paint",
    "bare_key_times",
    "console_first_paint",
    "follow_figures",
    "key_times",
    "numbered",
    "resume_first_paint",
    "session_of_events",
]

FIRST_PAINT_RATIO = 1.5
KEY_P95_MS = 50.0
RESUME_S = 1.5
IDLE_SHARE = 0.01
FOLLOW_LAG_S = 1.0
SIZE = (120, 40)
QUIET_S = 0.15
"""The screen has settled when the terminal has received nothing for this long."""

_TABLETOP = ("-c", "import sys; from tabletop.cli import main; sys.argv[0] = 'tabletop'; main()")
BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    BINDINGS = [("n", "bump", "Next")]
    count = 0

    def compose(self):
        yield Static("bare app ready")

    def action_bump(self):
        self.count += 1
        self.query_one(Static).update(f"inject {self.count} shown")

Bare().run()
"""


class Terminal:
    """A program in a pseudo-terminal of `size` columns and rows, its output kept as it arrives."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = SIZE) -> None:
        main, child = os.openpty()
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.output = bytearray()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv), stdin=child, stdout=child, stderr=child, env=env, cwd=ROOT, start_new_session=True
        )
        os.close(child)
        self.fd = main
        self.last_byte = self.started

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:  # the program has gone: its side of the terminal is closed
            chunk = b""
        if not chunk:
            raise RuntimeError(f"the program ended: {self.tail()}")
        self.last_byte = time.perf_counter()
        self.output += chunk
        return True

    def tail(self) -> str:
        text = re.sub(rb"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b\][^\x07]*\x07|\x1b.", b" ", bytes(self.output[-4000:]))
        return " ".join(text.decode("utf-8", "replace").split())[-400:]

    def wait_for(self, *needles: str, since: int = 0, timeout: float = 120.0) -> float:
        """The moment (`perf_counter`) the terminal had received, after byte `since`, a frame holding
        every one of `needles`."""
        wanted = [needle.encode() for needle in needles]
        deadline = time.perf_counter() + timeout
        while True:
            if all(needle in self.output[since:] for needle in wanted):
                return self.last_byte
            if time.perf_counter() > deadline:
                raise RuntimeError(f"not shown within {timeout:g} s: {needles}; the screen ends: {self.tail()}")
            self._read(deadline - time.perf_counter())

    def settle(self, quiet: float = QUIET_S, timeout: float = 30.0) -> float:
        """The moment of the last byte before `quiet` seconds without output."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and self._read(quiet):
            pass
        return self.last_byte

    def press(self, keys: str) -> tuple[int, float]:
        """Type `keys`: the output's length and the moment just before."""
        mark, now = len(self.output), time.perf_counter()
        os.write(self.fd, keys.encode())
        return mark, now

    def cpu_seconds(self) -> float:
        """Processor time the program has used so far (user and system, from /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)  # the console quits on SIGTERM as on `q`
        deadline = time.perf_counter() + 10
        while self.process.poll() is None and time.perf_counter() < deadline:
            with contextlib.suppress(RuntimeError):
                self._read(0.05)
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.fd)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def environment(folder: Path) -> dict[str, str]:
    """What the programs run with: a terminal, their own cache folder, compiled bytecode."""
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "XDG_CACHE_HOME": str(folder / "cache")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for name in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR", "TEXTUAL", "TABLETOP_RULES", "COLUMNS", "LINES"):
        env.pop(name, None)
    return env


def tabletop(*args: str) -> list[str]:
    return [sys.executable, *_TABLETOP, *args]


def numbered(text: str) -> str:
    """A generated scenario's text with each narrative opening "Report N." (N from 1), so that the
    frame showing inject N can be told from the one showing any other."""
    count = iter(range(1, 10**7))
    return re.sub(r"(?m)^(    narrative: >-\n)", lambda found: f"{found[1]}      Report {next(count)}.\n", text)


def report(n: int) -> str:
    """What the frame showing the `n`th inject of a `numbered` scenario holds."""
    return f"Report {n}."


# -- first paint -------------------------------------------------------------------------


def bare_first_paint(env: dict[str, str]) -> float:
    with Terminal([sys.executable, "-c", BARE_APP], env) as terminal:
        return terminal.wait_for("bare app ready") - terminal.started


def console_first_paint(scenario: Path, title: str, folder: Path, env: dict[str, str]) -> float:
    """`tabletop run SCENARIO` from its start to its first frame (a new session each time)."""
    argv = tabletop("run", str(scenario), "--session-dir", str(folder))
    with Terminal(argv, env) as terminal:
        return terminal.wait_for(title, "No inject delivered yet") - terminal.started


# -- a key -------------------------------------------------------------------------------


@dataclass
class KeyTimes:
    """Seconds from each key to the frame showing its effect, and to the screen settled; the
    program's processor seconds per key; the bytes the terminal received for each key (how
    much of the screen it repainted)."""

    shown: list[float]
    settled: list[float]
    cpu_per_key: float
    written: list[int]


def bare_key_times(presses: int, env: dict[str, str]) -> KeyTimes:
    with Terminal([sys.executable, "-c", BARE_APP], env) as terminal:
        terminal.wait_for("bare app ready")
        terminal.settle()
        return _keys(terminal, [f"inject {n} shown" for n in range(1, presses + 1)])


def key_times(scenario: Path, title: str, presses: int, folder: Path, env: dict[str, str]) -> KeyTimes:
    """`n` pressed `presses` times in `tabletop run` of a `numbered` scenario."""
    with Terminal(tabletop("run", str(scenario), "--session-dir", str(folder)), env) as terminal:
        terminal.wait_for(title, "No inject delivered yet")
        terminal.settle()
        return _keys(terminal, [report(n) for n in range(1, presses + 1)])


def _keys(terminal: Terminal, expected: list[str]) -> KeyTimes:
    shown, settled, written = [], [], []
    cpu = terminal.cpu_seconds()
    for needle in expected:
        mark, pressed = terminal.press("n")
        shown.append(terminal.wait_for(needle, since=mark, timeout=30) - pressed)
        settled.append(terminal.settle() - pressed)
        written.append(len(terminal.output) - mark)
    return KeyTimes(shown, settled, (terminal.cpu_seconds() - cpu) / len(expected), written)


# -- resume ------------------------------------------------------------------------------


def session_of_events(
    corpus: Corpus, scenario: Path, folder: Path, events: int, injects: int = 100
) -> tuple[Path, int]:
    """A session file of about `events` events: `injects` injects delivered, each followed by its
    share of notes (and a decision every fiftieth record), written in one transaction. Returns the
    file and the number of the inject in front of the room."""
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    # Its parse remembered, as `tabletop run` remembers it for the session's later readers.
    loaded = load_scenario(scenario, corpus, remember_parse=True)
    injects = max(1, min(injects, len(loaded.default_path()), events // 2))
    each = max(0, (events - 1) // injects - 1)
    with Session.building(loaded, corpus, session_dir=folder) as session:
        for inject in range(1, injects + 1):
            session.deliver_next()
            for record in range(each):
                if record % 50 == 49:
                    session.decide("Alliance Coordination Group", f"Decision {record} at inject {inject}.")
                else:
                    session.note(f"Inject {inject}, observation {record}: the cells compare what each knows.")
        path = Path(session.path)
    return path, injects


def resume_first_paint(path: Path, shown: str, env: dict[str, str]) -> float:
    with Terminal(tabletop("resume", str(path)), env) as terminal:
        return terminal.wait_for(shown) - terminal.started


# -- follow ------------------------------------------------------------------------------


def follow_figures(large: Path, seconds: float, env: dict[str, str], deliveries: int = 5) -> tuple[float, list[float]]:
    """An idle `tabletop follow` of `large`: the share of one core it uses over `seconds` while
    nothing is recorded; then the seconds from each of `deliveries` injects committed by another
    program to the follow screen showing it."""
    from tabletop.session import Session

    with Terminal(tabletop("follow", str(large)), env) as terminal:
        terminal.wait_for("Following live", timeout=300)
        terminal.settle(quiet=1.0)
        cpu, started = terminal.cpu_seconds(), time.perf_counter()
        time.sleep(seconds)
        share = (terminal.cpu_seconds() - cpu) / (time.perf_counter() - started)
        lags = []
        with Session.open(large) as writer:
            for _ in range(deliveries):
                mark = len(terminal.output)
                gates = writer.pending_gates()  # the room says yes to whatever the move asks
                writer.deliver_next({gate.id: True for gate in gates} if gates else None)
                committed = time.perf_counter()
                title = writer.inject().title  # the inject now in front of the room
                lags.append(terminal.wait_for(title, since=mark, timeout=30) - committed)
                terminal.settle(quiet=0.3)
    return share, lags


# -- the command -------------------------------------------------------------------------


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_console", description=__doc__.splitlines()[0])
    parser.add_argument("--injects", type=int, nargs="+", default=[500, 5000], metavar="N")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5, help="first paints of each program, interleaved (median)")
    parser.add_argument("--resume-events", type=int, default=50_000, help="events in the resumed session")
    parser.add_argument("--no-follow", dest="follow", action="store_false")
    args = parser.parse_args(argv)
    from benchmarks.suite import console_rows, table

    with tempfile.TemporaryDirectory(prefix=".tabletop-bench-", dir=ROOT) as tmp:
        args.seed, args.quick = 7, False
        rows = console_rows(sorted(args.injects), Path(tmp), args)
    print(table(rows, False))
    return 1 if any(row.met is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Console speed: first paint, and a key press to the repainted screen.

Run from the repository root:

    python benchmarks/bench_console.py [--presses 40]

Measured headless (Textual's test driver), in one run, as ratios:

* first paint: from building the app for an open 500-inject session to its first
  screen drawn, against the same for a bare Textual app with one Static widget
  (target: at most 1.5x); the median of `--runs` runs of each, interleaved, so that
  other work on the machine weighs on both alike;
* `n` to the repainted screen: the key press, the command in its worker thread (the
  journal's synchronous=FULL commit included), the new snapshot and the redraw, at
  500 and at 5,000 injects (target: p95 at most 50 ms at both, and flat: the
  5,000-inject p95 within 1.5x of the 500-inject one plus 5 ms). Measured from the key
  reaching the app (`App.simulate_key`) to the new snapshot drawn into every widget;
  the terminal frame follows within 1/60 s. The bare app's key (updating its Static)
  is printed beside it, measured the same way.

The scenarios come from `benchmarks.scenarios`; `python -m benchmarks` prints these figures
in its table with every other. Exit status 1 when a target is missed. Timings depend on the machine; the ratios are
what the targets are about.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult
from textual.widgets import Static

from benchmarks.scenarios import generate_scenario
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.tui import make_app

FIRST_PAINT_RATIO_TARGET = 1.5
KEY_P95_TARGET_MS = 50.0
SIZE = (120, 40)


class Bare(App[None]):
    """The reference: a bare Textual app with one Static widget (its `n` updates the Static)."""

    BINDINGS = [("n", "bump", "Next")]
    count = 0

    def compose(self) -> ComposeResult:
        yield Static("tabletop")

    def action_bump(self) -> None:
        self.count += 1
        self.query_one(Static).update(f"inject {self.count}")


async def bare_key_times(presses: int) -> list[float]:
    app = Bare()
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(presses):
            before = app.count
            started = time.perf_counter()
            app.simulate_key("n")
            while app.count == before:
                await asyncio.sleep(0.0002)
            times.append(time.perf_counter() - started)
            await pilot.pause()
    return times


async def first_paint(build: Callable[[], App[None]]) -> float:
    started = time.perf_counter()
    app = build()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - started


def median_first_paints(builds: list[Callable[[], App[None]]], runs: int) -> list[float]:
    """The median first paint of each app, the runs interleaved (one of each in turn), so that
    the load of a shared machine weighs on every app alike instead of on whichever ran last."""
    times: list[list[float]] = [[] for _ in builds]
    for _ in range(runs):
        for found, build in zip(times, builds, strict=True):
            found.append(asyncio.run(first_paint(build)))
    return [statistics.median(found) for found in times]


async def key_times(session: Session, presses: int) -> list[float]:
    """From the key reaching the app to the new snapshot drawn into every widget (the
    terminal frame follows within 1/60 s, as for the bare app)."""
    app = make_app(session)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(presses):
            before = app.snapshot
            started = time.perf_counter()
            app.simulate_key("n")
            while app.snapshot is before:
                await asyncio.sleep(0.0002)
            times.append(time.perf_counter() - started)
            await pilot.pause()
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--runs", type=int, default=11, help="first-paint runs of each app, interleaved (median)")
    args = parser.parse_args()
    corpus = load_rules()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        sessions = {}
        for count in (500, 5000):
            path = Path(folder) / f"bench-{count}.yaml"
            path.write_text(generate_scenario(corpus, count, moves=False), encoding="utf-8")
            sessions[count] = Session.start(load_scenario(path, corpus), corpus, session_dir=Path(folder) / "s")
            sessions[count].suggestions()

        asyncio.run(first_paint(Bare))  # warm imports and caches for both
        bare, console = median_first_paints([Bare, lambda: make_app(sessions[500], live=False)], args.runs)
        ratio = console / bare
        print(
            f"first paint: bare app {bare * 1000:.0f} ms, console with 500 injects {console * 1000:.0f} ms, "
            f"ratio {ratio:.2f} (target <= {FIRST_PAINT_RATIO_TARGET})"
        )
        ok &= ratio <= FIRST_PAINT_RATIO_TARGET

        bare_key = p95(asyncio.run(bare_key_times(args.presses))) * 1000
        print(f"n to redraw, bare app (one Static updated): p95 {bare_key:.1f} ms")
        results = {}
        for count, session in sessions.items():
            results[count] = p95(asyncio.run(key_times(session, args.presses))) * 1000
            print(
                f"n to redraw, {count} injects: p95 {results[count]:.1f} ms (target <= {KEY_P95_TARGET_MS:.0f}), "
                f"{results[count] / bare_key:.2f}x the bare app"
            )
            ok &= results[count] <= KEY_P95_TARGET_MS
            session.close()
        flat = results[5000] <= results[500] * 1.5 + 5
        print(f"flat in size: 5,000/500 = {results[5000] / results[500]:.2f} ({'ok' if flat else 'grows'})")
        ok &= flat
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

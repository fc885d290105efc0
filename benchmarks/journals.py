"""Recorded sessions of any length, for the benchmarks that read sessions (`benchmarks.bench_reading`).

    python -m benchmarks.journals --events 50000 [--seed 7] [--scenario FILE] [-o FOLDER]

A session of the bundled Southwestern Islands sample (or `--scenario`), played through the
command path as a room plays it: every inject delivered in turn (its gates confirmed), and
between deliveries what a room records while it discusses one, in a mix drawn by the seed:
notes, decisions, ratings of the inject's expected actions, clauses cited and some withdrawn,
the clock paused and resumed, improvement items added and completed, hot-wash entries; the
session ended at the end. The events are spread evenly over the injects, so a long journal is
a long discussion of the same scenario: what grows is the journal, not the scenario. The same
length, seed and scenario give the same journal (its times apart); every event is written in
one transaction (`Session.building`), so a long one is built in seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.rules import Corpus
    from tabletop.session import Rating, Session

_RATINGS: tuple[Rating, ...] = ("P", "S", "M", "U")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

__all__ = ["recorded_session"]

_SENTENCES = (
    "The cell asks for the latest picture of the vessels around the island before it answers.",
    "Liaison officers confirm the request reached the Alliance Coordination Mechanism.",
    "The ministry wants the legal basis spelt out before any order is drafted.",
    "Evaluators note that the hand-over between the cells took longer than planned.",
    "The room discusses whether the situation already threatens the lives of residents.",
    "Public affairs prepares a statement; the facilitator asks who approves it.",
    "Logistics reports fuel for three days at the forward site.",
    "The US side offers surveillance support and asks what Japan needs first.",
)


class _Clock:
    """Event times a few seconds apart, from a fixed start: a journal that reads like a room's."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 0, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=7)
        return self.now


def recorded_session(
    corpus: Corpus, events: int, folder: Path, *, seed: int = 7, scenario_path: Path | None = None
) -> Path:
    """A session file of about `events` events (see the module docstring); its path."""
    from tabletop.scenario import bundled_scenarios_dir, load_scenario
    from tabletop.session import Session

    loaded = load_scenario(scenario_path or bundled_scenarios_dir() / "southwest_islands.yaml", corpus)
    injects = len(loaded.scenario.injects)
    chosen = random.Random(seed)
    per_inject = max(0, events - injects - 2) / injects
    owed = 0.0
    with Session.building(loaded, corpus, session_dir=folder, clock=_Clock()) as session:
        room = _Room(session, chosen, sorted(corpus.ids))
        while session.next_inject is not None:
            gates = session.pending_gates()
            session.deliver_next({gate.id: True for gate in gates} if gates else None)
            owed += per_inject
            room.discuss(int(owed))
            owed -= int(owed)
        # The path may end before the last inject of the file: the rest is said at its end.
        room.discuss(events - 2 - session.state.last_seq)
        if room.paused:
            session.resume_clock()
        session.end("the exercise ended")
        path = Path(session.path)
    return path


class _Room:
    """What a room records while it discusses the inject in front of it, in a mix drawn by the seed."""

    def __init__(self, session: Session, chosen: random.Random, clauses: list[str]) -> None:
        self.session, self.chosen, self.clauses = session, chosen, clauses
        self.items = 0
        self.paused = False

    def discuss(self, count: int) -> None:
        from tabletop.errors import TabletopError

        session, chosen = self.session, self.chosen
        current = session.state.current
        actions = [entry.key for entry in session.rating_sheet() if entry.inject == current]
        for _ in range(count):
            roll = chosen.random()
            text = " ".join(chosen.sample(_SENTENCES, chosen.randint(1, 3)))
            try:
                if roll < 0.40:
                    session.note(text)
                elif roll < 0.55:
                    session.decide(chosen.choice(("Cabinet", "JSDF Joint Staff", "USFJ", "MOFA")), text)
                elif roll < 0.70 and actions and current is not None:
                    session.rate(current, chosen.choice(actions), chosen.choice(_RATINGS), text)
                elif roll < 0.82:
                    clause = chosen.choice(self.clauses)
                    if any(c.clause == clause for c in session.state.citations_for(current)):
                        session.withdraw(clause, "not what the room meant")
                    else:
                        session.cite(clause, text)
                elif roll < 0.88:
                    session.resume_clock() if self.paused else session.pause_clock("a break")
                    self.paused = not self.paused
                elif roll < 0.94:
                    if self.items and chosen.random() < 0.5:
                        session.complete_improvement_item(chosen.randint(1, self.items), point_of_contact=text[:40])
                    else:
                        session.add_improvement_item(issue=text, corrective_action="Rehearse it in the next drill.")
                        self.items += 1
                else:
                    session.hot_wash(chosen.choice(("strength", "improvement")), text)
            except TabletopError:
                session.note(text)  # what the state refused here: a note instead, the count kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.journals", description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="About how many events (default: 10000).")
    parser.add_argument("--seed", type=int, default=7, help="Seed; the same seed gives the same journal.")
    parser.add_argument("--scenario", type=Path, help="Scenario file (default: the Southwestern Islands sample).")
    parser.add_argument("-o", "--output", type=Path, default=Path("."), help="Folder for the session file.")
    args = parser.parse_args(argv)
    from tabletop.rules import load_rules

    print(recorded_session(load_rules(), args.events, args.output, seed=args.seed, scenario_path=args.scenario))
    return 0


if __name__ == "__main__":
    sys.exit(main())

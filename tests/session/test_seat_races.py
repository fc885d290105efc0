"""Five seats - a facilitator, two evaluators and two cells' recorders - recording one session at
once through the command path, each in a process of its own, on a session file and on PostgreSQL:
no gap, no fork, a chain that verifies, every acknowledged record at the seq it was acknowledged
with and signed by its seat, no refused one, and the session replays whole."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from benchmarks.bench_seats import SEATS
from tests.session.journal_support import REPO, HERE, Tally, finish, new_target, Target
from tabletop.rules import Corpus
from tabletop.session import Event
from tabletop.scenario import LoadedScenario
from pathlib import Path


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    url = request.getfixturevalue("database_url") if request.param == "postgres" else None
    return new_target(request.param, drill, corpus, tmp_path / "sessions", url)


def start_seat(target: Target, role: str, name: str, seconds: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, str(HERE / "seat_writer.py"), *target.child_args(), role, name, str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def text_of(event: Event) -> str | None:
    payload = event.payload
    if payload.type == "note_recorded":
        return payload.text
    if payload.type == "decision_recorded":
        return payload.decision
    return None


@pytest.mark.slow
def test_five_seats_in_five_processes_leave_one_unbroken_journal_each_record_signed(target: Target) -> None:
    children = [start_seat(target, role, name, 3.0) for role, name in SEATS]
    tally = Tally()
    for child in children:
        tally.read_lines(finish(child))
    assert tally.acked, "no seat got anything recorded"
    # The seats met: a record decided on a state another seat had moved past was recorded all the
    # same (the session settled the race), or refused because play had moved on meanwhile.
    assert tally.settled or tally.refused, "the seats never met: nothing was tested"
    assert tally.settled <= set(tally.acked)
    with target.replay() as session:  # checked as `status` checks it: the chain, the fold
        events = session.events()
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    recorded = {text_of(event): event for event in events[1:] if text_of(event) is not None}
    deliveries = [event for event in events if event.type == "inject_delivered"]
    assert len(recorded) + len(deliveries) == len(events) - 1, "an event no seat sent"
    for text, seq in tally.acked.items():
        if text.startswith("deliver:"):
            assert events[seq - 1].type == "inject_delivered"
            by = events[seq - 1].payload.by
            assert by is not None and by.role == "facilitator"
            continue
        event = recorded.get(text)
        assert event is not None and event.seq == seq, f"{text}: acknowledged at {seq}"
        assert event.payload.by is not None and event.payload.by.name == text.rsplit("-", 1)[0]
    assert not {t for t in tally.refused if not t.startswith("deliver:")} & set(recorded), "a refused record"
    assert len(deliveries) == sum(1 for t in tally.acked if t.startswith("deliver:"))

"""Five seats - a facilitator, two evaluators and two cells' recorders - recording one session at
once through the command path, each in a process of its own, on a session file and on PostgreSQL:
no gap, no fork, a chain that verifies, every acknowledged record at the seq it was acknowledged
with and signed by its seat, no refused one, and the session replays whole. No command is refused
for racing the others (a seat's writer ends with an error on any refusal but the room's play
having moved since its snapshot), not even the facilitator's when it is slow to decide."""

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


def start_seat(target: Target, role: str, name: str, seconds: float, *extra: str) -> subprocess.Popen[str]:
    """A seat writing without pause for `seconds` (`extra`: its options, see `seat_writer`)."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(
        [sys.executable, str(HERE / "seat_writer.py"), *target.child_args(), role, name, str(seconds), *extra],
        stdin=subprocess.PIPE,
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
    tally = race(target)
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


SLOW = 0.03
"""How long the slow facilitator takes over each decision: several of the others' records fit in it."""


@pytest.mark.slow
def test_a_facilitator_slow_to_decide_records_every_command_while_four_seats_write_without_pause(
    target: Target, tmp_path: Path
) -> None:
    stop = tmp_path / "stop"
    others = [start_seat(target, role, name, 60.0, "--stop", str(stop)) for role, name in SEATS[1:]]
    facilitator = start_seat(target, *SEATS[0], 60.0, "--slow", str(SLOW), "--commands", "4")
    go([*others, facilitator])
    tally = Tally()
    try:
        tally.read_lines(finish(facilitator))  # every command recorded, or it ends with the refusal
    finally:
        stop.touch()  # the others write until the facilitator is done
        for child in others:
            tally.read_lines(finish(child))
    name = SEATS[0][1]
    sent = {text for text in tally.sent if text.removeprefix("deliver:").startswith(f"{name}-")}
    assert len(sent) == 4, sent
    assert set(tally.acked) >= sent and not sent & tally.refused
    assert sent & tally.settled, "the others never recorded while it decided: nothing was tested"
    with target.replay() as session:
        events = session.events()
    assert [event.seq for event in events] == list(range(1, len(events) + 1))


def go(children: list[subprocess.Popen[str]]) -> None:
    """Start the seats' writing together, once every one has opened the session."""
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line == "ready\n", (line, child.stderr.read() if child.stderr is not None else "")
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()  # closed by `finish`


def race(target: Target) -> Tally:
    """The five seats writing without pause for two seconds."""
    children = [start_seat(target, role, name, 2.0) for role, name in SEATS]
    go(children)
    tally = Tally()
    for child in children:
        tally.read_lines(finish(child))
    return tally

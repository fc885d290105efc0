"""Events are dated by the computer's clock, never before the last event; when that clock jumps
ahead or reads earlier than the last event, the facilitator is told, so that a clock set to the
wrong day does not silently date the rest of the seminar."""

from __future__ import annotations

from datetime import datetime, timedelta, UTC

import pytest

import tabletop.session._dating as dating
import tabletop.session._engine as engine
from tabletop.session import Session
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from pathlib import Path
from tests.session.conftest import TickingClock

START = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)


class ComputerClock:
    """The wall clock and the time since boot, moved by the test."""

    def __init__(self) -> None:
        self.wall = START
        self.boot = 1000.0

    def wait(self, seconds: float, *, wall_jump: timedelta = timedelta(0)) -> None:
        self.boot += seconds
        self.wall += timedelta(seconds=seconds) + wall_jump


@pytest.fixture
def computer(monkeypatch: pytest.MonkeyPatch) -> ComputerClock:
    clock = ComputerClock()
    monkeypatch.setattr(engine, "_utcnow", lambda: clock.wall)
    monkeypatch.setattr(dating, "_since_boot", lambda: clock.boot)
    return clock


def test_a_clock_that_jumps_ahead_is_said_when_it_happens_and_when_it_is_set_back(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path, computer: ComputerClock
) -> None:
    session = Session.start(drill, corpus, session_dir=session_dir)  # the computer's own clock
    try:
        session.note("first")
        assert session.clock_notice is None
        computer.wait(30)
        session.note("second")
        assert session.clock_notice is None
        computer.wait(30, wall_jump=timedelta(days=365))  # set to the wrong year
        session.note("third")
        assert session.clock_notice is not None and "jumped 365 days 0:00:00 ahead" in session.clock_notice
        computer.wait(30, wall_jump=-timedelta(days=365))  # set right again
        session.note("fourth")
        assert session.clock_notice is not None and "before the last event" in session.clock_notice
        assert "Check the computer's date and time" in session.clock_notice
        times = [event.at for event in session.events()]
        assert times == sorted(times)  # never backwards
        assert times[-1] == times[-2] == START + timedelta(days=365, seconds=60)  # held there, and said
    finally:
        session.close()


def test_a_clock_that_runs_on_says_nothing(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path, computer: ComputerClock
) -> None:
    session = Session.start(drill, corpus, session_dir=session_dir)
    try:
        for _ in range(5):
            computer.wait(3600)  # an hour between events, the clock keeping pace
            session.note("on")
            assert session.clock_notice is None
    finally:
        session.close()


def test_a_clock_given_by_a_program_is_taken_as_it_is(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path, ticking_clock: type[TickingClock]
) -> None:
    clock = ticking_clock()
    session = Session.start(drill, corpus, session_dir=session_dir, clock=clock)
    try:
        session.note("first")
        clock.origin += timedelta(days=30)  # a rehearsal's own clock may leap: it is not watched
        session.note("second")
        assert session.clock_notice is None
    finally:
        session.close()

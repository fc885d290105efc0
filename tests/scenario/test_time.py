"""Scenario time: the accepted forms and their order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.scenario import ScenarioTime, parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("D", ScenarioTime(0)),
        ("D-3", ScenarioTime(-3)),
        ("D+12 06:30", ScenarioTime(12, 390)),
        ("D 00:00", ScenarioTime(0, 0)),
    ],
)
def test_accepted_forms(text: str, expected: ScenarioTime) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["", "d-3", "D-3 6:00", "D-3 24:00", "D-3 12:60", "T+1", "D--1", "D-3 06:00Z"])
def test_malformed_times_are_refused(text: str) -> None:
    assert parse_time(text) is None


@given(st.integers(-999, 999), st.one_of(st.none(), st.integers(0, 1439)))
def test_times_print_as_they_parse(day: int, minutes: int | None) -> None:
    time = ScenarioTime(day, minutes)
    assert parse_time(str(time)) == time


def test_a_whole_day_is_neither_before_nor_after_a_clock_time_that_day() -> None:
    assert not ScenarioTime(-1).is_before(ScenarioTime(-1, 600))
    assert not ScenarioTime(-1, 600).is_before(ScenarioTime(-1))
    assert ScenarioTime(-2, 1439).is_before(ScenarioTime(-1))


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("D-1 6:00", "D-1 06:00"),
        ("D+2 24:00", "D+3 00:00"),
        ("d-5 06:00", "D-5 06:00"),
        ("D-5T06:00", "D-5 06:00"),
        ("D-3 0600", "D-3 06:00"),
        ("D-3 6pm", "D-3 18:00"),
        ("D - 3", "D-3"),
        ("06:00", "D 06:00"),
    ],
)
def test_a_loosely_written_time_suggests_the_time_meant(written: str, meant: str) -> None:
    from tabletop.scenario import suggest_time

    assert suggest_time(written) == meant
    assert parse_time(meant) is not None


@pytest.mark.parametrize("written", ["D+1 25:00", "D-3 06:60", "D+2 24:30", "tomorrow", "D-3 13pm"])
def test_a_time_with_no_evident_meaning_suggests_nothing(written: str) -> None:
    from tabletop.scenario import suggest_time

    assert suggest_time(written) is None

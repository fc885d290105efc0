"""Scenario time (`D-3 06:00`): parsing and ordering.

Used by the scenario loader to check that time never goes backwards along a
path, and by anything that shows or sorts scenario times. A time is a day
relative to D-day with an optional clock time; a day without a clock time
spans the whole day, so it is neither before nor after a clock time that
same day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ScenarioTime", "parse_time"]

_TIME = re.compile(r"^D(?:([+-])([0-9]{1,5}))?(?: ([0-9]{2}):([0-9]{2}))?$")


@dataclass(frozen=True, slots=True)
class ScenarioTime:
    """A point (or, without a clock time, a whole day) of scenario time."""

    day: int
    """Days from D-day: -3 for `D-3`, 0 for `D`."""
    minutes: int | None = None
    """Minutes after midnight, or None when only the day is given."""

    def is_before(self, other: ScenarioTime) -> bool:
        """Whether this time is certainly earlier than `other`."""
        if self.day != other.day:
            return self.day < other.day
        return self.minutes is not None and other.minutes is not None and self.minutes < other.minutes

    def later(self, other: ScenarioTime) -> ScenarioTime:
        """The more precise latest of two times that are in order (`self` no later than `other`)."""
        if other.day == self.day and other.minutes is None:
            return self
        return other

    def __str__(self) -> str:
        day = "D" if self.day == 0 else f"D{self.day:+d}"
        if self.minutes is None:
            return day
        return f"{day} {self.minutes // 60:02d}:{self.minutes % 60:02d}"


def parse_time(text: str) -> ScenarioTime | None:
    """Parse `D`, `D-N`, `D+N`, optionally followed by ` HH:MM`; None if malformed."""
    match = _TIME.match(text.strip())
    if match is None:
        return None
    sign, days, hours, minutes = match.groups()
    day = int(days) * (-1 if sign == "-" else 1) if days else 0
    if hours is None:
        return ScenarioTime(day)
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        return None
    return ScenarioTime(day, h * 60 + m)

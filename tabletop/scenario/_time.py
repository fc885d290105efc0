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

__all__ = ["ScenarioTime", "parse_time", "suggest_time"]

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

    def minutes_until(self, other: ScenarioTime) -> int | None:
        """Scenario minutes from this time to `other` (negative when `other` is earlier), or None
        when either is a whole day, so that the gap is not known to the minute."""
        if self.minutes is None or other.minutes is None:
            return None
        return (other.day - self.day) * 24 * 60 + other.minutes - self.minutes

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


_LOOSE = re.compile(
    r"^D\s*(?:([+-])\s*([0-9]{1,5}))?(?:\s*[T ,]\s*|\s+|(?=[0-9]))?"
    r"(?:([0-9]{1,2})(?::|h|\.)?([0-9]{2})?\s*(am|pm|h|hrs?|L|Z|J|I)?)?$",
    re.IGNORECASE,
)


def suggest_time(text: str) -> str | None:
    """The scenario time an author most likely meant by a malformed one, or None.

    `d-1 6:00` and `D-1 0600` mean `D-1 06:00`; `D+2 24:00` means `D+3 00:00`;
    a clock time alone (`06:00`) is on D-day.
    """
    cleaned = text.strip()
    if re.match(r"^[0-9]{1,2}:[0-9]{2}$", cleaned):
        cleaned = "D " + cleaned
    match = _LOOSE.match(cleaned)
    if match is None:
        return None
    sign, days, hours, minutes, suffix = match.groups()
    day = int(days) * (-1 if sign == "-" else 1) if days else 0
    if hours is None:
        return str(ScenarioTime(day))
    meridiem = (suffix or "").lower()
    if meridiem in ("am", "pm"):
        if not 1 <= int(hours) <= 12:
            return None
        hours = str(int(hours) % 12 + (12 if meridiem == "pm" else 0))
    if minutes is None:
        if len(hours) > 2:
            return None
        minutes = "00"
    h, m = int(hours), int(minutes)
    if m > 59 or h > 24 or (h == 24 and m):
        return None
    if h == 24:
        day, h = day + 1, 0
    suggestion = str(ScenarioTime(day, h * 60 + m))
    return None if suggestion == text else suggestion

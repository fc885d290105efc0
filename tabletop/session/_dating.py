"""When an event happened, as the journal dates it: from the computer's clock, never before the last
event, and with a word for the facilitator when that clock cannot be right.

Used by `tabletop.session._engine` for every event it records. Two things go wrong with a
computer's clock in the middle of a seminar: it jumps ahead (set by hand to the wrong day, a bad
time server) and it goes back (set right again). The journal's times never go backwards, so after
a jump ahead every later event would be dated at the jumped-to time: the notice says so when the
jump happens (measured against the time since boot, which no one sets) and whenever an event is
dated later than the clock reads, so that the clock is set right before the record is spoilt.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

__all__ = ["EventDating"]

CLOCK_JUMP = timedelta(minutes=1)
"""How far the clock may run ahead of the time since boot between two events before it is said."""


def _since_boot() -> float | None:
    """Seconds since boot, sleep included (Linux); None where no such clock exists."""
    boot = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boot) if boot is not None else None


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


class EventDating:
    """Dates events. `watch` (the computer's own clock) also watches it for jumps ahead."""

    def __init__(self, *, watch: bool) -> None:
        self.watch = watch
        self._last_boot: float | None = None

    def date(self, now: datetime, last: datetime | None) -> tuple[datetime, str | None]:
        """The time to date an event read at `now` after one dated `last`, and what to tell the
        facilitator about the clock (None when nothing)."""
        boot = _since_boot() if self.watch else None
        previous, self._last_boot = self._last_boot, boot
        if last is None:
            return now, None
        if now < last:
            return last, (
                f"The computer's clock reads {_when(now)}, before the last event ({_when(last)}): events are "
                "dated at that time until the clock passes it. Check the computer's date and time."
            )
        if boot is not None and previous is not None:
            ahead = (now - last) - timedelta(seconds=boot - previous)
            if ahead > CLOCK_JUMP:
                return now, (
                    f"The computer's clock jumped {_duration(ahead)} ahead since the last event (it now reads "
                    f"{_when(now)}); no later event can be dated before this one. If the clock is wrong, set it "
                    "right now."
                )
        return now, None


def _duration(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    days, seconds = divmod(seconds, 86400)
    clock = f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"
    return f"{days} day{'s' if days != 1 else ''} {clock}" if days else clock

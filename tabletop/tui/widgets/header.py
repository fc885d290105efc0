"""The bars around every screen: the classification marking, the exercise header, the read-only banner."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.content import Content
from textual.widgets import Static

from tabletop.session import SessionSnapshot
from tabletop.tui.text import duration, line, plain

__all__ = ["Banner", "ClassificationBar", "ExerciseHeader"]


class ClassificationBar(Static):
    """The scenario's classification marking; hidden when it has none."""

    def show(self, marking: str | None) -> None:
        self.display = bool(marking)
        self.update(plain(marking or "", "bold"))


class Banner(Static):
    """A sentence the room must not miss (read-only, ended), or nothing."""

    def show(self, message: str | None) -> None:
        self.display = bool(message)
        self.update(plain(message or ""))


class ExerciseHeader(Static):
    """Title, scenario clock, wall-clock time run and paused; ticks every second from the snapshot."""

    def __init__(self, *, clock_visible: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._snapshot: SessionSnapshot | None = None
        self._clock_visible = clock_visible

    def show(self, snapshot: SessionSnapshot, now: datetime) -> None:
        self._snapshot = snapshot
        self.tick(now)

    def tick(self, now: datetime) -> None:
        snapshot = self._snapshot
        if snapshot is None:
            return
        clock = snapshot.clock
        since = max(timedelta(0), now - clock.taken_at)
        elapsed = clock.state.elapsed(now) if clock.state.running and not snapshot.ended else clock.elapsed
        paused = clock.paused_total + (since if clock.paused else timedelta(0))
        parts: list[str | Content | tuple[object, str]] = [(snapshot.title, "bold")]
        if clock.scenario_time:
            parts += ["  ", ("scenario " + clock.scenario_time, "")]
        if self._clock_visible:
            parts += [f"  elapsed {duration(elapsed)}"]
            if clock.paused_total or clock.paused:
                parts += [f"  paused {duration(paused)}"]
            if clock.paused:
                parts += ["  ", ("PAUSED", "reverse bold")]
        if snapshot.ended:
            parts += ["  ", ("ENDED", "reverse")]
        self.update(line(*parts))

"""The bars around every screen: the classification marking, the exercise header, the read-only banner."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tabletop.session import SessionSnapshot
from tabletop.tui.text import duration, line, plain

__all__ = ["Banner", "ClassificationBar", "ExerciseHeader"]


class _Shown(Static):
    """A line of text that changes rarely: redrawn only when it does."""

    _text: str | None = "\0"  # nothing shown yet: the first show always draws

    def show(self, text: str | None) -> None:
        if text == self._text:
            return
        self._text = text
        self.display = bool(text)
        self.update(plain(text or "", self.TEXT_STYLE))

    TEXT_STYLE = ""


class ClassificationBar(_Shown):
    """The scenario's classification marking; hidden when it has none."""

    TEXT_STYLE = "bold"


class Banner(_Shown):
    """A sentence the room must not miss (read-only, ended), or nothing."""


class ExerciseHeader(Widget):
    """Title, scenario clock, wall-clock time run and paused, and how long a move has waited for
    the room since its inject was delivered; ticks every second from the snapshot."""

    def __init__(self, *, clock_visible: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._snapshot: SessionSnapshot | None = None
        self._clock_visible = clock_visible
        self._line = Content("")

    def render(self) -> Content:
        return self._line

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
            if snapshot.pending is not None:
                # The decision clock: how long the room has had the development before it determines.
                waited = max(timedelta(0), now - snapshot.pending.delivered_at)
                parts += ["  ", (f"move waiting {duration(waited)}", "bold")]
        if snapshot.ended:
            parts += ["  ", ("ENDED", "reverse")]
        shown = line(*parts)
        if shown != self._line:
            self._line = shown
            self.refresh()

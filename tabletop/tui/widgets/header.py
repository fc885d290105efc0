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
    the room since its inject was delivered; ticks every second from the snapshot.

    One line at any width: the state the room runs by (PAUSED, a move waiting, the time run, the
    scenario clock) always shows, and the title gives way first, cut short with an ellipsis; on
    a very narrow screen the least needed of the state (the time paused) goes next."""

    TITLE_AT_LEAST = 8
    """A title cut shorter than this is left out rather than shown as a stub."""

    def __init__(self, *, clock_visible: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self._snapshot: SessionSnapshot | None = None
        self._clock_visible = clock_visible
        self._title = Content("")
        self._state: tuple[tuple[int, Content], ...] = ()
        """The state's parts in their order on the line, each with its rank (0 kept longest)."""

    def render(self) -> Content:
        return _fit(self._title, self._state, self.content_size.width, self.TITLE_AT_LEAST)

    def on_resize(self) -> None:
        self.refresh()

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
        state: list[tuple[int, Content]] = []
        if clock.scenario_time:
            state.append((3, line(("scenario " + clock.scenario_time, ""))))
        if self._clock_visible:
            state.append((2, line(f"elapsed {duration(elapsed)}")))
            if clock.paused_total or clock.paused:
                state.append((4, line(f"paused {duration(paused)}")))
            if clock.paused:
                state.append((0, line(("PAUSED", "reverse bold"))))
            if snapshot.pending is not None:
                # The decision clock: how long the room has had the development before it determines.
                waited = max(timedelta(0), now - snapshot.pending.delivered_at)
                state.append((1, line((f"move waiting {duration(waited)}", "bold"))))
        if snapshot.ended:
            state.append((0, line(("ENDED", "reverse"))))
        title = line((snapshot.title, "bold"))
        shown = tuple(state)
        if shown != self._state or title != self._title:
            self._title, self._state = title, shown
            self.refresh()


def _fit(title: Content, state: tuple[tuple[int, Content], ...], width: int, title_at_least: int) -> Content:
    """The header's line in `width` cells: every part of the state that fits, the most needed
    first (PAUSED and ENDED, then a move waiting, the time run, the scenario clock, the time
    paused), then the title in what is left, cut with an ellipsis, or left out."""
    gap = 2
    if width <= 0:
        return Content("  ").join([title, *(part for _, part in state)])
    kept: set[int] = set()
    used = 0
    for n in sorted(range(len(state)), key=lambda n: (state[n][0], n)):
        needed = state[n][1].cell_length + (gap if kept else 0)
        if used + needed <= width:
            kept.add(n)
            used += needed
    parts = [part for n, (_, part) in enumerate(state) if n in kept]
    room = width - used - (gap if parts else 0)
    if title.cell_length <= room:
        parts.insert(0, title)
    elif room >= title_at_least:
        parts.insert(0, title.truncate(room, ellipsis=True))
    return Content("  ").join(parts)

"""Fixtures for the console's tests: a frozen clock, fixed session ids, sessions ready to show."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Iterable, Iterator
from datetime import datetime, UTC
from pathlib import Path, PurePath
from typing import Any, Protocol

import pytest
from textual.app import App
from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import OptionList

from tabletop.rules import Corpus
from tabletop.session import MoveView, Session
from tabletop.tui import ConsoleApp

FIXED = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def frozen() -> datetime:
    return FIXED


class NewSession(Protocol):
    """`new_session(scenario=..., folder=...)`: a session started on the frozen clock."""

    def __call__(self, scenario: str | Path = ..., *, folder: Path | None = None) -> Session: ...


Settle = Callable[[Pilot[None]], Awaitable[None]]
"""`await settle(pilot)`, for the console (an `App[None]`)."""


class SnapCompare(Protocol):
    """pytest-textual-snapshot's `snap_compare` fixture: whether the app's screen matches the stored picture."""

    def __call__(
        self,
        app: str | PurePath | App[None],
        press: Iterable[str] = ...,
        terminal_size: tuple[int, int] = ...,
        run_before: Callable[[Pilot[None]], Awaitable[None] | None] | None = ...,
    ) -> bool: ...


def told_by(app: ConsoleApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notifications the console gives from now on, each still shown as usual."""
    told: list[str] = []
    notify = app.notify

    def notify_and_keep(message: str, **options: Any) -> None:
        told.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", notify_and_keep)
    return told


def plain(visual: object) -> str:
    """The characters of what a widget shows (its `Content` or rich `Text`)."""
    assert isinstance(visual, (Content, Text)), visual
    return visual.plain


def option_text(options: OptionList, index: int) -> str:
    """The characters of an option list's `index`-th option."""
    return plain(options.get_option_at_index(index).prompt)


@pytest.fixture(autouse=True)
def fixed_session_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session ids end in a random suffix; the screens show ids, so tests fix it."""
    monkeypatch.setattr(secrets, "token_hex", lambda n=None: "5eed00")


@pytest.fixture
def new_session(corpus: Corpus, tmp_path: Path) -> Iterator[NewSession]:
    """A session of a scenario (the Southwestern Islands by default), on the frozen clock."""
    from tabletop.scenario import load_scenario

    opened: list[Session] = []

    def make(scenario: str | Path = SCENARIOS / "southwest_islands.yaml", *, folder: Path | None = None) -> Session:
        session = Session.start(
            load_scenario(scenario, corpus), corpus, session_dir=folder or tmp_path / "sessions", clock=frozen
        )
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()


def with_a_move_waiting(session: Session, gates: int = 1) -> Session:
    """`session` played (each gate answered yes) up to the first move with at least `gates` gates,
    that move's inject delivered and the move left waiting for the room."""
    from tabletop.session import DeliverNext

    while not (step := session.snapshot().next).move or len(step.move.gates) < gates:
        session.deliver_next({gate.id: True for gate in step.move.gates} if step.move else {})
    session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
    return session


def moves_with_gates(corpus: Corpus, folder: Path) -> list[MoveView]:
    """Every move of the bundled rules that has gates, as the console shows it: each one found
    legal in a state reached from the start of the Southwestern Islands by moves whose gates were
    all answered yes (each state a session of its own, in `folder`)."""
    from tabletop.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / "southwest_islands.yaml", corpus)
    found: dict[tuple[str, str | None, str | None], MoveView] = {}
    paths: list[tuple[str, ...]] = [()]
    while paths:
        path = paths.pop(0)
        session = Session.start(scenario, corpus, session_dir=folder / "-".join(("start", *path)), clock=frozen)
        try:
            for trigger in path:
                move = next(m for m in session.snapshot().legal_moves if m.trigger == trigger)
                session.fire(trigger, {gate.id: True for gate in move.gates})
            for move in session.snapshot().legal_moves:
                if (move.trigger, move.source, move.dest) not in found:
                    found[(move.trigger, move.source, move.dest)] = move
                    paths.append((*path, move.trigger))
        finally:
            session.close()
    return [move for move in found.values() if move.gates]


async def _settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        # A screen of a session in a database waits for the server's wake-ups in a worker that runs
        # as long as the console: every other worker is waited for.
        busy = [worker for worker in app.workers if worker.group != "follow"]
        if busy:
            await app.workers.wait_for_complete(busy)
            continue
        # A command's outcome is shown first and its citation suggestions ranked once it is on
        # screen (a worker started after that frame): they are part of the settled screen.
        if isinstance(app, ConsoleApp) and app.mode == "run" and app.snapshot is not None:
            if not app.snapshot.suggestions_ranked:
                await pilot.pause(0.01)
                continue
        break
    await pilot.pause()


@pytest.fixture
def settle() -> Settle:
    """`await settle(pilot)`: wait until every command in flight is committed and the screen redrawn."""
    return _settle


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """The frozen wall clock the console ticks with."""
    return frozen

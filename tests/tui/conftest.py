"""Fixtures for the console's tests: a frozen clock, fixed session ids, sessions ready to show."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, UTC
from pathlib import Path

import pytest

FIXED = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def frozen() -> datetime:
    return FIXED


@pytest.fixture(autouse=True)
def fixed_session_ids(monkeypatch):
    """Session ids end in a random suffix; the screens show ids, so tests fix it."""
    monkeypatch.setattr(secrets, "token_hex", lambda n=None: "5eed00")


@pytest.fixture
def new_session(corpus, tmp_path) -> Callable[..., object]:
    """A session of a scenario (the Southwestern Islands by default), on the frozen clock."""
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    opened = []

    def make(scenario: str | Path = SCENARIOS / "southwest_islands.yaml", *, folder: Path | None = None):
        session = Session.start(
            load_scenario(scenario, corpus), corpus, session_dir=folder or tmp_path / "sessions", clock=frozen
        )
        opened.append(session)
        return session

    yield make
    for session in opened:
        session.close()


async def _settle(pilot) -> None:
    await pilot.pause()
    # A screen of a session in a database waits for the server's wake-ups in a worker that runs
    # as long as the console: every other worker is waited for.
    busy = [worker for worker in pilot.app.workers if worker.group != "follow"]
    if busy:
        await pilot.app.workers.wait_for_complete(busy)
    await pilot.pause()


@pytest.fixture
def settle():
    """`await settle(pilot)`: wait until every command in flight is committed and the screen redrawn."""
    return _settle


@pytest.fixture
def clock():
    """The frozen wall clock the console ticks with."""
    return frozen

"""Fixtures for the participants' page tests: the Southwestern Islands sample (cells japan, us,
jcg, local and control), a session of it at its first inject, and the page served over it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.participants.page_support import ISLANDS, Clock, Served, serving

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario, load_scenario
from tabletop.session import DeliverNext, Session
from pathlib import Path


@pytest.fixture(scope="session")
def islands(corpus: Corpus) -> LoadedScenario:
    return load_scenario(ISLANDS, corpus)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session(islands: LoadedScenario, corpus: Corpus, tmp_path: Path, clock: Clock) -> Iterator[Session]:
    """A session of the sample at its first inject (addressed to the japan, us and jcg cells)."""
    opened = Session.start(islands, corpus, session_dir=tmp_path / "sessions", clock=clock)
    opened.execute(DeliverNext(expected_seq=opened.state.last_seq))
    yield opened
    opened.close()


@pytest.fixture
def served(session: Session, clock: Clock) -> Iterator[Served]:
    with serving(session, clock) as page:
        yield page

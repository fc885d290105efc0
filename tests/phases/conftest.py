"""Fixtures for the phase machine's tests."""

from __future__ import annotations

import pytest

from tabletop.rules import Corpus
from tests.phases.phase_support import FIXTURE_RULES


@pytest.fixture(scope="session")
def fixture_corpus() -> Corpus:
    """A small rules file with invented phase names, loaded once."""
    from tabletop.rules import load_rules

    return load_rules(FIXTURE_RULES)

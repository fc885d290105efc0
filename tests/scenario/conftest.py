"""Shared fixtures: a small rules file for the scenario checks, and the bundled rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.rules import Corpus, load_rules

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The small fixture rules file: the real phase slugs and triggers, a few clauses and gates."""
    return load_rules(HERE / "rules_fixture.yaml")


@pytest.fixture(scope="session")
def real_corpus() -> Corpus:
    """The bundled Guidelines rules file."""
    return load_rules()


MINIMAL = """\
title: Minimal walkthrough
injects:
  - id: first
    title: Quiet start
    narrative: Routine bilateral ISR continues.
"""

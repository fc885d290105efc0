"""Held-out 5: a sealed set of situations for citation ranking, written from the Guidelines text and
the phase table alone, by a reader who never saw the ranker's vocabulary, keywords, term bank,
tests or earlier sets. Its digest is pinned here, so that an edit to an entry fails the suite.

Measured on the ranker as it was when the set was sealed (strict, all 128 situations): top-1
73.4%, top-3 84.4%, MRR 0.801; by phase, top-1 / top-3: peacetime 63.6% / 81.8%, emerging threats
94.4% / 100%, anticipated attack 75.0% / 81.2%, attack 76.2% / 81.0%, third-country attack
73.3% / 86.7%, disaster 75.0% / 75.0%, combinations of phases 62.5% / 83.3%, in Japanese
70.6% / 88.2%.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from tabletop.rules import load_rules

HELD_OUT_5 = Path(__file__).with_name("held_out_citations_5.yaml")
SEALED_SHA256 = "11a9fa02565043cbe265b56cbc3006d1a0f6a2d91a11c84d2b870ef1a7866314"


@pytest.fixture(scope="module")
def guidelines():
    """The bundled Guidelines corpus (the session tests' `corpus` is a smaller fixture file)."""
    return load_rules()


def load_held_out_5() -> list[dict]:
    return yaml.safe_load(HELD_OUT_5.read_text(encoding="utf-8"))["situations"]


def test_held_out_5_is_unchanged_since_it_was_sealed():
    assert hashlib.sha256(HELD_OUT_5.read_bytes()).hexdigest() == SEALED_SHA256


def test_held_out_5_is_well_formed_and_covers_every_phase_and_japanese(guidelines):
    situations = load_held_out_5()
    assert len(situations) >= 100
    assert len({g["id"] for g in situations}) == len(situations)
    assert {p for g in situations for p in g["phases"]} == set(guidelines.phase_slugs)
    assert sum(len(g["phases"]) > 1 for g in situations) >= 18
    japanese = [g for g in situations if any("\u3040" <= ch <= "\u9fff" for ch in g["situation"])]
    assert len(japanese) >= len(situations) / 10
    for g in situations:
        applicable = guidelines.applicable_ids(guidelines.phase_combination(g["phases"]))
        assert g["expect"] in applicable and set(g.get("also_acceptable", [])) <= applicable, g["id"]

"""The bundled sample scenarios are found, and each validates without warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.scenario import bundled_scenarios, bundled_scenarios_dir, load_scenario
from tabletop.rules import Corpus

SAMPLES = sorted(bundled_scenarios_dir().glob("*.yaml"))


def test_the_samples_folder_is_found() -> None:
    assert bundled_scenarios_dir().is_dir()
    assert (bundled_scenarios_dir() / "scenario.schema.json").is_file()


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_each_sample_validates_without_warnings(path: Path, real_corpus: Corpus) -> None:
    loaded = load_scenario(path, real_corpus)
    assert [str(w) for w in loaded.warnings] == []


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_each_sample_names_the_schema_for_editors(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=scenario.schema.json"


def test_the_listing_summarises_every_sample(real_corpus: Corpus) -> None:
    listed = bundled_scenarios(real_corpus)
    assert [item.id for item in listed] == [path.stem for path in SAMPLES]
    assert all(item.problems == () for item in listed)

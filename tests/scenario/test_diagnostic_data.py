"""A diagnostic carries what it is about as data, for a program that says it in its own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.errors import Diagnostic, ScenarioError
from tabletop.rules import Corpus
from tabletop.scenario import load_scenario, load_scenario_text

HERE = Path(__file__).resolve().parent
BROKEN = sorted((HERE / "broken").glob("*.yaml"))


def _diagnostics(text: str, corpus: Corpus) -> list[Diagnostic]:
    try:
        return load_scenario_text(text, "draft.yaml", corpus, files={}).warnings
    except ScenarioError as exc:
        return exc.diagnostics


@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_the_data_of_every_problem_says_what_its_message_says(
    path: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(HERE)
    try:
        diagnostics = load_scenario(f"broken/{path.name}", corpus).warnings
    except ScenarioError as exc:
        diagnostics = exc.diagnostics
    for diagnostic in diagnostics:
        about = diagnostic.about
        if about is None:
            continue
        said = about.problem
        if about.first_use is not None:
            assert diagnostic.message.startswith(f"{said} (first used at "), diagnostic
        elif about.named is None or about.named == ():
            assert diagnostic.message == said, diagnostic
        else:
            assert diagnostic.message.endswith(f": {said}") and len(diagnostic.message) > len(said) + 2, diagnostic
        assert about.named is None or about.at[: len(about.named)] == about.named, diagnostic
        for mention in about.refers:
            assert mention.said in said and mention.key, diagnostic


MINIMAL = """\
title: Draft
injects:
  - id: opening
    title: Quiet start
    narrative: Routine ISR continues.
"""


def test_a_value_of_the_wrong_kind_carries_the_kind_expected_and_the_value_found(corpus: Corpus) -> None:
    (diagnostic,) = _diagnostics(MINIMAL + "    gates: {important_influence: maybe}\n", corpus)
    assert diagnostic.message == "inject 'opening', gates, important_influence: expected true or false, found text"
    about = diagnostic.about
    assert about is not None
    assert about.at == about.named == ("injects", 0, "gates", "important_influence")
    assert (about.problem, about.expected, about.found) == ("expected true or false, found text", "true/false", "maybe")


def test_an_id_used_twice_carries_the_key_path_of_its_first_use(corpus: Corpus) -> None:
    again = MINIMAL + "  - id: opening\n    title: Again\n    narrative: Once more.\n"
    (diagnostic,) = [d for d in _diagnostics(again, corpus) if d.severity == "error"]
    assert diagnostic.message == "duplicate inject id 'opening' (first used at line 3)"
    assert diagnostic.about is not None
    assert diagnostic.about.at == ("injects", 1, "id")
    assert diagnostic.about.first_use == ("draft.yaml", ("injects", 0))
    assert diagnostic.about.problem == "duplicate inject id 'opening'"


def test_a_missing_key_is_about_that_key_and_names_its_item(corpus: Corpus) -> None:
    (diagnostic,) = _diagnostics(MINIMAL.replace("    title: Quiet start\n", ""), corpus)
    assert diagnostic.message == "inject 'opening': missing required key 'title'"
    assert diagnostic.about is not None
    assert diagnostic.about.at == ("injects", 0, "title")
    assert diagnostic.about.named == ("injects", 0)


def test_a_problem_the_validator_finds_names_its_inject_and_the_key_at_fault(corpus: Corpus) -> None:
    (diagnostic,) = _diagnostics(MINIMAL + "    phase: emerging\n", corpus)
    assert diagnostic.message.startswith("inject 'opening': unknown phase 'emerging'")
    assert diagnostic.about is not None
    assert diagnostic.about.at == ("injects", 0, "phase")
    assert diagnostic.about.named == ("injects", 0)
    assert diagnostic.message == f"inject 'opening': {diagnostic.about.problem}"


def test_a_file_that_is_not_yaml_has_no_data_beyond_its_place(corpus: Corpus) -> None:
    (diagnostic,) = _diagnostics("title: [unclosed\n", corpus)
    assert diagnostic.about is None

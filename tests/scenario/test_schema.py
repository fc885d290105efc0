"""The JSON Schema editors use: valid itself, accepts every bundled sample, refuses what the validator refuses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema  # a development dependency: the check must run, never be skipped
import pytest
import yaml

from tabletop.scenario import bundled_scenarios_dir, scenario_schema
from typing import Any
from tabletop.rules import Corpus

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def schema(real_corpus: Corpus) -> dict[str, Any]:
    built = scenario_schema(real_corpus)
    jsonschema.Draft202012Validator.check_schema(built)
    return built


def _validator(schema: dict[str, Any], definition: str | None = None) -> jsonschema.Draft202012Validator:
    if definition is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _problems(validator: jsonschema.Draft202012Validator, data: object) -> list[str]:
    return sorted(error.message for error in validator.iter_errors(data))


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2): `2030-06-18` is text, not a date."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _as_an_editor_reads(text: str) -> Any:
    return yaml.load(text, Loader=_EditorLoader)


def test_the_schema_accepts_every_bundled_sample_and_its_included_parts(schema: dict[str, Any]) -> None:
    folder = bundled_scenarios_dir()
    mains = sorted(folder.glob("*.yaml"))
    assert len(mains) >= 5
    for path in mains:
        assert _problems(_validator(schema), _as_an_editor_reads(path.read_text(encoding="utf-8"))) == [], path.name
    for part in sorted(folder.glob("*/**/*.yaml")):
        data = _as_an_editor_reads(part.read_text(encoding="utf-8"))
        assert _problems(_validator(schema, "ScenarioPart"), data) == [], part.name


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"phase": "Attack"}, "'Attack' is not valid under any of the given schemas"),
        ({"trigger": "recovr"}, "'recovr' is not valid under any of the given schemas"),
        ({"cite": ["iv.a.1"]}, "'iv.a.1' is not one of"),
        ({"tags": ["ISR"]}, "'ISR' is not one of"),
        ({"gates": {"important_influance": True}}, "'important_influance' is not one of"),
        ({"determinations": {"public_security_operaton": True}}, "'public_security_operaton' is not one of"),
        ({"time": "D+2 24:00"}, "'D+2 24:00' does not match"),
        ({"narative": "typo"}, "Additional properties are not allowed ('narative' was unexpected)"),
    ],
)
def test_the_schema_flags_in_the_editor_what_the_validator_refuses(
    schema: dict[str, Any], change: dict[str, object], expected: str
) -> None:
    inject = {"id": "first", "title": "First", "narrative": "Text.", **change}
    problems = _problems(_validator(schema), {"title": "T", "injects": [inject]})
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_closed_vocabularies_come_from_the_rules_file(
    schema: dict[str, Any], corpus: Corpus, real_corpus: Corpus
) -> None:
    inject = schema["$defs"]["Inject"]["properties"]
    assert inject["phase"]["anyOf"][0]["enum"] == real_corpus.phase_slugs
    assert inject["cite"]["items"]["enum"] == [clause.id for clause in real_corpus]
    assert inject["tags"]["items"]["enum"] == list(real_corpus.tags)
    other = scenario_schema(corpus)["$defs"]["Inject"]["properties"]
    assert other["cite"]["items"]["enum"] == [clause.id for clause in corpus]


def test_every_field_has_a_description_and_time_has_examples(schema: dict[str, Any]) -> None:
    def fields(node: object) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            yield from node.get("properties", {}).items()
            for value in node.values():
                yield from fields(value)
        elif isinstance(node, list):
            for value in node:
                yield from fields(value)

    undescribed = [name for name, field in fields(schema) if not field.get("description")]
    assert undescribed == []
    time = schema["$defs"]["Inject"]["properties"]["time"]
    assert time["examples"] and all(
        _problems(_validator({"pattern": time["pattern"]}), e) == [] for e in time["examples"]
    )


def test_the_committed_schema_is_what_tabletop_schema_prints(real_corpus: Corpus) -> None:
    from tabletop.scenario import scenario_schema_text

    committed = bundled_scenarios_dir() / "scenario.schema.json"
    assert committed.read_text(encoding="utf-8") == scenario_schema_text(real_corpus)
    json.loads(committed.read_text(encoding="utf-8"))

"""The YAML a scenario is written as (an MSEL import): the same data back, in the samples' style."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.errors import ScenarioError
from tabletop.scenario import bundled_scenarios_dir, load_scenario_text, scenario_yaml

# Text an author may write: dashes, colons, block indicators, quotes, blank lines, Japanese.
_TEXT = st.lists(
    st.sampled_from([*"ab -:|>#'\"\n\t", "- ", ": ", "\n- ", "\n  ", "存立危機事態", "  - x", "word " * 20]),
    max_size=30,
).map("".join)
_KEYS = st.sampled_from(["id", "title", "narrative", "questions", "options", "notes", "to", "cite"])
_LEAF = st.one_of(_TEXT, st.integers(-5, 5000), st.booleans(), st.none())
_DATA = st.recursive(
    _LEAF,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _DATA, min_size=1, max_size=5))
def test_written_yaml_reads_back_as_the_same_data(data: dict[str, Any]) -> None:
    assert yaml.safe_load(scenario_yaml(data)) == data


# Text without colons, so that a line ending in one is a key.
_PLAIN = st.lists(st.sampled_from(["a", "b ", "- ", "\n", "|", "存立", "word " * 20]), max_size=12).map("".join)


@settings(max_examples=200)
@given(
    st.dictionaries(
        _KEYS, st.lists(st.dictionaries(_KEYS, st.one_of(_PLAIN, st.lists(_PLAIN, max_size=3)), max_size=3), max_size=3)
    )
)
def test_every_list_under_a_key_is_indented_under_it(data: dict[str, Any]) -> None:
    lines = scenario_yaml(data).splitlines()
    for above, line in pairwise(lines):
        if above.rstrip().endswith(":") and not above.lstrip().startswith("- ") and line.lstrip().startswith("- "):
            assert len(line) - len(line.lstrip()) > len(above) - len(above.lstrip()), (above, line)


def test_a_sample_is_written_with_its_lists_under_their_keys_and_its_text_kept() -> None:
    data = yaml.safe_load((bundled_scenarios_dir() / "southwest_islands.yaml").read_text(encoding="utf-8"))
    text = scenario_yaml(data)
    assert yaml.safe_load(text) == data
    assert "\ninjects:\n  - id: " in text
    assert "\n    questions:\n      - " in text


def _damaged_sample() -> dict[str, Any]:
    """The sample with a phase that does not exist and a question without text: two errors."""
    data = yaml.safe_load((bundled_scenarios_dir() / "southwest_islands.yaml").read_text(encoding="utf-8"))
    data["injects"][3]["phase"] = "wartime"
    data["injects"][5]["questions"] = [{"cell": "japan"}]
    return dict(data)


@pytest.mark.parametrize("damaged", [False, True], ids=["valid", "two errors"])
@pytest.mark.parametrize("key_paths", [False, True], ids=["author's words", "key paths"])
def test_text_checked_from_the_data_it_was_written_from_reads_as_its_parse(damaged: bool, key_paths: bool) -> None:
    """An import validates the data it wrote the scenario from instead of parsing its own text
    again: the result, every message and every line in it are those of the text's parse."""
    source = bundled_scenarios_dir() / "southwest_islands.yaml"
    data = _damaged_sample() if damaged else dict(yaml.safe_load(source.read_text(encoding="utf-8")))
    text = scenario_yaml(data)

    def outcome(**given: Any) -> object:
        try:
            loaded = load_scenario_text(text, "imported.yaml", files={}, key_paths=key_paths, **given)
        except ScenarioError as exc:
            return [str(d) for d in exc.diagnostics]
        return loaded.scenario, [str(d) for d in loaded.warnings], loaded.files

    parsed = outcome()
    assert outcome(written_from=data) == parsed
    if damaged:
        # Each problem is still placed at its line, which only the text's parse can give.
        assert isinstance(parsed, list) and any("'wartime'" in line for line in parsed)
        assert all(not line.startswith(("imported.yaml:0:", "imported.yaml:1:")) for line in parsed)

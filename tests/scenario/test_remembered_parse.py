"""A session's stored scenario is parsed once: later reads take the parsed data from the user's cache,
and validate and check it in full as always, with the same result and the same messages."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import pytest

from benchmarks.scenarios import generate_scenario
from tests.cache_support import parts, plant, rewrite
from tabletop.errors import ScenarioError
from tabletop.scenario import load_scenario_text
from tabletop.scenario import LoadedScenario
from tabletop.rules import Corpus


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "tabletop"


@pytest.fixture(scope="module")
def large(real_corpus: Corpus) -> str:
    return generate_scenario(real_corpus, 200)


def entry(folder: Path, text: str) -> Path:
    return folder / f"parse-{hashlib.sha256(text.encode('utf-8')).hexdigest()}.json"


def load(text: str, corpus: Corpus) -> LoadedScenario:
    return load_scenario_text(text, "stored.yaml", corpus, files={}, remember_parse=True)


def test_the_second_read_gives_what_the_first_gave(folder: Path, large: str, real_corpus: Corpus) -> None:
    first = load(large, real_corpus)
    assert entry(folder, large).is_file()
    second = load(large, real_corpus)
    assert second.scenario == first.scenario
    assert second.default_path() == first.default_path()
    assert second.warnings == first.warnings


def test_what_is_read_back_is_validated_and_checked_in_full(folder: Path, large: str, real_corpus: Corpus) -> None:
    load(large, real_corpus)
    path = entry(folder, large)
    header, payload = parts(path)
    data = json.loads(payload)
    data["injects"][3]["cite"] = ["XIV.Z"]  # no such clause: the checks must still say so
    rewrite(path, header, json.dumps(data).encode())
    with pytest.raises(ScenarioError, match=r"XIV\.Z"):
        load(large, real_corpus)


@pytest.mark.parametrize("damage", [b"", b"garbage", b"{}\n[]"])
def test_a_damaged_entry_is_ignored_and_rewritten(folder: Path, large: str, real_corpus: Corpus, damage: bytes) -> None:
    expected = load(large, real_corpus).scenario
    good = entry(folder, large).read_bytes()
    entry(folder, large).write_bytes(damage)
    assert load(large, real_corpus).scenario == expected
    assert entry(folder, large).read_bytes() == good


def test_errors_are_the_same_on_every_read_and_nothing_is_remembered(
    folder: Path, large: str, real_corpus: Corpus
) -> None:
    broken = large.replace("    narrative: >-\n", "    narrative: [unclosed\n", 1)
    messages = []
    for _ in range(2):
        with pytest.raises(ScenarioError) as info:
            load(broken, real_corpus)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert not entry(folder, broken).exists()


def test_a_dated_scenario_is_remembered_and_reads_back_the_same(folder: Path, large: str, real_corpus: Corpus) -> None:
    dated = large.replace("  summary: >-\n", "  date: 2026-05-01\n  end_date: 2026-05-02\n  summary: >-\n", 1)
    first = load(dated, real_corpus)
    assert entry(folder, dated).is_file()
    second = load(dated, real_corpus)
    assert second.scenario == first.scenario
    exercise = second.scenario.exercise
    assert exercise is not None
    assert exercise.date == datetime.date(2026, 5, 1)
    assert type(exercise.date) is datetime.date


def test_a_dated_error_is_the_same_on_every_read(folder: Path, large: str, real_corpus: Corpus) -> None:
    dated = large.replace("  summary: >-\n", "  sponsor: 2015-04-27\n  summary: >-\n", 1)
    messages = []
    for _ in range(2):
        with pytest.raises(ScenarioError, match="sponsor") as info:
            load(dated, real_corpus)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert entry(folder, dated).is_file()


def test_small_texts_and_ordinary_reads_are_not_remembered(folder: Path, large: str, real_corpus: Corpus) -> None:
    small = generate_scenario(real_corpus, 3)
    load(small, real_corpus)
    load_scenario_text(large, "file.yaml", real_corpus, files={})
    assert not folder.exists() or not list(folder.glob("parse-*"))


def test_an_entry_nested_deeper_than_python_parses_is_read_from_the_text(
    folder: Path, large: str, real_corpus: Corpus
) -> None:
    expected = load(large, real_corpus).scenario
    path = entry(folder, large)
    header, _ = parts(path)
    rewrite(path, header, b"[" * 200_000 + b"]" * 200_000)
    assert load(large, real_corpus).scenario == expected


def test_an_entry_planted_without_the_key_is_never_used(folder: Path, large: str, real_corpus: Corpus) -> None:
    load(large, real_corpus)
    path = entry(folder, large)
    header, payload = parts(path)
    data = json.loads(payload)
    data["injects"][0]["title"] = "Planted"
    plant(path, header, json.dumps(data).encode())
    assert load(large, real_corpus).scenario.injects[0].title != "Planted"


def checks_entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("checks-*"))


def test_the_checks_of_a_valid_stored_scenario_are_remembered_with_the_same_outcome(
    folder: Path, large: str, real_corpus: Corpus
) -> None:
    warned = large.replace("    cite: [", "    cite: [IV.D, ", 1)  # a clause of another phase: a warning
    first = load(warned, real_corpus)
    assert len(checks_entries(folder)) == 1
    second = load(warned, real_corpus)
    assert second.checks == first.checks
    assert [str(d) for d in first.warnings] == [str(d) for d in second.warnings]
    assert any("IV.D does not apply" in str(d) for d in second.warnings)
    assert second.default_path() == first.default_path()
    with pytest.raises(ScenarioError, match=r"IV\.D does not apply"):  # strict: the warning is an error
        load_scenario_text(warned, "stored.yaml", real_corpus, files={}, remember_parse=True, strict=True)


def test_a_scenario_the_checks_refuse_is_checked_in_full_on_every_read(
    folder: Path, large: str, real_corpus: Corpus
) -> None:
    broken = large.replace("    cite: [", "    cite: [XIV.Z, ", 1)
    messages = []
    for _ in range(2):
        with pytest.raises(ScenarioError, match=r"XIV\.Z") as info:
            load(broken, real_corpus)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
    assert checks_entries(folder) == []


def test_remembered_checks_of_another_shape_are_a_miss(folder: Path, large: str, real_corpus: Corpus) -> None:
    expected = load(large, real_corpus)
    (path,) = checks_entries(folder)
    header, _ = parts(path)
    rewrite(path, header, b'{"default_path":[1,2],"successors":"nothing"}')
    again = load(large, real_corpus)
    assert again.checks == expected.checks


def test_checks_planted_without_the_key_are_never_used(folder: Path, large: str, real_corpus: Corpus) -> None:
    expected = load(large, real_corpus)
    (path,) = checks_entries(folder)
    header, payload = parts(path)
    data = json.loads(payload)
    data["default_path"] = data["default_path"][:1]
    plant(path, header, json.dumps(data).encode())
    assert load(large, real_corpus).default_path() == expected.default_path()


def test_checks_are_remembered_for_the_data_checked_not_the_text(folder: Path, large: str, real_corpus: Corpus) -> None:
    # The parse read back from the cache (rewritten with the key) gives other data than before:
    # what was concluded from the first data is not taken for it.
    load(large, real_corpus)
    path = entry(folder, large)
    header, payload = parts(path)
    data = json.loads(payload)
    data["injects"][3]["next"] = "no-such-inject"
    rewrite(path, header, json.dumps(data).encode())
    with pytest.raises(ScenarioError, match="no-such-inject"):
        load(large, real_corpus)

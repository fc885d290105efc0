"""Hostile scenario and rules files: a located one-line error and the documented exit status,
never a traceback or a hang, and suggestions whose cost grows with the file, not its square."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import pytest

from tabletop.cli import cli
from tabletop.cli import run_guarded
from tabletop.rules import load_rules, load_rules_text, Corpus
from tabletop.scenario import MAX_LISTED_PER_KIND, MAX_SUGGESTED_PER_KIND, load_scenario_text
from tests.conftest import RunCli

HERE = Path(__file__).resolve().parent
RULES = HERE / "rules_fixture.yaml"

VALID = """\
title: Hostile
injects:
  - id: first
    title: Quiet start
    narrative: Routine bilateral ISR continues.
"""


@pytest.fixture
def validate(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RunCli:
    monkeypatch.chdir(tmp_path)

    def invoke(*files: str) -> tuple[int, str, str]:
        status = run_guarded(cli, ["--rules", str(RULES), "validate", "--quiet", *files])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.mark.parametrize(
    ("number", "characters"),
    [("9" * 5000, "5,000"), ("0b" + "1" * 20_000, "20,002")],
    ids=["decimal of 5,000 digits", "binary too long to write in decimal"],
)
def test_a_number_too_long_to_read_is_a_located_error(
    validate: RunCli, tmp_path: Path, number: str, characters: str
) -> None:
    (tmp_path / "s.yaml").write_text(VALID + "    time: " + number + "\n", encoding="utf-8")
    status, out, err = validate("s.yaml")
    assert status == 1 and err == ""
    assert (
        out == f"s.yaml:6:11: error: a number of {characters} characters is too long to read; "
        "put it in quotes if it is meant as text\n"
    )


def test_a_key_yaml_reads_as_a_date_is_said_as_written(validate: RunCli, tmp_path: Path) -> None:
    text = VALID.replace("title: Hostile", "title: Hostile\nexercise:\n  id: TTX-1\n  2001-01-01: new year")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    status, out, _ = validate("s.yaml")
    assert status == 1
    assert out == (
        "s.yaml:4:3: error: exercise.2001-01-01: the key 2001-01-01 is read by YAML as a date; "
        'a key must be text: put it in quotes: "2001-01-01"\n'
    )


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
        ("utf-32-le", "UTF-32 (little-endian)"),
        ("utf-16-le", "UTF-16 (little-endian)"),
    ],
)
def test_a_wide_encoding_is_named_exactly(validate: RunCli, tmp_path: Path, encoding: str, named: str) -> None:
    (tmp_path / "s.yaml").write_bytes(VALID.encode(encoding))
    status, out, _ = validate("s.yaml")
    assert status == 1
    assert out.startswith(f"s.yaml:1:1: error: the file is saved as {named}, not UTF-8;")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ('"a\\0b.yaml"', "include 'a\\x00b.yaml': contains a NUL character, which no file name can hold"),
        ("x" * 5000 + ".yaml", "is 5,005 characters long; a name may have at most 1,024"),
    ],
    ids=["nul", "5000-characters"],
)
def test_an_include_name_no_file_can_have_is_a_located_error(
    validate: RunCli, tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "s.yaml").write_text(VALID.replace("injects:", f"include: [{name}]\ninjects:"), encoding="utf-8")
    status, out, err = validate("s.yaml")
    assert status == 1 and err == ""
    assert out.startswith("s.yaml:2:11: error: include ")
    assert message in out and out.count("\n") == 1


@pytest.mark.parametrize("where", ["scenario", "include", "rules"])
def test_a_fifo_is_refused_with_its_reason_and_never_waited_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo("pipe.yaml")
    scenario = "pipe.yaml"
    rules = str(RULES)
    if where == "include":
        Path("s.yaml").write_text(VALID.replace("injects:", "include: [pipe.yaml]\ninjects:"), encoding="utf-8")
        scenario = "s.yaml"
    elif where == "rules":
        Path("s.yaml").write_text(VALID, encoding="utf-8")
        scenario, rules = "s.yaml", "pipe.yaml"
    status = run_guarded(cli, ["--rules", rules, "validate", "--quiet", scenario])
    captured = capsys.readouterr()
    reason = "is a named pipe (FIFO), not a regular file"
    if where == "include":
        assert status == 1
        assert captured.out == f"s.yaml:2:11: error: include 'pipe.yaml': {reason}; include a YAML file\n"
    else:
        assert status == 2
        assert f"tabletop: error: pipe.yaml: {reason}" in captured.err


def test_the_rules_load_from_text_alone_and_equal_the_file(tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8")
    from_text = load_rules_text(text, "/nonexistent/anywhere/rules.yaml")
    from_file = load_rules(RULES)
    assert [c.id for c in from_text] == [c.id for c in from_file]
    assert from_text.phase_slugs == from_file.phase_slugs
    assert from_text.text == from_file.text
    assert not Path("/nonexistent").exists()


def misspelt_scenario(injects: int) -> str:
    lines = ["title: Misspelt throughout", "injects:"]
    for n in range(injects):
        lines += [
            f"  - id: inject-number-{n:05d}",
            f"    title: Inject {n}",
            "    narrative: Text.",
            f"    next: inject-numbr-{(n + 1) % injects:05d}",
        ]
    return "\n".join(lines) + "\n"


class TestSuggestionCost:
    """Did-you-mean suggestions cost at most the file's length times the vocabulary's, never its square."""

    def test_only_the_first_of_a_kind_are_listed_then_and_n_more(self, corpus: Corpus) -> None:
        from tabletop.errors import ScenarioError

        with pytest.raises(ScenarioError) as caught:
            load_scenario_text(misspelt_scenario(600), "big.yaml", corpus)
        messages = [d.message for d in caught.value.diagnostics]
        assert len(messages) == MAX_LISTED_PER_KIND + 1
        suggested = [m for m in messages if "did you mean" in m]
        assert len(suggested) == MAX_SUGGESTED_PER_KIND
        assert messages[0] == (
            "inject 'inject-number-00000': unknown inject 'inject-numbr-00001'; did you mean "
            "'inject-number-00001' or 'inject-number-00010' or 'inject-number-00011'?"
        )
        assert messages[-1] == (
            f"... and {600 - MAX_LISTED_PER_KIND} more unknown injects, not listed "
            "(fix the ones above, then validate again)"
        )

    @pytest.mark.parametrize("injects", [1000, 4000])
    def test_close_comparisons_stay_bounded_however_many_mistakes(
        self, corpus: Corpus, monkeypatch: pytest.MonkeyPatch, injects: int
    ) -> None:
        from tabletop.errors import ScenarioError

        compared = []

        class Counting(difflib.SequenceMatcher[str]):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                compared.append(1)
                super().__init__(*args, **kwargs)

        monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
        with pytest.raises(ScenarioError):
            load_scenario_text(misspelt_scenario(injects), "big.yaml", corpus)
        # Each suggestion compares at most a shortlist of 100 names closely, whatever the file's size.
        assert len(compared) <= MAX_SUGGESTED_PER_KIND * 100

    def test_200000_unknown_clauses_on_one_line_are_counted_not_listed(self, corpus: Corpus) -> None:
        from tabletop.errors import ScenarioError

        cite = ", ".join(f"Q.{n}" for n in range(200_000))
        with pytest.raises(ScenarioError) as caught:
            load_scenario_text(VALID + f"    cite: [{cite}]\n", "cite.yaml", corpus)
        messages = [d.message for d in caught.value.diagnostics]
        assert len(messages) == MAX_LISTED_PER_KIND + 1
        assert messages[-1].startswith(f"... and {200_000 - MAX_LISTED_PER_KIND:,} more unknown clauses")

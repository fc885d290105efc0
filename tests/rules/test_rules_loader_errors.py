"""A broken rules file is refused with messages that name the file, the line and the offender.

Each test writes a small rules file with one defect to a temporary folder and
loads it with `load_rules`; the message must let an author go straight to the
problem: `FILE:LINE:COL: error: clause I.B: ...`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.errors import RulesError
from tabletop.rules import load_rules

VALID = """\
document:
  title: Test rules
  date: 2015-04-27
  version: test
  source: sources/test.txt
  sha256: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
  typography: kept
tags:
  maritime: Maritime security
clauses:
  - id: I
    title: Chapter one
    text: Chapter one's text.
    children:
      - id: I.A
        title: Section A
        tags: [maritime]
        text: Section A's text.
      - id: I.B
        title: Section B
        text: Section B's text.
  - id: II
    title: Chapter two
    text: Chapter two's text.
regions:
  - id: security
    title: Security situation
    initial: calm
phases:
  - slug: calm
    title: Calm
    region: security
    defined_by: [I]
    applies:
      - clauses: [I, II]
        basis: Chapter one's text.
transitions: []
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken_rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `fragment`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[occurrence - 1]


def _refusal(tmp_path: Path, text: str) -> str:
    path = _write(tmp_path, text)
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    return str(caught.value)


def _assert_located(message: str, path: Path, line: int, *names: str) -> None:
    assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: error: ", message, re.M), message
    located = [m for m in message.splitlines() if m.startswith(f"{path}:{line}:")]
    for name in names:
        assert any(name in m for m in located), (name, message)


def test_the_valid_fixture_loads(tmp_path: Path) -> None:
    corpus = load_rules(_write(tmp_path, VALID))
    assert corpus.ids == ["I", "I.A", "I.B", "II"]


def test_duplicate_clause_id_is_refused_at_the_second_occurrence(tmp_path: Path) -> None:
    text = VALID.replace("- id: I.B", "- id: I.A")
    message = _refusal(tmp_path, text)
    _assert_located(
        message, tmp_path / "broken_rules.yaml", _line_of(text, "- id: I.A", 2), "clause I.A", "duplicate id"
    )


def test_child_id_that_does_not_extend_its_parent_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("- id: I.B", "- id: II.B")
    message = _refusal(tmp_path, text)
    _assert_located(
        message, tmp_path / "broken_rules.yaml", _line_of(text, "- id: II.B"), "clause II.B", "extend its parent's (I)"
    )


def test_unknown_tag_is_refused_with_the_vocabulary(tmp_path: Path) -> None:
    text = VALID.replace("tags: [maritime]", "tags: [maritme]")
    message = _refusal(tmp_path, text)
    _assert_located(
        message,
        tmp_path / "broken_rules.yaml",
        _line_of(text, "maritme"),
        "clause I.A",
        "unknown tag 'maritme'",
        "maritime",
    )


def test_a_name_for_a_tag_that_is_not_one_is_refused_with_the_vocabulary(tmp_path: Path) -> None:
    text = VALID.replace("clauses:\n  - id: I\n", "tag_names:\n  maritme: maritime security\nclauses:\n  - id: I\n", 1)
    message = _refusal(tmp_path, text)
    _assert_located(
        message,
        tmp_path / "broken_rules.yaml",
        _line_of(text, "maritme: maritime security"),
        "tag_names: 'maritme' is not a tag",
        "maritime",
    )


def test_phase_naming_an_unknown_clause_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("clauses: [I, II]", "clauses: [I, IX]")
    message = _refusal(tmp_path, text)
    _assert_located(
        message, tmp_path / "broken_rules.yaml", _line_of(text, "clauses: [I, IX]"), "phase calm", "unknown clause IX"
    )


def test_unknown_key_is_refused_with_a_did_you_mean(tmp_path: Path) -> None:
    text = VALID.replace("        title: Section B\n", "        title: Section B\n        titel: B\n")
    message = _refusal(tmp_path, text)
    _assert_located(
        message,
        tmp_path / "broken_rules.yaml",
        _line_of(text, "titel"),
        "clause I.B",
        "unknown key 'titel'",
        "did you mean 'title'",
    )


def test_yaml_syntax_error_is_refused_at_its_line(tmp_path: Path) -> None:
    text = VALID.replace("tags: [maritime]", "tags: [maritime")
    message = _refusal(tmp_path, text)
    line = message.split(":")[1]
    assert message.startswith(f"{tmp_path / 'broken_rules.yaml'}:")
    assert int(line) in range(_line_of(text, "[maritime"), _line_of(text, "text: Section A") + 1)
    assert "Traceback" not in message


def test_duplicate_mapping_key_is_refused_naming_the_key_and_the_clause(tmp_path: Path) -> None:
    text = VALID.replace("    title: Chapter two\n", "    title: Chapter two\n    title: Again\n")
    message = _refusal(tmp_path, text)
    _assert_located(
        message,
        tmp_path / "broken_rules.yaml",
        _line_of(text, "title: Again"),
        "clause II",
        "duplicate key 'title'",
        f"line {_line_of(text, 'title: Chapter two')}",
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = VALID.replace("- id: I.B", "- id: II.B").replace("tags: [maritime]", "tags: [maritme]")
    message = _refusal(tmp_path, text)
    assert "clause II.B" in message and "clause I.A" in message
    assert len(message.splitlines()) == 2


def test_clause_id_of_the_wrong_form_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("- id: I.B", "- id: I.b")
    message = _refusal(tmp_path, text)
    _assert_located(message, tmp_path / "broken_rules.yaml", _line_of(text, "- id: I.b"), "clause I.b")


def test_a_clause_without_a_title_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("        title: Section B\n", "")
    message = _refusal(tmp_path, text)
    assert "clause I.B" in message and "missing required key 'title'" in message

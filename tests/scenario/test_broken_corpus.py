"""Every file in broken/ is refused (or warned about) with exactly the lines in its .expected file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tabletop.errors import ScenarioError
from tabletop.scenario import load_scenario
from tabletop.rules import Corpus

HERE = Path(__file__).resolve().parent
BROKEN = sorted((HERE / "broken").glob("*.yaml"))


def test_the_broken_corpus_is_large_enough_and_each_file_has_its_expectation() -> None:
    assert len(BROKEN) >= 30
    missing = [path.name for path in BROKEN if not path.with_suffix(".expected").is_file()]
    assert missing == []


@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_broken_scenario_reports_exactly_the_expected_lines(
    path: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(HERE)
    shown = f"broken/{path.name}"
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    try:
        loaded = load_scenario(shown, corpus)
    except ScenarioError as exc:
        lines = [str(d) for d in exc.diagnostics]
        assert any(d.severity == "error" for d in exc.diagnostics)
    else:
        lines = [str(d) for d in loaded.warnings]
        assert all(" warning: " in line for line in expected), "expected an error but the file loaded"
    assert lines == expected


def test_every_expected_line_has_the_compiler_form() -> None:
    for path in BROKEN:
        for line in path.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
            file, line_no, column, rest = line.split(":", 3)
            assert file == f"broken/{path.name}" or file.startswith("broken/parts/")
            assert line_no.isdigit() and column.isdigit()
            assert rest.startswith((" error: ", " warning: "))
            assert os.linesep not in rest

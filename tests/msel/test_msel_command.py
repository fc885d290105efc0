"""The `tabletop msel` commands as a planner runs them: files written, messages, exit statuses."""

from __future__ import annotations

import openpyxl
import pytest
from tests.msel.msel_support import SAMPLES, edit, letter, without_include

from tabletop.scenario import load_scenario
from tabletop.rules import Corpus
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from tests.conftest import RunCli
from benchmarks.scenarios import generate_scenario
from openpyxl import Workbook

SOUTHWEST = next(path for path in SAMPLES if path.stem == "southwest_islands")


@pytest.fixture
def exported(run_cli: RunCli, tmp_path: Path) -> Path:
    target = tmp_path / "msel.xlsx"
    status, out, err = run_cli("msel", "export", str(SOUTHWEST), "-o", str(target))
    assert (status, out) == (0, "")
    assert err == f"wrote {target}; after editing it: tabletop msel import {target} -o SCENARIO.yaml\n"
    return target


def test_export_twice_writes_the_same_file(run_cli: RunCli, exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    assert run_cli("msel", "export", str(SOUTHWEST), "-o", str(again))[0] == 0
    assert again.read_bytes() == exported.read_bytes()


def test_import_writes_a_scenario_that_validates_and_equals_the_original(
    run_cli: RunCli, exported: Path, tmp_path: Path, corpus: Corpus
) -> None:
    target = tmp_path / "back.yaml"
    status, out, err = run_cli("msel", "import", str(exported), "-o", str(target))
    original = load_scenario(SOUTHWEST, corpus).scenario
    assert (status, out) == (0, "")
    assert err == f"wrote {target} ({len(original.injects)} injects); it validates\n"
    assert load_scenario(target, corpus).scenario == without_include(original)
    assert run_cli("validate", str(target))[0] == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["back.yaml", "msel.xlsx"]  # no temporary left


def test_import_without_output_prints_the_yaml(run_cli: RunCli, exported: Path, tmp_path: Path, corpus: Corpus) -> None:
    status, out, err = run_cli("msel", "import", str(exported))
    assert (status, err) == (0, "")
    assert out.startswith("title: ")
    (tmp_path / "printed.yaml").write_text(out, "utf-8")
    assert load_scenario(tmp_path / "printed.yaml", corpus).scenario.title == load_scenario(SOUTHWEST).scenario.title


def test_import_errors_print_every_problem_at_its_cell_and_write_nothing(
    run_cli: RunCli, exported: Path, tmp_path: Path
) -> None:
    def change(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet[f"{letter(sheet, 'Phase')}3"] = "atack"
        sheet[f"{letter(sheet, 'Time')}4"] = "D-1 6:00"

    exported.write_bytes(edit(exported.read_bytes(), change))
    target = tmp_path / "kept.yaml"
    target.write_text("an earlier import\n", "utf-8")
    status, out, err = run_cli("msel", "import", str(exported), "-o", str(target))
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert lines[0].startswith(f"{exported}:MSEL!D3: error: inject ")
    assert "unknown phase 'atack'; did you mean 'attack'?" in lines[0]
    assert lines[1].startswith(f"{exported}:MSEL!B4: error: inject ")
    assert "time 'D-1 6:00' is not a scenario time; did you mean \"D-1 06:00\"?" in lines[1]
    assert len(lines) == 2
    assert target.read_text("utf-8") == "an earlier import\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.yaml", "msel.xlsx"]


def test_import_strict_fails_on_warnings_and_writes_nothing(run_cli: RunCli, exported: Path, tmp_path: Path) -> None:
    def change(book: Workbook) -> None:
        book["MSEL"]["V1"] = "Status"

    exported.write_bytes(edit(exported.read_bytes(), change))
    target = tmp_path / "strict.yaml"
    status, _out, err = run_cli("msel", "import", str(exported), "-o", str(target), "--strict")
    assert status == 1
    assert err.splitlines() == [
        f"{exported}:MSEL!V1: warning: column 'Status' is not imported",
        f"{exported}: --strict: the warnings count as errors (nothing was written)",
    ]
    assert not target.exists()
    assert run_cli("msel", "import", str(exported), "-o", str(target))[0] == 0


def test_import_of_something_that_is_not_a_workbook_is_one_line_and_status_1(run_cli: RunCli, tmp_path: Path) -> None:
    csv = tmp_path / "msel.xlsx"
    csv.write_text("No.,Title\n1,Start\n", "utf-8")
    status, out, err = run_cli("msel", "import", str(csv))
    assert (status, out) == (1, "")
    assert err == (
        f"{csv}: error: this is not an Excel workbook (.xlsx); in the spreadsheet program, save it "
        "as an Excel Workbook (.xlsx)\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["msel", "import", "missing.xlsx"], "tabletop: error: missing.xlsx: no such file\n"),
        (
            ["msel", "export", "southwest_island", "-o", "x.xlsx"],
            "tabletop: error: southwest_island: no such scenario "
            "file, nor a bundled sample of that id; did you mean 'southwest_islands'?\n",
        ),
        (
            ["msel", "export", str(SOUTHWEST), "-o", "x.yaml"],
            "tabletop: error: x.yaml: the workbook's name must end in .xlsx (nothing was written)\n",
        ),
        (
            ["msel", "import", "in.xlsx", "--map", "missing.yaml"],
            "tabletop: error: missing.yaml: no such mapping file\n",
        ),
    ],
)
def test_usage_errors_exit_2(
    run_cli: RunCli, argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli(*argv)
    assert (status, out) == (2, "")
    assert err.startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_export_of_an_invalid_scenario_prints_the_validators_lines(run_cli: RunCli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: T\ninjects:\n  - id: a\n    title: t\n    narrative: n\n    phase: atack\n", "utf-8")
    status, _out, err = run_cli("msel", "export", str(broken), "-o", str(tmp_path / "x.xlsx"))
    assert status == 1
    assert err == f"{broken}:6:5: error: inject 'a': unknown phase 'atack'; did you mean 'attack'?\n"
    assert not (tmp_path / "x.xlsx").exists()


def test_a_second_export_of_a_large_scenario_reads_its_remembered_parse_and_validates_it_again(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Corpus
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    large = tmp_path / "large.yaml"
    large.write_text(generate_scenario(corpus, 120), encoding="utf-8")  # large enough to be remembered
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert run_cli("msel", "export", str(large), "-o", str(first))[0] == 0
    remembered = tmp_path / "cache" / "tabletop"
    assert len(list(remembered.glob("parse-*"))) == 1
    assert run_cli("msel", "export", str(large), "-o", str(second))[0] == 0
    assert second.read_bytes() == first.read_bytes()

    # The same text made invalid: refused the first time, and alike once its parse is remembered.
    broken = tmp_path / "broken.yaml"
    broken.write_text(large.read_text(encoding="utf-8").replace("    phase: ", "    phase: x", 1), encoding="utf-8")
    answers = [run_cli("msel", "export", str(broken), "-o", str(tmp_path / "x.xlsx")) for _ in range(2)]
    assert len(list(remembered.glob("parse-*"))) == 2
    assert answers[0] == answers[1]
    status, out, err = answers[0]
    assert (status, out) == (1, "")
    assert f"{broken}:" in err and "error: inject" in err and "unknown phase 'x" in err
    assert not (tmp_path / "x.xlsx").exists()


def test_import_refuses_to_replace_the_workbook_itself(run_cli: RunCli, exported: Path) -> None:
    status, _, err = run_cli("msel", "import", str(exported), "-o", str(exported))
    assert status == 2 and "is the workbook being imported" in err
    assert openpyxl.load_workbook(exported).sheetnames[0] == "MSEL"


def test_import_of_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fifo = tmp_path / "msel.xlsx"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "tabletop", "msel", "import", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,  # a read would wait for a writer for ever
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == f"tabletop: error: {fifo}: is a named pipe (FIFO), not a regular file; a workbook is an .xlsx file\n"
    )


def test_a_map_misspelt_throughout_is_located_in_one_pass_over_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each misspelt field is located in the file once; finding its line must not walk every key
    before it again (10,000 misspellings took seconds, 30,000 most of a minute)."""
    import yaml

    from tabletop.errors import ScenarioError
    from tabletop.msel import load_column_map

    fields = 2000
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n" + "".join(f"  Header {n}: titel{n}\n" for n in range(fields)), encoding="utf-8")
    visited = [0]

    class CountedEntries(list[tuple[yaml.Node, yaml.Node]]):
        def __iter__(self) -> Iterator[tuple[yaml.Node, yaml.Node]]:
            for entry in super().__iter__():
                visited[0] += 1
                yield entry

    compose = yaml.compose

    def counted(*args: Any, **kwargs: Any) -> yaml.Node | None:
        root = compose(*args, **kwargs)
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                node.value = CountedEntries(node.value)
                stack.extend(value for _, value in node.value)
        visited[0] = 0
        return root

    monkeypatch.setattr(yaml, "compose", counted)  # the module the scenario reader composes with
    with pytest.raises(ScenarioError) as caught:
        load_column_map(mapping)
    assert len(caught.value.diagnostics) == fields
    assert [d.line for d in caught.value.diagnostics] == list(range(2, fields + 2))
    assert visited[0] <= 3 * fields

"""Importing an edited workbook over the scenario it came from keeps the author's comments and layout.

Only what the planner changed in the workbook changes in the file; a file that cannot be kept so
(it includes other files) is left alone and the scenario is written beside it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.msel.msel_support import SAMPLES, edit, headers, import_workbook, render_workbook, row_of

from tabletop.msel import merge_into
from tabletop.scenario import Scenario, UpdateRefused, load_scenario, updated_scenario_text
from tabletop.rules import Corpus
from tests.conftest import RunCli
from openpyxl import Workbook

COMMENTED = """\
# yaml-language-server: $schema=scenario.schema.json
#
# A drill for the round trip. The author's notes live in comments like this one.
title: "Round trip drill"   # the title as the programme office filed it

exercise:
  id: TTX-RT-01
  version: "2.1"                        # bump on every review
  classification: 'UNCLASSIFIED // FOR TRAINING USE'
  date: 2030-05-14
  start_phase: peacetime

objectives:
  # Keep these in the order the sponsor listed them.
  - id: coordination
    text: Examine how the two governments share a picture.
    capability: Operational Coordination

cells:
  - id: japan
    name: Japan cell
    organisations: [Cabinet Secretariat, Ministry of Defense]   # flow style, kept
  - id: us
    name: U.S. cell

injects:
  # ---- Module 1: the first day ----
  - id: first
    title: Routine patrols
    time: "D-3 06:00"
    to: [japan, us]
    objectives: [coordination]
    narrative: >-
      Routine bilateral patrols continue; the Alliance Coordination
      Mechanism meets at the working level.
    questions:
      - Which channels are active?   # ask this first
    contingency: false   # written out on purpose

  # ---- Module 2: tension ----
  - id: tension
    title: Vessels gather
    time: "D-2"
    phase: emerging_threats
    gates: {important_influence: true}
    narrative: Vessels gather near the islands.
    facilitator_notes: Let the room argue; do not settle it.  # reviewer: keep

  - id: quiet_end
    title: Tension subsides
    time: "D-1"
    phase: peacetime
    narrative: The two governments agree that the situation has eased.
"""


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line and "$schema" not in line] + [
        line for line in text.splitlines() if line.startswith("# yaml-language-server")
    ]


def test_an_edited_workbook_imported_over_a_commented_scenario_keeps_the_comments(
    run_cli: RunCli, commented: Path, tmp_path: Path, corpus: Corpus
) -> None:
    workbook = tmp_path / "drill.xlsx"
    assert run_cli("msel", "export", str(commented), "-o", str(workbook))[0] == 0

    def review(book: Workbook) -> None:
        sheet = book["MSEL"]
        columns = headers(sheet)
        sheet.cell(row_of(sheet, "tension"), columns["Narrative"]).value = "Forty vessels gather off Island A."
        sheet.cell(row_of(sheet, "first"), columns["Time"]).value = "D-4 06:00"

    workbook.write_bytes(edit(workbook.read_bytes(), review))
    status, out, err = run_cli("msel", "import", str(workbook), "-o", str(commented))
    assert (status, out) == (0, "")
    assert err == f"updated {commented} (3 injects); its comments and layout kept where nothing changed; it validates\n"
    text = commented.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert _comments(text) == _comments(COMMENTED)
    # The data changed, and only where the planner changed it.
    scenario = load_scenario(commented, corpus).scenario
    assert {i.id: i.narrative for i in scenario.injects}["tension"] == "Forty vessels gather off Island A."
    assert scenario.injects[0].time == "D-4 06:00"
    changed = [
        line
        for line in difflib.unified_diff(COMMENTED.splitlines(), text.splitlines(), lineterm="", n=0)
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]
    assert changed == [
        '-    time: "D-3 06:00"',
        '+    time: "D-4 06:00"',
        "-    narrative: Vessels gather near the islands.",
        "+    narrative: Forty vessels gather off Island A.",
    ]
    assert run_cli("validate", str(commented))[0] == 0


def test_an_unchanged_workbook_leaves_the_file_byte_for_byte(run_cli: RunCli, commented: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "drill.xlsx"
    run_cli("msel", "export", str(commented), "-o", str(workbook))
    status, _, err = run_cli("msel", "import", str(workbook), "-o", str(commented))
    assert status == 0 and err == f"{commented}: already holds this scenario; left as it is\n"
    assert commented.read_text(encoding="utf-8") == COMMENTED


def test_a_removed_and_an_added_inject_take_and_bring_their_own_lines(commented: Path, corpus: Corpus) -> None:
    loaded = load_scenario(commented, corpus)

    def review(book: Workbook) -> None:
        sheet = book["MSEL"]
        columns = headers(sheet)
        sheet.delete_rows(row_of(sheet, "quiet_end"))
        row = sheet.max_row + 1
        for column, value in (("No.", 9), ("ID", "ceasefire"), ("Title", "Ceasefire"), ("To", "japan, us")):
            sheet.cell(row, columns[column]).value = value
        sheet.cell(row, columns["Narrative"]).value = "The parties agree to a ceasefire."
        sheet.cell(row, columns["Phase"]).value = "peacetime"

    imported = import_workbook(edit(render_workbook(loaded, corpus), review), "drill.xlsx", corpus)
    text = merge_into(COMMENTED, "drill.yaml", imported, corpus)
    assert "quiet_end" not in text and "  - id: ceasefire\n" in text
    assert "to: [japan, us]" in text.split("id: ceasefire", 1)[1]  # written as its siblings write lists
    assert "# ---- Module 2: tension ----" in text and "# reviewer: keep" in text


def test_a_scenario_that_includes_files_is_left_alone_and_the_import_written_beside_it(
    run_cli: RunCli, tmp_path: Path, corpus: Corpus
) -> None:
    southwest = next(path for path in SAMPLES if path.stem == "southwest_islands")
    folder = tmp_path / "copy"
    folder.mkdir()
    main = folder / southwest.name
    main.write_text(southwest.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "southwest_islands").mkdir()
    for part in (southwest.parent / "southwest_islands").iterdir():
        (folder / "southwest_islands" / part.name).write_text(part.read_text(encoding="utf-8"), encoding="utf-8")
    workbook = tmp_path / "sw.xlsx"
    run_cli("msel", "export", str(main), "-o", str(workbook))
    before = main.read_bytes()
    status, _, err = run_cli("msel", "import", str(workbook), "-o", str(main))
    beside = folder / "southwest_islands.imported.yaml"
    count = len(load_scenario(main, corpus).scenario.injects)
    assert status == 0
    assert err == (
        f"{main}: left as it is (it includes other files, and the workbook holds the whole scenario as one); "
        f"wrote {beside} beside it ({count} injects); it validates\n"
    )
    assert main.read_bytes() == before
    assert load_scenario(beside, corpus).scenario == load_scenario(main, corpus).scenario.model_copy(
        update={"include": []}
    )


def test_a_file_with_anchors_is_refused_with_the_reason() -> None:
    text = "title: x\nbase: &b {narrative: n}\ninjects:\n  - id: a\n    title: A\n    <<: *b\n"
    with pytest.raises(UpdateRefused, match="anchors"):
        updated_scenario_text(text, {"title": "x", "injects": []})


@pytest.mark.parametrize("path", [p for p in SAMPLES if p.stem != "southwest_islands"], ids=lambda p: p.stem)
def test_every_sample_without_includes_takes_its_own_workbook_back_unchanged(path: Path, corpus: Corpus) -> None:
    loaded = load_scenario(path, corpus)
    imported = import_workbook(render_workbook(loaded, corpus), "msel.xlsx", corpus)
    original = path.read_text(encoding="utf-8")
    assert merge_into(original, path.name, imported, corpus) == original


_SAMPLE = next(p for p in SAMPLES if p.stem == "regional_crisis_neo")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(
            st.integers(0, 10), st.sampled_from(["Title", "Narrative", "Facilitator notes"]), st.text(min_size=1)
        ),
        max_size=3,
    )
)
def test_any_edited_text_lands_and_every_comment_of_the_sample_stays(
    changes: list[tuple[int, str, str]], corpus: Corpus
) -> None:
    original = _SAMPLE.read_text(encoding="utf-8")
    loaded = load_scenario(_SAMPLE, corpus)
    ids = [inject.id for inject in loaded.scenario.injects]
    plain = [change for change in changes if change[2].strip() and change[2].isprintable()]

    def review(book: Workbook) -> None:
        sheet = book["MSEL"]
        columns = headers(sheet)
        for index, column, value in plain:
            sheet.cell(row_of(sheet, ids[index % len(ids)]), columns[column]).value = value

    imported = import_workbook(edit(render_workbook(loaded, corpus), review), "msel.xlsx", corpus)
    text = merge_into(original, _SAMPLE.name, imported, corpus)
    kept = [line.strip() for line in original.splitlines() if line.lstrip().startswith("#")]
    assert [line.strip() for line in text.splitlines() if line.lstrip().startswith("#")] == kept
    assert load_scenario_from(text, corpus) == imported.loaded.scenario


def load_scenario_from(text: str, corpus: Corpus) -> Scenario:
    from tabletop.scenario import load_scenario_text

    return load_scenario_text(text, "regional_crisis_neo.yaml", corpus, files={}).scenario


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_a_file_saved_with_windows_line_ends_takes_an_unchanged_workbook_back_byte_for_byte(
    run_cli: RunCli, tmp_path: Path, bom: str
) -> None:
    scenario = tmp_path / "drill.yaml"
    original = (bom + COMMENTED.replace("\n", "\r\n")).encode("utf-8")
    scenario.write_bytes(original)
    workbook = tmp_path / "drill.xlsx"
    run_cli("msel", "export", str(scenario), "-o", str(workbook))
    status, _, err = run_cli("msel", "import", str(workbook), "-o", str(scenario))
    assert (status, err) == (0, f"{scenario}: already holds this scenario; left as it is\n")
    assert scenario.read_bytes() == original
    assert sorted(path.name for path in tmp_path.iterdir()) == ["drill.xlsx", "drill.yaml"]


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_an_edit_lands_in_a_file_which_keeps_its_line_ends_and_its_byte_order_mark(
    run_cli: RunCli, tmp_path: Path, bom: str, line_end: str, corpus: Corpus
) -> None:
    scenario = tmp_path / "drill.yaml"
    scenario.write_bytes((bom + COMMENTED.replace("\n", line_end)).encode("utf-8"))
    workbook = tmp_path / "drill.xlsx"
    run_cli("msel", "export", str(scenario), "-o", str(workbook))

    def review(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet.cell(row_of(sheet, "tension"), headers(sheet)["Narrative"]).value = "Forty vessels gather."

    workbook.write_bytes(edit(workbook.read_bytes(), review))
    status, _, err = run_cli("msel", "import", str(workbook), "-o", str(scenario))
    assert (status, err) == (
        0,
        f"updated {scenario} (3 injects); its comments and layout kept where nothing changed; it validates\n",
    )
    expected = COMMENTED.replace("narrative: Vessels gather near the islands.", "narrative: Forty vessels gather.")
    assert scenario.read_bytes() == (bom + expected.replace("\n", line_end)).encode("utf-8")
    assert load_scenario(scenario, corpus).scenario.injects[1].narrative == "Forty vessels gather."


def test_a_file_whose_lines_end_in_two_ways_is_left_alone_with_the_reason(run_cli: RunCli, tmp_path: Path) -> None:
    scenario = tmp_path / "drill.yaml"
    lines = COMMENTED.splitlines(keepends=True)
    original = "".join(lines[:10]).replace("\n", "\r\n") + "".join(lines[10:])
    scenario.write_bytes(original.encode("utf-8"))
    workbook = tmp_path / "drill.xlsx"
    run_cli("msel", "export", str(scenario), "-o", str(workbook))
    status, _, err = run_cli("msel", "import", str(workbook), "-o", str(scenario))
    beside = tmp_path / "drill.imported.yaml"
    assert (status, err) == (
        0,
        f"{scenario}: left as it is (its lines end in both the Windows way (CRLF) and another; save it with one "
        f"kind of line end); wrote {beside} beside it (3 injects); it validates\n",
    )
    assert scenario.read_bytes() == original.encode("utf-8")

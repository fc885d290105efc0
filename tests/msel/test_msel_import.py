"""`tabletop msel import`: a workbook a planner edited, read back into a scenario or located errors."""

from __future__ import annotations

import openpyxl
import pytest
from tests.msel.msel_support import (
    SAMPLES,
    edit,
    headers,
    import_workbook,
    letter,
    load_sample,
    render_workbook,
    scenario_data,
    validate_text,
    without_include,
)

from tabletop.errors import ScenarioError
from tabletop.msel import ColumnMap, MselError, load_column_map
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from collections.abc import Callable
from pathlib import Path
from typing import Any
from openpyxl import Workbook

SOUTHWEST = next(path for path in SAMPLES if path.stem == "southwest_islands")


@pytest.fixture(scope="module")
def sample(corpus: Corpus) -> LoadedScenario:
    return load_sample(SOUTHWEST, corpus)


@pytest.fixture(scope="module")
def exported(sample: LoadedScenario, corpus: Corpus) -> bytes:
    return render_workbook(sample, corpus)


def _problems(data: bytes, corpus: Corpus, *, columns: ColumnMap | None = None) -> list[str]:
    with pytest.raises(MselError) as caught:
        import_workbook(data, "msel.xlsx", corpus, columns=columns)
    return [str(d) for d in caught.value.diagnostics]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_every_sample_round_trips_through_its_workbook(path: Path, corpus: Corpus) -> None:
    loaded = load_sample(path, corpus)
    imported = import_workbook(render_workbook(loaded, corpus), "msel.xlsx", corpus)
    assert imported.loaded.scenario == without_include(loaded.scenario)
    assert imported.warnings == []


def test_written_yaml_reads_like_the_samples(exported: bytes, sample: LoadedScenario, corpus: Corpus) -> None:
    text = import_workbook(exported, "msel.xlsx", corpus).text
    top_keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith((" ", "-"))]
    assert top_keys == [
        "title",
        "exercise",
        "objectives",
        "cells",
        "modules",
        "agenda",
        "contacts",
        "acronyms",
        "injects",
    ]
    assert "\n  - id: " in text  # lists indented under their key, block style
    assert "{" not in text.split("injects:")[1].split("\n")[1]
    first = sample.scenario.injects[0]
    assert f"  - id: {first.id}\n    title: " in text


def _planner_edit(sample: LoadedScenario) -> tuple[int, Callable[[Workbook], None]]:
    """Re-sort the rows, add an inject after one on the default path, as a planner would."""
    injects = sample.scenario.injects
    after = next(
        k
        for k, inject in enumerate(injects[:-1])
        if not inject.contingency and not inject.options and inject.next is None and not injects[k + 1].contingency
    )

    def change(book: openpyxl.Workbook) -> None:
        sheet = book["MSEL"]
        columns = headers(sheet)
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        added: list[object] = [None] * len(columns)
        added[columns["No."] - 1] = after + 1.5
        added[columns["Title"] - 1] = "A ferry reports a drone overhead"
        added[columns["Narrative"] - 1] = "The ferry's master reports a small drone circling the ship."
        added[columns["Discussion questions"] - 1] = "Who is told first? [cell: japan]\n- What does the U.S. cell ask?"
        rows.append(added)
        rows.sort(key=lambda row: str(row[columns["Title"] - 1]))  # sorted by title, say
        for number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                sheet.cell(number, column).value = value

    return after, change


def test_re_sorted_rows_and_an_added_inject_import_in_play_order(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    after, change = _planner_edit(sample)
    imported = import_workbook(edit(exported, change), "msel.xlsx", corpus)
    injects = imported.loaded.scenario.injects
    original = sample.scenario.injects
    assert [i.id for i in injects] == [i.id for i in original[: after + 1]] + ["a-ferry-reports-a-drone-overhead"] + [
        i.id for i in original[after + 1 :]
    ]
    added = injects[after + 1]
    assert added.questions[0].cell == "japan" and added.questions[0].text == "Who is told first?"
    assert added.questions[1] == "What does the U.S. cell ask?"
    assert [inject for inject in injects if inject.id != added.id] == list(original)
    assert len(imported.warnings) == 1
    assert "no ID: this inject is given the id 'a-ferry-reports-a-drone-overhead'" in str(imported.warnings[0])


def _with_inject_changed(sample: LoadedScenario, k: int, **changes: object) -> dict[str, Any]:
    data = scenario_data(sample.scenario)
    data.pop("include", None)
    data["injects"][k].update(changes)
    return data


def test_errors_are_located_at_their_cells_with_the_validators_own_messages(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    injects = sample.scenario.injects
    phase_k = next(k for k, inject in enumerate(injects) if inject.phase)
    phase = injects[phase_k].phase
    assert phase
    misspelt_phase = phase[:-3]
    cite_k = next(k for k, inject in enumerate(injects) if inject.cite and k != phase_k)
    wrong_clause = injects[cite_k].cite[0] + ".9"

    def change(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet[f"{letter(sheet, 'Phase')}{phase_k + 2}"] = misspelt_phase
        sheet[f"{letter(sheet, 'Clauses cited')}{cite_k + 2}"] = wrong_clause

    problems = _problems(edit(exported, change), corpus)
    expected_messages = {
        d.message
        for d in validate_text(_with_inject_changed(sample, phase_k, phase=misspelt_phase), corpus)
        if d.severity == "error"
    }
    phase_cell = f"msel.xlsx:MSEL!D{phase_k + 2}: error: "
    assert [p.removeprefix(phase_cell) for p in problems if p.startswith(phase_cell)] == sorted(expected_messages)
    assert any("unknown phase" in message and "did you mean" in message for message in expected_messages)
    clause_messages = {
        d.message
        for d in validate_text(_with_inject_changed(sample, cite_k, cite=[wrong_clause]), corpus)
        if d.severity == "error"
    }
    clause_cell = f"msel.xlsx:MSEL!P{cite_k + 2}: error: "
    assert [p.removeprefix(clause_cell) for p in problems if p.startswith(clause_cell)] == sorted(clause_messages)
    assert len(problems) == len(expected_messages) + len(clause_messages)  # every problem at once, nothing else


def test_a_blank_required_cell_is_located_at_that_cell(sample: LoadedScenario, exported: bytes, corpus: Corpus) -> None:
    def change(book: Workbook) -> None:
        book["MSEL"]["K3"] = None
        book["Exercise"]["B2"] = None

    problems = _problems(edit(exported, change), corpus)
    assert (
        f"msel.xlsx:MSEL!K3: error: inject {sample.scenario.injects[1].id!r}: missing required key 'title'" in problems
    )
    assert (
        "msel.xlsx:Exercise!B2: error: Title: the exercise needs one; write it in the Title row of the Exercise sheet"
        in problems
    )


def test_a_duplicate_id_names_the_cell_of_its_first_use(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    first = sample.scenario.injects[0].id

    def change(book: Workbook) -> None:
        book["MSEL"]["J4"] = first

    problems = _problems(edit(exported, change), corpus)
    assert f"msel.xlsx:MSEL!J4: error: duplicate inject id {first!r} (first used at MSEL!J2)" in problems


def test_an_unknown_attribute_in_a_list_cell_gets_the_validators_suggestion(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    k = next(k for k, inject in enumerate(sample.scenario.injects) if inject.questions)

    def change(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet[f"M{k + 2}"] = "Who decides? [cel: japan]\nWhat then? [cell: japan"

    problems = _problems(edit(exported, change), corpus)
    inject = sample.scenario.injects[k].id
    assert problems == [
        f"msel.xlsx:MSEL!M{k + 2}: error: inject {inject!r}: Discussion questions, line 2: a `[` is never closed: "
        "end the entry's attributes with `]`, or write `\\[` for a bracket in the text",
        f"msel.xlsx:MSEL!M{k + 2}: error: inject {inject!r}: Discussion questions, line 1: unknown key 'cel'; "
        "did you mean 'cell'?",
    ]


def test_a_play_order_that_is_not_a_number_is_an_error_and_a_formula_is_never_evaluated(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    def change(book: Workbook) -> None:
        book["MSEL"]["A3"] = "=A2+1"
        book["MSEL"]["K4"] = "=UPPER(K2)"

    problems = _problems(edit(exported, change), corpus)
    second = sample.scenario.injects[1]
    assert problems == [
        f"msel.xlsx:MSEL!A3: error: inject {second.id!r} (titled {second.title!r}): No. must be a number giving "
        "the play order, found '=A2+1' (formulas are not evaluated: type the number)"
    ]

    def title_formula(book: Workbook) -> None:
        book["MSEL"]["K4"] = "=UPPER(K2)"

    imported = import_workbook(edit(exported, title_formula), "msel.xlsx", corpus)
    assert imported.loaded.scenario.injects[2].title == "=UPPER(K2)"


def test_a_renamed_column_is_reported_and_its_values_missed(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    def change(book: Workbook) -> None:
        book["MSEL"]["L1"] = "Narative"

    problems = _problems(edit(exported, change), corpus)
    assert problems[0] == "msel.xlsx:MSEL!L1: warning: column 'Narative' is not imported; did you mean 'Narrative'?"
    first = sample.scenario.injects[0].id
    assert f"msel.xlsx:MSEL!J2: error: inject {first!r}: missing required key 'narrative'" in problems


def test_a_workbook_of_another_layout_is_read_through_a_column_map(tmp_path: Path, corpus: Corpus) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Events"
    sheet.append(["Blue Horizon MSEL"])
    sheet.append(["Event #", "Scenario Time", "Event Title", "Description", "Status"])
    sheet.append([2, "D-1", "Ships sighted", "Patrol aircraft report ships.", "draft"])
    sheet.append([1, "D-2", "Quiet start", "Routine ISR continues.", "final"])
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        'sheet: Events\nheader_row: 2\ntitle: Blue Horizon\ncolumns:\n  "Event #": number\n'
        "  Scenario Time: time\n  Event Title: title\n  Description: narrative\n",
        "utf-8",
    )
    from io import BytesIO

    data = BytesIO()
    book.save(data)
    imported = import_workbook(data.getvalue(), "blue.xlsx", corpus, columns=load_column_map(mapping))
    scenario = imported.loaded.scenario
    assert scenario.title == "Blue Horizon"
    assert [(i.id, i.time, i.narrative) for i in scenario.injects] == [
        ("quiet-start", "D-2", "Routine ISR continues."),
        ("ships-sighted", "D-1", "Patrol aircraft report ships."),
    ]
    assert "blue.xlsx:Events!E2: warning: column 'Status' is not imported" in [str(w) for w in imported.warnings]


def test_a_column_map_with_an_unknown_field_is_refused_at_its_line(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  Event Title: titel\nheader_rows: 2\n", "utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_column_map(mapping)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{mapping}:3:1: error: unknown key 'header_rows'; did you mean 'header_row'?"
    ]
    mapping.write_text("columns:\n  Event Title: titel\n", "utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_column_map(mapping)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{mapping}:2:3: error: columns: 'Event Title': unknown field 'titel'; did you mean 'title'?"
    ]


def test_a_missing_sheet_named_in_the_map_is_reported(exported: bytes, corpus: Corpus) -> None:
    problems = _problems(exported, corpus, columns=ColumnMap(sheet="Events"))
    assert (
        problems[0] == "msel.xlsx: error: no sheet named 'Events'; the sheets are: MSEL, Exercise, Objectives, "
        "Cells, Modules, Agenda, Contacts, Acronyms, Read me"
    )


def test_a_row_without_a_number_follows_the_row_above_and_a_row_with_only_a_number_is_no_inject(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    injects = sample.scenario.injects
    k = next(
        k
        for k, inject in enumerate(injects[:-1])
        if not inject.contingency and not inject.options and inject.next is None and not injects[k + 1].contingency
    )

    def change(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet.insert_rows(k + 3)
        sheet[f"{letter(sheet, 'ID')}{k + 3}"] = "inserted"
        sheet[f"{letter(sheet, 'Title')}{k + 3}"] = "Inserted below"
        sheet[f"{letter(sheet, 'Narrative')}{k + 3}"] = "Typed in a new row without a number."
        sheet[f"A{sheet.max_row + 1}"] = len(injects) + 1

    imported = import_workbook(edit(exported, change), "msel.xlsx", corpus)
    ids = [inject.id for inject in imported.loaded.scenario.injects]
    assert ids == [i.id for i in injects[: k + 1]] + ["inserted"] + [i.id for i in injects[k + 1 :]]
    assert imported.warnings == []


def test_the_agenda_contacts_and_acronyms_sheets_import_back_and_their_mistakes_are_located(
    exported: bytes, sample: LoadedScenario, corpus: Corpus
) -> None:
    def review(book: Workbook) -> None:
        acronyms = book["Acronyms"]
        acronyms.append(["ACM", "Said twice"])
        acronyms.append(["LNO", None])
        agenda = book["Agenda"]
        agenda.cell(3, 2).value = "9:00"  # the second slot, written without its zero

    problems = _problems(edit(exported, review), corpus)
    rows = len(sample.scenario.acronyms) + 1
    assert (
        f"msel.xlsx:Acronyms!A{rows + 1}: error: Acronyms: 'ACM' is listed twice (first in row 2); keep one" in problems
    )
    assert (
        f"msel.xlsx:Acronyms!A{rows + 2}: error: Acronyms: a row needs both the acronym and what it stands for"
        in problems
    )
    assert any(p.startswith("msel.xlsx:Agenda!B3: error: ") and 'did you mean "09:00"' in p for p in problems)
    imported = import_workbook(exported, "msel.xlsx", corpus)
    assert imported.loaded.scenario.agenda == sample.scenario.agenda
    assert imported.loaded.scenario.contacts == sample.scenario.contacts
    assert imported.loaded.scenario.acronyms == sample.scenario.acronyms


def _title_row_above_the_headers(book: Workbook) -> None:
    sheet = book["MSEL"]
    sheet.insert_rows(1)
    sheet["A1"] = "My exercise MSEL"


def test_a_title_row_above_the_headers_says_where_they_are_and_how_to_read_them(
    exported: bytes, sample: LoadedScenario, corpus: Corpus
) -> None:
    edited = edit(exported, _title_row_above_the_headers)
    assert _problems(edited, corpus) == [
        "msel.xlsx:MSEL!A1: error: the column headers were not found in row 1: they are in row 2; delete the rows "
        "above them, or import with --map MAPPING.yaml holding `header_row: 2` (see docs/msel.md, Workbooks of "
        "another layout)"
    ]
    imported = import_workbook(edited, "msel.xlsx", corpus, columns=ColumnMap(header_row=2))
    assert imported.loaded.scenario == without_include(sample.scenario)


def test_a_header_row_in_the_map_that_holds_no_headers_names_the_row_that_does(exported: bytes, corpus: Corpus) -> None:
    assert _problems(exported, corpus, columns=ColumnMap(header_row=3)) == [
        "msel.xlsx:MSEL!A3: error: the column headers were not found in row 3, the `header_row` of the --map file: "
        "they are in row 1; write `header_row: 1` there"
    ]


def test_a_sheet_without_known_headers_says_so_and_how_to_map_them(exported: bytes, corpus: Corpus) -> None:
    def rename(book: Workbook) -> None:
        for cell in book["MSEL"][1]:
            cell.value = f"Column {cell.column}"

    problems = _problems(edit(exported, rename), corpus)
    assert problems == [
        "msel.xlsx:MSEL!A1: error: no MSEL column headers found in row 1 (such as No., ID, Title, Narrative): keep "
        "the headers the export wrote in row 1, or import with --map MAPPING.yaml giving the row of the headers "
        "(`header_row:`) and each header's field (`columns:`); see docs/msel.md, Workbooks of another layout"
    ]


def test_a_true_or_false_that_is_neither_yes_nor_no_says_so_and_names_the_inject(
    sample: LoadedScenario, exported: bytes, corpus: Corpus
) -> None:
    decision = next(k for k, inject in enumerate(sample.scenario.injects) if inject.options)
    gated = next(k for k, inject in enumerate(sample.scenario.injects) if inject.gates)
    ordered = next(k for k, inject in enumerate(sample.scenario.injects) if inject.determinations)
    injects = sample.scenario.injects
    gate = next(iter(injects[gated].gates))
    order = next(iter(injects[ordered].determinations))
    options = [f"• {option.label} [goto: {option.goto}]" for option in injects[decision].options]
    options[-1] = options[-1].replace("]", "; default: maybe]")

    def change(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet["T2"] = "perhaps"
        sheet[f"G{gated + 2}"] = f"{gate}: maybe"
        sheet[f"V{ordered + 2}"] = f"{order}: 2"
        sheet[f"R{decision + 2}"] = "\n".join(options)

    problems = _problems(edit(exported, change), corpus)
    line = len(options)
    assert sorted(problems) == sorted(
        [
            f"msel.xlsx:MSEL!T2: error: inject {injects[0].id!r}: Contingency: expected yes or no, found 'perhaps'",
            f"msel.xlsx:MSEL!G{gated + 2}: error: inject {injects[gated].id!r}: Gates, {gate}: expected yes or no, "
            "found 'maybe'",
            f"msel.xlsx:MSEL!V{ordered + 2}: error: inject {injects[ordered].id!r}: Determinations, {order}: "
            "expected yes or no, found '2'",
            f"msel.xlsx:MSEL!R{decision + 2}: error: inject {injects[decision].id!r}: Options, line {line}: "
            "default: expected yes or no, found 'maybe'",
        ]
    )

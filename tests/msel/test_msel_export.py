"""`tabletop msel export`: the workbook planners receive, its sheets, columns, print setup and bytes."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from tests.msel.msel_support import SAMPLES, headers, load_sample, render_workbook, row_of

from tabletop.errors import InputError
from tabletop.scenario import load_scenario_text, LoadedScenario
from tabletop.rules import Corpus
from openpyxl import Workbook

SOUTHWEST = next(path for path in SAMPLES if path.stem == "southwest_islands")

MSEL_HEADERS = [
    "No.",
    "Time",
    "Module",
    "Phase",
    "Move",
    "Trigger",
    "Gates",
    "From",
    "To",
    "ID",
    "Title",
    "Narrative",
    "Discussion questions",
    "Expected actions",
    "Objectives",
    "Clauses cited",
    "Tags",
    "Options",
    "Next",
    "Contingency",
    "Facilitator notes",
    "Determinations",
]


@pytest.fixture(scope="module")
def sample(corpus: Corpus) -> LoadedScenario:
    return load_sample(SOUTHWEST, corpus)


@pytest.fixture(scope="module")
def book(sample: LoadedScenario, corpus: Corpus) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_workbook(sample, corpus)))


def test_the_same_scenario_gives_the_same_bytes(sample: LoadedScenario, corpus: Corpus) -> None:
    first = render_workbook(sample, corpus)
    second = render_workbook(load_sample(SOUTHWEST, corpus), corpus)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified: no clock in the file


def test_msel_sheet_has_every_column_and_one_row_per_inject_in_play_order(
    book: Workbook, sample: LoadedScenario
) -> None:
    sheet = book["MSEL"]
    assert book.sheetnames[0] == "MSEL"
    assert [cell.value for cell in sheet[1]] == MSEL_HEADERS
    columns = headers(sheet)
    injects = sample.scenario.injects
    assert sheet.max_row == len(injects) + 1
    for number, inject in enumerate(injects, start=1):
        assert sheet.cell(number + 1, columns["No."]).value == number
        assert sheet.cell(number + 1, columns["ID"]).value == inject.id
        assert sheet.cell(number + 1, columns["Title"]).value == inject.title
        assert sheet.cell(number + 1, columns["Narrative"]).value == inject.narrative
        assert sheet.cell(number + 1, columns["Time"]).value == inject.time


def test_header_frozen_filters_on_columns_sized_text_wrapped(book: Workbook, sample: LoadedScenario) -> None:
    sheet = book["MSEL"]
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:V{len(sample.scenario.injects) + 1}"
    assert sheet.column_dimensions["L"].width > sheet.column_dimensions["A"].width
    narrative = sheet.cell(2, headers(sheet)["Narrative"])
    assert narrative.alignment.wrap_text and narrative.alignment.vertical == "top"
    assert sheet.cell(1, 1).font.bold
    # A row is as tall as its wrapped narrative needs, or it would print one line high.
    assert sheet.row_dimensions[2].height and sheet.row_dimensions[2].height > 30


def test_text_typed_into_an_empty_cell_or_a_new_row_wraps_like_the_rest(book: Workbook, sample: LoadedScenario) -> None:
    sheet = book["MSEL"]
    columns = headers(sheet)
    empty = [
        (row, column)
        for row in range(2, len(sample.scenario.injects) + 2)
        for column in columns.values()
        if sheet.cell(row, column).value is None
    ]
    assert empty  # the sample leaves some fields of some injects blank
    for sheet in book.worksheets:
        for letter in (openpyxl.utils.get_column_letter(i) for i in range(1, sheet.max_column + 1)):
            wrap = sheet.column_dimensions[letter].alignment
            assert wrap.wrap_text and wrap.vertical == "top", (sheet.title, letter)


def test_every_sheet_prints_the_classification_marking_in_header_and_footer(
    book: Workbook, sample: LoadedScenario
) -> None:
    assert sample.scenario.exercise is not None
    marking = sample.scenario.exercise.classification
    assert marking
    for sheet in book.worksheets:
        assert sheet.oddHeader.center.text == marking.replace("&", "&&"), sheet.title
        assert sheet.oddFooter.center.text == marking.replace("&", "&&"), sheet.title
        assert sheet.print_title_rows == "$1:$1"  # the header row repeats on every page
        assert sheet.page_setup.orientation == "landscape"


def test_workbook_has_exercise_objectives_cells_modules_agenda_contacts_acronyms_and_read_me_sheets(
    book: Workbook, sample: LoadedScenario
) -> None:
    scenario = sample.scenario
    assert book.sheetnames == [
        "MSEL",
        "Exercise",
        "Objectives",
        "Cells",
        "Modules",
        "Agenda",
        "Contacts",
        "Acronyms",
        "Read me",
    ]
    exercise = {row[0]: row[1] for row in book["Exercise"].iter_rows(min_row=2, values_only=True)}
    assert exercise["Title"] == scenario.title
    assert scenario.exercise is not None and scenario.exercise.date is not None
    assert exercise["Exercise id"] == scenario.exercise.id
    assert exercise["Start phase"] == scenario.exercise.start_phase
    assert exercise["Date"] == scenario.exercise.date.isoformat()  # as typed, not a spreadsheet date
    assert exercise["Location"] == scenario.exercise.location
    agenda = list(book["Agenda"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[2], row[3]) for row in agenda] == [(a.time, a.activity, a.module) for a in scenario.agenda]
    contacts = [row[0] for row in book["Contacts"].iter_rows(min_row=2, values_only=True)]
    assert contacts == [c.name for c in scenario.contacts]
    acronyms = {row[0]: row[1] for row in book["Acronyms"].iter_rows(min_row=2, values_only=True)}
    assert acronyms == scenario.acronyms
    modules = list(book["Modules"].iter_rows(min_row=2, values_only=True))
    assert modules[0][3].splitlines() == scenario.modules[0].key_issues
    for name, items in (("Objectives", scenario.objectives), ("Cells", scenario.cells), ("Modules", scenario.modules)):
        ids = [row[0] for row in book[name].iter_rows(min_row=2, values_only=True)]
        assert ids == [item.id for item in items]
    columns = [cell.value for cell in book["Cells"][1]]
    assert columns == ["ID", "Name", "Role", "Side", "Organisations"]
    cells = list(book["Cells"].iter_rows(min_row=2, values_only=True))
    assert cells[0][4].splitlines() == scenario.cells[0].organisations


def test_read_me_says_which_columns_import_back(book: Workbook) -> None:
    rows = {row[0]: row[1] for row in book["Read me"].iter_rows(values_only=True) if row[0]}
    for header in MSEL_HEADERS:
        assert header in rows
    assert rows["Move"].startswith("no:")
    assert rows["From"].startswith("no:")
    assert rows["Phase"].startswith("yes:")
    assert "tabletop msel import" in rows["About"]


def test_clauses_cited_show_ids_and_titles(book: Workbook, sample: LoadedScenario, corpus: Corpus) -> None:
    sheet = book["MSEL"]
    inject = next(inject for inject in sample.scenario.injects if inject.cite)
    cell = sheet.cell(row_of(sheet, inject.id), headers(sheet)["Clauses cited"]).value
    assert cell.splitlines() == [f"{cid} — {corpus.clause(cid).title}" for cid in inject.cite]


def test_move_column_shows_the_move_into_the_phase_and_its_gates(
    book: Workbook, sample: LoadedScenario, corpus: Corpus
) -> None:
    sheet = book["MSEL"]
    path = sample.default_path()
    before = sample.start_phases
    checked = 0
    for inject_id in path:
        after = sample.checks.phases_after[inject_id]
        cell = sheet.cell(row_of(sheet, inject_id), headers(sheet)["Move"]).value or ""
        if after != before:
            transition = next(
                t for t in corpus.transitions if t.dest in set(after) - set(before) and f"({t.trigger})" in cell
            )
            assert f"→ {transition.dest}" in cell
            for gate in transition.gates:
                assert f"gate {gate.id} ({gate.authority})" in cell
            checked += 1
        before = after
    assert checked


def test_text_that_looks_like_a_formula_is_written_as_text(corpus: Corpus) -> None:
    loaded = load_scenario_text(
        "title: '=HYPERLINK(\"http://example.invalid\")'\n"
        "injects:\n  - id: a\n    title: '=1+1'\n    narrative: '@SUM(A1)'\n",
        "f.yaml",
        corpus,
    )
    data = render_workbook(loaded, corpus)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["MSEL"]["K2"].value == "=1+1" and book["MSEL"]["K2"].data_type == "s"


def test_a_text_a_workbook_cannot_hold_is_refused_with_its_inject_named(corpus: Corpus) -> None:
    loaded = load_scenario_text(
        'title: T\ninjects:\n  - id: bell\n    title: "ring \\a"\n    narrative: n\n', "c.yaml", corpus
    )
    with pytest.raises(InputError, match=r"inject 'bell': Title: character U\+0007 cannot be stored"):
        render_workbook(loaded, corpus)
    long = load_scenario_text(
        f"title: T\ninjects:\n  - id: long\n    title: t\n    narrative: {'x' * 40_000}\n", "l.yaml", corpus
    )
    with pytest.raises(InputError, match=r"inject 'long': Narrative: 40,000 characters do not fit"):
        render_workbook(long, corpus)


def test_phase_module_and_contingency_cells_offer_their_values_in_a_drop_down(
    book: Workbook, sample: LoadedScenario, corpus: Corpus
) -> None:
    offers = {str(rule.sqref)[0]: rule for rule in book["MSEL"].data_validations.dataValidation}
    assert offers["D"].formula1 == '"' + ",".join(corpus.phase_slugs) + '"'
    assert offers["C"].formula1 == '"' + ",".join(module.id for module in sample.scenario.modules) + '"'
    assert offers["T"].formula1 == '"yes"'
    assert {rule.errorStyle for rule in offers.values()} == {"warning"}  # a new value may be meant


def test_an_ampersand_in_the_marking_prints_as_an_ampersand(corpus: Corpus) -> None:
    loaded = load_scenario_text(
        "title: R&D\nexercise:\n  classification: A & B\ninjects:\n  - id: a\n    title: t\n    narrative: n\n",
        "amp.yaml",
        corpus,
    )
    sheet = openpyxl.load_workbook(io.BytesIO(render_workbook(loaded, corpus)))["MSEL"]
    assert sheet.oddHeader.center.text == "A && B"
    assert sheet.oddFooter.left.text == "R&&D"


def test_determinations_column_holds_the_orders_the_scenario_expects(book: Workbook, sample: LoadedScenario) -> None:
    sheet = book["MSEL"]
    columns = headers(sheet)
    row = next(n for n in range(2, sheet.max_row + 1) if sheet.cell(n, columns["ID"]).value == "landing")
    # One order a line, in the order the scenario states them.
    assert sheet.cell(row, columns["Determinations"]).value == (
        "maritime_security_operation: yes\npublic_security_operation: yes"
    )

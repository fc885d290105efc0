"""What a planner reads after `msel import`: every problem at a sheet's cell, in the workbook's words."""

from __future__ import annotations

import functools
import io
import re
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.msel.msel_support import SAMPLES, edit, import_workbook, letter, load_sample, render_workbook

from tabletop.msel import CellDiagnostic, MselError
from tabletop.rules import load_rules
from tabletop.scenario import LoadedScenario
from openpyxl import Workbook

CORPUS = load_rules()
SOUTHWEST = next(path for path in SAMPLES if path.stem == "southwest_islands")


@functools.cache
def _sample() -> tuple[LoadedScenario, bytes]:
    loaded = load_sample(SOUTHWEST, CORPUS)
    return loaded, render_workbook(loaded, CORPUS)


@functools.cache
def _editable() -> tuple[tuple[str, str, int], ...]:
    """Every cell a planner types into (sheet, column letter, last row), from the workbook itself:
    each list sheet's columns, the MSEL sheet's, and the values of the Exercise sheet."""
    book = openpyxl.load_workbook(io.BytesIO(_sample()[1]))
    cells = []
    for sheet in book.worksheets:
        if sheet.title == "Read me":
            continue
        if sheet.title == "Exercise":
            cells.append((sheet.title, "B", sheet.max_row))
            continue
        cells.extend((sheet.title, cell.column_letter, sheet.max_row) for cell in sheet[1] if cell.value)
    return tuple(cells)


def _problems(data: bytes) -> list[CellDiagnostic]:
    try:
        return import_workbook(data, "msel.xlsx", CORPUS).warnings
    except MselError as exc:
        return exc.diagnostics


# What a planner types by mistake: a word for yes, a misspelt name, a formula, a bracket left open,
# an id used elsewhere, a time or a date that is none; and anything else.
MISTAKES = st.sampled_from(
    [
        "maybe",
        "perhaps",
        "yes",
        "no",
        "two",
        "emerging",
        "peace",
        "recover",
        "IV.A.9",
        "=A2+1",
        "9:00",
        "25:61",
        "2030-02-30",
        "D-99 25:00",
        "D+1",
        "Bad Id!",
        "plyer",
        "japan, nowhere",
        "not-an-email",
        "important_influence: maybe",
        "maritime_security_operation: 2",
        "nope: yes",
        "Who? [cel: japan]",
        "What then? [cell: japan",
        "Go [goto: nowhere; default: maybe]",
        "Act [objective: nowhere; cells: japan, nowhere]",
        "fleet_sighted",
        "landing",
    ]
)
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
VALUES = st.one_of(st.none(), MISTAKES, st.text(CHARACTERS, max_size=12), st.integers(-3, 40), st.booleans())


@st.composite
def broken_cells(draw: st.DrawFn) -> list[tuple[str, str, int, Any]]:
    """One to four cells of the exported workbook given other values, a new row's included."""
    cells = []
    for _ in range(draw(st.integers(1, 4))):
        sheet, column, last = draw(st.sampled_from(_editable()))
        cells.append((sheet, column, draw(st.integers(2, last + 1)), draw(VALUES)))
    return cells


QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
"""A value quoted in a message: the planner's own text, which may hold anything."""
DOTTED_PATH = re.compile(
    r"\b(?:injects|objectives|cells|modules|agenda|contacts|exercise|acronyms|questions|expected_actions|options"
    r"|gates|determinations|cite|tags|to)\.\w"
)
YAML_KEYS = re.compile(
    r"`(?:next|options|trigger|phase|contingency|day|date|objectives|modules|cells|injects)\b[^`]*`|`\w+: (?:true|false)`"
)
"""A key as the scenario file writes it (`next`, `default: true`): a workbook names a column instead."""
PYTHON_WORDS = re.compile(
    r"true or false|true/false|Input should|Field required|Extra inputs|valid dictionary|Value error|NoneType"
    r"|first used at line|\bstr\b|\bint\b|\bbool\b"
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(broken_cells())
def test_every_problem_of_a_broken_workbook_names_its_cell_in_the_workbooks_words(
    cells: list[tuple[str, str, int, Any]],
) -> None:
    def change(book: Workbook) -> None:
        for sheet, column, row, value in cells:
            book[sheet][f"{column}{row}"] = value

    for problem in _problems(edit(_sample()[1], change)):
        said = QUOTED.sub("''", problem.message)
        assert problem.sheet is not None and problem.row >= 1 and problem.column >= 1, str(problem)
        assert re.fullmatch(r"msel\.xlsx:(?:\w+|'[^']+')![A-Z]+[0-9]+", f"msel.xlsx:{problem.cell}"), str(problem)
        assert not DOTTED_PATH.search(said), str(problem)
        assert not PYTHON_WORDS.search(said), str(problem)
        assert not YAML_KEYS.search(said), str(problem)


def test_a_mistake_on_the_exercise_and_agenda_sheets_is_named_by_their_rows_and_columns() -> None:
    def change(book: Workbook) -> None:
        exercise = book["Exercise"]
        for label, cell in exercise.iter_rows(min_row=1, max_col=2):
            if label.value == "Start phase":
                cell.value = "peace"
        book["Agenda"]["A3"] = "two"

    problems = [str(problem) for problem in _problems(edit(_sample()[1], change))]
    assert any(
        re.fullmatch(
            r"msel\.xlsx:Exercise!B\d+: error: Start phase: unknown phase 'peace'; did you mean 'peacetime'\?", line
        )
        for line in problems
    ), problems
    assert "msel.xlsx:Agenda!A3: error: agenda item 2: Day: expected a whole number, found 'two'" in problems


def test_a_play_order_that_is_not_a_number_names_the_inject_by_its_id_and_title() -> None:
    loaded, exported = _sample()
    third = loaded.scenario.injects[2]

    def change(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet["A4"] = "three"
        row = sheet.max_row + 1
        sheet[f"A{row}"] = "last"
        sheet[f"{letter(sheet, 'Title')}{row}"] = "A ferry reports a drone"
        sheet[f"{letter(sheet, 'Narrative')}{row}"] = "The ferry's master reports a drone."

    problems = [str(problem) for problem in _problems(edit(exported, change))]
    row = len(loaded.scenario.injects) + 2
    assert problems == [
        f"msel.xlsx:MSEL!A4: error: inject {third.id!r} (titled {third.title!r}): No. must be a number giving the "
        "play order, found 'three'",
        f"msel.xlsx:MSEL!A{row}: error: the inject titled 'A ferry reports a drone' (no ID): No. must be a number "
        "giving the play order, found 'last'",
        f"msel.xlsx:MSEL!J{row}: warning: no ID: this inject is given the id 'a-ferry-reports-a-drone', made from its "
        "title; write it in the ID column to keep it",
    ]


def test_a_problem_inside_one_entry_of_a_list_cell_names_that_line_of_the_cell() -> None:
    loaded, exported = _sample()
    k = next(k for k, inject in enumerate(loaded.scenario.injects) if not inject.options)

    def change(book: Workbook) -> None:
        sheet = book["MSEL"]
        sheet[f"{letter(sheet, 'Expected actions')}{k + 2}"] = (
            "Share the picture.\nWarn the islanders. [objective: nowhere]"
        )
        sheet[f"{letter(sheet, 'Options')}{k + 2}"] = "Land forces [goto: nowher]"

    problems = [str(problem) for problem in _problems(edit(exported, change))]
    inject = loaded.scenario.injects[k].id
    objective = [line for line in problems if "'nowhere'" in line]
    goto = [line for line in problems if "'nowher'" in line]
    assert len(objective) == len(goto) == 1, problems
    assert objective[0].startswith(
        f"msel.xlsx:MSEL!N{k + 2}: error: inject {inject!r}: Expected actions, line 2: unknown objective 'nowhere'"
    )
    assert goto[0].startswith(
        f"msel.xlsx:MSEL!R{k + 2}: error: inject {inject!r}: Options, line 1: unknown inject 'nowher'"
    )


def test_an_agenda_day_below_one_is_named_in_the_workbooks_words() -> None:
    def change(book: Workbook) -> None:
        book["Agenda"]["A3"] = 0

    problems = [str(problem) for problem in _problems(edit(_sample()[1], change))]
    assert "msel.xlsx:Agenda!A3: error: agenda item 2: Day: must be at least 1, found 0" in problems, problems

"""A loaded scenario as an MSEL workbook (`.xlsx` bytes), the same bytes for the same scenario.

Called by `tabletop msel export`. `render_workbook` is a pure function of the
scenario and the rules: no clock, no user name, no file. Every text is
written as text (a narrative starting with `=` never becomes a formula), and
a text a workbook cannot hold is refused with the inject and field named,
rather than silently changed.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from collections import deque
from collections.abc import Iterable, Sequence
from typing import IO, Any, Literal

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from tabletop.errors import InputError
from tabletop.phases import PhasePolicy, policy_for
from tabletop.msel._cells import join_entries, write_entry, write_line
from tabletop.msel._layout import (
    ACRONYM_COLUMNS,
    AGENDA_COLUMNS,
    CELL_COLUMNS,
    CONTACT_COLUMNS,
    EXERCISE_ROWS,
    MODULE_COLUMNS,
    MSEL_COLUMNS,
    OBJECTIVE_COLUMNS,
    SHEETS,
    Column,
)
from tabletop.scenario import Inject, Question
from tabletop.yamlsource import collector_paused

__all__ = ["FIXED_TIMESTAMP", "MAX_CELL_CHARACTERS", "render_workbook"]

MAX_CELL_CHARACTERS = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit; longer text is cut on opening)."""

FIXED_TIMESTAMP = datetime.datetime(2000, 1, 1)
"""The creation and modification time written in every workbook, so that its bytes depend on
the scenario alone."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PAGE_WIDTH = 150
"""Column width (in characters) one landscape A4 page prints at about 90%."""
_MAX_LIST_FORMULA = 250
"""A drop-down's list is written in a formula of at most 255 characters, its quotes included."""
_VALIDATED_ROWS = 5000
"""The rows of the MSEL sheet that offer the drop-down lists (room to add injects)."""
_LINE_HEIGHT = 15
"""Points per line of wrapped text at the default font size."""
_HEADER_FONT = Font(name="Calibri", size=11, bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
# Control characters other than tab and line feed cannot be stored in a workbook's XML; a
# carriage return is stored but read back as a line feed.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")


def render_workbook(loaded: Any, corpus: Any) -> bytes:
    """The MSEL workbook of `loaded` (a `LoadedScenario`) as `.xlsx` bytes.

    Raises `InputError` naming the inject and field when a text cannot be
    stored in a cell (a control character, or more than 32,767 characters).
    """
    # Every cell stays alive until the package is written: see `collector_paused`.
    with collector_paused():
        return _render(loaded, corpus)


def _render(loaded: Any, corpus: Any) -> bytes:
    """`render_workbook`, the collector paused."""
    scenario = loaded.scenario
    book = Workbook()
    style = _wrapping(book)
    msel = book.active
    msel.title = "MSEL"
    marking = (scenario.exercise.classification if scenario.exercise else None) or ""
    moves = _moves(loaded, corpus)
    senders = ", ".join(cell.name for cell in scenario.cells if cell.role == "control")

    rows = []
    for number, inject in enumerate(scenario.injects, start=1):
        values = {**_inject_values(inject, corpus), "number": number}
        derived = {"Move": moves.get(inject.id, ""), "From": senders}
        rows.append([values[column.field] if column.field else derived[column.header] for column in MSEL_COLUMNS])
    _table(msel, MSEL_COLUMNS, rows, "inject", [inject.id for inject in scenario.injects], style)
    msel.freeze_panes = "B2"
    _offer_choices(msel, "Phase", corpus.phase_slugs)
    _offer_choices(msel, "Module", [module.id for module in scenario.modules])
    _offer_choices(msel, "Contingency", ["yes"])

    exercise = book.create_sheet("Exercise")
    info = scenario.exercise
    _append(exercise, ["Field", "Value"], style)
    for label, field, kind in EXERCISE_ROWS:
        value = scenario.title if field == "title" else getattr(info, field, None) if info else None
        if kind == "lines":
            value = join_entries([write_line(item) for item in value or []])
        elif isinstance(value, datetime.date):
            value = value.isoformat()  # as typed, whatever the spreadsheet's date format
        _append(exercise, [label, _checked(value, f"exercise: {label}")], style)
    _style(exercise, (Column("Field", None, "text", 18, ""), Column("Value", None, "text", 100, "")))

    tested_by: dict[str, list[str]] = {}
    for inject in scenario.injects:
        for objective in inject.objectives:
            tested_by.setdefault(objective, []).append(inject.id)
    parts = {
        "Objectives": [[o.id, o.text, o.capability, ", ".join(tested_by.get(o.id, []))] for o in scenario.objectives],
        "Cells": [
            [c.id, c.name, c.role, c.side, join_entries([write_line(org) for org in c.organisations])]
            for c in scenario.cells
        ],
        "Modules": [
            [m.id, m.title, m.summary, join_entries([write_line(issue) for issue in m.key_issues])]
            for m in scenario.modules
        ],
        "Agenda": [[a.day, a.time, a.activity, a.module] for a in scenario.agenda],
        "Contacts": [[c.name, c.role, c.organisation, c.email, c.phone] for c in scenario.contacts],
        "Acronyms": [[short, meaning] for short, meaning in scenario.acronyms.items()],
    }
    names = {
        "Objectives": ("objective", [o.id for o in scenario.objectives]),
        "Cells": ("cell", [c.id for c in scenario.cells]),
        "Modules": ("module", [m.id for m in scenario.modules]),
        "Agenda": ("agenda item", [f"{a.time} {a.activity[:30]}" for a in scenario.agenda]),
        "Contacts": ("contact", [c.name for c in scenario.contacts]),
        "Acronyms": ("acronym", list(scenario.acronyms)),
    }
    for name, columns in (
        ("Objectives", OBJECTIVE_COLUMNS),
        ("Cells", CELL_COLUMNS),
        ("Modules", MODULE_COLUMNS),
        ("Agenda", AGENDA_COLUMNS),
        ("Contacts", CONTACT_COLUMNS),
        ("Acronyms", ACRONYM_COLUMNS),
    ):
        sheet = book.create_sheet(name)
        noun, ids = names[name]
        _table(sheet, columns, parts[name], noun, ids, style)
        sheet.freeze_panes = "A2"

    _read_me(book.create_sheet("Read me"), marking, style)

    for sheet in book.worksheets:
        _print_setup(sheet, marking, scenario.title)
    book.properties.creator = "tabletop"
    book.properties.title = _checked(scenario.title, "the title")
    book.properties.created = FIXED_TIMESTAMP
    book.properties.modified = FIXED_TIMESTAMP
    book.properties.lastModifiedBy = "tabletop"
    return _deterministic_zip(book)


def _inject_values(inject: Inject, corpus: Any) -> dict[str, Any]:
    """The MSEL cells of one inject, by field."""
    questions = []
    for question in inject.questions:
        if isinstance(question, Question):
            attributes = [
                (key, value) for key in ("cell", "organisation") if (value := getattr(question, key)) is not None
            ]
            questions.append(write_entry(question.text, attributes))
        else:
            questions.append(write_entry(question))
    actions = []
    for action in inject.expected_actions:
        said = [(key, value) for key in ("responsible", "objective") if (value := getattr(action, key)) is not None]
        if action.cells:
            said.append(("cells", ", ".join(action.cells)))
        actions.append(write_entry(action.action, said or None))
    options = []
    for option in inject.options:
        attributes = [("goto", option.goto)]
        if option.default:
            attributes.append(("default", "yes"))
        if option.notes is not None:
            attributes.append(("notes", option.notes))
        options.append(write_entry(option.label, attributes))
    cited = []
    for clause_id in inject.cite:
        title = corpus.clause(clause_id).title if clause_id in corpus else ""
        cited.append(f"{clause_id} — {title}" if title else clause_id)
    return {
        "id": inject.id,
        "time": inject.time,
        "module": inject.module,
        "phase": inject.phase,
        "trigger": inject.trigger,
        "gates": "\n".join(f"{gate}: {'yes' if answer else 'no'}" for gate, answer in inject.gates.items()),
        "determinations": "\n".join(
            f"{order}: {'yes' if answer else 'no'}" for order, answer in inject.determinations.items()
        ),
        "to": ", ".join(inject.to),
        "title": inject.title,
        "narrative": inject.narrative,
        "questions": join_entries(questions),
        "expected_actions": join_entries(actions),
        "objectives": ", ".join(inject.objectives),
        "cite": "\n".join(cited),
        "tags": ", ".join(inject.tags),
        "options": join_entries(options),
        "next": inject.next,
        "contingency": "yes" if inject.contingency else None,
        "facilitator_notes": inject.facilitator_notes,
    }


def _moves(loaded: Any, corpus: Any) -> dict[str, str]:
    """For each inject reached, the move delivering it makes, as a reviewer reads it.

    The phases before an inject are those along the default path, or along the
    first path (breadth first from the default path) that reaches it.
    """
    policy = policy_for(corpus)
    before: dict[str, tuple[str, ...]] = {}
    after: dict[str, tuple[str, ...]] = {}
    phases = loaded.start_phases
    for inject_id in loaded.default_path():
        before[inject_id] = phases
        phases = after[inject_id] = loaded.checks.phases_after.get(inject_id, phases)
    queue = deque(loaded.default_path())
    text: dict[str, str] = {}
    for inject_id in list(before):
        text[inject_id] = _describe_move(loaded.inject(inject_id), before[inject_id], policy)[0]
    while queue:
        current = queue.popleft()
        for following in loaded.successors(current):
            if following in before:
                continue
            before[following] = after[current]
            text[following], after[following] = _describe_move(loaded.inject(following), after[current], policy)
            queue.append(following)
    return text


def _describe_move(inject: Inject, phases: tuple[str, ...], policy: PhasePolicy) -> tuple[str, tuple[str, ...]]:
    """The move delivering `inject` makes from `phases` (text), and the phases after it: the
    phase policy the validator and the session share decides it."""
    entry = policy.entry(phases, phase=inject.phase, trigger=inject.trigger)
    move = entry.move
    if move is None:
        if entry.refused is None and inject.phase is not None:
            return f"stays in {' + '.join(phases)}", phases
        return "", phases
    lines = [f"{move.source or '(none)'} → {move.dest or '(none)'} ({move.trigger})"]
    for gate in move.gates:
        answer = inject.gates.get(gate.id)
        said = "" if answer is None else f"; scenario: {'yes' if answer else 'no'}"
        lines.append(f"gate {gate.id} ({gate.authority}): {gate.question}{said}")
    return "\n".join(lines), policy.after(phases, move)


def _offer_choices(sheet: Worksheet, header: str, choices: list[str]) -> None:
    """A drop-down list of the values a column accepts. Typing another value is warned about, not
    forbidden: the import reports it with its "did you mean", and a new module may be meant."""
    listed = ",".join(choices)
    if not choices or len(listed) > _MAX_LIST_FORMULA or any(char in listed for char in '"'):
        return
    column = get_column_letter(next(i for i, c in enumerate(MSEL_COLUMNS, start=1) if c.header == header))
    offer = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=header,
        error=f"Not one of: {', '.join(choices)}",
    )
    offer.add(f"{column}2:{column}{_VALIDATED_ROWS}")
    sheet.add_data_validation(offer)


def _checked(value: Any, what: str) -> Any:
    if not isinstance(value, str):
        return value
    found = _UNSTORABLE.search(value)
    if found is not None:
        bad = found.group()
        raise InputError(
            f"{what}: character U+{ord(bad):04X} cannot be stored in a workbook; remove it (nothing was written)"
        )
    if len(value) > MAX_CELL_CHARACTERS:
        raise InputError(
            f"{what}: {len(value):,} characters do not fit in one spreadsheet cell "
            f"(at most {MAX_CELL_CHARACTERS:,}); shorten it (nothing was written)"
        )
    return value


def _table(
    sheet: Worksheet, columns: tuple[Column, ...], rows: list[list[Any]], noun: str, ids: list[str], style: StyleArray
) -> None:
    """A sheet with a header row and one row per item, each text checked to fit its cell."""
    _append(sheet, [column.header for column in columns], style)
    for row, item_id in zip(rows, ids, strict=True):
        for column, value in zip(columns, row, strict=True):
            _checked(value, f"{noun} {item_id!r}: {column.header}")
        _append(sheet, [None if value == "" else value for value in row], style)
    _style(sheet, columns, rows)
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _wrapping(book: Workbook) -> StyleArray:
    """The style of every cell the workbook writes: text wrapped, at the top of the cell."""
    probe = Cell(book.active)
    probe.alignment = _WRAP
    return probe._style


def _append(sheet: Worksheet, values: list[Any], style: StyleArray) -> None:
    """A row of cells at the foot of `sheet`, each of `style`, text kept as text. An empty value
    is left out of the file: its column's style (`_style`) wraps what an author types there, in this row
    or a new one, and a large MSEL writes a third fewer cells. Each cell takes a copy of the one
    style: assigning the alignment to each would look it up among the workbook's styles, 200,000
    times in a large MSEL."""
    cells: list[Cell | None] = []
    for value in values:
        if value is None:
            cells.append(None)
            continue
        cell = Cell(sheet, value=value, style_array=style)
        if isinstance(value, str):
            cell.data_type = "s"  # text starting with `=` stays text, never a formula
        cells.append(cell)
    sheet.append(cells)


def _style(sheet: Worksheet, columns: tuple[Column, ...], rows: Iterable[Sequence[Any]] | None = None) -> None:
    """Widths, the header row, each column's wrapping (for the cells an author fills in) and each
    row's height; `rows` are the values below the header, when the caller has them at hand."""
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.alignment = _WRAP
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    _fit_rows(sheet, columns, sheet.iter_rows(min_row=2, values_only=True) if rows is None else rows)


def _fit_rows(sheet: Worksheet, columns: tuple[Column, ...], rows: Iterable[Sequence[Any]]) -> None:
    """Give each row below the header the height its wrapped text needs: openpyxl cannot measure
    text, and spreadsheet programs do not always grow a row on opening, so a row would print one
    line high with the rest of its text hidden."""
    widths = [column.width for column in columns]
    per_line = [max(1.0, width * 1.2) for width in widths]
    for number, row in enumerate(rows, start=2):
        lines = 1
        for value, characters in zip(row, per_line, strict=False):
            # A text shorter than its column's line, on one line, needs no more than one.
            if isinstance(value, str) and (len(value) > characters or "\n" in value):
                lines = max(lines, sum(max(1, math.ceil(len(part) / characters)) for part in value.split("\n")))
        if lines > 1:
            sheet.row_dimensions[number].height = min(409, lines * _LINE_HEIGHT)


def _header_text(text: str) -> str:
    """Text for a printed header or footer, where `&` starts a code."""
    return text.replace("&", "&&")


def _print_setup(sheet: Worksheet, marking: str, title: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # A landscape A4 page holds about this much column width at a readable size: a wide
    # sheet prints across several pages, each repeating the header row and the No. column,
    # a row's pages printed one after the other.
    width = sum(dimension.width or 0 for dimension in sheet.column_dimensions.values())
    sheet.page_setup.fitToWidth = max(1, round(width / _PAGE_WIDTH))
    sheet.page_setup.fitToHeight = 0
    sheet.page_setup.pageOrder = "overThenDown"
    sheet.print_title_rows = "1:1"
    if sheet.page_setup.fitToWidth > 1:
        sheet.print_title_cols = "A:A"
    sheet.print_options.gridLines = sheet.title != "Read me"
    # A header or footer holds at most 255 characters, its codes included.
    if marking:
        sheet.oddHeader.center.text = _header_text(marking)[:120]
        sheet.oddHeader.center.font = "-,Bold"
        sheet.oddFooter.center.text = _header_text(marking)[:120]
        sheet.oddFooter.center.font = "-,Bold"
    # The marking alone at the top centre, as marked documents carry it; the title at the foot,
    # where it cannot run into the marking.
    sheet.oddFooter.left.text = _header_text(title)[:100]
    sheet.oddFooter.right.text = "&A — page &P of &N"


_READ_ME = (
    (
        "About",
        "This workbook is a Master Scenario Events List (MSEL) written by `tabletop msel export`. "
        "Edit it, then turn it back into a scenario with:  tabletop msel import FILE.xlsx -o scenario.yaml",
    ),
    (
        None,
        "The import checks everything `tabletop validate` checks and reports each problem at its sheet "
        "and cell (for example MSEL!D14); nothing is written until every problem is fixed.",
    ),
    ("Sheets", "MSEL: one row per inject, in play order. Sort and filter freely: rows are put back in order by No."),
    (None, "Exercise: the title and the exercise information (column B is imported)."),
    (None, "Objectives, Cells, Modules: one row each; their IDs are what the MSEL refers to."),
    (
        None,
        "Agenda, Contacts, Acronyms: the seminar's schedule, its points of contact and the acronyms "
        "the participants will meet, as the Situation Manual prints them.",
    ),
    (
        "Rows",
        "Add a row for a new inject: give it a Title and a Narrative (an ID is made from the title when "
        "left blank). Delete a row to remove an inject.",
    ),
    (
        None,
        "Keep the headers of row 1 as they are, with no title row above them: a column whose header is not "
        "recognised is not imported (and the import says so). Columns may be moved.",
    ),
    (
        "Lists in one cell",
        "One entry per line (Alt+Enter in Excel, Ctrl+Option+Enter on a Mac, Ctrl+Enter in "
        "LibreOffice starts a new line in a cell); the bullet is optional. Names (To, Objectives, Tags) may be "
        "separated by commas instead.",
    ),
    (
        None,
        "An entry may end with attributes in brackets, for example:  Who decides? [cell: japan]  or  "
        "Land forces [goto: landing; default: yes].",
    ),
    (
        None,
        "Inside an entry, write \\[ for a bracket that is part of the text, \\n for a line break inside "
        "the entry, and \\\\ for a backslash.",
    ),
    ("Formulas", "Formulas are not evaluated: a cell holding a formula is read as the formula's text."),
)


def _read_me(sheet: Worksheet, marking: str, style: StyleArray) -> None:
    _append(sheet, ["Read me", marking or None], style)
    for label, text in _READ_ME:
        _append(sheet, [label, text], style)
    for name, columns in SHEETS.items():
        _append(sheet, [None, None], style)
        _append(sheet, [f"{name} sheet", "Column: imported? what it holds"], style)
        for column in columns:
            _append(sheet, [column.header, f"{'yes' if column.field else 'no'}: {column.note}"], style)
    _append(sheet, [None, None], style)
    _append(sheet, ["Exercise sheet", "Rows: " + ", ".join(label for label, _, _ in EXERCISE_ROWS)], style)
    _style(sheet, (Column("", None, "text", 24, ""), Column("", None, "text", 110, "")))
    for row in sheet.iter_rows():
        if row[0].value and row[1].value and str(row[1].value).startswith("Column:"):
            row[0].font = row[1].font = _HEADER_FONT


def _deterministic_zip(book: Workbook) -> bytes:
    """The workbook's package with fixed timestamps, so that its bytes depend on its content only."""
    raw = io.BytesIO()
    with _FixedTimeZip(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return raw.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose every member has the same time and permissions: openpyxl's writer
    stamps the current time (and a worksheet's temporary file's) on what it writes."""

    def open(
        self, name: str | zipfile.ZipInfo, mode: Literal["r", "w"] = "r", pwd: bytes | None = None, **options: Any
    ) -> IO[bytes]:
        if mode == "w" and isinstance(name, zipfile.ZipInfo):
            name.date_time = _ZIP_TIME
            name.external_attr = 0o600 << 16
        return super().open(name, mode, pwd, **options)

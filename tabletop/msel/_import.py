"""An MSEL workbook read back into a scenario, checked by the scenario validator itself.

Called by `tabletop msel import`. The workbook's sheets are read (safely, see
`tabletop.msel._workbook`) into the plain data of a scenario, remembering for
every key the cell it came from; that data is written as YAML and checked by
`tabletop.scenario.load_scenario_text`, exactly as `tabletop validate` checks
a file. Each problem the validator finds carries the key path it is about
(`Diagnostic.about`), which is located back at the cell it came from, and
worded from that data in the workbook's terms, so that the planner reads
`msel.xlsx:MSEL!D14: error: inject 'x': unknown phase ...`. Nothing here
checks a scenario a second way: the only checks of its own are those of the
workbook's shape (headers, the No. column, a bracket never closed).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from tabletop.errors import (
    Diagnostic,
    InputError,
    KeyPath,
    Mention,
    ScenarioError,
    Subject,
    close_matches,
    did_you_mean,
)
from tabletop.msel._cells import CellFormatError, lines_of, read_entry, read_lines, split_ids
from tabletop.msel._layout import EXERCISE_ROWS, MSEL_COLUMNS, SHEETS, Column, normal_header
from tabletop.msel._workbook import Sheet, WorkbookRefused, read_sheets
from tabletop.scenario import INJECT_KEY_ORDER, SCENARIO_KEY_ORDER, load_scenario_text, ordered, scenario_yaml
from tabletop.yamlsource import collector_paused

__all__ = ["CellDiagnostic", "ColumnMap", "ImportedScenario", "MselError", "import_workbook"]


@dataclass(frozen=True)
class CellDiagnostic:
    """One problem in a workbook, located at its sheet and cell (or at the whole workbook)."""

    workbook: str
    sheet: str | None
    row: int = 0
    column: int = 0
    message: str = ""
    severity: str = "error"

    @property
    def cell(self) -> str:
        """`MSEL!D14` (a sheet name with spaces is quoted, as spreadsheet formulas write it); ""
        for the whole workbook."""
        if self.sheet is None:
            return ""
        name = self.sheet if re.fullmatch(r"[A-Za-z0-9_.]+", self.sheet) else "'" + self.sheet.replace("'", "''") + "'"
        if not self.row:
            return name
        return f"{name}!{get_column_letter(self.column or 1)}{self.row}"

    def __str__(self) -> str:
        where = f"{self.workbook}:{self.cell}" if self.cell else self.workbook
        return f"{where}: {self.severity}: {self.message}"


class MselError(InputError):
    """A workbook that cannot be imported: every problem found, each located at its cell."""

    def __init__(self, diagnostics: list[CellDiagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(map(str, self.diagnostics)))

    @property
    def errors(self) -> list[CellDiagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


@dataclass(frozen=True)
class ColumnMap:
    """How to read a workbook of another layout (from `--map mapping.yaml`)."""

    sheet: str | None = None
    """The sheet with one row per inject; by default `MSEL`, else the first sheet."""
    header_row: int = 1
    """The row holding the column headers; the injects follow it."""
    columns: dict[str, str] = field(default_factory=dict)
    """Header as written in the workbook to the field it holds (`Event Title: title`)."""
    title: str | None = None
    """The scenario's title, for a workbook without an Exercise sheet."""


@dataclass
class ImportedScenario:
    """A workbook read back: the scenario's YAML text, the loaded scenario, and its warnings."""

    text: str
    loaded: Any
    """The `LoadedScenario` the text validates into."""
    warnings: list[CellDiagnostic]


_Where = tuple[str, int, int]  # sheet, row, column (1-based)


@dataclass
class _Reading:
    workbook: str
    sheet_order: dict[str, int]
    problems: list[CellDiagnostic] = field(default_factory=list)
    msel_sheet: str = "MSEL"
    """The name of the sheet with one row per inject, as the workbook writes it."""
    where: dict[KeyPath, _Where] = field(default_factory=dict)
    """For each key path of the scenario's data, the cell it came from."""
    entry_lines: dict[tuple[_Where, int], int] = field(default_factory=dict)
    """For the entries of a list cell (questions, options), the line each came from."""

    def problem(self, at: _Where | None, message: str, severity: str = "error") -> None:
        if at is None:
            self.problems.append(CellDiagnostic(self.workbook, None, 0, 0, message, severity))
        else:
            self.problems.append(CellDiagnostic(self.workbook, at[0], at[1], at[2], message, severity))


def import_workbook(
    data: bytes, workbook: str, corpus: Any, *, columns: ColumnMap | None = None, name: str = "scenario.yaml"
) -> ImportedScenario:
    """Read an MSEL workbook's bytes into a scenario, checked as `tabletop validate` checks one.

    `workbook` is the name problems are located in (`msel.xlsx:MSEL!D14`) and
    `name` the YAML file's. Raises `MselError` with every problem (the
    workbook's shape and the scenario's, at once) when there is any error.
    """
    # Every cell read and every value made from it stays alive until the scenario is written:
    # the collector would walk them again and again as they grow (see `collector_paused`).
    with collector_paused():
        return _import(data, workbook, corpus, columns or ColumnMap(), name)


def _import(data: bytes, workbook: str, corpus: Any, mapping: ColumnMap, name: str) -> ImportedScenario:
    """`import_workbook`, the collector paused."""
    try:
        book = read_sheets(data, lambda names: _sheets_read(names, mapping))
    except WorkbookRefused as exc:
        raise MselError([CellDiagnostic(workbook, None, 0, 0, str(exc))]) from None
    reading = _Reading(workbook, {name: index for index, name in enumerate(book.names)})
    scenario: dict[str, Any] = {}

    by_name = {sheet.name.casefold(): sheet for sheet in book.sheets}
    msel_name = _msel_sheet(book.names, mapping)
    msel = by_name.get(msel_name.casefold()) if msel_name is not None else None
    if msel is not None:
        reading.msel_sheet = msel.name
    if msel is None and mapping.sheet is not None:
        reading.problem(None, f"no sheet named {mapping.sheet!r}; the sheets are: {', '.join(book.names)}")
    _read_exercise(by_name.get("exercise"), mapping, scenario, reading)
    for sheet_name, layout in SHEETS.items():
        if sheet_name != "MSEL" and sheet_name.casefold() in by_name:
            items = _read_list(by_name[sheet_name.casefold()], layout, sheet_name.lower(), reading)
            if items:  # an empty sheet is a part the scenario does not have
                scenario[sheet_name.lower()] = items
    if "acronyms" in scenario:
        scenario["acronyms"] = _acronyms(scenario["acronyms"], reading)
    headers_missing = msel is not None and _headers_missing(msel, mapping, reading)
    if msel is not None and not headers_missing:
        scenario["injects"] = _read_injects(msel, mapping, reading)

    written = ordered(scenario, SCENARIO_KEY_ORDER)
    text = scenario_yaml(written)
    try:
        loaded = load_scenario_text(text, name, corpus, files={}, written_from=written)
        found = loaded.warnings
    except ScenarioError as exc:
        loaded, found = None, exc.diagnostics
    if headers_missing:  # "must list at least one inject": none could be read, as already said
        found = [d for d in found if d.about is None or d.about.at != ("injects",)]
    _locate(found, written, reading)
    problems = sorted(
        reading.problems,
        key=lambda d: (-1 if d.sheet is None else reading.sheet_order.get(d.sheet, 99), d.row, d.column),
    )
    if loaded is None or any(d.severity == "error" for d in problems):
        raise MselError(problems)
    return ImportedScenario(text=text, loaded=loaded, warnings=problems)


# -- the sheets ----------------------------------------------------------------------------

_LAYOUT_SHEETS = frozenset({"exercise", "read me", *(name.casefold() for name in SHEETS)})
"""The sheets an exported workbook has, lower-cased."""


def _msel_sheet(names: list[str], mapping: ColumnMap) -> str | None:
    """The sheet with one row per inject: the one `--map` names, else `MSEL`, else the first sheet
    that is not one of the layout's other sheets."""
    by_name = {name.casefold(): name for name in names}
    found = by_name.get((mapping.sheet or "MSEL").casefold())
    if found is None and mapping.sheet is None:
        found = next((name for name in names if name.casefold() not in _LAYOUT_SHEETS), None)
    return found


def _sheets_read(names: list[str], mapping: ColumnMap) -> set[str]:
    """The sheets an import reads: the MSEL and the layout's other list and exercise sheets, never
    any other (a workbook of many sheets costs what these hold)."""
    wanted = {name for name in names if name.casefold() in _LAYOUT_SHEETS - {"read me"}}
    msel = _msel_sheet(names, mapping)
    return wanted | ({msel} if msel is not None else set())


def _read_exercise(sheet: Sheet | None, mapping: ColumnMap, scenario: dict[str, Any], reading: _Reading) -> None:
    if sheet is None:
        if mapping.title is not None:
            scenario["title"] = mapping.title
        return
    labels = {normal_header(label): (field, kind) for label, field, kind in EXERCISE_ROWS}
    labels.update({normal_header(field): (field, kind) for _, field, kind in EXERCISE_ROWS})
    exercise: dict[str, Any] = {}
    for number, row in enumerate(sheet.rows, start=1):
        label = _text(row[0]) if row else None
        if number == 1 and label is not None and normal_header(label) == "field":
            continue
        if label is None or not label.strip():
            continue
        value = row[1] if len(row) > 1 else None
        known = labels.get(normal_header(label))
        if known is None:
            close = _close(label, [item[0] for item in EXERCISE_ROWS])
            reading.problem(
                (sheet.name, number, 1),
                f"row {label!r} is not imported{close} (the rows read are: "
                f"{', '.join(item[0] for item in EXERCISE_ROWS)})",
                "warning",
            )
            continue
        field_name, kind = known
        path = ("title",) if field_name == "title" else ("exercise", field_name)
        reading.where[path] = (sheet.name, number, 2)
        converted = _convert(value, Column(label, field_name, kind, 0, ""), (sheet.name, number, 2), reading)
        if converted is None:
            continue
        if field_name == "title":
            scenario["title"] = converted
        else:
            exercise[field_name] = converted
    if "title" not in scenario and mapping.title is not None:
        scenario["title"] = mapping.title
    if exercise:
        scenario["exercise"] = ordered(exercise, tuple(field for _, field, _ in EXERCISE_ROWS))


def _headers(
    sheet: Sheet, header_row: int, layout: tuple[Column, ...], extra: dict[str, str], reading: _Reading
) -> dict[int, Column]:
    """The columns of `sheet` that are read, by index (0-based), from its header row."""
    known = _known_headers(layout, extra)
    row = sheet.rows[header_row - 1] if len(sheet.rows) >= header_row else []
    found: dict[int, Column] = {}
    taken: dict[str, int] = {}
    for index, value in enumerate(row):
        written = _text(value)
        if written is None or not written.strip():
            continue
        column = known.get(normal_header(written))
        at = (sheet.name, header_row, index + 1)
        if column is None:
            close = _close(written, [c.header for c in layout])
            reading.problem(at, f"column {written.strip()!r} is not imported{close}", "warning")
            continue
        if column.field is None:
            continue
        if column.field in taken:
            first = get_column_letter(taken[column.field] + 1)
            reading.problem(
                at,
                f"column {written.strip()!r} holds {column.header!r} again (first in column {first}); keep one of them",
            )
            continue
        taken[column.field] = index
        found[index] = column
    return found


def _known_headers(layout: tuple[Column, ...], extra: dict[str, str]) -> dict[str, Column]:
    """The headers recognised (compared by `normal_header`): the layout's, and `extra`'s (`--map`)."""
    known = {normal_header(column.header): column for column in layout}
    by_field = {column.field: column for column in layout if column.field}
    for header, field_name in extra.items():
        if field_name in by_field:
            known[normal_header(header)] = by_field[field_name]
    return known


_HEADER_SEARCH_ROWS = 50
"""How far down a sheet the headers are looked for when their row holds none (a title block
above them is a few rows)."""


def _headers_missing(sheet: Sheet, mapping: ColumnMap, reading: _Reading) -> bool:
    """Whether the header row of the MSEL sheet holds no header this import knows; if so, the
    problem is reported, with the row that holds them when there is one (a title row above)."""
    known = _known_headers(MSEL_COLUMNS, mapping.columns)

    def recognised(row: list[Any]) -> int:
        return sum(1 for value in row if normal_header(_text(value) or "") in known)

    wanted = mapping.header_row
    if not sheet.rows or (len(sheet.rows) >= wanted and recognised(sheet.rows[wanted - 1])):
        return False
    found = next(
        (
            number
            for number, row in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS], start=1)
            if number != wanted and recognised(row) >= 2
        ),
        None,
    )
    guide = "see docs/msel.md, Workbooks of another layout"
    if found is None:
        message = (
            f"no MSEL column headers found in row {wanted} (such as No., ID, Title, Narrative): keep the "
            "headers the export wrote in row 1, or import with --map MAPPING.yaml giving the row of the "
            f"headers (`header_row:`) and each header's field (`columns:`); {guide}"
        )
    elif wanted != 1:
        message = (
            f"the column headers were not found in row {wanted}, the `header_row` of the --map file: "
            f"they are in row {found}; write `header_row: {found}` there"
        )
    else:
        message = (
            f"the column headers were not found in row 1: they are in row {found}; delete the rows above "
            f"them, or import with --map MAPPING.yaml holding `header_row: {found}` ({guide})"
        )
    reading.problem((sheet.name, wanted, 1), message)
    return True


def _read_list(sheet: Sheet, layout: tuple[Column, ...], part: str, reading: _Reading) -> list[dict[str, Any]]:
    columns = _headers(sheet, 1, layout, {}, reading)
    items: list[dict[str, Any]] = []
    for number, row in enumerate(sheet.rows[1:], start=2):
        if _blank(row, columns):
            continue
        k = len(items)
        item: dict[str, Any] = {}
        for index, column in columns.items():
            if column.field is None:
                continue
            at = (sheet.name, number, index + 1)
            reading.where[(part, k, column.field)] = at
            value = _convert(row[index] if index < len(row) else None, column, at, reading)
            if value is not None:
                item[column.field] = value
        reading.where[(part, k)] = (sheet.name, number, 1 + min(columns, default=0))
        items.append(ordered(item, tuple(c.field for c in layout if c.field)))
    return items


def _acronyms(rows: list[dict[str, Any]], reading: _Reading) -> dict[str, Any]:
    """The Acronyms sheet's rows as the `acronyms:` mapping, each located at its row's cells."""
    found: dict[str, Any] = {}
    first: dict[str, int] = {}
    for k, row in enumerate(rows):
        short, meaning = row.get("acronym"), row.get("meaning")
        row_at = reading.where.get(("acronyms", k))
        if not isinstance(short, str) or not short.strip() or meaning is None:
            reading.problem(row_at, "Acronyms: a row needs both the acronym and what it stands for")
            continue
        short = short.strip()
        at = reading.where.get(("acronyms", k, "acronym"))
        if short in found:
            reading.problem(at, f"Acronyms: {short!r} is listed twice (first in row {first[short]}); keep one")
            continue
        found[short] = meaning
        first[short] = at[1] if at else k + 2
        cell = reading.where.get(("acronyms", k, "meaning"), at)
        if cell is not None:
            reading.where[("acronyms", short)] = cell
    return found


def _read_injects(sheet: Sheet, mapping: ColumnMap, reading: _Reading) -> list[dict[str, Any]]:
    header_row = mapping.header_row
    columns = _headers(sheet, header_row, MSEL_COLUMNS, mapping.columns, reading)
    number_column = next((index for index, column in columns.items() if column.field == "number"), None)
    rows = []
    previous: float = float("-inf")
    # A row holding nothing but its number (numbered ahead of time) holds no inject.
    content = {index: column for index, column in columns.items() if column.field != "number"}
    for number, row in enumerate(sheet.rows[header_row:], start=header_row + 1):
        if _blank(row, content):
            continue
        key: tuple[float, int, int]
        order = _number(row, number_column)
        if isinstance(order, str):
            hint = " (formulas are not evaluated: type the number)" if order.startswith("=") else ""
            reading.problem(
                (sheet.name, number, (number_column or 0) + 1),
                f"{_row_named(row, columns, number)}: No. must be a number giving the play order, "
                f"found {order!r}{hint}",
            )
            order = None
        if order is None:
            key = (previous, 1, number)
        else:
            previous = order
            key = (order, 0, number)
        rows.append((key, number, row))
    rows.sort(key=lambda item: item[0])

    id_column = next((index for index, column in columns.items() if column.field == "id"), None)
    used = {
        (_text(row[id_column]) or "").strip()
        for _, _, row in rows
        if id_column is not None and id_column < len(row) and _text(row[id_column])
    }
    injects = []
    for k, (_, number, row) in enumerate(rows):
        inject: dict[str, Any] = {}
        before = len(reading.problems)
        for index, column in columns.items():
            if column.field in (None, "number"):
                continue
            at = (sheet.name, number, index + 1)
            reading.where[("injects", k, column.field)] = at
            value = _convert(row[index] if index < len(row) else None, column, at, reading)
            if value is not None:
                inject[column.field] = value
        if isinstance(inject.get("id"), str):
            # A cell's own mistakes name the inject, as the validator's do (`inject 'landing': ...`).
            reading.problems[before:] = [
                dataclasses.replace(problem, message=f"inject {inject['id']!r}: {problem.message}")
                for problem in reading.problems[before:]
            ]
        first = id_column if id_column is not None else min(columns, default=0)
        reading.where[("injects", k)] = (sheet.name, number, first + 1)
        if "id" not in inject and isinstance(inject.get("title"), str):
            made = _id_from(inject["title"], used, number)
            used.add(made)
            inject["id"] = made
            reading.problem(
                (sheet.name, number, first + 1),
                f"no ID: this inject is given the id {made!r}, made "
                "from its title; write it in the ID column to keep it",
                "warning",
            )
        injects.append(ordered(inject, INJECT_KEY_ORDER))
    return injects


def _blank(row: list[Any], columns: dict[int, Column]) -> bool:
    return all(index >= len(row) or not (_text(row[index]) or "").strip() for index in columns)


def _number(row: list[Any], index: int | None) -> float | str | None:
    """The play order a row's No. cell gives; its text when that is not a number; None when blank."""
    value = row[index] if index is not None and index < len(row) else None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = (_text(value) or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


_TITLE_SHOWN = 60
"""How much of a title a message quotes to name its row."""


def _row_named(row: list[Any], columns: dict[int, Column], number: int) -> str:
    """The inject of a row as the sheet shows it, for a problem found before the row is read:
    `inject 'landing' (titled 'Armed personnel land')`, by its ID and its title."""

    def cell(field_name: str) -> str:
        index = next((index for index, column in columns.items() if column.field == field_name), None)
        return (_text(row[index]) or "").strip() if index is not None and index < len(row) else ""

    inject_id, title = cell("id"), " ".join(cell("title").split())
    if len(title) > _TITLE_SHOWN:
        title = title[: _TITLE_SHOWN - 1].rstrip() + "…"
    if inject_id and title:
        return f"inject {inject_id!r} (titled {title!r})"
    if inject_id:
        return f"inject {inject_id!r}"
    if title:
        return f"the inject titled {title!r} (no ID)"
    return f"the inject in row {number}"


def _id_from(title: str, used: set[str], row: int) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:40].strip("-") or f"inject-row-{row}"
    made, n = stem, 2
    while made in used:
        made, n = f"{stem}-{n}", n + 1
    return made


# -- cells -------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A cell's value as the text a person typed (a number as written, a date as YYYY-MM-DD)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


_ACCIDENTAL = " \t\r\n"
"""What a cell of text holds by accident and is still empty: spaces, tabs and line ends."""
_AS_WRITTEN = frozenset({"text", "lines", "entries"})
"""The kinds of column whose other white space (a no-break space, say) is text, as it is in a line
of a list (`read_lines`): a cell holding only that is not empty."""
_YES = {"yes", "y", "true", "x", "1"}
_NO = {"no", "n", "false", "0"}
_CLAUSE_TITLE = re.compile(r"\s+[—–-]\s+")


def _convert(value: Any, column: Column, at: _Where, reading: _Reading) -> Any:
    """A cell's value as scenario data of its column's kind (None: nothing there)."""
    kind, header = column.kind, column.header
    text = _text(value)
    if text is None or not (text.strip(_ACCIDENTAL) if kind in _AS_WRITTEN else text.strip()):
        return None
    if kind == "text":
        return text
    if kind == "name":
        return text.strip()
    if kind == "count":
        return int(text.strip()) if text.strip().isdigit() else text.strip()
    if kind == "names":
        return split_ids(text)
    if kind == "lines":
        return read_lines(text)
    if kind == "flag":
        word = text.strip().casefold()
        return True if word in _YES else False if word in _NO else text.strip()
    if kind == "cite":
        found = []
        for line in lines_of(text):
            found.extend(split_ids(_CLAUSE_TITLE.split(line.strip(), maxsplit=1)[0]))
        return found
    if kind == "gates":
        answers: dict[str, Any] = {}
        for part in split_ids(text):
            gate, colon, answer = part.partition(":")
            if not colon:
                reading.problem(at, f"{header}: {part!r} needs an answer: write it as `{part.strip()}: yes` (or no)")
                continue
            word = answer.strip().casefold()
            answers[gate.strip()] = True if word in _YES else False if word in _NO else answer.strip()
        return answers
    if kind == "entries":
        return _entries(text, column, at, reading)
    raise AssertionError(kind)


def _entries(text: str, column: Column, at: _Where, reading: _Reading) -> list[Any]:
    field_name, header = column.field, column.header
    entries: list[Any] = []
    lines = [line for line in lines_of(text) if line.strip(" \t") not in ("", "•", "-", "*")]
    for number, line in enumerate(lines, start=1):
        try:
            body, attributes = read_entry(line)
        except CellFormatError as exc:
            reading.problem(at, f"{header}, line {number}: {exc}")
            continue
        reading.entry_lines[(at, len(entries))] = number
        if field_name == "questions":
            entries.append(body if attributes is None else {"text": body, **attributes})
        elif field_name == "expected_actions":
            action: dict[str, Any] = {"action": body, **(attributes or {})}
            if isinstance(action.get("cells"), str):
                action["cells"] = split_ids(action["cells"])  # a list of cell ids, as To writes one
            entries.append(action)
        else:
            option: dict[str, Any] = {"label": body, **(attributes or {})}
            if isinstance(option.get("default"), str):
                word = option["default"].casefold()
                option["default"] = True if word in _YES else False if word in _NO else option["default"]
            entries.append(option)
    return entries


def _close(word: str, candidates: list[str]) -> str:
    wanted = {normal_header(candidate): candidate for candidate in candidates}
    close = close_matches(normal_header(word), list(wanted), n=1, cutoff=0.75)
    return did_you_mean(wanted[c] for c in close)


# -- the validator's problems at their cells, in the workbook's words ------------------------


_SINGULAR = {"injects": "inject", "objectives": "objective", "cells": "cell", "modules": "module"}
_KINDS_SAID = {"true/false": "yes or no", "whole number": "a whole number"}
"""The kinds of value a message says in the workbook's words, with the value found as the cell
holds it (every true/false of a workbook is written yes or no: Contingency, Gates, an option's
default)."""


def _locate(diagnostics: list[Diagnostic], written: dict[str, Any], reading: _Reading) -> None:
    """Add the validator's diagnostics to `reading.problems`, each at the cell its key came from,
    worded from what each is about (`Diagnostic.about`): the item named by its id, a column by its
    header, yes or no for true or false."""
    for diagnostic in diagnostics:
        about = diagnostic.about
        if about is None:  # a problem of a YAML text itself: the workbook's data has none
            reading.problem(None, diagnostic.message, diagnostic.severity)
            continue
        at = _cell_of(about.at, reading)
        problem = about.problem
        for mention in about.refers:
            problem = problem.replace(mention.said, _mention_said(mention, written, reading))
        if about.expected in _KINDS_SAID:
            problem = f"expected {_KINDS_SAID[about.expected]}, found {_as_written(about.found)!r}"
        if about.first_use is not None:
            first = _cell_of(about.first_use[1], reading)
            if first is not None:
                problem += f" (first used at {CellDiagnostic(reading.workbook, *first).cell})"
        named = about.named
        if named is not None and named == about.at[:2] and _entry_line(about.at, reading) is not None:
            # A problem inside one entry of a list cell (an expected action's objective): that line of the cell.
            named = about.at[:4]
        row = _missing_row(about)
        if row is not None:
            # A key the scenario file lacks is a row of the Exercise sheet left blank, or not there.
            named, problem = about.at, "the exercise needs one"
            if at is not None:
                problem += f"; write it in the {row} row of the Exercise sheet"
        place = _place(named, written, reading) if named is not None else ""
        message = f"{place}: {problem}" if place else problem
        if at is None and about.at == ("title",):
            message += " (give the Exercise sheet a Title row, or `title:` in the --map file)"
        if at is None and about.at[:1] == ("injects",) and "MSEL" not in reading.sheet_order:
            message += " (the workbook has no MSEL sheet)"
        reading.problem(at, message, diagnostic.severity)


def _missing_row(about: Subject) -> str | None:
    """The label of the Exercise sheet's row whose value the scenario requires and the workbook
    does not give (the validator says "missing required key 'title'"); None for any other problem."""
    key = about.at
    # The Title row is the scenario's `title`; every other row a field of its `exercise`.
    field_name = "title" if key == ("title",) else key[1] if len(key) == 2 and key[0] == "exercise" else None
    if about.problem != f"missing required key {field_name!r}":
        return None
    return next((label for label, name, _ in EXERCISE_ROWS if name == field_name), None)


def _as_written(value: object) -> str:
    """A value read from a cell as the cell shows it (`True` is yes)."""
    return _text(value) or ""


def _place(named: KeyPath, written: dict[str, Any], reading: _Reading) -> str:
    """A place in the scenario's data as the workbook shows it: `inject 'landing': Gates,
    important_influence`, `Start phase`, `agenda item 2: Day`; "" for the whole scenario."""
    if not named:
        return ""
    part, rest = str(named[0]), named[1:]
    words: list[str] = []
    layout: tuple[Column, ...] = ()
    if part in _SINGULAR or part in ("agenda", "contacts"):
        layout = SHEETS[part.capitalize()] if part != "injects" else MSEL_COLUMNS
        if not rest:
            return reading.msel_sheet if part == "injects" else part.capitalize()
        if isinstance(rest[0], int):
            words.append(_item_named(written, part, rest[0]))
            rest = rest[1:]
    elif part == "exercise":
        if not rest:
            return "Exercise"
        label = next((label for label, field_name, _ in EXERCISE_ROWS if field_name == rest[0]), str(rest[0]))
        return ", ".join([label, *_steps(rest[1:])])
    elif part == "title":
        return "Title"
    elif part == "acronyms":
        return ", ".join(["Acronyms", *(repr(step) for step in rest)])
    else:
        return ", ".join(str(step) for step in named)
    if rest:
        header = next((column.header for column in layout if column.field == rest[0]), str(rest[0]))
        line = _entry_line(named, reading)
        if line is not None:  # an entry of a list cell: its line, then its attribute (`Options, line 2: default`)
            words.append(f"{header}, line {line}")
            words.append(", ".join(_steps(rest[2:])))
        else:
            words.append(", ".join([header, *_steps(rest[1:])]))
    return ": ".join(word for word in words if word)


def _entry_line(path: KeyPath, reading: _Reading) -> int | None:
    """The line of its cell that the entry a key path of an inject goes through came from
    (`("injects", 3, "options", 1, "goto")`: the Options cell's line of the second option)."""
    if len(path) < 4 or path[0] != "injects" or not isinstance(path[3], int):
        return None
    cell = reading.where.get(path[:3])
    return reading.entry_lines.get((cell, path[3])) if cell is not None else None


def _mention_said(mention: Mention, written: dict[str, Any], reading: _Reading) -> str:
    """A key a message's advice names, as the workbook holds it: a list of items is a sheet (`on the
    Modules sheet`), a field of the exercise a row of the Exercise sheet (`the End date row of the
    Exercise sheet`), an item's field its column (`Next`, `in the Trigger column`, with a value
    `` `no` in Contingency ``), an attribute of a list cell's line as the line writes it
    (`` `default: yes` ``). A key the workbook has no place for keeps the file's words."""
    key = mention.key
    part = str(key[0]) if key else ""
    if len(key) == 1 and (part in _SINGULAR or part in ("agenda", "contacts", "acronyms")):
        sheet = reading.msel_sheet if part == "injects" else part.capitalize()
        return f"on the {sheet} sheet" if mention.where else f"the {sheet} sheet"
    if part == "exercise" and len(key) == 2:
        row = f"the {_place(key, written, reading)} row of the Exercise sheet"
        return f"in {row}" if mention.where else row
    layout = MSEL_COLUMNS if part == "injects" else SHEETS.get(part.capitalize(), ())
    column = next((c for c in layout if len(key) >= 3 and c.field == key[2]), None)
    if column is None:
        return mention.said
    value = None if mention.value is None else _as_written(mention.value)
    if len(key) == 5 and isinstance(key[3], int):  # an attribute of one line of a list cell
        return f"`{key[4]}: {value}`" if value is not None else f"`{key[4]}`"
    if value is not None:
        return f"`{value}` in {column.header}"
    return f"in the {column.header} column" if mention.where else column.header


def _steps(steps: KeyPath) -> list[str]:
    """Keys inside a cell's value: a gate's id as written, an entry counted from 1."""
    return [f"entry {step + 1}" if isinstance(step, int) else str(step) for step in steps]


def _item_named(written: dict[str, Any], part: str, index: int) -> str:
    """`inject 'landing'`: an item of a sheet as the sheet shows it, by its ID; an agenda item by
    its place, a contact by their name ("" for an item without an id: its cell says which row)."""
    items = written.get(part)
    item = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
    if part == "agenda":
        return f"agenda item {index + 1}"
    if part == "contacts":
        person = item.get("name") if isinstance(item, dict) else None
        return f"contact {person!r}" if isinstance(person, str) else f"contact {index + 1}"
    item_id = item.get("id") if isinstance(item, dict) else None
    return f"{_SINGULAR[part]} {item_id!r}" if isinstance(item_id, str) and item_id else ""


def _cell_of(path: KeyPath, reading: _Reading) -> _Where | None:
    """The cell a key path came from: its own, else its nearest parent's."""
    for length in range(len(path), 0, -1):
        found = reading.where.get(tuple(path[:length]))
        if found is not None:
            return found
    return None

"""docs/msel.md describes the workbook the program writes: its columns, sheets and limits."""

from __future__ import annotations

import re
from pathlib import Path

from tabletop.msel import (
    MAPPABLE_FIELDS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_EXPANDED_BYTES,
    MAX_ROWS,
    MAX_WORKBOOK_BYTES,
    MSEL_COLUMNS,
    SHEETS,
)

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "msel.md").read_text("utf-8")


def _table_after(marker: str) -> list[list[str]]:
    lines = PAGE[PAGE.index(marker) :].splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_the_column_table_lists_every_msel_column_in_order_and_whether_it_imports() -> None:
    rows = _table_after("<!-- msel columns -->")
    assert [(row[0], row[1]) for row in rows] == [
        (column.header, "yes" if column.field else "no") for column in MSEL_COLUMNS
    ]


def test_the_sheet_table_names_every_sheet() -> None:
    rows = _table_after("The workbook has these sheets:")
    assert {row[0] for row in rows} == {*SHEETS, "Exercise", "Read me"}


def test_the_mappable_fields_are_the_ones_documented() -> None:
    listed = re.search(r"The fields are `number` \(the play order\) and the inject keys: (.*?)\. Headers", PAGE, re.S)
    assert listed, "the page lists no mappable fields"
    assert ("number", *re.findall(r"`(\w+)`", listed.group(1))) == MAPPABLE_FIELDS


def test_the_limits_are_the_ones_documented() -> None:
    assert f"larger than {MAX_WORKBOOK_BYTES // 2**20} MiB" in PAGE
    assert f"more than {MAX_EXPANDED_BYTES // 2**20} MiB" in PAGE
    assert f"more than {MAX_ROWS:,} rows or {MAX_COLUMNS} columns" in PAGE
    assert f"more than {MAX_CELLS:,}\n  cells in all the sheets read" in PAGE


def test_the_sheets_an_import_reads_are_the_ones_documented() -> None:
    said = re.search(
        r"Only the sheets an import uses are read: the MSEL sheet \(or the one `--map`\s+names\) and the (.*?) sheets\.",
        PAGE,
        re.S,
    )
    assert said, "the page does not say which sheets an import reads"
    listed = re.split(r",\s*|\s+and\s+", " ".join(said.group(1).split()))
    assert sorted(listed) == sorted(["Exercise", *(name for name in SHEETS if name != "MSEL")])

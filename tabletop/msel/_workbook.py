"""Opening a workbook someone sent us, safely: refused cleanly when hostile, never evaluated.

Called by the import of `tabletop.msel` before anything else reads the file.
An `.xlsx` file is a zip of XML parts; before openpyxl parses any of it, the
package itself is checked:

- the file must be a zip (an old `.xls`, a password-protected workbook, a
  CSV or anything else is refused with what to do instead) of at most
  `MAX_WORKBOOK_BYTES`;
- its parts may expand to at most `MAX_EXPANDED_BYTES` in all, each at most
  `MAX_RATIO` times its compressed size (a zip bomb is refused before it is
  expanded: the parts are read in bounded chunks, whatever their headers say);
- no XML part may declare a document type anywhere in it (entity expansion
  attacks need one; no spreadsheet program writes one), nor be in another
  encoding than UTF-8 (where the check could not see a declaration);
- links to other workbooks (external links) are refused: their values would
  be whatever the other file held when it was last opened.

The sheets the caller names (an import reads the MSEL and the sheets of its
layout, never the others) are then read in openpyxl's read-only mode with
formulas kept as their text (`data_only=False`): a formula is never
evaluated, and its cached result is never used. A sheet's recorded size (its
`<dimension>`) is ignored, since a stale one would hide rows or pad gaps: the
rows are read as they are. A sheet is read up to `MAX_ROWS` rows and
`MAX_COLUMNS` columns, and the workbook up to `MAX_CELLS` cells in all; a
larger one is refused.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_EXPANDED_BYTES",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_WORKBOOK_BYTES",
    "Sheet",
    "WorkbookRefused",
    "read_sheets",
]

MAX_WORKBOOK_BYTES = 16 * 1024 * 1024
"""The largest workbook file read at all (16 MiB, as for a scenario's YAML)."""

MAX_EXPANDED_BYTES = 128 * 1024 * 1024
"""The most its parts may hold once decompressed, in all."""

MAX_RATIO = 200
"""The most a part larger than 1 MiB may expand relative to its compressed size."""

MAX_ROWS = 20_000
"""The most rows read from one sheet: four times a 5,000-inject exercise."""

MAX_COLUMNS = 200
"""The most columns read from one sheet."""

MAX_CELLS = 2_000_000
"""The most cells read from the whole workbook (an empty row counts as one): twenty times a
5,000-inject MSEL of twenty columns."""

_CHUNK = 1024 * 1024


class WorkbookRefused(Exception):
    """The file is not a workbook we read; the message says why and what to do."""


@dataclass
class Workbook:
    """What was read of a workbook: every sheet's name, and the sheets asked for."""

    names: list[str]
    """Every worksheet's name, in the workbook's order."""
    sheets: list[Sheet]
    """The sheets read, in the workbook's order."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    """Cell values by row, from row 1 and column A; each value is text, a number, true/false,
    a date or None. A formula is its text, starting with `=`."""


def read_sheets(data: bytes, choose: Callable[[list[str]], Iterable[str]] | None = None) -> Workbook:
    """The worksheets of the workbook in `data` that `choose` picks from their names (all of them
    without it), in the workbook's order."""
    if len(data) > MAX_WORKBOOK_BYTES:
        raise WorkbookRefused(f"the file is larger than the {MAX_WORKBOOK_BYTES // (1024 * 1024)} MiB limit")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookRefused(
            "this is an Excel 97-2003 (.xls) file or a password-protected workbook; "
            "save it as an Excel Workbook (.xlsx) without a password"
        )
    if not data.startswith(b"PK"):
        raise WorkbookRefused(
            "this is not an Excel workbook (.xlsx); in the spreadsheet program, save it as an Excel Workbook (.xlsx)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise WorkbookRefused(f"this zip file is damaged ({exc}); save the workbook again") from None
    with archive:
        _check_package(archive)
    return _parse(data, choose)


def _check_package(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/worksheets/") for name in names):
        what = "an OpenDocument spreadsheet (.ods)" if "content.xml" in names else "a zip file, not a workbook"
        raise WorkbookRefused(f"this is {what}; save it as an Excel Workbook (.xlsx)")
    if any(name.startswith("xl/externalLinks/") for name in names):
        raise WorkbookRefused(
            "the workbook links to other workbooks (external links), whose values cannot be "
            "checked; break the links (in Excel: Data > Edit Links > Break Link) and save again"
        )
    total = 0
    for info in archive.infolist():
        if info.file_size > max(1024 * 1024, info.compress_size * MAX_RATIO):
            raise WorkbookRefused(_bomb(f"its part {info.filename} would expand {info.file_size:,} bytes"))
        xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        size = 0
        try:
            with archive.open(info) as part:
                tail = b""
                while chunk := part.read(_CHUNK):
                    if size == 0 and xml and _foreign_encoding(chunk):
                        raise WorkbookRefused(
                            f"its part {info.filename} is not encoded in UTF-8, as spreadsheet programs write "
                            "them; save the workbook again"
                        )
                    size += len(chunk)
                    total += len(chunk)
                    if total > MAX_EXPANDED_BYTES or size > max(1024 * 1024, info.compress_size * MAX_RATIO):
                        raise WorkbookRefused(_bomb(f"its part {info.filename} expands beyond its limit"))
                    # The whole part, not its start: a declaration may follow a long comment.
                    if xml and _declares_doctype(tail + chunk):
                        raise WorkbookRefused(
                            f"its part {info.filename} declares an XML document type, "
                            "which no spreadsheet program writes; refusing to read it"
                        )
                    tail = chunk[-16:]
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
            raise WorkbookRefused(f"its part {info.filename} cannot be read ({exc}); save the workbook again") from None


def _declares_doctype(text: bytes) -> bool:
    upper = text.upper()
    return b"<!DOCTYPE" in upper or b"<!ENTITY" in upper


_DECLARED_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _foreign_encoding(head: bytes) -> bool:
    """Whether an XML part's first bytes show another encoding than UTF-8 (or its ASCII subset):
    a UTF-16 or UTF-32 byte order mark, NUL bytes, or a declaration naming another."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in head[:64]:
        return True
    declared = _DECLARED_ENCODING.match(head.removeprefix(b"\xef\xbb\xbf"))
    return declared is not None and declared.group(1).lower().replace(b"_", b"-") not in (
        b"utf-8",
        b"utf8",
        b"us-ascii",
        b"ascii",
    )


def _bomb(detail: str) -> str:
    return (
        f"the workbook is too large once decompressed ({detail}; at most "
        f"{MAX_EXPANDED_BYTES // (1024 * 1024)} MiB in all): a zip bomb, or far more than an MSEL holds"
    )


def _parse(data: bytes, choose: Callable[[list[str]], Iterable[str]] | None) -> Workbook:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:
        raise WorkbookRefused(
            f"the workbook cannot be read ({type(exc).__name__}: {exc}); "
            "open it in a spreadsheet program and save it again as .xlsx"
        ) from None
    try:
        worksheets = [sheet for sheet in book.worksheets if hasattr(sheet, "iter_rows")]  # not chart sheets
        names = [sheet.title for sheet in worksheets]
        wanted = set(names if choose is None else choose(names))
        budget = [MAX_CELLS]
        sheets = [Sheet(sheet.title, _rows(sheet, budget)) for sheet in worksheets if sheet.title in wanted]
    finally:
        book.close()
    return Workbook(names, sheets)


def _rows(sheet: Any, budget: list[int]) -> list[list[Any]]:
    """A sheet's rows (values), trailing empty rows left out; `budget` is the cells the workbook
    may still have read."""
    rows: list[list[Any]] = []
    try:
        # The recorded size may be stale: too small, it hides rows; too large, it pads every row.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            if len(rows) >= MAX_ROWS:
                raise WorkbookRefused(
                    f"sheet {sheet.title!r} has more than {MAX_ROWS:,} rows; an MSEL of that size is not read"
                )
            budget[0] -= max(1, len(row))
            if budget[0] < 0:
                raise WorkbookRefused(
                    f"the workbook holds more than {MAX_CELLS:,} cells in the sheets read; an MSEL of that "
                    "size is not read"
                )
            values = [_value(value) for value in row]
            if any(value is not None for value in values[MAX_COLUMNS:]):
                raise WorkbookRefused(
                    f"sheet {sheet.title!r} has more than {MAX_COLUMNS} columns; an MSEL of that size is not read"
                )
            rows.append(values[:MAX_COLUMNS])
    except WorkbookRefused:
        raise
    except Exception as exc:
        raise WorkbookRefused(
            f"sheet {sheet.title!r} cannot be read ({type(exc).__name__}: {exc}); save the workbook again as .xlsx"
        ) from None
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return rows


def _value(value: Any) -> Any:
    """A cell's value as read: formulas (and array formulas) as their text, never evaluated."""
    if value is None or isinstance(
        value, (str, bool, int, float, datetime.datetime, datetime.date, datetime.time, datetime.timedelta)
    ):
        return value
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else str(value)

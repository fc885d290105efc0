"""Workbooks from elsewhere: refused cleanly with one message, never a crash, never evaluated."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import openpyxl
import openpyxl.worksheet._read_only as read_only_sheets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.msel.msel_support import SAMPLES, import_workbook, load_sample, render_workbook

import tabletop.msel._workbook as workbook_reader
from tabletop.msel import MAX_EXPANDED_BYTES, MselError
from tabletop.rules import Corpus
from openpyxl.worksheet.worksheet import Worksheet

SOUTHWEST = next(path for path in SAMPLES if path.stem == "southwest_islands")


@pytest.fixture(scope="module")
def exported(corpus: Corpus) -> bytes:
    return render_workbook(load_sample(SOUTHWEST, corpus), corpus)


def _refusal(data: bytes, corpus: Corpus) -> str:
    with pytest.raises(MselError) as caught:
        import_workbook(data, "in.xlsx", corpus)
    assert len(caught.value.diagnostics) == 1
    return str(caught.value.diagnostics[0])


def _rezipped(
    data: bytes, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None
) -> bytes:
    """The workbook's package with its parts changed by `change(name, bytes) -> bytes | None`,
    and the `extra` parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = change(item.filename, source.read(item.filename))
            if part is not None:
                target.writestr(item.filename, part)
        for name, part in (extra or {}).items():
            target.writestr(name, part)
    return out.getvalue()


def test_a_file_that_is_not_a_zip_is_refused_with_what_to_do(corpus: Corpus) -> None:
    assert _refusal(b"No.,Title\n1,Quiet start\n", corpus) == (
        "in.xlsx: error: this is not an Excel workbook (.xlsx); in the spreadsheet program, save it as an "
        "Excel Workbook (.xlsx)"
    )


def test_an_old_xls_or_password_protected_file_is_refused(corpus: Corpus) -> None:
    message = _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, corpus)
    assert message.endswith("save it as an Excel Workbook (.xlsx) without a password")


def test_a_damaged_zip_is_refused(exported: bytes, corpus: Corpus) -> None:
    assert "this zip file is damaged" in _refusal(exported[: len(exported) // 2], corpus)


def test_a_zip_that_is_not_a_workbook_is_refused(corpus: Corpus) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert _refusal(out.getvalue(), corpus) == (
        "in.xlsx: error: this is an OpenDocument spreadsheet (.ods); save it as an Excel Workbook (.xlsx)"
    )


def test_a_zip_bomb_is_refused_before_it_is_expanded(exported: bytes, corpus: Corpus) -> None:
    def change(name: str, part: bytes) -> bytes:
        return part

    message = _refusal(_rezipped(exported, change, {"xl/media/image1.png": b"\0" * (64 * 1024 * 1024)}), corpus)
    assert "in.xlsx: error: the workbook is too large once decompressed (its part xl/media/image1.png" in message
    assert "a zip bomb" in message


def test_parts_expanding_beyond_the_total_limit_are_refused(
    exported: bytes, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_EXPANDED_BYTES", 4096)
    assert "a zip bomb, or far more than an MSEL holds" in _refusal(exported, corpus)
    assert MAX_EXPANDED_BYTES > 16 * 1024 * 1024


def _sixty_rows() -> bytes:
    book = openpyxl.Workbook()
    for number in range(60):
        book.active.append([number, f"inject {number}"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_a_sheet_with_too_many_rows_is_refused(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_ROWS", 50)
    assert _refusal(_sixty_rows(), corpus) == (
        "in.xlsx: error: sheet 'Sheet' has more than 50 rows; an MSEL of that size is not read"
    )


def test_a_cell_far_away_counts_every_row_before_it(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_ROWS", 1000)
    book = openpyxl.Workbook()
    book.active["A1"] = "No."
    book.active["A1048576"] = "x"
    data = io.BytesIO()
    book.save(data)
    assert "has more than 1,000 rows" in _refusal(data.getvalue(), corpus)


def test_links_to_other_workbooks_are_refused(exported: bytes, corpus: Corpus) -> None:
    def change(name: str, part: bytes) -> bytes:
        return part

    extra = {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}
    assert "links to other workbooks (external links)" in _refusal(_rezipped(exported, change, extra), corpus)


def test_an_xml_document_type_declaration_is_refused(exported: bytes, corpus: Corpus) -> None:
    def change(name: str, part: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaa">]>' + part
        return part

    assert "declares an XML document type" in _refusal(_rezipped(exported, change), corpus)


def test_a_workbook_openpyxl_cannot_parse_is_refused_not_crashed(exported: bytes, corpus: Corpus) -> None:
    def change(name: str, part: bytes) -> bytes:
        return b"<worksheet><sheetData><row r='x'>" if name == "xl/worksheets/sheet1.xml" else part

    message = _refusal(_rezipped(exported, change), corpus)
    assert message.startswith("in.xlsx: error: ") and "save" in message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b)))
def test_arbitrary_bytes_are_refused_cleanly_never_with_a_traceback(data: bytes, corpus: Corpus) -> None:
    with pytest.raises(MselError) as caught:
        import_workbook(data, "in.xlsx", corpus)
    assert all("\n" not in str(d) for d in caught.value.diagnostics)


# -- a workbook's recorded size, its other sheets, and the whole of each part -----------------------


def _sheet_part(name: str, part: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    return edit(part) if name == "xl/worksheets/sheet1.xml" else part


def test_a_stale_dimension_record_hides_no_inject(exported: bytes, corpus: Corpus) -> None:
    whole = import_workbook(exported, "in.xlsx", corpus)

    def stale(name: str, part: bytes) -> bytes:  # the MSEL sheet claims it ends at row 6
        return _sheet_part(name, part, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:F6"', xml))

    imported = import_workbook(_rezipped(exported, stale), "in.xlsx", corpus)
    assert [i.id for i in imported.loaded.scenario.injects] == [i.id for i in whole.loaded.scenario.injects]
    assert len(whole.loaded.scenario.injects) > 5


def test_rows_past_the_limit_are_counted_whatever_the_dimension_says(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_ROWS", 50)

    def small(name: str, part: bytes) -> bytes:
        return _sheet_part(name, part, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B10"', xml))

    assert "has more than 50 rows" in _refusal(_rezipped(_sixty_rows(), small), corpus)


def test_sheets_the_import_does_not_use_are_never_read(
    exported: bytes, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(exported))
    imported_sheets = sorted(name for name in book.sheetnames if name != "Read me")
    first_extra = len(book.sheetnames) + 1
    for number in range(150):
        book.create_sheet(f"Notes {number}")["A1"] = "x"
    out = io.BytesIO()
    book.save(out)

    def claims_to_be_large(
        name: str, part: bytes
    ) -> bytes:  # each extra sheet says it spans 20,000 rows of 200 columns
        if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name) and int(re.findall(r"\d+", name)[0]) >= first_extra:
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:GR19999"', part)
        return part

    read = []
    rows = read_only_sheets.ReadOnlyWorksheet.iter_rows

    def reading(sheet: Worksheet, *args: object, **kwargs: object) -> object:
        read.append(sheet.title)
        return rows(sheet, *args, **kwargs)

    monkeypatch.setattr(read_only_sheets.ReadOnlyWorksheet, "iter_rows", reading)
    monkeypatch.setattr(workbook_reader, "MAX_CELLS", 20_000)  # far fewer than the extra sheets claim
    imported = import_workbook(_rezipped(out.getvalue(), claims_to_be_large), "in.xlsx", corpus)
    assert sorted(read) == imported_sheets
    assert imported.loaded.scenario.injects == import_workbook(exported, "in.xlsx", corpus).loaded.scenario.injects


def test_cells_are_counted_across_the_workbook(
    exported: bytes, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_reader, "MAX_CELLS", 300)
    message = _refusal(exported, corpus)
    assert "the workbook holds more than 300 cells in the sheets read" in message


def test_a_document_type_after_a_long_comment_is_refused(exported: bytes, corpus: Corpus) -> None:
    def late_doctype(name: str, part: bytes) -> bytes:
        return _sheet_part(
            name, part, lambda xml: b"<!--" + b" " * 6000 + b"-->" + b'<!DOCTYPE x [<!ENTITY a "b">]>' + xml
        )

    assert "declares an XML document type" in _refusal(_rezipped(exported, late_doctype), corpus)


def test_a_part_in_another_encoding_than_utf8_is_refused(exported: bytes, corpus: Corpus) -> None:
    def utf16(name: str, part: bytes) -> bytes:
        def encode(xml: bytes) -> bytes:
            text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>' + xml.decode("utf-8")
            return text.encode("utf-16")

        return _sheet_part(name, part, encode)

    assert "is not encoded in UTF-8" in _refusal(_rezipped(exported, utf16), corpus)

"""Our row writer writes the sheet XML openpyxl's own cell writer writes, byte for byte."""

import zipfile
from copy import copy
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.utils.exceptions import IllegalCharacterError

from exports.excel_base import BOLD, RAG_FILLS, RAG_FORMATS, Book
from exports.excel_rows import Styled

PLAIN = ["plain", " leading", "trailing ", "a\r\nb", "line\nbreak", "tab\tx", "&<>\"'",
         "naïve – “quotes” 🚓", "=SUM(A1)", "=", "#N/A", "#other", "", "x" * 40000, True,
         False, 0, -3, 2**60, 1.5, float("nan"), float("inf"), 1e-20, date(2020, 1, 2),
         datetime(2020, 1, 2, 3, 4, 5), time(9, 30), timedelta(days=1, hours=2), None, "last"]


def _rows(sheet):
    """Plain rows, an empty row, a tall row, and values styled by ``Sheet.cell``."""
    yield PLAIN, 1
    yield [], 1
    yield [sheet.cell(" wrapped\ntext ", wrap=True), sheet.cell("=looks like a formula"),
           sheet.cell(date(2021, 3, 4), top=True), None,
           sheet.cell(7, fill=RAG_FILLS["red"], number_format=RAG_FORMATS["red"]),
           sheet.cell(None, wrap=True), sheet.cell("", font=BOLD),
           sheet.cell(datetime(2021, 7, 1, 9, 30, tzinfo=timezone.utc), wrap=True),
           sheet.cell(2.5, top=True), sheet.cell(True, font=BOLD)], 3
    yield [sheet.cell("#N/A"), 4, sheet.cell("after")], 1
    linked = WriteOnlyCell(sheet.ws, value="a link")
    linked.hyperlink, linked.comment = "https://example.org/", Comment("A note", "Dev")
    yield ["a type left to openpyxl", Decimal("1.25"), sheet.cell("styled", wrap=True),
           linked], 1


def _as_openpyxl_cells(ws, values):
    out = []
    for v in values:
        if isinstance(v, Styled):
            cell = WriteOnlyCell(ws, value=v.value)
            cell._style, cell.data_type = copy(v.style.array), v.data_type
            v = cell
        out.append(v)
    return out


def _sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml") + z.read("xl/styles.xml")


def _book(tmp_path, name, ours: bool):
    book = Book("Rows")
    sheet = book.sheet("Rows")
    sheet.columns([20] * len(PLAIN))
    for values, lines in _rows(sheet):
        if ours:
            sheet.append(values, lines=lines)
        else:  # openpyxl's own writer, the same heights
            height = 3 * 14.25 + 3 if lines == 3 else None
            sheet.row += 1
            if height:
                sheet.ws.row_dimensions[sheet.row].height = height
            sheet.ws.append(_as_openpyxl_cells(sheet.ws, values))
    path = tmp_path / name
    book.save(path)
    return path


def test_rows_are_the_xml_openpyxl_writes(tmp_path):
    ours = _sheet_xml(_book(tmp_path, "ours.xlsx", ours=True))
    theirs = _sheet_xml(_book(tmp_path, "openpyxl.xlsx", ours=False))
    assert b'xml:space="preserve"' in ours and b"&#13;" in ours  # the tricky parts are there
    assert ours == theirs


def test_a_control_character_is_refused_as_openpyxl_refuses_it(tmp_path):
    sheet = Book().sheet("Rows")
    with pytest.raises(IllegalCharacterError):
        sheet.append(["bell \x07"])

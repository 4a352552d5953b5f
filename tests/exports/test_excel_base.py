"""Cells keep text as text, byte for byte; sheet names follow Excel's rules."""

from datetime import date, datetime, timezone

import pytest

from exports.excel_base import Book, Column, clean_sheet_name
from tests.exports.conftest import INJECTION
from tests.exports.workbook import formula_elements, read, table_dicts

TRICKY = INJECTION + ["=", "#N/A", "-", "a\r\nb", "  padded  ", "x" * 32000, "naïve – “quotes” 🚓",
                      "_x0041_ stays as typed"]


def _write(tmp_path, values):
    book = Book()
    sheet = book.sheet("Text")
    cols = [Column("Value", 40, wrap=True), Column("Number"), Column("When")]
    sheet.columns(cols)
    sheet.start_table(cols, "text")
    for v in values:
        sheet.table_row([v, 42, date(2020, 1, 2)])
    sheet.end_table()
    path = tmp_path / "t.xlsx"
    book.save(path)
    return path


def test_text_reads_back_byte_for_byte_never_a_formula(tmp_path):
    path = _write(tmp_path, TRICKY)
    ws = read(path)["Text"]
    got = [ws.cell(row=i, column=1) for i in range(2, 2 + len(TRICKY))]
    for cell, expected in zip(got, TRICKY[:-1]):
        assert cell.value == expected
        assert cell.data_type == "s"
    assert formula_elements(path) == 0
    assert ws.cell(row=2, column=2).value == 42 and ws.cell(row=2, column=2).data_type == "n"
    assert ws.cell(row=2, column=3).value == datetime(2020, 1, 2)
    assert ws.cell(row=2, column=3).is_date


def test_excel_escape_lookalikes_are_themselves_escaped(tmp_path):
    # Excel decodes _xHHHH_ in cell text; writing it as _x005F_xHHHH_ makes
    # Excel show the text exactly as typed.
    path = _write(tmp_path, ["_x0041_"])
    assert read(path)["Text"]["A2"].value == "_x005F_x0041_"


def test_32000_characters_are_not_truncated(tmp_path):
    long = ("Lorem ipsum dolor sit amet. " * 1200)[:32000]
    path = _write(tmp_path, [long])
    assert read(path)["Text"]["A2"].value == long


def test_control_characters_do_not_break_the_export(tmp_path):
    path = _write(tmp_path, ["bell\x07here"])
    assert read(path)["Text"]["A2"].value == "bell_x0007_here"


def test_times_are_uk_local_dates(tmp_path):
    book = Book()
    sheet = book.sheet("T")
    sheet.append([sheet.cell(datetime(2021, 7, 1, 9, 30, tzinfo=timezone.utc))])
    book.save(tmp_path / "t.xlsx")
    assert read(tmp_path / "t.xlsx")["T"]["A1"].value == datetime(2021, 7, 1, 10, 30)


@pytest.mark.parametrize("name, expected", [
    ("West Mercia Police", "West Mercia Police"),
    ("A/B: [C] *D?* \\E", "A B C D E"),
    ("'quoted'", "quoted"),
    ("History", "History sheet"),
    ("", "Sheet"),
    ("Devon and Cornwall Police and Crime Commissioner", "Devon and Cornwall Police"),
    ("Telford and Wrekin Local Policing Area", "Telford and Wrekin Local"),
    ("Supercalifragilisticexpialidocious-and-more", "Supercalifragilisticexpialidoci"),
])
def test_sheet_names_cleaned(name, expected):
    assert clean_sheet_name(name, set()) == expected


def test_sheet_names_unique_within_31_characters(tmp_path):
    used: set[str] = set()
    long = "Devon and Cornwall Police and Crime Commissioner"
    names = [clean_sheet_name(long, used) for _ in range(3)] + [clean_sheet_name("DATA", used),
                                                                 clean_sheet_name("data", used)]
    assert names[1] == "Devon and Cornwall Police (2)"  # cut at a word, then numbered
    assert all(len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == 5
    book = Book()
    for n in ["Data", "data", "a:b", "a b"]:
        book.sheet(n).append(["x"])
    book.save(tmp_path / "n.xlsx")
    assert read(tmp_path / "n.xlsx").sheetnames == ["Data", "data (2)", "a b", "a b (2)"]


def test_table_has_filters_frozen_header_and_print_titles(tmp_path):
    path = _write(tmp_path, ["one", "two"])
    ws = read(path)["Text"]
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"
    table = ws.tables["tbl_text"]
    assert table.ref == "A1:C3" and table.autoFilter.ref == "A1:C3"
    assert [r["Value"] for r in table_dicts(ws)] == ["one", "two"]
    assert ws["A1"].font.b and ws.column_dimensions["A"].width == 40
    assert ws["A2"].alignment.wrap_text


def test_wrapped_rows_are_as_tall_as_their_text(tmp_path):
    sentence = "How confident are you that the force identifies children at risk? "
    path = _write(tmp_path, ["short", sentence * 3, "one\ntwo\nthree\nfour", "x " * 20000])
    ws = read(path)["Text"]
    assert ws.row_dimensions[2].height is None  # one line: the default height
    three = ws.row_dimensions[3].height
    assert 3 * 14 <= three <= 6 * 15  # about 200 characters in a 40-wide column
    assert ws.row_dimensions[4].height >= 4 * 14  # four lines of their own
    assert ws.row_dimensions[5].height == 409  # Excel's tallest row


def test_header_rows_wrap_and_grow(tmp_path):
    book = Book()
    sheet = book.sheet("T")
    cols = [Column("Carried from last round, not yet confirmed", 14), Column("Id", 8)]
    sheet.columns(cols)
    sheet.start_table(cols, "t")
    sheet.table_row(["x", "y"])
    sheet.end_table()
    book.save(tmp_path / "t.xlsx")
    ws = read(tmp_path / "t.xlsx")["T"]
    assert ws["A1"].alignment.wrap_text and ws.row_dimensions[1].height >= 3 * 14


def test_every_sheet_prints_on_a4_with_title_and_page_numbers(tmp_path):
    book = Book("Trends: CSE assurance & more")
    for name in ["One", "Two"]:
        sheet = book.sheet(name)
        sheet.columns([20])
        sheet.title_row("Title")
        sheet.pair("Label", "Value")
    book.save(tmp_path / "p.xlsx")
    wb = read(tmp_path / "p.xlsx")
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.oddHeader.left.text == "Trends: CSE assurance && more"  # printed as "&"
        assert ws.oddHeader.right.text == "&A"  # the sheet's name
        assert ws.oddFooter.center.text == "Page &P of &N"


def test_one_font_throughout(tmp_path):
    book = Book("Fonts")
    sheet = book.sheet("T")
    cols = [Column("Value", 40, wrap=True), Column("Number")]
    sheet.columns(cols, freeze=None)
    sheet.title_row("A title")
    sheet.pair("Label", "value")
    sheet.start_table(cols, "t")
    sheet.table_row(["text", 3])
    sheet.end_table()
    book.save(tmp_path / "f.xlsx")
    ws = read(tmp_path / "f.xlsx")["T"]
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Arial"}
    assert ws.oddHeader.left.font == "Arial"

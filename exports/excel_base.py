"""What every workbook shares: streaming sheets (openpyxl write-only mode) with
styled, frozen, wrapped header rows, Excel tables (filters), sized columns, rows as
tall as their wrapped text, one font, A4 print set-up with the workbook's title in
the header and page numbers in the footer, and cells that keep text as text.

Text is never a formula and never changed: a string that Excel or openpyxl
could read as a formula (beginning ``=``, ``+``, ``-``, ``@``, tab or CR) is
written as an explicit string cell. Two things XML cannot hold as they are
use the OOXML escape ``_xHHHH_``, which Excel decodes back to the same text:
control characters, and text that already looks like such an escape.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.named_styles import NamedStyle, NamedStyleList
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from forms.format.dates import excel_local

from .excel_rows import TEXT_MAX, RowWriter, Style, Styled

# Written as explicit text: what could be read as a formula, and "#" (error codes).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "#")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_NAME_MAX = 31
_AS_IS = frozenset({int, float, date})

# One font throughout (the body, headers, titles, print headers and footers).
FONT_NAME, FONT_SIZE = "Arial", 11
LINE_HEIGHT = 14.25  # points: one line of Arial 11, as Excel and LibreOffice draw it
ROW_HEIGHT_MAX = 409  # Excel's tallest row, in points
PAPER_A4 = "9"  # the page set-up's paper size code for A4
BODY_FONT = Font(name=FONT_NAME, size=FONT_SIZE, family=2)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_FONT = Font(name=FONT_NAME, size=FONT_SIZE, family=2, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
HEADER_BORDER = Border(bottom=Side(style="thin", color="505A5F"))
TITLE_FONT = Font(name=FONT_NAME, size=14, family=2, bold=True)
BOLD = HEADER_FONT
RAG_FILLS = {
    "red": PatternFill("solid", fgColor="F4CDC6"),
    "amber": PatternFill("solid", fgColor="FFF2D3"),
    "green": PatternFill("solid", fgColor="CCE2D8"),
}
# A rating's RAG in words beside its number ("2 Red"), so colour is never the only means.
RAG_FORMATS = {rag: f'0" {rag.capitalize()}"' for rag in RAG_FILLS}


def clean_text(value: str) -> str:
    """The text as XML can carry it (see the module docstring)."""
    if "_x" in value:
        value = _ESCAPE_LIKE.sub(r"_x005F_\1", value)
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


_DANGLING = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the",
                       "to", "with", "&"})


def cut_at_word(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at a word boundary where there is
    one in the second half (else mid-word), without a dangling "and" or "of", a trailing
    space or apostrophe."""
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    space = head.rfind(" ")
    if space <= limit // 2:
        return text[:limit].rstrip().rstrip("'") or text[:limit]
    words = head[:space].split(" ")
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip("'").rstrip(" -,;:") or text[:limit]


def clean_sheet_name(name: str, used: set[str]) -> str:
    """A sheet name by Excel's rules: at most 31 characters (cut at a word boundary),
    none of []:*?/\\, not starting or ending with an apostrophe, not "History", unique
    (ignoring case)."""
    base = " ".join(_SHEET_BAD.sub(" ", name or "").split()).strip("'").strip() or "Sheet"
    if base.lower() == "history":
        base = "History sheet"
    candidate, n = cut_at_word(base, SHEET_NAME_MAX), 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = cut_at_word(base, SHEET_NAME_MAX - len(suffix)) + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide
    (words wrapped whole, as Excel and LibreOffice do; a little narrower than the
    column, since average letters are not all as narrow as the digit the width counts)."""
    per_line = max(1, int(width * 1.05) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                lines, used = lines + 1, 0
            if size > per_line:  # a long word breaks across lines
                lines += (size - 1) // per_line
                size = (size - 1) % per_line + 1
            used += size + (1 if used else 0)
    return lines


def row_height(lines: int) -> float | None:
    """The height of a row of ``lines`` lines in points (None: one line needs none)."""
    if lines <= 1:
        return None
    return min(ROW_HEIGHT_MAX, round(lines * LINE_HEIGHT + 3, 2))


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    wrap: bool = False
    number_format: str | None = None  # for numbers; dates and times are formatted anyway


class Book:
    """A write-only workbook that hands out uniquely named sheets and tables; ``title``
    heads every printed page."""

    def __init__(self, title: str = "") -> None:
        self.title = title
        self.wb = Workbook(write_only=True)
        # One font: the workbook's default (every unstyled cell) is the body font.
        self.wb._fonts = IndexedList([BODY_FONT])
        self.wb._named_styles = NamedStyleList()
        self.wb.add_named_style(NamedStyle(name="Normal", font=BODY_FONT, builtinId=0))
        # (wrap, font, fill, number format, top) -> (font, fill, the style array, by type
        # of value: (data type, Style)): looked up once, not hashed for every cell
        self.styles: dict[tuple, tuple] = {}
        self._sheet_names: set[str] = set()
        self._table_names: set[str] = set()

    def sheet(self, title: str, *, landscape: bool = True) -> "Sheet":
        return Sheet(self, clean_sheet_name(title, self._sheet_names), landscape=landscape)

    def table_name(self, hint: str) -> str:
        base = "tbl_" + (re.sub(r"[^A-Za-z0-9_]", "_", hint) or "table")[:200]
        name, n = base, 2
        while name.lower() in self._table_names:
            name, n = f"{base}_{n}", n + 1
        self._table_names.add(name.lower())
        return name

    def save(self, target) -> None:
        self.wb.save(target)


class Sheet:
    """One streaming sheet. Column widths and frozen panes must be set before
    the first row; tables are declared over rows already written."""

    def __init__(self, book: Book, title: str, *, landscape: bool = True) -> None:
        self.book = book
        self.ws = book.wb.create_sheet(title)
        self.title = title
        self.row = 0  # rows written so far
        self.widths: list[float] = []
        self._table: tuple[int, list[Column], str] | None = None
        self._tall = False
        self._print_setup(book.title, landscape)

    def _print_setup(self, title: str, landscape: bool) -> None:
        """A4, fitted to the page's width, the workbook's title and the sheet's name in
        the header, page numbers in the footer."""
        ps = self.ws.page_setup
        ps.paperSize = PAPER_A4
        ps.orientation = "landscape" if landscape else "portrait"
        ps.fitToWidth, ps.fitToHeight = 1, 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_options.gridLines = False
        header, footer = self.ws.oddHeader, self.ws.oddFooter
        # "&" starts a code in a header ("&A" the sheet's name, "&P" the page): doubled
        # in the title, it is printed as itself.
        for part, text in ((header.left, cut_at_word(title.replace("&", "&&"), 200)),
                           (header.right, "&A"), (footer.center, "Page &P of &N")):
            if text:
                part.text, part.font, part.size = text, FONT_NAME, 9

    def columns(self, columns: Iterable[Column | float], *, freeze: str | None = "A2") -> None:
        for i, col in enumerate(columns, 1):
            width = col.width if isinstance(col, Column) else col
            self.widths.append(width)
            self.ws.column_dimensions[get_column_letter(i)].width = width
        if freeze:
            self.ws.freeze_panes = freeze
            self.ws.print_title_rows = f"1:{int(freeze[1:]) - 1 or 1}"

    # -- cells -----------------------------------------------------------------

    def cell(self, value: Any, *, wrap: bool = False, font: Font | None = None,
             fill: PatternFill | None = None, number_format: str | None = None,
             top: bool = False):
        """A value ready to append: plain where that is safe, a styled cell otherwise.
        ``top``: aligned to the top, as wrapped text is (in a row that may be tall)."""
        if isinstance(value, str):
            value = clean_text(value)
            if not (wrap or font or fill or top) and not value.startswith(FORMULA_START):
                return value
            # text, never a formula; cut where openpyxl cuts it
            return Styled(value[:TEXT_MAX], "s",
                          self._style(value, wrap, font, fill, number_format, top)[1])
        else:
            # Dates and times need no styling of ours: openpyxl gives them
            # a date format (yyyy-mm-dd, or yyyy-mm-dd h:mm:ss).
            if isinstance(value, datetime):
                value = excel_local(value)  # Excel has no time zones
            if not (wrap or font or fill or number_format or top):
                return value
            data_type, style = self._style(value, wrap, font, fill, number_format, top)
            return Styled(value, data_type, style)

    def _style(self, value: Any, wrap: bool, font: Font | None, fill: PatternFill | None,
               number_format: str | None, top: bool = False) -> tuple[str, Style]:
        """(openpyxl's data type for the value, the style) of a combination, built once
        per workbook and type of value: setting .alignment/.font/.fill on every cell
        hashed the style objects each time, which cost more than writing the cell."""
        key = (wrap, id(font), id(fill), number_format, top)
        found = self.book.styles.get(key)
        if found is None:
            proto = WriteOnlyCell(self.ws)
            if number_format:
                proto.number_format = number_format
            if wrap or top:
                proto.alignment = WRAP if wrap else TOP
            if font:
                proto.font = font
            if fill:
                proto.fill = fill
            found = self.book.styles[key] = (font, fill, proto._style, {})  # keeps ids alive
        by_type = found[3]
        kind = type(value)
        if kind not in by_type:  # a date's cell also gets a date format, as in openpyxl
            c = Cell(self.ws, row=1, column=1, value=value, style_array=found[2])
            by_type[kind] = (c.data_type, Style(c._style))
        return by_type[kind]

    def append(self, values: Iterable[Any], *, lines: int = 1) -> None:
        """A row; ``lines`` (of wrapped text, see ``text_lines``) sets its height."""
        height = row_height(lines)
        if height is not None:
            self.ws.row_dimensions[self.row + 1].height = height
        if self.row == 0:  # columns and panes are set: the sheet's XML can start
            RowWriter(self.ws).install()
        self.ws.append(list(values))
        self.row += 1
        if height is not None:  # written: memory stays flat however many rows
            del self.ws.row_dimensions[self.row]

    def lines(self, column: int, value: Any) -> int:
        """Lines a value takes wrapped in the sheet's column (0-based)."""
        if not isinstance(value, str) or not value:
            return 1
        width = self.widths[column] if column < len(self.widths) else 8.43
        return text_lines(value, width)

    def blank(self, n: int = 1) -> None:
        for _ in range(n):
            self.append([])

    def title_row(self, text: str) -> None:
        self.append([self.cell(text, font=TITLE_FONT)])

    def pair(self, label: str, value: Any) -> None:
        self.append([self.cell(label, font=BOLD, wrap=True),
                     self.cell(value, wrap=isinstance(value, str))],
                    lines=max(self.lines(0, label), self.lines(1, value)))

    # -- tables ----------------------------------------------------------------

    def start_table(self, columns: list[Column], name: str) -> None:
        headers = unique_headers([c.header for c in columns])
        columns = [Column(h, c.width, c.wrap, c.number_format) for h, c in zip(headers, columns)]
        self.append([self._header_cell(h) for h in headers],
                    lines=max(self.lines(i, h) for i, h in enumerate(headers)))
        self._table = (self.row, columns, self.book.table_name(name))
        self._tall = any(c.wrap for c in columns)

    def _header_cell(self, header: str):
        c = WriteOnlyCell(self.ws, value=header)
        c.data_type = "s"
        c.font, c.fill, c.border, c.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, WRAP
        return c

    def table_row(self, values: Iterable[Any]) -> None:
        """A row of the open table, each value styled by its column."""
        _, columns, _ = self._table
        cell, row, lines = self.cell, [], 1
        top = self._tall  # rows may be tall: every cell at the top, as the wrapped ones
        for v, col in zip(values, columns):
            if v is None or (type(v) in _AS_IS and not (col.wrap or col.number_format or top)):
                row.append(v)  # numbers and dates need nothing of ours
            else:
                row.append(cell(v, wrap=col.wrap, number_format=col.number_format, top=top))
                if col.wrap and type(v) is str:
                    lines = max(lines, text_lines(v, col.width))
        self.append(row, lines=lines)

    def end_table(self) -> int:
        """Close the open table (an empty table keeps one blank row); returns data rows."""
        header_row, columns, name = self._table
        self._table = None
        rows = self.row - header_row
        if rows == 0:
            self.blank()
        ref = f"A{header_row}:{get_column_letter(len(columns))}{self.row}"
        table = Table(displayName=name, ref=ref, autoFilter=AutoFilter(ref=ref),
                      tableColumns=[TableColumn(id=i, name=c.header)
                                    for i, c in enumerate(columns, 1)],
                      tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True))
        with warnings.catch_warnings():  # openpyxl always warns in write-only mode;
            warnings.simplefilter("ignore")  # the columns are set above, as it asks
            self.ws.add_table(table)
        return rows


def unique_headers(headers: list[str]) -> list[str]:
    """Excel table headers: non-empty, one line, unique (ignoring case)."""
    seen: set[str] = set()
    out = []
    for h in headers:
        base = " ".join(clean_text(h or "").split()) or "Column"
        name, n = base, 2
        while name.lower() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.lower())
        out.append(name)
    return out

"""Reading a workbook's sheets as rows of named cells, with cell references."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

MAX_ROWS = 2000  # far beyond any question set; keeps a hostile file cheap
MAX_COLUMNS = 60


class WorkbookError(Exception):
    """The file is not a workbook that can be read at all."""


@dataclass
class Cell:
    value: Any
    ref: str  # "survey!F12"

    @property
    def text(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value).strip()


@dataclass
class Row:
    number: int
    sheet: str
    cells: dict[str, Cell] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)  # column name -> "F"

    def get(self, column: str) -> str:
        cell = self.cells.get(column)
        return cell.text if cell else ""

    def ref(self, column: str) -> str:
        cell = self.cells.get(column)
        if cell:
            return cell.ref
        return f"{self.sheet}!{self.letters.get(column, 'A')}{self.number}"

    @property
    def where(self) -> str:
        return f"{self.sheet}!A{self.number}"


@dataclass
class Sheet:
    name: str
    columns: dict[str, str]  # column name -> cell reference of its header
    rows: list[Row]


def open_workbook(data: bytes) -> dict[str, Sheet]:
    """Every sheet by lower-cased name; WorkbookError when it is not an .xlsx file."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError("this is not an Excel workbook (.xlsx); save it as "
                            "\"Excel Workbook (.xlsx)\" and upload it again")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise WorkbookError(f"the workbook cannot be read: {exc}") from None
    try:
        return {ws.title.strip().lower(): _sheet(ws) for ws in book.worksheets}
    finally:
        book.close()


def _sheet(ws) -> Sheet:
    name = ws.title.strip().lower()
    rows = ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
    header = next(rows, None) or ()
    columns: dict[str, str] = {}
    index: dict[int, str] = {}
    for i, value in enumerate(header, start=1):
        title = str(value).strip().lower() if value is not None else ""
        if title and title not in columns:
            columns[title] = f"{name}!{get_column_letter(i)}1"
            index[i] = title
    found = []
    letters = {title: get_column_letter(i) for i, title in index.items()}
    for number, values in enumerate(rows, start=2):
        row = Row(number, name, letters=letters)
        for i, value in enumerate(values, start=1):
            if i in index and value is not None and str(value).strip() != "":
                row.cells[index[i]] = Cell(value, f"{name}!{get_column_letter(i)}{number}")
        if row.cells:
            found.append(row)
    return Sheet(name, columns, found)

"""Reading workbooks back in tests."""

from __future__ import annotations

import re
import zipfile

from openpyxl import load_workbook


def read(path):
    return load_workbook(path)


def sheet_rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def table_dicts(ws, table_name: str | None = None) -> list[dict]:
    """The rows of a sheet's table (the first, or the one named) as dicts by header."""
    table = ws.tables[table_name] if table_name else next(iter(ws.tables.values()))
    cells = ws[table.ref]
    headers = [c.value for c in cells[0]]
    return [dict(zip(headers, (c.value for c in row))) for row in cells[1:]
            if any(c.value is not None for c in row)]


def formula_elements(path) -> int:
    """How many <f> elements the sheets hold (none, for text kept as text)."""
    with zipfile.ZipFile(path) as z:
        return sum(len(re.findall(rb"<(?:\w+:)?f[ >]", z.read(n)))
                   for n in z.namelist() if n.startswith("xl/worksheets/sheet"))

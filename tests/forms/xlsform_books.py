"""Workbooks built cell by cell for the XLSForm tests, as an officer would type them."""

from __future__ import annotations

import io

from openpyxl import Workbook

SURVEY_HEAD = ("type", "name", "label", "hint", "required", "relevant")


def book(survey: list[tuple], *, choices: list[tuple] = (), head=SURVEY_HEAD,
         settings: tuple = ("cse-test", "CSE test", 1), scales: list[tuple] = (),
         extra_sheets: dict | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(list(head))
    for row in survey:
        ws.append(list(row))
    sheet = wb.create_sheet("choices")
    sheet.append(["list_name", "name", "label"])
    for row in choices:
        sheet.append(list(row))
    sheet = wb.create_sheet("settings")
    sheet.append(["form_id", "form_title", "version"])
    sheet.append(list(settings))
    if scales:
        sheet = wb.create_sheet("scales")
        sheet.append(["scale", "value", "label", "rag"])
        for row in scales:
            sheet.append(list(row))
    for name, rows in (extra_sheets or {}).items():
        sheet = wb.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def grouped(*rows: tuple) -> list[tuple]:
    """Rows inside one group named "main"."""
    return [("begin group", "main", "Main questions"), *rows, ("end group",)]

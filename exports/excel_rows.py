"""Rows written straight into a write-only sheet's XML stream.

openpyxl's write-only sheet turns every appended value into a cell object, works out its
type again, checks its text again (``excel_base`` has already made it safe) and writes
it through nested XML contexts: at national scale that was most of the trends
workbook's time. ``RowWriter`` writes the same XML, byte for byte, from the values our
sheets append: plain values (numbers, text, dates) and ``Styled`` values (a value with
one of the workbook's styles, see ``excel_base.Sheet.cell``). It plugs into openpyxl's
own stream (the sheet's header, columns, frozen panes, tables and charts stay
openpyxl's), and leaves anything else (an openpyxl cell) to openpyxl's cell writer.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.xml.functions import XML_NS, Element, SubElement

TEXT_MAX = 32767  # Excel's longest cell text; openpyxl cuts longer text there too
_SPACE = f"{{{XML_NS}}}space"
_TIMES = (datetime, date, time, timedelta)


class Style:
    """One of the workbook's cell styles; its id is taken when a cell first uses it, as
    openpyxl does (so the workbook's style list comes out in the same order)."""

    __slots__ = ("array", "id")

    def __init__(self, array) -> None:
        self.array, self.id = array, None


class Styled:
    """A value to write with a style: ``data_type`` as openpyxl would give it."""

    __slots__ = ("value", "data_type", "style")

    def __init__(self, value, data_type: str, style: Style) -> None:
        self.value, self.data_type, self.style = value, data_type, style


_KNOWN = frozenset({type(None), str, int, float, bool, Styled})  # written here


def plain(value):
    """What a cell holds (a Styled value's value, an openpyxl cell's), else the value."""
    return value.value if isinstance(value, (Styled, Cell)) else value


class RowWriter:
    """Writes a sheet's rows; ``install`` hooks it into the openpyxl sheet."""

    def __init__(self, ws) -> None:
        self.ws, self.wb = ws, ws.parent
        self.letters: list[str] = []
        self.time_styles: dict[type, tuple[str, Style]] = {}

    def install(self) -> None:
        """Before the sheet's first row: rows then reach ``write_row`` as appended."""
        ws = self.ws
        ws._get_writer()
        ws._values_to_row = _as_appended
        ws._writer.write_row = self.write_row

    def _letter(self, column: int) -> str:
        while len(self.letters) < column:
            self.letters.append(get_column_letter(len(self.letters) + 1))
        return self.letters[column - 1]

    def write_row(self, xf, values, row_idx: int) -> None:
        if any(type(v) not in _KNOWN and not isinstance(v, _TIMES) for v in values):
            openpyxl_row(xf, self.ws, values, row_idx)  # an openpyxl cell, or an odd type
            return
        r = f"{row_idx}"
        attrs = {"r": r}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        row = Element("row", attrs)
        row.text = ""
        for column, value in enumerate(values, 1):
            kind = type(value)
            if value is None:
                continue
            if kind is Styled:
                style = value.style
                sid = style.id if style.id is not None else self._style_id(style)
                self._add(row, column, r, value.value, value.data_type, sid)
            elif kind is str:
                self._text(row, column, r, value)
            elif kind is int or kind is float:
                self._add(row, column, r, value, "n", None)
            elif kind is bool:
                self._add(row, column, r, value, "b", None)
            else:
                data_type, style = self._time_style(kind)
                sid = style.id if style.id is not None else self._style_id(style)
                self._add(row, column, r, value, data_type, sid)
        xf.write(row)

    def _style_id(self, style: Style) -> int:
        style.id = self.wb._cell_styles.add(style.array)
        return style.id

    def _time_style(self, kind: type) -> tuple[str, Style]:
        found = self.time_styles.get(kind)
        if found is None:
            proto = WriteOnlyCell(self.ws, value=kind.min if kind is not timedelta
                                  else timedelta(0))
            found = self.time_styles[kind] = (proto.data_type, Style(proto._style))
        return found

    def _text(self, row, column: int, r: str, value: str) -> None:
        """Plain text, typed as openpyxl types it (a formula, an error code, text)."""
        value = value[:TEXT_MAX]
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        if len(value) > 1 and value.startswith("="):
            data_type = "f"
        elif value in ERROR_CODES:
            data_type = "e"
        else:
            data_type = "s"
        self._add(row, column, r, value, data_type, None)

    def _add(self, row, column: int, r: str, value, data_type: str, sid) -> None:
        attrs = {"r": self._letter(column) + r}
        if sid:
            attrs["s"] = f"{sid}"
        if data_type == "s":
            attrs["t"] = "inlineStr"
        elif data_type == "d":
            value = self._date(value, attrs)
        elif data_type != "f":
            attrs["t"] = data_type
        c = SubElement(row, "c", attrs)
        if value is None or value == "":
            c.text = ""
        elif data_type == "s":
            t = SubElement(SubElement(c, "is"), "t",
                           {_SPACE: "preserve"} if value != value.strip() else {})
            t.text = value
        elif data_type == "f":
            SubElement(c, "f").text = value[1:]
            SubElement(c, "v").text = ""
        else:
            SubElement(c, "v").text = safe_string(value)

    def _date(self, value, attrs: dict):
        if getattr(value, "tzinfo", None) is not None:
            raise TypeError("Excel does not support timezones in datetimes. "
                            "The tzinfo in the datetime/time object must be set to None.")
        if self.wb.iso_dates and not isinstance(value, timedelta):
            attrs["t"] = "d"
            return value.isoformat()
        attrs["t"] = "n"
        return to_excel(value, self.wb.epoch)


def _as_appended(row, row_idx):
    return row


def openpyxl_row(xf, ws, values, row_idx: int) -> None:
    """A row by openpyxl's own writer (for rows holding openpyxl cells)."""
    cells = []
    for column, value in enumerate(values, 1):
        if value is None:
            continue
        if not isinstance(value, Cell):
            value = WriteOnlyCell(ws, value=value)
        value.row, value.column = row_idx, column
        cells.append(value)
    attrs = {"r": f"{row_idx}"}
    attrs.update(ws.row_dimensions.get(row_idx, {}))
    with xf.element("row", attrs):
        for cell in cells:
            if cell._value is None and not cell.has_style:
                continue
            write_cell(xf, ws, cell, cell.has_style)


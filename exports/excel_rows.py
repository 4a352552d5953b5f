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

from copy import copy
from datetime import date, datetime, time, timedelta

from lxml.etree import fromstring
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel, to_ISO8601
from openpyxl.utils.exceptions import IllegalCharacterError

TEXT_MAX = 32767  # Excel's longest cell text; openpyxl cuts longer text there too
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
        self.empty = False  # the row has an empty cell (parsed, it must be opened again)

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
        parts = ["<row", *(f' {k}="{_attr(v)}"' for k, v in attrs.items()), ">"]
        add, letter, letters = parts.append, self._letter, self.letters
        for column, value in enumerate(values, 1):
            kind = type(value)
            if value is None:
                continue
            ref = (letters[column - 1] if column <= len(letters) else letter(column)) + r
            if kind is str:
                if not value or value[0] == "=" or value in ERROR_CODES or \
                        len(value) > TEXT_MAX or ILLEGAL_CHARACTERS_RE.search(value):
                    add(self._text(ref, value))
                elif value[0].isspace() or value[-1].isspace():
                    add(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{_escape(value)}</t></is></c>")
                else:
                    add(f'<c r="{ref}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>')
            elif kind is int or kind is float:
                add(f'<c r="{ref}" t="n"><v>{safe_string(value)}</v></c>')
            elif kind is Styled:
                style = value.style
                sid = style.id if style.id is not None else self._style_id(style)
                add(self._cell(ref, value.value, value.data_type, sid))
            elif kind is bool:
                add(self._cell(ref, value, "b", None))
            else:
                data_type, style = self._time_style(kind)
                sid = style.id if style.id is not None else self._style_id(style)
                add(self._cell(ref, value, data_type, sid))
        add("</row>")
        row = fromstring("".join(parts))
        if len(row) == 0 or self.empty:
            _open_empty(row)
            self.empty = False
        xf.write(row)

    def _style_id(self, style: Style) -> int:
        """As openpyxl's ``style_id``, for a cell it counts as styled (else 0: none)."""
        array = style.array
        style.id = self.wb._cell_styles.add(array) if array is not None and any(array) else 0
        return style.id

    def _time_style(self, kind: type) -> tuple[str, Style]:
        found = self.time_styles.get(kind)
        if found is None:
            proto = WriteOnlyCell(self.ws, value=kind.min if kind is not timedelta
                                  else timedelta(0))
            found = self.time_styles[kind] = (proto.data_type, Style(proto._style))
        return found

    def _text(self, ref: str, value: str) -> str:
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
        return self._cell(ref, value, data_type, None)

    def _cell(self, ref: str, value, data_type: str, sid) -> str:
        """A cell's XML as openpyxl's ``lxml_write_cell`` writes it."""
        t = None
        if data_type == "s":
            t = "inlineStr"
        elif data_type == "d":
            value, t = self._date(value)
        elif data_type != "f":
            t = data_type
        head = f'<c r="{ref}"' + (f' s="{sid}"' if sid else "") + (f' t="{t}"' if t else "")
        if value is None or value == "":
            self.empty = True
            return head + "></c>"
        if data_type == "s":
            space = ' xml:space="preserve"' if value != value.strip() else ""
            return f"{head}><is><t{space}>{_escape(value)}</t></is></c>"
        if data_type == "f":
            self.empty = True
            return f"{head}><f>{_escape(value[1:])}</f><v></v></c>"
        return f"{head}><v>{_escape(safe_string(value))}</v></c>"

    def _date(self, value) -> tuple:
        if getattr(value, "tzinfo", None) is not None:
            raise TypeError("Excel does not support timezones in datetimes. "
                            "The tzinfo in the datetime/time object must be set to None.")
        if self.wb.iso_dates and not isinstance(value, timedelta):
            return to_ISO8601(value), "d"
        return to_excel(value, self.wb.epoch), "n"


def _open_empty(row) -> None:
    """Empty elements written as openpyxl writes them: ``<c r="A1"></c>``, not ``<c/>``."""
    for element in row.iter():
        if element.text is None and len(element) == 0:
            element.text = ""


def _escape(text: str) -> str:
    """Text as XML (parsed back to the same text: a carriage return kept as such)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;")


def _attr(value) -> str:
    return _escape(f"{value}").replace('"', "&quot;")


def _as_appended(row, row_idx):
    return row


def openpyxl_row(xf, ws, values, row_idx: int) -> None:
    """A row by openpyxl's own writer (for rows holding openpyxl cells or other types)."""
    cells = []
    for column, value in enumerate(values, 1):
        if value is None:
            continue
        if type(value) is Styled:
            cell = WriteOnlyCell(ws, value=value.value)
            cell._style, cell.data_type = copy(value.style.array), value.data_type
            value = cell
        elif not isinstance(value, Cell):
            value = WriteOnlyCell(ws, value=value)
        value.row, value.column = row_idx, column
        if value.hyperlink is not None:
            value.hyperlink.ref = value.coordinate
        cells.append(value)
    attrs = {"r": f"{row_idx}"}
    attrs.update(ws.row_dimensions.get(row_idx, {}))
    with xf.element("row", attrs):
        for cell in cells:
            if cell._comment is not None:
                ws._comments.append(CommentRecord.from_cell(cell))
            if cell._value is None and not cell.has_style and not cell._comment:
                continue
            write_cell(xf, ws, cell, cell.has_style)

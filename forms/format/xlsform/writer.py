"""A validated questionnaire version as an XLSForm-style workbook, so an officer can
start the next version in Excel; reading it back gives the same definition."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ..definition import Condition, Definition, Question
from ..types import kind_of
from ..values import BUILTIN_CONFIDENCE, Option

SURVEY = ("type", "name", "label", "hint", "required", "relevant", "appearance", "explain",
          "gaps", "publish", "themes", "replaces", "max_length", "min", "max")
WIDTHS = {"type": 22, "name": 26, "label": 60, "hint": 40, "relevant": 34}
YES_NO = (Option("yes", "Yes"), Option("no", "No"))


def to_xlsx(definition: Definition) -> bytes:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    lists: dict[str, tuple[Option, ...]] = {}
    scales: dict[str, tuple] = {}
    rows = []
    for section in definition.sections:
        rows.append({"type": "begin group", "name": section.id, "label": section.title,
                     "hint": section.intro})
        rows.extend(_row(q, definition, lists, scales) for q in section.questions)
        rows.append({"type": "end group", "name": section.id})
    if definition.gap_areas and "gap_areas" not in lists:
        lists["gap_areas"] = definition.gap_areas
    _table(survey, SURVEY, rows)
    _table(book.create_sheet("choices"), ("list_name", "name", "label"),
           [{"list_name": name, "name": o.value, "label": o.label}
            for name, options in lists.items() for o in options])
    _table(book.create_sheet("settings"), ("form_id", "form_title", "version", "summary"),
           [{"form_id": definition.id, "form_title": definition.title,
             "version": definition.version, "summary": definition.summary}])
    if scales:
        _table(book.create_sheet("scales"), ("scale", "value", "label", "rag", "description"),
               [{"scale": name, "value": p.value, "label": p.label, "rag": p.rag,
                 "description": p.description} for name, points in scales.items()
                for p in points])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(q: Question, definition: Definition, lists: dict, scales: dict) -> dict:
    row: dict[str, Any] = {"name": q.id, "label": q.question, "hint": q.hint,
                           "type": _type(q, lists, scales)}
    if q.type == "long_text":
        row["appearance"] = "multiline"
    if q.required:
        row["required"] = "yes"
    if not q.publish:
        row["publish"] = "no"
    if q.show_if:
        row["relevant"] = relevant(q.show_if, definition.question(q.show_if.question))
    if q.explain != "none":
        row["explain"] = q.explain
    if q.gaps and q.type != "gaps":
        row["gaps"] = "yes"
    row["themes"] = " ".join(q.themes) or None
    row["replaces"] = " ".join(q.replaces) or None
    default = getattr(kind_of(q.type), "default_max_length", None)
    if q.max_length is not None and q.max_length != default:
        row["max_length"] = q.max_length
    row["min"], row["max"] = _number(q.min), _number(q.max)
    return row


def _type(q: Question, lists: dict, scales: dict) -> str:
    if q.type == "number":
        return "integer" if q.integer else "decimal"
    if q.type in ("text", "long_text"):
        return "text"
    if q.type == "yes_no":
        lists.setdefault("yes_no", YES_NO)
        return "select_one yes_no"
    if q.type in ("choice", "multi_choice"):
        name = q.options_list or q.id
        lists.setdefault(name, q.options)
        return ("select_one " if q.type == "choice" else "select_multiple ") + name
    if q.type == "rating":
        name = q.scale_name or "confidence"
        if name == "confidence" and tuple(q.scale) == tuple(BUILTIN_CONFIDENCE):
            return "rating"
        scales.setdefault(name, q.scale)
        return f"rating {name}"
    return q.type  # date, gaps


def relevant(condition: Condition, target: Question | None) -> str:
    """A ``show_if`` as an XLSForm ``relevant`` expression the reader converts back."""
    ref = "${" + condition.question + "}"
    multi = target is not None and target.type == "multi_choice"
    op = condition.operator
    if op == "answered":
        return f"{ref} != ''"
    if op in ("at_most", "at_least"):
        sign = "<=" if op == "at_most" else ">="
        return f"{ref} {sign} {_literal(getattr(condition, op))}"
    values = [condition.equals] if op == "equals" else list(condition.in_)
    if multi:
        return " or ".join(f"selected({ref}, {_quoted(v)})" for v in values)
    return " or ".join(f"{ref} = {_literal(v)}" for v in values)


def _literal(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(_number(value))
    return _quoted(value)


def _quoted(value: Any) -> str:
    text = str(value)
    return f'"{text}"' if "'" in text else f"'{text}'"


def _number(value: Any):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _table(ws, columns: tuple[str, ...], rows: list[dict]) -> None:
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([row.get(c) for c in columns])
    for i, column in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = WIDTHS.get(column, 14)
        if WIDTHS.get(column, 0) >= 34:
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"

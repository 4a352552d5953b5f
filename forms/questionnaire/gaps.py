"""The "identified gaps" list: one gap item form, its checks and conversions.

A gap item is ``title`` (required on submit, at most 200 characters),
``detail``, ``area`` (an option of ``Definition.gap_areas`` when declared,
free text otherwise), ``owner`` and ``target_date``; a carried gap also has a
hidden ``gap_id`` (its permanent identity, set by the server) and ``status``
(open/closed) with ``update`` and ``closing_note`` texts. The form exposes all
of them; the server decides which ones a user may change.

An item whose fields are all blank and that has no ``gap_id`` is ignored:
it is the empty row that "add another" shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import Form
from wtforms.fields import FormField, HiddenField, StringField, TextAreaField

from forms.format.definition import GAP_TITLE_MAX, Definition, Option
from models.text import normalise_text

from .fields import (
    EXPLAIN_MAX,
    MAX_GAPS_PER_QUESTION,
    SUBMIT,
    GapList,
    GovDateField,
    SingleChoiceField,
    form_mode,
    text_problem,
)

GAP_STATUSES = (Option("open", "Open"), Option("closed", "Closed"))

# field -> (label, maximum length) for the free-text parts of a gap
GAP_TEXT_FIELDS = {
    "title": ("Title", GAP_TITLE_MAX),
    "detail": ("Detail", EXPLAIN_MAX),
    "area": ("Area", 200),
    "owner": ("Owner", 200),
    "update": ("Progress update", EXPLAIN_MAX),
    "closing_note": ("Closing note", EXPLAIN_MAX),
}
GAP_KEYS = ("gap_id", "title", "detail", "area", "owner", "target_date", "status", "update",
            "closing_note")
_CONTENT_KEYS = ("title", "detail", "area", "owner", "update", "closing_note")
_GAP_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class GapItemForm(Form):
    """Base of the per-definition gap item form (fields added by ``gap_form_class``)."""

    # Set by the parent form before validating: (gap number, question text).
    _gap_context: tuple[int, str] = (1, "")

    def is_blank(self) -> bool:
        if self.gap_id.data:
            return False
        if any(self[name].data for name in _CONTENT_KEYS):
            return False
        return not any(self.target_date.parts.values())

    def validate(self, extra_validators=None) -> bool:
        for field in self:
            field.errors = []
        if self.is_blank():
            return True
        number = self._gap_context[0]
        where = f"gap {number}"
        self._check_texts(where)
        self._check_choices(where)
        date_error = self.target_date.date_problem(f"The target date of {where}")
        if date_error:
            self.target_date.errors.append(date_error)
        gap_id = self.gap_id.data or ""
        if gap_id and not _GAP_ID.fullmatch(gap_id):
            self.gap_id.errors.append(f"The reference of {where} is not valid")
        if form_mode(self) == SUBMIT and not self.title.data:
            self.title.errors.append(f"Enter a title for {where}")
        return not any(field.errors for field in self)

    def _check_texts(self, where: str) -> None:
        for name, (label, limit) in GAP_TEXT_FIELDS.items():
            field = self[name]
            if isinstance(field, SingleChoiceField):
                continue
            problem = text_problem(field.data, limit, f"The {label.lower()} of {where}")
            if problem:
                field.errors.append(problem)

    def _check_choices(self, where: str) -> None:
        if isinstance(self.area, SingleChoiceField) and not self.area.is_valid_choice():
            self.area.errors.append(f"Select an area from the list for {where}")
        if not self.status.is_valid_choice():
            self.status.errors.append(f"Select open or closed for {where}")


def _text(label: str, textarea: bool = False):
    cls = TextAreaField if textarea else StringField
    return cls(label, filters=[normalise_text])


def gap_form_class(definition: Definition) -> type[GapItemForm]:
    """A fresh gap item form class for one definition (areas vary by file)."""
    if definition.gap_areas:
        area = SingleChoiceField(
            "Area", choices=[(o.value, o.label) for o in definition.gap_areas]
        )
    else:
        area = _text("Area")
    attrs = {
        "gap_id": HiddenField(filters=[normalise_text]),
        "title": _text("Title"),
        "detail": _text("Detail", textarea=True),
        "area": area,
        "owner": _text("Owner"),
        "target_date": GovDateField("Target date", subject="The target date"),
        "status": SingleChoiceField("Status", choices=[(o.value, o.label) for o in GAP_STATUSES]),
        "update": _text("Progress update", textarea=True),
        "closing_note": _text("Closing note", textarea=True),
    }
    return type(f"GapItemForm_{definition.id.replace('-', '_')}", (GapItemForm,), attrs)


def gap_list_field(gap_form: type[GapItemForm]) -> GapList:
    return GapList(FormField(gap_form), min_entries=1, max_entries=MAX_GAPS_PER_QUESTION)


def prepare_gap_entries(gap_list, question_text: str) -> None:
    """Tell each item its number and question, for its error messages."""
    gap_list.question_text = question_text
    for number, entry in enumerate(gap_list.entries, start=1):
        entry.form._gap_context = (number, question_text)


def gap_dict(item: GapItemForm) -> dict[str, Any]:
    """One gap item as stored: every key of ``GAP_KEYS``, blanks as None."""
    out: dict[str, Any] = {}
    for key in GAP_KEYS:
        if key == "target_date":
            out[key] = item.target_date.iso()
        else:
            out[key] = item[key].data or None
    return out


def gaps_from_list(gap_list) -> list[dict[str, Any]]:
    return [gap_dict(entry.form) for entry in gap_list.entries if not entry.form.is_blank()]


def gap_formdata(prefix: str, gaps: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """Form data pairs for stored gaps under a gap list named ``prefix``."""
    pairs: list[tuple[str, str]] = []
    for index, gap in enumerate(list(gaps)[:MAX_GAPS_PER_QUESTION]):
        base = f"{prefix}-{index}-"
        for key in GAP_KEYS:
            value = gap.get(key)
            if key == "target_date":
                pairs.extend(date_pairs(base + key, value))
            elif value not in (None, ""):
                pairs.append((base + key, str(value)))
        if not any(name.startswith(base) for name, _ in pairs):
            pairs.append((base + "title", ""))
    return pairs


def date_pairs(name: str, value: Any) -> list[tuple[str, str]]:
    if not value:
        return []
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    try:
        year, month, day = text[:10].split("-")
        return [(f"{name}-day", str(int(day))), (f"{name}-month", str(int(month))),
                (f"{name}-year", year)]
    except ValueError:
        return []

"""The question-type registry: each type's pure behaviour plus its form field.

Each question type is one class here that subclasses the type's pure class in
``forms.format.types`` (YAML keys, conditions, labels, cells, notes, carrying)
and adds, for one ``Question``:

- ``field(q)``: the unbound WTForms field for its answer, with validators
  (``None`` for ``gaps``, whose whole answer is its gap list);
- ``value(q, field)``: the stored answer value from a bound field (the shapes
  documented on ``Question``; None when unanswered or not a valid answer);
- ``formdata(q, name, value)``: form-data pairs that re-bind a stored value;
- ``render(q, field, grouped=...)``: which govuk-frontend-jinja component
  renders it (``component``) and that macro's parameters (``params``).

Adding a type is one new pair of classes: its pure class in
``forms/format/types/`` (listed in ``TYPES`` there) and its form class here
(``@register``), each with its test; ``tests/forms/test_types.py`` fails while
either side lacks a method or the two registries list different types.

Question text and hints only ever go into ``text`` parameters, which the
govuk macros escape.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from wtforms.fields import StringField, TextAreaField

from forms.format.definition import Question
from forms.format.types import QuestionKind
from forms.format.types.choice import Choice, MultiChoice, YesNo
from forms.format.types.date import Date
from forms.format.types.gaps import Gaps
from forms.format.types.number import Number
from forms.format.types.rating import Rating
from forms.format.types.text import LongText, Text
from forms.format.values import MAX_MAX_LENGTH, Option, ScalePoint
from models.text import normalise_text

from .fields import (
    ABSOLUTE_TEXT_CAP,
    GovDateField,
    MultiChoiceField,
    NumberField,
    RequiredOnSubmit,
    SafeText,
    SingleChoiceField,
    format_number,
)
from .gaps import date_pairs

REGISTRY: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    REGISTRY[cls.name] = cls()
    return cls


def get_type(name: str) -> QuestionType:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown question type {name!r}") from None


def answer_subject(q: Question) -> str:
    """How an error message beside the answer names it (see docs/error-messages.md)."""
    return "Your answer"


def error_message(field) -> dict | None:
    errors = [e for e in (field.errors or ()) if isinstance(e, str)]
    return {"text": errors[0]} if errors else None


def _label(q: Question, grouped: bool) -> dict:
    if grouped:
        return {"text": "Your answer", "classes": "govuk-label--s"}
    return {"text": q.question, "classes": "govuk-label--m"}


def _fieldset(q: Question, grouped: bool) -> dict | None:
    if grouped:
        return None
    return {"legend": {"text": q.question, "classes": "govuk-fieldset__legend--m"}}


def _hint(q: Question, grouped: bool, default: str | None = None) -> dict | None:
    text = q.hint or default
    if grouped or not text:
        return None
    return {"text": text}


def _drop_none(params: dict) -> dict:
    return {k: v for k, v in params.items() if v is not None}


class QuestionType(QuestionKind):
    """The form side of a type: one instance per type, registered by ``@register``.

    Each registered class also subclasses its type's pure class (listed after
    this one), so it defines no pure attributes of its own.
    """

    component: ClassVar[str] = "input"
    required_message: ClassVar[str] = "Enter your answer"

    def required(self, q: Question) -> list:
        if not q.required:
            return []
        return [RequiredOnSubmit(self.required_message)]

    @abstractmethod
    def field(self, q: Question):
        """The unbound field for the answer (None when there is none)."""

    def value(self, q: Question, field) -> Any:
        return field.data if field.data not in (None, "", []) else None

    def formdata(self, q: Question, name: str, value: Any) -> list[tuple[str, str]]:
        if value in (None, "", []):
            return []
        return [(name, str(value))]

    @abstractmethod
    def render(self, q: Question, field, *, grouped: bool = False) -> dict:
        """The component and its parameters."""


# ----------------------------------------------------------------------- free text


@register
class TextType(QuestionType, Text):
    component = "input"

    def limit(self, q: Question) -> int:
        return min(q.max_length or self.default_max_length, MAX_MAX_LENGTH, ABSOLUTE_TEXT_CAP)

    def field(self, q: Question):
        validators = [SafeText(self.limit(q), answer_subject(q)), *self.required(q)]
        return StringField(q.question, validators=validators, filters=[normalise_text])

    def render(self, q, field, *, grouped=False):
        return {"component": self.component, "params": _drop_none({
            "id": field.id, "name": field.name, "value": field.data or "",
            "label": _label(q, grouped), "hint": _hint(q, grouped),
            "errorMessage": error_message(field), "classes": "govuk-!-width-full",
        })}


@register
class LongTextType(TextType, LongText):
    component = "character_count"

    def field(self, q: Question):
        validators = [SafeText(self.limit(q), answer_subject(q)), *self.required(q)]
        return TextAreaField(q.question, validators=validators, filters=[normalise_text])

    def render(self, q, field, *, grouped=False):
        return {"component": self.component, "params": _drop_none({
            "id": field.id, "name": field.name, "value": field.data or "",
            "maxlength": self.limit(q), "rows": 6,
            "label": _label(q, grouped), "hint": _hint(q, grouped),
            "errorMessage": error_message(field),
        })}


# ------------------------------------------------------------------ numbers, dates


@register
class NumberType(QuestionType, Number):
    component = "input"
    required_message = "Enter a number"

    def field(self, q: Question):
        return NumberField(q.question, validators=self.required(q), minimum=q.min, maximum=q.max,
                           integer=q.integer, subject=answer_subject(q))

    def formdata(self, q, name, value):
        return [] if value in (None, "") else [(name, format_number(value))]

    def render(self, q, field, *, grouped=False):
        return {"component": self.component, "params": _drop_none({
            "id": field.id, "name": field.name, "value": field.raw,
            "inputmode": "numeric" if q.integer else "decimal", "spellcheck": False,
            "classes": "govuk-input--width-10",
            "label": _label(q, grouped), "hint": _hint(q, grouped),
            "errorMessage": error_message(field),
        })}


@register
class DateType(QuestionType, Date):
    component = "date_input"
    required_message = "Enter a date"

    def field(self, q: Question):
        return GovDateField(q.question, validators=self.required(q),
                            subject="The date")

    def value(self, q, field):
        return field.iso()

    def formdata(self, q, name, value):
        return date_pairs(name, value)

    def render(self, q, field, *, grouped=False):
        widths = {"day": 2, "month": 2, "year": 4}
        items = [{
            "name": part, "value": field.parts[part],
            "classes": f"govuk-input--width-{width}"
            + (" govuk-input--error" if field.errors and part in field.error_parts else ""),
        } for part, width in widths.items()]
        if field.errors and not field.error_parts:
            for item in items:
                item["classes"] += " govuk-input--error"
        return {"component": self.component, "params": _drop_none({
            "id": field.id, "namePrefix": field.name, "items": items,
            "fieldset": _fieldset(q, grouped),
            "hint": _hint(q, grouped, "For example, 27 3 2025"),
            "errorMessage": error_message(field),
        })}


def date_error_href(field) -> str:
    """The input an error summary link for a date field should focus."""
    part = field.error_parts[0] if field.error_parts else "day"
    return f"#{field.id}-{part}"


# ------------------------------------------------------------------------- choices


class PickedType(QuestionType):
    """The one field builder of the types answered from a list of choices
    (``q.choices()``): radios for one choice, checkboxes for several."""

    component = "radios"
    field_class: ClassVar[type] = SingleChoiceField
    required_message = "Select an answer"
    invalid_message: ClassVar[str] = "Select one of the options"

    def field(self, q: Question):
        return self.field_class(
            q.question, validators=self.required(q),
            choices=[(o.value, o.label) for o in q.choices()],
            message=self.invalid_message,
        )

    def value(self, q, field):
        return field.data if field.data is not None and field.is_valid_choice() else None

    def inline(self, q: Question) -> bool:
        return False

    def checked(self, option: Option, field) -> bool:
        return option.value == field.data

    def option_hint(self, q: Question, option: Option) -> str | None:
        return None

    def items(self, q: Question, field) -> list[dict]:
        items = []
        for o in q.choices():
            item = {"value": o.value, "text": o.label, "checked": self.checked(o, field)}
            hint = self.option_hint(q, o)
            if hint:
                item["hint"] = {"text": hint}
            items.append(item)
        return items

    def render(self, q, field, *, grouped=False):
        return {"component": self.component, "params": _drop_none({
            "name": field.name, "idPrefix": field.id, "items": self.items(q, field),
            "classes": "govuk-radios--inline" if self.inline(q) else None,
            "fieldset": _fieldset(q, grouped), "hint": _hint(q, grouped),
            "errorMessage": error_message(field),
        })}


@register
class YesNoType(PickedType, YesNo):
    required_message = "Select yes or no"
    invalid_message = "Select yes or no"

    def inline(self, q: Question) -> bool:
        return True


@register
class ChoiceType(PickedType, Choice):
    pass


@register
class MultiChoiceType(PickedType, MultiChoice):
    component = "checkboxes"
    field_class = MultiChoiceField
    required_message = "Select at least one answer"
    invalid_message = "Select only the options listed"

    def value(self, q, field):
        allowed = {o.value for o in q.choices()}
        chosen = [v for v in field.data if v in allowed]
        return chosen or None

    def checked(self, option, field):
        return option.value in field.data

    def formdata(self, q, name, value):
        if not value:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [(name, str(v)) for v in values]


@register
class RatingType(PickedType, Rating):
    required_message = "Select a rating"
    invalid_message = "Select one of the ratings"

    def value(self, q, field):
        chosen = super().value(q, field)
        return int(chosen) if chosen is not None else None

    def inline(self, q: Question) -> bool:
        return short_scale(q.scale)

    def option_hint(self, q, option):
        point = q.point(option.value)
        return point.description if point else None


def short_scale(scale: tuple[ScalePoint, ...]) -> bool:
    """Radios go side by side for a short scale of short labels."""
    if any(p.description for p in scale):
        return False
    return len(scale) <= 3 or sum(len(p.label) for p in scale) <= 40


# ---------------------------------------------------------------------------- gaps


@register
class GapsType(QuestionType, Gaps):
    """A question whose whole answer is its gap list (built by the builder)."""

    component = "gaps"
    required_message = "Enter at least one gap"

    def field(self, q: Question):
        return None

    def value(self, q, field):
        return None

    def formdata(self, q, name, value):
        return []

    def render(self, q, field, *, grouped=False):
        return {"component": self.component, "params": {}}

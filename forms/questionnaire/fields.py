"""WTForms fields, filters and validators for generated questionnaire forms.

Every field here keeps what the respondent typed (so a form that fails
validation re-renders with their input) and exposes the parsed value as
``field.data`` (None when empty or unparseable). Type problems (a number that
is not a number, an impossible date, an unknown option) are found in
``pre_validate`` and apply in both validation modes; ``RequiredOnSubmit``
applies only when the form validates for submission.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from wtforms.fields import Field, FieldList
from wtforms.utils import unset_value
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

# Excel refuses cells over 32,767 characters; stay well below it everywhere.
ABSOLUTE_TEXT_CAP = 32000
EXPLAIN_MAX = 10000
MAX_GAPS_PER_QUESTION = 50
# A longer posted list is refused, and this many of its items are shown back.
GAPS_SHOWN_BACK = 200
MAX_NUMBER_DIGITS = 15

SUBMIT = "submit"
DRAFT = "draft"

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DATE_PARTS = ("day", "month", "year")


# --------------------------------------------------------------------------- text


def short(text: str, limit: int = 80) -> str:
    """Question text shortened for use inside an error message."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def quoted(text: str) -> str:
    return f"“{short(text)}”"


def has_control_characters(value: str) -> bool:
    """Control characters other than tab and newline (CR is normalised away)."""
    return bool(_CONTROL.search(value))


def text_problem(value: Any, limit: int, subject: str) -> str | None:
    """The error for a free-text value, or None. ``subject`` names the field."""
    if not value:
        return None
    if has_control_characters(value):
        return (
            f"{subject} contains control characters that are not allowed – "
            "remove them (they can come from text pasted from other software)"
        )
    limit = min(limit, ABSOLUTE_TEXT_CAP)
    if len(value) > limit:
        return f"{subject} must be {limit:,} characters or fewer"
    return None


class SafeText:
    """Validator: no control characters, at most ``limit`` characters."""

    def __init__(self, limit: int, subject: str):
        self.limit = min(limit, ABSOLUTE_TEXT_CAP)
        self.subject = subject

    def __call__(self, form, field) -> None:
        problem = text_problem(field.data, self.limit, self.subject)
        if problem:
            raise StopValidation(problem)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def form_mode(form) -> str:
    """The validation mode of a (possibly nested) form; submit by default."""
    while form is not None:
        mode = getattr(form, "_mode", None)
        if mode:
            return mode
        form = getattr(form, "_parent_form", None)
    return SUBMIT


class RequiredOnSubmit:
    """Validator: the field must have a value, but only when submitting."""

    def __init__(self, message: str, when: Callable[[Any], bool] | None = None):
        self.message = message
        self.when = when  # optional extra condition, given the form

    def __call__(self, form, field) -> None:
        if form_mode(form) != SUBMIT or not is_empty(field.data):
            return
        if self.when is None or self.when(form):
            raise StopValidation(self.message)


# ------------------------------------------------------------------------ numbers


def format_number(value: Any) -> str:
    """A stored number as the respondent would type it (no exponent)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(float(value))), "f")
    return text.removesuffix(".0")


def parse_number(text: str) -> tuple[int | float | None, str | None]:
    """Parse typed text; return (number, problem) where problem is a code."""
    cleaned = text.replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(cleaned):
        return None, "nan"
    digits = sum(ch.isdigit() for ch in cleaned)
    if digits > MAX_NUMBER_DIGITS:
        return None, "big"
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None, "nan"
    if number == number.to_integral_value():
        return int(number), None
    return float(number), None


class NumberField(Field):
    """A number typed as text; ``data`` is an int, a float or None."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, minimum=None, maximum=None,
                 integer=False, subject="Your answer", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum, self.integer = minimum, maximum, integer
        self.subject = subject
        self.raw = ""
        self.problem: str | None = None

    def process_data(self, value):
        self.raw = format_number(value) if isinstance(value, (int, float)) else ""
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        self.data = value if is_number else None
        self.problem = None

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "").strip()[:100]
        self.data, self.problem = (None, None) if not self.raw else parse_number(self.raw)

    def _value(self):
        return self.raw

    def pre_validate(self, form):
        message = self.range_problem()
        if message:
            raise StopValidation(message)

    def range_problem(self) -> str | None:
        s = self.subject
        if self.problem == "nan":
            return f"{s} must be a number"
        if self.problem == "big":
            return f"{s} must be a number with {MAX_NUMBER_DIGITS} digits or fewer"
        if self.data is None:
            return None
        if self.integer and not isinstance(self.data, int):
            return f"{s} must be a whole number"
        lo, hi = self.minimum, self.maximum
        if (lo is not None and self.data < lo) or (hi is not None and self.data > hi):
            if lo is not None and hi is not None:
                return f"{s} must be between {format_number(lo)} and {format_number(hi)}"
            if lo is not None:
                return f"{s} must be {format_number(lo)} or more"
            return f"{s} must be {format_number(hi)} or less"
        return None


# -------------------------------------------------------------------------- dates


class GovDateField(Field):
    """A GOV.UK date input: reads ``<name>-day``, ``-month`` and ``-year``.

    ``data`` is a ``datetime.date`` or None; ``parts`` keeps what was typed;
    ``error_parts`` names the inputs to highlight.
    """

    def __init__(self, label=None, validators=None, *, subject="The date", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.subject = subject
        self.parts = dict.fromkeys(_DATE_PARTS, "")
        self.problem: str | None = None
        self.error_parts: tuple[str, ...] = ()

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        self.object_data = data
        self.parts = dict.fromkeys(_DATE_PARTS, "")
        if formdata is not None:
            for part in _DATE_PARTS:
                value = formdata.get(f"{self.name}-{part}", "")
                self.parts[part] = str(value).strip()[:10]
            self.raw_data = [self.parts[p] for p in _DATE_PARTS]
        elif data not in (unset_value, None, ""):
            self._parts_from(data)
        self._parse()

    def _parts_from(self, value) -> None:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return
        if isinstance(value, dt.date):
            self.parts = {"day": str(value.day), "month": str(value.month), "year": str(value.year)}

    def _parse(self) -> None:
        self.data, self.problem, self.error_parts = None, None, ()
        missing = [p for p in _DATE_PARTS if not self.parts[p]]
        if len(missing) == 3:
            return
        if missing:
            self.problem, self.error_parts = "missing " + " and ".join(missing), tuple(missing)
            return
        if not all(self.parts[p].isdigit() for p in _DATE_PARTS):
            self.problem, self.error_parts = "real", _DATE_PARTS
            return
        if len(self.parts["year"]) != 4:
            self.problem, self.error_parts = "year", ("year",)
            return
        try:
            self.data = dt.date(*(int(self.parts[p]) for p in ("year", "month", "day")))
        except ValueError:
            self.problem, self.error_parts = "real", _DATE_PARTS

    def date_problem(self, subject: str | None = None) -> str | None:
        s = subject or self.subject
        if self.problem is None:
            return None
        if self.problem.startswith("missing "):
            return f"{s} must include a {self.problem[8:]}"
        if self.problem == "year":
            return f"The year in {s[0].lower() + s[1:]} must include 4 numbers"
        return f"{s} must be a real date"

    def pre_validate(self, form):
        message = self.date_problem()
        if message:
            raise StopValidation(message)

    def iso(self) -> str | None:
        return self.data.isoformat() if self.data else None


# ------------------------------------------------------------------------ choices


class SingleChoiceField(Field):
    """One value out of ``choices`` (a sequence of (value, label)); radios."""

    def __init__(self, label=None, validators=None, *, choices=(),
                 message="Select one of the options", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = tuple((str(v), str(lbl)) for v, lbl in choices)
        self.message = message

    def process_data(self, value):
        self.data = None if value in (None, "") else str(value)

    def process_formdata(self, valuelist):
        value = valuelist[0] if valuelist else ""
        self.data = str(value).strip()[:500] or None

    def _value(self):
        return self.data or ""

    def is_valid_choice(self) -> bool:
        return self.data is None or any(self.data == v for v, _ in self.choices)

    def pre_validate(self, form):
        if not self.is_valid_choice():
            raise StopValidation(self.message)


class MultiChoiceField(Field):
    """Any number of values out of ``choices``; ``data`` is a list; checkboxes."""

    def __init__(self, label=None, validators=None, *, choices=(),
                 message="Select only the options listed", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = tuple((str(v), str(lbl)) for v, lbl in choices)
        self.message = message

    def process_data(self, value):
        self.data = _unique(str(v) for v in value) if isinstance(value, (list, tuple)) else []

    def process_formdata(self, valuelist):
        self.data = _unique(str(v).strip()[:500] for v in valuelist[:200] if str(v).strip())

    def pre_validate(self, form):
        allowed = {v for v, _ in self.choices}
        if any(v not in allowed for v in self.data):
            raise StopValidation(self.message)


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)


# --------------------------------------------------------------------------- gaps


class GapList(FieldList):
    """A FieldList of gap items whose indices are read strictly.

    WTForms' FieldList matches any key starting with its name, so ``gaps_a``
    would also pick up the entries of ``gaps_a_1``; here the separator must
    follow the name.
    """

    def _extract_indices(self, prefix, formdata):
        start = prefix + self._separator
        for key in formdata:
            if key.startswith(start):
                index = key[len(start):].split(self._field_separator, 1)[0]
                if index.isdigit() and len(index) < 6:
                    yield int(index)

    # How many gaps were posted when that was more than the maximum (else 0), and the
    # question's wording for the message (set before validating).
    posted_over = 0
    question_text = ""

    def process(self, formdata, data=unset_value, extra_filters=None):
        """Read every posted item (up to GAPS_SHOWN_BACK), never only the first
        ``max_entries``: a longer list is shown back with an error, not cut."""
        limit, self.max_entries = self.max_entries, GAPS_SHOWN_BACK
        try:
            super().process(formdata, data, extra_filters)
        finally:
            self.max_entries = limit
        self.posted_over = 0
        if limit and len(self.entries) > limit:  # blank items are the empty "add another" rows
            self.entries = [e for e in self.entries if not e.form.is_blank()] or self.entries[:1]
            self._compact_indices()
            if len(self.entries) > limit:
                posted = len(set(self._extract_indices(self.name, formdata))) if formdata else 0
                self.posted_over = max(posted, len(self.entries))

    def validate(self, form, extra_validators=()):
        ok = super().validate(form, extra_validators)
        if self.posted_over:
            self.errors.append(self.too_many_message())
            return False
        return ok

    def too_many_message(self) -> str:
        extra = self.posted_over - MAX_GAPS_PER_QUESTION
        shown = (f" Only the first {len(self.entries)} are shown below."
                 if self.posted_over > len(self.entries) else "")
        return (f"Enter {MAX_GAPS_PER_QUESTION} gaps or fewer: {self.posted_over} were "
                f"sent. Remove {extra} or combine some, then save again.{shown}")

    def can_add(self) -> bool:
        return len(self.entries) < MAX_GAPS_PER_QUESTION

"""Unit tests of the building blocks in forms/questionnaire/fields.py."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from forms.questionnaire.fields import (
    ABSOLUTE_TEXT_CAP,
    GapList,
    GovDateField,
    format_number,
    has_control_characters,
    parse_number,
    short,
    text_problem,
)
from models.text import normalise_text


@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb", "a\nb"),
    ("a\rb", "a\nb"),
    ("a\r\n\r\nb\r", "a\n\nb"),
    ("  padded \n", "padded"),
    ("tab\there", "tab\there"),
    (None, None),
])
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("text", ["nul\x00", "bell\x07", "esc\x1b[0m", "del\x7f", "c1\x85", "vt\x0b", "ff\x0c"])
def test_control_characters_are_detected(text):
    assert has_control_characters(text)


@pytest.mark.parametrize("text", ["plain", "tab\tand\nnewline", "unicode – “quotes” é 😀"])
def test_ordinary_text_has_no_control_characters(text):
    assert not has_control_characters(text)


def test_text_problem_names_the_subject_and_caps_the_limit():
    assert "Your answer to “Q?”" in text_problem("x\x00", 10, "Your answer to “Q?”")
    assert text_problem("x" * 11, 10, "It") == "It must be 10 characters or fewer"
    assert text_problem("x" * 32001, 50000, "It") == f"It must be {ABSOLUTE_TEXT_CAP:,} characters or fewer"
    assert text_problem("x" * 32000, 50000, "It") is None
    assert text_problem("", 1, "It") is None


@pytest.mark.parametrize("raw, value, problem", [
    ("12", 12, None), ("-3", -3, None), ("1,234", 1234, None), ("2.50", 2.5, None),
    ("3.0", 3, None), (".5", 0.5, None), ("abc", None, "nan"), ("1e5", None, "nan"),
    ("nan", None, "nan"), ("inf", None, "nan"), ("1.2.3", None, "nan"),
    ("1234567890123456", None, "big"),
])
def test_parse_number(raw, value, problem):
    assert parse_number(raw) == (value, problem)
    if value is not None:
        assert type(parse_number(raw)[0]) is type(value)


@pytest.mark.parametrize("value, text", [(5, "5"), (2.5, "2.5"), (3.0, "3"), (0.1, "0.1"), (None, "")])
def test_format_number(value, text):
    assert format_number(value) == text


def test_short_keeps_short_text_and_cuts_long_text_at_a_word():
    assert short("  Are   all partners engaging? ") == "Are all partners engaging?"
    cut = short("word " * 40, limit=30)
    assert cut.endswith("…") and len(cut) <= 30 and "  " not in cut


class DateForm(Form):
    when = GovDateField("When", subject="The date")


@pytest.mark.parametrize("parts, iso, message", [
    (("5", "3", "2024"), "2024-03-05", None),
    (("", "", ""), None, None),
    (("5", "", "2024"), None, "The date must include a month"),
    (("", "", "2024"), None, "The date must include a day and month"),
    (("31", "2", "2024"), None, "The date must be a real date"),
    (("x", "2", "2024"), None, "The date must be a real date"),
    (("1", "2", "24"), None, "The year in the date must include 4 numbers"),
])
def test_date_field_reads_three_inputs(parts, iso, message):
    data = MultiDict(dict(zip(("when-day", "when-month", "when-year"), parts)))
    form = DateForm(formdata=data)
    assert form.when.iso() == iso
    assert form.when.date_problem() == message
    assert form.validate() is (message is None)
    assert form.when.parts == dict(zip(("day", "month", "year"), parts))


def test_date_field_takes_object_data():
    form = DateForm(data={"when": "2025-12-01"})
    assert form.when.parts == {"day": "1", "month": "12", "year": "2025"}
    assert form.when.iso() == "2025-12-01"


def test_date_field_marks_the_parts_in_error():
    form = DateForm(formdata=MultiDict({"when-day": "1", "when-year": "2024"}))
    assert form.when.error_parts == ("month",)


class ListForm(Form):
    a = GapList(GovDateField(), min_entries=0)
    a_1 = GapList(GovDateField(), min_entries=0)


def test_gap_list_reads_only_its_own_indices():
    data = MultiDict({"a_1-0-day": "1", "a_1-3-day": "2", "a-0-day": "3"})
    form = ListForm(formdata=data)
    assert len(form.a.entries) == 1
    assert len(form.a_1.entries) == 2

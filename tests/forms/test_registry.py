"""Every question type: its field, validation in both modes, value
conversion both ways, and what it asks the templates to render."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from forms.format.examples import RAG, definition, question
from forms.format.types import QUESTION_TYPES
from forms.format.values import Option, ScalePoint
from forms.questionnaire.builder import form_class_for, form_data_from_answers, values_from_form
from forms.questionnaire.registry import REGISTRY, get_type, short_scale

pytestmark = pytest.mark.usefixtures("request_context")  # tests/conftest.py


def bind(q, data=None, **kw):
    return form_class_for(definition(q, **kw))(formdata=MultiDict(data or {}))


def errors(form):
    return {name: errs for name, errs in form.errors.items()}


def both_modes(form):
    return form.validate_draft(), form.validate_submit()


def test_every_type_is_registered():
    assert set(REGISTRY) == set(QUESTION_TYPES)
    with pytest.raises(ValueError):
        get_type("essay")


# --------------------------------------------------------------------------- text


def test_text_value_and_required_only_on_submit():
    q = question("who", "text", "Who?", required=True)
    assert both_modes(bind(q, {"q_who": "  Chief Constable  "})) == (True, True)
    assert values_from_form(bind(q, {"q_who": " CC "}))["who"].value == "CC"
    empty = bind(q, {"q_who": "   "})
    assert both_modes(empty) == (True, False)
    assert errors(empty) == {"q_who": ["Enter your answer"]}


def test_text_length_is_checked_in_both_modes():
    q = question("who", "text", "Who?")
    form = bind(q, {"q_who": "x" * 201})
    assert both_modes(form) == (False, False)
    assert form.errors["q_who"] == ["Your answer must be 200 characters or fewer"]
    assert both_modes(bind(q, {"q_who": "x" * 200})) == (True, True)
    short_q = question("who", "text", "Who?", max_length=10)
    assert not bind(short_q, {"q_who": "x" * 11}).validate_draft()


def test_long_text_normalises_newlines_and_renders_a_character_count():
    q = question("story", "long_text", "Tell us")
    form = bind(q, {"q_story": "one\r\ntwo\rthree"})
    assert form.validate_submit()
    assert values_from_form(form)["story"].value == "one\ntwo\nthree"
    spec = get_type("long_text").render(q, form["q_story"])
    assert spec["component"] == "character_count"
    assert spec["params"]["maxlength"] == 10000
    assert spec["params"]["label"] == {"text": "Tell us", "classes": "govuk-label--m"}


def test_long_text_max_length_up_to_20000():
    q = question("story", "long_text", "Tell us", max_length=20000)
    assert bind(q, {"q_story": "x" * 20000}).validate_draft()
    form = bind(q, {"q_story": "x" * 20001})
    assert not form.validate_draft()
    assert form.errors["q_story"] == ["Your answer must be 20,000 characters or fewer"]


# ------------------------------------------------------------------------- number


@pytest.mark.parametrize("raw, value", [("42", 42), ("1,000", 1000), (" 7 ", 7), ("", None)])
def test_number_values(raw, value):
    q = question("n", "number", "How many?", min=0, max=5000, integer=True)
    form = bind(q, {"q_n": raw})
    assert form.validate_draft()
    assert values_from_form(form)["n"].value == value


@pytest.mark.parametrize("kw, raw, message", [
    ({}, "lots", "Your answer must be a number"),
    ({"integer": True}, "2.5", "Your answer must be a whole number"),
    ({"min": 1, "max": 10}, "11", "Your answer must be between 1 and 10"),
    ({"min": 1, "max": 10}, "0", "Your answer must be between 1 and 10"),
    ({"min": 0.5}, "0.25", "Your answer must be 0.5 or more"),
    ({"max": 3}, "4", "Your answer must be 3 or less"),
    ({}, "9" * 16, "Your answer must be a number with 15 digits or fewer"),
])
def test_number_problems_are_found_in_both_modes(kw, raw, message):
    form = bind(question("n", "number", "How many?", **kw), {"q_n": raw})
    assert both_modes(form) == (False, False)
    assert form.errors["q_n"] == [message]


def test_number_required_and_round_trip():
    q = question("n", "number", "How many?", required=True)
    form = bind(q)
    assert both_modes(form) == (True, False)
    assert form.errors["q_n"] == ["Enter a number"]
    for value in (2.5, 7, -1):
        data = form_data_from_answers(definition(q), {"n": value})
        assert values_from_form(form_class_for(definition(q))(formdata=data))["n"].value == value


def test_number_renders_a_numeric_input_keeping_what_was_typed():
    q = question("n", "number", "How many?", integer=True)
    form = bind(q, {"q_n": "twelve"})
    form.validate_draft()
    params = get_type("number").render(q, form["q_n"])["params"]
    assert params["value"] == "twelve"
    assert params["inputmode"] == "numeric"
    assert params["errorMessage"] == {"text": "Your answer must be a number"}
    decimal = get_type("number").render(question("m", "number"), bind(question("m", "number"))["q_m"])
    assert decimal["params"]["inputmode"] == "decimal"


# --------------------------------------------------------------------------- date


def test_date_value_from_three_inputs():
    q = question("when", "date", "When?")
    form = bind(q, {"q_when-day": "9", "q_when-month": "11", "q_when-year": "2025"})
    assert both_modes(form) == (True, True)
    assert values_from_form(form)["when"].value == "2025-11-09"


@pytest.mark.parametrize("parts, message", [
    (("9", "", "2025"), "The date must include a month"),
    (("30", "2", "2025"), "The date must be a real date"),
    (("1", "2", "25"), "The year in the date must include 4 numbers"),
])
def test_date_problems_are_one_error_in_both_modes(parts, message):
    data = dict(zip(("q_when-day", "q_when-month", "q_when-year"), parts))
    form = bind(question("when", "date", "When?"), data)
    assert both_modes(form) == (False, False)
    assert form.errors == {"q_when": [message]}


def test_date_required_only_on_submit_and_round_trip():
    q = question("when", "date", "When?", required=True)
    form = bind(q)
    assert both_modes(form) == (True, False)
    assert form.errors["q_when"] == ["Enter a date"]
    data = form_data_from_answers(definition(q), {"when": "2024-03-05"})
    assert data.to_dict() == {"q_when-day": "5", "q_when-month": "3", "q_when-year": "2024"}


def test_date_renders_govuk_date_input_parts():
    q = question("when", "date", "When?")
    form = bind(q, {"q_when-day": "9", "q_when-year": "2025"})
    form.validate_draft()
    params = get_type("date").render(q, form["q_when"])["params"]
    assert params["namePrefix"] == "q_when" and params["id"] == "q_when"
    assert [i["value"] for i in params["items"]] == ["9", "", "2025"]
    assert ["govuk-input--error" in i["classes"] for i in params["items"]] == [False, True, False]
    assert params["fieldset"]["legend"]["text"] == "When?"


# ------------------------------------------------------------------------ choices


def test_yes_no_values_required_and_invalid():
    q = question("ok", "yes_no", "OK?", required=True)
    assert values_from_form(bind(q, {"q_ok": "no"}))["ok"].value == "no"
    missing = bind(q)
    assert both_modes(missing) == (True, False)
    assert missing.errors["q_ok"] == ["Select yes or no"]
    bogus = bind(q, {"q_ok": "maybe"})
    assert both_modes(bogus) == (False, False)
    assert values_from_form(bogus)["ok"].value is None
    spec = get_type("yes_no").render(q, bind(q, {"q_ok": "yes"})["q_ok"])
    assert spec["component"] == "radios"
    assert spec["params"]["classes"] == "govuk-radios--inline"
    assert [(i["value"], i["text"], i["checked"]) for i in spec["params"]["items"]] == [
        ("yes", "Yes", True), ("no", "No", False)]


def test_choice_accepts_only_its_options():
    q = question("lead", "choice", "Who leads?", options=(Option("la", "Local authority"), Option("nhs", "Health")))
    assert values_from_form(bind(q, {"q_lead": "nhs"}))["lead"].value == "nhs"
    form = bind(q, {"q_lead": "Health"})
    assert not form.validate_draft()
    assert form.errors["q_lead"] == ["Select one of the options"]
    required = bind(question("lead", "choice", "Who leads?", options=q.options, required=True))
    assert both_modes(required) == (True, False)
    assert required.errors["q_lead"] == ["Select an answer"]
    spec = get_type("choice").render(q, form["q_lead"])
    assert "classes" not in spec["params"]


def test_rating_values_are_integers():
    q = question("conf", "rating", "How confident?")
    form = bind(q, {"q_conf": "4"})
    assert both_modes(form) == (True, True)
    assert values_from_form(form)["conf"].value == 4
    bad = bind(q, {"q_conf": "6"})
    assert both_modes(bad) == (False, False)
    assert bad.errors["q_conf"] == ["Select one of the ratings"]
    assert form_data_from_answers(definition(q), {"conf": 3}).to_dict() == {"q_conf": "3"}


def test_rating_renders_labels_descriptions_and_inline_short_scales():
    scale = (ScalePoint(1, "Low", description="Little assurance"), ScalePoint(2, "High"))
    q = question("conf", "rating", "How sure?", scale=scale, scale_name="sure")
    items = get_type("rating").render(q, bind(q, {"q_conf": "2"})["q_conf"])["params"]["items"]
    assert items[0] == {"value": "1", "text": "Low", "checked": False, "hint": {"text": "Little assurance"}}
    assert items[1] == {"value": "2", "text": "High", "checked": True}
    assert short_scale(RAG)
    assert not short_scale(question("c", "rating").scale)  # the five confidence labels
    assert not short_scale(scale)  # descriptions need room


def test_rating_required_message():
    form = bind(question("conf", "rating", "How confident?", required=True))
    assert both_modes(form) == (True, False)
    assert form.errors["q_conf"] == ["Select a rating"]


def test_multi_choice_values_and_problems():
    opts = (Option("a", "A"), Option("b", "B"), Option("c", "C"))
    q = question("m", "multi_choice", "Which?", options=opts, required=True)
    form = bind(q, MultiDict([("q_m", "c"), ("q_m", "a"), ("q_m", "c")]))
    assert both_modes(form) == (True, True)
    assert values_from_form(form)["m"].value == ["c", "a"]
    bad = bind(q, MultiDict([("q_m", "a"), ("q_m", "z")]))
    assert both_modes(bad) == (False, False)
    assert bad.errors["q_m"] == ["Select only the options listed"]
    none = bind(q)
    assert both_modes(none) == (True, False)
    assert none.errors["q_m"] == ["Select at least one answer"]
    assert values_from_form(none)["m"].value is None
    data = form_data_from_answers(definition(q), {"m": ["a", "b"]})
    assert data.getlist("q_m") == ["a", "b"]
    spec = get_type("multi_choice").render(q, form["q_m"])
    assert spec["component"] == "checkboxes"
    assert [i["checked"] for i in spec["params"]["items"]] == [True, False, True]


# --------------------------------------------------------------------------- gaps


def test_gaps_type_has_no_answer_field_and_requires_one_gap():
    q = question("g", "gaps", "What gaps?", required=True)
    cls = form_class_for(definition(q))
    assert cls.field_map["g"].answer is None and cls.field_map["g"].gaps == "gaps_g"
    empty = cls(formdata=MultiDict())
    assert both_modes(empty) == (True, False)
    assert empty.error_summary_items() == [
        {"text": "What gaps? – Enter at least one gap", "href": "#gaps_g-0-title"}]
    one = cls(formdata=MultiDict({"gaps_g-0-title": "Training"}))
    assert both_modes(one) == (True, True)
    answer = values_from_form(one)["g"]
    assert answer.value is None and [g["title"] for g in answer.gaps] == ["Training"]

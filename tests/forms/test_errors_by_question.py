"""``form.errors_by_question()``: each question's error messages, from any of its
fields (answer, explanation, date parts, gaps), without reading the summary's links."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from forms.format.examples import every_type
from forms.questionnaire.builder import form_class_for

pytestmark = pytest.mark.usefixtures("request_context")  # tests/conftest.py


def bind(data, section):
    return form_class_for(every_type(), section)(formdata=MultiDict(data))


def test_no_errors_no_questions():
    form = bind({"q_summary": "CC"}, "first")
    assert form.validate_draft()
    assert form.errors_by_question() == {}


def test_errors_of_answers_dates_and_gaps_belong_to_their_questions():
    form = bind({"q_referrals": "many", "q_reviewed-day": "31", "q_reviewed-month": "2",
                 "q_reviewed-year": "2020", "q_lead": "x",
                 "gaps_other_gaps-0-title": "T", "gaps_other_gaps-0-owner": "x" * 201}, "second")
    assert not form.validate_draft()
    found = form.errors_by_question()
    assert list(found) == ["lead", "referrals", "reviewed", "other-gaps"]  # question order
    assert all(messages and all(isinstance(m, str) for m in messages)
               for messages in found.values())
    assert found["other-gaps"] == [
        "What other gaps have you identified? – The owner of gap 1 must be 200 characters or fewer"]
    assert [m for ms in found.values() for m in ms] == [
        i["text"] for i in form.error_summary_items()]


def test_the_explanation_belongs_to_the_rating():
    form = bind({"q_summary": "CC", "q_picture": "Fine", "q_confidence": "4"}, "first")
    assert not form.validate_submit()
    assert form.errors_by_question() == {
        "confidence": ["How confident are you? – Explain your rating"]}


def test_an_error_of_no_question_is_left_out(request_context):
    request_context.config["WTF_CSRF_ENABLED"] = True
    form = bind({"q_summary": "CC", "q_picture": "x\x00"}, "first")
    assert not form.validate_draft()
    assert list(form.errors_by_question()) == ["picture"]
    assert (None, {"text": form.errors["csrf_token"][0]}) in form.question_error_items()

"""The partly-invalid-section rule: which answers of a draft are saved."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from forms.format.examples import every_type
from forms.questionnaire.builder import form_class_for
from workflows.drafts import draft_answers

pytestmark = pytest.mark.usefixtures("request_context")  # tests/conftest.py


def bind(data, section):
    return form_class_for(every_type(), section)(formdata=MultiDict(data))


def test_a_valid_draft_saves_every_question_and_nothing_is_required():
    draft = draft_answers(bind({"q_summary": "CC"}, "first"))
    assert draft.errors == [] and draft.held_back == frozenset()
    assert set(draft.answers) == {"summary", "picture", "confidence", "improve", "rag"}
    assert draft.answers["summary"].value == "CC"


def test_questions_with_an_error_are_held_back_and_the_rest_saved():
    form = bind({"q_referrals": "many", "q_lead": "Health", "q_engaging": "yes",
                 "gaps_other_gaps-0-title": "x" * 201}, "second")
    draft = draft_answers(form)
    assert draft.held_back == {"referrals", "other-gaps"}
    assert set(draft.answers) == {"engaging", "not-engaging", "lead", "reviewed"}
    assert draft.answers["engaging"].value == "yes"
    assert [i["text"] for i in draft.errors] == [i["text"] for i in form.error_summary_items()]
    assert len(draft.errors) == 2


def test_an_error_in_the_explanation_holds_back_the_whole_question():
    draft = draft_answers(bind({"q_summary": "CC", "q_confidence": "4",
                                "explain_confidence": "x" * 10001}, "first"))
    assert draft.held_back == {"confidence"}
    assert "confidence" not in draft.answers and draft.answers["summary"].value == "CC"


def test_hidden_questions_are_saved_as_hidden():
    draft = draft_answers(bind({"q_engaging": "yes", "q_not-engaging": "Health"}, "second"))
    assert draft.answers["not-engaging"].hidden is True
    shown = draft_answers(bind({"q_engaging": "no", "q_not_engaging": "Health"}, "second"))
    assert shown.answers["not-engaging"].hidden is False
    assert shown.answers["not-engaging"].value == ["Health"]


def test_an_error_of_no_question_holds_back_nothing(request_context):
    request_context.config["WTF_CSRF_ENABLED"] = True
    draft = draft_answers(bind({"q_summary": "CC"}, "first"))
    assert draft.held_back == frozenset() and len(draft.errors) == 1
    assert draft.answers["summary"].value == "CC"

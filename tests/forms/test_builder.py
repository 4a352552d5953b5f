"""The generated form classes: naming, the class cache, the two validation
modes, show_if, text safety, and answer conversions both ways."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from forms.format.definition import Condition, Definition
from forms.format.examples import definition, every_type, question
from forms.format.naming import QuestionFields, answer_name
from forms.questionnaire.builder import (
    AnswerData,
    bind_answers,
    build_form_class,
    clear_form_cache,
    form_class_for,
    form_data_from_answers,
    values_from_form,
)

pytestmark = pytest.mark.usefixtures("request_context")  # tests/conftest.py


def bind(defn, data=None, section=None):
    return form_class_for(defn, section)(formdata=MultiDict(data or {}))


# ------------------------------------------------------------------------- naming


def test_field_names_map_hyphens_and_back():
    defn = every_type()
    cls = form_class_for(defn)
    assert cls.field_map["not-engaging"] == QuestionFields("not-engaging", "q_not_engaging", None, None)
    assert cls.field_map["confidence"] == QuestionFields(
        "confidence", "q_confidence", "explain_confidence", "gaps_confidence")
    assert cls.field_map["other-gaps"].answer is None
    assert cls.name_to_question["gaps_other_gaps"] == "other-gaps"
    assert cls.field_map["rag"].explain == "explain_rag" and cls.field_map["rag"].gaps is None
    form = cls(formdata=MultiDict())
    for qid, names in cls.field_map.items():
        for name in names.names:
            assert form[name].name == name and cls.name_to_question[name] == qid


def test_names_never_collide_across_kinds():
    # "a-explain" would become q_a_explain; the explanation of "a" is explain_a.
    defn = definition(question("a", "rating", explain="optional", gaps=True), question("a-explain", "text"),
                      question("a-1", "gaps"))
    cls = form_class_for(defn)
    names = [n for f in cls.field_map.values() for n in f.names]
    assert len(names) == len(set(names)) == 5


def test_a_section_form_has_only_that_sections_questions():
    clear_form_cache()  # an equal definition built by an earlier test would be the cached one
    defn = every_type()
    first = form_class_for(defn, "first")
    assert first.question_ids == ("summary", "picture", "confidence", "improve", "rag")
    assert first.section_id == "first" and first.definition is defn
    with pytest.raises(KeyError):
        form_class_for(defn, "missing")


# -------------------------------------------------------------------------- cache


def test_same_version_gives_the_same_class():
    defn = every_type(qid="cache-a")
    cls = form_class_for(defn)
    assert form_class_for(defn) is cls
    # the same version loaded again from the database compares equal
    assert form_class_for(Definition.from_dict(defn.to_dict())) is cls
    assert form_class_for(defn, "first") is not cls
    assert form_class_for(defn, "first") is form_class_for(defn, "first")


def test_a_new_version_builds_a_new_class_and_leaves_the_old_one_alone():
    v1 = definition(question("one", "text"), qid="cache-b", version=1)
    v2 = definition(question("one", "text"), question("two", "number"), qid="cache-b", version=2)
    cls1 = form_class_for(v1)
    before = dict(vars(cls1))
    cls2 = form_class_for(v2)
    assert cls2 is not cls1
    assert dict(vars(cls1)) == before
    assert not hasattr(cls1, "q_two") and hasattr(cls2, "q_two")
    assert cls1.field_map is not cls2.field_map and "two" not in cls1.field_map
    assert cls1(formdata=MultiDict()).question_ids == ("one",)
    assert form_class_for(v1) is cls1


def test_building_twice_shares_no_fields_or_mappings():
    defn = every_type(qid="cache-c")
    a, b = build_form_class(defn), build_form_class(defn)
    assert a is not b
    assert a.q_summary is not b.q_summary
    assert a.field_map is not b.field_map
    assert a.gaps_picture.args[0].args[0] is not b.gaps_picture.args[0].args[0]  # gap item forms
    form_a = a(formdata=MultiDict({"q_summary": "A"}))
    form_b = b(formdata=MultiDict({"q_summary": "B"}))
    assert (form_a.q_summary.data, form_b.q_summary.data) == ("A", "B")


def test_changed_content_under_the_same_version_is_not_served_stale():
    old = definition(question("one", "text"), qid="cache-d")
    new = definition(question("one", "text"), question("two", "text"), qid="cache-d")
    assert form_class_for(old) is not form_class_for(new)
    assert "two" in form_class_for(new).field_map


# ---------------------------------------------------------------------- show_if


def test_hidden_questions_are_not_required_and_their_answers_are_dropped():
    defn = every_type()
    data = {"q_confidence": "5", "explain_confidence": "Good", "q_improve": "more staff",
            "q_summary": "CC", "q_picture": "Fine"}
    form = bind(defn, data, "first")
    assert form.validate_submit()
    assert form.answer_values()["improve"] is None
    assert values_from_form(form)["improve"] == AnswerData(hidden=True)
    assert values_from_form(form)["confidence"].value == 5


def test_shown_questions_are_required_again():
    defn = every_type()
    form = bind(defn, {"q_confidence": "2", "explain_confidence": "x", "q_summary": "CC",
                       "q_picture": "Fine"}, "first")
    assert not form.validate_submit()
    assert form.errors == {"q_improve": ["Enter your answer"]}
    assert form.validate_draft()


def test_an_invalid_answer_to_a_hidden_question_does_not_block():
    defn = definition(question("ok", "yes_no"),
                      question("n", "number", show_if=Condition("ok", equals="no")))
    assert bind(defn, {"q_ok": "yes", "q_n": "lots"}).validate_draft()
    assert not bind(defn, {"q_ok": "no", "q_n": "lots"}).validate_draft()


def test_a_question_behind_a_hidden_question_is_hidden():
    defn = definition(
        question("a", "yes_no"),
        question("b", "yes_no", show_if=Condition("a", equals="yes")),
        question("c", "text", required=True, show_if=Condition("b", answered=True)),
    )
    form = bind(defn, {"q_a": "no", "q_b": "yes"})
    assert form.visible_ids() == {"a"}
    assert form.validate_submit()
    assert form.answer_values() == {"a": "no", "b": None, "c": None}
    shown = bind(defn, {"q_a": "yes", "q_b": "yes"})
    assert not shown.validate_submit() and "q_c" in shown.errors


def test_conditions_on_another_sections_answers_use_the_context():
    defn = Definition(
        id="ctx", version=1, title="Ctx", summary=None,
        sections=every_type().sections[:1] + (every_type().sections[0].__class__(
            "later", "Later", None,
            (question("why", "long_text", "Why not?", section="later", required=True,
                      show_if=Condition("confidence", at_most=2)),)),),
    )
    later = bind(defn, {}, "later")
    assert later.validate_submit()  # no context: the condition fails, hidden
    assert later.validate_submit(context={"confidence": 4})
    assert not later.validate_submit(context={"confidence": 1})
    assert later.answer_values({"confidence": 1}) == {"why": None}


# ------------------------------------------------------------------ text safety


@pytest.mark.parametrize("field, value", [
    ("q_summary", "Chief\x00Constable"),
    ("q_picture", "line one\x1b[31m"),
    ("explain_confidence", "bad \x07 bell"),
    ("gaps_picture-0-title", "Title\x7f"),
    ("gaps_picture-0-detail", "De\x0btail"),
])
def test_control_characters_are_refused_naming_the_field(field, value):
    defn = every_type()
    form = bind(defn, {"q_confidence": "4", field: value}, "first")
    assert not form.validate_draft()
    messages = [i["text"] for i in form.error_summary_items()]
    assert len(messages) == 1 and "control characters" in messages[0]
    label, _, message = messages[0].partition(" – ")
    assert label.endswith("?") and message.startswith(("Your ", "The "))  # names the question, then the field


def test_tabs_and_newlines_are_allowed_and_crlf_becomes_lf():
    defn = every_type()
    form = bind(defn, {"q_picture": "a\tb\r\nc\rd", "q_confidence": "4",
                       "explain_confidence": "x\r\ny", "gaps_picture-0-title": "T",
                       "gaps_picture-0-detail": "p\r\nq"}, "first")
    assert form.validate_draft()
    answers = values_from_form(form)
    assert answers["picture"].value == "a\tb\nc\nd"
    assert answers["confidence"].explanation == "x\ny"
    assert answers["picture"].gaps[0]["detail"] == "p\nq"


def test_every_free_text_input_is_capped_below_excels_cell_limit():
    # beyond the format's limit: the form still stops at 20,000 (and never passes 32,000)
    huge = question("huge", "long_text", "Huge?", max_length=50000)
    defn = definition(huge, question("r", "rating", explain="optional", gaps=True))
    form = bind(defn, {"q_huge": "x" * 32001, "explain_r": "x" * 10001,
                       "gaps_r-0-title": "x" * 201, "gaps_r-0-detail": "x" * 10001})
    assert not form.validate_draft()
    texts = {i["href"]: i["text"] for i in form.error_summary_items()}
    assert texts["#q_huge"].endswith("must be 20,000 characters or fewer")
    assert texts["#explain_r"].endswith("must be 10,000 characters or fewer")
    assert texts["#gaps_r-0-title"] == "Question r? – The title of gap 1 must be 200 characters or fewer"
    assert texts["#gaps_r-0-detail"].endswith("must be 10,000 characters or fewer")
    assert bind(defn, {"q_huge": "x" * 20000}).validate_draft()


# ------------------------------------------------------------------------- modes


def test_validate_draft_ignores_required_and_submit_enforces_it():
    defn = every_type()
    first = bind(defn, {}, "first")
    assert first.validate_draft() and not first.errors
    assert not first.validate_submit()
    assert set(first.errors) == {"q_summary", "q_picture"}


def test_explanation_required_when_the_rating_is_given():
    defn = every_type()
    base = {"q_summary": "CC", "q_picture": "Fine"}
    assert bind(defn, base, "first").validate_submit()  # no rating, no explanation needed
    rated = bind(defn, {**base, "q_confidence": "4"}, "first")
    assert not rated.validate_submit()
    assert rated.errors == {"explain_confidence": [
        "Explain your rating"]}
    assert rated.validate_draft()
    assert bind(defn, {**base, "q_rag": "1"}, "first").validate_submit()  # explain: optional


def test_questions_with_errors():
    form = bind(every_type(), {"q_referrals": "x", "gaps_other_gaps-0-owner": "x" * 201}, "second")
    assert not form.validate_draft()
    assert form.questions_with_errors() == {"referrals", "other-gaps"}


def test_plain_validate_means_submit():
    form = bind(every_type(), {}, "first")
    assert form.validate() is False and "q_summary" in form.errors


def test_csrf_is_checked_when_enabled(request_context):
    request_context.config["WTF_CSRF_ENABLED"] = True
    form = bind(every_type(), {"q_summary": "CC"}, "first")
    assert not form.validate_draft()
    assert "csrf_token" in form.errors
    assert {"text": form.errors["csrf_token"][0]} in form.error_summary_items()
    stored = bind_answers(every_type(), {"summary": "CC"}, "first", csrf=False)
    assert stored.validate_draft()


# -------------------------------------------------------------------- conversion


FULL = {
    "summary": AnswerData("Chief Constable"),
    "picture": AnswerData("Line one\nLine two", gaps=[
        {"gap_id": None, "title": "Data quality", "detail": "Poor", "area": "Systems",
         "owner": "DCI", "target_date": "2026-03-31", "status": None, "update": None,
         "closing_note": None}]),
    "confidence": AnswerData(4, explanation="Better than last year"),
    "rag": AnswerData(3),
    "engaging": AnswerData("no"),
    "not-engaging": AnswerData(["Health", "Education"]),
    "lead": AnswerData("Local authority"),
    "referrals": AnswerData(1234),
    "reviewed": AnswerData("2025-01-31"),
    "other-gaps": AnswerData(None, gaps=[
        {"gap_id": "17", "title": "Training", "detail": None, "area": None, "owner": None,
         "target_date": None, "status": "closed", "update": None, "closing_note": "Done"}]),
}


def test_answers_round_trip_through_form_data():
    defn = every_type()
    data = form_data_from_answers(defn, FULL)
    form = form_class_for(defn)(formdata=data)
    assert form.validate_submit(), form.errors
    answers = values_from_form(form)
    assert {qid: a for qid, a in answers.items() if qid != "improve"} == FULL
    assert answers["improve"].hidden


def test_answers_may_be_plain_mappings_or_bare_values():
    defn = every_type()
    data = form_data_from_answers(defn, {
        "summary": "CC", "confidence": {"value": 2, "explanation": "Gaps remain", "gaps": []},
        "improve": None})
    assert data.to_dict() == {"q_summary": "CC", "q_confidence": "2",
                              "explain_confidence": "Gaps remain"}


def test_section_form_data_holds_only_that_section():
    data = form_data_from_answers(every_type(), FULL, section_id="first")
    assert {k.split("-")[0] for k in data} == {
        "q_summary", "q_picture", "gaps_picture", "q_confidence", "explain_confidence", "q_rag"}


def test_a_draft_rebinds_with_formdata_and_keeps_invalid_input():
    defn = every_type()
    posted = MultiDict({"q_referrals": "about 40", "q_reviewed-day": "40"})
    form = bind(defn, posted, "second")
    assert not form.validate_draft()
    again = form_class_for(defn, "second")(formdata=MultiDict(posted))
    assert again["q_referrals"].raw == "about 40"
    assert again["q_reviewed"].parts["day"] == "40"


def test_answer_name_matches_the_form():
    assert answer_name("not-engaging") == "q_not_engaging"

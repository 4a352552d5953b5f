"""The field macros in templates/questionnaire/_fields.html, rendered in a
tiny Flask app and read back with BeautifulSoup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string
from werkzeug.datastructures import MultiDict

from forms.format.definition import Condition, Option
from forms.format.examples import definition, every_type, question
from forms.format.validate import validate_file
from forms.questionnaire.builder import form_class_for

ROOT = Path(__file__).resolve().parents[2]
PAGE = (
    '{% from "questionnaire/_fields.html" import questionnaire_questions, questionnaire_error_summary %}'
    "{{ questionnaire_error_summary(form) }}<form method=\"post\">{{ questionnaire_questions(form) }}</form>"
)


@pytest.fixture(autouse=True)
def request_context(form_app):
    with form_app.test_request_context():
        yield


def bind(defn, data=None, section=None, mode=None):
    form = form_class_for(defn, section)(formdata=MultiDict(data or {}))
    if mode == "draft":
        form.validate_draft()
    elif mode == "submit":
        form.validate_submit()
    return form


def render(form, source=PAGE) -> BeautifulSoup:
    return BeautifulSoup(render_template_string(source, form=form), "html.parser")


def container(soup, qid):
    return soup.find(attrs={"data-question-id": qid})


# ------------------------------------------------------------------ each type


def test_text_input_with_its_label(page_text):
    soup = render(bind(every_type(), {"q_summary": "CC"}, "first"))
    box = container(soup, "summary")
    assert box["id"] == "question-summary"
    field = box.find("input", id="q_summary")
    assert field["name"] == "q_summary" and field["value"] == "CC" and field["type"] == "text"
    assert page_text(box.find("label", attrs={"for": "q_summary"})) == "Who is answering?"


def test_long_text_is_a_character_count_with_hint(page_text):
    soup = render(bind(definition(question("story", "long_text", "Tell us", hint="In brief"))))
    group = soup.find(attrs={"data-module": "govuk-character-count"})
    assert group["data-maxlength"] == "10000"
    area = group.find("textarea", id="q_story")
    assert area["name"] == "q_story"
    assert page_text(soup.find(id="q_story-hint")) == "In brief"
    assert "q_story-hint" in area["aria-describedby"]


def test_number_keeps_what_was_typed_and_shows_the_error(page_text):
    soup = render(bind(every_type(), {"q_referrals": "lots"}, "second", mode="draft"))
    field = soup.find("input", id="q_referrals")
    assert field["value"] == "lots" and field["inputmode"] == "numeric"
    assert "govuk-input--error" in field["class"]
    assert page_text(soup.find(id="q_referrals-error")) == (
        "Error: Your answer must be a number")


def test_date_is_three_inputs_with_one_error(page_text):
    data = {"q_reviewed-day": "31", "q_reviewed-month": "2", "q_reviewed-year": "2025"}
    soup = render(bind(every_type(), data, "second", mode="draft"))
    box = container(soup, "reviewed")
    assert page_text(box.find("legend")) == "When was it last reviewed?"
    inputs = box.find_all("input")
    assert [(i["id"], i["name"], i["value"]) for i in inputs] == [
        ("q_reviewed-day", "q_reviewed-day", "31"), ("q_reviewed-month", "q_reviewed-month", "2"),
        ("q_reviewed-year", "q_reviewed-year", "2025")]
    assert len(box.select(".govuk-error-message")) == 1
    assert page_text(box.find(id="q_reviewed-hint")) == "For example, 27 3 2025"


def test_yes_no_radios_inline_with_ids_for_the_error_summary(page_text):
    soup = render(bind(every_type(), {"q_engaging": "no"}, "second"))
    box = container(soup, "engaging")
    assert "govuk-radios--inline" in box.find(class_="govuk-radios")["class"]
    radios = box.find_all("input", type="radio")
    assert [(r["id"], r["value"], r.has_attr("checked")) for r in radios] == [
        ("q_engaging", "yes", False), ("q_engaging-2", "no", True)]
    assert [page_text(box.find("label", attrs={"for": r["id"]})) for r in radios] == ["Yes", "No"]
    assert page_text(box.find("legend")) == "Are all partners engaging?"


def test_multi_choice_checkboxes():
    data = MultiDict([("q_engaging", "no"), ("q_not_engaging", "Health")])
    soup = render(bind(every_type(), data, "second"))
    boxes = container(soup, "not-engaging").find_all("input", type="checkbox")
    assert [b["id"] for b in boxes] == ["q_not_engaging", "q_not_engaging-2", "q_not_engaging-3"]
    assert [b.has_attr("checked") for b in boxes] == [False, True, False]
    assert {b["name"] for b in boxes} == {"q_not_engaging"}


def test_rating_with_explanation_and_gaps_is_one_fieldset(page_text):
    soup = render(bind(every_type(), {"q_confidence": "3"}, "first"))
    box = container(soup, "confidence")
    outer = box.find("fieldset")
    assert page_text(outer.find("legend")) == "How confident are you?"
    radios = outer.find_all("input", attrs={"name": "q_confidence"})
    assert [page_text(box.find("label", attrs={"for": r["id"]})) for r in radios] == [
        "Not confident", "Slightly confident", "Partly confident", "Confident", "Fully confident"]
    assert "govuk-radios--inline" not in outer.find(class_="govuk-radios")["class"]
    assert (page_text(box.find("label", attrs={"for": "explain_confidence"}))
            == "Explain your rating")
    assert box.find(class_="moj-add-another") is not None


def test_rating_point_descriptions_are_hints_and_short_scales_inline(page_text):
    soup = render(bind(every_type(), {}, "first"))
    rag = container(soup, "rag")
    assert "govuk-radios--inline" in rag.find(class_="govuk-radios")["class"]
    assert (page_text(rag.find("label", attrs={"for": "explain_rag"}))
            == "Explain your rating (optional)")
    from forms.format.values import ScalePoint
    scale = (ScalePoint(1, "Low", description="Little or no assurance"), ScalePoint(2, "High"))
    soup = render(bind(definition(question("s", "rating", "Sure?", scale=scale))))
    assert page_text(soup.find(id="q_s-item-hint")) == "Little or no assurance"


# --------------------------------------------------------------------- errors


def test_error_summary_links_to_fields_that_exist(page_text):
    form = bind(every_type(), {"q_confidence": "2", "q_referrals": "x", "q_reviewed-day": "3",
                               "gaps_picture-0-detail": "No title"}, mode="submit")
    soup = render(form)
    links = soup.select(".govuk-error-summary__list a")
    assert len(links) == len(form.error_summary_items()) >= 6
    for link in links:
        target = soup.find(id=link["href"][1:])
        assert target is not None and target.name in ("input", "textarea", "select"), link["href"]
    messages = [page_text(m).removeprefix("Error: ") for m in soup.select(".govuk-error-message")]
    # each summary link is the question's own label, then the message beside the field
    assert sorted(messages) == sorted(page_text(a).partition(" – ")[2] for a in links)
    assert all(not m.startswith(("Enter your answer to", "Select a rating for")) for m in messages)
    assert "Enter a title for gap 1" in messages


def test_no_error_summary_for_a_valid_form():
    soup = render(bind(every_type(), {}, "first", mode="draft"))
    assert soup.find(class_="govuk-error-summary") is None


# ------------------------------------------------------------------- escaping


def test_question_text_hints_options_and_answers_are_escaped(page_text):
    evil = "<script>alert('q')</script>"
    q1 = question("x", "choice", evil, hint="<b>hint</b>", options=(Option("<i>", "<img src=x onerror=alert(1)>"),))
    q2 = question("y", "text", "Name?", show_if=Condition("x", equals="<i>"))
    form = bind(definition(q1, q2), {"q_x": "<i>", "q_y": '"><script>alert(2)</script>'}, mode="submit")
    html = render_template_string(PAGE, form=form)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert evil in page_text(container(soup, "x").find("legend"))
    assert soup.find("input", id="q_y")["value"] == '"><script>alert(2)</script>'
    assert json.loads(container(soup, "y")["data-show-if"])["equals"] == "<i>"
    assert "<script" not in html and "<img" not in html


def test_the_macros_never_mark_text_safe_or_inline_a_script():
    source = (ROOT / "templates" / "questionnaire" / "_fields.html").read_text()
    code = source.split("-#}", 1)[1]  # after the usage comment
    assert "|safe" not in code.replace(" ", "") and "<script" not in code


# -------------------------------------------------------------------- show_if


def test_show_if_questions_carry_their_condition_and_a_note(page_text):
    soup = render(bind(every_type(), {}))
    improve = container(soup, "improve")
    assert json.loads(improve["data-show-if"]) == {"question": "confidence", "field": "q_confidence", "at_most": 3}
    assert page_text(improve.find(class_="app-show-if__note")) == (
        "Answer this if your answer to “How confident are you?” is “3 – Partly confident” or lower.")
    engaged = json.loads(container(soup, "not-engaging")["data-show-if"])
    assert engaged == {"question": "engaging", "field": "q_engaging", "equals": "no"}
    assert container(soup, "summary").get("data-show-if") is None
    assert not improve.has_attr("hidden")


def test_a_question_can_be_rendered_alone_and_hidden():
    form = bind(every_type(), {}, "first")
    soup = render(form, '{% from "questionnaire/_fields.html" import questionnaire_question %}'
                        '{{ questionnaire_question(form, "improve", hidden=true) }}')
    assert container(soup, "improve").has_attr("hidden")
    soup = render(form, '{% from "questionnaire/_fields.html" import questionnaire_questions %}'
                        '{{ questionnaire_questions(form, hidden=["rag"]) }}')
    assert [c["data-question-id"] for c in soup.select(".app-question[hidden]")] == ["rag"]


def test_show_if_script_is_an_es_module():
    script = (ROOT / "static" / "js" / "show-if.js").read_text()
    assert "export function initShowIf" in script and "data-show-if" in script
    assert "eval(" not in script and "innerHTML" not in script


# ----------------------------------------------------------------------- gaps


def test_gaps_use_the_moj_add_another_markup(page_text):
    soup = render(bind(every_type(), {"gaps_picture-0-title": "A", "gaps_picture-1-title": "B"}, "first"))
    block = container(soup, "picture").find(class_="moj-add-another")
    assert block["data-module"] == "moj-add-another"
    items = block.select(".moj-add-another__items > .moj-add-another__item")
    assert [page_text(i.find("legend")) for i in items] == ["Gap 1", "Gap 2"]
    title = items[1].find("input", id="gaps_picture-1-title")
    assert title["name"] == "gaps_picture-1-title"
    assert title["data-name"] == title["data-id"] == "gaps_picture-%index%-title"
    assert page_text(items[1].find("label", attrs={"for": "gaps_picture-1-title"})) == "Title"
    assert items[1].find("select", id="gaps_picture-1-area")["data-name"] == "gaps_picture-%index%-area"
    assert items[1].find("input", id="gaps_picture-1-target_date-year")["data-name"] == (
        "gaps_picture-%index%-target_date-year")
    add = block.find("button", class_="moj-add-another__add-button")
    assert (add["type"], add["name"], add["value"], page_text(add)) == (
        "submit", "add_gap", "gaps_picture", "Add another gap")
    removes = block.find_all("button", class_="moj-add-another__remove-button")
    assert [(b["name"], b["value"]) for b in removes] == [
        ("remove_gap", "gaps_picture-0"), ("remove_gap", "gaps_picture-1")]


def test_a_carried_gap_has_its_reference_and_status():
    data = {"gaps_picture-0-gap_id": "7", "gaps_picture-0-title": "Old", "gaps_picture-0-status": "open"}
    soup = render(bind(every_type(), data, "first"))
    item = container(soup, "picture").find(class_="moj-add-another__item")
    hidden = item.find("input", type="hidden")
    assert (hidden["name"], hidden["value"]) == ("gaps_picture-0-gap_id", "7")
    status = item.find_all("input", attrs={"name": "gaps_picture-0-status"})
    assert [(s["value"], s.has_attr("checked")) for s in status] == [("open", True), ("closed", False)]
    assert item.find("textarea", id="gaps_picture-0-closing_note") is not None
    assert item.find("button", class_="moj-add-another__remove-button") is None


def test_a_gaps_question_is_a_fieldset_of_gaps(page_text):
    soup = render(bind(every_type(), {}, "second"))
    box = container(soup, "other-gaps")
    assert page_text(box.find("legend")) == "What other gaps have you identified?"
    assert box.find("input", id="gaps_other_gaps-0-title") is not None
    assert box.find(attrs={"name": "q_other_gaps"}) is None


# ------------------------------------------------------- shipped question sets


@pytest.mark.parametrize("path", sorted((ROOT / "questionnaires").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_questionnaires_build_and_render(path):
    result = validate_file(path)
    assert result.ok, result.report()
    defn = result.definition
    for section in defn.sections:
        form = bind(defn, {}, section.id, mode="submit")
        soup = render(form)
        assert [c["data-question-id"] for c in soup.select(".app-question")] == [q.id for q in section.questions]
        for link in soup.select(".govuk-error-summary__list a"):
            assert soup.find(id=link["href"][1:]) is not None

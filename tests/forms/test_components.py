"""The questionnaire's GOV.UK components rendered from learnt shapes
(forms/questionnaire/components.py) are the govuk-frontend-jinja macros' markup, byte for
byte, for every question type, answered or not, with tricky text, carried gaps and errors."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from forms.format.examples import definition as one_section
from forms.format.examples import every_type, question
from forms.questionnaire.builder import form_class_for
from forms.questionnaire.components import UNUSABLE, ComponentRenderer

TRICKY = 'She said "no" & <script>alert(1)</script>\n  second line, café – 100% ✓  '


@pytest.fixture(autouse=True)
def request_context(form_app):
    with form_app.test_request_context():
        yield


@pytest.fixture
def renderer(form_app):
    return ComponentRenderer(form_app.jinja_env)


def parts_of(form) -> list[dict]:
    """Every component part of every question of the form: answers, explanations and
    each field of each gap item."""
    parts = []
    for qid in form.question_ids:
        spec = form.render_spec(qid)
        parts += [p for p in (spec["answer"], spec["explain"]) if p]
        for item in (spec["gaps"] or {}).get("items", ()):
            parts += item["fields"]
    return parts


def bind(data, *, section=None, mode=None, defn=None):
    form = form_class_for(defn or every_type(), section)(formdata=MultiDict(data))
    if mode == "submit":
        form.validate_submit()
    elif mode == "draft":
        form.validate_draft()
    return form


ANSWERED = {
    "q_summary": TRICKY, "q_picture": TRICKY, "q_confidence": "2", "explain_confidence": TRICKY,
    "q_improve": "More analysts.", "q_rag": "amber",
    "gaps_picture-0-title": TRICKY, "gaps_picture-0-detail": "Detail & more",
    "gaps_picture-0-area": "Training", "gaps_picture-0-owner": "Head of PPU",
    "gaps_picture-0-target_date-day": "3", "gaps_picture-0-target_date-month": "4",
    "gaps_picture-0-target_date-year": "2027",
    "gaps_confidence-0-gap_id": "12", "gaps_confidence-0-title": "Carried gap",
    "gaps_confidence-0-status": "closed", "gaps_confidence-0-update": "Partly done",
    "gaps_confidence-0-closing_note": "Closed at the board",
    "q_engaging": "no", "q_not_engaging": ["Local authority", "Education"], "q_lead": "Health",
    "q_referrals": "12", "q_reviewed-day": "1", "q_reviewed-month": "2",
    "q_reviewed-year": "2026", "gaps_other_gaps-0-title": "Other gap",
}
SCENARIOS = {
    "blank": ({}, None),
    "answered": (ANSWERED, "draft"),
    "submitted with problems": ({"q_referrals": "lots", "q_reviewed-day": "31",
                                 "q_reviewed-month": "2", "q_reviewed-year": "2026",
                                 "gaps_picture-0-detail": "No title"}, "submit"),
    "only spaces and zero": ({"q_summary": "   ", "q_referrals": "0", "q_confidence": "5"},
                             "draft"),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_part_is_the_macros_markup_first_time_and_from_its_shape(renderer, scenario):
    data, mode = SCENARIOS[scenario]
    parts = parts_of(bind(data, mode=mode))
    assert {p["component"] for p in parts} >= {"input", "character_count", "radios"}
    for part in parts:
        expected = renderer.macro(part["component"])(part["params"])
        assert renderer.render(part) == expected, part  # learns the shape
        assert renderer.render(part) == expected, part  # from the learnt shape


def test_every_component_the_questionnaire_uses_is_covered(renderer):
    used = {p["component"] for data, mode in SCENARIOS.values()
            for p in parts_of(bind(data, mode=mode))}
    assert used == {"input", "character_count", "textarea", "date_input", "radios",
                    "checkboxes", "select"}


def test_a_shape_learnt_from_one_answer_serves_any_other(renderer):
    first = bind({"q_summary": "First lead", "q_engaging": "yes", "q_lead": "Health",
                  "q_not_engaging": ["Health"]}, mode="draft")
    for part in parts_of(first):
        renderer.render(part)
    learnt = len(renderer._shapes)
    second = bind({"q_summary": TRICKY, "q_engaging": "no", "q_lead": "Education",
                   "q_not_engaging": ["Local authority", "Education"]}, mode="draft")
    for part in parts_of(second):
        assert renderer.render(part) == renderer.macro(part["component"])(part["params"])
    assert len(renderer._shapes) == learnt  # nothing new to learn: same questions


def test_checked_options_come_out_where_the_macro_puts_them(renderer):
    form = bind({"q_not_engaging": ["Local authority", "Education"], "q_engaging": "no"},
                mode="draft")
    part = form.render_spec("not-engaging")["answer"]
    html = str(renderer.render(part))
    assert html.count(" checked") == 2
    assert html == renderer.macro("checkboxes")(part["params"])


def test_an_answer_is_escaped_like_the_macro_escapes_it(renderer):
    part = bind({"q_summary": TRICKY}, mode="draft").render_spec("summary")["answer"]
    html = str(renderer.render(part))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&#34;no&#34;" in html


def test_a_question_holding_a_placeholder_character_is_left_to_the_macro(renderer):
    odd = question("odd", "text", "Odd \ue0000\ue001 and \ue0020\ue003 question?")
    form = form_class_for(one_section(odd))(formdata=MultiDict({"q_odd": "An answer"}))
    part = form.render_spec("odd")["answer"]
    assert renderer.render(part) == renderer.macro("input")(part["params"])
    assert list(renderer._shapes.values()) == [UNUSABLE]
    assert "An answer" in renderer.render(part)


def test_parts_with_an_error_are_rendered_by_the_macro(renderer):
    form = bind({"q_referrals": "lots"}, mode="submit")
    part = form.render_spec("referrals")["answer"]
    assert part["params"]["errorMessage"]
    assert renderer.render(part) == renderer.macro("input")(part["params"])
    assert renderer._shapes == {}


def test_the_shapes_kept_are_bounded(form_app):
    small = ComponentRenderer(form_app.jinja_env, max_shapes=3)
    for part in parts_of(bind(ANSWERED, mode="draft")):
        assert small.render(part) == small.macro(part["component"])(part["params"])
        assert len(small._shapes) <= 3


def test_switched_off_it_is_the_macro(form_app):
    off = ComponentRenderer(form_app.jinja_env, enabled=False)
    part = bind({"q_summary": "x"}).render_spec("summary")["answer"]
    assert off.render(part) == off.macro("input")(part["params"]) and off._shapes == {}


def test_where_a_flag_goes_is_found_even_beside_a_space():
    from forms.questionnaire.components import _insertions

    assert _insertions("<i a><i b>", "<i a checked><i b checked>", 2, "checked") == [
        (4, " checked"), (9, " checked")]
    # the macro's " checked" before a space reads as "checked " one place on: the same markup
    assert _insertions("<i a ><i b>", "<i a checked ><i b>", 1, "checked") == [(5, "checked ")]
    assert _insertions("<i a><i b>", "<i a selected><i b>", 1, "checked") is None
    assert _insertions("<i a><i b>", "<i a checked><i c checked>", 2, "checked") is None

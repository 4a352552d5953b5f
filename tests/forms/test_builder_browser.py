"""The generated form in a real browser under a strict CSP: show-if.js hides
and shows conditional questions, the page works without JavaScript, and the
gaps list grows with and without MOJ's add-another script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask, render_template_string, request
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from forms.format.examples import every_type
from forms.questionnaire.builder import form_class_for, values_from_form
from tests.browser.conftest import assert_no_problems, check_axe, served

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Form</title><link rel="icon" href="data:,"></head>
<body class="govuk-template__body"><main>
{% from "questionnaire/_fields.html" import questionnaire_questions, questionnaire_error_summary %}
<h1>Questions</h1>
{{ questionnaire_error_summary(form) }}
<form method="post" novalidate>
  {{ questionnaire_questions(form) }}
  <button type="submit" name="save" value="1" id="save">Save</button>
</form>
<pre id="values">{{ values }}</pre></main>
<script type="module" src="/static/js/app.mjs"></script>
<script type="module" src="/static/js/show-if.js"></script>
</body></html>"""


def make_app() -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(WTF_CSRF_ENABLED=False, SECRET_KEY="test")
    app.jinja_loader = ChoiceLoader([
        app.jinja_loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})])
    definition = every_type(qid="browser-test")

    @app.route("/", methods=["GET", "POST"])
    def form_page():
        form = form_class_for(definition)()
        values = ""
        if request.method == "POST" and not form.apply_list_action() and form.validate_draft():
            answers = values_from_form(form)
            values = json.dumps({qid: [a.value, [g["title"] for g in a.gaps]] for qid, a in answers.items()})
        return render_template_string(PAGE, form=form, values=values)

    @app.after_request
    def strict_csp(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; script-src 'self'")
        return response

    return app


@pytest.fixture(scope="module")
def form_url():
    with served(make_app()) as base:
        yield f"{base}/"


def visible(page, qid) -> bool:
    return page.locator(f'[data-question-id="{qid}"]').is_visible()


def test_show_if_hides_and_shows_as_the_respondent_answers(page, form_url):
    page.goto(form_url)
    page.wait_for_function("document.querySelector('[data-question-id=improve]').hidden")
    assert not visible(page, "improve") and not visible(page, "not-engaging")
    page.get_by_label("Partly confident").check()
    assert visible(page, "improve")
    assert not page.locator('[data-question-id="improve"] .app-show-if__note').is_visible()
    page.get_by_label("Fully confident").check()
    assert not visible(page, "improve")
    page.locator("#q_engaging-2").check()  # No
    assert visible(page, "not-engaging")
    page.locator("#q_engaging").check()  # Yes
    assert not visible(page, "not-engaging")
    assert_no_problems(page)


def test_without_javascript_every_question_shows_with_a_note(page_without_js, form_url):
    tab = page_without_js  # the shared fixture (tests/forms/conftest.py)
    tab.goto(form_url)
    assert visible(tab, "improve") and visible(tab, "not-engaging")
    assert tab.locator('[data-question-id="improve"] .app-show-if__note').is_visible()
    tab.locator("#gaps_picture-0-title").fill("First gap")
    with tab.expect_navigation():
        tab.locator('button[name="add_gap"][value="gaps_picture"]').click()
    assert tab.locator("#gaps_picture-1-title").is_visible()
    assert tab.locator("#gaps_picture-0-title").input_value() == "First gap"
    tab.locator("#gaps_picture-1-title").fill("Second gap")
    with tab.expect_navigation():
        tab.locator("#save").click()
    values = json.loads(tab.locator("#values").inner_text())
    assert values["picture"][1] == ["First gap", "Second gap"]


def test_moj_add_another_grows_the_list_in_the_page(page, form_url):
    page.goto(form_url)
    page.wait_for_selector(".moj-add-another__item-template", state="attached")
    page.locator("#gaps_picture-0-title").fill("First gap")
    page.locator('button[name="add_gap"][value="gaps_picture"]').click()
    second = page.locator('[data-question-id="picture"] .moj-add-another__item').nth(1)
    title = second.locator('input[data-name$="-title"]')
    assert title.get_attribute("name") == "gaps_picture-1-title"
    title.fill("Second gap")
    with page.expect_navigation():
        page.locator("#save").click()
    values = json.loads(page.locator("#values").inner_text())
    assert values["picture"][1] == ["First gap", "Second gap"]
    assert_no_problems(page)


def test_the_form_with_errors_has_no_axe_violations(page, form_url):
    page.goto(form_url)
    page.get_by_label("Partly confident").check()
    page.locator("#q_engaging-2").check()
    page.locator("#q_referrals").fill("lots")
    with page.expect_navigation():
        page.locator("#save").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert visible(page, "improve") and visible(page, "not-engaging")
    check_axe(page)
    assert_no_problems(page)

"""The generated form in a real browser under a strict CSP: show-if.js hides
and shows conditional questions, the page works without JavaScript, and the
gaps list grows with and without MOJ's add-another script."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from flask import Flask, render_template_string, request
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.serving import make_server

from forms.questionnaire.builder import form_class_for, values_from_form
from forms.questionnaire.examples import every_type

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium")
HAS_BUILD = (ROOT / "static" / "build" / "moj" / "moj-frontend.min.js").exists()
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no")

if not CHROMIUM and not REQUIRE_BROWSER:
    pytest.skip("Chromium is not installed", allow_module_level=True)

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
{% if with_moj %}<script type="module" src="/static/js/app.mjs"></script>{% endif %}
<script type="module" src="/static/js/show-if.js"></script>
</body></html>"""


def make_app() -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(WTF_CSRF_ENABLED=False, SECRET_KEY="test")
    app.jinja_loader = ChoiceLoader([
        app.jinja_loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})])
    definition = every_type(qid="browser-test")

    @app.route("/", methods=["GET", "POST"])
    def page():
        form = form_class_for(definition)()
        values = ""
        if request.method == "POST" and not form.apply_list_action() and form.validate_draft():
            answers = values_from_form(form)
            values = json.dumps({qid: [a.value, [g["title"] for g in a.gaps]] for qid, a in answers.items()})
        return render_template_string(PAGE, form=form, values=values, with_moj=HAS_BUILD)

    @app.after_request
    def strict_csp(response):
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; script-src 'self'")
        return response

    return app


@pytest.fixture(scope="module")
def base_url():
    server = make_server("127.0.0.1", 0, make_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        yield launched
        launched.close()


def open_page(browser, base_url, javascript=True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(base_url)
    return context, page, problems


def visible(page, qid) -> bool:
    return page.locator(f'[data-question-id="{qid}"]').is_visible()


def test_show_if_hides_and_shows_as_the_respondent_answers(chromium_browser, base_url):
    context, page, problems = open_page(chromium_browser, base_url)
    try:
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
        assert problems == []
    finally:
        context.close()


def test_without_javascript_every_question_shows_with_a_note(chromium_browser, base_url):
    context, page, _ = open_page(chromium_browser, base_url, javascript=False)
    try:
        assert visible(page, "improve") and visible(page, "not-engaging")
        assert page.locator('[data-question-id="improve"] .app-show-if__note').is_visible()
        page.locator("#gaps_picture-0-title").fill("First gap")
        page.locator('button[name="add_gap"][value="gaps_picture"]').click()
        assert page.locator("#gaps_picture-1-title").is_visible()
        assert page.locator("#gaps_picture-0-title").input_value() == "First gap"
        page.locator("#gaps_picture-1-title").fill("Second gap")
        page.locator("#save").click()
        values = json.loads(page.locator("#values").inner_text())
        assert values["picture"][1] == ["First gap", "Second gap"]
    finally:
        context.close()


@pytest.mark.skipif(not HAS_BUILD and not REQUIRE_BROWSER,
                    reason="front-end build (static/build) not present; run make assets")
def test_moj_add_another_grows_the_list_in_the_page(chromium_browser, base_url):
    context, page, problems = open_page(chromium_browser, base_url)
    try:
        page.wait_for_selector(".moj-add-another__item-template", state="attached")
        page.locator("#gaps_picture-0-title").fill("First gap")
        page.locator('button[name="add_gap"][value="gaps_picture"]').click()
        second = page.locator('[data-question-id="picture"] .moj-add-another__item').nth(1)
        title = second.locator('input[data-name$="-title"]')
        assert title.get_attribute("name") == "gaps_picture-1-title"
        title.fill("Second gap")
        page.locator("#save").click()
        values = json.loads(page.locator("#values").inner_text())
        assert values["picture"][1] == ["First gap", "Second gap"]
        assert problems == []
    finally:
        context.close()


def test_the_form_with_errors_has_no_axe_violations(chromium_browser, base_url):
    from axe_playwright_python.sync_playwright import Axe

    context, page, problems = open_page(chromium_browser, base_url)
    try:
        page.get_by_label("Partly confident").check()
        page.locator("#q_engaging-2").check()
        page.locator("#q_referrals").fill("lots")
        page.locator("#save").click()
        assert page.locator(".govuk-error-summary").is_visible()
        assert visible(page, "improve") and visible(page, "not-engaging")
        result = Axe().run(page)
        assert result.violations_count == 0, result.generate_report()
        assert problems == []
    finally:
        context.close()

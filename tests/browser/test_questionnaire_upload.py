"""In a real browser: upload a questionnaire with errors, fix it, preview it,
store it; no axe-core violations on any of those pages."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, sign_in, submit
from tests.db import create_user
from tests.helpers import release_db
from tests.workflows.questionnaire_samples import BAD_YAML

FIXED_YAML = (BAD_YAML.replace("type: long_txt", "type: long_text")
              .replace("        colour: blue\n", ""))


@pytest.fixture
def admin_email(app):
    email = create_user(role="admin", email="browser-admin@example.org", name="Browser Admin").email
    release_db()
    return email


def test_upload_with_errors_fix_preview_and_store(app, live_server, page, admin_email):
    base = live_server
    sign_in(page, base, admin_email)
    assert page.url == f"{base}/"

    page.goto(f"{base}/admin/questionnaires/upload")
    check_axe(page)

    page.set_input_files("#file", files=[{"name": "my-set.yaml", "mimeType": "application/yaml",
                                           "buffer": BAD_YAML.encode()}])
    submit(page, "Check and preview")
    assert page.title().startswith("Error: ")
    links = page.locator(".govuk-error-summary__list a")
    assert links.count() == 2
    assert links.nth(0).get_attribute("href") == "#text"
    assert links.nth(0).get_attribute("data-line") == "10"
    assert page.locator("li.app-yaml-error-line").count() == 2
    assert page.input_value("#text") == BAD_YAML
    check_axe(page)

    links.nth(1).click()  # to line 14 of the text box, to correct it there
    assert page.evaluate("document.activeElement.id") == "text"

    page.fill("#text", FIXED_YAML)
    submit(page, "Check and preview")
    assert page.locator("h1").inner_text() == "Test set"
    assert page.locator(".app-form-preview fieldset[disabled]").count() == 1
    assert page.locator(".app-form-preview textarea").first.is_disabled()
    check_axe(page)

    submit(page, "Store this version")
    assert page.url.endswith("/admin/questionnaires/test-set/v1")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert 'Stored "Test set" (test-set) version 1' in banner
    check_axe(page)

    from workflows.questionnaires import get_version

    stored = get_version("test-set", 1)
    assert stored.yaml_text == FIXED_YAML
    assert stored.loaded_by.email == admin_email
    release_db()
    assert_no_problems(page)


def _upload_bad_file(page, base, admin_email):
    sign_in(page, base, admin_email)
    page.goto(f"{base}/admin/questionnaires/upload")
    page.set_input_files("#file", files=[{"name": "my-set.yaml", "mimeType": "application/yaml",
                                           "buffer": BAD_YAML.encode()}])
    submit(page, "Check and preview")


def test_problem_links_put_the_caret_at_the_line_in_the_text(
        app, live_server, page, admin_email):
    _upload_bad_file(page, live_server, admin_email)
    summary = page.locator(".govuk-error-summary").bounding_box()
    content = page.locator("#main-content").bounding_box()
    assert summary["width"] > 0.9 * content["width"]  # the page's width, not a narrow column
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")

    page.locator(".govuk-error-summary__list a").nth(1).click()
    assert page.evaluate("document.activeElement.id") == "text"
    caret = page.evaluate("document.activeElement.selectionStart")
    line_14 = len("".join(BAD_YAML.splitlines(keepends=True)[:13]))
    assert caret == line_14
    assert page.evaluate("document.activeElement.selectionEnd") == caret
    assert page.evaluate("location.hash") == ""
    check_axe(page)
    assert_no_problems(page)


def test_without_javascript_problem_links_go_to_the_text(
        app, live_server, page_without_js, admin_email):
    page = page_without_js
    _upload_bad_file(page, live_server, admin_email)
    page.locator(".govuk-error-summary__list a").first.click()
    page.wait_for_url("**#text")
    box = page.locator("#text").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]

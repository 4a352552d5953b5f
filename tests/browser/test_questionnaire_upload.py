"""In a real browser: upload a questionnaire with errors, fix it, preview it,
store it; no axe-core violations on any of those pages.

Runs against a live server in a thread, with CSRF protection on. Skipped when
Chromium is missing unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from app import create_app
from tests.helpers import PASSWORD, create_user
from tests.workflows.questionnaire_samples import BAD_YAML

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not REQUIRE, reason="Chromium not found"),
]

FIXED_YAML = (BAD_YAML.replace("type: long_txt", "type: long_text")
              .replace("        colour: blue\n", ""))


@pytest.fixture
def upload_server(config_factory):
    """(base URL, app) of a live server with CSRF on, and an admin to sign in as."""
    from werkzeug.serving import make_server

    from models import db

    application = create_app(config_factory(WTF_CSRF_ENABLED=True))
    with application.app_context():
        admin = create_user(role="admin", email="browser-admin@example.org", name="Browser Admin")
        email = admin.email
        db.session.remove()
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", application, email
    finally:
        server.shutdown()
        thread.join(5)
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else None)
        page = browser.new_page()
        page.problems = []  # script errors and CSP refusals, which would break the pages' JS
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        yield page
        browser.close()


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_upload_with_errors_fix_preview_and_store(upload_server, browser_page):
    base, application, email = upload_server
    page = browser_page
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/admin/questionnaires/upload")
    assert_no_axe_violations(page)

    page.set_input_files("#file", files=[{"name": "my-set.yaml", "mimeType": "application/yaml",
                                           "buffer": BAD_YAML.encode()}])
    page.click("button:has-text('Check and preview')")
    assert page.title().startswith("Error: ")
    links = page.locator(".govuk-error-summary__list a")
    assert links.count() == 2
    assert links.nth(0).get_attribute("href") == "#line-10"
    assert page.locator("li.app-yaml-error-line").count() == 2
    assert page.input_value("#text") == BAD_YAML
    assert_no_axe_violations(page)

    links.nth(1).click()
    assert page.url.endswith("#line-14")

    page.fill("#text", FIXED_YAML)
    page.click("button:has-text('Check and preview')")
    assert page.locator("h1").inner_text() == "Test set"
    assert page.locator(".app-form-preview fieldset[disabled]").count() == 1
    assert page.locator(".app-form-preview textarea").first.is_disabled()
    assert_no_axe_violations(page)

    page.click("button:has-text('Store this version')")
    assert page.url.endswith("/admin/questionnaires/test-set/v1")
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert 'Stored "Test set" (test-set) version 1' in banner
    assert_no_axe_violations(page)

    with application.app_context():
        from workflows.questionnaires import get_version

        stored = get_version("test-set", 1)
        assert stored.yaml_text == FIXED_YAML
        assert stored.loaded_by.email == email
    assert page.problems == []

"""In a real browser: a respondent fills a section, autosave saves it, the page
is reloaded with the answers still there, then check answers and submit; the
idle-timeout warning keeps the session alive in one click. No axe-core
violations on any of those pages.

Runs against a live server in a thread, with CSRF protection on. Skipped when
Chromium is missing unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from app import create_app
from tests.helpers import PASSWORD, create_org, create_user

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not REQUIRE, reason="Chromium not found"),
]


def _serve(application):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def live(config_factory):
    """A factory: live(**config) -> (base URL, app, respondent email, response id)."""
    from models import db
    from tests.responding import make_round, response_of

    running = []

    def start(**config):
        application = create_app(config_factory(WTF_CSRF_ENABLED=True, **config))
        with application.app_context():
            org = create_org(name="West Mercia Police")
            user = create_user(org=org, email="lead@westmercia.example.org", name="Jason Wells")
            response_id = response_of(make_round(orgs=[org], title="CSE assurance"), org).id
            email = user.email
            db.session.remove()
        server, thread = _serve(application)
        running.append((server, thread, application))
        return f"http://127.0.0.1:{server.server_port}", application, email, response_id

    yield start
    for server, thread, application in running:
        server.shutdown()
        thread.join(5)
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else None)
        tab = browser.new_page()
        tab.problems = []  # script errors and CSP refusals would break autosave
        tab.on("console", lambda m: m.type == "error" and tab.problems.append(m.text))
        tab.on("pageerror", lambda e: tab.problems.append(str(e)))
        yield tab
        browser.close()


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _sign_in(page, base, email):
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/")


def test_fill_autosave_reload_check_and_submit(live, page):
    base, application, email, response_id = live()
    _sign_in(page, base, email)
    assert_no_axe_violations(page)
    page.click("a:has-text('CSE assurance')")
    page.wait_for_url(f"{base}/respond/{response_id}")
    assert_no_axe_violations(page)

    page.click("a:has-text('The current picture')")
    page.fill("#q_picture_now", "The threat assessment is being refreshed in October.")
    page.check("input[name=q_picture_rating][value='4']")
    page.fill("#explain_picture_rating", "Adequate, and improving over the next two years.")
    page.fill("input[name='gaps_picture_rating-0-title']", "Systems are not integrated")
    status = page.locator("#autosave-status")
    status.filter(has_text=re.compile(r"Saved at \d\d:\d\d")).wait_for(timeout=15000)
    assert page.input_value("input[name=revision]") != "0"
    assert page.input_value("input[name='gaps_picture_rating-0-gap_id']")
    assert_no_axe_violations(page)

    page.reload()
    assert page.input_value("#q_picture_now") == "The threat assessment is being refreshed in October."
    assert page.is_checked("input[name=q_picture_rating][value='4']")
    assert page.input_value("input[name='gaps_picture_rating-0-title']") == "Systems are not integrated"

    page.click("button:has-text('Save and continue')")
    page.wait_for_url(f"{base}/respond/{response_id}/sections/partners")
    page.check("input[name=q_partners_engaging][value=yes]")
    page.click("button:has-text('Save and continue')")
    page.wait_for_url(f"{base}/respond/{response_id}/check")
    assert "Systems are not integrated" in page.inner_text("main")
    assert_no_axe_violations(page)

    page.click("button:has-text('Submit response')")
    page.wait_for_url(f"{base}/responses/{response_id}")
    assert "Response submitted" in page.inner_text(".govuk-notification-banner")
    assert_no_axe_violations(page)
    assert page.problems == []

    with application.app_context():
        from models import Response, db

        assert db.session.get(Response, response_id).status == "submitted"


def test_timeout_warning_keeps_the_session_alive_in_one_click(live, page):
    # 126 seconds of idle time: the two-minute warning opens after about 6 seconds.
    base, _application, email, response_id = live(SESSION_IDLE_MINUTES=2.1)
    _sign_in(page, base, email)
    page.goto(f"{base}/respond/{response_id}/sections/picture")
    dialog = page.locator("#timeout-warning")
    dialog.wait_for(state="visible", timeout=15000)
    assert "You will be signed out soon" in dialog.inner_text()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    assert_no_axe_violations(page)
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden", timeout=5000)
    page.goto(f"{base}/respond/{response_id}")
    assert page.url.endswith(f"/respond/{response_id}")  # still signed in
    assert page.problems == []

"""In a real browser: the meeting notes of the seed meeting as the PCC reads
them, and an admin's draft preview with its publish button; no axe-core
violations, no script errors or CSP refusals.

Runs against a live server in a thread on the test database. Skipped when
Chromium is missing unless REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from app import create_app
from tests.exports.notes_seed import build_seed_round
from tests.factories import create_response, create_round
from tests.helpers import PASSWORD, create_user

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not REQUIRE, reason="Chromium not found"),
]

# The signed-in user bar comes from templates/base.html and sits outside every
# landmark (axe "region"): the shared layout's to fix. Everything the notes
# pages render is checked.
SHARED_LAYOUT = [[".app-header-user"]]


@pytest.fixture
def notes_server(app, config_factory):
    """(base URL, facts): the published seed meeting, a closed round, a PCC and the admin."""
    from werkzeug.serving import make_server

    from models import db

    seed = build_seed_round()
    draft = create_round(version=seed.questionnaire_version, status="closed",
                         title="A closed meeting")
    create_response(round_=draft, org=seed.responses[0].organisation, status="accepted",
                    answers={"pcc-support": "Keep engaging partners."})
    pcc = create_user(role="pcc", email="pcc@opcc.example.org", name="The PCC")
    facts = SimpleNamespace(seed=seed.id, draft=draft.id, pcc=pcc.email,
                            admin="admin@opcc.example.org")
    db.session.remove()
    application = create_app(config_factory(WTF_CSRF_ENABLED=True))
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", facts
    finally:
        server.shutdown()
        thread.join(5)
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield launched
        launched.close()


def signed_in_page(browser, base: str, email: str):
    page = browser.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/")
    return page


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context={"exclude": SHARED_LAYOUT})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_pcc_reads_the_published_seed_notes(notes_server, browser):
    base, facts = notes_server
    page = signed_in_page(browser, base, facts.pcc)
    page.click("a:has-text('Meeting notes')")
    assert_no_axe_violations(page)
    page.click("a:has-text('Child Sexual Exploitation (CSE)')")
    assert page.url == f"{base}/rounds/{facts.seed}/notes"
    assert page.locator("h1").inner_text() == (
        "Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – Meeting Notes")
    assert page.locator("table tbody tr").count() == 4
    assert page.locator("#q-intelligence-rating .app-notes-gaps li").count() == 4
    bracket = "[Information provided post meeting: please see note above]"
    assert page.get_by_text(bracket).count() == 1
    assert page.locator("button:has-text('Publish the notes')").count() == 0
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.click("a:has-text('as a Word document')")
    assert download.value.suggested_filename == (
        "meeting-notes-2016-09-22-child-sexual-exploitation-cse.docx")
    assert page.problems == []


def test_admin_previews_and_publishes_a_closed_round(notes_server, browser):
    base, facts = notes_server
    page = signed_in_page(browser, base, facts.admin)
    page.goto(f"{base}/rounds/{facts.draft}/notes")
    assert page.get_by_text("Draft: these notes have not been published.").count() == 1
    assert_no_axe_violations(page)
    page.click("button:has-text('Publish the notes')")
    page.wait_for_load_state()
    assert page.get_by_text("are published").count() == 1
    assert page.locator("button:has-text('Publish the notes')").count() == 0
    assert_no_axe_violations(page)
    assert page.problems == []

"""In a real browser: the PCC's pages, with the trend chart drawn by Chart.js
under the strict CSP, and no axe-core violations.

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
from tests.exports.conftest import history  # noqa: F401  (fixture)
from tests.helpers import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE = os.environ.get("REQUIRE_BROWSER", "") not in ("", "0", "false", "no")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not REQUIRE, reason="Chromium not found"),
]

@pytest.fixture
def pcc_server(history, pcc, config_factory):
    """(base URL, plain facts) of a live server over the same database as ``history``.

    The facts are read first and the test's session closed, so that this
    thread holds no SQLite transaction while the server works."""
    from werkzeug.serving import make_server

    from models import db

    facts = SimpleNamespace(email=pcc.email, r3=history.r3.id, alpha=history.alpha.id)
    db.session.remove()
    application = create_app(config_factory())
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


def _sign_in(page, base, email):
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{base}/")


@pytest.fixture
def pcc_page(pcc_server):
    from playwright.sync_api import sync_playwright

    base, facts = pcc_server
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.problems = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        _sign_in(page, base, facts.email)
        yield page
        browser.close()


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_pcc_pages_are_accessible_and_draw_charts(pcc_server, pcc_page):
    base, facts = pcc_server
    page = pcc_page
    page.click("a:has-text('Confidence trends')")
    assert page.locator("h1").inner_text() == "Confidence trends"
    assert_no_axe_violations(page)

    page.click("a:has-text('Trend check questions')")
    assert page.locator("#latest-ratings").is_visible()
    assert_no_axe_violations(page)

    page.click("#latest-ratings a:has-text('Alpha Force')")
    chart = page.locator('[data-chart="conf-flagging"]')
    chart.locator("canvas").wait_for()
    assert chart.is_visible()
    drawn = page.evaluate("() => window.Chart.getChart(document.querySelector("
                          "'[data-chart=\"conf-flagging\"] canvas')).data.datasets[0].data")
    assert drawn == [1, None, 2]
    assert page.locator('table[data-trend="conf-flagging"]').is_visible()  # the table stays
    assert_no_axe_violations(page)

    page.goto(f"{base}/pcc/rounds/{facts.r3}")
    assert_no_axe_violations(page)
    page.goto(f"{base}/pcc/")
    page.click("main a:has-text('Gap register')")
    page.wait_for_url(f"{base}/gaps")
    assert page.locator("#gap-register tbody tr").count() == 2
    page.select_option("#status", "open")
    page.fill("#rounds", "1")
    page.click("button:has-text('Apply filters')")
    page.wait_for_url("**/gaps?*")
    assert "status=open" in page.url and "rounds=1" in page.url  # a view to bookmark
    assert page.locator("#gap-register tbody tr").count() == 1
    assert_no_axe_violations(page)
    page.click("#gap-register a[data-link='answer']")
    page.wait_for_url("**/responses/*")
    assert page.url.endswith("#q-notes")
    page.goto(f"{base}/pcc/gaps?status=closed")  # an old bookmark
    assert page.url == f"{base}/gaps?status=closed"
    assert page.locator("#gap-register tbody tr").count() == 1
    assert page.problems == []  # no script errors, no CSP violations


def test_trend_page_without_javascript(pcc_server):
    from playwright.sync_api import sync_playwright

    base, facts = pcc_server
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_context(java_script_enabled=False).new_page()
        _sign_in(page, base, facts.email)
        page.goto(f"{base}/pcc/questionnaires/trend-check/organisations/{facts.alpha}")
        assert page.locator('table[data-trend="conf-a"]').is_visible()
        assert not page.locator('[data-chart="conf-a"]').is_visible()
        browser.close()

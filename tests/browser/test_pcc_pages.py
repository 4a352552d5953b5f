"""In a real browser: the PCC's pages, with the trend chart drawn by Chart.js
under the strict CSP, and no axe-core violations; without JavaScript the trend
table stands alone."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in
from tests.exports.conftest import history  # noqa: F401  (fixture)
from tests.helpers import release_db


@pytest.fixture
def facts(history, pcc):  # noqa: F811  (the fixture imported above)
    """Plain values from ``history``, read before the live server needs the database."""
    found = SimpleNamespace(email=pcc.email, r3=history.r3.id, alpha=history.alpha.id)
    release_db()
    return found


def test_pcc_pages_are_accessible_and_draw_charts(live_server, page, facts):
    base = live_server
    sign_in(page, base, facts.email)
    assert page.url == f"{base}/"
    follow(page, "a:has-text('Confidence trends')")
    assert page.locator("h1").inner_text() == "Confidence trends"
    check_axe(page)

    follow(page, page.get_by_role("link", name="Trend check questions", exact=True))
    assert page.locator("#latest-ratings").is_visible()
    check_axe(page)

    follow(page, "#latest-ratings a:has-text('Alpha Force')")
    chart = page.locator('[data-chart="conf-flagging"]')
    chart.locator("canvas").wait_for()
    assert chart.is_visible()
    drawn = page.evaluate("() => window.Chart.getChart(document.querySelector("
                          "'[data-chart=\"conf-flagging\"] canvas')).data.datasets[0].data")
    assert drawn == [1, None, 2]
    assert page.locator('table[data-trend="conf-flagging"]').is_visible()  # the table stays
    check_axe(page)

    page.goto(f"{base}/pcc/rounds/{facts.r3}")
    check_axe(page)
    page.goto(f"{base}/pcc/")
    follow(page, "main a:has-text('Gap register')")
    assert page.url == f"{base}/gaps"
    assert page.locator("#gap-register tbody tr").count() == 2
    page.select_option("#status", "open")
    page.fill("#rounds", "1")
    follow(page, "button:has-text('Apply filters')")
    assert "/gaps?" in page.url
    assert "status=open" in page.url and "rounds=1" in page.url  # a view to bookmark
    assert page.locator("#gap-register tbody tr").count() == 1
    check_axe(page)
    follow(page, "#gap-register a[data-link='answer']")
    assert "/responses/" in page.url
    assert page.url.endswith("#q-notes")
    page.goto(f"{base}/pcc/gaps?status=closed")  # an old bookmark
    assert page.url == f"{base}/gaps?status=closed"
    assert page.locator("#gap-register tbody tr").count() == 1
    assert_no_problems(page)  # no script errors, no CSP violations


def test_trend_page_without_javascript(live_server, page_without_js, facts):
    page = page_without_js
    sign_in(page, live_server, facts.email)
    assert page.url == f"{live_server}/"
    page.goto(f"{live_server}/pcc/questionnaires/trend-check/organisations/{facts.alpha}")
    assert page.locator('table[data-trend="conf-a"]').is_visible()
    assert not page.locator('[data-chart="conf-a"]').is_visible()

"""In a real browser: an admin records a verdict (errors first, then saved), the PCC
signs it off, and the assurance map shows it; axe finds nothing on the form, the
response's verdicts and the map, and at 320 px wide the map's pages do not scroll
sideways (the grids scroll in their own labelled regions)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in, submit
from tests.db import create_org, create_response, create_round
from tests.helpers import release_db


@pytest.fixture
def facts(app, admin, pcc, respondent, org):
    round_ = create_round(title="CSE assurance September 2016", meeting_date=date(2016, 9, 22),
                          status="closed")
    mine = create_response(round_=round_, org=org, status="submitted", by=respondent,
                           answers={"picture-now": "Profiles.", "picture-rating": 4})
    create_response(round_=round_, org=create_org(name="Another Local Policing Area"),
                    status="accepted", answers={"picture-now": "x", "picture-rating": 2})
    found = SimpleNamespace(admin=admin.email, pcc=pcc.email, response=mine.id,
                            round=round_.id)
    release_db()
    return found


def test_record_sign_off_and_map(live_server, page, facts):
    base = live_server
    sign_in(page, base, facts.admin)
    page.goto(f"{base}/responses/{facts.response}/verdicts")
    check_axe(page)
    follow(page, "#v-picture a:has-text('Record the verdict')")
    check_axe(page)
    page.fill("#rationale", "The plan is new.")
    page.check("input[name=source][value=hmicfrs]")
    submit(page, "Save the verdict")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#rationale").input_value() == "The plan is new."  # nothing lost
    check_axe(page)
    page.check("input[name=level][value=partly_assured]")
    page.fill("#reference", "PEEL 2016, paragraph 3")
    submit(page, "Save the verdict")
    assert page.url.endswith(f"/responses/{facts.response}/verdicts")
    assert "The force is confident; the OPCC is partly assured." in page.locator(
        "#v-picture").inner_text()

    page.context.clear_cookies()
    sign_in(page, base, facts.pcc)
    page.goto(f"{base}/responses/{facts.response}/verdicts")
    follow(page, "a:has-text('Sign off 1 verdict')")
    check_axe(page)
    submit(page, "Sign off the verdicts")
    assert "Signed off" in page.locator("#v-picture").inner_text()

    follow(page, "nav a:has-text('Assurance map')")
    grid = page.locator("table[data-map]").nth(1)
    assert "Partly assured" in grid.inner_text() and "They disagree" in grid.inner_text()
    check_axe(page)
    page.select_option("#verdict", "partly_assured")
    submit(page, "Show")
    assert page.locator("table[data-map]").count() == 1
    check_axe(page)
    follow(page, "table[data-map] td a")
    assert page.url.endswith(f"/responses/{facts.response}#s-picture")
    assert page.locator("[data-verdict-pair]").first.is_visible()
    check_axe(page)
    assert_no_problems(page)


def test_the_map_and_the_round_page_reflow_at_320_px(live_server, page, facts):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, live_server, facts.pcc)
    for path in ("/assurance-map", f"/rounds/{facts.round}/verdicts",
                 f"/responses/{facts.response}/verdicts"):
        page.goto(f"{live_server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        check_axe(page)

"""In a real browser: the register, an item's page and its update, the item form, the
HMICFRS report pages and the respondent's "Actions agreed" pass axe; an update made
without JavaScript (axe needs it, so it is run with it) is kept in the history."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in, submit
from tests.db import create_action, create_report, create_round, create_user
from tests.helpers import release_db


@pytest.fixture
def facts(app, org, admin, respondent):
    round_ = create_round(orgs=[org], status="open", meeting_date=date.today() + timedelta(30))
    earlier = create_round(orgs=[org], status="closed",
                           version=round_.questionnaire_version,
                           meeting_date=date.today() - timedelta(100))
    report = create_report(org=org, published_on=date.today() - timedelta(days=50))
    item = create_action(org=org, title="Audit the CSE cases", round_=earlier,
                         questionnaire_key="small-assurance",
                         due_date=date.today() - timedelta(days=5))
    create_action(org=org, title="Improve risk assessment", source="recommendation",
                  reference="R1", report=report)
    found = SimpleNamespace(admin=admin.email, lead=respondent.email, item=item.id,
                            report=report.id, response=round_.responses[0].id,
                            pcc=create_user(role="pcc").email)
    release_db()
    return found


def test_the_register_pages_pass_axe(live_server, page, facts):
    sign_in(page, live_server, facts.admin)
    for path in ("/register", "/register?overdue=yes", f"/register/{facts.item}",
                 "/register/new", f"/register/{facts.item}/edit", "/reports",
                 f"/reports/{facts.report}", f"/reports/{facts.report}/response", "/reports/new",
                 "/"):
        page.goto(f"{live_server}{path}")
        check_axe(page)
    assert_no_problems(page)


def test_an_error_on_the_item_form_passes_axe(live_server, page, facts):
    sign_in(page, live_server, facts.admin)
    page.goto(f"{live_server}/register/new")
    submit(page, "Add the item")
    assert page.locator(".govuk-error-summary").is_visible()
    check_axe(page)


def test_the_respondent_updates_from_actions_agreed_without_javascript(
        live_server, page_without_js, facts):
    page = page_without_js
    sign_in(page, live_server, facts.lead)
    page.goto(f"{live_server}/respond/{facts.response}")
    assert "Audit the CSE cases" in page.inner_text("#main-content")
    follow(page, page.get_by_role("link", name="Audit the CSE cases"))
    page.get_by_label("Mark as completed").check()
    page.fill("#note", "All 40 cases audited in November")
    submit(page, "Save the update")
    assert page.url.endswith(f"/respond/{facts.response}")
    page.goto(f"{live_server}/register/{facts.item}")
    assert "All 40 cases audited in November" in page.inner_text("#item-history")


def test_actions_agreed_on_the_task_list_passes_axe(live_server, page, facts):
    sign_in(page, live_server, facts.lead)
    page.goto(f"{live_server}/respond/{facts.response}")
    assert page.locator("#actions-agreed").is_visible()
    check_axe(page)
    page.goto(f"{live_server}/register/{facts.item}")
    check_axe(page)

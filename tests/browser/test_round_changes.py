"""In a real browser: an admin changes a round from its page and opens it, confirming
first; the pages pass axe."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in, submit
from tests.db import create_org, create_round
from tests.helpers import release_db


@pytest.fixture
def planned(admin):
    org = create_org(name="West Mercia Police")
    create_org(name="Warwickshire Police")
    made = create_round(through_workflows=True, orgs=[org], status="planned", by=admin)
    found = SimpleNamespace(admin=admin.email, round_id=made.id)
    release_db()
    return found


def test_admin_changes_then_opens_a_round(live_server, page, planned):
    sign_in(page, live_server, planned.admin)
    page.goto(f"{live_server}/rounds/{planned.round_id}")
    follow(page, page.get_by_role("link", name="Change venue"))
    assert page.url.endswith("#venue")
    assert page.locator("h1").inner_text() == "Change the round"
    check_axe(page)
    page.fill("#venue", "Hindlip Hall")
    page.get_by_label("Warwickshire Police").check()
    submit(page, "Save the changes")
    assert "changed: venue, organisations asked." in page.inner_text(".govuk-notification-banner")
    assert "Warwickshire Police" in page.inner_text("main")

    submit(page, "Open for responses")
    assert page.locator("h1").inner_text() == "Open “CSE assurance” for responses?"
    assert "Respondents of the 2 organisations asked" in page.inner_text("main")
    check_axe(page)
    submit(page, "Open the round")
    assert "is now open" in page.inner_text(".govuk-notification-banner")
    assert_no_problems(page)

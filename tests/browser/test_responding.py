"""In a real browser: a respondent fills a section, autosave saves it, the page
is reloaded with the answers still there, then check answers and submit. No
axe-core violations on any of those pages. (The idle-timeout warning:
test_timeout_warning.py.)"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from models import Response, db
from tests.actions import response_of
from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in, submit
from tests.db import create_org, create_round, create_user
from tests.helpers import release_db


@pytest.fixture
def task(app):
    """A respondent of West Mercia Police and their organisation's open response."""
    org = create_org(name="West Mercia Police")
    user = create_user(org=org, email="lead@westmercia.example.org", name="Jason Wells")
    made = create_round(through_workflows=True, orgs=[org], title="CSE assurance")
    found = SimpleNamespace(email=user.email, response=response_of(made, org).id)
    release_db()
    return found


def test_fill_autosave_reload_check_and_submit(live_server, page, task):
    base, response_id = live_server, task.response
    sign_in(page, base, task.email)
    assert page.url == f"{base}/"
    check_axe(page)
    follow(page, "a:has-text('CSE assurance')")
    assert page.url == f"{base}/respond/{response_id}"
    check_axe(page)

    follow(page, "a:has-text('The current picture')")
    page.fill("#q_picture_now", "The threat assessment is being refreshed in October.")
    page.check("input[name=q_picture_rating][value='4']")
    page.fill("#explain_picture_rating", "Adequate, and improving over the next two years.")
    page.fill("input[name='gaps_picture_rating-0-title']", "Systems are not integrated")
    status = page.locator("#autosave-status")
    status.filter(has_text=re.compile(r"Saved at \d\d:\d\d")).wait_for()
    assert page.input_value("input[name=revision]") != "0"
    assert page.input_value("input[name='gaps_picture_rating-0-gap_id']")
    check_axe(page)

    page.reload()
    assert page.input_value("#q_picture_now") == "The threat assessment is being refreshed in October."
    assert page.is_checked("input[name=q_picture_rating][value='4']")
    assert page.input_value("input[name='gaps_picture_rating-0-title']") == "Systems are not integrated"

    submit(page, "Save and continue")
    assert page.url == f"{base}/respond/{response_id}/sections/partners"
    page.check("input[name=q_partners_engaging][value=yes]")
    submit(page, "Save and continue")
    assert page.url == f"{base}/respond/{response_id}/check"
    assert "Systems are not integrated" in page.inner_text("main")
    check_axe(page)

    submit(page, "Submit response")
    assert page.url == f"{base}/responses/{response_id}"
    assert "Response submitted" in page.inner_text(".govuk-notification-banner")
    check_axe(page)
    assert_no_problems(page)

    db.session.expire_all()
    assert db.session.get(Response, response_id).status == "submitted"
    release_db()



def test_a_partly_failed_save_puts_the_error_summary_first_and_focuses_it(
        live_server, page, task):
    sign_in(page, live_server, task.email)
    page.goto(f"{live_server}/respond/{task.response}/sections/partners")
    page.check("input[name=q_partners_engaging][value=yes]")
    page.fill("#q_partners_count", "lots")
    submit(page, "Save draft")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "saved" in page.inner_text(".govuk-notification-banner")  # the other answers
    # The error summary comes first in the page, and it has the focus, not the banner.
    first = page.evaluate("""() => {
        const main = document.querySelector('main');
        return main.querySelector('.govuk-error-summary, .govuk-notification-banner')
                   .classList.contains('govuk-error-summary');
    }""")
    assert first
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('.govuk-error-summary')")
    assert page.evaluate(
        "() => !!document.activeElement.closest('.govuk-error-summary')")
    check_axe(page)
    assert_no_problems(page)

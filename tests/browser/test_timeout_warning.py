"""In a real browser, with a tiny idle timeout: the warning opens on any signed-in page,
is announced and takes the focus; "Stay signed in" keeps the session past the moment it
would have ended; without an answer the user ends at the sign-in page with a message.

Real time, no sleeping: each test waits for what the page does (the dialog opening,
closing, opening again; the sign-in page). SESSION_IDLE_MINUTES = 0.25 is 15 seconds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.actions import response_of
from tests.browser.conftest import assert_no_problems, check_axe, sign_in
from tests.db import create_org, create_round, create_user
from tests.helpers import release_db

SIGNED_OUT = "You were signed out because your session timed out"


@pytest.fixture
def people(app):
    org = create_org(name="West Mercia Police")
    respondent = create_user(org=org, email="lead@westmercia.example.org", name="Jason Wells")
    admin = create_user(role="admin", email="policy@opcc.example.org", name="Jackie Irvin")
    made = create_round(through_workflows=True, orgs=[org])
    found = SimpleNamespace(admin=admin.email, respondent=respondent.email,
                            response=response_of(made, org).id)
    release_db()
    return found


def warning(page):
    return page.get_by_role("alertdialog", name="You will be signed out soon")


def assert_announced_with_focus_on_stay(page) -> None:
    announcer = page.locator("#timeout-warning [aria-live]")
    announcer.filter(has_text="You will be signed out in").wait_for(state="attached")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Stay signed in"


def test_unanswered_warning_ends_at_sign_in_with_a_message(serve, page, people):
    # Idle 15 s, warning 12 s: it opens about 3 s after the page loads.
    base = serve(SESSION_IDLE_MINUTES=0.25, SESSION_WARNING_SECONDS=12)
    sign_in(page, base, people.admin)
    assert page.url == f"{base}/"  # the admin's home: not a responding page
    warning(page).wait_for()
    assert "You will be signed out soon" in warning(page).inner_text()
    assert_announced_with_focus_on_stay(page)
    check_axe(page)
    page.wait_for_url(f"{base}/sign-in?next=/")  # nothing clicked: the time runs out
    assert SIGNED_OUT in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("#timeout-warning").count() == 0  # signed out: no warning
    page.goto(f"{base}/")
    assert "/sign-in" in page.url  # the session has ended
    assert_no_problems(page)


def test_stay_signed_in_keeps_the_session_past_its_old_end(serve, page, people):
    # Idle 15 s, warning 6 s: it opens about 9 s after the page loads. Staying at 9 s or
    # later moves the end to 24 s or later, so the warning opens again after 18 s:
    # later than the 15 s at which the session would have ended.
    base = serve(SESSION_IDLE_MINUTES=0.25, SESSION_WARNING_SECONDS=6)
    section = f"{base}/respond/{people.response}/sections/picture"
    sign_in(page, base, people.respondent)
    page.goto(section)
    warning(page).wait_for()
    assert_announced_with_focus_on_stay(page)
    with page.expect_response(lambda r: r.url.endswith("/session/keep-alive")) as kept:
        page.get_by_role("button", name="Stay signed in").click()  # one click
    assert kept.value.ok
    warning(page).wait_for(state="hidden")
    warning(page).wait_for()  # open again: the first end has passed
    check_axe(page)
    page.reload()
    assert page.url == section  # still signed in, on the same page
    assert page.locator("h1").inner_text() == "The current picture"
    assert_no_problems(page)

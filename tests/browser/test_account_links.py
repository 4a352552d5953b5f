"""In Chromium (issue 13): an admin invites a user, who chooses a password from the
emailed link and signs in; a user who forgot their password asks for a reset link,
chooses a new one and signs in. Links are read from the outbox row, as the log
transport keeps it. axe-core on every page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, open_page, sign_in, submit
from tests.db import create_org, create_user
from tests.helpers import release_db
from tests.mail_links import latest_link

NEW = "a long and memorable phrase"


@pytest.fixture
def people(app):
    app.config["RESET_REQUEST_SECONDS"] = 0
    create_org(name="West Mercia Police", code="WMP")
    admin = create_user(role="admin", email="admin@opcc.example.org", name="Ada Admin")
    pcc = create_user(role="pcc", email="pcc@opcc.example.org", name="Pat Commissioner")
    emails = {"admin": admin.email, "pcc": pcc.email}
    release_db()
    return emails


def link_to(base_url: str, email: str, kind: str) -> str:
    path = latest_link(email, kind)
    release_db()
    return base_url + path


def choose_password(page, password: str, button: str = "Save password") -> None:
    page.fill("#password", password)
    submit(page, button)


def test_an_invited_user_chooses_a_password_and_signs_in(live_server, page, browser, people):
    sign_in(page, live_server, people["admin"])
    page.goto(f"{live_server}/admin/users/new")
    check_axe(page)
    page.fill("#name", "Nia Lead")
    page.fill("#email", "nia@wmp.example.org")
    page.check("input[name=role][value=respondent]")
    page.select_option("#organisation", label="West Mercia Police")
    submit(page, "Save user")
    assert "emailed them an invitation" in page.locator(".govuk-notification-banner").inner_text()
    assert "Invited" in page.locator("tbody").inner_text()
    first_link = link_to(live_server, "nia@wmp.example.org", "account.invite")
    with page.expect_navigation():
        page.click("a:text-is('Nia Lead')")
    check_axe(page)
    submit(page, "Send a new invitation")  # the first one went astray
    assert "A new invitation has been sent" in page.locator(
        ".govuk-notification-banner").inner_text()
    check_axe(page)

    invited = open_page(browser)  # another person, in a browser of their own
    try:
        invited.goto(first_link)
        assert invited.locator("h1").inner_text() == "A newer link has been sent"
        check_axe(invited)
        invited.problems.clear()  # the console notes the 410 Gone
        invited.goto(link_to(live_server, "nia@wmp.example.org", "account.invite"))
        assert invited.locator("h1").inner_text() == "Create your password"
        check_axe(invited)
        choose_password(invited, "short")
        assert "Password must be 8 characters or more" in invited.locator(
            ".govuk-error-summary").inner_text()
        check_axe(invited)
        choose_password(invited, NEW)
        assert "/sign-in" in invited.url
        assert "Your password has been set" in invited.locator(
            ".govuk-notification-banner").inner_text()
        check_axe(invited)
        sign_in(invited, live_server, "nia@wmp.example.org", password=NEW)
        assert invited.locator("h1").inner_text() == "Your tasks"
        assert_no_problems(invited)
    finally:
        invited.context.close()


def test_a_forgotten_password_is_reset_and_the_user_signs_in(live_server, page, people):
    page.goto(f"{live_server}/sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url("**/sign-in/forgot-password")
    check_axe(page)
    submit(page, "Send a reset link")
    assert "Enter your email address" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page)
    page.fill("#email", people["pcc"])
    submit(page, "Send a reset link")
    assert page.locator("h1").inner_text() == "Check your email"
    check_axe(page)

    page.goto(link_to(live_server, people["pcc"], "account.reset"))
    assert page.locator("h1").inner_text() == "Choose a new password"
    check_axe(page)
    reset_page = page.url
    choose_password(page, NEW)
    assert "every other session" in page.locator(".govuk-notification-banner").inner_text()
    sign_in(page, live_server, people["pcc"], password=NEW)
    assert page.locator("h1").inner_text() == "Assurance overview"
    assert_no_problems(page)

    page.goto(reset_page)  # the link worked once (answered 410 Gone)
    assert page.locator("h1").inner_text() == "This link has already been used"
    check_axe(page)


def test_a_reset_works_without_javascript(live_server, page_without_js, people):
    page = page_without_js
    page.goto(f"{live_server}/sign-in/forgot-password")
    page.fill("#email", people["admin"])
    submit(page, "Send a reset link")
    assert page.locator("h1").inner_text() == "Check your email"
    page.goto(link_to(live_server, people["admin"], "account.reset"))
    choose_password(page, NEW)
    sign_in(page, live_server, people["admin"], password=NEW)
    assert "/sign-in" not in page.url

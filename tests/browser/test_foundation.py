"""In Chromium: each role signs in, sees its own home page and signs out; the people
pages, a form with errors and the change-password page; axe-core on every page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, sign_in, sign_out, submit
from tests.db import create_org, create_user
from tests.helpers import release_db

HOMES = {
    "admin": ("OPCC administration", ["Home", "Organisations", "Users"]),
    "pcc": ("Assurance overview", ["Home"]),
    "respondent": ("Your tasks", ["Your tasks"]),
}


@pytest.fixture
def people(app):
    """One user per role, as plain values (nothing ORM-bound outlives the set-up)."""
    org = create_org(name="West Mercia Police", code="WMP")
    users = {
        "admin": create_user(role="admin", email="admin@opcc.example.org", name="Ada Admin"),
        "pcc": create_user(role="pcc", email="pcc@opcc.example.org", name="Pat Commissioner"),
        "respondent": create_user(role="respondent", email="lead@wmp.example.org",
                                  name="Rae Respondent", org=org),
    }
    emails = {role: (u.email, u.name) for role, u in users.items()}
    release_db()
    return emails


@pytest.mark.parametrize("role", ["admin", "pcc", "respondent"])
def test_each_role_signs_in_to_its_home_page_and_signs_out(live_server, page, people, role):
    email, name = people[role]
    page.goto(f"{live_server}/")
    assert page.url == f"{live_server}/sign-in?next=/"
    assert page.title() == "Sign in – PCC assurance"
    check_axe(page)

    sign_in(page, live_server, email)
    heading, nav = HOMES[role]
    assert page.url == f"{live_server}/"
    assert page.locator("h1").inner_text() == heading
    links = page.locator(".govuk-service-navigation__item a").all_inner_texts()
    assert [text for text in links if text in nav] == nav  # other areas add their own links
    header = page.locator("header").inner_text()
    assert name in header and "Sign out" in header
    check_axe(page)
    assert_no_problems(page)

    sign_out(page)
    assert "You have signed out." in page.locator(".govuk-notification-banner").inner_text()
    check_axe(page)
    page.goto(f"{live_server}/")
    assert "/sign-in" in page.url  # the session has ended


def test_a_wrong_password_shows_an_accessible_error(live_server, page, people):
    page.goto(f"{live_server}/sign-in")
    page.fill("#email", people["pcc"][0])
    page.fill("#password", "not the password at all")
    submit(page, "Sign in")
    assert page.title().startswith("Error: Sign in")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    # GOV.UK Frontend's script moves the focus to the summary once it has loaded
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.input_value("#email") == people["pcc"][0]
    check_axe(page)
    assert_no_problems(page)


def test_admin_people_pages(live_server, page, people):
    sign_in(page, live_server, people["admin"][0])

    with page.expect_navigation():
        page.click(".govuk-service-navigation__item a:text-is('Users')")
    assert page.locator("h1").inner_text() == "Users"
    assert page.locator("tbody tr").count() == 3
    check_axe(page)

    with page.expect_navigation():
        page.click("text=Add a user")
    page.fill("#name", "Sam Typed")
    page.fill("#email", "not an email")
    page.check("#role-3")  # respondent
    submit(page, "Save user")
    assert page.title().startswith("Error: Add a user")
    errors = page.locator(".govuk-error-summary__list").inner_text()
    assert "Enter an email address in the correct format" in errors
    assert "Select the organisation this respondent answers for" in errors
    assert page.input_value("#name") == "Sam Typed"
    check_axe(page)

    page.select_option("#organisation", label="West Mercia Police")
    page.fill("#email", "sam@wmp.example.org")  # no password: Sam is invited (issue 13)
    submit(page, "Save user")
    assert "User sam@wmp.example.org added." in page.locator(".govuk-notification-banner").inner_text()
    check_axe(page)

    with page.expect_navigation():
        page.click(".govuk-service-navigation__item a:text-is('Organisations')")
    assert page.locator("h1").inner_text() == "Organisations"
    page.fill("#name", "Telford and Wrekin Local Policing Area")
    page.fill("#code", "TW")
    page.select_option("#kind", "other")
    submit(page, "Add organisation")
    assert "Telford and Wrekin Local Policing Area" in page.locator("tbody").inner_text()
    check_axe(page)
    with page.expect_navigation():
        page.click("a:has-text('Telford and Wrekin Local Policing Area')")
    assert page.locator("h1").inner_text().startswith("Change ")
    check_axe(page)
    assert_no_problems(page)


def test_change_password(live_server, page, people):
    sign_in(page, live_server, people["respondent"][0])
    page.click("a:text-is('Your account')")
    page.wait_for_url("**/account")
    with page.expect_navigation():
        page.click("a:text-is('Change password')")
    assert page.locator("h1").inner_text() == "Change your password"
    check_axe(page)
    page.fill("#current_password", "wrong")
    page.fill("#new_password", "password")
    submit(page, "Change password")
    assert page.title().startswith("Error: ")
    check_axe(page)
    page.fill("#current_password", "correct horse battery staple")
    page.fill("#new_password", "a new and longer passphrase")
    submit(page, "Change password")
    assert "Your password has been changed" in page.locator(".govuk-notification-banner").inner_text()
    sign_out(page)
    sign_in(page, live_server, people["respondent"][0], password="a new and longer passphrase")
    assert_no_problems(page)

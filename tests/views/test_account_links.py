"""The account pages (issue 13): "Forgot your password", choosing a password from an
invitation or reset link, the pages for dead links, and the admin's new invitation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import AccountToken, User, db
from tests.db import PASSWORD, create_office, create_org, create_user
from tests.helpers import check_html, release_db, sign_in
from tests.mail_links import latest_link, messages_to
from workflows import accounts

NEW = "a brand new passphrase"


@pytest.fixture(autouse=True)
def quick_resets(app):
    app.config["RESET_REQUEST_SECONDS"] = 0


def ask_for_reset(client, email: str):
    release_db()
    return client.post("/sign-in/forgot-password", data={"email": email},
                       follow_redirects=True)


def test_the_sign_in_page_links_to_forgot_your_password(client_request):
    page = client_request.get("auth.sign_in")
    link = page.find("a", string="Forgot your password?")
    assert link["href"] == "/sign-in/forgot-password"


def test_known_and_unknown_addresses_get_the_same_page(client, respondent, page_text):
    known = ask_for_reset(client, respondent.email)
    unknown = ask_for_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    said = [page_text(check_html(r.get_data(as_text=True))).replace(address, "ADDRESS")
            for r, address in ((known, respondent.email), (unknown, "nobody@example.org"))]
    assert said[0] == said[1]
    assert "Check your email" in said[0] and "If ADDRESS is the email address of an account" \
        in said[0]
    assert len(messages_to(respondent.email, "account.reset")) == 1
    assert messages_to("nobody@example.org") == []


def test_a_badly_typed_address_is_shown_with_an_error(client_request):
    page = client_request.post("account.forgot_password", _data={"email": "not an email"},
                               _expected_status=200)
    assert page.title.string.startswith("Error: ")
    assert page.select_one(".govuk-error-summary a")["href"] == "#email"
    assert page.find("input", {"name": "email"})["value"] == "not an email"


def test_too_many_requests_from_one_client_are_refused_clearly(app, client, page_text):
    app.config["RESET_MAX_PER_CLIENT"] = 1
    ask_for_reset(client, "one@example.org")
    refused = ask_for_reset(client, "two@example.org")
    assert refused.status_code == 429
    assert "too many requests for reset links from your network" in page_text(
        check_html(refused.get_data(as_text=True)))


def test_a_reset_ends_every_other_session(client, respondent):
    elsewhere = client.application.test_client()
    sign_in(elsewhere, respondent)
    ask_for_reset(client, respondent.email)
    link = latest_link(respondent.email, "account.reset")
    form = client.get(link)
    assert form.status_code == 200 and b"Choose a new password" in form.data
    assert form.headers["Referrer-Policy"] == "no-referrer"
    release_db()
    done = client.post(link, data={"password": NEW}, follow_redirects=True)
    assert b"Your password has been changed" in done.data
    assert elsewhere.get("/").status_code == 302  # signed out
    sign_in(client, respondent, password=NEW)


def test_a_weak_password_is_refused_and_the_link_still_works(client, page_text, respondent):
    ask_for_reset(client, respondent.email)
    link = latest_link(respondent.email, "account.reset")
    release_db()
    page = client.post(link, data={"password": "password"})
    assert page.status_code == 200
    assert "Password is too common" in page_text(check_html(page.get_data(as_text=True)))
    assert client.post(link, data={"password": NEW}).status_code == 302


@pytest.mark.parametrize("problem, status, heading", [
    ("unknown", 404, "This link does not work"),
    ("used", 410, "This link has already been used"),
    ("expired", 410, "This link has expired"),
])
def test_a_dead_link_says_what_happened_and_what_to_do(client, page_text, respondent, problem,
                                                       status, heading):
    ask_for_reset(client, respondent.email)
    link = latest_link(respondent.email, "account.reset")
    if problem == "unknown":
        link = link[:-4] + "xxxx"
    elif problem == "used":
        client.post(link, data={"password": NEW})
    else:
        row = db.session.scalar(select(AccountToken))
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
    release_db()
    for response in (client.get(link), client.post(link, data={"password": "another phrase 1"})):
        text = page_text(check_html(response.get_data(as_text=True)))
        assert response.status_code == status and heading in text
        assert "ask for a new link" in text
    db.session.expire_all()
    assert accounts.authenticate(respondent.email, "another phrase 1").user is None


def test_an_invitation_walks_to_sign_in(client, admin):
    user = accounts.create_user(email="nia@force.example.org", name="Nia Lead",
                                role="respondent", org=create_org(), by=admin)
    link = latest_link(user.email, "account.invite")
    page = client.get(link)
    assert b"Create your password" in page.data and b"Nia Lead" in page.data
    release_db()
    done = client.post(link, data={"password": NEW}, follow_redirects=True)
    assert b"Your password has been set" in done.data
    sign_in(client, user, password=NEW)
    again = client.get(link)
    assert again.status_code == 410 and b"ask your administrator" in again.data


def test_an_admin_sends_a_new_invitation_and_the_old_link_dies(client, client_request, admin):
    user = accounts.create_user(email="nia@force.example.org", name="Nia Lead",
                                role="pcc", by=admin)
    old = latest_link(user.email, "account.invite")
    sign_in(client, admin)
    edit = client_request.get("admin_people.edit_user", user_id=user.id)
    assert edit.find("button", string=lambda s: s and "Send a new invitation" in s)
    page = client_request.post("admin_people.resend_invitation", user_id=user.id,
                               _expected_redirect=("admin_people.edit_user", {"user_id": user.id}),
                               _follow_redirects=True, _expected_status=200)
    assert "A new invitation has been sent to nia@force.example.org" in page.get_text()
    new = latest_link(user.email, "account.invite")
    assert new != old
    anonymous = client.application.test_client()
    assert b"A newer link has been sent" in anonymous.get(old).data
    assert anonymous.get(new).status_code == 200


def test_an_admin_of_another_office_gets_404_for_a_new_invitation(client, client_request,
                                                                  admin):
    user = accounts.create_user(email="nia@force.example.org", name="Nia Lead",
                                role="pcc", by=admin)
    far = create_user(role="admin", email="far@example.org",
                      office=create_office(name="Far OPCC", code="FAR"))
    sign_in(client, far)
    client_request.post("admin_people.resend_invitation", user_id=user.id, _expected_status=404)
    assert len(messages_to(user.email, "account.invite")) == 1


def test_a_user_who_chose_a_password_has_no_invitation_button(client_request, client, admin,
                                                              respondent):
    sign_in(client, admin)
    edit = client_request.get("admin_people.edit_user", user_id=respondent.id)
    assert "Send a new invitation" not in edit.get_text()
    db.session.expire_all()
    assert db.session.get(User, respondent.id).awaiting_password is False
    assert PASSWORD

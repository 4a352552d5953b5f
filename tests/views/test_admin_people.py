"""Admins manage users and organisations on the web: lists, forms, validation with an
error summary that keeps what was typed, and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditEvent, Organisation, User, db
from tests.db import PASSWORD, create_org
from tests.helpers import sign_in
from tests.mail_links import latest_link
from workflows import accounts


@pytest.fixture
def as_admin(client, admin):
    sign_in(client, admin)
    return admin


def summary_links(page) -> dict[str, str]:
    """Error summary: {href: message}."""
    return {a["href"]: a.get_text(strip=True) for a in page.select(".govuk-error-summary a")}


def field_value(page, name: str):
    field = page.find(attrs={"name": name})
    if field.name == "select":
        chosen = field.find("option", selected=True)
        return chosen["value"] if chosen else None
    if field.get("type") in ("radio", "checkbox"):
        checked = page.find(attrs={"name": name, "checked": True})
        return checked["value"] if checked else None
    return field.get("value")


def audit(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


# --- users ----------------------------------------------------------------------------


def test_users_page_lists_everyone_with_role_organisation_and_status(
        client_request, as_admin, pcc, respondent):
    accounts.disable_user(pcc)
    page = client_request.get("admin_people.users")
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("tbody tr")]
    assert ["Pat Commissioner", "pcc@example.org", "Commissioner", "", "Disabled"] in rows
    assert ["Rae Respondent", "lead@force.example.org", "Respondent",
            respondent.organisation.name, "Active"] in rows


def test_adding_a_respondent(client, client_request, as_admin, org):
    # Issue 13: the admin sets no password; the new user is invited to choose one.
    form = client_request.get("admin_people.new_user")
    assert form.find(attrs={"name": "password"}) is None
    assert "email them an invitation" in form.get_text()
    page = client_request.post("admin_people.new_user", _data={
        "name": "Nia Lead", "email": "Nia.Lead@Force.example.org", "role": "respondent",
        "organisation": str(org.id), "active": "y",
    }, _expected_redirect=("admin_people.users", {}), _follow_redirects=True,
        _expected_status=200)
    assert "User nia.lead@force.example.org added." in page.get_text()
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("tbody tr")]
    assert ["Nia Lead", "nia.lead@force.example.org", "Respondent", org.name, "Invited"] in rows
    user = db.session.scalar(select(User).where(User.email == "nia.lead@force.example.org"))
    assert (user.name, user.role, user.organisation_id, user.active) == ("Nia Lead", "respondent", org.id, True)
    event = audit("user.create")[-1]
    assert (event.actor, event.object_id, event.user_id) == (as_admin.email, str(user.id), as_admin.id)

    other = client.application.test_client()
    link = latest_link(user.email, "account.invite")
    response = other.post(link, data={"password": "a good long passphrase"})
    assert response.status_code == 302
    sign_in(other, user, password="a good long passphrase")


def test_a_new_user_form_with_errors_keeps_what_was_typed(client_request, as_admin, org):
    page = client_request.post("admin_people.new_user", _data={
        "name": "Sam Typed", "email": "not an email", "role": "respondent", "organisation": "0",
    }, _expected_status=200)
    assert page.title.string.startswith("Error: ")
    links = summary_links(page)
    assert links["#email"].startswith("Enter an email address in the correct format")
    assert links["#organisation"] == "Select the organisation this respondent answers for"
    assert page.select_one("#email-error")  # the message is by the field too
    assert field_value(page, "name") == "Sam Typed"
    assert field_value(page, "email") == "not an email"
    assert field_value(page, "role") == "respondent"
    assert db.session.scalar(select(User).where(User.name == "Sam Typed")) is None


def test_a_new_user_needs_a_role(client_request, as_admin):
    # Issue 13: no password is asked for (the user chooses it from the invitation).
    page = client_request.post("admin_people.new_user", _data={
        "name": "No Role", "email": "np@example.org", "organisation": "0"}, _expected_status=200)
    assert summary_links(page) == {"#role": "Select a role"}
    assert field_value(page, "email") == "np@example.org"


def test_a_duplicate_email_is_shown_against_the_email(client_request, as_admin, pcc):
    page = client_request.post("admin_people.new_user", _data={
        "name": "Twin", "email": "PCC@example.org", "role": "pcc", "organisation": "0",
        "password": PASSWORD}, _expected_status=200)
    assert "already exists" in summary_links(page)["#email"]


def test_editing_a_user_shows_their_details(client_request, as_admin, respondent):
    page = client_request.get("admin_people.edit_user", user_id=respondent.id)
    assert field_value(page, "name") == "Rae Respondent"
    assert field_value(page, "role") == "respondent"
    assert field_value(page, "organisation") == str(respondent.organisation_id)
    assert field_value(page, "active") == "y"
    assert respondent.email in page.get_text()


def test_editing_role_organisation_status_and_password(client, client_request, as_admin, respondent):
    force2 = create_org(name="Second Force")
    user_client = client.application.test_client()
    sign_in(user_client, respondent)

    client_request.post("admin_people.edit_user", user_id=respondent.id, _data={
        "name": "Rae Renamed", "role": "respondent", "organisation": str(force2.id),
        "active": "y", "password": "reset by the admin 1"},
        _expected_redirect=("admin_people.users", {}))
    db.session.refresh(respondent)
    assert (respondent.name, respondent.organisation_id) == ("Rae Renamed", force2.id)
    assert user_client.get("/").status_code == 302  # their session ended
    event = audit("user.update")[-1]
    assert event.detail["changed"] == ["name", "organisation", "password"]
    assert event.actor == as_admin.email
    sign_in(user_client, respondent, password="reset by the admin 1")

    client_request.post("admin_people.edit_user", user_id=respondent.id, _data={
        "name": "Rae Renamed", "role": "pcc", "organisation": "0"},  # no "active": disabled
        _expected_redirect=("admin_people.users", {}))
    db.session.refresh(respondent)
    assert (respondent.role, respondent.active, respondent.organisation_id) == ("pcc", False, None)
    assert audit("user.update")[-1].detail["changed"] == ["active", "organisation", "role"]
    response = user_client.post("/sign-in", data={"email": respondent.email,
                                                  "password": "reset by the admin 1"})
    assert response.status_code == 200  # disabled: cannot sign in


def test_edit_errors_are_summarised_and_keep_what_was_typed(client_request, as_admin, pcc):
    page = client_request.post("admin_people.edit_user", user_id=pcc.id, _data={
        "name": "", "role": "respondent", "organisation": "0", "active": "y", "password": "short"},
        _expected_status=200)
    links = summary_links(page)
    assert links["#name"] == "Enter the user's name"
    assert links["#organisation"] == "Select the organisation this respondent answers for"
    assert links["#password"] == "Password must be 8 characters or more"
    assert field_value(page, "role") == "respondent"
    db.session.refresh(pcc)
    assert (pcc.name, pcc.role) == ("Pat Commissioner", "pcc")


def test_an_admin_cannot_disable_themselves(client_request, as_admin):
    page = client_request.post("admin_people.edit_user", user_id=as_admin.id, _data={
        "name": as_admin.name, "role": "admin", "organisation": "0"}, _expected_status=200)
    assert summary_links(page)["#active"] == "You cannot disable your own account"
    db.session.refresh(as_admin)
    assert as_admin.active


def test_an_admin_resetting_their_own_password_stays_signed_in(client, client_request, as_admin):
    client_request.post("admin_people.edit_user", user_id=as_admin.id, _data={
        "name": as_admin.name, "role": "admin", "organisation": "0", "active": "y",
        "password": "my own new passphrase"}, _expected_redirect=("admin_people.users", {}))
    assert client.get("/").status_code == 200


def test_editing_a_missing_user_is_404(client_request, as_admin):
    client_request.get("admin_people.edit_user", user_id=99999, _expected_status=404)


# --- organisations --------------------------------------------------------------------


def test_adding_an_organisation(client_request, as_admin):
    page = client_request.post("admin_people.orgs", _data={
        "name": "Telford and Wrekin LPA", "code": "TW", "kind": "other"},
        _expected_redirect=("admin_people.orgs", {}), _follow_redirects=True,
        _expected_status=200)
    assert "Organisation Telford and Wrekin LPA added." in page.get_text()
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("tbody tr")]
    assert ["Telford and Wrekin LPA", "TW", "Other body"] in rows
    org = db.session.scalar(select(Organisation).where(Organisation.code == "TW"))
    assert audit("org.create")[-1].object_id == str(org.id)


def test_the_kind_of_a_new_organisation_starts_unchosen(client_request, as_admin):
    page = client_request.get("admin_people.orgs")
    assert field_value(page, "kind") == ""
    assert "command line" not in page.get_text()
    page = client_request.post("admin_people.orgs", _data={"name": "Telford", "code": ""},
                               _expected_status=200)
    assert summary_links(page)["#kind"] == "Select the kind of organisation"
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Telford")) is None


def test_organisation_errors_keep_what_was_typed(client_request, as_admin):
    create_org(name="West Mercia Police", code="WMP")
    page = client_request.post("admin_people.orgs", _data={"name": "", "code": "X", "kind": "nope"},
                               _expected_status=200)
    links = summary_links(page)
    assert links["#name"] == "Enter the organisation's name"
    assert links["#kind"] == "Select the kind of organisation"
    assert field_value(page, "code") == "X"
    page = client_request.post("admin_people.orgs", _data={
        "name": "Another", "code": "wmp", "kind": "force"}, _expected_status=200)
    assert "already called or coded 'wmp'" in summary_links(page)["#code"]
    assert field_value(page, "name") == "Another"


def test_editing_an_organisation(client_request, as_admin):
    org = create_org(name="Shropshire LPA", code="SH", kind="other")
    page = client_request.get("admin_people.edit_org", org_id=org.id)
    assert field_value(page, "name") == "Shropshire LPA"
    assert field_value(page, "kind") == "other"
    client_request.post("admin_people.edit_org", org_id=org.id, _data={
        "name": "Shropshire Local Policing Area", "code": "SH-LPA", "kind": "other"},
        _expected_redirect=("admin_people.orgs", {}))
    db.session.refresh(org)
    assert (org.name, org.code) == ("Shropshire Local Policing Area", "SH-LPA")
    assert audit("org.update")[-1].detail["changed"] == ["code", "name"]


def test_people_pages_are_for_admins_only(client, client_request, pcc):
    sign_in(client, pcc)
    for endpoint in ("admin_people.users", "admin_people.orgs", "admin_people.new_user"):
        client_request.get(endpoint, _expected_status=403)
    client_request.post("admin_people.new_user", _data={"name": "x"}, _expected_status=403)

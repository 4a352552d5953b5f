"""Access requests: an admin gives somebody the directory did not place a role and
organisation (they can then sign in, and the claims leave the role alone), or refuses."""

from __future__ import annotations

from sqlalchemy import select

from models import AccessRequest, AuditEvent, User, UserIdentity, db
from tests.db import create_office, create_org, create_user
from tests.helpers import check_html, sign_in
from tests.oidc.conftest import entra, sign_in_as
from tests.oidc.test_directory_sign_in import signed_in_user


def waiting(client, directory, sub="asker", **claims):
    directory.write_text("Assurance.PCC: {role: pcc}\n")
    issuer = client.application.config["OIDC_ISSUER"]
    assert sign_in_as(client, issuer, sub, entra(f"{sub}-oid", name="Alex Asker",
                                                 email=f"{sub}@force.example.org",
                                                 **claims)).status_code == 403
    return db.session.scalar(select(AccessRequest).where(AccessRequest.subject == f"{sub}-oid"))


def test_an_admin_gives_a_role_and_the_person_can_sign_in(client, directory):
    office = create_office()
    org = create_org(name="West Mercia Police", code="WMP", office=office)
    request = waiting(client, directory)
    admin = create_user(role="admin", office=office)
    sign_in(client, admin)
    page = check_html(client.get("/admin/access-requests/").get_data(as_text=True))
    assert "Alex Asker" in page.get_text() and "asker@force.example.org" in page.get_text()
    response = client.post(f"/admin/access-requests/{request.id}", data={
        f"r{request.id}-role": "respondent", f"r{request.id}-organisation": str(org.id),
        "action": "grant"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "asker@force.example.org"))
    assert (user.role, user.organisation_id) == ("respondent", org.id)
    assert db.session.scalar(select(UserIdentity.mapped).where(UserIdentity.user_id == user.id)) \
        is False
    client.post("/sign-out")
    issuer = client.application.config["OIDC_ISSUER"]
    sign_in_as(client, issuer, "asker", entra("asker-oid", email="asker@force.example.org"))
    assert signed_in_user(client).id == user.id  # no mapping needed: the role was given here
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "access_request.grant")) is not None


def test_a_respondent_needs_an_organisation(client, directory):
    request = waiting(client, directory)
    sign_in(client, create_user(role="admin"))
    page = check_html(client.post(f"/admin/access-requests/{request.id}", data={
        f"r{request.id}-role": "respondent", f"r{request.id}-organisation": "0",
        "action": "grant"}).get_data(as_text=True))
    assert "Select the organisation" in page.select_one(".govuk-error-summary").get_text()
    assert db.session.get(AccessRequest, request.id).status == "waiting"


def test_refusing_closes_the_request(client, directory):
    request = waiting(client, directory)
    sign_in(client, create_user(role="admin"))
    client.post(f"/admin/access-requests/{request.id}", data={"action": "refuse"})
    db.session.expire_all()
    assert db.session.get(AccessRequest, request.id).status == "refused"
    assert client.post(f"/admin/access-requests/{request.id}",
                       data={"action": "refuse"}).status_code == 404


def test_only_admins_answer_requests(client, directory):
    request = waiting(client, directory)
    sign_in(client, create_user(role="pcc"))
    assert client.get("/admin/access-requests/").status_code == 403
    assert client.post(f"/admin/access-requests/{request.id}",
                       data={"action": "refuse"}).status_code == 403

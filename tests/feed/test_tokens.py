"""Personal access tokens: made and shown once, stored hashed, revoked, expired, a
disabled user's stopped; bad tokens get 401 with WWW-Authenticate; uses are audited
once an hour; the command line makes one."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from sqlalchemy import select

from models import AccessToken, AuditEvent, db, utcnow
from tests.db import create_office, create_user
from tests.feed.conftest import bearer
from tests.helpers import check_html, sign_in
from workflows import access_tokens


def events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_without_a_token_or_sign_in_the_feed_answers_401_not_sign_in(client, app):
    response = client.get("/odata/Answers")
    assert response.status_code == 401
    assert 'Bearer realm="assurance"' in response.headers["WWW-Authenticate"]
    assert "Basic" in response.headers["WWW-Authenticate"]
    assert "Location" not in response.headers


def test_bad_expired_revoked_and_disabled_tokens_get_401(client, feed):
    user = feed.pcc
    old, old_secret = access_tokens.create_token(user, name="old", days=1, by=user,
                                                 now=utcnow() - timedelta(days=2))
    revoked, revoked_secret = access_tokens.create_token(user, name="gone", days=9, by=user)
    access_tokens.revoke_token(revoked, by=user)
    for secret in ("apt_not-a-token", old_secret, revoked_secret, "x" * 500):
        response = client.get("/odata/", headers=bearer(secret))
        assert response.status_code == 401, secret
        assert "WWW-Authenticate" in response.headers
        assert "not valid" in response.get_json()["error"]["message"]
    assert client.get("/odata/", headers=bearer(feed.tokens["pcc"])).status_code == 200
    from workflows import accounts
    accounts.disable_user(user, by=feed.admin)
    assert client.get("/odata/", headers=bearer(feed.tokens["pcc"])).status_code == 401


def test_only_the_hash_is_stored(app, feed):
    stored = db.session.scalars(select(AccessToken.token_hash)).all()
    assert hashlib.sha256(feed.tokens["admin"].encode()).hexdigest() in stored
    assert feed.tokens["admin"] not in json.dumps(
        [e.detail for e in events("token.create")] + stored)


def test_uses_are_audited_once_an_hour(client, feed):
    for _ in range(3):
        assert client.get("/odata/", headers=bearer(feed.tokens["admin"])).status_code == 200
    assert len(events("token.use")) == 1
    token = db.session.scalar(select(AccessToken).where(AccessToken.user_id == feed.admin.id))
    token.audited_at = utcnow() - timedelta(minutes=61)
    db.session.commit()
    client.get("/odata/Rounds", headers=bearer(feed.tokens["admin"]))
    used = events("token.use")
    assert len(used) == 2 and used[-1].detail["path"] == "/odata/Rounds"


def test_a_token_is_shown_once_and_works_until_revoked(client, feed):
    user = create_user(role="respondent", org=feed.forces[0])
    sign_in(client, user)
    page = check_html(client.post("/account/tokens", data={"name": "Power BI", "days": "30"})
                      .get_data(as_text=True))
    secret = page.find(id="new-token").get_text(strip=True)
    assert secret.startswith("apt_")
    again = check_html(client.get("/account/tokens").get_data(as_text=True))
    assert again.find(id="new-token") is None and secret not in str(again)
    assert "Power BI" in again.get_text()
    client.post("/sign-out")
    assert client.get("/odata/", headers=bearer(secret)).status_code == 200
    sign_in(client, user)
    [token] = access_tokens.tokens_of(user)
    response = client.post(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert client.get("/odata/", headers=bearer(secret)).status_code == 401


def test_the_name_is_required_and_the_lifetime_bounded(client, feed):
    sign_in(client, feed.pcc)
    page = check_html(client.post("/account/tokens", data={"name": " ", "days": "30"})
                      .get_data(as_text=True))
    assert "Enter a name for the token" in page.select_one(".govuk-error-summary").get_text()
    page = check_html(client.post("/account/tokens", data={"name": "x", "days": "999"})
                      .get_data(as_text=True))
    assert page.select_one(".govuk-error-summary") is not None
    assert len(access_tokens.tokens_of(feed.pcc)) == 1  # the fixture's only


def test_admins_see_and_revoke_every_token_of_their_office_only(client, feed):
    sign_in(client, feed.admin)
    page = check_html(client.get("/admin/tokens").get_data(as_text=True))
    assert feed.respondent.email in page.get_text() and feed.pcc.email in page.get_text()
    [theirs] = access_tokens.tokens_of(feed.respondent)
    assert client.post(f"/account/tokens/{theirs.id}/revoke").status_code == 302
    db.session.expire_all()
    assert theirs.revoked_at is not None
    other_office = create_office(name="Elsewhere OPCC", code="EO")
    stranger = create_user(role="admin", office=other_office)
    sign_in(client, stranger)
    [pccs] = access_tokens.tokens_of(feed.pcc)
    assert client.post(f"/account/tokens/{pccs.id}/revoke").status_code == 404
    assert feed.pcc.email not in client.get("/admin/tokens").get_data(as_text=True)


def test_a_respondent_cannot_revoke_someone_elses_token(client, feed):
    sign_in(client, feed.respondent)
    [pccs] = access_tokens.tokens_of(feed.pcc)
    assert client.post(f"/account/tokens/{pccs.id}/revoke").status_code == 404


def test_the_command_line_prints_the_token_as_its_last_word(runner, client, feed):
    result = runner.invoke(args=["tokens", "create", "--email", feed.pcc.email,
                                 "--name", "Nightly load", "--days", "7"])
    assert result.exit_code == 0, result.output
    secret = result.output.split()[-1]
    assert client.get("/odata/", headers=bearer(secret)).status_code == 200
    [made] = [e for e in events("token.create") if e.detail["name"] == "Nightly load"]
    assert made.actor == "cli"
    refused = runner.invoke(args=["tokens", "create", "--email", feed.pcc.email,
                                  "--name", "x", "--days", "400"])
    assert refused.exit_code == 1 and "1 to 365 days" in refused.output
    unknown = runner.invoke(args=["tokens", "create", "--email", "no@example.org",
                                  "--name", "x"])
    assert unknown.exit_code == 1 and "No user" in unknown.output

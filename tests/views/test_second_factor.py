"""The second sign-in step, setting up an authenticator app from the account, the
REQUIRE_SECOND_FACTOR gate, removing a factor and an admin's reset."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from models import AuditEvent, SecondFactor, db, utcnow
from tests.db import PASSWORD, create_office, create_user
from tests.helpers import check_html, release_db
from workflows import second_factor


def with_totp(user):
    secret = second_factor.new_totp_secret()
    codes = second_factor.add_totp(user, secret=secret, code=pyotp.TOTP(secret).now())
    return secret, codes


def password_step(client, user):
    release_db()
    return client.post("/sign-in", data={"email": user.email, "password": PASSWORD})


def page(response):
    return check_html(response.get_data(as_text=True))


def signed_in_events(user):
    return list(db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "auth.sign_in", AuditEvent.object_id == str(user.id))))


def test_a_password_sign_in_without_a_factor_records_its_method(client, pcc):
    assert password_step(client, pcc).headers["Location"] == "/"
    assert signed_in_events(pcc) == [{"method": "password"}]


def test_the_password_then_the_code_signs_in(client, pcc, page_text):
    secret, _ = with_totp(pcc)
    response = password_step(client, pcc)
    assert response.headers["Location"] == "/sign-in/second-factor"
    assert client.get("/").status_code == 302  # nothing usable before the second step
    assert "Check it is you" in page_text(page(client.get("/sign-in/second-factor")))
    later = pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30))  # the next step
    response = client.post("/sign-in/second-factor", data={"code": later})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert signed_in_events(pcc) == [{"method": "password", "factor": "totp"}]


def test_a_wrong_code_is_refused_with_a_clear_error(client, pcc, page_text):
    with_totp(pcc)
    password_step(client, pcc)
    response = client.post("/sign-in/second-factor", data={"code": "12 34 5x"})
    text = page_text(page(response))
    assert response.status_code == 200 and "There is a problem" in text
    assert "The code is not right" in text
    assert client.get("/").status_code == 302


def test_a_recovery_code_signs_in_once(client, pcc):
    _, codes = with_totp(pcc)
    password_step(client, pcc)
    assert client.post("/sign-in/second-factor", data={"code": codes[0]}).status_code == 302
    client.post("/sign-out")
    password_step(client, pcc)
    assert client.post("/sign-in/second-factor", data={"code": codes[0]}).status_code == 200


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, pcc, page_text):
    with_totp(pcc)
    password_step(client, pcc)
    for _ in range(9):
        assert client.post("/sign-in/second-factor", data={"code": "000000x"}).status_code == 200
    response = client.post("/sign-in/second-factor", data={"code": "000000x"},
                           follow_redirects=True)
    assert "too many wrong attempts" in page_text(page(response))
    assert password_step(client, pcc).status_code == 200  # the password is refused too


def test_an_expired_second_step_starts_again(app, client, pcc, page_text):
    with_totp(pcc)
    app.config["SECOND_STEP_MINUTES"] = -1
    password_step(client, pcc)
    text = page_text(page(client.get("/sign-in/second-factor")))
    assert "Sign in again" in text and "took too long" in text


@pytest.fixture
def required(app):
    app.config["REQUIRE_SECOND_FACTOR"] = "admin"


def test_an_admin_without_one_can_only_set_one_up(required, client, admin, page_text):
    assert password_step(client, admin).headers["Location"] == "/"
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/second-factor"
    assert client.get("/admin/users").status_code == 302
    text = page_text(page(client.get("/account/second-factor")))
    assert "Your account needs a second factor" in text
    set_up = page(client.get("/account/second-factor/app"))
    assert set_up.find("img", class_="app-qr-code")["src"].startswith("data:image/svg+xml")
    secret = set_up.find(attrs={"data-secret": True}).get_text().replace(" ", "")
    response = client.post("/account/second-factor/app", data={"code": "123"})
    assert "Enter the 6-digit code" in page_text(page(response))
    response = client.post("/account/second-factor/app",
                           data={"code": pyotp.TOTP(secret).now()})
    codes = page(response).find(attrs={"data-recovery-codes": True}).find_all("code")
    assert len(codes) == 10
    assert client.get("/admin/users").status_code == 200


def test_others_are_not_asked_under_the_admin_policy(required, client, pcc):
    password_step(client, pcc)
    assert client.get("/").status_code == 200


def test_everyone_is_asked_under_all(app, client, pcc):
    app.config["REQUIRE_SECOND_FACTOR"] = "all"
    password_step(client, pcc)
    assert client.get("/").headers["Location"] == "/account/second-factor"


def test_a_user_removes_their_own_factor_and_nobody_elses(client, pcc, page_text):
    with_totp(pcc)
    codes = second_factor.new_recovery_codes(pcc)
    [factor] = second_factor.factors(pcc)
    factor_id = factor.id
    someone = create_user(role="pcc")
    with_totp(someone)
    [theirs] = second_factor.factors(someone)
    their_id = theirs.id
    password_step(client, pcc)
    client.post("/sign-in/second-factor", data={"code": codes[0]})
    assert client.get(f"/account/second-factor/remove?factor={their_id}").status_code == 404
    assert client.post("/account/second-factor/remove",
                       data={"factor": their_id}).status_code == 404
    assert client.get("/account/second-factor/remove?factor=99999999999999999999").status_code == 404
    confirm = page(client.get(f"/account/second-factor/remove?factor={factor_id}"))
    assert "Remove Authenticator app?" in page_text(confirm)
    assert confirm.find("input", attrs={"name": "factor"})["value"] == str(factor_id)
    assert client.post("/account/second-factor/remove",
                       data={"factor": factor_id}).status_code == 302
    assert [f.user_id for f in db.session.scalars(select(SecondFactor))] == [someone.id]


def test_an_admin_resets_a_users_second_factor(client, admin, pcc, page_text):
    with_totp(pcc)
    user_id = pcc.id
    password_step(client, admin)
    edit = page_text(page(client.get(f"/admin/users/{user_id}")))
    assert "reset their second factor" in edit
    confirm = page_text(page(client.get(f"/admin/users/{user_id}/second-factor")))
    assert "Reset the second factor of" in confirm and "Authenticator app" in confirm
    response = client.post(f"/admin/users/{user_id}/second-factor")
    assert response.headers["Location"] == f"/admin/users/{user_id}"
    assert db.session.scalars(select(SecondFactor)).all() == []
    assert db.session.scalar(select(AuditEvent.user_id).where(
        AuditEvent.action == "user.second_factor_reset")) == admin.id
    text = page_text(page(client.get(f"/admin/users/{user_id}/second-factor")))
    assert "has no second factor" in text


def test_another_offices_admin_gets_404(client, pcc):
    with_totp(pcc)
    user_id = pcc.id
    other = create_user(role="admin", office=create_office(name="Other office", code="OTH"))
    password_step(client, other)
    assert client.get(f"/admin/users/{user_id}/second-factor").status_code == 404
    assert client.post(f"/admin/users/{user_id}/second-factor").status_code == 404
    assert second_factor.has_factor(pcc)

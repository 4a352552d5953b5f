"""Signing in and out in the browser's terms: messages, redirects, cookies, sessions that
really end, timeouts, session fixation and CSRF."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from app import Config, create_app
from models import AuditEvent, db
from tests.db import PASSWORD
from tests.helpers import check_html, csrf_token, session_cookie, sign_in, sign_in_with_csrf


def error_summary(page) -> str:
    summary = page.select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def replay(client, cookie: str):
    """Put a copied session cookie back in the client, as an attacker would."""
    client.set_cookie(client.application.config["SESSION_COOKIE_NAME"], cookie)


# --- signing in -----------------------------------------------------------------------


def test_wrong_password_and_unknown_email_get_the_same_message(client, client_request, pcc):
    wrong = client.post("/sign-in", data={"email": pcc.email, "password": "not it at all"})
    unknown = client.post("/sign-in", data={"email": "nobody@example.org", "password": "x" * 9})
    assert wrong.status_code == unknown.status_code == 200
    a, b = check_html(wrong.get_data(as_text=True)), check_html(unknown.get_data(as_text=True))
    assert "Enter a correct email address and password" in error_summary(a)
    assert error_summary(a) == error_summary(b)
    assert a.title.string.startswith("Error: ")


def test_after_ten_failures_the_account_is_locked_and_says_so_the_same_way(client, pcc):
    for email in (pcc.email, "nobody@example.org"):
        for _ in range(10):
            response = client.post("/sign-in", data={"email": email, "password": "wrong guess"})
        page = check_html(response.get_data(as_text=True))
        assert "too many wrong attempts" in error_summary(page)
    response = client.post("/sign-in", data={"email": pcc.email, "password": PASSWORD})
    assert response.status_code == 200  # the right password is refused too
    assert "too many wrong attempts" in response.get_data(as_text=True)


def test_empty_fields_are_reported_in_the_error_summary(client_request):
    page = client_request.post("auth.sign_in", _data={"email": "", "password": ""},
                               _expected_status=200)
    summary = error_summary(page)
    assert "Enter your email address" in summary and "Enter your password" in summary
    assert page.select_one(".govuk-error-summary a[href='#email']")


def test_signing_in_goes_home_and_records_the_time(client, pcc):
    response = sign_in(client, pcc)
    assert response.headers["Location"] == "/"
    db.session.refresh(pcc)
    assert pcc.last_sign_in_at is not None


def test_a_safe_next_page_is_honoured(client, admin):
    response = client.post("/sign-in?next=/admin/users%3Fpage%3D2",
                           data={"email": admin.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/users?page=2"


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example", "/\n/evil.example", "javascript:alert(1)", "http:/evil.example",
    "evil.example", " //evil.example",
])
def test_open_redirects_are_refused(client, admin, target):
    response = client.post("/sign-in", data={"email": admin.email, "password": PASSWORD,
                                             "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_sign_in_page_carries_only_a_safe_next(client_request):
    page = client_request.get("auth.sign_in", next="//evil.example")
    assert page.find("input", attrs={"name": "next"}) is None
    page = client_request.get("auth.sign_in", next="/admin/users")
    assert page.find("input", attrs={"name": "next"})["value"] == "/admin/users"


def test_the_password_field_is_not_filled_back_in(client, pcc):
    response = client.post("/sign-in", data={"email": pcc.email, "password": "a wrong secret"})
    assert "a wrong secret" not in response.get_data(as_text=True)
    assert pcc.email in response.get_data(as_text=True)


# --- sessions really end --------------------------------------------------------------


def test_a_cookie_copied_before_sign_out_no_longer_works(client, pcc):
    sign_in(client, pcc)
    copied = session_cookie(client)
    assert client.get("/").status_code == 200
    assert is_sign_in_redirect(client.post("/sign-out"))
    replay(client, copied)
    assert is_sign_in_redirect(client.get("/"))


def test_signing_out_says_so(client_request, client, pcc):
    sign_in(client, pcc)
    page = client_request.post("auth.sign_out", _expected_redirect="/sign-in",
                               _follow_redirects=True, _expected_status=200)
    assert "You have signed out." in page.select_one(".govuk-notification-banner").get_text()


def test_a_cookie_copied_before_disabling_on_the_command_line_no_longer_works(client, runner, pcc):
    sign_in(client, pcc)
    copied = session_cookie(client)
    result = runner.invoke(args=["users", "disable", "--email", pcc.email])
    assert result.exit_code == 0, result.output
    replay(client, copied)
    assert is_sign_in_redirect(client.get("/"))


def test_a_cookie_copied_before_disabling_on_the_web_no_longer_works(app, client, admin, pcc):
    sign_in(client, pcc)
    copied = session_cookie(client)
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    response = admin_client.post(f"/admin/users/{pcc.id}", data={
        "name": pcc.name, "email": pcc.email, "role": "pcc", "organisation": "0"})  # unticked
    assert response.status_code == 302
    replay(client, copied)
    assert is_sign_in_redirect(client.get("/"))


def test_a_password_change_ends_every_other_session(app, client, client_request, pcc):
    sign_in(client, pcc)
    other = app.test_client()
    sign_in(other, pcc)
    copied = session_cookie(client)

    client_request.post("auth.change_password", _data={
        "current_password": PASSWORD, "new_password": "an entirely new phrase"},
        _expected_redirect=("main.home", {}))
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert is_sign_in_redirect(other.get("/"))
    third = app.test_client()
    replay(third, copied)
    assert is_sign_in_redirect(third.get("/"))
    assert client.post("/sign-out").status_code == 302
    sign_in(client, pcc, password="an entirely new phrase")


def test_a_wrong_current_password_is_shown_and_nothing_changes(client, client_request, pcc):
    sign_in(client, pcc)
    page = client_request.post("auth.change_password", _data={
        "current_password": "not my password", "new_password": "password"}, _expected_status=200)
    assert "too common" in error_summary(page)
    page = client_request.post("auth.change_password", _data={
        "current_password": "not my password", "new_password": "a fine new passphrase"},
        _expected_status=200)
    assert "Your current password is not correct" in error_summary(page)
    assert page.title.string.startswith("Error: ")
    db.session.refresh(pcc)
    assert pcc.session_version == 1


# --- timeouts and fixation ------------------------------------------------------------


def test_idle_for_30_minutes_ends_the_session(client, pcc):
    sign_in(client, pcc)
    with client.session_transaction() as s:
        s["seen_at"] = time.time() - 29 * 60
    assert client.get("/").status_code == 200  # and that visit resets the clock
    with client.session_transaction() as s:
        assert time.time() - s["seen_at"] < 60
        s["seen_at"] = time.time() - 31 * 60
    response = client.get("/")
    assert is_sign_in_redirect(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out because your session timed out" in page


def test_12_hours_after_sign_in_the_session_ends_however_busy(client, pcc):
    sign_in(client, pcc)
    with client.session_transaction() as s:
        s["signed_in_at"] = time.time() - 11 * 3600 - 59 * 60
    assert client.get("/").status_code == 200
    with client.session_transaction() as s:
        s["signed_in_at"] = time.time() - 12 * 3600 - 60
        s["seen_at"] = time.time()
    assert is_sign_in_redirect(client.get("/"))


def test_the_session_from_before_sign_in_is_cleared(client, pcc):
    client.get("/sign-in")
    with client.session_transaction() as s:
        s["planted_by_attacker"] = "x"
        s["_user_id"] = "999:1"
    before = session_cookie(client)
    sign_in(client, pcc)
    with client.session_transaction() as s:
        assert "planted_by_attacker" not in s
        assert s["_user_id"] == f"{pcc.id}:{pcc.session_version}"
    assert session_cookie(client) != before


def test_a_forged_or_stale_user_id_in_the_session_is_refused(client, pcc):
    sign_in(client, pcc)
    with client.session_transaction() as s:
        s["_user_id"] = f"{pcc.id}:{pcc.session_version + 5}"
    assert is_sign_in_redirect(client.get("/"))
    with client.session_transaction() as s:
        s["_user_id"] = "garbage"
    assert is_sign_in_redirect(client.get("/"))


# --- cookies --------------------------------------------------------------------------


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_session_cookie_is_httponly_samesite_lax_and_no_remember_cookie(client, pcc):
    response = sign_in(client, pcc)
    cookies = set_cookies(response)
    session = [c for c in cookies if c.startswith("assurance_session=")]
    assert len(session) == 1
    assert "HttpOnly" in session[0] and "SameSite=Lax" in session[0]
    assert "Secure" not in session[0]  # development serves plain http
    assert not any(c.startswith("remember_token=") and "remember_token=;" not in c for c in cookies)
    assert client.get_cookie("remember_token") is None


def production_app(database_url, tmp_path, monkeypatch, **overrides):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = Config(tmp_path)
    config.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    for key, value in overrides.items():
        setattr(config, key, value)
    return create_app(config)


def test_cookies_are_secure_in_production(app, database_url, tmp_path, monkeypatch, pcc):
    prod = production_app(database_url, tmp_path, monkeypatch)
    db.session.commit()
    client = prod.test_client()
    response = client.get("/sign-in")  # the CSRF token makes a session
    cookie = next(c for c in set_cookies(response) if c.startswith("assurance_session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_development_can_turn_secure_cookies_on(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    assert Config(tmp_path).SESSION_COOKIE_SECURE is True
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "0")
    assert Config(tmp_path).SESSION_COOKIE_SECURE is False


# --- CSRF -----------------------------------------------------------------------------


def test_sign_in_without_a_csrf_token_is_refused(csrf_client, pcc):
    response = csrf_client.post("/sign-in", data={"email": pcc.email, "password": PASSWORD})
    assert response.status_code == 400
    # the sign-in page again, saying why (tests/views/test_csrf_keep.py has the rest)
    assert "security token expired" in response.get_data(as_text=True)
    assert db.session.scalars(select(AuditEvent.action)).all().count("auth.sign_in") == 0
    assert is_sign_in_redirect(csrf_client.get("/"))


def test_sign_out_without_a_csrf_token_is_refused_and_the_session_stays(csrf_client, pcc):
    sign_in_with_csrf(csrf_client, pcc)
    assert csrf_client.post("/sign-out").status_code == 400
    assert csrf_client.post("/sign-out", data={"csrf_token": "forged"}).status_code == 400
    assert csrf_client.get("/").status_code == 200
    token = csrf_token(csrf_client, "/")
    assert is_sign_in_redirect(csrf_client.post("/sign-out", data={"csrf_token": token}))


def test_a_csrf_token_from_before_sign_in_does_not_survive_it(csrf_client, pcc):
    old_token = csrf_token(csrf_client, "/sign-in")
    sign_in_with_csrf(csrf_client, pcc)
    assert csrf_client.post("/sign-out", data={"csrf_token": old_token}).status_code == 400

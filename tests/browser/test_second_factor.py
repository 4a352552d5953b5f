"""Second factors in Chromium: a passkey registered and then used to sign in, with a
virtual authenticator (WebAuthn through the DevTools protocol), and axe on every new page."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from models import AuditEvent, SecondFactor, db
from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_out, submit
from tests.db import PASSWORD, create_user
from tests.helpers import release_db

pytestmark = pytest.mark.browser


def virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True}})


def password(page, base: str, email: str) -> None:
    release_db()
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    submit(page, "Sign in")


def test_an_admin_registers_a_passkey_then_signs_in_with_it(page, serve):
    admin = create_user(role="admin", email="ada@example.org", name="Ada Admin")
    admin_id = admin.id
    # a passkey's relying party is a host name: serve on localhost, not 127.0.0.1
    base = serve(REQUIRE_SECOND_FACTOR="admin").replace("127.0.0.1", "localhost")
    virtual_authenticator(page)
    password(page, base, "ada@example.org")
    assert page.url == f"{base}/account/second-factor"  # nothing else until it is set up
    check_axe(page)
    page.fill("#name", "Test laptop")
    follow(page, page.get_by_role("button", name="Add a passkey"))
    assert page.get_by_role("heading", name="Your recovery codes").is_visible()
    assert page.locator("[data-recovery-codes] li").count() == 10
    check_axe(page)
    page.goto(f"{base}/")
    assert "Ada Admin" in page.locator("header").inner_text()
    release_db()
    assert [f.name for f in db.session.scalars(select(SecondFactor))] == ["Test laptop"]
    release_db()
    sign_out(page)

    password(page, base, "ada@example.org")
    assert page.url == f"{base}/sign-in/second-factor"
    check_axe(page)
    follow(page, page.get_by_role("button", name="Use your passkey"))
    assert page.url == f"{base}/"
    assert_no_problems(page)
    release_db()
    details = list(db.session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == "auth.sign_in", AuditEvent.object_id == str(admin_id))))
    assert details[-1] == {"method": "password", "factor": "passkey"}


def test_setting_up_an_authenticator_app(page, serve):
    create_user(role="pcc", email="pat@example.org", name="Pat")
    base = serve()
    password(page, base, "pat@example.org")
    follow(page, page.get_by_role("link", name="Your account"))
    follow(page, page.get_by_role("link", name="Second factor"))
    check_axe(page)
    follow(page, page.get_by_role("link", name="Set up an authenticator app"))
    check_axe(page)
    secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    page.fill("#code", "12")
    submit(page, "Continue")
    assert page.locator(".govuk-error-summary").is_visible()
    check_axe(page)
    page.fill("#code", pyotp.TOTP(secret).now())
    submit(page, "Continue")
    assert page.locator("[data-recovery-codes] li").count() == 10
    sign_out(page)
    password(page, base, "pat@example.org")
    page.fill("#code", "000000")
    submit(page, "Continue")
    assert "The code is not right" in page.locator(".govuk-error-summary").inner_text()
    check_axe(page)

"""workflows/second_factor.py: TOTP with computed codes, recovery codes, the throttle, the
policy and the admin's reset."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from models import AuditEvent, RecoveryCode, SecondFactor, db, utcnow
from models.permissions import NotPermitted
from tests.db import PASSWORD, create_office, create_user
from workflows import accounts, second_factor
from workflows.accounts import AccountError


def code_at(secret, when):
    return pyotp.TOTP(secret).at(when)


def with_totp(user, now):
    secret = second_factor.new_totp_secret()
    codes = second_factor.add_totp(user, secret=secret, code=code_at(secret, now), now=now)
    return secret, codes


def sign_in_events(user):
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "auth.sign_in", AuditEvent.object_id == str(user.id))))


def test_setting_up_needs_a_right_code_and_gives_ten_recovery_codes(app):
    user, now = create_user(role="pcc"), utcnow()
    secret = second_factor.new_totp_secret()
    with pytest.raises(AccountError, match="6-digit code"):
        second_factor.add_totp(user, secret=secret, code="000000" if code_at(secret, now) != "000000"
                               else "111111", now=now)
    assert not second_factor.has_factor(user)
    codes = second_factor.add_totp(user, secret=secret, code=code_at(secret, now), now=now)
    assert len(codes) == len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # only hashes are kept
    assert second_factor.has_factor(user)
    assert "user.second_factor_added" in db.session.scalars(select(AuditEvent.action)).all()


def test_a_password_alone_no_longer_signs_in(app):
    user, now = create_user(role="pcc"), utcnow()
    with_totp(user, now)
    result = accounts.authenticate(user.email, PASSWORD, now=now)
    assert result.user is not None and result.second_factor
    assert sign_in_events(user) == []


def test_a_valid_code_signs_in_once_and_is_recorded_with_its_method(app):
    user, t0 = create_user(role="pcc"), utcnow()
    secret, _ = with_totp(user, t0)
    later = t0 + timedelta(seconds=60)
    assert second_factor.complete_with_code(user, code_at(secret, later), now=later).ok
    [event] = sign_in_events(user)
    assert event.detail == {"method": "password", "factor": "totp"}
    # the same code again (the same time step) is refused
    assert not second_factor.complete_with_code(user, code_at(secret, later), now=later).ok


def test_codes_one_step_either_side_are_accepted_and_further_ones_refused(app):
    user, t0 = create_user(role="pcc"), utcnow()
    secret, _ = with_totp(user, t0 - timedelta(minutes=10))
    assert second_factor.complete_with_code(user, code_at(secret, t0 - timedelta(seconds=30)),
                                            now=t0).ok
    assert not second_factor.complete_with_code(user, code_at(secret, t0 - timedelta(seconds=90)),
                                                now=t0).ok  # expired
    assert not second_factor.complete_with_code(user, code_at(secret, t0 + timedelta(seconds=90)),
                                                now=t0).ok  # not yet valid
    assert second_factor.complete_with_code(user, code_at(secret, t0 + timedelta(seconds=30)),
                                            now=t0).ok


def test_a_code_of_an_earlier_step_than_the_last_used_is_refused(app):
    user, t0 = create_user(role="pcc"), utcnow()
    secret, _ = with_totp(user, t0 - timedelta(minutes=10))
    assert second_factor.complete_with_code(user, code_at(secret, t0 + timedelta(seconds=30)),
                                            now=t0).ok
    assert not second_factor.complete_with_code(user, code_at(secret, t0), now=t0).ok


def test_recovery_codes_work_once_each(app):
    user, now = create_user(role="pcc"), utcnow()
    _, codes = with_totp(user, now)
    assert second_factor.complete_with_code(user, codes[3].upper(), now=now).ok
    assert not second_factor.complete_with_code(user, codes[3], now=now).ok
    assert second_factor.recovery_codes_left(user) == 9
    assert sign_in_events(user)[0].detail["factor"] == "recovery_code"


def test_wrong_codes_count_with_wrong_passwords_and_lock_the_account(app):
    user, now = create_user(role="pcc"), utcnow()
    secret, _ = with_totp(user, now - timedelta(minutes=5))
    for _ in range(5):
        assert accounts.authenticate(user.email, "wrong password", now=now).user is None
    assert accounts.authenticate(user.email, PASSWORD, now=now).second_factor  # resets nothing
    results = [second_factor.complete_with_code(user, "12345x", now=now) for _ in range(5)]
    assert [r.locked for r in results] == [False] * 4 + [True]
    # locked: even the right code, and the right password, are refused now
    assert second_factor.complete_with_code(user, code_at(secret, now), now=now).locked
    assert accounts.authenticate(user.email, PASSWORD, now=now).locked
    assert sign_in_events(user) == []


def test_the_policy_names_who_must_have_one(app):
    office = create_office()
    admin = create_user(role="admin", office=office)
    pcc = create_user(role="pcc", office=office)
    service = create_user(role="service_admin")
    for policy, needed in (("admin", [True, False, True]), ("all", [True, True, True]),
                           ("none", [False, False, False])):
        app.config["REQUIRE_SECOND_FACTOR"] = policy
        assert [second_factor.required_for(u) for u in (admin, pcc, service)] == needed


def test_an_admin_resets_a_users_second_factor(app):
    office = create_office()
    admin = create_user(role="admin", office=office)
    user = create_user(role="pcc", office=office)
    with_totp(user, utcnow())
    version = user.session_version
    second_factor.reset(user, by=admin)
    assert db.session.scalars(select(SecondFactor)).all() == []
    assert db.session.scalars(select(RecoveryCode)).all() == []
    assert user.session_version == version + 1
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "user.second_factor_reset"))
    assert event.user_id == admin.id and event.object_id == str(user.id)
    assert accounts.authenticate(user.email, PASSWORD).second_factor is False


def test_an_admin_of_another_office_cannot_reset(app):
    user = create_user(role="pcc", office=create_office())
    other = create_user(role="admin", office=create_office(name="Other office", code="OTH"))
    with_totp(user, utcnow())
    with pytest.raises(NotPermitted):
        second_factor.reset(user, by=other)
    assert second_factor.has_factor(user)


def test_the_last_required_factor_cannot_be_removed_by_its_user(app):
    app.config["REQUIRE_SECOND_FACTOR"] = "admin"
    admin = create_user(role="admin")
    with_totp(admin, utcnow())
    [factor] = second_factor.factors(admin)
    with pytest.raises(AccountError, match="needs a second factor"):
        second_factor.remove_factor(admin, factor.id)
    app.config["REQUIRE_SECOND_FACTOR"] = "none"
    second_factor.remove_factor(admin, factor.id)
    assert not second_factor.has_factor(admin) and second_factor.recovery_codes_left(admin) == 0


def test_the_user_is_told_by_email_when_a_factor_is_added_or_removed(app):
    from models import OutboxMessage

    sf = second_factor
    user = create_user(role="pcc", email="told@example.org")
    admin = create_user(role="admin", email="resetter@example.org")
    secret = sf.new_totp_secret()
    sf.add_totp(user, secret=secret, code=pyotp.TOTP(secret).now())
    sf.reset(user, by=admin)
    sent = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "told@example.org").order_by(OutboxMessage.id)).all()
    assert [m.kind for m in sent] == ["account.second_factor"] * 2
    assert "An authenticator app was added" in sent[0].body_text
    assert "An administrator removed every second factor" in sent[1].body_text
    assert "/account/second-factor" in sent[0].body_text

"""workflows/accounts.py: password rules, hashing, throttling kept in the database,
session versions, and the audit trail of account changes."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app import Config, create_app
from forms.passwords import password_problem
from models import AuditEvent, SignInThrottle, User, db, utcnow
from tests.db import PASSWORD, create_org, create_user
from workflows import accounts


def method_of(user: User) -> str:
    db.session.refresh(user)
    return user.password_hash.split("$", 1)[0]


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# --- the password rule ---------------------------------------------------------------


@pytest.mark.parametrize("password", [
    "eight ch", "x" * 256, "correct horse battery staple", "        spaces  ",
    "pässwörd-ünïcødé", "密码密码密码密码", "🦊🦊🦊🦊🦊🦊🦊🦊", "Tr0ub4dor&3",
])
def test_passwords_of_8_to_256_characters_of_any_kind_are_accepted(password):
    assert password_problem(password) is None


@pytest.mark.parametrize("password, message", [
    ("", "8 characters or more"),
    ("seven c", "8 characters or more"),
    ("x" * 257, "256 characters or fewer"),
    ("password", "too common"),
    ("PASSWORD1", "too common"),
    ("  qwerty123  ", "too common"),
])
def test_short_long_and_common_passwords_are_refused(password, message):
    assert message in password_problem(password)


def test_creating_a_user_with_a_common_password_is_refused_and_nothing_is_saved(app, org):
    with pytest.raises(accounts.AccountError) as refused:
        create_user(email="weak@example.org", org=org, password="password123")
    assert refused.value.field == "password"
    assert db.session.scalar(select(User).where(User.email == "weak@example.org")) is None


def test_passwords_are_stored_hashed_never_in_clear(app):
    user = create_user(role="pcc", password="a long and unusual phrase")
    assert "a long and unusual phrase" not in user.password_hash
    assert method_of(user) == app.config["PASSWORD_HASH_METHOD"]


# --- hashing strength and re-hashing --------------------------------------------------


def test_default_config_hashes_with_scrypt_n_2_17_and_upgrades_weak_hashes(
        app, database_url, tmp_path, monkeypatch):
    """The one test that pays for production-strength hashing (about a second)."""
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    real = create_app(Config(tmp_path))
    assert real.config["PASSWORD_HASH_METHOD"] == "scrypt:131072:8:1"
    db.session.commit()  # end the test app's transaction (SQLite: one writer at a time)
    with real.app_context():
        user = create_user(role="pcc", email="strong@example.org")
        assert method_of(user) == "scrypt:131072:8:1"
        user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        db.session.commit()
        assert accounts.authenticate("strong@example.org", PASSWORD).user is not None
        assert method_of(user) == "scrypt:131072:8:1"
        db.session.remove()


@pytest.mark.parametrize("weak", ["pbkdf2:sha256:1000", "scrypt:512:8:1"])
def test_weaker_hashes_are_rehashed_at_the_next_sign_in(app, weak):
    user = create_user(role="pcc", email="old@example.org")
    user.password_hash = generate_password_hash(PASSWORD, method=weak)
    db.session.commit()

    assert accounts.authenticate("old@example.org", "wrong password").user is None
    assert method_of(user) == weak  # not on a failed attempt

    assert accounts.authenticate("old@example.org", PASSWORD).user is not None
    assert method_of(user) == "scrypt:1024:8:1"
    assert "user.rehash" in actions()
    assert accounts.authenticate("old@example.org", PASSWORD).user is not None  # still works


def test_equal_or_stronger_hashes_are_kept(app):
    user = create_user(role="pcc", email="keep@example.org")
    stronger = generate_password_hash(PASSWORD, method="scrypt:2048:8:1")
    user.password_hash = stronger
    db.session.commit()
    assert accounts.authenticate("keep@example.org", PASSWORD).user is not None
    db.session.refresh(user)
    assert user.password_hash == stronger


# --- throttling -----------------------------------------------------------------------


def fail(email: str, times: int, at) -> accounts.SignInResult:
    result = None
    for _ in range(times):
        result = accounts.authenticate(email, "not the password", now=at)
    return result


def test_nine_failures_do_not_lock_and_a_success_starts_again(app):
    user = create_user(role="pcc")
    t0 = utcnow()
    assert fail(user.email, 9, t0).locked is False
    assert accounts.authenticate(user.email, PASSWORD, now=t0).user is not None
    assert fail(user.email, 9, t0 + timedelta(minutes=1)).locked is False
    assert accounts.authenticate(user.email, PASSWORD, now=t0 + timedelta(minutes=1)).user


def test_ten_failures_in_15_minutes_lock_the_account_for_15_minutes(app):
    user = create_user(role="pcc")
    t0 = utcnow()
    assert fail(user.email, 9, t0).locked is False
    assert fail(user.email, 1, t0 + timedelta(minutes=14)).locked is True

    locked_at = t0 + timedelta(minutes=14)
    for later in (timedelta(0), timedelta(minutes=1), timedelta(minutes=14, seconds=59)):
        result = accounts.authenticate(user.email, PASSWORD, now=locked_at + later)
        assert result.user is None and result.locked  # even the right password

    result = accounts.authenticate(user.email, PASSWORD, now=locked_at + timedelta(minutes=15, seconds=1))
    assert result.user is not None and not result.locked
    assert "auth.locked" in actions()


def test_failures_older_than_15_minutes_are_forgotten(app):
    user = create_user(role="pcc")
    t0 = utcnow()
    fail(user.email, 9, t0)
    assert fail(user.email, 1, t0 + timedelta(minutes=15, seconds=1)).locked is False
    assert accounts.authenticate(user.email, PASSWORD, now=t0 + timedelta(minutes=16)).user


def test_the_window_slides_rather_than_resetting(app):
    """1 failure, then 8 at 14 minutes, then 2 at 16 minutes: 10 in the last 15 minutes."""
    user = create_user(role="pcc")
    t0 = utcnow()
    fail(user.email, 1, t0)
    fail(user.email, 8, t0 + timedelta(minutes=14))
    assert fail(user.email, 1, t0 + timedelta(minutes=16)).locked is False  # 9 in the window
    assert fail(user.email, 1, t0 + timedelta(minutes=16)).locked is True


def test_window_expiry_by_editing_the_stored_failures(app):
    user = create_user(role="pcc")
    fail(user.email, 9, utcnow())
    for event in db.session.scalars(select(AuditEvent).where(AuditEvent.action == accounts.FAILED)):
        event.at = event.at - timedelta(minutes=16)
    db.session.commit()
    assert fail(user.email, 1, utcnow()).locked is False


def test_lock_expiry_by_editing_the_throttle_row(app):
    user = create_user(role="pcc")
    fail(user.email, 10, utcnow())
    assert accounts.authenticate(user.email, PASSWORD).locked
    row = db.session.get(SignInThrottle, user.email)
    row.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert accounts.authenticate(user.email, PASSWORD).user is not None


def test_unknown_emails_are_throttled_the_same_way(app):
    t0 = utcnow()
    results = [accounts.authenticate("nobody@example.org", "guess", now=t0) for _ in range(10)]
    assert [r.locked for r in results] == [False] * 9 + [True]
    assert all(r.user is None for r in results)


def test_the_lock_is_in_the_database_so_another_app_instance_sees_it(app, config_factory):
    create_user(role="pcc", email="shared@example.org")
    fail("shared@example.org", 10, utcnow())
    db.session.remove()  # nothing held open by this instance

    other = create_app(config_factory())
    with other.app_context():
        result = accounts.authenticate("shared@example.org", PASSWORD)
        assert result.user is None and result.locked
        db.session.remove()


def test_concurrent_failures_are_all_counted(app):
    """Ten wrong passwords at once from ten threads (ten connections) lock the account:
    the throttle row is updated under a lock, so no failure is lost."""
    create_user(role="pcc", email="busy@example.org")
    db.session.remove()
    errors: list[BaseException] = []

    def attempt():
        try:
            with app.app_context():
                accounts.authenticate("busy@example.org", "wrong")
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert accounts.authenticate("busy@example.org", PASSWORD).locked


def test_a_disabled_account_cannot_sign_in_even_with_the_right_password(app):
    user = create_user(role="pcc")
    accounts.disable_user(user)
    assert accounts.authenticate(user.email, PASSWORD).user is None


def test_email_is_matched_without_regard_to_case_or_spaces(app):
    create_user(role="pcc", email="Mixed.Case@Example.org")
    assert accounts.authenticate("  mixed.case@EXAMPLE.org ", PASSWORD).user is not None


# --- session versions -----------------------------------------------------------------


def test_sign_out_disable_and_password_change_each_bump_the_session_version(app, admin):
    user = create_user(role="pcc")
    versions = [user.session_version]
    accounts.sign_out(user)
    versions.append(user.session_version)
    accounts.set_password(user, "a brand new passphrase")
    versions.append(user.session_version)
    accounts.change_password(user, current="a brand new passphrase", new="and another one here")
    versions.append(user.session_version)
    accounts.disable_user(user)
    versions.append(user.session_version)
    assert versions == [1, 2, 3, 4, 5]


def test_changing_rights_ends_sessions_but_a_new_name_does_not(app, admin, org):
    user = create_user(role="pcc")
    accounts.update_user(user, name="New Name", role="pcc", org=None, active=True, by=admin)
    assert user.session_version == 1
    accounts.update_user(user, name="New Name", role="respondent", org=org, active=True, by=admin)
    assert user.session_version == 2
    accounts.update_user(user, name="New Name", role="respondent", org=org, active=False, by=admin)
    assert user.session_version == 3


def test_change_password_needs_the_current_password(app):
    user = create_user(role="pcc")
    with pytest.raises(accounts.AccountError) as refused:
        accounts.change_password(user, current="not it", new="a brand new passphrase")
    assert refused.value.field == "current_password"
    assert user.session_version == 1
    assert accounts.authenticate(user.email, PASSWORD).user is not None


def test_admins_cannot_lock_themselves_out(app, admin):
    with pytest.raises(accounts.AccountError, match="disable your own"):
        accounts.update_user(admin, name=admin.name, role="admin", org=None, active=False, by=admin)
    with pytest.raises(accounts.AccountError, match="own admin role"):
        accounts.update_user(admin, name=admin.name, role="pcc", org=None, active=True, by=admin)


# --- organisations and users: validation and audit ------------------------------------


def test_organisations_are_found_by_name_or_code_in_any_case(app):
    org = create_org(name="West Mercia Police", code="WMP")
    assert accounts.find_org("west mercia police") == org
    assert accounts.find_org(" wmp ") == org
    assert accounts.find_org("") is None


def test_duplicate_organisations_and_users_are_refused(app):
    create_org(name="West Mercia Police", code="WMP")
    with pytest.raises(accounts.AccountError, match="already"):
        create_org(name="WEST MERCIA POLICE", code="OTHER")
    with pytest.raises(accounts.AccountError, match="already"):
        create_org(name="Another", code="wmp")
    create_user(role="pcc", email="one@example.org")
    with pytest.raises(accounts.AccountError, match="already exists"):
        create_user(role="pcc", email="ONE@example.org")


@pytest.mark.parametrize("kwargs, field", [
    ({"email": "not-an-email"}, "email"),
    ({"email": "a b@example.org"}, "email"),
    ({"name": "  "}, "name"),
    ({"role": "superuser"}, "role"),
    ({"role": "respondent", "org": None}, "organisation"),
])
def test_bad_user_details_are_refused_with_the_field_named(app, kwargs, field):
    values = {"email": "x@example.org", "name": "X", "role": "pcc", "password": PASSWORD}
    values.update(kwargs)
    with pytest.raises(accounts.AccountError) as refused:
        accounts.create_user(**values)
    assert refused.value.field == field


def test_account_changes_are_audited_without_passwords(app, admin, org):
    user = create_user(role="respondent", org=org, email="r@example.org", password=PASSWORD)
    accounts.update_user(user, name="R", role="respondent", org=org, active=True, by=admin,
                         password="a brand new passphrase")
    accounts.disable_user(user, by=admin)
    accounts.update_org(org, name="Renamed Force", kind="force", code=org.code, by=admin)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    summary = [(e.action, e.actor) for e in events if e.object_id in (str(user.id), str(org.id))]
    assert ("user.create", "cli") in summary
    assert ("user.update", admin.email) in summary
    assert ("user.disable", admin.email) in summary
    assert ("org.update", admin.email) in summary
    update = next(e for e in events if e.action == "user.update")
    assert update.detail["changed"] == ["name", "password"]
    text = repr([(e.detail, e.actor) for e in events])
    assert PASSWORD not in text and "a brand new passphrase" not in text

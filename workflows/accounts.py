"""Users, organisations, sign-in and sign-out."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from forms.passwords import password_problem
from models import ORG_KINDS, ROLES, Organisation, SignInThrottle, User, db, utcnow

from . import audit
from .database import commit

# Checked against when the email is unknown, so both paths cost one hash.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt:1024:8:1")


class AccountError(ValueError):
    """A clear, user-facing reason an account change was refused."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_org(name_or_code: str) -> Organisation | None:
    key = (name_or_code or "").strip()
    return db.session.scalar(
        select(Organisation).where(
            or_(func.lower(Organisation.name) == key.lower(), func.lower(Organisation.code) == key.lower())
        )
    )


def create_org(*, name: str, kind: str, code: str | None = None, by: User | None = None) -> Organisation:
    name, code = name.strip(), (code or "").strip() or None
    if not name:
        raise AccountError("Enter the organisation's name")
    if kind not in ORG_KINDS:
        raise AccountError(f"Kind must be one of: {', '.join(ORG_KINDS)}")
    if find_org(name) or (code and find_org(code)):
        raise AccountError(f"An organisation called {name!r} or coded {code!r} already exists")
    org = Organisation(name=name, code=code, kind=kind)
    db.session.add(org)
    db.session.flush()
    audit.record("org.create", user=by, actor=None if by else "cli", obj=org)
    commit()
    return org


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(
    *, email: str, name: str, role: str, password: str, org: Organisation | None = None,
    by: User | None = None,
) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Enter an email address in the correct format, like name@example.org")
    if not name.strip():
        raise AccountError("Enter the user's name")
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}")
    if role == "respondent" and org is None:
        raise AccountError("A respondent must belong to an organisation")
    if db.session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"A user with the email {email} already exists")
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user = User(
        email=email, name=name.strip(), role=role, password_hash=hash_password(password),
        organisation_id=org.id if org else None,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user=by, actor=None if by else "cli", obj=user, role_given=role)
    commit()
    return user


def update_user(user: User, *, name: str, role: str, org: Organisation | None, active: bool, by: User) -> None:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}")
    if role == "respondent" and org is None:
        raise AccountError("A respondent must belong to an organisation")
    if user.id == by.id and (not active or role != "admin"):
        raise AccountError("You cannot disable yourself or remove your own admin role")
    org_id = org.id if org else None
    changed = {k for k, v in (("name", name.strip()), ("role", role), ("active", active)) if getattr(user, k) != v}
    if org_id != user.organisation_id:
        changed.add("organisation")
    if changed & {"role", "active", "organisation"}:
        user.session_version += 1  # their sessions end; they sign in again with the new rights
    user.name, user.role, user.organisation_id, user.active = name.strip(), role, org_id, active
    audit.record("user.update", user=by, obj=user, changed=sorted(changed))
    commit()


def disable_user(user: User, *, by: User | None = None) -> None:
    user.active = False
    user.session_version += 1
    audit.record("user.disable", user=by, actor=None if by else "cli", obj=user)
    commit()


def set_password(user: User, password: str, *, by: User | None = None) -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    user.session_version += 1  # every other session ends
    audit.record("user.password", user=by or user, obj=user)
    commit()


@dataclass
class SignInResult:
    user: User | None
    locked: bool = False


def _throttle(email: str) -> SignInThrottle:
    row = db.session.get(SignInThrottle, email)
    if row is None:
        row = SignInThrottle(email=email, failures=0, window_started_at=utcnow())
        db.session.add(row)
    return row


def authenticate(email: str, password: str) -> SignInResult:
    """Check an email and password, with per-account throttling kept in the database.

    An unknown email and a wrong password are indistinguishable to the caller.
    """
    cfg = current_app.config
    email = normalise_email(email)[:254]
    now = utcnow()
    row = _throttle(email)
    if row.locked_until and row.locked_until > now:
        audit.record("auth.sign_in_refused", actor=email, reason="locked")
        commit()
        return SignInResult(None, locked=True)
    user = db.session.scalar(select(User).where(User.email == email))
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    if user is None or not ok or not user.active:
        _count_failure(row, now, cfg)
        audit.record("auth.sign_in_failed", actor=email, user=None,
                     object_type="user", object_id=user.id if user else None)
        commit()
        return SignInResult(None, locked=bool(row.locked_until and row.locked_until > now))
    row.failures, row.locked_until, row.window_started_at = 0, None, now
    if _needs_rehash(user.password_hash, cfg["PASSWORD_HASH_METHOD"]):
        user.password_hash = generate_password_hash(password, method=cfg["PASSWORD_HASH_METHOD"])
        audit.record("user.rehash", user=user, obj=user)
    user.last_sign_in_at = now
    audit.record("auth.sign_in", user=user, obj=user)
    commit()
    return SignInResult(user)


def _count_failure(row: SignInThrottle, now, cfg) -> None:
    window = timedelta(minutes=cfg["SIGN_IN_WINDOW_MINUTES"])
    if row.window_started_at is None or now - row.window_started_at > window:
        row.failures, row.window_started_at = 0, now
    row.failures += 1
    if row.failures >= cfg["SIGN_IN_MAX_FAILURES"]:
        row.locked_until = now + timedelta(minutes=cfg["SIGN_IN_LOCK_MINUTES"])
        row.failures, row.window_started_at = 0, now


def _needs_rehash(stored: str, wanted: str) -> bool:
    method = stored.split("$", 1)[0]
    return not hmac.compare_digest(method, wanted) and _strength(method) < _strength(wanted)


def _strength(method: str) -> int:
    """A rough cost score: scrypt n, or pbkdf2 iterations / 5 (both about equally slow)."""
    parts = method.split(":")
    try:
        if parts[0] == "scrypt":
            return int(parts[1]) if len(parts) > 1 else 2**15
        if parts[0] == "pbkdf2":
            return int(parts[2]) // 5 if len(parts) > 2 else 0
    except ValueError:
        return 0
    return 0


def sign_out(user: User) -> None:
    """End every session of this user, everywhere (copied cookies included)."""
    user.session_version += 1
    audit.record("auth.sign_out", user=user, obj=user)
    commit()

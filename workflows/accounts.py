"""Users, organisations, sign-in and sign-out."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from werkzeug.security import check_password_hash, generate_password_hash

from forms.passwords import password_problem
from models import (
    ORG_KINDS,
    ROLES,
    AuditEvent,
    Office,
    Organisation,
    SecondFactor,
    SignInThrottle,
    User,
    db,
    utcnow,
)
from models.people import OFFICE_ROLES, ROLES_WITH_ORGANISATION
from models.permissions import can, require, roles_with
from models.tokens import PASSWORD_CHANGED

from . import audit, tokens
from .database import transaction
from .offices import office_for, scope_id

FAILED = "auth.sign_in_failed"
# A throttle row's window_started_at: failures before it are forgotten (set at each success
# and each lock). A new row forgets nothing.
NEVER = datetime(1970, 1, 1, tzinfo=timezone.utc)


class AccountError(ValueError):
    """A clear, user-facing reason an account change was refused.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


# --- organisations -------------------------------------------------------------------


def find_org(name_or_code: str, *, office_id: int | None = None) -> Organisation | None:
    """The organisation of office ``office_id`` (None: the service's only office) with
    this name or code, ignoring case."""
    key = (name_or_code or "").strip().lower()
    if not key:
        return None
    return db.session.scalar(
        select(Organisation).where(
            Organisation.office_id == scope_id(office_id),
            or_(func.lower(Organisation.name) == key, func.lower(Organisation.code) == key),
        )
    )


def _check_org(org: Organisation | None, name: str, kind: str, code: str | None,
               office_id: int) -> None:
    if not name:
        raise AccountError("Enter the organisation's name", "name")
    if len(name) > 200:
        raise AccountError("Name must be 200 characters or fewer", "name")
    if code and len(code) > 40:
        raise AccountError("Short code must be 40 characters or fewer", "code")
    if kind not in ORG_KINDS:
        raise AccountError(f"Kind must be one of: {', '.join(ORG_KINDS)}", "kind")
    for key, field in ((name, "name"), (code, "code")):
        other = find_org(key, office_id=office_id) if key else None
        if other is not None and other is not org:
            raise AccountError(f"Another organisation is already called or coded {key!r}", field)


def create_org(*, name: str, kind: str, code: str | None = None, by: User | None = None,
               office: Office | None = None) -> Organisation:
    """A new organisation of the acting admin's office (``by``), else of ``office``, else
    of the service's only office."""
    require(by, "orgs.manage")
    office = office_for(by=by, office=office)
    name, code = (name or "").strip(), (code or "").strip() or None
    _check_org(None, name, kind, code, office.id)
    with transaction():
        org = Organisation(office_id=office.id, name=name, code=code, kind=kind)
        db.session.add(org)
        db.session.flush()
        audit.record("org.create", user=by, actor=None if by else "cli", obj=org,
                     organisation_id=org.id)
    return org


def update_org(org: Organisation, *, name: str, kind: str, code: str | None, by: User) -> None:
    require(by, "orgs.manage", org)  # refuses another office's organisation
    name, code = (name or "").strip(), (code or "").strip() or None
    _check_org(org, name, kind, code, org.office_id)
    changed = sorted(k for k, v in (("name", name), ("kind", kind), ("code", code))
                     if getattr(org, k) != v)
    with transaction():
        org.name, org.kind, org.code = name, kind, code
        audit.record("org.update", user=by, obj=org, organisation_id=org.id, changed=changed)


# --- users ---------------------------------------------------------------------------


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_new_password(password: str, field: str = "password") -> None:
    """Raise AccountError when a new password breaks the rules (forms/passwords.py)."""
    problem = password_problem(password or "")
    if problem:
        raise AccountError(problem, field)


def _check_role(role: str, org: Organisation | None) -> None:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}", "role")
    if role in ROLES_WITH_ORGANISATION and org is None:
        raise AccountError("Select the organisation this respondent answers for", "organisation")


def create_user(
    *, email: str, name: str, role: str, password: str | None = None,
    org: Organisation | None = None, by: User | None = None, office: Office | None = None,
) -> User:
    """A new user: a respondent of ``org`` (and so of its office), an admin or PCC user of
    the acting admin's office (else of ``office``, else of the only office), or a service
    administrator of no office (from the command line only). A service administrator may
    create an office's admins and nobody else.

    Without ``password`` the user is invited: an email with a single-use link to choose
    one (``workflows.tokens``); until then no password signs them in."""
    email, name = normalise_email(email), (name or "").strip()
    if "@" not in email.strip("@") or len(email) > 254 or any(c.isspace() for c in email):
        raise AccountError("Enter an email address in the correct format, like name@example.org",
                           "email")
    if not name or len(name) > 200:
        raise AccountError("Enter the user's name (200 characters or fewer)", "name")
    _check_role(role, org)
    office_id = _new_user_office(role, org, by, office)
    if db.session.scalar(select(User).where(User.email == email)):
        raise AccountError(f"A user with the email {email} already exists", "email")
    if password is not None:
        check_new_password(password)
    hashed = hash_password(password if password is not None else secrets.token_urlsafe(32))
    with transaction():
        user = User(email=email, name=name, role=role, password_hash=hashed,
                    organisation_id=org.id if org else None, office_id=office_id,
                    active=True, session_version=1, awaiting_password=password is None)
        db.session.add(user)
        db.session.flush()
        audit.record("user.create", user=by, actor=None if by else "cli", obj=user, role_given=role,
                     organisation_id=user.organisation_id)
        if password is None:
            tokens.invite(user, by=by)
    return user


def _new_user_office(role: str, org: Organisation | None, by: User | None,
                     office: Office | None) -> int | None:
    if by is not None and can(by, "offices.manage"):
        if role not in roles_with("users.manage") or office is None:
            raise AccountError("A service administrator creates an office's admins only",
                               "role")
        return office.id
    require(by, "users.manage")
    if role not in OFFICE_ROLES:  # a service administrator: the command line, no office
        if by is not None:
            raise AccountError("Service administrators are created on the command line", "role")
        return None
    if role in ROLES_WITH_ORGANISATION and org is not None:
        if by is not None and org.office_id != by.office_id:
            raise AccountError("Select an organisation of your own office", "organisation")
        return org.office_id
    return office_for(by=by, office=office).id if role not in ROLES_WITH_ORGANISATION else None


def update_user(
    user: User, *, name: str, role: str, org: Organisation | None, active: bool, by: User,
    password: str | None = None,
) -> None:
    """An admin's change to a user, in one transaction. Changing the role, organisation,
    status or password ends the user's sessions."""
    require(by, "users.manage", user)  # refuses another office's user
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise AccountError("Enter the user's name (200 characters or fewer)", "name")
    _check_role(role, org)
    if role not in OFFICE_ROLES:
        raise AccountError("Service administrators are created on the command line", "role")
    if org is not None and org.office_id != user.office_id:
        raise AccountError("Select an organisation of this user's office", "organisation")
    if user.id == by.id and not active:
        raise AccountError("You cannot disable your own account", "active")
    if user.id == by.id and role not in roles_with("users.manage"):
        raise AccountError("You cannot remove your own admin role", "role")
    if password:
        check_new_password(password)
    org_id = org.id if org else None
    changed = {k for k, v in (("name", name), ("role", role), ("active", active),
                              ("organisation", org_id)) if _current(user, k) != v}
    with transaction():
        if password:
            changed.add("password")
            _password_changed(user, hash_password(password))
        if changed & {"role", "active", "organisation", "password"}:
            user.session_version += 1  # their sessions end; they sign in again with the new rights
        user.name, user.role, user.organisation_id, user.active = name, role, org_id, active
        audit.record("user.update", user=by, obj=user, organisation_id=org_id,
                     changed=sorted(changed))


def _current(user: User, key: str):
    return user.organisation_id if key == "organisation" else getattr(user, key)


def disable_user(user: User, *, by: User | None = None) -> None:
    require(by, "users.manage", user)
    with transaction():
        user.active = False
        user.session_version += 1
        audit.record("user.disable", user=by, actor=None if by else "cli", obj=user)


def set_password(user: User, password: str, *, by: User | None = None) -> None:
    if by is not None and by.id != user.id:  # an own password: change_password checked it
        require(by, "users.manage", user)
    check_new_password(password)
    with transaction():
        _password_changed(user, hash_password(password))
        user.session_version += 1  # every session ends, copied cookies included
        audit.record("user.password", user=by or user, obj=user)


def _password_changed(user: User, hashed: str) -> None:
    """A new password: the user's emailed links die, and they are told by email."""
    user.password_hash, user.awaiting_password = hashed, False
    tokens.end_tokens(user, reason=PASSWORD_CHANGED)
    tokens.tell_password_changed(user)


def change_password(user: User, *, current: str, new: str) -> None:
    """A user changes their own password; every other session of theirs ends."""
    if not check_password_hash(user.password_hash, current or ""):
        with transaction():
            audit.record("user.password_refused", user=user, obj=user)
        raise AccountError("Your current password is not correct", "current_password")
    check_new_password(new, "new_password")
    set_password(user, new, by=user)


# --- signing in and out --------------------------------------------------------------


@dataclass
class SignInResult:
    user: User | None
    locked: bool = False
    # The password was right but the user has a second factor: nobody is signed in until
    # workflows.second_factor completes the sign-in.
    second_factor: bool = False


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """Checked when the email is unknown, so both paths cost the same hash."""
    return generate_password_hash("not-a-real-password", method=method)


def throttle_row(email: str) -> SignInThrottle:
    """The throttle row of this email, created if need be and locked for this transaction
    (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}.get(dialect)
    if insert is not None:
        db.session.execute(
            insert(SignInThrottle)
            .values(email=email, failures=0, window_started_at=NEVER)
            .on_conflict_do_nothing(index_elements=["email"])
        )
    elif db.session.get(SignInThrottle, email) is None:  # pragma: no cover - other databases
        db.session.add(SignInThrottle(email=email, failures=0, window_started_at=NEVER))
        db.session.flush()
    return db.session.scalars(
        select(SignInThrottle).where(SignInThrottle.email == email)
        .with_for_update().execution_options(populate_existing=True)
    ).one()


def authenticate(email: str, password: str, *, now: datetime | None = None) -> SignInResult:
    """Check an email and password, with per-account throttling kept in the database.

    After SIGN_IN_MAX_FAILURES failures within SIGN_IN_WINDOW_MINUTES the email is refused
    for SIGN_IN_LOCK_MINUTES. An unknown email and a wrong password are indistinguishable
    to the caller. `now` is for tests.
    """
    cfg = current_app.config
    email = normalise_email(email)[:254]
    now = now or utcnow()
    whole_database = db.session.get_bind().dialect.name == "sqlite"
    with transaction():
        row = throttle_row(email)
        if row.locked_until and row.locked_until > now:
            return refuse_locked(email, now)
        user = db.session.scalar(select(User).where(User.email == email))
        stored = user.password_hash if user else _dummy_hash(cfg["PASSWORD_HASH_METHOD"])
        if not whole_database:  # the throttle row stays locked while the password is checked
            ok = check_password_hash(stored, password or "")
            return _conclude(email, password, row, user, ok, now)
    # SQLite's lock is the whole database's write lock: don't hold it while hashing
    # (hundreds of milliseconds), or every other writer queues behind each sign-in.
    ok = check_password_hash(stored, password or "")
    with transaction():
        row = throttle_row(email)  # locked again, as it stands now
        if row.locked_until and row.locked_until > now:
            return refuse_locked(email, now)
        user = db.session.scalar(select(User).where(User.email == email))
        ok = ok and user is not None and user.password_hash == stored
        return _conclude(email, password, row, user, ok, now)


def _conclude(email: str, password: str, row: SignInThrottle, user: User | None, ok: bool,
              now: datetime) -> SignInResult:
    """Record a sign-in's outcome in the throttle row and the audit trail (no commit)."""
    cfg = current_app.config
    if user is None or not ok or not user.active:
        audit.record(FAILED, actor=email, object_type="user" if user else None,
                     object_id=user.id if user else None).at = now
        return SignInResult(None, locked=count_failure(row, now))
    method = cfg["PASSWORD_HASH_METHOD"]
    if _needs_rehash(user.password_hash, method):
        user.password_hash = generate_password_hash(password, method=method)
        audit.record("user.rehash", user=user, obj=user)
    if _has_second_factor(user):  # not signed in yet, and the failures still count
        audit.record("auth.password_accepted", user=user, obj=user).at = now
        return SignInResult(user, second_factor=True)
    row.failures, row.locked_until, row.window_started_at = 0, None, now
    user.last_sign_in_at = now
    audit.record("auth.sign_in", user=user, obj=user, method="password").at = now
    return SignInResult(user)


def _has_second_factor(user: User) -> bool:
    return db.session.scalar(
        select(SecondFactor.id).where(SecondFactor.user_id == user.id).limit(1)) is not None


def refuse_locked(email: str, now: datetime) -> SignInResult:
    """Record the refusal of a locked email (the caller's transaction commits it)."""
    audit.record("auth.sign_in_refused", actor=email, reason="locked").at = now
    return SignInResult(None, locked=True)


def count_failure(row: SignInThrottle, now: datetime) -> bool:
    """Count the failures of the last window (a sliding window over the audit trail, since
    the last success or lock) and lock the email when there are too many."""
    cfg = current_app.config
    since = max(row.window_started_at, now - timedelta(minutes=cfg["SIGN_IN_WINDOW_MINUTES"]))
    db.session.flush()
    row.failures = db.session.scalar(
        select(func.count()).select_from(AuditEvent)
        .where(AuditEvent.action == FAILED, AuditEvent.actor == row.email, AuditEvent.at > since)
    )
    if row.failures >= cfg["SIGN_IN_MAX_FAILURES"]:
        row.locked_until = now + timedelta(minutes=cfg["SIGN_IN_LOCK_MINUTES"])
        row.failures, row.window_started_at = 0, now
        audit.record("auth.locked", actor=row.email, until=row.locked_until.isoformat()).at = now
        return True
    return False


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
    with transaction():
        user.session_version += 1
        audit.record("auth.sign_out", user=user, obj=user)

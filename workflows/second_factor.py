"""A second factor for password accounts: an authenticator app (TOTP), passkeys
(WebAuthn) and ten single-use recovery codes.

Signing in with a password is then two steps: ``accounts.authenticate`` checks the
password and, for a user with a factor, starts nothing; ``complete_with_code`` or
``complete_with_passkey`` finishes. A wrong code counts as a failed sign-in of the email
(the same throttle and lock as wrong passwords).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
from flask import current_app
from sqlalchemy import delete, func, select

from exports.mail_bodies import link
from forms.format.dates import date_and_12h_time
from models import RecoveryCode, SecondFactor, User, db, utcnow
from models.permissions import can, require

from . import audit, passkeys
from .accounts import FAILED, AccountError, count_failure, refuse_locked, throttle_row
from .database import transaction
from .mail import queue_message

STEP_SECONDS = 30
RECOVERY_CODES = 10


# --- who needs one ---------------------------------------------------------------


def factors(user: User) -> list[SecondFactor]:
    return list(db.session.scalars(
        select(SecondFactor).where(SecondFactor.user_id == user.id).order_by(SecondFactor.id)))


def has_factor(user: User) -> bool:
    return db.session.scalar(
        select(SecondFactor.id).where(SecondFactor.user_id == user.id).limit(1)) is not None


def _admins(user: User) -> bool:
    return can(user, "users.manage") or can(user, "offices.manage")


# REQUIRE_SECOND_FACTOR -> who must have one: admins (who manage users or offices), all, none
POLICIES = {"admin": _admins, "all": lambda user: True, "none": lambda user: False}


def required_for(user: User) -> bool:
    """Must this user have a second factor (REQUIRE_SECOND_FACTOR)?"""
    return POLICIES[current_app.config["REQUIRE_SECOND_FACTOR"]](user)


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


# --- an authenticator app (TOTP) -----------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    issuer = current_app.config.get("SERVICE_NAME") or "PCC assurance"
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def _step_of(secret: str, code: str, now: datetime) -> int | None:
    """The time step (within one step either side of now) whose code this is, or None."""
    code = "".join((code or "").split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp, here = pyotp.TOTP(secret), int(now.timestamp()) // STEP_SECONDS
    for step in (here - 1, here, here + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def add_totp(user: User, *, secret: str, code: str, now: datetime | None = None) -> list[str]:
    """Store the authenticator app once its first code checks; returns the new recovery
    codes (shown once; only their hashes are kept)."""
    step = _step_of(secret, code, now or utcnow())
    if step is None:
        raise AccountError("Enter the 6-digit code your authenticator app shows now", "code")
    with transaction():
        db.session.execute(delete(SecondFactor).where(
            SecondFactor.user_id == user.id, SecondFactor.kind == "totp"))
        factor = SecondFactor(user_id=user.id, kind="totp", name="Authenticator app",
                              totp_secret=secret, totp_last_step=step)
        db.session.add(factor)
        codes = _new_recovery_codes(user)
        audit.record("user.second_factor_added", user=user, obj=user, kind="totp")
        _tell(user, "An authenticator app was added as a second factor of your account")
    return codes


# --- recovery codes ------------------------------------------------------------------


def _hash(code: str) -> str:
    return hashlib.sha256("".join(code.lower().split()).replace("-", "").encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    """Ten new codes replace any old ones (no commit)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(8)  # 64 random bits
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    return codes


def new_recovery_codes(user: User) -> list[str]:
    if not has_factor(user):
        raise AccountError("Set up a second factor first")
    with transaction():
        codes = _new_recovery_codes(user)
        audit.record("user.recovery_codes", user=user, obj=user)
    return codes


# --- the second step of signing in ---------------------------------------------------


@dataclass
class SecondStep:
    ok: bool
    locked: bool = False


def complete_with_code(user: User, code: str, *, now: datetime | None = None) -> SecondStep:
    """Finish a password sign-in with an authenticator code or a recovery code."""
    now = now or utcnow()
    with transaction():
        row = throttle_row(user.email)
        if row.locked_until and row.locked_until > now:
            return SecondStep(False, locked=refuse_locked(user.email, now).locked)
        factor = _accept_code(user, code, now)
        if factor is None:
            return _failed(user, row, now)
        return _signed_in(user, row, now, factor)


def _accept_code(user: User, code: str, now: datetime) -> str | None:
    """The kind of factor that accepts this code ("totp", "recovery_code"), using it up."""
    for factor in factors(user):
        if factor.kind != "totp":
            continue
        step = _step_of(factor.totp_secret, code, now)
        if step is not None and step > (factor.totp_last_step or -1):
            factor.totp_last_step, factor.last_used_at = step, now
            return "totp"
    typed = "".join((code or "").split()).replace("-", "").lower()
    if len(typed) == 16:
        found = db.session.scalar(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(typed),
            RecoveryCode.used_at.is_(None)))
        if found is not None:
            found.used_at = now
            return "recovery_code"
    return None


def _failed(user: User, row, now: datetime) -> SecondStep:
    audit.record(FAILED, actor=user.email, object_type="user", object_id=user.id,
                 step="second_factor").at = now
    return SecondStep(False, locked=count_failure(row, now))


def _signed_in(user: User, row, now: datetime, factor: str) -> SecondStep:
    row.failures, row.locked_until, row.window_started_at = 0, None, now
    user.last_sign_in_at = now
    audit.record("auth.sign_in", user=user, obj=user, method="password", factor=factor).at = now
    return SecondStep(True)


def passkey_sign_in_options(user: User, rp_id: str) -> tuple[str, bytes]:
    return passkeys.authentication_options(factors(user), rp_id)


def complete_with_passkey(user: User, credential: str, *, challenge: bytes, rp_id: str,
                          origin: str, now: datetime | None = None) -> SecondStep:
    now = now or utcnow()
    with transaction():
        row = throttle_row(user.email)
        if row.locked_until and row.locked_until > now:
            return SecondStep(False, locked=refuse_locked(user.email, now).locked)
        factor = passkeys.verify_assertion(factors(user), credential, challenge=challenge,
                                           rp_id=rp_id, origin=origin)
        if factor is None:
            return _failed(user, row, now)
        factor.last_used_at = now
        return _signed_in(user, row, now, "passkey")


# --- passkeys ------------------------------------------------------------------------


def passkey_registration_options(user: User, rp_id: str) -> tuple[str, bytes]:
    return passkeys.registration_options(user, factors(user), rp_id)


def add_passkey(user: User, credential: str, *, challenge: bytes, rp_id: str, origin: str,
                name: str = "") -> list[str] | None:
    """Store a new passkey; returns new recovery codes when it is the user's first factor."""
    verified = passkeys.verify_registration(credential, challenge=challenge, rp_id=rp_id,
                                            origin=origin)
    first = not has_factor(user)
    with transaction():
        db.session.add(SecondFactor(
            user_id=user.id, kind="passkey", name=(name or "Passkey").strip()[:100] or "Passkey",
            credential_id=verified.credential_id, public_key=verified.credential_public_key,
            sign_count=verified.sign_count))
        codes = _new_recovery_codes(user) if first else None
        audit.record("user.second_factor_added", user=user, obj=user, kind="passkey")
        _tell(user, "A passkey was added as a second factor of your account")
    return codes


# --- removing ------------------------------------------------------------------------


def remove_factor(user: User, factor_id: int) -> None:
    """The user removes one of their own factors (refused if policy needs it and it is
    the last)."""
    factor = next((f for f in factors(user) if f.id == factor_id), None)
    if factor is None:
        raise LookupError(factor_id)
    if len(factors(user)) == 1 and required_for(user):
        raise AccountError("Your account needs a second factor: add another before removing "
                           "this one")
    with transaction():
        kind = factor.kind
        db.session.delete(factor)
        db.session.flush()
        if not has_factor(user):
            db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        audit.record("user.second_factor_removed", user=user, obj=user, kind=kind)
        _tell(user, "A second factor was removed from your account")


def reset(user: User, *, by: User) -> None:
    """An admin removes every second factor and recovery code of a user of their office."""
    require(by, "users.manage", user)  # refuses another office's user
    with transaction():
        db.session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        user.session_version += 1  # whoever holds their sessions signs in again
        audit.record("user.second_factor_reset", user=by, obj=user)
        _tell(user, "An administrator removed every second factor of your account (you "
                    "set one up again at your next sign-in)")


SECOND_FACTOR_KIND = "account.second_factor"


def _tell(user: User, change: str) -> None:
    """Email the user that a second factor was added or removed (in the change's own
    transaction, through the outbox; an account message always goes)."""
    queue_message(kind=SECOND_FACTOR_KIND, to=user, context={
        "change": change, "when": date_and_12h_time(utcnow()),
        "account_url": link("second_factor.account")})

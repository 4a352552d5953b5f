"""Personal access tokens for the data feed: made, listed, revoked and checked.

    token, secret = create_token(user, name="Power BI", days=90, by=user)
    user = authenticate(secret)   # None: unknown, expired, revoked, or user disabled

The secret is shown once and never stored: only its sha256 is kept. A use is written
to the audit trail at most once per token per hour (``record_use``), not per request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from models import AccessToken, User, db, utcnow
from models.offices import in_office
from models.permissions import can, require

from . import audit
from .database import start_writing, transaction

MAX_DAYS = 365
DEFAULT_DAYS = 90
NAME_MAX = 100
PREFIX = "apt_"  # tells a token from a password at a glance
USE_AUDIT_EVERY = timedelta(hours=1)


class TokenError(ValueError):
    """A token that cannot be made or revoked as asked; the message says why."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user: User, *, name: str, days: int = DEFAULT_DAYS, by: User | None,
                 now: datetime | None = None) -> tuple[AccessToken, str]:
    """A new token for ``user`` (commits): the row and the secret, shown once. ``by`` is
    the user themselves (None: the command line)."""
    if by is not None and by.id != user.id:
        raise TokenError("A token can only be made by its own user")
    require(by, "tokens.own")
    name = " ".join((name or "").split())
    if not name:
        raise TokenError("Enter a name for the token, such as the report that uses it")
    if len(name) > NAME_MAX:
        raise TokenError(f"The name must be {NAME_MAX} characters or fewer")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise TokenError(f"A token lasts from 1 to {MAX_DAYS} days")
    if not user.active:
        raise TokenError("This user is disabled, so a token would not work")
    now = now or utcnow()
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction():
        token = AccessToken(user_id=user.id, name=name, token_hash=_digest(secret),
                            hint=secret[:10], created_at=now, created_by_id=getattr(by, "id", None),
                            expires_at=now + timedelta(days=days))
        db.session.add(token)
        db.session.flush()
        audit.record("token.create", user=by, actor=None if by else "cli", obj=token,
                     office_id=user.office_id, name=name, days=days, owner=user.email)
    return token, secret


def revoke_token(token: AccessToken, *, by: User | None, now: datetime | None = None) -> None:
    """Revoke a token (commits): its own user, or an admin of its office."""
    if by is not None and by.id != token.user_id:
        require(by, "tokens.manage", token.user)
    if token.revoked_at is not None:
        raise TokenError("This token was already revoked")
    with transaction():
        token.revoked_at = now or utcnow()
        token.revoked_by_id = getattr(by, "id", None)
        audit.record("token.revoke", user=by, actor=None if by else "cli", obj=token,
                     office_id=token.user.office_id, name=token.name, owner=token.user.email)


def is_live(token: AccessToken, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return token.revoked_at is None and token.expires_at > now and token.user.active


def authenticate(secret: str | None, now: datetime | None = None) -> AccessToken | None:
    """The live token with this secret, or None (unknown, expired, revoked, or its user
    disabled). Nothing is written."""
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(select(AccessToken).where(
        AccessToken.token_hash == _digest(secret)))
    if token is None or not is_live(token, now):
        return None
    return token


def record_use(token: AccessToken, *, now: datetime | None = None, path: str = "") -> bool:
    """Note a use in the audit trail, at most once an hour per token (commits then; the
    requests in between write nothing, so "last used" is to the hour). True if written."""
    now = now or utcnow()
    if token.audited_at is not None and now - token.audited_at < USE_AUDIT_EVERY:
        return False
    start_writing()
    with transaction():
        token.last_used_at = token.audited_at = now
        audit.record("token.use", user=token.user, obj=token, name=token.name, path=path)
    return True


def tokens_of(user: User) -> list[AccessToken]:
    return list(db.session.scalars(select(AccessToken).where(AccessToken.user_id == user.id)
                                   .order_by(AccessToken.created_at.desc(), AccessToken.id)))


def office_tokens(office_id: int) -> list[AccessToken]:
    """Every token of the office's users, newest first (for its admins)."""
    return list(db.session.scalars(
        select(AccessToken).join(User, AccessToken.user_id == User.id)
        .where(in_office(User, office_id))
        .order_by(AccessToken.created_at.desc(), AccessToken.id)))


def find_token(token_id: int, *, user: User) -> AccessToken | None:
    """The token, if ``user`` may see it (their own, or an admin's of the office)."""
    token = db.session.get(AccessToken, token_id)
    if token is None:
        return None
    if token.user_id == user.id or can(user, "tokens.manage", token.user):
        return token
    return None


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))

"""The single-use tokens of account links (invitations and password resets), and the
account messages that carry them.

A token is ``secrets.token_urlsafe(32)``: it goes into the emailed link and is never
stored; the database keeps its sha256. It dies when it is used, when it expires
(``INVITE_LINK_HOURS``, ``RESET_LINK_MINUTES``), when a newer token of the same purpose
is issued for the user, and when the user's password changes. Everything here runs in
the caller's transaction and never commits.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from exports.mail_bodies import link
from forms.format import dates
from models import AccountToken, User, db, utcnow
from models.tokens import INVITE, REPLACED, RESET, USED

from . import audit
from .mail import queue_message

INVITE_KIND, RESET_KIND = "account.invite", "account.reset"
PASSWORD_CHANGED_KIND = "account.password_changed"
LINK_ENDPOINTS = {INVITE: "account.accept_invitation", RESET: "account.reset_password"}
MAX_TOKEN_LENGTH = 100  # token_urlsafe(32) is 43 characters


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def lifetime(purpose: str) -> timedelta:
    cfg = current_app.config
    if purpose == INVITE:
        return timedelta(hours=cfg["INVITE_LINK_HOURS"])
    return timedelta(minutes=cfg["RESET_LINK_MINUTES"])


def end_tokens(user: User, *, purpose: str | None = None, reason: str,
               now: datetime | None = None) -> None:
    """End the user's live tokens (of ``purpose``, or all)."""
    query = select(AccountToken).where(AccountToken.user_id == user.id,
                                       AccountToken.ended_at.is_(None))
    if purpose is not None:
        query = query.where(AccountToken.purpose == purpose)
    for row in db.session.scalars(query):
        row.ended_at, row.end_reason = now or utcnow(), reason


def issue(user: User, purpose: str, *, now: datetime | None = None) -> tuple[str, AccountToken]:
    """A new token for the user; their older live one of the same purpose dies."""
    now = now or utcnow()
    end_tokens(user, purpose=purpose, reason=REPLACED, now=now)
    token = secrets.token_urlsafe(32)
    row = AccountToken(user_id=user.id, purpose=purpose, token_hash=digest(token),
                       created_at=now, expires_at=now + lifetime(purpose))
    db.session.add(row)
    db.session.flush()
    return token, row


@dataclass(frozen=True)
class LinkCheck:
    """What a link's token is worth: its row when it can be used, else ``problem``:
    ``unknown``, ``expired``, ``used``, ``replaced``, ``password_changed`` or
    ``disabled`` (the account was disabled)."""

    row: AccountToken | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check(token: str | None, purpose: str, *, now: datetime | None = None,
          lock: bool = False) -> LinkCheck:
    """Whether ``token`` is a live token of ``purpose`` (``lock``: lock its row for the
    transaction, so two uses at once cannot both succeed)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return LinkCheck(None, "unknown")
    query = select(AccountToken).where(AccountToken.token_hash == digest(token),
                                       AccountToken.purpose == purpose)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    row = db.session.scalar(query)
    if row is None:
        return LinkCheck(None, "unknown")
    if row.ended_at is not None:
        return LinkCheck(None, row.end_reason or USED)
    if row.expires_at <= (now or utcnow()):
        return LinkCheck(None, "expired")
    if not row.user.active:
        return LinkCheck(None, "disabled")
    return LinkCheck(row)


def _office_name(user: User) -> str:
    return user.office.name if user.office is not None else ""


def _expiry(row: AccountToken) -> str:
    return dates.date_and_12h_time(row.expires_at)


def invite(user: User, *, by: User | None, now: datetime | None = None) -> None:
    """Issue an invitation token and queue the message that carries its link."""
    token, row = issue(user, INVITE, now=now)
    queue_message(kind=INVITE_KIND, to=user, context={
        "office_name": _office_name(user), "url": link(LINK_ENDPOINTS[INVITE], token=token),
        "expires": _expiry(row), "hours": current_app.config["INVITE_LINK_HOURS"],
        "invited_by": by.name if by is not None else ""})
    audit.record("account.invite_sent", user=by, actor=None if by else "cli", obj=user)


def send_reset(user: User, *, now: datetime | None = None) -> None:
    """Issue a reset token and queue the message that carries its link."""
    token, row = issue(user, RESET, now=now)
    queue_message(kind=RESET_KIND, to=user, context={
        "office_name": _office_name(user), "url": link(LINK_ENDPOINTS[RESET], token=token),
        "expires": _expiry(row), "minutes": current_app.config["RESET_LINK_MINUTES"]})


def tell_password_changed(user: User, *, now: datetime | None = None) -> None:
    """Tell the user their password changed (and so every other session ended)."""
    queue_message(kind=PASSWORD_CHANGED_KIND, to=user, context={
        "office_name": _office_name(user),
        "when": dates.date_and_12h_time(now or utcnow()),
        "reset_url": link("account.forgot_password")})

"""Accounts by email: invitations, "forgot your password", and choosing a password
from an emailed link (the tokens are in ``workflows.tokens``).

- ``resend_invitation(user, by=admin)``: a new invitation link; the old one dies.
- ``request_reset(email, client=...)``: a reset link to the address if it is an active
  account's, throttled per address and per client. The caller learns nothing about
  the address (only whether the *client* asked too often), and both paths take at
  least ``RESET_REQUEST_SECONDS``.
- ``choose_password(token, purpose, password)``: sets the password from a live link;
  the link and every other of the user's links die, and every session ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from models import User, db, utcnow
from models.permissions import require
from models.tokens import INVITE, PASSWORD_CHANGED, USED

from . import audit, throttle, tokens
from .accounts import AccountError, check_new_password, hash_password, normalise_email
from .database import transaction

RESET_ACTIONS = {INVITE: "account.password_set", "reset": "account.reset_done"}


class LinkError(ValueError):
    """The link cannot be used; ``problem`` says why (see ``tokens.LinkCheck``)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def resend_invitation(user: User, *, by: User) -> None:
    """A new invitation for a user who has not yet chosen a password."""
    require(by, "users.manage", user)  # refuses another office's user
    if not user.awaiting_password:
        raise AccountError(f"{user.name} has already chosen a password")
    if not user.active:
        raise AccountError(f"{user.name}'s account is disabled: enable it first")
    with transaction():
        tokens.invite(user, by=by)


@dataclass(frozen=True)
class ResetRequest:
    """``client_limited``: this client asked too often; nothing was looked up."""

    client_limited: bool = False


def request_reset(email: str, *, client: str | None, now: datetime | None = None) -> ResetRequest:
    started = time.monotonic()
    try:
        return _request_reset(normalise_email(email)[:254], client or "unknown", now)
    finally:
        floor = current_app.config["RESET_REQUEST_SECONDS"]
        time.sleep(max(0.0, floor - (time.monotonic() - started)))


def _request_reset(email: str, client: str, now: datetime | None) -> ResetRequest:
    cfg = current_app.config
    window = timedelta(minutes=cfg["RESET_WINDOW_MINUTES"])
    with transaction():
        if not throttle.hit(f"reset-client:{client}", limit=cfg["RESET_MAX_PER_CLIENT"],
                            window=window, now=now):
            audit.record("account.reset_refused", actor=email, reason="client", client=client)
            return ResetRequest(client_limited=True)
        address_ok = throttle.hit(f"reset-address:{email}", limit=cfg["RESET_MAX_PER_ADDRESS"],
                                  window=window, now=now)
        user = db.session.scalar(select(User).where(User.email == email))
        known = user is not None and user.active
        if known and address_ok:
            tokens.send_reset(user, now=now)
        audit.record("account.reset_requested", actor=email,
                     object_type="user" if user else None, object_id=user.id if user else None,
                     office_id=user.office_id if user else None,
                     sent=bool(known and address_ok),
                     **({} if address_ok else {"reason": "address"}))
    return ResetRequest()


def choose_password(token: str, purpose: str, password: str, *,
                    now: datetime | None = None) -> User:
    """Set the password of the link's user; raises LinkError (a dead link) or
    AccountError (a password that breaks the rules; the link stays usable)."""
    check_new_password(password)
    with transaction():  # also ends the request's transaction before the slow hash
        problem = tokens.check(token, purpose, now=now).problem
    if problem:
        raise LinkError(problem)
    hashed = hash_password(password)  # outside a transaction: SQLite's lock is global
    now = now or utcnow()
    with transaction():
        found = tokens.check(token, purpose, now=now, lock=True)  # used meanwhile?
        if not found.ok:
            raise LinkError(found.problem)
        user = found.row.user
        found.row.ended_at, found.row.end_reason = now, USED
        tokens.end_tokens(user, reason=PASSWORD_CHANGED, now=now)
        user.password_hash, user.awaiting_password = hashed, False
        user.session_version += 1  # every session ends, copied cookies included
        audit.record(RESET_ACTIONS[purpose], user=user, obj=user)
        if purpose != INVITE:
            tokens.tell_password_changed(user, now=now)
    return user

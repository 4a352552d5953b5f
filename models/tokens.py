"""Account links: the single-use tokens of invitations and password resets, and the
throttle on asking for reset links.

Only a token's sha256 is stored; the token itself is in the emailed link and nowhere
else. A token ends (``ended_at``, ``end_reason``) when it is used, when a newer one of
the same purpose is issued for the user, or when the user's password changes; past
``expires_at`` it is refused too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .people import User

INVITE, RESET = "invite", "reset"
TOKEN_PURPOSES = (INVITE, RESET)
USED, REPLACED, PASSWORD_CHANGED = "used", "replaced", "password_changed"
END_REASONS = (USED, REPLACED, PASSWORD_CHANGED)


class AccountToken(db.Model):
    __tablename__ = "account_token"
    __table_args__ = (
        CheckConstraint(f"purpose IN {TOKEN_PURPOSES}", name="purpose"),
        CheckConstraint(f"end_reason IS NULL OR end_reason IN {END_REASONS}",
                        name="end_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(20))

    user: Mapped[User] = relationship()


class RequestThrottle(db.Model):
    """Requests counted per key ("reset-address:<email>", "reset-client:<address>") in
    a fixed window that starts at the first request after the last one ended."""

    __tablename__ = "request_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)

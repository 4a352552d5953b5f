"""Personal access tokens: how Excel and Power BI read the data feed (``/odata/``),
which cannot follow a web sign-in.

A user makes tokens for themselves; each has a name, an expiry of at most a year, and is
shown once: only its sha256 is kept. A token reads exactly what its user may read, and
stops working when it expires, is revoked, or its user is disabled.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .people import User


class AccessToken(db.Model):
    __tablename__ = "access_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    hint: Mapped[str] = mapped_column(String(12))  # the token's first characters, to tell it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_used_at: Mapped[datetime | None]
    audited_at: Mapped[datetime | None]  # the last use written to the audit trail

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    @property
    def office_id(self) -> int | None:
        return self.user.office_id

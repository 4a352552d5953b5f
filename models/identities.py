"""Accounts of the organisation's own directory (OpenID Connect), linked to users here.

A user is linked to the provider's stable subject (Entra's ``oid``, else ``sub``) and
the issuer, never to a display name. Somebody the role mapping does not place gets an
access request, which an admin answers by giving a role and an organisation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .people import User

NO_PASSWORD = "!directory"  # the password hash of a user who signs in only through the directory


class UserIdentity(db.Model):
    __tablename__ = "user_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    tenant: Mapped[str | None] = mapped_column(String(100))
    # True: the role and organisation come from the directory's claims at each sign-in;
    # False: an admin gave them here (an access request), and the claims do not change them.
    mapped: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def office_id(self) -> int | None:
        return self.user.office_id


class AccessRequest(db.Model):
    """Somebody who signed in through the directory but whom the mapping does not place."""

    __tablename__ = "access_request"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    tenant: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(40))  # "unmapped", "group_overage", "removed"
    status: Mapped[str] = mapped_column(String(12), default="waiting")  # waiting|granted|refused
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

"""Form input that arrived after its sender's session had ended.

Kept on the server (never in the cookie or browser storage) under a random
token, for the same user to check and save after signing in again; deleted
once saved, or when it expires.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow


class PendingInput(db.Model):
    __tablename__ = "pending_input"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    section_id: Mapped[str] = mapped_column(String(63))
    # the revision the input started from
    base_revision: Mapped[int | None] = mapped_column(Integer)
    form_data: Mapped[list] = mapped_column(default=list)  # [[name, value], ...] as posted
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

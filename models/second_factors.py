"""Second factors of password accounts: an authenticator app (TOTP) or passkeys
(WebAuthn), and the single-use recovery codes given with them (stored hashed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .people import User

FACTOR_KINDS = ("totp", "passkey")
FACTOR_LABELS = {"totp": "Authenticator app", "passkey": "Passkey"}


class SecondFactor(db.Model):
    __tablename__ = "second_factor"
    __table_args__ = (
        CheckConstraint(f"kind IN {FACTOR_KINDS}", name="kind"),
        UniqueConstraint("credential_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(100))
    # TOTP: the shared secret (base32) and the last time step accepted (a code of that
    # step or an earlier one is refused: no code is used twice).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    # Passkey: the credential's id, public key (COSE) and signature counter.
    credential_id: Mapped[bytes | None] = mapped_column(LargeBinary(1024))
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary(2048))
    sign_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        return FACTOR_LABELS.get(self.kind, self.kind)


class RecoveryCode(db.Model):
    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of a random 80-bit code
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]

"""The outbox: every email is a row, written in the same transaction as the change
that causes it, and delivered later by `flask mail send` (workflows/mail_send.py).

A message belongs to an office (None: a message of the service itself, such as an
account message to a service administrator). ``dedupe_key`` is unique when set, so a
message that must go once (a reminder) cannot be queued twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
# Held for the recipient's daily digest, then sent inside one (``digest_id``).
HELD, DIGESTED = "held", "digested"
MAIL_STATUSES = (QUEUED, SENDING, SENT, FAILED, HELD, DIGESTED)
MAIL_STATUS_LABELS = {QUEUED: "Waiting", SENDING: "Sending", SENT: "Sent", FAILED: "Failed",
                      HELD: "Held for the daily digest", DIGESTED: "Sent in a daily digest"}
# Kinds starting with this always go, whatever the recipient's preferences.
ACCOUNT_KIND_PREFIX = "account."


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        CheckConstraint(f"status IN {MAIL_STATUSES}", name="status"),
        CheckConstraint("attempts >= 0", name="attempts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    to_address: Mapped[str] = mapped_column(String(254))
    to_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Notify personalisation: plain strings only (GOV.UK Notify templates use them).
    context_json: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(10), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="SET NULL"), index=True)

    @property
    def status_label(self) -> str:
        return MAIL_STATUS_LABELS.get(self.status, self.status)

    @property
    def is_account_message(self) -> bool:
        return self.kind.startswith(ACCOUNT_KIND_PREFIX)

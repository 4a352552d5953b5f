"""Identified gaps: a permanent identity that lives across rounds."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .people import Organisation, User
from .responses import Response
from .rounds import Round

GAP_STATUSES = ("open", "closed")


class Gap(db.Model):
    __tablename__ = "gap"
    __table_args__ = (
        CheckConstraint(f"status IN {GAP_STATUSES}", name="status"),
        CheckConstraint("status <> 'closed' OR closed_round_id IS NOT NULL", name="closed_round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    questionnaire_key: Mapped[str] = mapped_column(String(63), index=True)
    question_id: Mapped[str] = mapped_column(String(63))
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text)
    area: Mapped[str | None] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    first_round_id: Mapped[int] = mapped_column(ForeignKey("round.id"))
    first_response_id: Mapped[int] = mapped_column(ForeignKey("response.id"))
    closed_round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id"))
    closing_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    organisation: Mapped[Organisation] = relationship()
    first_round: Mapped[Round] = relationship(foreign_keys=[first_round_id])
    closed_round: Mapped[Round | None] = relationship(foreign_keys=[closed_round_id])
    first_response: Mapped[Response] = relationship(foreign_keys=[first_response_id])
    entries: Mapped[list["GapEntry"]] = relationship(back_populates="gap", order_by="GapEntry.id")


class GapEntry(db.Model):
    """A gap as it stands in one response: open (with an update) or closed (with a note)."""

    __tablename__ = "gap_entry"
    __table_args__ = (
        UniqueConstraint("gap_id", "response_id"),
        CheckConstraint(f"status IN {GAP_STATUSES}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gap_id: Mapped[int] = mapped_column(ForeignKey("gap.id"), index=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(63))
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="open")
    update: Mapped[str | None] = mapped_column(Text)  # still open: what has changed
    closing_note: Mapped[str | None] = mapped_column(Text)
    # Carried from the last round and not yet reviewed by the respondent.
    carried: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    gap: Mapped[Gap] = relationship(back_populates="entries")
    response: Mapped[Response] = relationship()
    updated_by: Mapped[User | None] = relationship()

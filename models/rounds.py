"""Assurance rounds (meetings) and who attends them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forms.format.dates import long_date

from .base import db, utcnow
from .questionnaires import QuestionnaireVersion
from .status import CLOSED, PLANNED, PUBLISHED, ROUND_STATUSES


def round_name(title: str, meeting_date: date | None) -> str:
    """A round as the pages name it: its title and meeting date ("CSE assurance,
    22 September 2016"), since the rounds of one questionnaire share a title. The one
    place a round's display name is made (``Round.name``, the ``round_name`` template
    global for roll-up rows)."""
    return f"{title}, {long_date(meeting_date)}" if meeting_date else title


class Round(db.Model):
    __tablename__ = "round"
    __table_args__ = (
        CheckConstraint(f"status IN {ROUND_STATUSES}", name="status"),
        CheckConstraint(f"status <> '{PUBLISHED}' OR published_at IS NOT NULL",
                        name="published_at"),
        CheckConstraint(
            f"status NOT IN {(CLOSED, PUBLISHED)} OR closed_at IS NOT NULL", name="closed_at"
        ),
        CheckConstraint(f"status = '{PLANNED}' OR opened_at IS NOT NULL", name="opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    questionnaire_version_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_version.id"), index=True
    )
    meeting_date: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200), default="")
    chair: Mapped[str] = mapped_column(String(200), default="")
    note_taker: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    invented: Mapped[bool] = mapped_column(default=False)  # demo data not from a real meeting
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    attendees: Mapped[list["Attendee"]] = relationship(
        back_populates="round", order_by="Attendee.position", cascade="all, delete-orphan"
    )
    responses: Mapped[list["Response"]] = relationship(  # noqa: F821
        back_populates="round", order_by="Response.id"
    )

    @property
    def name(self) -> str:
        """The title and meeting date (``round_name``)."""
        return round_name(self.title, self.meeting_date)


class Attendee(db.Model):
    __tablename__ = "attendee"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[str] = mapped_column(String(200), default="")

    round: Mapped[Round] = relationship(back_populates="attendees")

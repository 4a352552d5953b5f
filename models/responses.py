"""Responses to a round, their answers, revisions, review comments and
information added after the meeting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .people import Organisation, User
from .questionnaires import QuestionnaireVersion
from .rounds import Round
from .status import ACCEPTED, RESPONSE_STATUSES, SUBMITTED


class Response(db.Model):
    """One organisation's response to one round."""

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("round_id", "organisation_id"),
        CheckConstraint(f"status IN {RESPONSE_STATUSES}", name="status"),
        CheckConstraint("revision >= 0", name="revision"),
        CheckConstraint(
            f"status NOT IN {(SUBMITTED, ACCEPTED)} OR submitted_at IS NOT NULL",
            name="submitted_at",
        ),
        CheckConstraint(f"status <> '{ACCEPTED}' OR accepted_at IS NOT NULL", name="accepted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    # Bumped by every change; a save names the revision it started from.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    returned_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    round: Mapped[Round] = relationship(back_populates="responses")
    organisation: Mapped[Organisation] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    answers: Mapped[list["Answer"]] = relationship(back_populates="response", order_by="Answer.id")
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    accepted_by: Mapped[User | None] = relationship(foreign_keys=[accepted_by_id])


class Answer(db.Model):
    """The current answer to one question of one response."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(63))
    value: Mapped[dict | list | str | int | float | None] = mapped_column(db.JSON)
    rating: Mapped[int | None] = mapped_column(Integer)  # copy of value for rating questions
    explanation: Mapped[str | None] = mapped_column(Text)
    # Offered from the last round and not yet confirmed or changed.
    from_last_round: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    response: Mapped[Response] = relationship(back_populates="answers")
    updated_by: Mapped[User | None] = relationship()


class ResponseRevision(db.Model):
    """Every change to a response: who, when, what, and what changed."""

    __tablename__ = "response_revision"
    __table_args__ = (UniqueConstraint("response_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # save, submit, return, accept, addition, ...
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # {question_id: {"before": {...}, "after": {...}}} for what this revision changed
    changes: Mapped[dict] = mapped_column(default=dict)

    user: Mapped[User | None] = relationship()


class ReviewComment(db.Model):
    """A reviewer's comment on a question (or the whole response), made on return."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    question_id: Mapped[str | None] = mapped_column(String(63))  # None: the whole response
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    revision_number: Mapped[int] = mapped_column(Integer)  # the response revision it was made on

    author: Mapped[User | None] = relationship()


class Addition(db.Model):
    """Information provided after the meeting, kept apart from the answer."""

    __tablename__ = "addition"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(63))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()

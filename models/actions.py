"""The register of actions and recommendations, and HMICFRS reports.

An ``ActionItem`` is one action agreed at a meeting, one HMICFRS recommendation, area
for improvement or cause of concern, one internal audit recommendation or another
item; it is owned by one organisation (and a named owner) and moves through the
statuses of ``models/action_status.py``. Every change is kept as an ``ActionUpdate``
(dated and attributed). ``ActionLink`` ties an item to the questions, gaps and rounds
it concerns. An ``HmicfrsReport`` holds the items of one inspection report and the
PCC's response to it (due 56 days after publication).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .action_status import ACTION_STATUSES, CLOSED, SOURCES, cc_comments_due, response_due
from .base import db, utcnow
from .gaps import Gap
from .people import Organisation, User
from .rounds import Round

LINK_KINDS = ("question", "gap", "round")
TITLE_MAX = 200
REFERENCE_MAX = 200


class HmicfrsReport(db.Model):
    __tablename__ = "hmicfrs_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    published_on: Mapped[date] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(500))
    # The request to the force for the Chief Constable's comments.
    cc_requested_at: Mapped[datetime | None]
    cc_deadline: Mapped[date | None] = mapped_column(Date)
    cc_comments: Mapped[str | None] = mapped_column(Text)
    # The PCC's response: an introduction, and a comment on each item (on the item).
    response_intro: Mapped[str | None] = mapped_column(Text)
    response_published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    organisation: Mapped[Organisation] = relationship()
    items: Mapped[list["ActionItem"]] = relationship(
        back_populates="report", order_by="ActionItem.id")

    @property
    def response_due(self) -> date:
        return response_due(self.published_on)

    @property
    def cc_due(self) -> date:
        return self.cc_deadline or cc_comments_due(self.published_on)


class ActionItem(db.Model):
    __tablename__ = "action_item"
    __table_args__ = (
        CheckConstraint(f"status IN {ACTION_STATUSES}", name="status"),
        CheckConstraint(f"source IN {SOURCES}", name="source"),
        CheckConstraint(f"status <> '{CLOSED}' OR closed_at IS NOT NULL", name="closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(REFERENCE_MAX))  # "para 4.12"
    report_id: Mapped[int | None] = mapped_column(ForeignKey("hmicfrs_report.id"), index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    detail: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))  # the named owner
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    # The questionnaire whose next response carries the item ("Actions agreed").
    questionnaire_key: Mapped[str | None] = mapped_column(String(63), index=True)
    evidence: Mapped[str | None] = mapped_column(Text)  # what the owner says shows it is done
    response_comment: Mapped[str | None] = mapped_column(Text)  # the PCC's, on a report item
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    report: Mapped[HmicfrsReport | None] = relationship(back_populates="items")
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    updates: Mapped[list["ActionUpdate"]] = relationship(
        back_populates="item", order_by="ActionUpdate.id")
    links: Mapped[list["ActionLink"]] = relationship(
        back_populates="item", order_by="ActionLink.id", cascade="all, delete-orphan")


class ActionUpdate(db.Model):
    """One change to an item, dated and attributed: created, edited, moved, or a note."""

    __tablename__ = "action_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # create, edit, a move's action, update
    status_before: Mapped[str | None] = mapped_column(String(12))
    status_after: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    by_name: Mapped[str] = mapped_column(String(254))  # the author's name, or "system"

    item: Mapped[ActionItem] = relationship(back_populates="updates")
    by: Mapped[User | None] = relationship()


class ActionLink(db.Model):
    """What an item concerns: a question (of a questionnaire), a gap or a round."""

    __tablename__ = "action_link"
    __table_args__ = (
        CheckConstraint(f"kind IN {LINK_KINDS}", name="kind"),
        CheckConstraint("kind <> 'question' OR question_id IS NOT NULL", name="question"),
        CheckConstraint("kind <> 'gap' OR gap_id IS NOT NULL", name="gap"),
        CheckConstraint("kind <> 'round' OR round_id IS NOT NULL", name="round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    questionnaire_key: Mapped[str | None] = mapped_column(String(63))
    question_id: Mapped[str | None] = mapped_column(String(63))
    gap_id: Mapped[int | None] = mapped_column(ForeignKey("gap.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id"), index=True)

    item: Mapped[ActionItem] = relationship(back_populates="links")
    gap: Mapped[Gap | None] = relationship()
    round: Mapped[Round | None] = relationship()

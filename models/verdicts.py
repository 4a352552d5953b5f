"""The OPCC's assurance verdicts on a response's sections (or single questions).

Each row is one version of the verdict on one subject: a section of a response
(``question_id`` empty) or one question of it. The newest version is the verdict; a
version awaiting sign-off may be changed in place (``edits`` counts the changes, so
that a sign-off applies to what the PCC read); a signed-off version is never changed
again, and a change afterwards is a new version. Levels, sources, states and moves:
``models/verdict_terms.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .people import User
from .responses import Response
from .verdict_terms import LEVEL_NAMES, RECORDED, SIGNED_OFF, SOURCE_NAMES, VERDICT_STATUSES


class Verdict(db.Model):
    __tablename__ = "verdict"
    __table_args__ = (
        UniqueConstraint("response_id", "section_id", "question_id", "version"),
        CheckConstraint(f"level IN {LEVEL_NAMES}", name="level"),
        CheckConstraint(f"source IN {SOURCE_NAMES}", name="source"),
        CheckConstraint(f"status IN {VERDICT_STATUSES}", name="status"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint(f"status <> '{SIGNED_OFF}' OR signed_off_at IS NOT NULL",
                        name="signed_off_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    section_id: Mapped[str] = mapped_column(String(63))
    question_id: Mapped[str] = mapped_column(String(63), default="")  # "": the whole section
    version: Mapped[int] = mapped_column(Integer, default=1)
    level: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default=RECORDED)
    edits: Mapped[int] = mapped_column(Integer, default=0)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signed_off_at: Mapped[datetime | None]
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    response: Mapped[Response] = relationship()
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])

    @property
    def round(self):
        """The response's round (its office is the verdict's office)."""
        return self.response.round

    @property
    def subject(self) -> tuple[str, str]:
        return (self.section_id, self.question_id)

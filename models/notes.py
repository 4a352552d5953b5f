"""The notes record of a round: what the note taker edits before publication, and the
published versions of the notes (frozen, never changed).

- ``NotesRecord``: one per round, made when the round closes (or, for a round closed
  without one, at the first change to its notes; until then it reads as a record with
  the default settings and no edited part): the settings of the round's notes
  (whether ratings and the OPCC's verdicts appear, how a list of gaps is introduced)
  and a version counter.
- ``NotesPart``: one edited part of the notes (the purpose, a response as recorded at
  the meeting, its gaps, the information provided after it, the closing paragraph),
  keyed by ``key``. A part with no row reads as the responses say; resetting a part
  deletes its row. ``version`` counts saves, so a second admin saving over a part
  changed since they opened it is told.
- ``NotesVersion``: the notes as published (``content``: the rendered notes as JSON),
  number 1 at publication and one more for each correction, with its reason.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .rounds import Round

GAPS_INTRO = "Identified gaps:"
GAPS_INTROS = (GAPS_INTRO, "")  # how a list of gaps is introduced: the label, or nothing


class NotesRecord(db.Model):
    __tablename__ = "notes_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), unique=True)
    show_ratings: Mapped[bool] = mapped_column(default=True)
    show_verdicts: Mapped[bool] = mapped_column(default=False)  # the OPCC's, on each section
    gaps_intro: Mapped[str] = mapped_column(String(40), default=GAPS_INTRO)
    version: Mapped[int] = mapped_column(Integer, default=0)  # saves of the settings
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[Round] = relationship()
    parts: Mapped[list["NotesPart"]] = relationship(
        back_populates="record", order_by="NotesPart.id", cascade="all, delete-orphan")


class NotesPart(db.Model):
    __tablename__ = "notes_part"
    __table_args__ = (UniqueConstraint("record_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("notes_record.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    record: Mapped[NotesRecord] = relationship(back_populates="parts")


class NotesVersion(db.Model):
    __tablename__ = "notes_version"
    __table_args__ = (UniqueConstraint("round_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)  # the notes as published (JSON)
    reason: Mapped[str | None] = mapped_column(Text)  # a correction's reason
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    round: Mapped[Round] = relationship()

"""Questionnaires and their immutable versions, loaded from YAML."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forms.format.definition import Definition

from .base import db, utcnow
from .offices import Office
from .people import User


class Questionnaire(db.Model):
    """One office's question set (its versions share the YAML ``id``, ``key``).

    An office may publish it to the national library (``library_at``); another office
    that adopts it gets a questionnaire of its own with the same key and question ids,
    ``adopted_from`` the one it came from, so that their answers can be compared.
    """

    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("office_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    key: Mapped[str] = mapped_column(String(63))  # the YAML `id`
    title: Mapped[str] = mapped_column(String(200))  # of the latest version
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    library_at: Mapped[datetime | None]  # when it was published to the national library
    adopted_from_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire.id"))

    versions: Mapped[list["QuestionnaireVersion"]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireVersion.version"
    )
    office: Mapped[Office] = relationship()
    adopted_from: Mapped["Questionnaire | None"] = relationship(remote_side=[id])

    @property
    def lineage_id(self) -> int:
        """The questionnaire it all started from: its own id, or the id of the one it was
        adopted from (questionnaires of one lineage share question ids)."""
        return self.adopted_from_id or self.id


class QuestionnaireVersion(db.Model):
    """One loaded YAML file. Never edited; never deleted once a round uses it."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (UniqueConstraint("questionnaire_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    yaml_text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    definition_json: Mapped[dict]
    question_count: Mapped[int] = mapped_column(Integer)
    loaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="versions")
    loaded_by: Mapped[User | None] = relationship()
    questions: Mapped[list["VersionQuestion"]] = relationship(
        back_populates="version", order_by="VersionQuestion.position"
    )

    @property
    def label(self) -> str:
        return f"{self.questionnaire.key}@{self.version}"

    @property
    def definition(self) -> Definition:
        """The parsed definition, cached per version (versions never change)."""
        return definition_for(self.id, self.definition_json, self.content_hash)


_DEFINITIONS: dict[tuple[int, str | None], Definition] = {}


def definition_for(version_id: int, data: dict, content_hash: str | None = None) -> Definition:
    # Keyed by the content hash too: a row id alone can name another version
    # in another database (tests, a restored backup) within one process.
    key = (version_id, content_hash)
    found = _DEFINITIONS.get(key)
    if found is None:
        found = _DEFINITIONS[key] = Definition.from_dict(data)
    return found


class VersionQuestion(db.Model):
    """One question of one version, flattened for joins (trends, type history)."""

    __tablename__ = "version_question"
    __table_args__ = (UniqueConstraint("version_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(63), index=True)
    position: Mapped[int] = mapped_column(Integer)
    section_id: Mapped[str] = mapped_column(String(63))
    type: Mapped[str] = mapped_column(String(20))
    wording: Mapped[str] = mapped_column(String(500))
    replaces: Mapped[list] = mapped_column(default=list)

    version: Mapped[QuestionnaireVersion] = relationship(back_populates="questions")

"""What the roll-ups share: response statuses, scale points, version look-ups."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from forms.format.definition import Definition, Question
from models import Questionnaire, QuestionnaireVersion, db
from models.status import ACCEPTED, SUBMITTED
from models.status import response_long_label as status_label  # noqa: F401 - for the roll-ups

from .lineage import Lineage

# Responses whose figures count in trends and comparisons. Other statuses are
# shown as such (a point with a status and no value), never mixed in.
COUNTED = (SUBMITTED, ACCEPTED)


@dataclass(frozen=True, slots=True)
class Rating:
    """A rating as the roll-ups report it: value, the scale's label and RAG."""

    value: int | None
    label: str = ""
    rag: str | None = None

    @property
    def text(self) -> str:
        return f"{self.value} – {self.label}" if self.value is not None else ""


def rating_of(question: Question | None, value) -> Rating:
    if value is None or question is None:
        return Rating(None)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return Rating(None)
    point = question.point(number)
    if point is None:
        return Rating(number, str(number), None)
    return Rating(point.value, point.label, point.rag)


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # a history repeats the same few wordings thousands of times
def same_wording(a: str | None, b: str | None) -> bool:
    """Wording compared as read: runs of white space count as one space."""
    return _SPACE.sub(" ", a or "").strip() == _SPACE.sub(" ", b or "").strip()


@dataclass(frozen=True, slots=True)
class QuestionnaireInfo:
    id: int
    key: str
    title: str
    versions: dict[int, Definition]  # questionnaire_version.id -> definition
    version_numbers: dict[int, int]  # questionnaire_version.id -> version number
    lineage: Lineage

    def definition(self, version_id: int) -> Definition:
        return self.versions[version_id]


def questionnaire_info(*, key: str | None = None, questionnaire_id: int | None = None
                       ) -> QuestionnaireInfo | None:
    """One query: a questionnaire's versions with their definitions and lineage."""
    stmt = select(QuestionnaireVersion, Questionnaire).join(
        Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
    if key is not None:
        stmt = stmt.where(Questionnaire.key == key)
    else:
        stmt = stmt.where(Questionnaire.id == questionnaire_id)
    rows = db.session.execute(stmt.order_by(QuestionnaireVersion.version)).all()
    if not rows:
        return None
    versions = {v.id: v.definition for v, _ in rows}
    numbers = {v.id: v.version for v, _ in rows}
    q = rows[0][1]
    return QuestionnaireInfo(q.id, q.key, q.title, versions, numbers,
                             Lineage([v.definition for v, _ in rows]))


def rating_questions(definition: Definition) -> list[Question]:
    return [q for q in definition.questions if q.kind.is_rating]


def section_titles(definition: Definition) -> dict[str, str]:
    return {s.id: s.title for s in definition.sections}

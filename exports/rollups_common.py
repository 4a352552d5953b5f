"""What the roll-ups share: response statuses, scale points, version look-ups, and the
office a roll-up reads.

Every roll-up reads one office's rows only: it takes ``office_id`` (the user's office,
from the view; the office the command line names) and scopes each query with
``models.offices.in_office``. ``office_id`` None is the service's only office (tests,
a one-office service's command line), refused with several offices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from forms.format.definition import Definition, Question
from models import Office, Questionnaire, QuestionnaireVersion, db
from models.offices import in_office
from models.status import ACCEPTED, SUBMITTED
from models.status import response_long_label as status_label  # noqa: F401 - for the roll-ups

from .lineage import Lineage

# Responses whose figures count in trends and comparisons. Other statuses are
# shown as such (a point with a status and no value), never mixed in.
COUNTED = (SUBMITTED, ACCEPTED)


class OfficeNotGiven(LookupError):
    """A roll-up was asked without an office on a service of several offices."""


def office_scope(office_id: int | None) -> int:
    """``office_id``, or the only office's id when None (0, which no row has, before there
    is any office): one query in that case, none otherwise. OfficeNotGiven with several."""
    if office_id is not None:
        return office_id
    found = db.session.scalars(select(Office.id).order_by(Office.id).limit(2)).all()
    if len(found) > 1:
        raise OfficeNotGiven("This service has several offices: say which office to read")
    return found[0] if found else 0


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


class RatingMemo:
    """``rating_of``, remembered per question and value, for a roll-up that asks it again
    and again. Questions are keyed by identity: they must outlive the memo (they do when
    they come from the roll-up's own QuestionnaireInfo)."""

    def __init__(self) -> None:
        self._found: dict[tuple[int, object], Rating] = {}

    def __call__(self, question: Question | None, value) -> Rating:
        key = (id(question), value)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = rating_of(question, value)
        return found


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
    office_id: int
    versions: dict[int, Definition]  # questionnaire_version.id -> definition
    version_numbers: dict[int, int]  # questionnaire_version.id -> version number
    lineage: Lineage

    def definition(self, version_id: int) -> Definition:
        return self.versions[version_id]


def questionnaire_info(*, key: str | None = None, questionnaire_id: int | None = None,
                       office_id: int | None = None) -> QuestionnaireInfo | None:
    """One query: a questionnaire of the office with its versions, their definitions and
    lineage (None when the office has no such questionnaire)."""
    stmt = select(QuestionnaireVersion, Questionnaire).join(
        Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id).where(
        in_office(Questionnaire, office_scope(office_id)))
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
    return QuestionnaireInfo(q.id, q.key, q.title, q.office_id, versions, numbers,
                             Lineage([v.definition for v, _ in rows]))


def rating_questions(definition: Definition) -> list[Question]:
    return [q for q in definition.questions if q.kind.is_rating]


def section_titles(definition: Definition) -> dict[str, str]:
    return {s.id: s.title for s in definition.sections}

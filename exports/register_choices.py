"""What an item of the register can be linked to, for its form's choices: the office's
organisations, questionnaires, rounds, questions (of each questionnaire's latest
version) and gaps. Read-only, one office's rows only."""

from __future__ import annotations

from sqlalchemy import func, select

from models import (
    Gap,
    Organisation,
    Questionnaire,
    QuestionnaireVersion,
    Round,
    VersionQuestion,
    db,
)
from models.offices import in_office

GAP_CHOICES_MAX = 500
WORDING_SHOWN = 90


def organisations(office_id: int) -> list[tuple[str, str]]:
    return [(str(o.id), o.name) for o in db.session.scalars(
        select(Organisation).where(in_office(Organisation, office_id)).order_by(Organisation.name))]


def questionnaires(office_id: int) -> list[tuple[str, str]]:
    return [(q.key, q.title) for q in db.session.scalars(
        select(Questionnaire).where(in_office(Questionnaire, office_id))
        .order_by(Questionnaire.title))]


def rounds(office_id: int) -> list[tuple[str, str]]:
    return [(str(r.id), r.name) for r in db.session.scalars(
        select(Round).where(in_office(Round, office_id))
        .order_by(Round.meeting_date.desc(), Round.id.desc()))]


def questions(office_id: int) -> list[tuple[str, str]]:
    """("key|question id", "Questionnaire: wording") of each questionnaire's latest version."""
    latest = (select(QuestionnaireVersion.questionnaire_id,
                     func.max(QuestionnaireVersion.version).label("v"))
              .group_by(QuestionnaireVersion.questionnaire_id).subquery())
    stmt = (select(Questionnaire.key, Questionnaire.title, VersionQuestion.question_id,
                   VersionQuestion.wording)
            .join(QuestionnaireVersion, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
            .join(latest, (latest.c.questionnaire_id == Questionnaire.id)
                  & (latest.c.v == QuestionnaireVersion.version))
            .join(VersionQuestion, VersionQuestion.version_id == QuestionnaireVersion.id)
            .where(in_office(Questionnaire, office_id))
            .order_by(Questionnaire.title, VersionQuestion.position))
    return [(f"{key}|{qid}", f"{title}: {_short(wording)}")
            for key, title, qid, wording in db.session.execute(stmt)]


def gaps(office_id: int) -> list[tuple[str, str]]:
    stmt = (select(Gap.id, Gap.title, Organisation.name)
            .join(Organisation, Gap.organisation_id == Organisation.id)
            .where(in_office(Organisation, office_id), Gap.status == "open")
            .order_by(Organisation.name, Gap.title, Gap.id).limit(GAP_CHOICES_MAX))
    return [(str(i), f"{org}: {title or 'Untitled gap'}") for i, title, org in
            db.session.execute(stmt)]


def _short(text: str) -> str:
    return text if len(text) <= WORDING_SHOWN else text[:WORDING_SHOWN - 1].rstrip() + "…"

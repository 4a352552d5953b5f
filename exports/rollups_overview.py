"""Small listings for the PCC's pages and home panels: questionnaires with
rounds, recent rounds, organisations; each of one office (``office_id``; None: the
only office)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from models import Organisation, Questionnaire, QuestionnaireVersion, Response, Round, db
from models.offices import in_office

from .rollups_common import office_scope


@dataclass(frozen=True, slots=True)
class QuestionnaireSummary:
    key: str
    title: str
    rounds: int
    latest_meeting: date | None


@dataclass(frozen=True, slots=True)
class RoundSummary:
    id: int
    title: str
    meeting_date: date
    status: str
    questionnaire_key: str
    version: int
    responses: int


def questionnaires_with_rounds(organisation_id: int | None = None, *,
                               office_id: int | None = None) -> list[QuestionnaireSummary]:
    """The office's questionnaires that rounds have used (for one organisation: that it
    responded to)."""
    office_id = office_scope(office_id)
    stmt = (select(Questionnaire.key, Questionnaire.title, func.count(func.distinct(Round.id)),
                   func.max(Round.meeting_date))
            .join(QuestionnaireVersion, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
            .join(Round, Round.questionnaire_version_id == QuestionnaireVersion.id)
            .where(in_office(Questionnaire, office_id), in_office(Round, office_id))
            .group_by(Questionnaire.key, Questionnaire.title).order_by(Questionnaire.title))
    if organisation_id is not None:
        stmt = stmt.join(Response, Response.round_id == Round.id).where(
            Response.organisation_id == organisation_id)
    return [QuestionnaireSummary(*row) for row in db.session.execute(stmt)]


def recent_rounds(limit: int = 10, *, office_id: int | None = None) -> list[RoundSummary]:
    """The office's latest rounds by meeting date, with how many responses each has."""
    counts = (select(Response.round_id, func.count().label("n"))
              .group_by(Response.round_id).subquery())
    stmt = (select(Round.id, Round.title, Round.meeting_date, Round.status, Questionnaire.key,
                   QuestionnaireVersion.version, func.coalesce(counts.c.n, 0))
            .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.id)
            .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
            .outerjoin(counts, counts.c.round_id == Round.id)
            .where(in_office(Round, office_scope(office_id)))
            .order_by(Round.meeting_date.desc(), Round.id.desc()).limit(limit))
    return [RoundSummary(*row) for row in db.session.execute(stmt)]


def organisations(*, office_id: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of the office's organisations, by name."""
    return [tuple(r) for r in db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(in_office(Organisation, office_scope(office_id))).order_by(Organisation.name))]


def recent_meetings_start(key: str, organisation_id: int, meetings: int, *,
                          office_id: int | None = None) -> date | None:
    """The date of the earliest of an organisation's latest `meetings` rounds of the
    office's questionnaire (None when it has no more rounds than that): one query,
    whatever the history's length."""
    office_id = office_scope(office_id)
    stmt = (select(Round.meeting_date)
            .join(Response, Response.round_id == Round.id)
            .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.id)
            .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
            .where(Questionnaire.key == key, Response.organisation_id == organisation_id,
                   in_office(Questionnaire, office_id), in_office(Round, office_id))
            .order_by(Round.meeting_date.desc(), Round.id.desc())
            .offset(meetings - 1).limit(2))
    found = db.session.scalars(stmt).all()
    return found[0] if len(found) == 2 else None

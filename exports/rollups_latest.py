"""The latest ratings of every organisation for a questionnaire, side by side.

Each organisation's latest submitted or accepted response (any version);
ratings matched across versions by trend key (id and ``replaces``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from models import Answer, Organisation, Response, Round, db
from models.offices import in_office

from .rollups_common import (
    COUNTED,
    QuestionnaireInfo,
    Rating,
    questionnaire_info,
    rating_of,
    status_label,
)


@dataclass(frozen=True, slots=True)
class LatestResponse:
    organisation_id: int
    organisation: str
    response_id: int
    status: str
    version_id: int
    version: int
    round_id: int
    round_title: str
    meeting_date: date

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True, slots=True)
class LatestRow:
    key: str
    wording: str
    cells: tuple[Rating, ...]  # one per organisation, in LatestRatings.responses order


@dataclass
class LatestRatings:
    questionnaire: QuestionnaireInfo
    responses: list[LatestResponse]
    rows: list[LatestRow]


def _latest_responses(info: QuestionnaireInfo):
    ranked = (
        select(Response.id, Response.organisation_id, Organisation.name.label("org_name"),
               Response.status, Response.questionnaire_version_id, Round.id.label("round_id"),
               Round.title, Round.meeting_date,
               func.row_number().over(partition_by=Response.organisation_id,
                                      order_by=(Round.meeting_date.desc(), Round.id.desc()))
               .label("rn"))
        .join(Round, Response.round_id == Round.id)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Round.questionnaire_version_id.in_(list(info.versions)),
               in_office(Round, info.office_id), Response.status.in_(COUNTED))
    ).subquery()
    return ranked


def latest_ratings(key: str, *, office_id: int | None = None) -> LatestRatings | None:
    """Three queries: versions, each organisation's latest counted response, their ratings
    (of the office's questionnaire ``key``; None when it has none)."""
    info = questionnaire_info(key=key, office_id=office_id)
    if info is None:
        return None
    ranked = _latest_responses(info)
    rows = db.session.execute(
        select(ranked).where(ranked.c.rn == 1).order_by(ranked.c.org_name, ranked.c.organisation_id)
    ).all()
    responses = [LatestResponse(r.organisation_id, r.org_name, r.id, r.status,
                                r.questionnaire_version_id,
                                info.version_numbers[r.questionnaire_version_id], r.round_id,
                                r.title, r.meeting_date) for r in rows]
    ratings = db.session.execute(
        select(Answer.response_id, Answer.question_id, Answer.rating)
        .join(ranked, ranked.c.id == Answer.response_id)
        .where(ranked.c.rn == 1, Answer.rating.is_not(None))).all()
    by_response: dict[int, dict[str, int]] = {}
    for response_id, question_id, rating in ratings:
        by_response.setdefault(response_id, {})[question_id] = rating
    lineage = info.lineage
    cells: dict[str, dict[int, Rating]] = {}
    for resp in responses:
        definition = info.definition(resp.version_id)
        for q in definition.questions:
            if q.kind.is_rating:
                value = by_response.get(resp.response_id, {}).get(q.id)
                cells.setdefault(lineage.key(q.id), {})[resp.organisation_id] = rating_of(q, value)
    out = []
    for k in lineage.ordered(cells):
        newest = lineage.latest_question(k)
        out.append(LatestRow(k, newest.question if newest else k, tuple(
            cells[k].get(r.organisation_id, Rating(None)) for r in responses)))
    return LatestRatings(info, responses, out)

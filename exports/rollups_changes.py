"""Changes since the previous round of the same questionnaire, per organisation.

"Previous" is each organisation's latest earlier response to the same
questionnaire (any version) that was submitted or accepted; ratings are
matched by question id and through ``replaces``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, or_, select

from models import Answer, Gap, GapEntry, QuestionnaireVersion, Response, Round, db
from models.offices import in_office

from .rollups_common import (
    COUNTED,
    QuestionnaireInfo,
    Rating,
    questionnaire_info,
    rating_of,
    status_label,
)
from .rollups_round import OrgResponse, RoundInfo, round_info, round_responses

UP, DOWN, SAME, NEW, NOT_RATED = "up", "down", "same", "new", "not rated"
CHANGE_LABELS = {UP: "Up", DOWN: "Down", SAME: "Same", NEW: "New", NOT_RATED: "Not rated"}


@dataclass(frozen=True, slots=True)
class PreviousResponse:
    response_id: int
    round_id: int
    round_title: str
    meeting_date: date
    status: str
    version_id: int


@dataclass(frozen=True, slots=True)
class ChangeRow:
    organisation: str
    organisation_id: int
    status: str  # of this round's response
    question_id: str
    wording: str
    previous_round: str
    previous_date: date | None
    previous: Rating
    current: Rating
    change: str  # up / down / same / new / not rated; "" for a question that is not a rating
    gaps_new: int
    gaps_carried: int
    gaps_closed: int

    @property
    def change_label(self) -> str:
        return CHANGE_LABELS.get(self.change, "")

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def difference(self) -> int | None:
        if self.previous.value is None or self.current.value is None:
            return None
        return self.current.value - self.previous.value


@dataclass
class RoundChanges:
    round: RoundInfo
    questionnaire: QuestionnaireInfo
    responses: list[OrgResponse]
    previous: dict[int, PreviousResponse]  # organisation id -> previous response
    rows: list[ChangeRow] = field(default_factory=list)


def previous_responses(info: RoundInfo) -> dict[int, PreviousResponse]:
    """Each organisation of the round: its latest earlier counted response (one query)."""
    orgs = select(Response.organisation_id).where(Response.round_id == info.id)
    ranked = (
        select(Response.id, Response.organisation_id, Round.id.label("round_id"), Round.title,
               Round.meeting_date, Response.status, Response.questionnaire_version_id,
               func.row_number().over(partition_by=Response.organisation_id,
                                      order_by=(Round.meeting_date.desc(), Round.id.desc()))
               .label("rn"))
        .join(Round, Response.round_id == Round.id)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.id)
        .where(QuestionnaireVersion.questionnaire_id == info.questionnaire_id,
               in_office(Round, info.office_id), Response.status.in_(COUNTED),
               Response.organisation_id.in_(orgs),
               or_(Round.meeting_date < info.meeting_date,
                   and_(Round.meeting_date == info.meeting_date, Round.id < info.id)))
    ).subquery()
    rows = db.session.execute(select(ranked).where(ranked.c.rn == 1)).all()
    return {r.organisation_id: PreviousResponse(r.id, r.round_id, r.title, r.meeting_date,
                                                r.status, r.questionnaire_version_id)
            for r in rows}


def _ratings(response_ids: list[int]) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    if not response_ids:
        return found
    rows = db.session.execute(
        select(Answer.response_id, Answer.question_id, Answer.rating)
        .where(Answer.response_id.in_(response_ids), Answer.rating.is_not(None))).all()
    for response_id, question_id, rating in rows:
        found.setdefault(response_id, {})[question_id] = rating
    return found


def _gap_changes(round_id: int) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(response, question) -> (new, carried, closed) gap counts (one query)."""
    is_new = Gap.first_response_id == GapEntry.response_id
    new = func.sum(case((is_new, 1), else_=0))
    carried = func.sum(case((and_(~is_new, GapEntry.status == "open"), 1), else_=0))
    closed = func.sum(case((GapEntry.status == "closed", 1), else_=0))
    rows = db.session.execute(
        select(GapEntry.response_id, GapEntry.question_id, new, carried, closed)
        .join(Gap, GapEntry.gap_id == Gap.id)
        .join(Response, GapEntry.response_id == Response.id)
        .where(Response.round_id == round_id)
        .group_by(GapEntry.response_id, GapEntry.question_id)).all()
    return {(r, q): (int(a or 0), int(b or 0), int(c or 0)) for r, q, a, b, c in rows}


def _change(previous: Rating, current: Rating) -> str:
    if current.value is None:
        return NOT_RATED
    if previous.value is None:
        return NEW
    if current.value > previous.value:
        return UP
    return DOWN if current.value < previous.value else SAME


def changing_questions(definition) -> list:
    """The questions a comparison covers: ratings, and questions that carry gaps."""
    return [q for q in definition.questions if q.kind.is_rating or q.has_gaps]


def round_changes(round_id: int, *, office_id: int | None = None) -> RoundChanges | None:
    """Rating and gap changes of every organisation in the office's round (seven queries;
    None when the office has no such round)."""
    info = round_info(round_id, office_id=office_id)
    if info is None:
        return None
    questionnaire = questionnaire_info(questionnaire_id=info.questionnaire_id,
                                       office_id=info.office_id)
    lineage = questionnaire.lineage
    result = RoundChanges(info, questionnaire, round_responses(info), previous_responses(info))
    ids = ([r.response_id for r in result.responses]
           + [p.response_id for p in result.previous.values()])
    ratings, gaps = _ratings(ids), _gap_changes(round_id)
    for resp in result.responses:
        prev = result.previous.get(resp.organisation_id)
        before: dict[str, Rating] = {}
        if prev is not None:
            prev_def = questionnaire.definition(prev.version_id)
            for qid, value in ratings.get(prev.response_id, {}).items():
                q = prev_def.question(qid)
                if q is not None and q.kind.is_rating:
                    before[lineage.key(qid)] = rating_of(q, value)
        now = ratings.get(resp.response_id, {})
        for q in changing_questions(questionnaire.definition(resp.version_id)):
            previous = before.get(lineage.key(q.id), Rating(None))
            current = rating_of(q, now.get(q.id))
            new, carried, closed = gaps.get((resp.response_id, q.id), (0, 0, 0))
            result.rows.append(ChangeRow(
                organisation=resp.organisation, organisation_id=resp.organisation_id,
                status=resp.status, question_id=q.id, wording=q.question,
                previous_round=prev.round_title if prev else "",
                previous_date=prev.meeting_date if prev else None, previous=previous,
                current=current,
                change=_change(previous, current) if q.kind.is_rating else "", gaps_new=new,
                gaps_carried=carried, gaps_closed=closed))
    return result

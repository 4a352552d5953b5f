"""A round's answers: one row per organisation and question; ratings by
organisation; the gaps of the round."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from forms.format.definition import Question
from forms.format.types.rating import as_rating_value
from models import (
    Addition,
    Answer,
    Attendee,
    Gap,
    GapEntry,
    Organisation,
    QuestionnaireVersion,
    Response,
    Round,
    User,
    db,
)
from models.offices import in_office

from .rollups_common import (
    COUNTED,
    QuestionnaireInfo,
    Rating,
    office_scope,
    questionnaire_info,
    rating_of,
    rating_questions,
    section_titles,
    status_label,
)


@dataclass(frozen=True, slots=True)
class RoundInfo:
    id: int
    title: str
    meeting_date: date
    venue: str
    chair: str
    note_taker: str
    status: str
    questionnaire_key: str
    questionnaire_title: str
    questionnaire_id: int
    version: int
    version_id: int
    office_id: int
    attendees: tuple[tuple[str, str], ...] = ()  # (name, capacity)


@dataclass(frozen=True, slots=True)
class OrgResponse:
    organisation_id: int
    organisation: str
    response_id: int
    status: str
    version_id: int
    submitted_at: datetime | None
    accepted_at: datetime | None

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def counted(self) -> bool:
        return self.status in COUNTED


@dataclass(frozen=True, slots=True)
class AdditionRow:
    at: datetime
    author: str
    body: str


@dataclass(frozen=True, slots=True)
class AnswerRow:
    organisation: str
    organisation_id: int
    response_id: int
    status: str
    section: str
    question_id: str
    question_type: str
    wording: str
    answer: str | int | float | date | None  # text as stored; numbers and dates typed
    rating: Rating
    explanation: str
    gaps: int
    gaps_open: int
    additions: tuple[AdditionRow, ...]
    from_last_round: bool
    options: tuple[int | None, ...] = ()  # multi-choice: 1/0 per option (see option_cells)


@dataclass
class RoundAnswers:
    round: RoundInfo
    questionnaire: QuestionnaireInfo
    responses: list[OrgResponse]
    rows: list[AnswerRow] = field(default_factory=list)


def round_info(round_id: int, *, office_id: int | None = None) -> RoundInfo | None:
    """Two queries: the office's round with its questionnaire version, and its attendees
    (None when the office has no such round)."""
    row = db.session.execute(
        select(Round, QuestionnaireVersion)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.id)
        .where(Round.id == round_id, in_office(Round, office_scope(office_id)))).first()
    if row is None:
        return None
    rnd, version = row
    attendees = db.session.execute(
        select(Attendee.name, Attendee.capacity).where(Attendee.round_id == round_id)
        .order_by(Attendee.position)).all()
    return RoundInfo(
        id=rnd.id, title=rnd.title, meeting_date=rnd.meeting_date, venue=rnd.venue or "",
        chair=rnd.chair or "", note_taker=rnd.note_taker or "", status=rnd.status,
        questionnaire_key=version.definition.id, questionnaire_title=version.title,
        questionnaire_id=version.questionnaire_id, version=version.version, version_id=version.id,
        office_id=rnd.office_id, attendees=tuple((a.name, a.capacity or "") for a in attendees))


def round_responses(info: RoundInfo) -> list[OrgResponse]:
    """The responses to a round (found by ``round_info``), by organisation name."""
    rows = db.session.execute(
        select(Response, Organisation.name)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Response.round_id == info.id, in_office(Organisation, info.office_id))
        .order_by(Organisation.name, Organisation.id)).all()
    return [OrgResponse(r.organisation_id, name, r.id, r.status, r.questionnaire_version_id,
                        r.submitted_at, r.accepted_at) for r, name in rows]


def _answers(round_id: int) -> dict[tuple[int, str], Answer]:
    rows = db.session.scalars(
        select(Answer).join(Response, Answer.response_id == Response.id)
        .where(Response.round_id == round_id)).all()
    return {(a.response_id, a.question_id): a for a in rows}


def _gap_counts(round_id: int) -> dict[tuple[int, str], tuple[int, int]]:
    open_ = func.sum(case((GapEntry.status == "open", 1), else_=0))
    rows = db.session.execute(
        select(GapEntry.response_id, GapEntry.question_id, func.count(), open_)
        .join(Response, GapEntry.response_id == Response.id)
        .where(Response.round_id == round_id)
        .group_by(GapEntry.response_id, GapEntry.question_id)).all()
    return {(r, q): (n, int(o or 0)) for r, q, n, o in rows}


def _additions(round_id: int) -> dict[tuple[int, str], list[AdditionRow]]:
    rows = db.session.execute(
        select(Addition.response_id, Addition.question_id, Addition.at, User.name, Addition.body)
        .join(Response, Addition.response_id == Response.id)
        .outerjoin(User, Addition.author_id == User.id)
        .where(Response.round_id == round_id)
        .order_by(Addition.at, Addition.id)).all()
    found: dict[tuple[int, str], list[AdditionRow]] = defaultdict(list)
    for response_id, question_id, at, author, body in rows:
        found[(response_id, question_id)].append(AdditionRow(at, author or "", body))
    return found


def answer_value(question: Question, answer: Answer | None):
    """An answer as a cell shows it: text exactly as stored, numbers and dates typed."""
    if answer is None or answer.value in (None, "", []):
        return None
    return question.kind.cell_value(question, answer.value, answer.rating)


def round_answers(round_id: int, *, office_id: int | None = None) -> RoundAnswers | None:
    """Every organisation's answer to every question of the office's round (seven
    queries; None when the office has no such round)."""
    info = round_info(round_id, office_id=office_id)
    if info is None:
        return None
    questionnaire = questionnaire_info(questionnaire_id=info.questionnaire_id,
                                       office_id=info.office_id)
    result = RoundAnswers(info, questionnaire, round_responses(info))
    answers, gaps, additions = _answers(round_id), _gap_counts(round_id), _additions(round_id)
    for resp in result.responses:
        definition = questionnaire.definition(resp.version_id)
        sections = section_titles(definition)
        for q in definition.questions:
            key = (resp.response_id, q.id)
            a = answers.get(key)
            rating = (rating_of(q, as_rating_value(a.rating, a.value)) if a and q.kind.is_rating
                      else Rating(None))
            n, n_open = gaps.get(key, (0, 0))
            result.rows.append(AnswerRow(
                organisation=resp.organisation, organisation_id=resp.organisation_id,
                response_id=resp.response_id, status=resp.status, section=sections[q.section_id],
                question_id=q.id, question_type=q.type, wording=q.question,
                answer=answer_value(q, a), rating=rating,
                explanation=(a.explanation or "") if a else "", gaps=n, gaps_open=n_open,
                additions=tuple(additions.get(key, ())),
                from_last_round=bool(a and a.from_last_round),
                options=q.kind.option_cells(q, a.value if a else None)))
    return result


@dataclass(frozen=True, slots=True)
class RatingsRow:
    question_id: str
    section: str
    wording: str
    cells: tuple[Rating, ...]  # one per organisation, in RatingsMatrix.responses order


@dataclass
class RatingsMatrix:
    responses: list[OrgResponse]
    rows: list[RatingsRow]


def ratings_by_org(answers: RoundAnswers) -> RatingsMatrix:
    """Rating questions by organisations, from a round's answers (no queries)."""
    found = {(r.response_id, r.question_id): r.rating for r in answers.rows}
    definition = answers.questionnaire.definition(answers.round.version_id)
    sections = section_titles(definition)
    rows = [RatingsRow(q.id, sections[q.section_id], q.question,
                       tuple(found.get((resp.response_id, q.id), Rating(None))
                             for resp in answers.responses))
            for q in rating_questions(definition)]
    return RatingsMatrix(answers.responses, rows)


@dataclass(frozen=True, slots=True)
class RoundGapRow:
    organisation: str
    response_id: int
    question_id: str
    gap_id: int
    title: str
    detail: str
    area: str
    owner: str
    target_date: date | None
    status: str  # in this round
    carried: bool  # first identified in an earlier round
    first_round: str
    first_round_date: date
    rounds_open: int
    update: str
    closing_note: str


def open_counts_subquery(gap_ids=None, office_id: int | None = None,
                         as_of_round_id: int | None = None):
    """Per gap: the rounds whose submitted response has it open (carried, updated or
    new); the round that closes it is not counted. As ``workflows.gap_register``.
    ``gap_ids`` (a list or a subquery) limits the work to those gaps, ``office_id`` to
    that office's responses; ``as_of_round_id`` counts only the rounds held by that
    round's meeting (it and earlier meetings), so that a past round's figure never
    changes when later rounds are held."""
    stmt = (select(GapEntry.gap_id,
                   func.count(func.distinct(Response.round_id)).label("rounds_open"))
            .join(Response, GapEntry.response_id == Response.id)
            .where(GapEntry.status == "open", Response.submitted_at.is_not(None)))
    if as_of_round_id is not None:
        held, this = aliased(Round), aliased(Round)
        stmt = (stmt.join(held, Response.round_id == held.id)
                .join(this, this.id == as_of_round_id)
                .where(or_(held.meeting_date < this.meeting_date,
                           and_(held.meeting_date == this.meeting_date, held.id <= this.id))))
    if gap_ids is not None:
        stmt = stmt.where(GapEntry.gap_id.in_(gap_ids))
    if office_id is not None:
        stmt = stmt.where(in_office(Response, office_id))
    return stmt.group_by(GapEntry.gap_id).subquery()


def round_gaps(round_id: int, *, office_id: int | None = None) -> list[RoundGapRow]:
    """The gaps as they stood in the responses to the office's round (one query), with
    the rounds open as of its meeting: later rounds never change them."""
    office_id = office_scope(office_id)
    first = aliased(Round)
    in_round = (select(GapEntry.gap_id).join(Response, GapEntry.response_id == Response.id)
                .where(Response.round_id == round_id))
    counts = open_counts_subquery(in_round, office_id, as_of_round_id=round_id)
    rows = db.session.execute(
        select(GapEntry, Gap, Organisation.name, first.title, first.meeting_date,
               func.coalesce(counts.c.rounds_open, 0))
        .join(Gap, GapEntry.gap_id == Gap.id)
        .join(Response, GapEntry.response_id == Response.id)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .join(first, Gap.first_round_id == first.id)
        .outerjoin(counts, counts.c.gap_id == Gap.id)
        .where(Response.round_id == round_id, in_office(Organisation, office_id))
        .order_by(Organisation.name, GapEntry.question_id, GapEntry.position, GapEntry.id)).all()
    return [RoundGapRow(
        organisation=org, response_id=e.response_id, question_id=e.question_id, gap_id=g.id,
        title=g.title, detail=g.detail or "", area=g.area or "", owner=g.owner or "",
        target_date=g.target_date, status=e.status, carried=g.first_response_id != e.response_id,
        first_round=first_title, first_round_date=first_date, rounds_open=int(n),
        update=e.update or "", closing_note=e.closing_note or "")
        for e, g, org, first_title, first_date, n in rows]

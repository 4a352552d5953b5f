"""The gap register: every gap with its organisation, question, first round,
rounds open, status and closing note; filtered in SQL and paged.

Same rules as ``workflows.gap_register``: only gaps the OPCC has been sent
(first identified in a response that has been submitted) are listed, and
"rounds open" counts the rounds whose submitted response has the gap open.
Every function reads one office's gaps (``office_id``; None: the only office): a filter
naming another office's organisation finds nothing, as an unknown one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterator

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from models import (
    Gap,
    GapEntry,
    Organisation,
    Questionnaire,
    Response,
    Round,
    VersionQuestion,
    db,
)
from models.offices import in_office

from .rollups_common import office_scope
from .rollups_round import open_counts_subquery


@dataclass(frozen=True, slots=True)
class GapFilters:
    organisation_id: int | None = None
    status: str | None = None  # open | closed
    area: str | None = None
    min_rounds_open: int | None = None
    questionnaire_key: str | None = None

    @property
    def active(self) -> bool:
        return any(v not in (None, "") for v in (self.organisation_id, self.status, self.area,
                                                  self.min_rounds_open, self.questionnaire_key))


@dataclass(frozen=True, slots=True)
class GapRow:
    gap_id: int
    organisation_id: int
    organisation: str
    questionnaire_key: str
    questionnaire: str
    question_id: str
    question: str  # the wording in the round where the gap was first identified
    title: str
    detail: str
    area: str
    owner: str
    target_date: date | None
    status: str
    first_round: str
    first_round_date: date
    closed_round: str
    closed_round_date: date | None
    rounds_open: int
    closing_note: str
    first_response_id: int
    latest_response_id: int | None  # the answer where the gap last stood
    latest_question_id: str | None


def _latest_entries(gap_ids, office_id: int):
    stmt = (select(GapEntry.gap_id, GapEntry.response_id, GapEntry.question_id,
                   func.row_number().over(partition_by=GapEntry.gap_id,
                                          order_by=(Round.meeting_date.desc(), Round.id.desc()))
                   .label("rn"))
            .join(Response, GapEntry.response_id == Response.id)
            .join(Round, Response.round_id == Round.id)
            .where(Response.submitted_at.is_not(None), in_office(Round, office_id)))
    if gap_ids is not None:
        stmt = stmt.where(GapEntry.gap_id.in_(gap_ids))
    return stmt.subquery()


def _filtered(stmt, filters: GapFilters):
    if filters.organisation_id:
        stmt = stmt.where(Gap.organisation_id == filters.organisation_id)
    if filters.status:
        stmt = stmt.where(Gap.status == filters.status)
    if filters.area:
        stmt = stmt.where(Gap.area == filters.area)
    if filters.questionnaire_key:
        stmt = stmt.where(Gap.questionnaire_key == filters.questionnaire_key)
    return stmt


def _page_ids(filters: GapFilters, limit: int, offset: int, office_id: int):
    """The ids of one page of gaps: a light select, without the per-gap figures, so
    that a page costs the same however many gaps there are (filters other than
    rounds open)."""
    first, first_response = aliased(Round), aliased(Response)
    stmt = (select(Gap.id)
            .join(Organisation, Gap.organisation_id == Organisation.id)
            .join(first, Gap.first_round_id == first.id)
            .join(first_response, Gap.first_response_id == first_response.id)
            .where(first_response.submitted_at.is_not(None), in_office(Organisation, office_id)))
    stmt = _filtered(stmt, filters).order_by(
        Organisation.name, Gap.questionnaire_key, first.meeting_date, Gap.question_id, Gap.id)
    return stmt.limit(limit).offset(offset).scalar_subquery()


def _register_select(filters: GapFilters, office_id: int, gap_ids=None):
    first, closed, first_response = aliased(Round), aliased(Round), aliased(Response)
    counts = open_counts_subquery(gap_ids, office_id)
    latest = _latest_entries(gap_ids, office_id)
    rounds_open = func.coalesce(counts.c.rounds_open, 0)
    stmt = (
        select(Gap, Organisation.name, Questionnaire.title, VersionQuestion.wording,
               first.title, first.meeting_date, closed.title, closed.meeting_date,
               rounds_open, latest.c.response_id, latest.c.question_id)
        .join(Organisation, Gap.organisation_id == Organisation.id)
        .join(first, Gap.first_round_id == first.id)
        .join(first_response, Gap.first_response_id == first_response.id)
        .outerjoin(closed, Gap.closed_round_id == closed.id)
        .outerjoin(Questionnaire, and_(Questionnaire.key == Gap.questionnaire_key,
                                       Questionnaire.office_id == Organisation.office_id))
        .outerjoin(VersionQuestion, and_(
            VersionQuestion.version_id == first_response.questionnaire_version_id,
            VersionQuestion.question_id == Gap.question_id))
        .outerjoin(counts, counts.c.gap_id == Gap.id)
        .outerjoin(latest, and_(latest.c.gap_id == Gap.id, latest.c.rn == 1))
        .where(first_response.submitted_at.is_not(None), in_office(Organisation, office_id)))
    stmt = _filtered(stmt, filters)
    if gap_ids is not None:
        stmt = stmt.where(Gap.id.in_(gap_ids))
    if filters.min_rounds_open:
        stmt = stmt.where(rounds_open >= filters.min_rounds_open)
    return stmt, first


def gap_count(filters: GapFilters = GapFilters(), *, office_id: int | None = None) -> int:
    """How many of the office's gaps the register lists with these filters."""
    office_id = office_scope(office_id)
    if filters.min_rounds_open:
        stmt, _ = _register_select(filters, office_id)
        return db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    first_response = aliased(Response)  # counting needs none of the per-gap figures
    stmt = (select(func.count(Gap.id))
            .join(first_response, Gap.first_response_id == first_response.id)
            .where(first_response.submitted_at.is_not(None), in_office(Gap, office_id)))
    return db.session.scalar(_filtered(stmt, filters))


def gap_register(filters: GapFilters = GapFilters(), *, limit: int | None = None,
                 offset: int = 0, office_id: int | None = None) -> list[GapRow]:
    """One query: the office's gaps, ordered by organisation, questionnaire, first round,
    title.

    A page (``limit``) works out the per-gap figures for that page's gaps only."""
    return list(iter_gap_register(filters, limit=limit, offset=offset, office_id=office_id))


def iter_gap_register(filters: GapFilters = GapFilters(), *, limit: int | None = None,
                      offset: int = 0, batch: int | None = None,
                      office_id: int | None = None) -> Iterator[GapRow]:
    """``gap_register`` as it is read; with ``batch``, fetched that many rows at a time
    (the workbook streams the whole register, so memory does not grow with it)."""
    office_id = office_scope(office_id)
    paged = limit is not None and not filters.min_rounds_open
    page = _page_ids(filters, limit, offset, office_id) if paged else None
    stmt, first = _register_select(filters, office_id, page)
    stmt = stmt.order_by(Organisation.name, Gap.questionnaire_key, first.meeting_date,
                         Gap.question_id, Gap.id)
    if limit is not None and not paged:
        stmt = stmt.limit(limit).offset(offset)
    if batch:
        stmt = stmt.execution_options(yield_per=batch)
    return (GapRow(
        gap_id=g.id, organisation_id=g.organisation_id, organisation=org,
        questionnaire_key=g.questionnaire_key, questionnaire=q_title or g.questionnaire_key,
        question_id=g.question_id, question=wording or "", title=g.title,
        detail=g.detail or "", area=g.area or "", owner=g.owner or "", target_date=g.target_date,
        status=g.status, first_round=f_title, first_round_date=f_date, closed_round=c_title or "",
        closed_round_date=c_date, rounds_open=int(n), closing_note=g.closing_note or "",
        first_response_id=g.first_response_id, latest_response_id=l_resp, latest_question_id=l_q)
        for g, org, q_title, wording, f_title, f_date, c_title, c_date, n, l_resp, l_q
        in db.session.execute(stmt))


def gap_areas(*, office_id: int | None = None) -> list[str]:
    """The areas the office's gaps use, for the register's filter."""
    return list(db.session.scalars(
        select(Gap.area).where(Gap.area.is_not(None), Gap.area != "",
                               in_office(Gap, office_scope(office_id)))
        .distinct().order_by(Gap.area)))

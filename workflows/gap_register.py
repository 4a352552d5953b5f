"""The gap register: a read-only roll-up of every gap (never writes, never commits).

It lives beside the gap workflows for now; it is written as a pure function
of the database so that it can move to ``exports/`` with the PCC's roll-up
pages and the Excel workbook, which should read the same rows.

Only gaps that the OPCC has been sent are listed: a gap first identified in a
draft appears once that response has been submitted. "Rounds open" counts
the rounds whose submitted response has the gap open (carried, updated or
new); the round that closes it is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import aliased, selectinload

from models import Gap, GapEntry, Organisation, Questionnaire, Response, Round, db

STATUSES = ("open", "closed")


@dataclass(frozen=True)
class RegisterFilters:
    organisation_id: int | None = None
    status: str | None = None
    area: str | None = None
    questionnaire_key: str | None = None


@dataclass(frozen=True)
class GapRow:
    gap: Gap
    organisation: str
    questionnaire: str
    question_id: str
    question: str
    first_round: str
    first_meeting: date
    rounds_open: int
    status: str
    closing_note: str | None
    closed_round: str | None


def _open_counts():
    return (
        select(GapEntry.gap_id, func.count(distinct(Response.round_id)).label("rounds_open"))
        .join(Response, GapEntry.response_id == Response.id)
        .where(GapEntry.status == "open", Response.submitted_at.is_not(None))
        .group_by(GapEntry.gap_id)
        .subquery()
    )


def gap_register(filters: RegisterFilters = RegisterFilters()) -> list[GapRow]:
    """Every submitted gap matching ``filters``, by organisation, questionnaire,
    first meeting date and id."""
    first_round = aliased(Round)
    first_response = aliased(Response)
    counts = _open_counts()
    stmt = (
        select(Gap, Organisation.name, Questionnaire.title, first_round.title, first_round.meeting_date,
               func.coalesce(counts.c.rounds_open, 0))
        .join(Organisation, Gap.organisation_id == Organisation.id)
        .join(Questionnaire, Gap.questionnaire_key == Questionnaire.key)
        .join(first_round, Gap.first_round_id == first_round.id)
        .join(first_response, Gap.first_response_id == first_response.id)
        .outerjoin(counts, counts.c.gap_id == Gap.id)
        .where(first_response.submitted_at.is_not(None))
        .options(selectinload(Gap.closed_round),
                 selectinload(Gap.first_response).selectinload(Response.questionnaire_version))
        .order_by(Organisation.name, Gap.questionnaire_key, first_round.meeting_date, Gap.id)
    )
    if filters.organisation_id is not None:
        stmt = stmt.where(Gap.organisation_id == filters.organisation_id)
    if filters.status in STATUSES:
        stmt = stmt.where(Gap.status == filters.status)
    if filters.area:
        stmt = stmt.where(Gap.area == filters.area)
    if filters.questionnaire_key:
        stmt = stmt.where(Gap.questionnaire_key == filters.questionnaire_key)
    rows = []
    for gap, org_name, q_title, round_title, meeting, rounds_open in db.session.execute(stmt):
        rows.append(GapRow(
            gap=gap, organisation=org_name, questionnaire=q_title, question_id=gap.question_id,
            question=question_text(gap), first_round=round_title, first_meeting=meeting,
            rounds_open=rounds_open, status=gap.status, closing_note=gap.closing_note,
            closed_round=gap.closed_round.title if gap.closed_round else None,
        ))
    return rows


def question_text(gap: Gap) -> str:
    """The wording of the question the gap was first identified under."""
    question = gap.first_response.questionnaire_version.definition.question(gap.question_id)
    return question.question if question else gap.question_id


def register_areas(organisation_id: int | None = None) -> list[str]:
    """The distinct areas used by gaps (for the area filter)."""
    stmt = select(Gap.area).distinct().where(Gap.area.is_not(None)).order_by(Gap.area)
    if organisation_id is not None:
        stmt = stmt.where(Gap.organisation_id == organisation_id)
    return list(db.session.scalars(stmt))


def register_organisations() -> list[Organisation]:
    """Organisations that have at least one gap (for the organisation filter)."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(select(Gap.organisation_id)))
        .order_by(Organisation.name)
    ))


def gap_history(gap: Gap) -> list[GapEntry]:
    """The gap's entries in submitted responses, round by round (oldest first)."""
    return list(db.session.scalars(
        select(GapEntry)
        .join(Response, GapEntry.response_id == Response.id)
        .join(Round, Response.round_id == Round.id)
        .where(GapEntry.gap_id == gap.id, Response.submitted_at.is_not(None))
        .order_by(Round.meeting_date, Round.id)
    ))

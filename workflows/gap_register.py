"""Reading gaps for the register pages (read-only; never writes or commits).

The register itself is ``exports.rollups_gaps.gap_register``, shared with the
PCC's pages and the Excel workbooks so that every screen counts the same way:
only gaps the OPCC has been sent are listed (a gap first identified in a draft
appears once that response has been submitted), and "rounds open" counts the
rounds whose submitted response has the gap open (carried, updated or new);
the round that closes it is not counted. This module adds what one gap's page
and the register's filters need.
"""

from __future__ import annotations

from sqlalchemy import select

from models import Gap, GapEntry, Organisation, Response, Round, db
from models.offices import in_office

from .offices import scope_id

STATUSES = ("open", "closed")


def question_text(gap: Gap) -> str:
    """The wording of the question the gap was first identified under."""
    question = gap.first_response.questionnaire_version.definition.question(gap.question_id)
    return question.question if question else gap.question_id


def register_areas(organisation_id: int | None = None, *,
                   office_id: int | None = None) -> list[str]:
    """The distinct areas used by the office's gaps (for the area filter)."""
    stmt = (select(Gap.area).distinct()
            .where(Gap.area.is_not(None), Gap.area != "", in_office(Gap, scope_id(office_id)))
            .order_by(Gap.area))
    if organisation_id is not None:
        stmt = stmt.where(Gap.organisation_id == organisation_id)
    return list(db.session.scalars(stmt))


def register_organisations(*, office_id: int | None = None) -> list[Organisation]:
    """The office's organisations that have at least one gap (for the organisation
    filter)."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(select(Gap.organisation_id)),
                                   in_office(Organisation, scope_id(office_id)))
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

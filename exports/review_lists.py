"""Reads for the review pages: rounds with their responses counted by status, one
round's responses, a response's revisions, and the responses awaiting review.
Read-only: never writes or commits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Response, ResponseRevision, Round, db


def rounds_with_counts() -> list[dict]:
    """[{"round": Round, "counts": {status: number of responses}}], newest meeting first;
    rounds that asked nobody are left out. One query."""
    rows = db.session.execute(
        select(Round, Response.status, func.count(Response.id))
        .join(Response, Response.round_id == Round.id)
        .group_by(Round.id, Response.status)
        .order_by(Round.meeting_date.desc(), Round.id.desc())
    ).all()
    rounds: dict[int, dict] = {}
    for round_, status, count in rows:
        entry = rounds.setdefault(round_.id, {"round": round_, "counts": {}})
        entry["counts"][status] = count
    return list(rounds.values())


def responses_in_round(round_: Round) -> list[Response]:
    """The round's responses with their organisation and submitter, by organisation name."""
    responses = db.session.scalars(
        select(Response).where(Response.round_id == round_.id)
        .options(selectinload(Response.organisation), selectinload(Response.submitted_by))
    ).all()
    return sorted(responses, key=lambda r: r.organisation.name)


def response_revisions(response: Response) -> list[ResponseRevision]:
    """The response's revisions, newest first, with who made them."""
    return list(db.session.scalars(
        select(ResponseRevision).where(ResponseRevision.response_id == response.id)
        .order_by(ResponseRevision.number.desc()).options(selectinload(ResponseRevision.user))
    ).all())


def awaiting_review() -> list[Response]:
    """Submitted responses, longest waiting first, with organisation and round."""
    return list(db.session.scalars(
        select(Response).where(Response.status == "submitted")
        .options(selectinload(Response.organisation), selectinload(Response.round))
        .order_by(Response.submitted_at)
    ).all())

"""Reads for the review pages: rounds with their responses counted by status, one
round's responses, a response's revisions, and the responses awaiting review.
Read-only: never writes or commits.

The lists are of one office (``office_id``; None: the service's only office, for the
command line and the demo, and an error with several offices, so that no page can
forget to name its office)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Office, Response, ResponseRevision, Round, db
from models.offices import in_office


class SeveralOffices(LookupError):
    """A list was asked for without naming the office, on a service with several."""


def office_scope(office_id: int | None) -> int:
    """``office_id``, or the only office's id when None (0, which no row has, before
    there is any office); SeveralOffices when the service has several."""
    if office_id is not None:
        return office_id
    ids = db.session.scalars(select(Office.id).limit(2)).all()
    if len(ids) > 1:
        raise SeveralOffices("this service has several offices: name the office")
    return ids[0] if ids else 0


def rounds_with_counts(*, office_id: int | None = None) -> list[dict]:
    """[{"round": Round, "counts": {status: number of responses}}] of the office's rounds,
    newest meeting first; rounds that asked nobody are left out. One query."""
    rows = db.session.execute(
        select(Round, Response.status, func.count(Response.id))
        .join(Response, Response.round_id == Round.id)
        .where(in_office(Round, office_scope(office_id)))
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


def awaiting_review(*, office_id: int | None = None) -> list[Response]:
    """The office's submitted responses, longest waiting first, with organisation and
    round."""
    return list(db.session.scalars(
        select(Response).where(Response.status == "submitted",
                               in_office(Response, office_scope(office_id)))
        .options(selectinload(Response.organisation), selectinload(Response.round))
        .order_by(Response.submitted_at)
    ).all())

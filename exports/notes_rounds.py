"""Which rounds' meeting notes a user may read (read-only: never writes or commits).

The rules are the permissions table's (``notes.view``, ``notes.view_unpublished``):

- admins: the notes of every closed round (a draft they can check and publish)
  and every published round;
- the PCC: the notes of every published round;
- respondents: the notes of published rounds that asked their organisation
  (published notes are public documents, so they see every organisation's
  responses in them).

Every list is of the user's own office (``models.offices.in_office``), and a round of
another office is refused by ``can()`` like one that does not exist.
"""

from __future__ import annotations

from sqlalchemy import select

from models import Response, Round, User, db
from models.offices import in_office
from models.permissions import can, organisation_limit

from .notes import NOTES_STATUSES
from .review_lists import office_scope


def readable_statuses(user: User) -> tuple[str, ...]:
    return NOTES_STATUSES if can(user, "notes.view_unpublished") else ("published",)


def notes_round_for(user: User, round_id: int) -> Round | None:
    """The round if ``user`` may read its notes; None if not, or if there is no such round."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can(user, "notes.view", round_):
        return None
    return round_


def readable_rounds(user: User) -> list[Round]:
    """The rounds of the user's office whose notes ``user`` may read, newest meeting
    first (none for a user of no office)."""
    if user.office_id is None:
        return []
    query = (select(Round).where(Round.status.in_(readable_statuses(user)),
                                 in_office(Round, user.office_id))
             .order_by(Round.meeting_date.desc(), Round.id.desc()))
    own = organisation_limit(user, "notes.view")
    if own is not None:
        query = query.where(Round.id.in_(
            select(Response.round_id).where(Response.organisation_id == own)))
    return list(db.session.scalars(query))


def rounds_to_publish(*, office_id: int | None = None) -> list[Round]:
    """The office's closed rounds, whose notes wait to be checked and published, earliest
    first (office None: the only office's; see ``review_lists.office_scope``)."""
    return list(db.session.scalars(
        select(Round).where(Round.status == "closed", in_office(Round, office_scope(office_id)))
        .order_by(Round.meeting_date, Round.id)).all())

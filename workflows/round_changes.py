"""Changing a round after set-up: its details, attendees and the organisations asked.

The details can change until the round is published (the notes then stand as the
record). The organisations asked can change while the round is planned or open: one
added gets its draft response (carried forward, as at set-up); one removed loses its
response only while nobody has worked on it, otherwise the change is refused with the
reason. Every change is one audited transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from sqlalchemy import delete, exists, func, select

from models import (
    Addition,
    Answer,
    Attendee,
    Gap,
    GapEntry,
    Organisation,
    PendingInput,
    Response,
    ResponseRevision,
    ReviewComment,
    Round,
    User,
    db,
)
from models.permissions import can
from models.status import DRAFT, OPEN, PLANNED, PUBLISHED

from . import audit, mail_events
from .database import transaction
from .rounds import (
    TITLE_MAX,
    RoundError,
    _add_attendees,
    _clean,
    _unique_orgs,
    add_response,
)

DETAILS = ("title", "meeting_date", "venue", "chair", "note_taker", "deadline", "purpose")


@dataclass(frozen=True, slots=True)
class RoundDetails:
    title: str
    meeting_date: date
    venue: str = ""
    chair: str = ""
    note_taker: str = ""
    deadline: date | None = None
    purpose: str = ""
    attendees: Sequence[tuple[str, str]] = ()


def change_round(round_: Round, details: RoundDetails, organisations: Iterable[Organisation],
                 by: User | None) -> list[str]:
    """Apply the changed details and organisations (commits); the names of what changed.
    RoundError, with nothing changed, when a change is not allowed."""
    if by is not None and not can(by, "round.change", round_):
        raise RoundError("Only the OPCC's administrators can change a round")
    if round_.status == PUBLISHED:
        raise RoundError(f"“{round_.title}” is published: its details stand with its notes")
    _check_details(details)
    orgs = _unique_orgs(organisations)
    if any(org.office_id != round_.office_id for org in orgs):
        raise RoundError("Choose organisations of the round's own office")
    with transaction():
        changed = _set_details(round_, details)
        if _set_attendees(round_, details.attendees):
            changed.append("attendees")
        added, removed = _set_organisations(round_, orgs)
        if added and round_.status == OPEN:
            mail_events.round_opened(round_, added)
        if changed or added or removed:
            audit.record("round.change", user=by, actor=None if by else "cli", obj=round_,
                         changed=changed, organisations_added=[o.name for o in added],
                         organisations_removed=[o.name for o in removed])
    db.session.refresh(round_)
    return changed + (["organisations"] if added or removed else [])


def _check_details(details: RoundDetails) -> None:
    title = (details.title or "").strip()
    if not title:
        raise RoundError("Enter a title for the round")
    if len(title) > TITLE_MAX:
        raise RoundError(f"The title must be {TITLE_MAX} characters or fewer")
    if details.meeting_date is None:
        raise RoundError("Enter the meeting date")
    if details.deadline is not None and details.deadline > details.meeting_date:
        raise RoundError("The deadline for responses must be on or before the meeting date")


def _set_details(round_: Round, details: RoundDetails) -> list[str]:
    new = {"title": details.title.strip(), "meeting_date": details.meeting_date,
           "venue": _clean(details.venue), "chair": _clean(details.chair),
           "note_taker": _clean(details.note_taker), "deadline": details.deadline,
           "purpose": (details.purpose or "").strip()}
    changed = [name for name in DETAILS if getattr(round_, name) != new[name]]
    for name in changed:
        setattr(round_, name, new[name])
    return changed


def _set_attendees(round_: Round, attendees: Sequence[tuple[str, str]]) -> bool:
    wanted = [(_clean(n), _clean(c)) for n, c in attendees if (n or "").strip()]
    if wanted == [(a.name, a.capacity or "") for a in round_.attendees]:
        return False
    db.session.execute(delete(Attendee).where(Attendee.round_id == round_.id))
    db.session.expire(round_, ["attendees"])
    db.session.flush()
    _add_attendees(round_, wanted)
    return True


def _set_organisations(round_: Round, orgs: list[Organisation]
                       ) -> tuple[list[Organisation], list[Organisation]]:
    if not orgs:
        raise RoundError("Choose at least one organisation to ask")
    asked = {r.organisation_id: r for r in round_.responses}
    wanted = {o.id for o in orgs}
    added = [o for o in orgs if o.id not in asked]
    leaving = [r for org_id, r in asked.items() if org_id not in wanted]
    if (added or leaving) and round_.status not in (PLANNED, OPEN):
        raise RoundError("The organisations asked can change only until the round closes")
    for response in leaving:
        reason = why_kept(response)
        if reason:
            raise RoundError(f"{response.organisation.name} cannot be removed: {reason}")
    for org in added:
        add_response(round_, org)
    for response in leaving:
        _remove_response(response)
    return added, [r.organisation for r in leaving]


def why_kept(response: Response) -> str | None:
    """Why this response must stay in its round (None: nobody has worked on it)."""
    if response.status != DRAFT or response.revision:
        return "its response has been saved or submitted, and its answers are kept"
    given = db.session.scalar(select(func.count(Answer.id)).where(
        Answer.response_id == response.id, Answer.from_last_round.is_(False)))
    if given:
        return ("its respondents have given answers "
                f"({given} {'answer' if given == 1 else 'answers'}), which are kept")
    for model in (ResponseRevision, ReviewComment, Addition, PendingInput):
        if db.session.scalar(select(exists().where(model.response_id == response.id))):
            return "its response has been worked on, and that work is kept"
    if db.session.scalar(select(exists().where(Gap.first_response_id == response.id))):
        return "a gap was first recorded in its response"
    if db.session.scalar(select(exists().where(GapEntry.response_id == response.id,
                                               GapEntry.carried.is_(False)))):
        return "its respondents have recorded gaps, which are kept"
    return None


def _remove_response(response: Response) -> None:
    """Delete a response nobody worked on: only last round's offers go with it."""
    db.session.execute(delete(Answer).where(Answer.response_id == response.id))
    db.session.execute(delete(GapEntry).where(GapEntry.response_id == response.id))
    db.session.delete(response)
    db.session.flush()

"""Information provided after the meeting: dated, attributed, and kept apart
from the answer it adds to (``Addition`` rows; the answer never changes).

Respondents of the response's organisation may add to any answer once the
round is closed (the meeting has been held) or published, provided the
response was submitted at least once. An addition is a change to the
response, so it bumps the revision and is recorded as an ``addition``
revision, and writes an audit event (without its text).
"""

from __future__ import annotations

from sqlalchemy import select

from models import Addition, Response, User, db
from models.permissions import can
from models.status import DRAFT, SUBMITTED_ONCE
from models.text import normalise_text

from . import audit, mail_events
from .database import transaction
from .revisions import StaleRevision, record_revision

ADDITION_MAX = 10000
ROUND_DONE = ("closed", "published")


class AdditionError(ValueError):
    """A clear, user-facing reason an addition was refused."""


def addition_refusal(response: Response, user: User | None = None) -> str | None:
    """Why this user cannot add information to this response now (None: they can)."""
    if user is not None and not can(user, "response.add_information", response):
        return "Only the organisation's respondents can add information after the meeting"
    if response.round.status not in ROUND_DONE:
        return "Information can be added after the meeting, once the round is closed"
    if response.submitted_at is None or response.status == DRAFT:
        return "This response was not submitted, so there is nothing to add to"
    return None


def add_addition(response: Response, question_id: str, body: str, user: User) -> Addition:
    """Add post-meeting information to one answer (commits)."""
    problem = addition_refusal(response, user)
    if problem:
        raise AdditionError(problem)
    if response.questionnaire_version.definition.question(question_id) is None:
        raise AdditionError("That question is not part of this response")
    text = normalise_text(body or "")
    if not text:
        raise AdditionError("Enter the information provided after the meeting")
    if len(text) > ADDITION_MAX:
        raise AdditionError(f"The information must be {ADDITION_MAX:,} characters or fewer")
    with transaction():
        try:
            row = record_revision(response, "addition", user,
                                  {question_id: {"before": None, "after": {"addition": text}}},
                                  statuses=SUBMITTED_ONCE)
        except StaleRevision:
            raise AdditionError("This response cannot take additions now") from None
        addition = Addition(response_id=response.id, question_id=question_id, body=text,
                            author_id=user.id)
        db.session.add(addition)
        db.session.flush()
        audit.record("response.addition", user=user, obj=addition,
                     organisation_id=response.organisation_id, response_id=response.id,
                     question_id=question_id, revision=row.number)
        mail_events.information_added(response, question_id)
    return addition


def request_refusal(response: Response, user: User | None = None) -> str | None:
    """Why this user cannot ask for information after the meeting on this response now
    (None: they can)."""
    if user is not None and not can(user, "response.request_information", response):
        return "Only the OPCC's administrators can ask for information after the meeting"
    if response.round.status not in ROUND_DONE:
        return "Information can be asked for after the meeting, once the round is closed"
    if response.submitted_at is None or response.status == DRAFT:
        return "This response was not submitted, so there is nothing to add to"
    return None


def request_information(response: Response, question_id: str, user: User) -> None:
    """Ask the organisation's respondents for information after the meeting on one
    answer (commits): audited, and a message to each of them."""
    problem = request_refusal(response, user)
    if problem:
        raise AdditionError(problem)
    if response.questionnaire_version.definition.question(question_id) is None:
        raise AdditionError("That question is not part of this response")
    with transaction():
        audit.record("response.information_requested", user=user, obj=response,
                     organisation_id=response.organisation_id, question_id=question_id)
        mail_events.information_requested(response, question_id)


def additions_for(response: Response) -> dict[str, list[Addition]]:
    """{question id: [Addition]}, oldest first."""
    out: dict[str, list[Addition]] = {}
    for row in db.session.scalars(
        select(Addition).where(Addition.response_id == response.id)
        .order_by(Addition.at, Addition.id)
    ):
        out.setdefault(row.question_id, []).append(row)
    return out

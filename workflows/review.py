"""Reviewing submitted responses: return with comments, accept; and reading
the comments back.

Both transitions are guarded in the database: the revision bump is one
conditional UPDATE that applies only while the response is still
``submitted`` (and, when the reviewer's page named one, still at the revision
they looked at), so two reviewers acting at once cannot both succeed; the
loser is told what happened instead. Once accepted, a response is locked: the
respond workflows only write to ``draft`` and ``returned`` responses, and
``gaps.save_gap_items`` refuses too. Post-meeting additions (``additions``)
are kept apart from the answers and remain possible.
"""

from __future__ import annotations

from typing import Mapping

from sqlalchemy import select

from models import Response, ReviewComment, User, db
from models.permissions import can
from models.status import ACCEPTED, RETURNED
from models.text import normalise_text

from . import audit, gaps, mail_events
from .database import transaction
from .revisions import StaleRevision, can_move, move

COMMENT_MAX = 10000


class ReviewError(ValueError):
    """A clear, user-facing reason a review action was refused."""


def _refused(response: Response, doing: str) -> ReviewError:
    db.session.refresh(response)
    state = {
        "draft": "it has not been submitted",
        "returned": "it has already been returned to the organisation",
        "accepted": "it has already been accepted",
        "submitted": "someone else changed it while you were looking at it; check it again",
    }[response.status]
    return ReviewError(f"You cannot {doing} this response because {state}.")


def clean_comments(comments: Mapping[str | None, str | None],
                   question_ids) -> dict[str | None, str]:
    """Non-empty comments on known questions (or None: the whole response)."""
    allowed = set(question_ids) | {None}
    out = {}
    for key, body in comments.items():
        text = normalise_text(body or "")
        if key in allowed and text:
            if len(text) > COMMENT_MAX:
                raise ReviewError(f"Each comment must be {COMMENT_MAX:,} characters or fewer")
            out[key] = text
    return out


def return_response(response: Response, *, comments: Mapping[str | None, str | None],
                    user: User, revision: int | None = None) -> None:
    """Return a submitted response with comments (commits).

    ``comments`` maps question ids (or None, for an overall comment) to text;
    comments on questions the version does not have are ignored. At least one
    comment is required: the respondent needs to know what to change.
    """
    if not can(user, "response.return", response):
        raise ReviewError("Only the OPCC's reviewers can return a response.")
    if not can_move(response, RETURNED):
        raise _refused(response, "return")
    definition = response.questionnaire_version.definition
    cleaned = clean_comments(comments, (q.id for q in definition.questions))
    if not cleaned:
        raise ReviewError("Enter a comment on at least one question, or an overall comment, "
                          "to say what needs to change")
    try:
        with transaction():
            row = move(response, RETURNED, user, expected=revision)
            for question_id, body in cleaned.items():
                db.session.add(ReviewComment(response_id=response.id, question_id=question_id,
                                             body=body, author_id=user.id,
                                             revision_number=row.number))
            audit.record("response.return", user=user, obj=response,
                         organisation_id=response.organisation_id, round_id=response.round_id,
                         revision=row.number, comments=len(cleaned))
            mail_events.response_returned(response, list(cleaned))
    except StaleRevision:  # rolled back: say what happened meanwhile
        raise _refused(response, "return") from None


def accept_response(response: Response, *, user: User, revision: int | None = None) -> None:
    """Accept a submitted response; its answers are locked from now on (commits)."""
    if not can(user, "response.accept", response):
        raise ReviewError("Only the OPCC's reviewers can accept a response.")
    if not can_move(response, ACCEPTED):
        raise _refused(response, "accept")
    try:
        with transaction():
            row = move(response, ACCEPTED, user, expected=revision, accepted_by_id=user.id)
            # Idempotent: the register matches what was accepted.
            gaps.apply_positions(response, user)
            audit.record("response.accept", user=user, obj=response,
                         organisation_id=response.organisation_id, round_id=response.round_id,
                         revision=row.number)
            mail_events.response_accepted(response)
    except StaleRevision:  # rolled back: say what happened meanwhile
        raise _refused(response, "accept") from None


def comments_for(response: Response, *, latest_only: bool = False
                 ) -> dict[str | None, list[ReviewComment]]:
    """{question id (None: overall): [ReviewComment]}, oldest first.

    With ``latest_only``, only the comments of the most recent return.
    """
    rows = list(db.session.scalars(
        select(ReviewComment).where(ReviewComment.response_id == response.id)
        .order_by(ReviewComment.revision_number, ReviewComment.id)
    ))
    if latest_only and rows:
        last = rows[-1].revision_number
        rows = [c for c in rows if c.revision_number == last]
    out: dict[str | None, list[ReviewComment]] = {}
    for comment in rows:
        out.setdefault(comment.question_id, []).append(comment)
    return out

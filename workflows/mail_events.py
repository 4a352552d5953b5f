"""The messages that changes cause, queued in the change's own transaction.

Each function is called by the workflow that makes the change, inside its
``transaction()``, so a change that rolls back sends nothing. Messages say what
happened, to what, for which meeting, by when, with a link: never answer text, gap
text or comments (what is said in the service stays in the service).
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import select

from exports.mail_bodies import link
from forms.format.dates import long_date
from models import Office, Organisation, Response, Round, User, db
from models.permissions import roles_with

from .mail import queue_message

QUESTION_TEXT_MAX = 150


def respondents_of(organisation_id: int) -> list[User]:
    """The active users who answer for the organisation."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation_id, User.active.is_(True),
                           User.role.in_(roles_with("response.edit")))
        .order_by(User.id)))


def office_users(office_id: int, permission: str) -> list[User]:
    """The office's active users whose role holds ``permission`` for every organisation
    (the admins for "response.return", the PCC's users and admins for "trends.view")."""
    return list(db.session.scalars(
        select(User).where(User.office_id == office_id, User.active.is_(True),
                           User.organisation_id.is_(None),
                           User.role.in_(roles_with(permission)))
        .order_by(User.id)))


def round_context(round_: Round) -> dict:
    office = db.session.get(Office, round_.office_id)
    return {"office_name": office.name if office else "", "round_title": round_.title,
            "meeting_date": long_date(round_.meeting_date),
            "deadline": long_date(round_.deadline) if round_.deadline else ""}


def response_context(response: Response) -> dict:
    org = db.session.get(Organisation, response.organisation_id)
    return {**round_context(response.round), "organisation_name": org.name if org else ""}


def _send(kind: str, users: Iterable[User], context: dict, office_id: int) -> int:
    count = 0
    for user in users:
        count += queue_message(kind=kind, to=user, context=context,
                               office_id=office_id) is not None
    return count


def on_round_move(round_: Round, action: str) -> None:
    """A round moved on: opened (the respondents asked) or published (the notes)."""
    if action == "open":
        round_opened(round_)
    elif action == "publish":
        notes_published(round_)


def round_opened(round_: Round, organisations: Iterable[Organisation] | None = None) -> int:
    """Each respondent of each organisation asked (or of ``organisations`` only: those
    added to an open round)."""
    db.session.flush()
    query = select(Response).where(Response.round_id == round_.id).order_by(Response.id)
    if organisations is not None:
        query = query.where(Response.organisation_id.in_([o.id for o in organisations]))
    count = 0
    for response in db.session.scalars(query):
        context = {**response_context(response),
                   "url": link("respond.tasks", response_id=response.id)}
        count += _send("round.opened", respondents_of(response.organisation_id), context,
                       round_.office_id)
    return count


def response_submitted(response: Response) -> int:
    context = {**response_context(response),
               "url": link("review.response", response_id=response.id)}
    return _send("response.submitted", office_users(response.round.office_id,
                                                    "response.return"),
                 context, response.round.office_id)


def response_returned(response: Response, question_ids: Iterable[str | None]) -> int:
    """The organisation's respondents, naming the questions commented on (their titles,
    not the comments)."""
    definition = response.questionnaire_version.definition
    named = []
    for question_id in question_ids:
        question = definition.question(question_id) if question_id else None
        if question is not None:
            text = " ".join(question.question.split())
            named.append(text if len(text) <= QUESTION_TEXT_MAX
                         else text[:QUESTION_TEXT_MAX - 1] + "…")
    context = {**response_context(response), "questions": named,
               "overall": None in question_ids,
               "questions_text": "; ".join(named),
               "url": link("respond.tasks", response_id=response.id)}
    return _send("response.returned", respondents_of(response.organisation_id), context,
                 response.round.office_id)


def response_accepted(response: Response) -> int:
    context = {**response_context(response),
               "url": link("review.response", response_id=response.id)}
    return _send("response.accepted", respondents_of(response.organisation_id), context,
                 response.round.office_id)


def information_requested(response: Response, question_id: str) -> int:
    """The organisation's respondents, asked to add information to one answer."""
    question = response.questionnaire_version.definition.question(question_id)
    context = {**response_context(response), "question": _question_text(question),
               "url": link("review.add_information", response_id=response.id,
                           question_id=question_id)}
    return _send("information.requested", respondents_of(response.organisation_id), context,
                 response.round.office_id)


def _question_text(question) -> str:
    text = " ".join(question.question.split())
    return text if len(text) <= QUESTION_TEXT_MAX else text[:QUESTION_TEXT_MAX - 1] + "…"


def information_added(response: Response, question_id: str) -> int:
    question = response.questionnaire_version.definition.question(question_id)
    context = {**response_context(response),
               "question": _question_text(question) if question else question_id,
               "url": link("review.response", response_id=response.id)}
    return _send("information.added", office_users(response.round.office_id,
                                                   "response.return"),
                 context, response.round.office_id)


def notes_published(round_: Round) -> int:
    """The PCC's users, and the respondents of the organisations asked."""
    context = {**round_context(round_), "url": link("notes.show", round_id=round_.id)}
    pcc = [u for u in office_users(round_.office_id, "trends.view")
           if u.role not in roles_with("response.return")]
    count = _send("notes.published", pcc, context, round_.office_id)
    for response in round_.responses:
        count += _send("notes.published", respondents_of(response.organisation_id),
                       {**context, "organisation_name": response.organisation.name},
                       round_.office_id)
    return count

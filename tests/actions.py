"""What tests do to data that exists (the ``create_*`` helpers are in ``tests.db``):
write answers, submit, find a round's response, reload it, and build a section form's
posted data."""

from __future__ import annotations

from typing import Any

from models import Answer, Response, ResponseRevision, Round, User, db, utcnow

# A valid post of the "respond" sample's first section (tests.samples.RESPOND_YAML).
PICTURE = {
    "q_picture_now": "The threat assessment is being refreshed.",
    "q_picture_rating": "4",
    "explain_picture_rating": "Assessment is adequate and improving.",
    "gaps_picture_rating-0-title": "Systems not integrated",
    "gaps_picture_rating-0-area": "Systems",
}


def section_data(revision: int, action: str = "save", **fields) -> dict:
    """The posted data of a section form: its revision, the button, and ``fields``."""
    data = {"revision": str(revision), "action": action}
    data.update(fields)
    return data


def response_of(round_: Round, org) -> Response:
    """The round's response of ``org``."""
    return next(r for r in round_.responses if r.organisation_id == org.id)


def fresh(response: Response) -> Response:
    """The response as the database holds it now (every object reloaded)."""
    db.session.expire_all()
    return db.session.get(Response, response.id)


def set_answers(response: Response, answers: dict[str, Any], *, by: User | None = None) -> None:
    """Write answers straight to the model (no revision, no commit)."""
    definition = response.questionnaire_version.definition
    existing = {a.question_id: a for a in response.answers}
    for question_id, given in answers.items():
        question = definition.question(question_id)
        assert question is not None, f"no question {question_id!r}"
        if isinstance(given, dict):
            value, explanation = given.get("value"), given.get("explanation")
        else:
            value, explanation = given, None
        answer = existing.get(question_id)
        if answer is None:
            answer = Answer(response_id=response.id, question_id=question_id)
            db.session.add(answer)
            response.answers.append(answer)
        answer.value, answer.explanation, answer.from_last_round = value, explanation, False
        answer.rating = value if question.type == "rating" else None
        answer.updated_by_id = by.id if by else None
    db.session.flush()


def submit(response: Response, *, by: User | None = None) -> Response:
    """Mark a response submitted, applying its gaps to the register, as the
    submit workflow does (a stand-in for tests that need only the state)."""
    from workflows import gaps

    response.status = "submitted"
    response.submitted_at = utcnow()
    response.submitted_by_id = by.id if by else None
    response.revision += 1
    db.session.add(
        ResponseRevision(
            response_id=response.id,
            number=response.revision,
            action="submit",
            user_id=by.id if by else None,
            changes={},
        )
    )
    gaps.on_submit(response, by)
    db.session.commit()
    return response

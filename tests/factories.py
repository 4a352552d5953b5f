"""Plain ``create_*`` helpers for tests, with keyword-only defaults.

They build questionnaire versions, rounds and responses quickly. Versions go
through the real loader (``workflows.questionnaires``); rounds and responses
are written to the models directly, so tests can set up any state (a round
already closed, a response already accepted) without walking every step.
Everything is committed before returning.
"""

from __future__ import annotations

import itertools
import textwrap
from datetime import date, timedelta
from typing import Any, Iterable

from models import (
    Answer,
    Organisation,
    QuestionnaireVersion,
    Response,
    ResponseRevision,
    Round,
    User,
    db,
    utcnow,
)

_counter = itertools.count(1)

# A small questionnaire with one of each thing the review and gap code cares
# about: text, a rating with explanation and gaps, a choice, a gaps question.
SMALL_YAML = textwrap.dedent("""\
    id: {key}
    version: {version}
    title: Small assurance questions
    lists:
      gap_areas: [Systems, Training, Partnerships]
    sections:
      - id: picture
        title: The current picture
        questions:
          - id: picture-now
            question: What is the current intelligence assessment?
            type: long_text
            required: true
          - id: picture-rating
            question: How would you rate the current intelligence assessment?
            type: rating
            explain: optional
            gaps: true
      - id: partners
        title: Partners
        questions:
          - id: partners-engaging
            question: Are all partners engaging?
            type: yes_no
          - id: partners-gaps
            question: What gaps remain in partnership working?
            type: gaps
    """)


def small_yaml(*, key: str = "small-assurance", version: int = 1) -> str:
    return SMALL_YAML.format(key=key, version=version)


def create_questionnaire_version(
    *, yaml_text: str | None = None, by: User | None = None
) -> QuestionnaireVersion:
    """Load a questionnaire file (default: ``SMALL_YAML``) and return its version."""
    from workflows.questionnaires import load_questionnaire

    result = load_questionnaire(yaml_text if yaml_text is not None else small_yaml(), by=by)
    assert result.ok, result.report()
    return result.version


def create_round(
    *,
    version: QuestionnaireVersion | None = None,
    title: str | None = None,
    meeting_date: date | None = None,
    status: str = "open",
    orgs: Iterable[Organisation] = (),
    deadline: date | None = None,
    venue: str = "Conference Room",
    chair: str = "The PCC",
) -> Round:
    """A round in any status; one draft response per organisation in ``orgs``."""
    version = version or create_questionnaire_version()
    n = next(_counter)
    now = utcnow()
    meeting_date = meeting_date or date(2016, 9, 22) + timedelta(days=n)
    round_ = Round(
        title=title or f"Assurance meeting {n}",
        questionnaire_version_id=version.id,
        meeting_date=meeting_date,
        venue=venue,
        chair=chair,
        deadline=deadline or meeting_date,
        status=status,
        opened_at=None if status == "planned" else now,
        closed_at=now if status in ("closed", "published") else None,
        published_at=now if status == "published" else None,
    )
    db.session.add(round_)
    db.session.flush()
    for org in orgs:
        create_response(round_=round_, org=org, _commit=False)
    db.session.commit()
    return round_


def create_response(
    *,
    round_: Round,
    org: Organisation,
    status: str = "draft",
    answers: dict[str, Any] | None = None,
    by: User | None = None,
    carry: bool = False,
    _commit: bool = True,
) -> Response:
    """A response in any status, with ``answers`` ({question id: value, or a dict
    with value/explanation}). ``carry=True`` runs carry-forward first."""
    from workflows.carry import carry_forward

    now = utcnow()
    response = Response(
        round_id=round_.id,
        organisation_id=org.id,
        questionnaire_version_id=round_.questionnaire_version_id,
        status="draft",
        revision=0,
    )
    db.session.add(response)
    db.session.flush()
    if carry:
        carry_forward(response)
    set_answers(response, answers or {}, by=by)
    if status != "draft":
        response.status = status
        response.submitted_at = now
        response.submitted_by_id = by.id if by else None
        if status == "returned":
            response.returned_at = now
        if status == "accepted":
            response.accepted_at, response.accepted_by_id = now, None
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
    if _commit:
        db.session.commit()
    return response


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

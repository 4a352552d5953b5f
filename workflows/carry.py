"""Carry forward: a new response starts from the organisation's last round.

``carry_forward(response)`` is called when a response is created (it does not
commit; the caller's transaction does). It:

1. finds the *source*: the same organisation's response to the most recent
   earlier round of the same questionnaire (by meeting date, then round id)
   that has been submitted at least once. Within one meeting date an accepted
   response is preferred to a submitted one, and a submitted one to a
   returned one. Drafts are never used.
2. offers each answer of the source as a starting point: for every question
   of the new version it takes the old answer to the same question id or, if
   there is none, to the first id listed in the question's ``replaces`` that
   has one. The old question must have the same type, and the old value must
   still be a value the new question can take (an option that still exists,
   a point of the same scale, a number within bounds, text within the length
   limit); otherwise nothing is offered for that question. Offered answers are
   ``Answer`` rows with ``from_last_round=True`` until the respondent confirms
   or changes them.
3. carries every gap still open for the organisation and questionnaire that
   was first identified in an earlier round into the new response, as a
   ``GapEntry(carried=True, status="open")``. The entry goes on the question
   that now holds the gap (see ``gap_holder``).
"""

from __future__ import annotations

from sqlalchemy import and_, case, or_, select

from forms.format.definition import Definition, Question
from models import Answer, Gap, GapEntry, Questionnaire, QuestionnaireVersion, Response, Round, db
from models.status import EDITABLE, SUBMITTED_ONCE


def carry_forward(response: Response) -> None:
    """Offer last round's answers and open gaps to a new response (no commit)."""
    db.session.flush()
    source = source_response(response)
    definition = response.questionnaire_version.definition
    if source is not None:
        _carry_answers(response, source, definition)
    _carry_gaps(response, definition)
    db.session.flush()


# ------------------------------------------------------------------ the source


def questionnaire_key(response: Response) -> str:
    return response.questionnaire_version.questionnaire.key


def earlier_than(round_: Round):
    """A SQL condition: a round held before ``round_`` (ties broken by id)."""
    return or_(
        Round.meeting_date < round_.meeting_date,
        and_(Round.meeting_date == round_.meeting_date, Round.id < round_.id),
    )


def source_response(response: Response) -> Response | None:
    """The response that ``response`` carries forward from, if any."""
    preference = case((Response.status == "accepted", 0), (Response.status == "submitted", 1),
                      else_=2)
    return db.session.scalar(
        select(Response)
        .join(Round, Response.round_id == Round.id)
        .join(QuestionnaireVersion, Response.questionnaire_version_id == QuestionnaireVersion.id)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(
            Questionnaire.key == questionnaire_key(response),
            Response.organisation_id == response.organisation_id,
            Response.id != response.id,
            Response.status.in_(SUBMITTED_ONCE),
            earlier_than(response.round),
        )
        .order_by(Round.meeting_date.desc(), preference, Round.id.desc())
        .limit(1)
    )


# ----------------------------------------------------------------- answers


def _carry_answers(response: Response, source: Response, definition: Definition) -> None:
    old_definition = source.questionnaire_version.definition
    old_answers = {a.question_id: a for a in source.answers}
    have = {a.question_id for a in response.answers}
    for question in definition.questions:
        if question.id in have or not question.kind.has_answer:
            continue
        old = matching_answer(question, old_definition, old_answers)
        if old is None:
            continue
        db.session.add(Answer(
            response_id=response.id, question_id=question.id, value=old.value,
            rating=question.kind.carried_rating(old.value),
            explanation=old.explanation if question.explain != "none" else None,
            from_last_round=True, updated_by_id=None,
        ))


def matching_answer(question: Question, old_definition: Definition,
                    old_answers: dict[str, Answer]) -> Answer | None:
    """The old answer that continues ``question``: same id, else through ``replaces``."""
    for old_id in (question.id, *question.replaces):
        old_question = old_definition.question(old_id)
        answer = old_answers.get(old_id)
        if old_question is None or answer is None or old_question.type != question.type:
            continue
        if not question.kind.fits(question, answer.value, old_question):
            continue
        return answer
    return None


def later_editable_responses(response: Response) -> list[Response]:
    """The organisation's responses to later rounds of the same questionnaire
    that can still be edited (draft or returned)."""
    later = or_(
        Round.meeting_date > response.round.meeting_date,
        and_(Round.meeting_date == response.round.meeting_date, Round.id > response.round.id),
    )
    return list(db.session.scalars(
        select(Response)
        .join(Round, Response.round_id == Round.id)
        .join(QuestionnaireVersion, Response.questionnaire_version_id == QuestionnaireVersion.id)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(Questionnaire.key == questionnaire_key(response),
               Response.organisation_id == response.organisation_id,
               Response.status.in_(EDITABLE), later)
        .order_by(Round.meeting_date, Round.id)
    ))


# -------------------------------------------------------------------- gaps


def _carry_gaps(response: Response, definition: Definition) -> None:
    already = set(db.session.scalars(
        select(GapEntry.gap_id).where(GapEntry.response_id == response.id)))
    first_round = Round.__table__.alias("first_round")
    first_response = Response.__table__.alias("first_response")
    gaps = db.session.scalars(
        select(Gap)
        .join(first_round, Gap.first_round_id == first_round.c.id)
        .join(first_response, Gap.first_response_id == first_response.c.id)
        .where(
            first_response.c.submitted_at.is_not(None),
            Gap.organisation_id == response.organisation_id,
            Gap.questionnaire_key == questionnaire_key(response),
            Gap.status == "open",
            or_(first_round.c.meeting_date < response.round.meeting_date,
                and_(first_round.c.meeting_date == response.round.meeting_date,
                     first_round.c.id < response.round.id)),
        )
        .order_by(Gap.id)
    ).all()
    for gap in (g for g in gaps if g.id not in already):
        latest = latest_entry(gap, before=response.round)
        where = latest.question_id if latest is not None else gap.question_id
        section = _section_of(latest.response if latest is not None else gap.first_response, where)
        db.session.add(GapEntry(
            gap_id=gap.id, response_id=response.id,
            question_id=gap_holder(where, section, definition),
            position=latest.position if latest is not None else 0,
            status="open", carried=True, updated_by_id=None,
        ))


def latest_entry(gap: Gap, *, before: Round | None = None) -> GapEntry | None:
    """The gap's entry in the latest round (optionally: held before ``before``)."""
    entries = [e for e in gap.entries
               if before is None or _round_key(e.response.round) < _round_key(before)]
    return max(entries, key=lambda e: _round_key(e.response.round), default=None)


def _round_key(round_: Round) -> tuple:
    return (round_.meeting_date, round_.id)


def _section_of(response: Response, question_id: str) -> str | None:
    question = response.questionnaire_version.definition.question(question_id)
    return question.section_id if question is not None else None


def gap_holder(old_question_id: str, old_section_id: str | None, definition: Definition) -> str:
    """The question of ``definition`` that holds a gap last seen on ``old_question_id``.

    In order: the same question, if it still has a gaps list; a question that
    ``replaces`` it and has a gaps list; if the question was dropped, a
    ``type: gaps`` question of the version (a general list of gaps), else the
    first question with a gaps list in the section the old question was in,
    else the first question with a gaps list anywhere. A version with no gaps
    list at all keeps the old question id: the entry is still listed on the
    response page (under "gaps from questions no longer asked") and in the
    register, and stays open until a later version can close it.
    """
    same = definition.question(old_question_id)
    if same is not None and same.has_gaps:
        return same.id
    with_gaps = [q for q in definition.questions if q.has_gaps]
    for q in with_gaps:
        if old_question_id in q.replaces:
            return q.id
    for q in with_gaps:
        if not q.kind.has_answer:
            return q.id
    for q in with_gaps:
        if old_section_id is not None and q.section_id == old_section_id:
            return q.id
    return with_gaps[0].id if with_gaps else old_question_id

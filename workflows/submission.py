"""Submitting a response: full validation, then exactly one submission.

The submit is one conditional UPDATE (``status -> submitted, revision + 1``
where the revision is still the one the user checked and the status is still
draft or returned). Whatever happens at once (a double click, a refresh, two
tabs, two people), one request wins and every other finds the guard gone and
writes nothing: it is told the response is already submitted, or that it
changed since they checked it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forms.questionnaire.builder import bind_answers
from models import Response, User, db
from models.permissions import can
from models.status import ACCEPTED
from models.status import SUBMITTED as SUBMITTED_STATUS

from . import audit, gaps, mail_events
from .database import transaction
from .responses import (
    answer_values,
    answers_by_question,
    carried_to_check,
    edit_refusal,
    stored_answers,
)
from .revisions import StaleRevision, can_move, move

SUBMITTED, ALREADY, CHANGED = "submitted", "already", "changed"
INVALID, REFUSED = "invalid", "refused"


@dataclass
class Problem:
    """Something to fix before submitting, and where: section and field anchor."""

    section_id: str | None
    question_id: str | None
    anchor: str | None  # an element id on the section page
    message: str


@dataclass
class SubmitResult:
    outcome: str  # one of SUBMITTED, ALREADY, CHANGED, INVALID, REFUSED
    problems: list[Problem] = field(default_factory=list)
    message: str = ""


# ------------------------------------------------------------------- checking


def submit_problems(response: Response, stored: dict | None = None) -> list[Problem]:
    """Everything that stops the response being submitted, in question order, each
    problem once: answers carried from last round and still to check are one
    problem per section, and a question with an error is not counted among them."""
    definition = response.questionnaire_version.definition
    stored = stored_answers(response) if stored is None else stored
    form = bind_answers(definition, stored, None, csrf=False)
    problems: list[Problem] = []
    if not form.validate_submit():
        for qid, item in form.question_error_items():
            problems.append(_problem_from_item(definition, qid, item))
    with_errors = {p.question_id for p in problems}
    for section_id, qids in carried_to_check(definition, stored).items():
        qids = [qid for qid in qids if qid not in with_errors]
        if qids:
            problems.append(_carried_problem(definition, section_id, qids))
    values = answer_values(stored)
    in_form = {q.id for q in definition.questions if definition.visible(q, values)}
    for qid, message in gaps.gap_problems(response, titles_checked=in_form):
        q = definition.question(qid)
        problems.append(Problem(q.section_id if q else None, qid,
                                f"question-{qid}" if q else None, message))
    order = {q.id: n for n, q in enumerate(definition.questions)}
    return sorted(problems, key=lambda p: order.get(p.question_id, len(order)))


def _carried_problem(definition, section_id: str, qids: list[str]) -> Problem:
    section = definition.section(section_id)
    if len(qids) == 1:
        label = definition.question(qids[0]).question
        message = f"{label} – Check the answer from last round: change, or confirm as still true"
    else:
        message = (f"Check the {len(qids)} answers from last round in “{section.title}”: "
                   "change, or confirm as still true")
    return Problem(section_id, qids[0], f"question-{qids[0]}", message)


def problems_by_section(definition, problems: list[Problem]) -> list[tuple[str | None, list]]:
    """[(section title or None, [Problem])] in section order, for the error summary."""
    groups: dict[str | None, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.section_id, []).append(p)
    ordered = [s.id for s in definition.sections if s.id in groups]
    ordered += [sid for sid in groups if sid not in ordered]
    return [(definition.section(sid).title if sid and definition.section(sid) else None,
             groups[sid]) for sid in ordered]


def _problem_from_item(definition, qid: str | None, item: dict) -> Problem:
    anchor = (item.get("href") or "").lstrip("#") or None
    q = definition.question(qid) if qid else None
    return Problem(q.section_id if q else None, qid, anchor, item["text"])


# ----------------------------------------------------------------- submitting


def submit_response(response: Response, user: User, base_revision: int | None) -> SubmitResult:
    """Submit once (commits on success). See the module docstring."""
    if not can_move(response, SUBMITTED_STATUS):
        return SubmitResult(ALREADY, message=_already(response))
    refusal = edit_refusal(response, user)
    if refusal is None and not can(user, "response.submit", response):
        refusal = "Only the organisation's respondents can submit its response."
    if refusal:
        return SubmitResult(REFUSED, message=refusal)
    if base_revision != response.revision:
        return SubmitResult(CHANGED, message=CHANGED_MESSAGE)
    problems = submit_problems(response)
    if problems:
        return SubmitResult(INVALID, problems=problems)
    try:
        with transaction():
            _submit(response, user, base_revision)
    except StaleRevision:
        db.session.refresh(response)
        if not can_move(response, SUBMITTED_STATUS):
            return SubmitResult(ALREADY, message=_already(response))
        return SubmitResult(CHANGED, message=CHANGED_MESSAGE)
    return SubmitResult(SUBMITTED)


CHANGED_MESSAGE = ("The answers have changed since you checked them (someone may have saved "
                   "a change). Check them again before you submit.")


def _already(response: Response) -> str:
    who = response.submitted_by.name if response.submitted_by else "someone"
    if response.status == ACCEPTED:
        return "This response has already been submitted and accepted."
    return f"This response has already been submitted by {who}."


def _submit(response: Response, user: User, base_revision: int) -> None:
    changes = _drop_hidden(response, user)
    gaps.on_submit(response, user)
    row = move(response, SUBMITTED_STATUS, user, expected=base_revision, changes=changes,
               submitted_by_id=user.id)
    db.session.expire(response, ["submitted_by"])
    audit.record("response.submit", user=user, obj=response,
                 organisation_id=response.organisation_id, round_id=response.round_id,
                 revision=row.number)
    mail_events.response_submitted(response)


def _drop_hidden(response: Response, user: User) -> dict:
    """Delete the answers (and new gaps) of questions that ``show_if`` hides."""
    definition = response.questionnaire_version.definition
    rows = answers_by_question(response)
    values = {qid: a.value for qid, a in rows.items()}
    gap_items = gaps.gap_items_for(response)
    changes: dict[str, dict] = {}
    for q in definition.questions:
        if definition.visible(q, values):
            continue
        row = rows.get(q.id)
        if row is not None:
            changes[q.id] = {"before": {"value": row.value, "explanation": row.explanation,
                                        "from_last_round": bool(row.from_last_round)},
                             "after": {}}
            db.session.delete(row)
        if q.has_gaps and gap_items.get(q.id):
            gap_change = gaps.save_gap_items(response, q.id, [], user)
            if gap_change:
                entry = changes.setdefault(q.id, {"before": {}, "after": {}})
                entry["before"]["gaps"] = gap_change["before"]
                entry["after"]["gaps"] = gap_change["after"]
    db.session.flush()
    return changes

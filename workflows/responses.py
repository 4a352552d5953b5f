"""Responses: reading answers, who may see and edit them, saving drafts.

Saves are guarded by the response revision (see ``revisions``): a save names
the revision its form started from; when somebody else has since changed a
question that this save would also change, the save is refused with
``Conflict`` and nothing is written. Changes to other questions (another
section, say) are merged: nobody's answer is overwritten silently. The
revision is bumped by a conditional UPDATE, so two saves racing from the same
revision cannot both pass. Submitting is in ``submission``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.format.definition import Question
from models import Answer, Response, Round, User, db, utcnow
from models.permissions import can
from models.status import EDITABLE, response_label

from . import audit, gaps, pending
from .database import transaction
from .revisions import StaleRevision, record_revision, revisions_since


class NotEditable(Exception):
    """The response cannot be changed now; ``str()`` says why, for the user."""


class Conflict(Exception):
    """Somebody else changed questions this save also changes."""

    def __init__(self, response: Response, question_ids: list[str], revisions: list):
        super().__init__(f"response {response.id}: {', '.join(question_ids)} changed meanwhile")
        self.response = response
        self.question_ids = question_ids
        self.revisions = revisions  # the ResponseRevision rows that made the other changes


@dataclass
class SaveResult:
    revision: int
    saved: bool  # False: nothing had changed
    at: datetime | None = None
    questions: list[str] = field(default_factory=list)


# --------------------------------------------------------------------- reading


def answers_by_question(response: Response) -> dict[str, Answer]:
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id))
    return {a.question_id: a for a in rows}


def answers_snapshot(response: Response,
                     question_ids: Iterable[str] | None = None) -> dict[str, dict]:
    """``{question_id: {"value", "explanation", "from_last_round"}}`` of the
    stored answers (only questions that have an Answer row), optionally
    limited to ``question_ids``. Plain JSON-able data: revision rows store it."""
    wanted = set(question_ids) if question_ids is not None else None
    out: dict[str, dict[str, Any]] = {}
    for qid, answer in answers_by_question(response).items():
        if wanted is None or qid in wanted:
            out[qid] = {"value": answer.value, "explanation": answer.explanation,
                        "from_last_round": bool(answer.from_last_round)}
    return out


def stored_answers(response: Response) -> dict[str, dict[str, Any]]:
    """``{question_id: {"value", "explanation", "gaps", "from_last_round"}}``:
    everything needed to re-bind a form (``builder.form_data_from_answers``)."""
    out: dict[str, dict[str, Any]] = {}
    for qid, a in answers_by_question(response).items():
        out[qid] = {"value": a.value, "explanation": a.explanation, "gaps": [],
                    "from_last_round": bool(a.from_last_round)}
    for qid, items in gaps.gap_items_for(response).items():
        out.setdefault(qid, {"value": None, "explanation": None, "gaps": [],
                             "from_last_round": False})["gaps"] = items
    return out


def answer_values(stored: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """{question_id: value}: the context for ``show_if`` conditions."""
    return {qid: item.get("value") for qid, item in stored.items()}


def response_for(user: User, response_id: int) -> Response | None:
    """The response if ``user`` may see it, else None (the view answers 404).

    Admins and the PCC see every response; a respondent sees their own
    organisation's responses to rounds that are no longer planned (``response.view``).
    """
    response = db.session.get(Response, response_id)
    if response is None or not can(user, "response.view", response):
        return None
    return response


def edit_refusal(response: Response, user: User) -> str | None:
    """Why ``user`` cannot change ``response`` now (None: they can)."""
    if not can(user, "response.edit", response):
        return "Only the organisation's respondents can change its response."
    if response.round.status != "open":
        return "The round is not open for responses, so answers cannot be changed."
    if response.status not in EDITABLE:
        label = response_label(response.status).lower()
        return f"This response has been {label} and can no longer be changed."
    return None


def responses_for_org(organisation_id: int) -> list[Response]:
    """An organisation's responses to rounds that are no longer planned, latest first."""
    return list(db.session.scalars(
        select(Response).join(Round, Response.round_id == Round.id)
        .where(Response.organisation_id == organisation_id, Round.status != "planned")
        .order_by(Round.meeting_date.desc(), Round.id.desc())
        .options(selectinload(Response.round))
    ))


# ---------------------------------------------------------------------- saving


def save_section(response: Response, section_id: str, answers: Mapping[str, Any], user: User,
                 base_revision: int | None, *, confirm: bool = False) -> SaveResult:
    """Save the given answers of one section as a draft (commits).

    ``answers`` maps question ids of the section to ``AnswerData`` (value,
    explanation, gaps, hidden); questions left out (hidden by ``show_if``, or
    with invalid input) keep what is stored. ``confirm`` confirms the
    section's answers carried from last round. Raises ``NotEditable``,
    ``Conflict``; a database failure propagates after a rollback, having
    saved nothing.
    """
    for attempt in (1, 2):
        try:
            with transaction():
                return _save_once(response, section_id, answers, user, base_revision, confirm)
        except StaleRevision:
            # Somebody saved between our read and our write (rolled back): look again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _save_once(response, section_id, answers, user, base_revision, confirm) -> SaveResult:
    refusal = edit_refusal(response, user)
    if refusal:
        raise NotEditable(refusal)
    definition = response.questionnaire_version.definition
    section = definition.section(section_id)
    if section is None:
        raise NotEditable("This section is not part of the questionnaire.")
    current = response.revision
    qids = [q.id for q in section.questions]
    before = answers_snapshot(response, qids)
    gap_changes = _write_answers(response, section.questions, answers, user, confirm)
    db.session.flush()
    changes = _changes(before, answers_snapshot(response, qids), gap_changes, qids)
    if not changes:
        return SaveResult(current, saved=False)
    if base_revision is None or base_revision != current:
        _refuse_clashes(response, base_revision, changes)
    row = record_revision(response, "save", user, changes, expected=current, statuses=EDITABLE)
    audit.record("response.save", user=user, obj=response, organisation_id=response.organisation_id,
                 section=section_id, revision=row.number, questions=sorted(changes))
    pending.discard_for(user, response, section_id)
    return SaveResult(row.number, saved=True, at=utcnow(), questions=sorted(changes))


def _write_answers(response, questions: Iterable[Question], answers, user, confirm) -> dict:
    rows = answers_by_question(response)
    gap_lists = {}
    for q in questions:
        data = answers.get(q.id)
        if data is None or getattr(data, "hidden", False):
            continue
        if q.kind.has_answer:
            _write_answer(response, q, data, rows.get(q.id), user, confirm)
        if q.has_gaps:
            gap_lists[q.id] = list(getattr(data, "gaps", None) or [])
    return gaps.save_gap_lists(response, gap_lists, user) if gap_lists else {}


def _write_answer(response: Response, q: Question, data, row: Answer | None, user: User,
                  confirm: bool) -> None:
    value = data.value
    explanation = (data.explanation or None) if q.explain in ("optional", "required") else None
    if value in (None, "", []) and not explanation:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = Answer(response_id=response.id, question_id=q.id, from_last_round=False)
        db.session.add(row)
    elif row.value == value and row.explanation == explanation:
        if confirm and row.from_last_round:
            row.from_last_round = False
            row.updated_at, row.updated_by_id = utcnow(), user.id
        return
    row.value, row.explanation = value, explanation
    row.rating = q.kind.stored_rating(value)
    row.from_last_round = False
    row.updated_at, row.updated_by_id = utcnow(), user.id


def _changes(before: dict, after: dict, gap_changes: dict, qids: list[str]) -> dict:
    changes: dict[str, dict] = {}
    for qid in qids:
        old, new = before.get(qid), after.get(qid)
        gap = gap_changes.get(qid)
        if old == new and gap is None:
            continue
        entry = {"before": dict(old or {}), "after": dict(new or {})}
        if gap is not None:
            entry["before"]["gaps"], entry["after"]["gaps"] = gap["before"], gap["after"]
        changes[qid] = entry
    return changes


def _refuse_clashes(response: Response, base_revision: int | None, changes: dict) -> None:
    """Raise Conflict if revisions after ``base_revision`` changed any of ``changes``."""
    others = revisions_since(response, base_revision if base_revision is not None else -1)
    touched = set()
    for rev in others:
        touched.update((rev.changes or {}).keys())
    clash = sorted(touched & set(changes))
    if clash or base_revision is None:
        raise Conflict(response, clash or sorted(changes), others)


def conflict_details(response: Response, question_ids: Iterable[str], revisions: list) -> dict:
    """{question_id: (user name, when)} of the latest other change to each question."""
    out = {}
    wanted = set(question_ids)
    for rev in revisions:
        for qid in (rev.changes or {}):
            if qid in wanted:
                out[qid] = (rev.user.name if rev.user else "Someone", rev.at)
    return out


# ------------------------------------------------------------------ progress


NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"


def has_content(item: Mapping[str, Any] | None) -> bool:
    return bool(item) and (item.get("value") not in (None, "", []) or bool(item.get("explanation"))
                           or bool(item.get("gaps")))


def carried_to_check(definition, stored: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """{section id: [question id]}: the answers carried from last round that are
    shown and not yet confirmed or changed, in question order (sections with none
    are left out)."""
    values = answer_values(stored)
    out: dict[str, list[str]] = {}
    for q in definition.questions:
        item = stored.get(q.id)
        if item and item.get("from_last_round") and definition.visible(q, values):
            out.setdefault(q.section_id, []).append(q.id)
    return out


def section_progress(response: Response, stored: Mapping[str, Mapping[str, Any]] | None = None
                     ) -> dict[str, str]:
    """{section id: not_started | in_progress | completed}.

    Completed: everything the section needs for submitting is there, and no
    answer from last round is waiting to be confirmed.
    """
    from forms.questionnaire.builder import bind_answers

    stored = stored_answers(response) if stored is None else stored
    definition = response.questionnaire_version.definition
    context = answer_values(stored)
    gap_issue_qids = {qid for qid, _ in gaps.gap_problems(response)}
    out = {}
    for section in definition.sections:
        items = [stored.get(q.id) for q in section.questions]
        if not any(has_content(i) for i in items):
            out[section.id] = NOT_STARTED
            continue
        form = bind_answers(definition, stored, section.id, csrf=False)
        unconfirmed = any(i and i.get("from_last_round") for i in items)
        gap_issue = any(q.id in gap_issue_qids for q in section.questions)
        done = form.validate_submit(context) and not unconfirmed and not gap_issue
        out[section.id] = COMPLETED if done else IN_PROGRESS
    return out

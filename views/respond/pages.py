"""The task list of a response, check your answers, submit, and the home panel."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from exports.rollups_actions import actions_for_response
from forms.format.dates import long_date
from models.status import RETURNED, SUBMITTED, response_label
from workflows import submission
from workflows.responses import (
    COMPLETED,
    IN_PROGRESS,
    answer_values,
    carried_to_check,
    section_progress,
    stored_answers,
)
from workflows.review import comments_for
from workflows.revisions import can_move

from ..access import requires
from ..csrf_keep import token_problem
from . import bp
from .common import NOTICES, editable_response, parse_revision
from .display import answer_lines, review_comments

PROGRESS_LABELS = {COMPLETED: "Completed", IN_PROGRESS: "In progress"}


@bp.route("/<int:response_id>")
@requires("response.edit")
def tasks(response_id: int):
    found, refusal = editable_response(response_id)
    if refusal:
        return redirect(url_for("review.response", response_id=found.id))
    stored = stored_answers(found)
    progress = section_progress(found, stored)
    definition = found.questionnaire_version.definition
    carried = carried_to_check(definition, stored)
    remarks = _comment_counts(found, definition)
    items = []
    for s in definition.sections:
        hints = [_carried_hint(len(carried[s.id]))] if carried.get(s.id) else []
        if remarks.get(s.id):
            hints.insert(0, _plural(remarks[s.id], "comment") + " from the OPCC")
        items.append({
            "title": {"text": s.title},
            "href": url_for(".section", response_id=found.id, section_id=s.id),
            "status": _status_param(progress[s.id], len(carried.get(s.id, []))),
            **({"hint": {"text": " · ".join(hints)}} if hints else {}),
        })
    done = sum(1 for s in definition.sections if progress[s.id] == COMPLETED)
    return render_template("respond/tasks.html", response=found, round=found.round,
                           definition=definition, items=items, done=done,
                           count=len(definition.sections), to_check=len(carried),
                           comments=review_comments(found).get(None, []),
                           status_label=response_label(found.status),
                           long_date=long_date, actions_agreed=actions_for_response(found))


def _status_param(progress: str, carried: int = 0) -> dict:
    if carried:
        return {"tag": {"text": "Check last round's answers", "classes": "govuk-tag--yellow"}}
    if progress == COMPLETED:
        return {"text": "Completed"}
    if progress == IN_PROGRESS:
        return {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
    return {"tag": {"text": "Not started", "classes": "govuk-tag--blue"}}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _carried_hint(count: int) -> str:
    return _plural(count, "answer") + " from last round to confirm or change"


def _comment_counts(found, definition) -> dict[str, int]:
    """{section id: how many comments of the latest return are on its questions}."""
    if found.status != RETURNED:
        return {}
    counts: dict[str, int] = {}
    for qid, comments in comments_for(found, latest_only=True).items():
        question = definition.question(qid) if qid else None
        if question is not None:
            counts[question.section_id] = counts.get(question.section_id, 0) + len(comments)
    return counts


@bp.route("/<int:response_id>/check")
@requires("response.edit")
def check(response_id: int):
    found, refusal = editable_response(response_id)
    if refusal:
        return redirect(url_for("review.response", response_id=found.id))
    definition = found.questionnaire_version.definition
    stored = stored_answers(found)
    values = answer_values(stored)
    sections = []
    for s in definition.sections:
        rows = [{"question": q, "lines": answer_lines(q, stored.get(q.id)),
                 "carried": bool((stored.get(q.id) or {}).get("from_last_round")),
                 "href": url_for(".section", response_id=found.id, section_id=s.id,
                                 _anchor=f"question-{q.id}")}
                for q in s.questions if definition.visible(q, values)]
        sections.append({"section": s, "rows": rows})
    notice = request.args.get("notice")
    problems = _problem_groups(found, submission.submit_problems(found, stored)) \
        if notice == "problems" else []
    return render_template("respond/check.html", response=found, round=found.round,
                           definition=definition, sections=sections, problems=problems,
                           notice=NOTICES.get(notice), revision=found.revision,
                           form_has_errors=bool(problems), long_date=long_date)


def _problem_groups(found, problems) -> list[dict]:
    """The error summary's entries, grouped under their sections' titles."""
    definition = found.questionnaire_version.definition
    return [{"title": title, "items": _problem_links(found, items)}
            for title, items in submission.problems_by_section(definition, problems)]


def _problem_links(found, problems) -> list[dict]:
    items = []
    for p in problems:
        if p.section_id:
            href = url_for(".section", response_id=found.id, section_id=p.section_id, check=1,
                           _anchor=p.anchor or "")
        else:
            href = url_for("review.response", response_id=found.id)
        items.append({"text": p.message, "href": href})
    return items


@bp.route("/<int:response_id>/submit", methods=["POST"])
@requires("response.submit")
def submit(response_id: int):
    found, refusal = editable_response(response_id)
    if not can_move(found, SUBMITTED):
        flash(submission._already(found), "info")
        return redirect(url_for("review.response", response_id=found.id))
    if refusal:
        flash(refusal, "info")
        return redirect(url_for("review.response", response_id=found.id))
    if token_problem():
        return redirect(url_for(".check", response_id=found.id, notice="token"))
    base = parse_revision(request.form.get("revision"))
    result = submission.submit_response(found, current_user, base)
    if result.outcome == submission.SUBMITTED:
        flash(f"Response submitted. Thank you: {found.organisation.name}'s answers have been sent "
              f"to the OPCC for “{found.round.title}”.", "success")
        return redirect(url_for("review.response", response_id=found.id))
    if result.outcome == submission.CHANGED:
        return redirect(url_for(".check", response_id=found.id, notice="changed"))
    if result.outcome == submission.INVALID:
        return redirect(url_for(".check", response_id=found.id, notice="problems"))
    flash(result.message, "info")
    return redirect(url_for("review.response", response_id=found.id))

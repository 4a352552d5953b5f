"""One section of a response: show it, save it (button or autosave), conflicts.

A POST is handled in this order: the token check (a stale token gives the
page back with everything typed and a fresh token, nothing saved); can this
user still edit; an "add another gap"/"remove" button; draft validation
(types and lengths only); then the save, which keeps the answers that are
valid even if others are not (``workflows.drafts`` decides which). A save
that clashes with somebody else's change gives the conflict page; a database
failure gives the page back with "Not saved, try again".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from forms.format.dates import clock, clock_12h, date_and_12h_time, date_and_time, uk_local
from forms.questionnaire.builder import form_class_for, form_data_from_answers, values_from_form
from models.base import utcnow
from workflows import gaps, pending
from workflows.drafts import draft_answers
from workflows.responses import (
    Conflict,
    NotEditable,
    answer_values,
    conflict_details,
    save_section,
    stored_answers,
)

from ..access import requires
from ..csrf_keep import token_problem
from ..form_bodies import form_was_repaired, repaired_message
from . import bp
from .common import (
    CSRF_NOTICE,
    DB_NOTICE,
    PENDING_NOTICE,
    editable_response,
    parse_revision,
)
from .display import answer_lines, posted_lines, review_comments

UNSAVED = ("invalid_token", "unreadable", "failed")  # nothing saved; the page shows the post


@dataclass
class Outcome:
    """What became of a POST, for the page or the JSON reply."""

    status: str  # saved | unchanged | partial | invalid_token | unreadable | conflict | failed
    #              | refused
    http: int = 200
    revision: int | None = None
    message: str = ""
    conflict: Conflict | None = None
    errors: list = field(default_factory=list)
    at: datetime | None = None  # when it was saved (status "saved")


# ------------------------------------------------------------------ the views


@bp.route("/<int:response_id>/sections/<section_id>", methods=["GET", "POST"])
@requires("response.edit")
def section(response_id: int, section_id: str):
    found, refusal = editable_response(response_id)
    definition = found.questionnaire_version.definition
    part = definition.section(section_id) or abort(404)
    if refusal and request.method == "GET":
        flash(refusal, "info")
        return redirect(url_for("review.response", response_id=found.id))
    if request.method == "GET":
        return _show(found, part)
    form = form_class_for(definition, part.id)(formdata=request.form)
    mark_new_gaps(found, form)
    if refusal:  # closed or submitted while they typed: show what they typed, saved nothing
        return _refused_page(found, part, form, refusal)
    list_action = form.apply_list_action(request.form)
    outcome = _handle_post(found, part, form, confirm=request.form.get("action") in CONFIRMING
                           and not list_action)
    if outcome.status == "conflict":
        return _conflict_page(found, part, form, outcome.conflict)
    if outcome.status == "refused":
        return _refused_page(found, part, form, outcome.message)
    if outcome.status in UNSAVED or outcome.errors or list_action:
        if outcome.status not in UNSAVED:
            fill_gap_ids(found, form)
        notices = [outcome.message] if outcome.message else []
        return render_page(found, part, form, revision=outcome.revision, notices=notices,
                           status=outcome.http, errors=bool(outcome.errors))
    return _after_save(found, part, outcome)


def _refused_page(found, part, form, reason: str):
    notice = (f"Not saved: {reason} What you typed is below, so that you can copy anything "
              "you need.")
    return render_page(found, part, form, revision=parse_revision(request.form.get("revision")),
                       notices=[notice], status=409, editable=False)


@bp.route("/<int:response_id>/sections/<section_id>/autosave", methods=["POST"])
@requires("response.edit")
def autosave(response_id: int, section_id: str):
    found, refusal = editable_response(response_id)
    part = found.questionnaire_version.definition.section(section_id) or abort(404)
    if refusal:
        return jsonify(status="refused", message=refusal), 409
    form = form_class_for(found.questionnaire_version.definition, part.id)(formdata=request.form)
    outcome = _handle_post(found, part, form, confirm=False)
    body = {"status": outcome.status, "revision": outcome.revision, "message": outcome.message}
    if outcome.status in ("saved", "unchanged", "partial"):
        body["gap_ids"] = fill_gap_ids(found, form)
    if outcome.errors:
        body["errors"] = [e["text"] for e in outcome.errors]
    return jsonify(body), outcome.http


def _show(found, part):
    kept = pending.find(request.args.get("kept"), user=current_user, response=found,
                        section_id=part.id)
    definition = found.questionnaire_version.definition
    if kept is not None:
        from werkzeug.datastructures import MultiDict

        form = form_class_for(definition, part.id)(formdata=MultiDict(kept.form_data))
        return render_page(found, part, form, revision=kept.base_revision, notices=[PENDING_NOTICE])
    stored = stored_answers(found)
    form = form_class_for(definition, part.id)(
        formdata=form_data_from_answers(definition, stored, part.id))
    errors = False
    if request.args.get("check"):  # from an error link on check your answers
        errors = _check_stored(form, answer_values(stored))
    return render_page(found, part, form, revision=found.revision, stored=stored, errors=errors)


def _check_stored(form, context) -> bool:
    """Check the stored answers as submit would, for the page; True if any problem.
    A GET carries no token, and a token is never the respondent's problem here: the
    form's token check is left out (the page gets a fresh token to post with)."""
    form.validate_submit(context)
    token = getattr(form, "csrf_token", None)
    if token is not None:
        token.errors = []
    return bool(form.error_summary_items())


# ------------------------------------------------------------------ saving


def _handle_post(found, part, form, *, confirm: bool) -> Outcome:
    problem = token_problem()
    base = parse_revision(request.form.get("revision"))
    if form_was_repaired():  # not valid UTF-8: save nothing of a guess at what was meant
        current_app.logger.info("section post that is not valid UTF-8")
        return Outcome("unreadable", 400, base, repaired_message(form._fields))
    if problem:
        current_app.logger.info("section post with a bad token: %s", problem)
        return Outcome("invalid_token", 400, base, CSRF_NOTICE)
    draft = draft_answers(form, answer_values(stored_answers(found)), check=confirm)
    errors = draft.errors
    try:
        result = save_section(found, part.id, draft.answers, current_user, base,
                              confirm=confirm and draft.complete)
    except Conflict as exc:
        return Outcome("conflict", 409, base, "Not saved: someone else has changed these answers.",
                       conflict=exc)
    except NotEditable as exc:
        return Outcome("refused", 409, base, str(exc))
    except SQLAlchemyError:
        current_app.logger.exception("saving response %s failed", found.id)
        return Outcome("failed", 503, base, DB_NOTICE)
    status = "partial" if errors else ("saved" if result.saved else "unchanged")
    message = _saved_message(result, errors, draft.problems)
    return Outcome(status, 200, result.revision, message, errors=errors or draft.problems,
                   at=result.at if result.saved else None)


def fill_gap_ids(found, form) -> dict[str, str]:
    """Put the ids of newly saved gaps into the form's hidden ``gap_id`` fields (so the
    next save updates them instead of adding them again); {field name: id} for the page."""
    stored = gaps.gap_items_for(found)
    filled = {}
    for qid in form.question_ids:
        name = form.field_map[qid].gaps
        if not name:
            continue
        entries = [e for e in form[name].entries if not e.form.is_blank()]
        for entry, item in zip(entries, stored.get(qid, [])):
            if not entry.form.gap_id.data:
                entry.form.gap_id.data = item["gap_id"]
                filled[entry.form.gap_id.name] = item["gap_id"]
    return filled


def mark_new_gaps(found, form) -> None:
    """Tell the form which gaps were first identified in this response: they stay
    removable (with no status), unlike gaps carried from an earlier round."""
    form.mark_new_gaps(item["gap_id"] for items in gaps.gap_items_for(found).values()
                       for item in items if item["new"])


def _saved_message(result, errors, problems=()) -> str:
    at = clock(result.at) if result.saved else None
    if errors:
        done = f"Your other answers were saved at {at}. " if at else ""
        return done + "Some answers could not be saved: correct them and save again."
    if problems:
        done = f"Your answers were saved at {clock_12h(result.at)}. " if at else ""
        return done + "Correct the problems below before you continue."
    return f"Saved at {at}" if at else "No changes to save"


# The buttons that confirm the section's answers carried from last round.
CONFIRMING = ("continue", "confirm")


def _after_save(found, part, outcome: Outcome):
    definition = found.questionnaire_version.definition
    if request.form.get("action") == "confirm":
        flash(f"The answers from last round in “{part.title}” are confirmed as still true.",
              "success")
    if request.form.get("action") in CONFIRMING:
        ids = [s.id for s in definition.sections]
        position = ids.index(part.id)
        if position + 1 < len(ids):
            return redirect(url_for(".section", response_id=found.id, section_id=ids[position + 1]))
        return redirect(url_for(".check", response_id=found.id))
    at = outcome.at if outcome.status == "saved" else found.updated_at
    if at is None:  # nothing typed and nothing ever saved
        flash("There is nothing to save yet: this section has no answers.", "info")
    else:
        flash(f"Your draft was saved {_when(at)}.", "success")
    return redirect(url_for(".section", response_id=found.id, section_id=part.id))


def _when(at) -> str:
    """``at 2:03pm`` today (UK time), else ``on 30 November 2026 at 2:03pm``."""
    if uk_local(at).date() == uk_local(utcnow()).date():
        return f"at {clock_12h(at)}"
    return f"on {date_and_12h_time(at)}"


# ---------------------------------------------------------------- rendering


def render_page(found, part, form, *, revision, notices=(), status=200, stored=None,
                errors=False, editable=True):
    definition = found.questionnaire_version.definition
    mark_new_gaps(found, form)  # again: a save may just have added some
    stored = stored_answers(found) if stored is None else stored
    values = answer_values(stored)
    own = {q.id for q in part.questions}
    hidden = {q.id for q in part.questions
              if q.show_if and q.show_if.question not in own and not definition.visible(q, values)}
    ids = [s.id for s in definition.sections]
    carried = {qid for qid, item in stored.items() if item.get("from_last_round")}
    html = render_template(
        "respond/section.html", response=found, round=found.round, definition=definition,
        section=part, form=form, revision=revision, notices=list(notices), hidden=hidden,
        carried=carried, section_carried=bool(carried & own - hidden),
        comments=review_comments(found), number=ids.index(part.id) + 1, count=len(ids),
        last=ids[-1] == part.id, form_has_errors=errors or bool(form.error_summary_items()),
        autosave_url=url_for(".autosave", response_id=found.id, section_id=part.id),
        editable=editable,
    )
    return html, status


def _conflict_page(found, part, form, conflict: Conflict):
    mark_new_gaps(found, form)
    stored = stored_answers(found)
    definition = found.questionnaire_version.definition
    posted = values_from_form(form, answer_values(stored))
    who = conflict_details(found, conflict.question_ids, conflict.revisions)
    rows = []
    for q in part.questions:
        changed_by = who.get(q.id)
        rows.append({
            "question": q, "clash": q.id in conflict.question_ids,
            "theirs": answer_lines(q, stored.get(q.id)), "yours": posted_lines(q, posted.get(q.id)),
            "by": changed_by[0] if changed_by else None,
            "at": date_and_time(changed_by[1]) if changed_by else None,
        })
    html = render_template(
        "respond/conflict.html", response=found, round=found.round, definition=definition,
        section=part, form=form, rows=rows, revision=found.revision, form_has_errors=True,
    )
    return html, 409

"""Reviewing responses: the list per round, the response page, return with
comments, accept, the revision history, and information added after the
meeting.

Admins and the PCC see every submitted response; respondents see their own
organisation's (``workflows.responses.response_for`` decides; anything else is
a 404). Only admins return and accept; only the organisation's respondents add
post-meeting information; the PCC reads.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from exports.review_changes import changes_since_return
from exports.review_lists import (
    awaiting_review,
    response_revisions,
    responses_in_round,
    rounds_with_counts,
)
from exports.revision_changes import revision_changes
from exports.rollups_verdicts import response_verdicts
from forms.review import AdditionForm, ReviewActionForm, return_form_class
from models import Response, Round
from models.permissions import can
from models.status import RETURNED
from workflows import additions, gaps, review
from workflows.lookups import in_office_by_id
from workflows.responses import answers_by_question, response_for
from workflows.revisions import can_move

from .access import requires
from .confirm import Confirmation, confirm_page
from .csrf_keep import keeps_typed_text
from .main import add_home_panel
from .navigation import add_nav

bp = Blueprint("review", __name__)


# ------------------------------------------------------------------ lookups


def _response(response_id: int) -> Response:
    """The response if the current user may see it; 404 otherwise."""
    found = response_for(current_user, response_id)
    if found is None:
        abort(404)
    return found


def _visible_questions(response: Response, answers: dict) -> dict[str, list]:
    """{section id: [question]} of the questions shown for these answers."""
    definition = response.questionnaire_version.definition
    values = {qid: a.value for qid, a in answers.items()}
    return {s.id: [q for q in s.questions if definition.visible(q, values)]
            for s in definition.sections}


# ---------------------------------------------------------------- the lists


@bp.route("/review")
@requires("response.list")
def index():
    return render_template("review/index.html",
                           rounds=rounds_with_counts(office_id=current_user.office_id))


@bp.route("/review/rounds/<int:round_id>")
@requires("response.list")
def round_responses(round_id: int):
    round_ = in_office_by_id(Round, round_id, office_id=current_user.office_id) or abort(404)
    return render_template("review/round.html", round=round_,
                           responses=responses_in_round(round_))


# ------------------------------------------------------------ the response


@bp.route("/responses/<int:response_id>")
@requires("response.view")
def response(response_id: int):
    found = _response(response_id)
    answers = answers_by_question(found)
    shown = found.submitted_at is not None or can(current_user, "response.see_unsubmitted", found)
    entries = gaps.entries_for(found)
    definition = found.questionnaire_version.definition
    orphans = {qid: e for qid, e in entries.items() if definition.question(qid) is None}
    return render_template(
        "review/response.html", response=found, definition=definition, shown=shown,
        answers=answers, visible=_visible_questions(found, answers), gap_entries=entries,
        orphan_gaps=orphans, review_comments=review.comments_for(found),
        additions=additions.additions_for(found),
        can_add=additions.addition_refusal(found, current_user) is None,
        can_ask=additions.request_refusal(found, current_user) is None,
        action_form=ReviewActionForm(revision=found.revision),
        since_return=(changes_since_return(found)
                      if can(current_user, "response.return", found) else None),
        verdict_pairs=_verdict_pairs(found) if shown else {},
    )


def _verdict_pairs(found: Response) -> dict:
    """{(section id, question id or ""): VerdictRow}: the OPCC's verdict beside the
    force's confidence, for those who read verdicts."""
    if not can(current_user, "verdict.view", found):
        return {}
    return {(r.section_id, r.question_id): r for r in response_verdicts(found)}


def _return_again(response_id: int):
    """The return page with the comments as posted, after a stale token."""
    found = _response(response_id)
    return _return_page(found, return_form_class(found.questionnaire_version.definition)())


@bp.route("/responses/<int:response_id>/return", methods=["GET", "POST"])
@requires("response.return")
@keeps_typed_text(bp, _return_again)
def return_response(response_id: int):
    found = _response(response_id)
    definition = found.questionnaire_version.definition
    form = return_form_class(definition)()
    if form.is_submitted() and can_move(found, RETURNED) and form.validate():
        try:
            review.return_response(found, comments=form.comments(), user=current_user,
                                   revision=form.revision.data)
        except review.ReviewError as exc:
            flash(str(exc))
            return redirect(url_for(".response", response_id=found.id))
        flash(f"The response from {found.organisation.name} was returned with your comments.",
              "success")
        return redirect(url_for(".response", response_id=found.id))
    if not form.is_submitted():
        form.revision.data = found.revision
    return _return_page(found, form)


def _return_page(found: Response, form):
    answers = answers_by_question(found)
    return render_template("review/return.html", response=found, form=form,
                           definition=found.questionnaire_version.definition, answers=answers,
                           visible=_visible_questions(found, answers),
                           gap_entries=gaps.entries_for(found))


@bp.route("/responses/<int:response_id>/accept", methods=["GET", "POST"])
@requires("response.accept")
def accept_response(response_id: int):
    """GET: the confirmation page; POST: accept the revision the reviewer looked at."""
    found = _response(response_id)
    if request.method == "GET":
        return _confirm_accept(found)
    form = ReviewActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        review.accept_response(found, user=current_user, revision=form.revision.data)
    except review.ReviewError as exc:
        flash(str(exc))
    else:
        flash(f"The response from {found.organisation.name} was accepted. "
              "Its answers are now locked.", "success")
    return redirect(url_for(".response", response_id=found.id))


def _confirm_accept(found: Response):
    back = url_for(".response", response_id=found.id)
    seen = request.args.get("revision", "")[:12]  # the revision the reviewer looked at
    if found.status != "submitted":
        flash(f"The response from {found.organisation.name} is not waiting to be accepted.",
              "info")
        return redirect(back)
    return confirm_page(Confirmation(
        caption=found.round.title, heading=f"Accept the response from {found.organisation.name}?",
        follows=["Its answers are locked: neither its respondents nor the OPCC can change them.",
                 "It counts in the ratings, the trends and the meeting notes.",
                 "Its respondents can still add information provided after the meeting."],
        action=url_for(".accept_response", response_id=found.id),
        fields={"revision": seen if seen.isdigit() else str(found.revision)},
        button="Accept the response", back=back))


@bp.route("/responses/<int:response_id>/revisions")
@requires("response.view")
def revisions(response_id: int):
    found = _response(response_id)
    revs = response_revisions(found)
    return render_template("review/revisions.html", response=found, revisions=revs,
                           changes={r.number: revision_changes(r.changes) for r in revs},
                           definition=found.questionnaire_version.definition)


# --------------------------------------------------- after the meeting


def _addition_place(response_id: int, question_id: str):
    """(response, question, why the user may not add information: None if they may)."""
    found = _response(response_id)
    question = found.questionnaire_version.definition.question(question_id)
    if question is None:
        abort(404)
    return found, question, additions.addition_refusal(found, current_user)


def _addition_again(response_id: int, question_id: str):
    """The add-information page with the text as posted, after a stale token."""
    found, question, refusal = _addition_place(response_id, question_id)
    if refusal:
        flash(refusal)
        return redirect(url_for(".response", response_id=found.id))
    return _addition_page(found, question, AdditionForm())


@bp.route("/responses/<int:response_id>/questions/<question_id>/add-information",
          methods=["GET", "POST"])
@requires("response.add_information")
@keeps_typed_text(bp, _addition_again)
def add_information(response_id: int, question_id: str):
    found, question, refusal = _addition_place(response_id, question_id)
    if refusal:
        flash(refusal)
        return redirect(url_for(".response", response_id=found.id))
    form = AdditionForm()
    if form.validate_on_submit():
        try:
            additions.add_addition(found, question.id, form.body.data, current_user)
        except additions.AdditionError as exc:
            form.body.errors.append(str(exc))
        else:
            flash("Your information was added after the answer, dated and with your name.",
                  "success")
            return redirect(url_for(".response", response_id=found.id, _anchor=f"q-{question.id}"))
    return _addition_page(found, question, form)


@bp.route("/responses/<int:response_id>/questions/<question_id>/ask-for-information",
          methods=["POST"])
@requires("response.request_information")
def request_information(response_id: int, question_id: str):
    found = _response(response_id)
    if found.questionnaire_version.definition.question(question_id) is None:
        abort(404)
    if not ReviewActionForm().validate_on_submit():
        abort(400)
    try:
        additions.request_information(found, question_id, current_user)
    except additions.AdditionError as exc:
        flash(str(exc))
    else:
        flash(f"{found.organisation.name}'s respondents have been asked by email to add "
              "information after the meeting to this answer.", "success")
    return redirect(url_for(".response", response_id=found.id, _anchor=f"q-{question_id}"))


def _addition_page(found: Response, question, form):
    answer = answers_by_question(found).get(question.id)
    return render_template("review/addition.html", response=found, question=question, answer=answer,
                           form=form, earlier=additions.additions_for(found).get(question.id, []))


# ------------------------------------------------------ navigation, home


def _awaiting_review() -> dict:
    return {"awaiting": awaiting_review(office_id=current_user.office_id)}


add_nav("admin", "Review", "review.index")
add_nav("pcc", "Responses", "review.index")
add_home_panel("admin", "review/_home_awaiting.html", _awaiting_review)

"""The OPCC's assurance verdicts: a round's verdicts beside the force's confidence, a
response's verdicts and their history, recording one, the PCC's sign-off, and the
assurance map. Admins record; the PCC signs off; both read. Respondents have no page
here."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from exports.assurance_map import MapFilters, assurance_map
from exports.rollups_verdicts import awaiting_sign_off, response_verdicts, round_verdicts
from forms.verdicts import MapFilterForm, SignOffForm, VerdictForm
from models import Response
from models.verdict_terms import (
    LEVELS,
    SOURCES,
    VERDICT_STATES,
    level_tag,
    source_label,
    state_tag,
)
from workflows import verdicts
from workflows.responses import response_for

from .access import requires
from .confirm import Confirmation, confirm_page
from .csrf_keep import keeps_typed_text
from .main import add_home_panel
from .navigation import add_nav

bp = Blueprint("verdicts", __name__)


def _response(response_id: int) -> Response:
    return response_for(current_user, response_id) or abort(404)


@bp.route("/rounds/<int:round_id>/verdicts")
@requires("verdict.view")
def round_page(round_id: int):
    found = round_verdicts(round_id, office_id=current_user.office_id) or abort(404)
    return render_template("verdicts/round.html", found=found)


@bp.route("/responses/<int:response_id>/verdicts")
@requires("verdict.view")
def response_page(response_id: int):
    found = _response(response_id)
    return render_template(
        "verdicts/response.html", response=found, rows=response_verdicts(found),
        refusal=verdicts.refusal(found, current_user),
        sign_off_refusal=verdicts.refusal(found, current_user, "verdict.sign_off"),
        waiting=verdicts.awaiting_sign_off(found), states=VERDICT_STATES)


def _subject(found: Response, section_id: str):
    """(section, question or None) named by the URL and ``?question=``; 404 if unknown."""
    definition = found.questionnaire_version.definition
    section = definition.section(section_id) or abort(404)
    question_id = request.args.get("question", "")[:63]
    question = None
    if question_id:
        question = next((q for q in section.questions if q.id == question_id), None) or abort(404)
    return section, question


def _record_place(response_id: int, section_id: str):
    """(response, section, question or None, the page to go back to)."""
    found = _response(response_id)
    section, question = _subject(found, section_id)
    return found, section, question, url_for(".response_page", response_id=found.id)


def _record_again(response_id: int, section_id: str):
    """The verdict form as posted, after a stale security token: nothing saved."""
    found, section, question, back = _record_place(response_id, section_id)
    refusal = verdicts.refusal(found, current_user)
    if refusal:
        flash(refusal)
        return redirect(back)
    return _record_page(found, section, question, VerdictForm(), None, back)


@bp.route("/responses/<int:response_id>/sections/<section_id>/verdict", methods=["GET", "POST"])
@requires("verdict.record")
@keeps_typed_text(bp, _record_again)
def record(response_id: int, section_id: str):
    found, section, question, back = _record_place(response_id, section_id)
    question_id = question.id if question else ""
    refusal = verdicts.refusal(found, current_user)
    if refusal:
        flash(refusal)
        return redirect(back)
    form, problem = VerdictForm(), None
    if form.validate_on_submit():
        data = verdicts.VerdictInput(form.level.data, form.rationale.data, form.source.data,
                                     form.reference.data)
        try:
            seen = form.edits.data if form.edits.data is not None else -1  # -1: none shown
            saved = verdicts.record_verdict(found, section.id, data, user=current_user,
                                            question_id=question_id, edits=seen)
        except verdicts.VerdictError as exc:
            problem = str(exc)
            now = verdicts.current(found, section.id, question_id)
            form.edits.data = now.edits if now else None
        else:
            flash(_saved_message(saved, section.title, question), "success")
            return redirect(back)
    elif not form.is_submitted():
        existing = verdicts.current(found, section.id, question_id)
        if existing is not None:
            form.level.data, form.rationale.data = existing.level, existing.rationale
            form.source.data, form.reference.data = existing.source, existing.reference
            form.edits.data = existing.edits
    return _record_page(found, section, question, form, problem, back)


def _record_page(found: Response, section, question, form, problem, back: str):
    question_id = question.id if question else ""
    return render_template(
        "verdicts/record.html", response=found, section=section, question=question, form=form,
        problem=problem, existing=verdicts.current(found, section.id, question_id), back=back,
        sources=SOURCES, levels=LEVELS, history=verdicts.history(found, section.id, question_id))


def _saved_message(saved, section_title: str, question) -> str:
    what = f"“{question.question}”" if question else f"the section “{section_title}”"
    if saved.version > 1 and saved.edits == 0:
        return (f"Version {saved.version} of the verdict on {what} was recorded. The signed-off "
                "version is kept; this one awaits the PCC's sign-off.")
    return f"The verdict on {what} was saved. It awaits the PCC's sign-off."


@bp.route("/responses/<int:response_id>/verdicts/sign-off", methods=["GET", "POST"])
@requires("verdict.sign_off")
def sign_off(response_id: int):
    found = _response(response_id)
    back = url_for(".response_page", response_id=found.id)
    refusal = verdicts.refusal(found, current_user, "verdict.sign_off")
    waiting = [] if refusal else verdicts.awaiting_sign_off(found)
    if refusal or not waiting:
        flash(refusal or "There are no verdicts on this response awaiting sign-off.", "info")
        return redirect(back)
    if request.method == "GET":
        return _confirm_sign_off(found, waiting, back)
    form = SignOffForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        signed, left = verdicts.sign_off(found, form.pairs(), user=current_user)
    except verdicts.VerdictError as exc:
        flash(str(exc))
        return redirect(back)
    message = f"{signed} {'verdict' if signed == 1 else 'verdicts'} signed off and locked."
    if left:
        message += (f" {left} changed after you read {'it' if left == 1 else 'them'}: read "
                    f"{'it' if left == 1 else 'them'} again before signing off.")
    flash(message, "success" if signed and not left else "info")
    return redirect(back)


def _confirm_sign_off(found: Response, waiting, back: str):
    definition = found.questionnaire_version.definition
    listed = []
    for v in waiting:
        section = definition.section(v.section_id)
        where = section.title if section else v.section_id
        if v.question_id:
            question = definition.question(v.question_id)
            where += f": {question.question if question else v.question_id}"
        listed.append(f"{where}: {LEVELS[v.level].label} (version {v.version})")
    return confirm_page(Confirmation(
        caption=found.round.title,
        heading=f"Sign off the verdicts on the response from {found.organisation.name}?",
        follows=["The verdicts are locked: a change afterwards is a new, dated version, and "
                 "this one stays readable.",
                 "A verdict changed after this page was shown is not signed off."],
        listed_intro="The verdicts awaiting your sign-off:", listed=listed,
        action=url_for(".sign_off", response_id=found.id),
        fields={"seen": ",".join(f"{v.id}:{v.edits}" for v in waiting)},
        button="Sign off the verdicts", back=back))


@bp.route("/assurance-map")
@requires("verdict.view")
def map_page():
    form = MapFilterForm(request.args)
    filters = MapFilters(form.questionnaire.data or None, form.organisation_id(),
                         form.verdict.data or None)
    found = assurance_map(filters, office_id=current_user.office_id)
    chosen = found.filters
    choices = {
        "questionnaire": (found.questionnaires, chosen.questionnaire_key),
        "organisation": ([("", "All organisations")]
                         + [(str(i), n) for i, n in found.organisations],
                         str(chosen.organisation_id or "")),
        "verdict": ([("", "Any verdict")] + [(k, v.label) for k, v in LEVELS.items()],
                    chosen.level or ""),
    }
    items = {name: [{"value": v, "text": t, "selected": v == picked} for v, t in pairs]
             for name, (pairs, picked) in choices.items()}
    return render_template("verdicts/map.html", found=found, items=items)


bp.add_app_template_global(level_tag, "verdict_level_tag")
bp.add_app_template_global(state_tag, "verdict_state_tag")
bp.add_app_template_filter(source_label, "verdict_source_label")
def _awaiting_sign_off() -> dict:
    return {"awaiting": awaiting_sign_off(office_id=current_user.office_id)}


add_home_panel("pcc", "verdicts/_home_sign_off.html", _awaiting_sign_off)
add_nav("pcc", "Assurance map", "verdicts.map_page")
add_nav("admin", "Assurance map", "verdicts.map_page")

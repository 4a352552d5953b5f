"""Editing the notes record: the parts of a round's notes, their settings, and a
correction of published notes. Admins only (``notes.edit``, ``notes.publish``); a
round whose notes the user may not read is a 404, as for one that does not exist.

The preview is the notes page itself (``notes.show``): it renders the record as it
will be published.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from exports.notes import bracketed, drafted_notes, meeting_notes
from exports.notes_record import TEXT_HINT, editable_parts, record_of, settings_of
from forms.notes import GAPS_INTROS, CorrectionForm, NotesPartForm, NotesSettingsForm
from models import Round
from models.status import PUBLISHED
from workflows import notes as notes_workflow
from workflows import notes_record

from .access import requires
from .csrf_keep import keeps_typed_text
from .notes import round_or_404

bp = Blueprint("notes_edit", __name__)


def editable_round(round_id: int) -> Round:
    round_ = round_or_404(round_id)
    if round_.status not in notes_record.EDITABLE:
        abort(404)
    return round_


def _settings_form(round_: Round) -> NotesSettingsForm:
    settings = settings_of(record_of(round_))
    form = NotesSettingsForm(formdata=None)
    form.version.data = settings.version
    form.show_ratings.data = "yes" if settings.show_ratings else "no"
    form.gaps_intro.data = "label" if settings.gaps_intro else "none"
    form.show_verdicts.data = "yes" if settings.show_verdicts else "no"
    return form


def _edit_page(round_: Round, form: NotesSettingsForm, status: int = 200):
    parts = editable_parts(round_, drafted_notes(round_))
    return render_template("notes/edit.html", round=round_, parts=parts, form=form), status


@bp.route("/rounds/<int:round_id>/notes/edit")
@requires("notes.edit")
def edit(round_id: int):
    round_ = editable_round(round_id)
    return _edit_page(round_, _settings_form(round_))


@bp.route("/rounds/<int:round_id>/notes/settings", methods=["POST"])
@requires("notes.edit")
def settings(round_id: int):
    round_ = editable_round(round_id)
    form = NotesSettingsForm()
    if not form.validate_on_submit():
        return _edit_page(round_, form, 400)
    try:
        notes_record.save_settings(
            round_, show_ratings=form.show_ratings.data == "yes",
            gaps_intro=GAPS_INTROS[form.gaps_intro.data], seen_version=form.version.data,
            show_verdicts=form.verdicts_choice, by=current_user)
    except notes_record.NotesError as exc:
        fresh = _settings_form(round_)
        fresh.show_ratings.errors = [str(exc)]
        return _edit_page(round_, fresh, 409)
    flash("The settings of the notes are saved.", "success")
    return redirect(url_for(".edit", round_id=round_.id, _anchor="settings"))


def _part_or_404(round_: Round, key: str):
    for part in editable_parts(round_, drafted_notes(round_)):
        if part.key == key:
            return part
    abort(404)


def _part_page(round_: Round, key: str, form: NotesPartForm, *, saved: str | None = None,
               status: int = 200):
    part = _part_or_404(round_, key)
    return render_template("notes/part.html", round=round_, part=part, form=form,
                           hint=TEXT_HINT, saved=saved), status


def _part_again(round_id: int, part: str):
    """The part's page with the text as posted, after a stale token."""
    round_ = editable_round(round_id)
    return _part_page(round_, part, NotesPartForm())


@bp.route("/rounds/<int:round_id>/notes/parts/<string(maxlength=200):part>",
          methods=["GET", "POST"])
@requires("notes.edit")
@keeps_typed_text(bp, _part_again)
def part(round_id: int, part: str):
    round_ = editable_round(round_id)
    found = _part_or_404(round_, part)
    if request.method == "GET":
        form = NotesPartForm(formdata=None)
        form.text.data, form.version.data = found.text, found.version
        return _part_page(round_, part, form)
    form = NotesPartForm()
    if not form.validate_on_submit():
        return _part_page(round_, part, form, status=400)
    resetting = request.form.get("action") == "reset"
    try:
        if resetting:
            notes_record.reset_part(round_, part, seen_version=form.version.data,
                                    by=current_user)
        else:
            notes_record.save_part(round_, part, form.text.data or "",
                                   seen_version=form.version.data, by=current_user)
    except notes_record.NotesConflict as exc:
        form.version.data = exc.version
        form.text.errors.append(str(exc))
        return _part_page(round_, part, form, saved=exc.text, status=409)
    except notes_record.NotesError as exc:
        form.text.errors.append(str(exc))
        return _part_page(round_, part, form, status=400)
    flash("The part is back to what the responses say." if resetting
          else "The part is saved.", "success")
    return redirect(url_for(".edit", round_id=round_.id, _anchor=f"part-{part}"))


@bp.route("/rounds/<int:round_id>/notes/preview")
@requires("notes.edit")
def preview(round_id: int):
    """Published notes as a correction would publish them now (a closed round's notes
    page is its own preview)."""
    round_ = _published_or_404(round_id)
    return render_template("notes/show.html", round=round_, notes=meeting_notes(round_),
                           bracketed=bracketed, versions=[], latest=0, formats=(),
                           preview=True)


def _correct_page(round_: Round, form: CorrectionForm, status: int = 200):
    return render_template("notes/correct.html", round=round_, form=form), status


def _correct_again(round_id: int):
    return _correct_page(_published_or_404(round_id), CorrectionForm())


def _published_or_404(round_id: int) -> Round:
    round_ = round_or_404(round_id)
    if round_.status != PUBLISHED:
        abort(404)
    return round_


@bp.route("/rounds/<int:round_id>/notes/correct", methods=["GET", "POST"])
@requires("notes.publish")
@keeps_typed_text(bp, _correct_again)
def correct(round_id: int):
    round_ = _published_or_404(round_id)
    form = CorrectionForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _correct_page(round_, form, 200 if request.method == "GET" else 400)
    try:
        version = notes_workflow.correct_notes(round_, form.reason.data, current_user)
    except notes_workflow.NotesError as exc:
        form.reason.errors.append(str(exc))
        return _correct_page(round_, form, 400)
    flash(f"The correction is published as version {version.number} of the notes.",
          "success")
    return redirect(url_for("notes.show", round_id=round_.id))

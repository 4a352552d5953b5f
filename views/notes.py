"""Meeting notes: the list, the page, downloads (Word, HTML, PDF) and publishing.

Who reads what is decided by ``exports.notes_rounds``; anything a user may not
read is a 404, as for a round that does not exist.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from exports.notes import MeetingNotes, bracketed, meeting_notes, notes_filename
from exports.notes_files import MIMETYPES, PdfUnavailable, render_notes
from exports.notes_rounds import notes_round_for, readable_rounds, rounds_to_publish
from exports.notes_versions import published_notes, versions_of
from models import Round
from models.permissions import organisation_limit, roles_with
from workflows import notes as notes_workflow

from .access import requires
from .confirm import Confirmation, confirm_page
from .main import add_home_panel
from .navigation import add_nav

bp = Blueprint("notes", __name__)

PDF_MISSING = ("The PDF cannot be made on this server",
               "Download the notes as a Word document or a web page instead, and tell the "
               "service's administrators: the PDF needs WeasyPrint's libraries.")

for _role in sorted(roles_with("notes.view")):
    add_nav(_role, "Meeting notes", "notes.index")


def _to_publish() -> dict:
    """Admin home: closed rounds whose notes are waiting to be checked and published."""
    return {"to_publish": rounds_to_publish(office_id=current_user.office_id)}


add_home_panel("admin", "notes/_home_admin.html", _to_publish)


def round_or_404(round_id: int) -> Round:
    """The round whose notes the current user may read, or a 404."""
    return notes_round_for(current_user, round_id) or abort(404)


@bp.route("/notes")
@requires("notes.view")
def index():
    return render_template(
        "notes/index.html", rounds=readable_rounds(current_user),
        own_organisation_only=organisation_limit(current_user, "notes.view") is not None)


FMT = f"<any({', '.join(notes_workflow.FORMATS)}):fmt>"


def current_notes(round_: Round) -> MeetingNotes:
    """What the notes say now: a published round's latest version (the live data for a
    round published before versions existed), else the live draft."""
    return published_notes(round_) or meeting_notes(round_)


def version_or_404(round_: Round, number: int) -> MeetingNotes:
    return published_notes(round_, number) or abort(404)


@bp.route("/rounds/<int:round_id>/notes")
@requires("notes.view")
def show(round_id: int):
    round_ = round_or_404(round_id)
    return _show(round_, current_notes(round_))


def _show(round_: Round, notes: MeetingNotes, *, refusal: str | None = None,
          status: int = 200):
    versions = versions_of(round_)
    return render_template("notes/show.html", round=round_, notes=notes, bracketed=bracketed,
                           versions=versions, refusal=refusal,
                           formats=notes_workflow.FORMATS,
                           latest=versions[-1].number if versions else 0), status


@bp.route("/rounds/<int:round_id>/notes/versions/<int:number>")
@requires("notes.view")
def version(round_id: int, number: int):
    round_ = round_or_404(round_id)
    return _show(round_, version_or_404(round_, number))


@bp.route(f"/rounds/<int:round_id>/notes/download/{FMT}")
@requires("notes.view")
def download(round_id: int, fmt: str):
    round_ = round_or_404(round_id)
    return notes_file(round_, current_notes(round_), fmt)


@bp.route(f"/rounds/<int:round_id>/notes/versions/<int:number>/download/{FMT}")
@requires("notes.view")
def version_download(round_id: int, number: int, fmt: str):
    round_ = round_or_404(round_id)
    return notes_file(round_, version_or_404(round_, number), fmt)


def notes_file(round_: Round, notes: MeetingNotes, fmt: str, *, by=None) -> Response:
    """The notes as a file to download (audited); a PDF that cannot be made here is a
    503 page that says so."""
    try:
        body = render_notes(notes, fmt)
    except PdfUnavailable:
        current_app.logger.exception("the notes PDF cannot be made")
        title, text = PDF_MISSING
        return render_template("errors/error.html", title=title, body=text, code=503), 503
    filename = notes_filename(notes, fmt)
    if notes.version > 1:
        filename = filename.replace(f".{fmt}", f"-version-{notes.version}.{fmt}")
    notes_workflow.record_download(round_, fmt, by=by or current_user, filename=filename,
                                   version=notes.version or None)
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/rounds/<int:round_id>/notes/publish", methods=["GET", "POST"])
@requires("notes.publish")
def publish(round_id: int):
    """GET: the confirmation page; POST: publish the notes (and so the round)."""
    round_ = round_or_404(round_id)
    if request.method == "GET":
        return _confirm_publish(round_)
    try:
        notes_workflow.publish_notes(round_, current_user)
    except notes_workflow.RoundError as exc:
        return _show(round_, current_notes(round_), refusal=str(exc), status=409)
    flash(f"The notes of “{round_.title}” are published.", "success")
    return redirect(url_for(".show", round_id=round_.id))


def _confirm_publish(round_: Round):
    back = url_for(".show", round_id=round_.id)
    if round_.status != "closed":
        flash(f"The notes of “{round_.title}” can be published once the round is closed, "
              "and only once.", "info")
        return redirect(back)
    notes = meeting_notes(round_)
    return confirm_page(Confirmation(
        caption=round_.title, heading=f"Publish the notes of “{round_.title}”?",
        follows=["The Commissioner and the organisations asked can read the notes.",
                 "The round is published and its details can no longer change. These notes "
                 "become version 1; a later change to them is published as a correction, "
                 "and version 1 stays readable.",
                 "Respondents can still add information provided after the meeting."],
        action=url_for(".publish", round_id=round_.id), button="Publish the notes", back=back,
        listed_intro="Not in the notes, because their response has not been submitted:"
        if notes.missing else "", listed=list(notes.missing)))

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

from exports.notes import bracketed, meeting_notes, notes_filename
from exports.notes_files import MIMETYPES, PdfUnavailable, render_notes
from exports.notes_rounds import notes_round_for, readable_rounds, rounds_to_publish
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


@bp.route("/rounds/<int:round_id>/notes")
@requires("notes.view")
def show(round_id: int):
    round_ = round_or_404(round_id)
    return render_template("notes/show.html", round=round_, notes=meeting_notes(round_),
                           bracketed=bracketed)


@bp.route("/rounds/<int:round_id>/notes/download/<any(docx, html, pdf):fmt>")
@requires("notes.view")
def download(round_id: int, fmt: str):
    round_ = round_or_404(round_id)
    notes = meeting_notes(round_)
    try:
        body = render_notes(notes, fmt)
    except PdfUnavailable:
        current_app.logger.exception("the notes PDF cannot be made")
        title, text = PDF_MISSING
        return render_template("errors/error.html", title=title, body=text, code=503), 503
    filename = notes_filename(notes, fmt)
    notes_workflow.record_download(round_, fmt, by=current_user, filename=filename)
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
        return render_template("notes/show.html", round=round_, notes=meeting_notes(round_),
                               bracketed=bracketed, refusal=str(exc)), 409
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
                 "The round is published: its details and the notes can no longer change.",
                 "Respondents can still add information provided after the meeting."],
        action=url_for(".publish", round_id=round_.id), button="Publish the notes", back=back,
        listed_intro="Not in the notes, because their response has not been submitted:"
        if notes.missing else "", listed=list(notes.missing)))

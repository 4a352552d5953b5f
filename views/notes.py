"""Meeting notes: the list, the page, downloads (Word, HTML) and publishing.

Who reads what:

- admins: the notes of every closed round (a draft they can check and
  publish) and every published round;
- the PCC: the notes of every published round;
- respondents: the notes of published rounds that asked their organisation
  (published notes are public documents, so they see every organisation's
  responses in them); anything else is a 404, as for a round that does not
  exist.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from exports.notes import NOTES_STATUSES, bracketed, meeting_notes, notes_filename
from exports.notes_docx import render_docx
from exports.notes_html import render_html
from models import Response as OrgResponse
from models import Round, db
from workflows import notes as notes_workflow

from .access import requires
from .main import add_home_panel
from .navigation import add_nav
from .permissions import can, organisation_limit, roles_with

bp = Blueprint("notes", __name__)

MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",  # Werkzeug adds "; charset=utf-8"
}

for _role in sorted(roles_with("notes.view")):
    add_nav(_role, "Meeting notes", "notes.index")


def _to_publish() -> dict:
    """Admin home: closed rounds whose notes are waiting to be checked and published."""
    rounds = db.session.scalars(select(Round).where(Round.status == "closed")
                                .order_by(Round.meeting_date, Round.id)).all()
    return {"to_publish": rounds}


add_home_panel("admin", "notes/_home_admin.html", _to_publish)


def readable_statuses(user) -> tuple[str, ...]:
    return NOTES_STATUSES if can(user, "notes.view_unpublished") else ("published",)


def round_or_404(round_id: int) -> Round:
    """The round whose notes the current user may read, or a 404."""
    round_ = db.session.get(Round, round_id)
    if round_ is None or not can(current_user, "notes.view", round_):
        abort(404)
    return round_


def readable_rounds() -> list[Round]:
    query = (select(Round).where(Round.status.in_(readable_statuses(current_user)))
             .order_by(Round.meeting_date.desc(), Round.id.desc()))
    own = organisation_limit(current_user, "notes.view")
    if own is not None:
        query = query.where(Round.id.in_(
            select(OrgResponse.round_id).where(OrgResponse.organisation_id == own)))
    return list(db.session.scalars(query))


@bp.route("/notes")
@requires("notes.view")
def index():
    return render_template(
        "notes/index.html", rounds=readable_rounds(),
        own_organisation_only=organisation_limit(current_user, "notes.view") is not None)


@bp.route("/rounds/<int:round_id>/notes")
@requires("notes.view")
def show(round_id: int):
    round_ = round_or_404(round_id)
    return render_template("notes/show.html", round=round_, notes=meeting_notes(round_),
                           bracketed=bracketed)


@bp.route("/rounds/<int:round_id>/notes/download/<any(docx, html):fmt>")
@requires("notes.view")
def download(round_id: int, fmt: str):
    round_ = round_or_404(round_id)
    notes = meeting_notes(round_)
    body = render_docx(notes) if fmt == "docx" else render_html(notes)
    filename = notes_filename(notes, fmt)
    notes_workflow.record_download(round_, fmt, by=current_user, filename=filename)
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/rounds/<int:round_id>/notes/publish", methods=["POST"])
@requires("notes.publish")
def publish(round_id: int):
    round_ = round_or_404(round_id)
    try:
        notes_workflow.publish_notes(round_, current_user)
    except notes_workflow.RoundError as exc:
        return render_template("notes/show.html", round=round_, notes=meeting_notes(round_),
                               bracketed=bracketed, refusal=str(exc)), 409
    flash(f"The notes of “{round_.title}” are published.")
    return redirect(url_for(".show", round_id=round_.id))

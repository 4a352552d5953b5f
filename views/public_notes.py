"""The publication page: every office's published meeting notes, without signing in,
and an Atom feed of new publications. Off unless ``PUBLIC_NOTES=1`` (every page of it
is then a 404, as if it did not exist).

Only published notes, as published (their latest version): drafts never, and
answers marked ``publish: false`` never (the notes leave them out). Downloads here are
not audited (anyone may fetch a public document, and an anonymous request should not
grow the audit trail).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, url_for

from exports.notes import MeetingNotes, bracketed, meeting_notes, notes_filename
from exports.notes_files import MIMETYPES, PdfUnavailable, render_notes
from exports.notes_public import public_entries, public_round
from exports.notes_versions import published_notes
from forms.format.dates import rfc3339
from models import Round
from workflows.notes import FORMATS

from .access import public
from .notes import FMT, PDF_MISSING

bp = Blueprint("public_notes", __name__)


@bp.before_request
def only_when_on():
    if not current_app.config.get("PUBLIC_NOTES"):
        abort(404)


def _notes(round_id: int) -> tuple[Round, MeetingNotes]:
    round_ = public_round(round_id) or abort(404)
    return round_, published_notes(round_) or meeting_notes(round_)


@bp.route("/published-notes")
@public
def index():
    entries = public_entries()
    return render_template("public_notes/index.html", entries=entries,
                           offices=sorted({e.office for e in entries}))


@bp.route("/published-notes/<int:round_id>")
@public
def show(round_id: int):
    round_, notes = _notes(round_id)
    return render_template("public_notes/show.html", round=round_, notes=notes,
                           bracketed=bracketed, formats=FORMATS)


@bp.route(f"/published-notes/<int:round_id>/download/{FMT}")
@public
def download(round_id: int, fmt: str):
    _round, notes = _notes(round_id)
    filename = notes_filename(notes, fmt)
    try:
        body = render_notes(notes, fmt)
    except PdfUnavailable:
        current_app.logger.exception("the notes PDF cannot be made")
        title, text = PDF_MISSING
        return render_template("errors/error.html", title=title, body=text, code=503), 503
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/published-notes/feed.atom")
@public
def feed():
    entries = public_entries()
    body = render_template(
        "public_notes/feed.xml", entries=entries, stamp=rfc3339,
        updated=entries[0].published_at if entries else None,
        self_url=url_for(".feed", _external=True), home=url_for(".index", _external=True))
    return Response(body, mimetype="application/atom+xml")

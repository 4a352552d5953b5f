"""The national library of questionnaires: every office's admins (and PCC) read it; an
admin publishes or withdraws one of the office's own questionnaires and adopts another
office's published one.

A questionnaire of another office that is not in the library does not exist here (404),
by link or by guessed id, like any other office's object.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user

from forms.questionnaire.builder import form_class_for
from forms.questionnaire_upload import safe_filename
from models.permissions import can
from workflows import library as workflow
from workflows.exports_audit import record_download
from workflows.questionnaires import get_questionnaire

from .access import requires
from .ids import id_arg
from .navigation import add_nav

bp = Blueprint("library", __name__, url_prefix="/admin/library")


def _entry_or_404(questionnaire_id: int) -> workflow.LibraryEntry:
    entry = workflow.library_entry(questionnaire_id, office_id=current_user.office_id)
    if entry is None:
        abort(404)
    return entry


def _own_or_404(key: str):
    """The signed-in user's office's questionnaire with this key."""
    found = get_questionnaire(key, office_id=current_user.office_id)
    if found is None or not can(current_user, "library.publish", found):
        abort(404)
    return found


@bp.route("/")
@requires("library.view")
def index():
    return render_template("library/index.html",
                           entries=workflow.library_entries(office_id=current_user.office_id))


@bp.route("/<int:questionnaire_id>")
@requires("library.view")
def entry(questionnaire_id: int):
    found = _entry_or_404(questionnaire_id)
    number = id_arg("version")
    shown = found.version(number) if number is not None else found.latest
    if shown is None:
        abort(404)
    preview_form = form_class_for(shown.definition)(formdata=None, meta={"csrf": False})
    return render_template("library/entry.html", entry=found, shown=shown,
                           definition=shown.definition, preview_form=preview_form)


@bp.route("/<int:questionnaire_id>/v<int:number>.yaml")
@requires("library.view")
def download(questionnaire_id: int, number: int):
    found = _entry_or_404(questionnaire_id)
    shown = found.version(number) or abort(404)
    response = make_response(shown.yaml_text)
    response.mimetype, response.charset = "application/yaml", "utf-8"
    filename = f"{safe_filename(found.key)}-v{shown.number}.yaml"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    record_download("library.download", user=current_user,
                    object_type="questionnaire_version", object_id=shown.version_id,
                    questionnaire=found.key, version=shown.number, filename=filename,
                    source_office=found.office_name)
    return response


@bp.route("/<int:questionnaire_id>/adopt", methods=["POST"])
@requires("library.adopt")
def adopt(questionnaire_id: int):
    found = _entry_or_404(questionnaire_id)
    try:
        result = workflow.adopt(found, by=current_user)
    except workflow.LibraryError as exc:
        flash(str(exc), "info")
        return redirect(url_for(".entry", questionnaire_id=found.id))
    flash(result.message(), "success")
    q = result.questionnaire
    return redirect(url_for("questionnaires.version", key=q.key, number=q.versions[-1].version))


@bp.route("/publish/<key>", methods=["POST"])
@requires("library.publish")
def publish(key: str):
    return _change_listing(key, workflow.publish,
                           done="“{}” is in the national library: other offices can adopt it.",
                           unchanged="“{}” was already in the national library.")


@bp.route("/withdraw/<key>", methods=["POST"])
@requires("library.publish")
def withdraw(key: str):
    return _change_listing(key, workflow.withdraw,
                           done="“{}” is no longer in the national library. Offices that "
                                "adopted it keep their copies.",
                           unchanged="“{}” was not in the national library.")


def _change_listing(key: str, change, *, done: str, unchanged: str):
    """Publish or withdraw one of the office's questionnaires (``change`` is the workflow,
    True when it changed something), say what happened, and go back to it."""
    q = _own_or_404(key)
    try:
        changed = change(q, by=current_user)
    except workflow.LibraryError as exc:
        flash(str(exc), "info")
    else:
        flash((done if changed else unchanged).format(q.title),
              "success" if changed else "info")
    return redirect(_back_to(q))


def _back_to(q) -> str:
    return url_for("questionnaires.version", key=q.key, number=q.versions[-1].version)


add_nav("admin", "Library", "library.index", shared=True)

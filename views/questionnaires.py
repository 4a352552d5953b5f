"""Questionnaire admin screens: list, upload (a YAML file, or an XLSForm-style workbook
converted to YAML) and preview, store, each version's form, its YAML and workbook
downloads, and what changed between two versions.

Admins upload and store; the PCC may look (read only); respondents never.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user

from forms.format.diff import diff_versions
from forms.format.xlsform import from_xlsx, to_xlsx
from forms.questionnaire.builder import form_class_for
from forms.questionnaire_upload import (
    MAX_BYTES,
    XLSX,
    StoreForm,
    UploadForm,
    is_workbook,
    safe_filename,
    yaml_name,
)
from workflows import questionnaires as workflow
from workflows.exports_audit import record_download

from .access import requires
from .csrf_keep import keeps_typed_text, kept_message
from .ids import id_arg
from .main import add_home_panel
from .markdown import to_html
from .navigation import add_nav

bp = Blueprint("questionnaires", __name__, url_prefix="/admin/questionnaires")

_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks
# Control characters are shown as visible symbols (and are invalid in HTML text).
_VISIBLE = {c: 0x2400 + c for c in range(0x20) if c != 0x09} | {0x7F: 0x2421}
_VISIBLE |= {c: 0xFFFD for c in range(0x80, 0xA0)}


def _office() -> int:
    """The signed-in user's office: every read here is of it."""
    return current_user.office_id


# --------------------------------------------------------------------- list


@bp.route("/")
@requires("questionnaire.view")
def index():
    return render_template(
        "questionnaires/index.html",
        questionnaires=workflow.list_questionnaires(office_id=_office()),
        round_counts=workflow.round_counts(office_id=_office()),
    )


@bp.route("/format")
@requires("questionnaire.view")
def format_reference():
    """The question-set format's reference, docs/questionnaire-format.md, as a page."""
    path = Path(current_app.root_path) / "docs" / "questionnaire-format.md"
    return render_template("questionnaires/format.html",
                           body=to_html(path.read_text(encoding="utf-8")))


def _home_panel_context() -> dict:
    return {"questionnaire_panel": {
        "questionnaires": workflow.list_questionnaires(office_id=_office()),
    }}


# -------------------------------------------------------- upload and preview


def _upload_again():
    """The upload page with what was posted, after a stale token: a chosen file cannot be
    chosen again by the page, so its text (if it is text) goes into the text box."""
    form = UploadForm()
    upload = form.file.data
    if upload and upload.filename:
        data = upload.read(MAX_BYTES + 1)
        try:
            text = data.decode("utf-8") if len(data) <= MAX_BYTES else None
        except UnicodeDecodeError:
            text = None
        if text is not None:
            form.text.data = text
    return _upload_page(form)


@bp.route("/upload", methods=["GET", "POST"])
@requires("questionnaire.load")
@keeps_typed_text(bp, _upload_again)
def upload():
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form)
    source = form.source()
    if source is None:
        form.file.errors.append("Choose a YAML file to upload, or paste its text")
        return _upload_page(form)
    data, name = source
    if is_workbook(data):
        converted = from_xlsx(data, name)
        if converted.problems:
            return _workbook_problems_page(form, converted, name)
        data, name = converted.yaml.encode("utf-8"), yaml_name(name)
    checked = workflow.check_questionnaire(data, path=name, office_id=_office())
    if checked.refused:
        if checked.text is not None:
            form.text.data = checked.text  # keep it, to correct it here
        return _upload_page(form, checked=checked, name=name, data=data)
    return _preview_page(checked, name)


def _upload_page(form: UploadForm, *, checked=None, name: str | None = None,
                 data: bytes | None = None):
    problems = checked.problems if checked is not None else []
    source = None
    if checked is not None:
        text = checked.text
        if text is None:  # not UTF-8: show it with the bad bytes replaced
            text = workflow.normalise_source(data or b"").decode("utf-8", "replace")
        source = source_lines(text, problems)
    return render_template(
        "questionnaires/upload.html", form=form, problems=problems, source=source, name=name,
        form_has_errors=bool(problems) or any(f.errors for f in form) or bool(kept_message()),
    )


def _workbook_problems_page(form: UploadForm, converted, name: str):
    """A workbook that could not be read as a questionnaire: every problem, by cell."""
    return render_template(
        "questionnaires/upload.html", form=form, problems=[], source=None, name=name,
        workbook_problems=converted.problems, form_has_errors=True,
    )


def _preview_page(checked, name: str):
    definition = checked.definition
    store_form = StoreForm(formdata=None, source=checked.text, filename=name)
    existing = workflow.get_questionnaire(definition.id, office_id=_office())
    earlier = [v for v in (existing.versions if existing else []) if v.version < definition.version]
    changes = diff_versions(earlier[-1].definition, definition) if earlier else None
    return render_template(
        "questionnaires/preview.html", definition=definition, checked=checked,
        store_form=store_form, name=name, preview_form=_read_only_form(definition),
        changes=changes, compared_with=earlier[-1] if earlier else None,
        form_has_errors=bool(kept_message()),
    )


def _read_only_form(definition):
    """An unbound instance of the version's generated form, for display only."""
    return form_class_for(definition)(formdata=None, meta={"csrf": False})


def _store_again():
    """The preview with its "Store this version" button again, after a stale token
    (checked again from scratch; stores nothing)."""
    form = StoreForm(meta={"csrf": False})  # the token was checked already
    source = form.source.data or ""
    if not form.validate():  # no text, or too long
        return _upload_page(UploadForm(formdata=None, text=source))
    name = safe_filename(form.filename.data or "upload.yaml")
    checked = workflow.check_questionnaire(source, path=name, office_id=_office())
    if checked.refused:
        return _upload_page(UploadForm(formdata=None, text=checked.text or source),
                            checked=checked, name=name)
    return _preview_page(checked, name)


@bp.route("/store", methods=["POST"])
@requires("questionnaire.load")
@keeps_typed_text(bp, _store_again)
def store():
    form = StoreForm()
    if not form.validate_on_submit():  # no text, or too long
        upload_form = UploadForm(formdata=None, text=form.source.data or "")
        upload_form.file.errors = (list(form.source.errors)
                                   or ["Check the file again, then store it"])
        return _upload_page(upload_form)
    name = safe_filename(form.filename.data or "upload.yaml")
    result = workflow.load_questionnaire(form.source.data, path=name, by=current_user)
    if result.refused:
        upload_form = UploadForm(formdata=None, text=result.text)
        return _upload_page(upload_form, checked=result, name=name)
    d = result.definition
    if result.status == workflow.UNCHANGED:
        flash(f'"{d.title}" version {d.version} is already stored with identical content; '
              "nothing changed.")
    else:
        flash(f'Stored "{d.title}" ({d.id}) version {d.version}, with '
              f'{result.version.question_count} questions.', "success")
    return redirect(url_for(".version", key=d.id, number=d.version))


def source_lines(text: str, problems) -> list[dict]:
    """The file's lines for display: number, text, and the problems on it."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()  # the final line break ends the last line
    last = max((p.line for p in problems), default=0)
    lines += [""] * max(0, last - len(lines))
    by_line: dict[int, list] = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(p)
    return [{"number": n, "text": line.translate(_VISIBLE), "problems": by_line.get(n, [])}
            for n, line in enumerate(lines, start=1)]


# ------------------------------------------------------------------ versions


def _version_or_404(key: str, number: int):
    version = workflow.get_version(key, number, office_id=_office())
    if version is None:
        abort(404)
    return version


@bp.route("/<key>/v<int:number>")
@requires("questionnaire.view")
def version(key: str, number: int):
    v = _version_or_404(key, number)
    others = [o for o in v.questionnaire.versions if o.version != v.version]
    return render_template(
        "questionnaires/version.html", version=v, definition=v.definition, others=others,
        rounds=workflow.rounds_using(v), preview_form=_read_only_form(v.definition),
    )


@bp.route("/<key>/v<int:number>.yaml")
@requires("questionnaire.view")
def download(key: str, number: int):
    v = _version_or_404(key, number)
    return _version_file(v, v.yaml_text, "application/yaml", "yaml")


@bp.route("/<key>/v<int:number>.xlsx")
@requires("questionnaire.view")
def download_xlsx(key: str, number: int):
    """The version as an XLSForm-style workbook, to start the next version in Excel."""
    v = _version_or_404(key, number)
    return _version_file(v, to_xlsx(v.definition), XLSX, "xlsx")


def _version_file(v, body, mimetype: str, extension: str):
    """A version's file as a download (never cached), its download audited."""
    response = make_response(body)
    response.mimetype = mimetype
    if isinstance(body, str):
        response.charset = "utf-8"
    filename = f"{safe_filename(v.questionnaire.key)}-v{v.version}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    record_download("questionnaire.download", user=current_user,
                    object_type="questionnaire_version", object_id=v.id,
                    questionnaire=v.questionnaire.key, version=v.version, filename=filename)
    return response


@bp.route("/<key>/v<int:number>/compare")
@requires("questionnaire.view")
def compare(key: str, number: int):
    v = _version_or_404(key, number)
    other_number = id_arg("with")
    if other_number is None:
        return redirect(url_for(".version", key=key, number=number))
    other = _version_or_404(key, other_number)
    old, new = sorted((v, other), key=lambda x: x.version)
    return render_template(
        "questionnaires/compare.html", version=v, old=old, new=new,
        changes=diff_versions(old.definition, new.definition),
    )


add_nav("admin", "Questionnaires", "questionnaires.index", position=1)
add_home_panel("admin", "questionnaires/_home_panel.html", _home_panel_context)

"""HMICFRS reports: the list (with the 56-day clock), recording one, its items (typed in
or imported from a CSV file), the request for the Chief Constable's comments, and the
PCC's response (drafted, published, downloaded as HTML or Word).

Admins manage; the PCC reads. Of the user's own office only: another office's report is
a 404, as a missing one is.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from exports import register_choices as choices
from exports.hmicfrs_response import file_stem, response_document
from exports.hmicfrs_response_docx import render_docx
from exports.hmicfrs_response_html import render_html
from exports.hmicfrs_response_pdf import render_pdf
from exports.notes_pdf import PdfUnavailable
from exports.rollups_actions import action_figures, report_rows, reports_needing_response
from forms.actions import (
    CcCommentsForm,
    CcRequestForm,
    ImportForm,
    ReportForm,
    ReportItemForm,
    choice_list,
)
from forms.format.dates import long_date
from models import HmicfrsReport
from models.action_status import cc_comments_due
from models.permissions import roles_with
from workflows import hmicfrs, lookups
from workflows.actions import ActionError
from workflows.exports_audit import record_download

from .access import requires
from .main import add_home_panel

bp = Blueprint("reports", __name__, url_prefix="/reports")
CSV_MAX_BYTES = 1_000_000
MIMETYPES = {"html": "text/html; charset=utf-8",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}
RENDERERS = {"html": lambda d: render_html(d).encode("utf-8"), "docx": render_docx,
             "pdf": render_pdf}
PDF_MISSING = ("The PDF cannot be made on this server",
               "Download the response as a Word document or a web page instead, and tell "
               "the service's administrators: the PDF needs WeasyPrint's libraries.")


def _office() -> int:
    return current_user.office_id


def report_or_404(report_id: int) -> HmicfrsReport:
    found = lookups.in_office_by_id(HmicfrsReport, report_id, office_id=_office())
    if found is None:
        abort(404)
    return found


def _error(form, problem: ActionError, default: str) -> None:
    name = {"organisation_id": "organisation"}.get(problem.field, problem.field)
    getattr(form, name if name in form._fields else default).errors.append(str(problem))


@bp.route("")
@requires("reports.view")
def index():
    return render_template("reports/index.html",
                           rows=report_rows(today=date.today(), office_id=_office()))


@bp.route("/new", methods=["GET", "POST"])
@requires("reports.manage")
def new():
    form = ReportForm()
    form.organisation.choices = choice_list([("", "Choose")] + choices.organisations(_office()))
    if request.method == "POST" and form.validate():
        try:
            report = hmicfrs.create_report(by=current_user, fields={
                "title": form.title.data, "published_on": form.published_on.data,
                "organisation_id": int(form.organisation.data), "url": form.url.data})
        except ActionError as problem:
            _error(form, problem, "title")
        else:
            flash(f"“{report.title}” has been recorded. The PCC's response is due by "
                  f"{long_date(report.response_due)}.", "success")
            return redirect(url_for(".show", report_id=report.id))
    return render_template("reports/new.html", form=form)


def _show(report: HmicfrsReport, status: int = 200, **forms):
    cc_request = forms.get("cc_request") or CcRequestForm(formdata=None)
    if not forms.get("cc_request"):
        cc_request.cc_deadline.process(None, report.cc_deadline or cc_comments_due(
            report.published_on))
    return render_template(
        "reports/show.html", report=report, today=date.today(),
        item_form=forms.get("item") or ReportItemForm(formdata=None),
        import_form=forms.get("upload") or ImportForm(formdata=None),
        import_result=forms.get("import_result"), cc_request=cc_request,
        cc_comments=forms.get("cc_comments") or CcCommentsForm(
            formdata=None, cc_comments=report.cc_comments)), status


@bp.route("/<int:report_id>")
@requires("reports.view")
def show(report_id: int):
    return _show(report_or_404(report_id))


@bp.route("/<int:report_id>/items", methods=["POST"])
@requires("reports.manage")
def add_item(report_id: int):
    report = report_or_404(report_id)
    form = ReportItemForm()
    if not form.validate():
        return _show(report, item=form)
    try:
        item = hmicfrs.add_report_item(report, by=current_user, fields={
            "source": form.source.data, "reference": form.reference.data,
            "title": form.title.data, "detail": form.detail.data, "owner": form.owner.data,
            "due_date": form.due_date.data})
    except ActionError as problem:
        _error(form, problem, "title")
        return _show(report, item=form)
    flash(f"“{item.title}” has been added.", "success")
    return redirect(url_for(".show", report_id=report.id, _anchor="items"))


@bp.route("/<int:report_id>/import", methods=["POST"])
@requires("reports.manage")
def import_csv(report_id: int):
    report = report_or_404(report_id)
    form = ImportForm()
    upload = request.files.get("file")
    data = upload.read(CSV_MAX_BYTES + 1) if upload else b""
    if not data:
        form.file.errors = ["Choose a CSV file"]
        return _show(report, upload=form)
    if len(data) > CSV_MAX_BYTES:
        form.file.errors = ["The file must be smaller than 1 MB"]
        return _show(report, upload=form)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        form.file.errors = ["The file must be a CSV file saved as UTF-8 text"]
        return _show(report, upload=form)
    result = hmicfrs.import_items(report, text, by=current_user)
    if result.problems or result.skipped:
        form.file.errors = [f"Line {n}: {m}" for n, m in result.problems]
        return _show(report, upload=form, import_result=result)
    flash(f"{len(result.added)} items imported from the file.", "success")
    return redirect(url_for(".show", report_id=report.id, _anchor="items"))


@bp.route("/<int:report_id>/chief-constable", methods=["POST"])
@requires("reports.manage")
def cc_request(report_id: int):
    report = report_or_404(report_id)
    form = CcRequestForm()
    if not form.validate():
        return _show(report, cc_request=form)
    try:
        hmicfrs.request_cc_comments(report, by=current_user, deadline=form.cc_deadline.data)
    except ActionError as problem:
        form.cc_deadline.errors.append(str(problem))
        return _show(report, cc_request=form)
    flash("The request for the Chief Constable's comments has been recorded.", "success")
    return redirect(url_for(".show", report_id=report.id, _anchor="chief-constable"))


@bp.route("/<int:report_id>/chief-constable/comments", methods=["POST"])
@requires("reports.manage")
def cc_comments(report_id: int):
    report = report_or_404(report_id)
    form = CcCommentsForm()
    if not form.validate():
        return _show(report, cc_comments=form)
    hmicfrs.record_cc_comments(report, by=current_user, text=form.cc_comments.data)
    flash("The Chief Constable's comments have been saved.", "success")
    return redirect(url_for(".show", report_id=report.id, _anchor="chief-constable"))


@bp.route("/<int:report_id>/response", methods=["GET", "POST"])
@requires("reports.manage")
def response(report_id: int):
    report = report_or_404(report_id)
    error = None
    if request.method == "POST":
        comments = {i.id: request.form.get(f"comment-{i.id}", "") for i in report.items}
        try:
            hmicfrs.save_response(report, by=current_user, intro=request.form.get("intro"),
                                  comments=comments)
        except ActionError as problem:
            error = str(problem)
        else:
            flash("The draft response has been saved.", "success")
            return redirect(url_for(".response", report_id=report.id))
    return render_template("reports/response.html", report=report, error=error,
                           values=request.form if request.method == "POST" else None)


@bp.route("/<int:report_id>/response/publish", methods=["POST"])
@requires("reports.manage")
def publish(report_id: int):
    report = report_or_404(report_id)
    try:
        hmicfrs.publish_response(report, by=current_user)
    except ActionError as problem:
        flash(str(problem), "error")
        return redirect(url_for(".response", report_id=report.id))
    flash("The PCC's response has been published.", "success")
    return redirect(url_for(".show", report_id=report.id))


@bp.route("/<int:report_id>/response.<any(html, docx, pdf):fmt>")
@requires("reports.view")
def download(report_id: int, fmt: str):
    report = report_or_404(report_id)
    try:
        body = RENDERERS[fmt](response_document(report))
    except PdfUnavailable:
        current_app.logger.exception("the response's PDF cannot be made")
        title, text = PDF_MISSING
        return render_template("errors/error.html", title=title, body=text, code=503), 503
    record_download("report.response_download", user=current_user,
                    object_type="hmicfrs_report", object_id=report.id, format=fmt)
    reply = make_response(body)
    reply.headers["Content-Type"] = MIMETYPES[fmt]
    reply.headers["Content-Disposition"] = f'attachment; filename="{file_stem(report)}.{fmt}"'
    reply.headers["Cache-Control"] = "no-store"
    return reply


def _home_context() -> dict:
    today = date.today()
    still_open, overdue = action_figures(today, office_id=_office())
    return {"reports_due": reports_needing_response(today=today, office_id=_office()),
            "actions_open": still_open, "actions_overdue": overdue}


# Not in the navigation (the admin's header keeps to one line): reached from the home
# page's panel and from the register.
for _role in sorted(roles_with("reports.view")):
    add_home_panel(_role, "reports/_home_panel.html", _home_context)

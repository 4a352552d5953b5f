"""Excel downloads: a round's workbook (admins and the PCC) and the trends
workbook (admins and the PCC; a respondent only for their own organisation;
anything else is a 404). Each of the user's own office only: another office's round,
questionnaire or organisation is a 404, as an unknown one is. Attachments with a safe
filename, never cached, audited with the number of rows."""

from __future__ import annotations

import re
import tempfile
import unicodedata

from flask import Blueprint, abort, request, send_file
from flask_login import current_user

from exports.excel_round import write_round_workbook
from exports.excel_trends import write_trends_workbook
from exports.rollups_trends import TrendFilters
from models import Organisation, Round
from models.permissions import can, organisation_limit
from workflows import lookups
from workflows.exports_audit import record_export

from .access import requires
from .ids import id_arg
from .pcc import date_arg

bp = Blueprint("exports", __name__, url_prefix="/exports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_filename(*parts: str) -> str:
    """ASCII letters, digits and hyphens only, then .xlsx."""
    text = "-".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120].strip("-")
    return f"{slug or 'export'}.xlsx"


def _send(write, filename: str):
    """Write the workbook to a temporary file (not memory) and send it; None if not found."""
    handle = tempfile.TemporaryFile()
    try:
        rows = write(handle)
    except Exception:
        handle.close()
        raise
    if rows is None:
        handle.close()
        return None, None
    handle.seek(0)
    response = send_file(handle, mimetype=XLSX, as_attachment=True, download_name=filename,
                         max_age=0, conditional=False, etag=False)
    response.headers["Cache-Control"] = "no-store"
    return response, rows


@bp.route("/rounds/<int:round_id>.xlsx")
@requires("export.round", hidden=True)
def round_workbook(round_id: int):
    found = lookups.by_id(Round, round_id)
    if found is None or not can(current_user, "export.round", found):
        abort(404)
    response, rows = _send(
        lambda fh: write_round_workbook(round_id, fh, exported_by=current_user.email,
                                        office_id=current_user.office_id),
        safe_filename("round", str(round_id), found.title, found.meeting_date.isoformat()))
    if response is None:
        abort(404)
    record_export("export.round", user=current_user, object_type="round", object_id=round_id,
                  rows=rows)
    return response


def _trends_org() -> Organisation | None:
    """The organisation asked for: a respondent gets their own, and nothing else."""
    raw = request.args.get("org", "").strip()
    if raw and not raw.isdigit():
        abort(404)
    asked = id_arg("org") if raw else None
    own = organisation_limit(current_user, "export.trends")
    if own is not None:
        if asked is not None and asked != own:
            abort(404)
        asked = own
    if asked is None:
        return None
    org = lookups.by_id(Organisation, asked)
    if org is None or not can(current_user, "export.trends", org):
        abort(404)
    return org


@bp.route("/questionnaires/<key>/trends.xlsx")
@requires("export.trends")
def trends_workbook(key: str):
    org = _trends_org()
    filters = TrendFilters(org.id if org else None, date_arg("from"), date_arg("to"))
    name = safe_filename(key, "trends", org.code or org.name if org else "",
                         filters.date_from and f"from-{filters.date_from}",
                         filters.date_to and f"to-{filters.date_to}")
    response, rows = _send(
        lambda fh: write_trends_workbook(key, fh, filters=filters, exported_by=current_user.email,
                                         office_id=current_user.office_id,
                                         verdicts=can(current_user, "verdict.view")),
        name)
    if response is None:
        abort(404)
    record_export("export.trends", user=current_user, object_type="questionnaire", object_id=key,
                  rows=rows, organisation_id=org.id if org else None,
                  date_from=filters.date_from and filters.date_from.isoformat(),
                  date_to=filters.date_to and filters.date_to.isoformat())
    return response

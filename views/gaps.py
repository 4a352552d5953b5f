"""The gap register and one gap's history.

Admins and the PCC see every organisation's gaps; a respondent sees only
their own organisation's (the organisation filter is fixed for them, and any
other organisation's gap is a 404). Filters are in the query string.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from exports.rollups_gaps import GapFilters, gap_count, gap_register
from models import Gap, db
from workflows.gap_register import (
    STATUSES,
    gap_history,
    question_text,
    register_areas,
    register_organisations,
)

from .access import roles
from .audit import page_items
from .navigation import add_nav

bp = Blueprint("gaps", __name__, url_prefix="/gaps")
PER_PAGE = 100


def _own_org() -> int | None:
    """The organisation a respondent is limited to (None: every organisation)."""
    return current_user.organisation_id if current_user.role == "respondent" else None


def _filters() -> GapFilters:
    args = request.args
    org = _own_org()
    if org is None:
        org = args.get("organisation", type=int)
    status = args.get("status") if args.get("status") in STATUSES else None
    area = (args.get("area") or "").strip()[:200] or None
    questionnaire = (args.get("questionnaire") or "").strip()[:63] or None
    return GapFilters(organisation_id=org, status=status, area=area,
                      questionnaire_key=questionnaire)


@bp.route("")
@roles("admin", "pcc", "respondent")
def register():
    filters = _filters()
    total = gap_count(filters)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = gap_register(filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    own = _own_org()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "gaps/register.html", rows=rows, total=total, filters=filters, statuses=STATUSES,
        organisations=[] if own is not None else register_organisations(),
        areas=register_areas(own), own_org=own, clear_url=url_for(".register"),
        page=page, pages=page_items(page, pages, lambda n: url_for(".register", **args, page=n)),
        previous_url=url_for(".register", **args, page=page - 1) if page > 1 else None,
        next_url=url_for(".register", **args, page=page + 1) if page < pages else None,
    )


@bp.route("/<int:gap_id>")
@roles("admin", "pcc", "respondent")
def gap(gap_id: int):
    found = db.session.get(Gap, gap_id)
    own = _own_org()
    if found is None or (own is not None and found.organisation_id != own):
        abort(404)
    history = gap_history(found)
    if not history:
        abort(404)  # only in a draft so far: not on the register yet
    return render_template("gaps/gap.html", gap=found, history=history,
                           question=question_text(found))


for _role in ("admin", "pcc", "respondent"):
    add_nav(_role, "Gap register", "gaps.register")

"""The gap register and one gap's history.

Admins and the PCC see every organisation's gaps; a respondent sees only
their own organisation's (the organisation filter is fixed for them, and any
other organisation's gap is a 404). Filters are in the query string.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from models import Gap, db
from workflows.gap_register import (
    STATUSES,
    RegisterFilters,
    gap_history,
    gap_register,
    question_text,
    register_areas,
    register_organisations,
)

from .access import roles
from .navigation import add_nav

bp = Blueprint("gaps", __name__, url_prefix="/gaps")


def _own_org() -> int | None:
    """The organisation a respondent is limited to (None: every organisation)."""
    return current_user.organisation_id if current_user.role == "respondent" else None


def _filters() -> RegisterFilters:
    args = request.args
    org = _own_org()
    if org is None:
        org = args.get("organisation", type=int)
    status = args.get("status") if args.get("status") in STATUSES else None
    area = (args.get("area") or "").strip()[:200] or None
    questionnaire = (args.get("questionnaire") or "").strip()[:63] or None
    return RegisterFilters(organisation_id=org, status=status, area=area, questionnaire_key=questionnaire)


@bp.route("")
@roles("admin", "pcc", "respondent")
def register():
    filters = _filters()
    rows = gap_register(filters)
    own = _own_org()
    organisations = [] if own is not None else register_organisations()
    return render_template(
        "gaps/register.html", rows=rows, filters=filters, organisations=organisations,
        areas=register_areas(own), statuses=STATUSES, own_org=own,
        clear_url=url_for(".register"),
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
    return render_template("gaps/gap.html", gap=found, history=history, question=question_text(found))


for _role in ("admin", "pcc", "respondent"):
    add_nav(_role, "Gap register", "gaps.register")

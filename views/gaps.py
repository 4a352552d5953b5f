"""The gap register and one gap's history.

One register for everybody (``pcc.gaps`` redirects here), of the user's own office
only: admins and the PCC see every organisation's gaps of their office (a forged
``organisation=`` of another office finds nothing, as an unknown one does, and another
office's gap is a 404); a respondent sees only their own
organisation's (the organisation filter is fixed for them, a forged
``organisation=`` is ignored, and any other organisation's gap is a 404).
Every filter is in the query string, so a view can be bookmarked; each gap
links to its history and to the answer behind it.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from exports.rollups_gaps import GapFilters, gap_count, gap_register
from exports.rollups_overview import questionnaires_with_rounds
from models import Gap
from models.permissions import can, organisation_limit, roles_with
from workflows import lookups
from workflows.gap_register import (
    STATUSES,
    gap_history,
    question_text,
    register_areas,
    register_organisations,
)

from .access import requires
from .audit import page_items
from .ids import id_arg
from .navigation import add_nav

bp = Blueprint("gaps", __name__, url_prefix="/gaps")
PER_PAGE = 50
FILTER_ARGS = ("organisation", "questionnaire", "status", "area", "rounds")


def _own_org() -> int | None:
    """The organisation a respondent is limited to (None: every organisation)."""
    return organisation_limit(current_user, "gaps.view")


def _filters(own: int | None) -> GapFilters:
    args = request.args
    org = own if own is not None else (id_arg("organisation") or None)
    status = args.get("status") if args.get("status") in STATUSES else None
    rounds = args.get("rounds", type=int)
    return GapFilters(
        organisation_id=org, status=status,
        area=(args.get("area") or "").strip()[:200] or None,
        min_rounds_open=rounds if rounds and 0 < rounds < 1000 else None,
        questionnaire_key=(args.get("questionnaire") or "").strip()[:63] or None)


def _kept_args(own: int | None) -> dict[str, str]:
    """The filters to keep in the paging links (never a respondent's forged organisation)."""
    names = [n for n in FILTER_ARGS if not (own is not None and n == "organisation")]
    return {n: request.args[n] for n in names if request.args.get(n)}


@bp.route("")
@requires("gaps.view")
def register():
    own, office = _own_org(), current_user.office_id
    filters = _filters(own)
    total = gap_count(filters, office_id=office)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = gap_register(filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, office_id=office)
    args = _kept_args(own)

    def page_url(number: int) -> str:
        return url_for(".register", **args, page=number)

    return render_template(
        "gaps/register.html", rows=rows, total=total, filters=filters, statuses=STATUSES,
        organisations=[] if own is not None else register_organisations(office_id=office),
        questionnaires=questionnaires_with_rounds(own, office_id=office),
        areas=register_areas(own, office_id=office),
        own_org=own, clear_url=url_for(".register"), page=page,
        first=(page - 1) * PER_PAGE + 1, pages=page_items(page, pages, page_url),
        previous_url=page_url(page - 1) if page > 1 else None,
        next_url=page_url(page + 1) if page < pages else None,
    )


@bp.route("/<int:gap_id>")
@requires("gaps.view")
def gap(gap_id: int):
    found = lookups.by_id(Gap, gap_id)
    if found is None or not can(current_user, "gaps.view", found):
        abort(404)
    history = gap_history(found)
    if not history:
        abort(404)  # only in a draft so far: not on the register yet
    return render_template("gaps/gap.html", gap=found, history=history,
                           question=question_text(found))


for _role in sorted(roles_with("gaps.view")):
    add_nav(_role, "Gap register", "gaps.register")

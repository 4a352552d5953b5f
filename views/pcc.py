"""The PCC's pages: latest ratings side by side, trends per organisation with
charts and tables, and a round against the previous one. The gap register is
``gaps.register`` (``/pcc/gaps`` redirects there).

Read-only, for the PCC and admins. Every figure comes from the roll-ups in
``exports/`` that the Excel workbooks use, read for the user's own office: another
office's questionnaire, organisation or round is a 404, as an unknown one is. Filters
are GET query parameters, so a view can be bookmarked and shared.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from exports.rollups_changes import round_changes
from exports.rollups_common import status_label
from exports.rollups_home import coming_meeting, gap_figures, ratings_at_a_glance, rounds_to_compare
from exports.rollups_latest import latest_ratings
from exports.rollups_overview import (
    organisations,
    questionnaires_with_rounds,
    recent_meetings_start,
    recent_rounds,
)
from exports.rollups_trends import OrgTrends, org_trends
from forms.trend_dates import TrendDatesForm
from models.permissions import roles_with

from .access import requires
from .main import add_home_panel
from .navigation import add_nav

bp = Blueprint("pcc", __name__, url_prefix="/pcc")
RECENT_MEETINGS = 8  # the trend page shows the latest meetings unless asked for all
RAG_TAGS = {"red": "govuk-tag--red", "amber": "govuk-tag--yellow", "green": "govuk-tag--green"}


@bp.app_template_filter("pcc_rag_tag")
def rag_tag(rag: str | None) -> str:
    return RAG_TAGS.get(rag or "", "govuk-tag--grey")


bp.add_app_template_global(status_label, "pcc_status_label")


@bp.app_template_global("pcc_answer_url")
def answer_url(response_id: int | None, question_id: str | None) -> str | None:
    """The page showing an answer: the response's review page, at the question."""
    if response_id is None:
        return None
    return url_for("review.response", response_id=response_id,
                   _anchor=f"q-{question_id}" if question_id else None)


def date_arg(name: str) -> date | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        abort(400)


@bp.route("/")
@requires("trends.view")
def index():
    office = current_user.office_id
    return render_template("pcc/index.html",
                           questionnaires=questionnaires_with_rounds(office_id=office),
                           rounds=recent_rounds(20, office_id=office))


@bp.route("/questionnaires/<key>")
@requires("trends.view")
def latest(key: str):
    found = latest_ratings(key, office_id=current_user.office_id)
    if found is None:
        abort(404)
    return render_template("pcc/latest.html", latest=found)


@bp.route("/questionnaires/<key>/organisations/<int:organisation_id>")
@requires("trends.view")
def trends(key: str, organisation_id: int):
    office = current_user.office_id
    dates_form = TrendDatesForm(request.args)
    dates_ok = dates_form.validate()
    date_from = dates_form.date_from.data or date_arg("from")  # the boxes, or a link's ISO date
    date_to = dates_form.date_to.data or date_arg("to")
    for field, value in ((dates_form.date_from, date_from), (dates_form.date_to, date_to)):
        if value and not field.errors:
            field.process(None, data=value)  # show a link's date in the boxes
    show_all = request.args.get("all") == "1"
    recent_only = None
    if not (date_from or date_to or show_all):
        # By default the latest meetings only; a long history is one click away.
        recent_only = recent_meetings_start(key, organisation_id, RECENT_MEETINGS,
                                            office_id=office)
        date_from = recent_only
    info, found = org_trends(key, organisation_id, date_from=date_from, date_to=date_to,
                             office_id=office)
    if info is None:
        abort(404)
    name = (found.organisation if found
            else dict(organisations(office_id=office)).get(organisation_id))
    if name is None:
        abort(404)
    dates = {k: v.isoformat() for k, v in (("from", date_from), ("to", date_to)) if v}
    return render_template("pcc/trends.html", info=info, trends=found, organisation=name,
                           organisation_id=organisation_id, date_from=date_from, date_to=date_to,
                           recent_only=recent_only, recent_meetings=RECENT_MEETINGS,
                           dates_form=dates_form, form_has_errors=not dates_ok,
                           chart=chart_data(found) if found else {"series": []},
                           download_url=url_for("exports.trends_workbook", key=key,
                                                org=organisation_id, **dates))


def chart_data(trends: OrgTrends) -> dict:
    """The figures the chart script draws: the same figures as the tables."""
    return {"organisation": trends.organisation, "series": [{
        "key": s.key,
        "title": s.wording,
        "labels": [f"{p.round.meeting_date:%d %b %Y}" for p in s.points],
        "dates": [p.round.meeting_date.isoformat() for p in s.points],  # the time axis
        "values": [p.value for p in s.points],
        "wordingChanged": [p.wording_changed for p in s.points],
        "statuses": [status_label(p.round.status) for p in s.points],
        "scale": [{"value": pt.value, "label": pt.label} for pt in s.scale],
    } for s in trends.series]}


@bp.route("/rounds/<int:round_id>")
@requires("trends.view")
def changes(round_id: int):
    found = round_changes(round_id, office_id=current_user.office_id)
    if found is None:
        abort(404)
    by_org: dict[int, list] = {}
    for row in found.rows:
        by_org.setdefault(row.organisation_id, []).append(row)
    return render_template("pcc/changes.html", changes=found, by_org=by_org)


@bp.route("/gaps")
@requires("trends.view")
def gaps():
    """The register moved to ``gaps.register`` (one register for every role): old
    bookmarks keep their filters."""
    query = request.query_string.decode("utf-8", "replace")
    return redirect(url_for("gaps.register") + (f"?{query}" if query else ""), 301)


def _home_panel() -> dict:
    office, today = current_user.office_id, date.today()
    open_gaps, overdue_gaps = gap_figures(today, office_id=office)
    return {"pcc_coming": coming_meeting(today, office_id=office),
            "pcc_glances": ratings_at_a_glance(office_id=office),
            "pcc_rounds": rounds_to_compare(5, office_id=office),
            "pcc_open_gaps": open_gaps, "pcc_overdue_gaps": overdue_gaps}


def _respondent_panel() -> dict:
    org = current_user.organisation_id
    return {"trend_questionnaires": (questionnaires_with_rounds(
        org, office_id=current_user.office_id) if org else []), "trend_org": org}


for _role in sorted(roles_with("trends.view")):
    add_nav(_role, "Confidence trends", "pcc.index")
    add_home_panel(_role, "pcc/_home_panel.html", _home_panel)
add_home_panel("respondent", "pcc/_respondent_panel.html", _respondent_panel)

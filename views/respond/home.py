"""The respondent's home panel: what is due, soonest first, and earlier responses apart."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_login import current_user

from forms.format.dates import LONDON, long_date
from models.status import DRAFT, EDITABLE, OPEN, RETURNED, response_label
from workflows.responses import responses_for_org

from ..main import add_home_panel


def due_phrase(deadline: date | None, today: date) -> str:
    """"due in 3 days", "due today", "overdue by 2 days" ("" with no deadline)."""
    if deadline is None:
        return ""
    days = (deadline - today).days
    if days == 0:
        return "due today"
    if days > 0:
        return "due tomorrow" if days == 1 else f"due in {days} days"
    return "overdue by 1 day" if days == -1 else f"overdue by {-days} days"


def _tag(response) -> dict:
    """The task-list tag of a response that can still be answered."""
    if response.status == RETURNED:
        return {"text": response_label(RETURNED), "classes": "govuk-tag--orange"}
    if response.status == DRAFT and not response.revision:
        return {"text": "Not started", "classes": "govuk-tag--blue"}
    return {"text": "In progress", "classes": "govuk-tag--light-blue"}


def _due_row(response, today: date) -> dict:
    round_ = response.round
    parts = [f"Respond by {long_date(round_.deadline)}" if round_.deadline
             else "No deadline set", f"meeting {long_date(round_.meeting_date)}"]
    return {"title": round_.title, "href": url_for("respond.tasks", response_id=response.id),
            "hint": " · ".join(parts), "due": due_phrase(round_.deadline, today),
            "overdue": bool(round_.deadline and round_.deadline < today),
            "tag": _tag(response)}


def _earlier_row(response) -> dict:
    round_ = response.round
    status = response_label(response.status)
    if round_.status != OPEN and response.status in EDITABLE:
        status = "Not submitted: round closed"
    return {"title": round_.title, "status": status,
            "href": url_for("review.response", response_id=response.id),
            "hint": f"Meeting {long_date(round_.meeting_date)}"}


def home_panel(today: date | None = None) -> dict:
    if current_user.organisation_id is None:
        return {"due": [], "earlier": []}
    today = today or datetime.now(LONDON).date()
    responses = responses_for_org(current_user.organisation_id)
    open_ones = [r for r in responses if r.round.status == OPEN and r.status in EDITABLE]
    open_ones.sort(key=lambda r: (r.round.deadline is None, r.round.deadline or date.max,
                                  r.round.meeting_date, r.round.id))
    earlier = [r for r in responses if r not in open_ones]  # already latest first
    return {"due": [_due_row(r, today) for r in open_ones],
            "earlier": [_earlier_row(r) for r in earlier]}


add_home_panel("respondent", "respond/_home_panel.html", home_panel)

"""The audit browser: admins search and page through the audit trail."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from forms.review import AuditFilterForm
from workflows.audit_search import EventFilters, known_actions, known_object_types, search_events
from workflows.audit_wording import action_name, describe, object_type_name

from .access import requires

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.route("")
@requires("audit.view")
def events():
    office_id = current_user.office_id
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "Any action")] + [
        (a, action_name(a)) for a in known_actions(office_id=office_id)]
    form.object_type.choices = [("", "Any object")] + [
        (t, object_type_name(t)) for t in known_object_types(office_id=office_id)]
    valid = form.validate()
    filters = EventFilters(
        action=form.action.data or None, user=form.user.data or None,
        object_type=form.object_type.data or None, object_id=form.object_id.data or None,
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
    )
    result = search_events(filters, page=form.page.data or 1 if not form.page.errors else 1,
                           office_id=office_id)
    args = {k: v for k, v in request.args.items() if k != "page" and v}

    def page_url(number: int) -> str:
        return url_for(".events", **args, page=number)

    return render_template("audit/events.html", form=form, result=result, page_url=page_url,
                           wording=describe(result.events),
                           pages=page_items(result.page, result.pages, page_url),
                           form_has_errors=not valid, clear_url=url_for(".events"))


def page_items(current: int, pages: int, page_url) -> list[dict]:
    """GOV.UK pagination items: first, last, two either side of the current page, ellipses."""
    items: list[dict] = []
    for n in range(1, pages + 1):
        if n in (1, pages) or abs(n - current) <= 2:
            if items and items[-1].get("number") not in (None, n - 1):
                items.append({"ellipsis": True})
            items.append({"number": n, "href": page_url(n), "current": n == current})
    return items if pages > 1 else []



"""Navigation links by role. Links to what offices share (the national library and
benchmark) show only on a service with several offices: on a one-office service there is
nobody to share with, and tenancy stays out of sight."""

from __future__ import annotations

from flask import g, request, url_for

from workflows.offices import is_single_office

SHARED: set[str] = set()  # endpoints shown only where the service has several offices

NAV = {
    "admin": [("Home", "main.home"), ("Organisations", "admin_people.orgs"),
              ("Users", "admin_people.users")],
    "pcc": [("Home", "main.home")],
    "respondent": [("Your tasks", "main.home")],
}


def navigation_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for text, endpoint in NAV.get(user.role, []):
        if endpoint in SHARED and _single_office():
            continue
        try:
            href = url_for(endpoint)
        except Exception:  # an endpoint from a blueprint not registered in this app
            continue
        items.append({"text": text, "href": href, "current": request.endpoint == endpoint})
    return items


def _single_office() -> bool:
    """Whether the service has one office (asked once per request)."""
    if "single_office" not in g:
        g.single_office = is_single_office()
    return g.single_office


def add_nav(role: str, text: str, endpoint: str, position: int | None = None, *,
            shared: bool = False) -> None:
    """Let a blueprint add itself to a role's navigation (``shared``: only where the
    service has several offices)."""
    if shared:
        SHARED.add(endpoint)
    items = NAV.setdefault(role, [])
    if (text, endpoint) not in items:
        items.insert(len(items) if position is None else position, (text, endpoint))

"""Navigation links by role."""

from __future__ import annotations

from flask import request, url_for

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
        try:
            href = url_for(endpoint)
        except Exception:  # an endpoint from a blueprint not registered in this app
            continue
        items.append({"text": text, "href": href, "current": request.endpoint == endpoint})
    return items


def add_nav(role: str, text: str, endpoint: str, position: int | None = None) -> None:
    """Let a blueprint add itself to a role's navigation."""
    items = NAV.setdefault(role, [])
    if (text, endpoint) not in items:
        items.insert(len(items) if position is None else position, (text, endpoint))

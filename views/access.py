"""Deny by default: every endpoint states who may use it.

`@public` marks an endpoint open to anyone; `@roles("admin", ...)` names the
roles that may use it. An endpoint with neither is refused to everybody, so a
new route is closed until somebody decides. The decision is checked before
every request (see `check_access`), not by each view.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from models import ROLES

PUBLIC = "public"
ACCESS_ATTR = "_access"


def public(view: Callable) -> Callable:
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def roles(*names: str) -> Callable[[Callable], Callable]:
    unknown = set(names) - set(ROLES)
    if unknown or not names:
        raise ValueError(f"unknown roles {unknown}")

    def decorate(view: Callable) -> Callable:
        setattr(view, ACCESS_ATTR, frozenset(names))
        return view

    return decorate


ANY_SIGNED_IN = ROLES


def access_for(endpoint: str | None):
    """The access decision of an endpoint: PUBLIC, a frozenset of roles, or None."""
    if endpoint is None:
        return PUBLIC  # 404s and the like: let the error handler answer
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, None)


def check_access():
    """before_request: sign-in and role checks for the matched endpoint."""
    decision = access_for(request.endpoint)
    if decision == PUBLIC:
        return None
    if decision is None:
        current_app.logger.error("endpoint %s has no access decision; refused", request.endpoint)
        abort(403)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=_safe_next()))
    if current_user.role not in decision:
        abort(403)
    return None


def _safe_next() -> str | None:
    """Where to come back to after signing in: this page, as a local path (GET only: a
    POST cannot be replayed by a redirect)."""
    if request.method != "GET":
        return None
    return request.full_path.rstrip("?")


def is_safe_next(target: str | None) -> bool:
    """Only a local absolute path: no scheme, no host, no backslashes or control characters
    (browsers drop tabs and newlines, so "/<tab>/evil.example" would become "//evil.example")."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc

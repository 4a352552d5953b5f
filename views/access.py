"""Deny by default: every endpoint states who may use it.

`@public` marks an endpoint open to anyone; `@requires("round.move")` names the
permission it needs (the roles holding it are in `models.permissions.PERMISSIONS`).
An endpoint with neither is refused to everybody, so a new route is closed until
somebody decides. The decision is checked before every request (see
`check_access`), not by each view; rules about one object (a respondent's own
organisation) are the view's and the workflow's, through `can()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from flask import abort, current_app, jsonify, redirect, request, url_for
from flask_login import current_user

from models.permissions import can, known

from .refusals import mark_refused

PUBLIC = "public"
ACCESS_ATTR = "_access"


@dataclass(frozen=True)
class Required:
    """An endpoint's decision: the permission it needs. ``hidden``: a signed-in user
    without it is answered 404 (the page does not exist for them), not 403."""

    permission: str
    hidden: bool = False
    api: bool = False  # a machine-readable endpoint: 401 with WWW-Authenticate, not sign-in


def public(view: Callable) -> Callable:
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def requires(permission: str, *, hidden: bool = False,
             api: bool = False) -> Callable[[Callable], Callable]:
    """Let in only users holding ``permission`` (an unknown name fails at import). With
    ``api``, an anonymous request is answered 401 (with how to authenticate), never sent
    to the sign-in page: the data feed's clients are programs."""
    decision = Required(known(permission), hidden, api)

    def decorate(view: Callable) -> Callable:
        setattr(view, ACCESS_ATTR, decision)
        return view

    return decorate


def current_user_can(permission: str, obj=None) -> bool:
    """``can()`` for the signed-in user (the templates' ``can``)."""
    return can(current_user, permission, obj)


def access_for(endpoint: str | None):
    """The access decision of an endpoint: PUBLIC, a Required, or None."""
    if endpoint is None:
        return PUBLIC  # 404s and the like: let the error handler answer
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, None)


def check_access():
    """before_request: sign-in and permission checks for the matched endpoint."""
    decision = access_for(request.endpoint)
    if decision == PUBLIC:
        return None
    if decision is None:
        current_app.logger.error("endpoint %s has no access decision; refused", request.endpoint)
        abort(403)
    if not current_user.is_authenticated:
        if decision.api:
            return unauthorised()
        return redirect(url_for("auth.sign_in", next=_safe_next()))
    if not can(current_user, decision.permission):
        if decision.hidden:
            mark_refused()
        abort(404 if decision.hidden else 403)
    return None


def unauthorised(message: str = "Sign in, or send a personal access token"):
    """401 for the data feed, saying how to authenticate (a bearer token, or the token as
    the password of HTTP Basic authentication: what Excel and Power BI offer)."""
    response = jsonify({"error": {"code": "Unauthorized", "message": message}})
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="assurance", Basic realm="assurance"'
    return response


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

"""Keeping what was typed when a section is posted after the session ended.

The access check answers such a POST with a redirect to the sign-in page, and
a redirect cannot carry a POST body. So, for the section and autosave views:

1. before anything else runs (a URL value preprocessor runs before every
   ``before_request`` hook, so before the idle timeout clears the session),
   note which user the signed session cookie names, provided the posted CSRF
   token was issued to that session (an expired token still counts: it
   proves the form came from this browser's session);
2. after the access check has answered with the redirect to sign in, store
   the posted fields server-side (``workflows.pending``) under a random token
   and send the user to sign in with ``next`` = the section page carrying the
   token. After signing in, the section page shows the kept input, unsaved,
   for that same user only.

The section, autosave and submit views are exempt from the global CSRF check
(``views.csrf_keep.exempt_on_register``, in ``__init__``), and check the token
themselves (``views.csrf_keep.token_problem``) after the access check, so that
a stale token gives back the page with everything typed.
"""

from __future__ import annotations

from flask import current_app, flash, g, jsonify, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from models import Response, User, db
from models.permissions import can
from workflows import lookups, pending

from . import bp

KEEP_ENDPOINTS = ("respond.section", "respond.autosave")
# A token this old still proves the form came from this session (the cookie lasts 12 hours).
TOKEN_PROOF_SECONDS = 24 * 3600
SIGNED_OUT_MESSAGE = ("You have been signed out, so your latest changes were not saved. "
                      "They are kept for you: sign in again to check and save them.")


@bp.url_value_preprocessor
def _note_poster(endpoint, values) -> None:
    if request.method == "POST" and endpoint in KEEP_ENDPOINTS:
        g.poster_id = _poster_id()


def _poster_id() -> int | None:
    raw = str(session.get("_user_id") or "")
    try:
        user_id = int(raw.split(":", 1)[0])
    except ValueError:
        return None
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.form.get("csrf_token"), time_limit=TOKEN_PROOF_SECONDS)
        except ValidationError:
            return None
    return user_id


@bp.after_request
def _keep_input_of_signed_out_post(response):
    if not (request.method == "POST" and request.endpoint in KEEP_ENDPOINTS
            and response.status_code in (301, 302, 303) and g.get("poster_id")
            and not current_user.is_authenticated
            and response.location.startswith(url_for("auth.sign_in"))):
        return response
    try:
        sign_in = _keep(g.poster_id, request.view_args or {})
    except Exception:  # noqa: BLE001 - keeping is a courtesy; the redirect still works
        current_app.logger.exception("could not keep the input of a signed-out POST")
        db.session.rollback()
        return response
    if sign_in is None:
        return response
    flash("Your latest changes have not been saved yet, but they are kept for you: "
          "sign in again to check and save them.", "info")
    if request.endpoint == "respond.autosave":
        reply = jsonify(status="signed_out", message=SIGNED_OUT_MESSAGE, sign_in=sign_in)
        reply.status_code = 401
        return reply
    response.location = sign_in
    return response


def _keep(user_id: int, view_args: dict) -> str | None:
    """Store the posted fields; the sign-in address that leads back to them."""
    user = lookups.by_id(User, user_id)
    found = lookups.by_id(Response, view_args.get("response_id"))
    section_id = str(view_args.get("section_id") or "")
    if (user is None or found is None or not can(user, "response.edit", found)
            or found.questionnaire_version.definition.section(section_id) is None):
        return None
    pairs = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    revision = request.form.get("revision", "")
    token = pending.keep(user_id=user.id, response=found, section_id=section_id,
                         base_revision=int(revision) if revision.isdigit() else None, pairs=pairs)
    back = url_for("respond.section", response_id=found.id, section_id=section_id, kept=token)
    return url_for("auth.sign_in", next=back)

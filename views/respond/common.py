"""Helpers shared by the responding views: look-ups and notices. (The token check is
``views.csrf_keep.token_problem``; dates and times are formatted by ``forms.format.dates``.)"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from models import Response
from workflows.responses import edit_refusal, response_for

# Notices named in a redirect's query string (?notice=...): fixed texts only.
NOTICES = {
    "changed": "The answers have changed since you checked them (someone may have saved a "
               "change). Check them again before you submit.",
    "token": "Nothing was submitted because the page had been open too long. "
             "Check your answers and submit again.",
    "problems": "The response cannot be submitted yet. Fix the problems listed below.",
}
CSRF_NOTICE = ("Your answers have not been saved, because the page had been open too long "
               "or you signed in again elsewhere. Everything you typed is below: check it "
               "and save again.")
DB_NOTICE = "Not saved, try again. Something went wrong on our side; everything you typed is below."
PENDING_NOTICE = ("Your changes were not saved yet: you were signed out before they could be. "
                  "Check them and save.")


def own_response(response_id: int) -> Response:
    """The response if the signed-in user may see it; 404 otherwise."""
    found = response_for(current_user, response_id)
    if found is None:
        abort(404)
    return found


def editable_response(response_id: int) -> tuple[Response, str | None]:
    """The response (404 if unseen) and why the user cannot edit it (None: they can)."""
    found = own_response(response_id)
    return found, edit_refusal(found, current_user)


def parse_revision(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None

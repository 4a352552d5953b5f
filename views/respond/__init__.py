"""Responding: a respondent's task lists, the section pages, check answers, submit.

    /respond/<response id>                        the task list of sections
    /respond/<response id>/sections/<section id>  one section (GET, POST)
    /respond/<response id>/sections/<section id>/autosave   (POST, JSON)
    /respond/<response id>/check                  check your answers
    /respond/<response id>/submit                 (POST)

The read-only page of a response (for admins, the PCC, and respondents once
it is submitted) is ``review.response``. The section and autosave views check
the CSRF token themselves (see ``keeping``), so that a stale token or an
expired session never loses what was typed.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("respond", __name__, url_prefix="/respond")

from ..csrf_keep import exempt_on_register  # noqa: E402
from . import home, keeping, pages, section  # noqa: E402,F401  (routes and hooks register on import)

# They check the token themselves, after the access check and in their own order.
exempt_on_register(bp, section.section, section.autosave, pages.submit)

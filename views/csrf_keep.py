"""Keeping what was typed when a form is posted with an expired or missing CSRF token.

The global check (Flask-WTF's ``CSRFProtect``) refuses such a POST before the view
runs, with the 400 page of ``views/errors.py``: whatever was typed is lost. A view whose
form holds typed text uses ``keeps_typed_text`` instead::

    @bp.route("/new", methods=["GET", "POST"])
    @requires("round.create")
    @keeps_typed_text(bp, lambda: _form_page(RoundForm()))
    def new(): ...

which

1. exempts the view from the global check (when the blueprint is registered);
2. checks the token itself on a POST, after the access check (a ``before_request``
   hook) has run, with the same check as the global one (``CSRFProtect.protect``:
   ``validate_csrf`` and, over HTTPS, the referrer);
3. when the token is missing, expired or wrong, or the body is not valid UTF-8
   (``views/form_bodies.py``), does not call the view. It calls
   ``page(**view_args)``, which must build the same form from the posted data (a
   ``FlaskForm`` binds ``request.form``), look up what the view looks up (so a 404 is
   still a 404) and render it, changing nothing. The page is answered with status 400.
   Templates show ``csrf_kept_message()`` in their error summary (``csrf_kept_summary``
   in ``templates/_csrf_kept.html``), and ``csrf_token()`` gives the page a fresh token.
   The message is ``TOKEN_MESSAGE`` unless the view gives its own (``message=``), as
   sign-in does: there was nothing to save there, but a password to type again.

``token_problem`` and ``exempt_on_register`` are shared with the responding views
(``views/respond/``), which check the token in their own order.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Blueprint, current_app, g, make_response, request
from flask_wtf.csrf import CSRFError

from .form_bodies import REPAIRED_MESSAGE, form_was_repaired

TOKEN_MESSAGE = ("Your session security token expired: nothing was saved. "
                 "Check your answers and submit again.")


def token_problem() -> str | None:
    """Check the CSRF token of this request; the reason when it is missing or stale."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    try:
        current_app.extensions["csrf"].protect()
    except CSRFError as exc:
        return exc.description or "The form's security token is missing or has expired."
    return None


def kept_message() -> str | None:
    """The message for the page, when this request's token was refused (else None)."""
    return g.get("csrf_kept_message")


def exempt_on_register(bp: Blueprint, *views: Callable) -> None:
    """Exempt ``views`` from the global CSRF check of any app that registers ``bp``
    (they must check the token themselves, with ``token_problem``)."""

    def exempt(state) -> None:
        csrf = state.app.extensions["csrf"]
        for view in views:
            csrf.exempt(view)
        state.app.add_template_global(kept_message, "csrf_kept_message")

    bp.record_once(exempt)


def keeps_typed_text(bp: Blueprint, page: Callable, message: str = TOKEN_MESSAGE):
    """Decorate a view so that a POST with a bad token gets ``page`` back, not a 400 page
    without what was typed, with ``message`` (see the module's description). Put it below
    ``@requires`` (or ``@public``)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            if request.method == "POST":
                problem = token_problem()
                if form_was_repaired():  # not valid UTF-8: nothing saved, said plainly
                    problem, message_now = "not valid UTF-8", REPAIRED_MESSAGE
                else:
                    message_now = message
                if problem:
                    current_app.logger.info("%s: bad CSRF token (%s); the form is shown again",
                                            request.endpoint, problem)
                    g.csrf_kept_message = message_now
                    response = make_response(page(*args, **kwargs))
                    if response.status_code == 200:
                        response.status_code = 400
                    return response
            return view(*args, **kwargs)

        exempt_on_register(bp, checked)
        return checked

    return decorate

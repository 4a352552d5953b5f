"""Friendly error pages that leak nothing (no tracebacks, paths or exception text)."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from forms.format.sizes import size_text
from models import db
from models.permissions import NotPermitted

from .refusals import log_refusal

MESSAGES = {
    400: ("Sorry, there is a problem with that request",
          "Go back, refresh the page and try again."),
    403: ("You do not have permission to see this page",
          "If you think you should, ask an OPCC administrator."),
    404: ("Page not found", "If you typed the web address, check it is correct. "
          "If you pasted it, check you copied the entire address."),
    405: ("Sorry, there is a problem with that request", "Go back and try again."),
    413: ("The file or form is too large", "Upload a smaller file, or send less text at once."),
    500: ("Sorry, there is a problem with the service",
          "Try again later. Nothing you sent has been saved unless the page said so."),
}

# Used when the error page itself cannot be rendered (the database is down, say).
PLAIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{body}</p></main></body></html>"""


def render_error(code: int):
    title, body = MESSAGES.get(code, MESSAGES[500])
    if code == 413 and current_app.config.get("MAX_CONTENT_LENGTH"):
        body = f"{body} At most {size_text(current_app.config['MAX_CONTENT_LENGTH'])} can be sent."
    if request.accept_mimetypes.best == "application/json":
        return {"error": title}, code
    try:
        return render_template("errors/error.html", title=title, body=body, code=code), code
    except Exception:  # noqa: BLE001 - the page must be served whatever went wrong
        current_app.logger.exception("could not render the %s page", code)
        _rollback()
        return PLAIN_PAGE.format(title=escape(title), body=escape(body)), code


def _rollback() -> None:
    """A failed statement leaves the transaction unusable (PostgreSQL): end it first."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001
        current_app.logger.exception("rollback failed")


def init_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is not None and 300 <= exc.code < 400:
            return exc
        if exc.code in (403, 404):
            log_refusal(exc.code)
        return render_error(exc.code or 500)

    @app.errorhandler(NotPermitted)
    def _not_permitted(exc: NotPermitted):
        # The access check refuses such users first; a workflow refusing too is the backstop.
        app.logger.warning("refused by a workflow: %s", exc)
        _rollback()
        log_refusal(403)
        return render_error(403)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        # A missing or expired token: a clear 400. (Views that hold a lot of typed input
        # may catch the token check themselves to keep it.)
        return render_error(400)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        _rollback()
        return render_error(500)

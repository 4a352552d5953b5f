"""Friendly error pages that leak nothing."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Sorry, there is a problem with that request", "Go back and try again."),
    403: ("You do not have permission to see this page",
          "If you think you should, ask an OPCC administrator."),
    404: ("Page not found", "If you typed the web address, check it is correct. "
          "If you pasted it, check you copied the entire address."),
    405: ("Sorry, there is a problem with that request", "Go back and try again."),
    413: ("The file or form is too large", "Upload a smaller file, or send less text at once."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you sent has been "
          "saved unless the page said so."),
}


def render_error(code: int):
    title, body = MESSAGES.get(code, MESSAGES[500])
    if request.accept_mimetypes.best == "application/json":
        return {"error": title}, code
    return render_template("errors/error.html", title=title, body=body, code=code), code


def init_errors(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code in (301, 302, 303, 307, 308):
            return exc
        return render_error(exc.code or 500)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        # Views that hold user input handle a bad token themselves (see views/forms_safety);
        # anything else gets a clear 400.
        return render_error(400)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return render_error(500)

"""Posted form bodies that are not valid UTF-8.

Werkzeug decodes an ``application/x-www-form-urlencoded`` body as strict UTF-8 and, when
that fails, gives the view an empty form: everything typed is lost while the page says
nothing about it. Here such a body is decoded with replacement instead (each byte that
cannot be read becomes U+FFFD, "�"), so what can be read is kept and shown back, and the
request says so (``form_was_repaired``): the views that keep typed text save nothing of
such a post and say plainly what happened.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Flask, Request, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.formparser import FormDataParser

REPAIRED_MESSAGE = (
    "Nothing was saved: part of what was sent could not be read (it was not valid text). "
    "What could be read is below, with “�” for each character that could not: check it, "
    "correct it and send it again.")
NOTHING_READ_MESSAGE = (
    "Nothing was saved: what was sent could not be read (it was not valid text), so none "
    "of it is shown below. Type it again and send it.")


class RepairedForm(ImmutableMultiDict):
    """A form whose body was decoded with replacement characters."""

    repaired = True


class LenientFormDataParser(FormDataParser):
    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        raw = stream.read()
        try:
            text, cls = raw.decode(), self.cls
        except UnicodeDecodeError:
            text, cls = raw.decode(errors="replace"), RepairedForm
        items = parse_qsl(text, keep_blank_values=True, errors="werkzeug.url_quote")
        return stream, cls(items), self.cls()


class AppRequest(Request):
    form_data_parser_class = LenientFormDataParser


def install(app: Flask) -> None:
    app.request_class = AppRequest


def form_was_repaired() -> bool:
    """Whether this request's form body was not valid UTF-8 (decoded with "�")."""
    return bool(getattr(request.form, "repaired", False))


def repaired_message(field_names) -> str:
    """What to say about a repaired body: what could be read is below, or none of it
    (no posted name is one of ``field_names``, the form's own fields)."""
    names = set(field_names)
    read = any(key.split("-", 1)[0] in names for key in request.form)
    return REPAIRED_MESSAGE if read else NOTHING_READ_MESSAGE

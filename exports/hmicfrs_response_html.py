"""The PCC's response to an HMICFRS report as a standalone HTML file (needs an app
context); the page in the app shares its body template (``reports/_response.html``)."""

from __future__ import annotations

from flask import render_template

from .hmicfrs_response import ResponseDocument, paragraphs


def render_html(document: ResponseDocument, *, created: str | None = None) -> str:
    """A complete, self-contained HTML document: styles inline, no scripts; its print
    stylesheet lays out the PDF (``exports.hmicfrs_response_pdf``). ``created`` (W3C
    date-time) is stated in the document's metadata."""
    return render_template("reports/response_standalone.html", doc=document,
                           paragraphs=paragraphs, created=created)

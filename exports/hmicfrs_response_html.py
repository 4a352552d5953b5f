"""The PCC's response to an HMICFRS report as a standalone HTML file (needs an app
context); the page in the app shares its body template (``reports/_response.html``)."""

from __future__ import annotations

from flask import render_template

from .hmicfrs_response import ResponseDocument, paragraphs


def render_html(document: ResponseDocument) -> str:
    """A complete, self-contained HTML document: styles inline, no scripts."""
    return render_template("reports/response_standalone.html", doc=document,
                           paragraphs=paragraphs)

"""Meeting notes as HTML: a standalone file for download (needs an app context).

The page inside the app (templates/notes/show.html) and this file share the
body template templates/notes/_notes.html, so both say the same thing. The
file carries its print stylesheet (templates/notes/print.css, under
``@media print``), which the PDF (exports.notes_pdf) is laid out with.
"""

from __future__ import annotations

from flask import render_template

from .notes import MeetingNotes, bracketed


def render_html(notes: MeetingNotes, *, created: str | None = None) -> str:
    """A complete, self-contained HTML document: styles inline, no scripts.
    ``created`` (W3C date-time) is stated in the document's metadata."""
    return render_template("notes/standalone.html", notes=notes, bracketed=bracketed,
                           created=created)

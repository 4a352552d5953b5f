"""Meeting notes as HTML: a standalone file for download (needs an app context).

The page inside the app (templates/notes/show.html) and this file share the
body template templates/notes/_notes.html, so both say the same thing.
"""

from __future__ import annotations

from flask import render_template

from .notes import MeetingNotes, bracketed


def render_html(notes: MeetingNotes) -> str:
    """A complete, self-contained HTML document: styles inline, no scripts."""
    return render_template("notes/standalone.html", notes=notes, bracketed=bracketed)

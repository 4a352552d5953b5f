"""The meeting notes as files: one place that knows each format.

    render_notes(notes, "pdf")  -> bytes
    MIMETYPES["pdf"], FORMAT_NAMES["pdf"], format_for_path(Path("notes.pdf"))

Formats: ``docx`` (Word, exports.notes_docx), ``html`` (a standalone web
page, exports.notes_html) and ``pdf`` (tagged PDF/UA, exports.notes_pdf).
``render_notes`` needs an app context (the HTML and PDF use the templates);
the PDF raises ``PdfUnavailable`` when WeasyPrint's libraries are missing.
"""

from __future__ import annotations

from pathlib import PurePath

from .notes import MeetingNotes
from .notes_docx import render_docx
from .notes_html import render_html
from .notes_pdf import PdfUnavailable, render_pdf

__all__ = ["FORMATS", "FORMAT_NAMES", "MIMETYPES", "PdfUnavailable", "format_for_path",
           "render_notes"]

FORMATS = ("docx", "html", "pdf")
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",  # Werkzeug adds "; charset=utf-8"
    "pdf": "application/pdf",
}
FORMAT_NAMES = {"docx": "a Word document", "html": "a web page (HTML)", "pdf": "a PDF"}
EXTENSIONS = {".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def render_notes(notes: MeetingNotes, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx(notes)
    if fmt == "html":
        return render_html(notes).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(notes)
    raise ValueError(f"unknown notes format {fmt!r}")


def format_for_path(path: PurePath) -> str | None:
    """The format a file name asks for by its extension (None: not one of ours)."""
    return EXTENSIONS.get(path.suffix.lower())

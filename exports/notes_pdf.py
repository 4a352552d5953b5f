"""Meeting notes as an accessible PDF, laid out by WeasyPrint from the HTML notes.

The PDF is tagged (PDF/UA-1: a structure tree of headings, paragraphs,
lists and the attendance table, ``/MarkInfo /Marked true``), in British
English (``/Lang`` from ``<html lang="en-GB">``), titled from ``<title>``
(and shown by that title), with the office as author and the topic as
subject; A4 with "Page X of Y" in the footer (templates/notes/print.css);
bookmarks from the headings; real text, selectable and searchable.

WeasyPrint needs the pango libraries (Debian: libpango-1.0-0,
libpangoft2-1.0-0) and fonts; without them ``render_pdf`` raises
``PdfUnavailable`` saying so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .notes import MeetingNotes
from .notes_html import render_html

PDF_VARIANT = "pdf/ua-1"


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or a library it needs, is not installed."""


def weasyprint_html():
    """WeasyPrint's HTML class, or PdfUnavailable naming what is missing."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: pango or its friends missing
        raise PdfUnavailable(
            "The PDF needs WeasyPrint and the pango libraries (Debian: apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation): {exc}") from exc
    return HTML


def render_pdf(notes: MeetingNotes, *, now: datetime | None = None) -> bytes:
    """The notes as a tagged PDF/UA-1 document (needs an app context)."""
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    html = render_html(notes, created=created.isoformat().replace("+00:00", "Z"))
    return weasyprint_html()(string=html).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False)

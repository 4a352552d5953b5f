"""The PCC's response to an HMICFRS report as an accessible PDF, laid out by WeasyPrint
from the standalone HTML (``exports.hmicfrs_response_html``), as the meeting notes'
PDF is (``exports.notes_pdf``): tagged PDF/UA-1, in British English, titled and shown
by its title, the office as author and the report as subject, A4 pages numbered
"Page X of Y" (``templates/notes/print.css``), bookmarks from the headings.

Without WeasyPrint's libraries ``render_pdf`` raises ``PdfUnavailable`` saying so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .hmicfrs_response import ResponseDocument
from .hmicfrs_response_html import render_html
from .notes_pdf import PDF_VARIANT, weasyprint_html


def render_pdf(document: ResponseDocument, *, now: datetime | None = None) -> bytes:
    """The response as a tagged PDF/UA-1 document (needs an app context)."""
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    html = render_html(document, created=created.isoformat().replace("+00:00", "Z"))
    return weasyprint_html()(string=html).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, uncompressed_pdf=False)

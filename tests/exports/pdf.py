"""PDF support for the tests: WeasyPrint needs the pango libraries. Without
them a PDF test is skipped, saying why, or fails under CI (``REQUIRE_PDF=1``,
set by .ci/run), so that a machine image missing them is noticed."""

from __future__ import annotations

import os
import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from exports.notes_pdf import PdfUnavailable, weasyprint_html

FOOTER = re.compile(r"^Page \d+ of \d+$")


def require_pdf() -> None:
    try:
        weasyprint_html()
    except PdfUnavailable as exc:
        if os.environ.get("REQUIRE_PDF", "") not in ("", "0", "false", "no"):
            pytest.fail(f"REQUIRE_PDF=1 but the PDF cannot be made: {exc}")
        pytest.skip(f"no PDF on this machine: {exc}")


def pdf_lines(data: bytes) -> list[str]:
    """Every line of text in the PDF, page by page, without the page footers."""
    reader = PdfReader(BytesIO(data))
    lines = []
    for page in reader.pages:
        lines += [line.strip() for line in page.extract_text().splitlines()
                  if line.strip() and not FOOTER.match(line.strip())]
    return lines

"""The PCC's response to an HMICFRS report as an accessible PDF, read back with pypdf:
its text in order, title, subject, author and language, tagged (PDF/UA-1, headings),
bookmarks from the headings, A4 pages numbered; and downloaded beside HTML and Word."""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import pytest
from pypdf import PdfReader

from exports.hmicfrs_response import response_document
from exports.hmicfrs_response_pdf import render_pdf
from models import db
from tests.db import create_action, create_org, create_report, create_user
from tests.exports.pdf import pdf_lines, require_pdf
from tests.exports.test_notes_pdf import _tags
from tests.helpers import sign_in
from workflows import hmicfrs

TITLE = "The Police and Crime Commissioner's response: PEEL 2025: Police effectiveness"


@pytest.fixture
def report(app):
    org = create_org(name="Cleveland Police")
    report = create_report(org=org)
    first = create_action(org=org, report=report, source="recommendation", reference="R1",
                          title="Improve CSE risk assessment")
    second = create_action(org=org, report=report, source="afi", reference="AFI 1",
                           title="Record missing episodes")
    report = db.session.merge(report)
    hmicfrs.save_response(report, by=None, intro="I welcome this report.\n\nIt is fair.",
                          comments={first.id: "A plan is in place.", second.id: ""})
    return db.session.merge(report)


@pytest.fixture
def pdf(report) -> bytes:
    require_pdf()
    return render_pdf(response_document(report))


def test_the_text_reads_back_in_order(pdf):
    text = " ".join(pdf_lines(pdf))
    wanted = [TITLE, "Draft: not yet published.", "Cleveland Police",
              "The Commissioner's response", "I welcome this report.", "It is fair.",
              "Recommendations", "R1 Improve CSE risk assessment",
              "The Commissioner's comment: A plan is in place.",
              "Status on the register: Open", "Areas for improvement",
              "AFI 1 Record missing episodes", "The Commissioner's comment: No comment yet."]
    at = 0
    for piece in wanted:
        found = text.find(piece, at)
        assert found >= 0, f"{piece!r} missing after {text[at:at + 80]!r}"
        at = found + len(piece)


def test_title_language_properties_and_tags(pdf):
    reader = PdfReader(BytesIO(pdf))
    info = reader.metadata
    assert (info.title, info.subject) == (TITLE, "PEEL 2025: Police effectiveness")
    assert info.author  # the office
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    assert root["/MarkInfo"]["/Marked"].value is True
    tags = _tags(root["/StructTreeRoot"], Counter())
    assert (tags["/H1"], tags["/H2"], tags["/H3"]) == (1, 3, 2)
    [title, children] = reader.outline
    assert title.title == TITLE
    assert [c.title for c in children if not isinstance(c, list)] == [
        "The Commissioner's response", "Recommendations", "Areas for improvement"]
    assert [[i.title for i in c] for c in children if isinstance(c, list)] == [
        ["R1 Improve CSE risk assessment"], ["AFI 1 Record missing episodes"]]
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210, 297)


def test_downloaded_beside_html_and_word(client, report):
    require_pdf()
    sign_in(client, create_user(role="pcc"))
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert f"/reports/{report.id}/response.pdf" in page
    reply = client.get(f"/reports/{report.id}/response.pdf")
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    assert reply.headers["Content-Disposition"].endswith(f'report-{report.id}.pdf"')
    assert "I welcome this report." in " ".join(pdf_lines(reply.data))

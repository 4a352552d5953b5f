"""The notes as a PDF from the app and the command line: a download beside
Word and HTML on the notes page, an audited attachment, 404 to another
office's admin and to respondents of organisations not asked, and
`flask notes ID -o notes.pdf` choosing the PDF by the file's extension."""

from __future__ import annotations

import sys
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models import AuditEvent, db
from tests.db import (
    create_office,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.exports.pdf import pdf_lines, require_pdf
from tests.helpers import check_html, sign_in, url
from workflows.rounds import publish_round

TITLE = "Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – Meeting Notes"


@pytest.fixture
def meeting(app, org):
    """A closed round that asked ``org`` (the respondent fixture's organisation)."""
    round_ = create_round(version=create_questionnaire_version(), status="closed",
                          meeting_date=date(2016, 9, 22), title="Child Sexual Exploitation (CSE)")
    create_response(round_=round_, org=org, status="accepted",
                    answers={"picture-now": "The threat assessment is being refreshed."})
    return round_


@pytest.fixture
def outsider(app):
    return create_user(role="respondent", email="other@force.example.org",
                       org=create_org(name="Other Force"))


def publish(round_) -> None:
    publish_round(round_, None)


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_notes_page_offers_word_html_and_pdf(client, client_request, admin, meeting):
    sign_in(client, admin)
    page = client_request.get("notes.show", round_id=meeting.id)
    links = [a.get_text(strip=True) for a in page.select("a[download]")]
    assert links == ["Download the notes as a Word document",
                     "Download the notes as a web page (HTML)", "Download the notes as a PDF"]
    assert page.find("a", string="Download the notes as a PDF")["href"] == url(
        client, "notes.download", round_id=meeting.id, fmt="pdf")


def test_pdf_download_is_an_audited_attachment(client, respondent, meeting):
    require_pdf()
    publish(meeting)
    sign_in(client, respondent)
    response = client.get(url(client, "notes.download", round_id=meeting.id, fmt="pdf"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="meeting-notes-2016-09-22-child-sexual-exploitation-cse.pdf"')
    assert response.headers["Cache-Control"] == "no-store"
    assert PdfReader(BytesIO(response.data)).metadata.title == TITLE
    assert "The threat assessment is being refreshed." in pdf_lines(response.data)
    [event] = events("notes.download")
    assert (event.user_id, event.detail["format"]) == (respondent.id, "pdf")


def test_pdf_of_another_office_or_organisation_is_404(client, meeting, outsider):
    publish(meeting)
    elsewhere = create_user(role="admin", email="admin@bravo.example.org",
                            office=create_office(name="Bravo Office of the PCC", code="BRAVO"))
    for user in (elsewhere, outsider):
        sign_in(client, user)
        response = client.get(url(client, "notes.download", round_id=meeting.id, fmt="pdf"))
        assert response.status_code == 404
        assert b"%PDF" not in response.data
    assert events("notes.download") == []


def test_cli_writes_the_pdf(runner, meeting, tmp_path):
    require_pdf()
    target = tmp_path / "notes.pdf"
    result = runner.invoke(args=["notes", str(meeting.id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.output
    data = target.read_bytes()
    assert PdfReader(BytesIO(data)).metadata.title == TITLE
    assert "The threat assessment is being refreshed." in pdf_lines(data)
    [event] = events("notes.download")
    assert (event.actor, event.detail["format"]) == ("cli", "pdf")


def test_without_weasyprint_the_pdf_is_refused_clearly(client, admin, meeting, runner, tmp_path,
                                                       monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it were not installed
    sign_in(client, admin)
    response = client.get(url(client, "notes.download", round_id=meeting.id, fmt="pdf"))
    assert response.status_code == 503
    page = check_html(response.get_data(as_text=True))
    assert page.h1.get_text(strip=True) == "The PDF cannot be made on this server"
    assert "Download the notes as a Word document or a web page instead" in page.text
    assert client.get(url(client, "notes.download", round_id=meeting.id,
                          fmt="docx")).status_code == 200
    target = tmp_path / "notes.pdf"
    result = runner.invoke(args=["notes", str(meeting.id), "-o", str(target)])
    assert result.exit_code == 1
    assert "The PDF needs WeasyPrint and the pango libraries" in result.output
    assert not target.exists()
    assert [e.detail["format"] for e in events("notes.download")] == ["docx"]

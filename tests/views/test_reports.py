"""HMICFRS report pages: recording one (the 56-day due date shown), its items typed in
and uploaded as CSV (bad lines listed), the Chief Constable's comments, the PCC's
response drafted, published and downloaded (HTML and Word read back), the home pages'
reports due, and another office's report answered 404."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from docx import Document

from models import ActionItem, HmicfrsReport, db
from tests.db import create_office, create_report, create_user
from tests.helpers import check_html, sign_in, text_of

CSV = (b"type,reference,title,detail,owner,due date\n"
       b"Recommendation,R1,Improve CSE risk assessment,,ACC Smith,2027-03-31\n"
       b"Suggestion,R2,Not a type we know,,,\n"
       b"Area for improvement,AFI 1,Supervise missing-person cases,,,\n")


@pytest.fixture
def report(app, org):
    return create_report(org=org, title="PEEL 2025", published_on=date(2026, 10, 1))


def test_an_admin_records_a_report_and_sees_its_due_date(client, admin, org):
    sign_in(client, admin)
    bad = client.post("/reports/new", data={"title": "CSE inspection", "organisation": str(org.id),
                                            "published_on-day": "31", "published_on-month": "2",
                                            "published_on-year": "2026"})
    assert bad.status_code == 200 and "There is a problem" in bad.get_data(as_text=True)
    assert 'value="CSE inspection"' in bad.get_data(as_text=True)
    made = client.post("/reports/new", data={
        "title": "CSE inspection", "organisation": str(org.id), "published_on-day": "2",
        "published_on-month": "11", "published_on-year": "2026",
        "url": "https://hmicfrs.example.org/cse"})
    assert made.status_code == 302
    report = db.session.scalars(db.select(HmicfrsReport)).one()
    page = check_html(client.get(f"/reports/{report.id}").get_data(as_text=True))
    assert "28 December 2026" in text_of(page.select_one("#report-clock"))


def test_the_upload_imports_good_rows_and_lists_bad_lines(client, admin, report):
    sign_in(client, admin)
    answer = client.post(f"/reports/{report.id}/import",
                         data={"file": (BytesIO(CSV), "recs.csv")},
                         content_type="multipart/form-data")
    text = text_of(check_html(answer.get_data(as_text=True)))
    assert answer.status_code == 200
    assert "Line 3: the type 'Suggestion'" in text and "2 rows imported" in text
    refs = sorted(i.reference for i in db.session.scalars(db.select(ActionItem)))
    assert refs == ["AFI 1", "R1"]
    empty = client.post(f"/reports/{report.id}/import", data={},
                        content_type="multipart/form-data")
    assert "Choose a CSV file" in empty.get_data(as_text=True)


def test_an_item_typed_in_and_the_response_published_and_downloaded(client, admin, report):
    sign_in(client, admin)
    client.post(f"/reports/{report.id}/items", data={
        "source": "recommendation", "reference": "R1", "title": "Improve CSE risk assessment"})
    item = db.session.scalars(db.select(ActionItem)).one()
    assert (item.report_id, item.organisation_id) == (report.id, report.organisation_id)
    client.post(f"/reports/{report.id}/chief-constable/comments",
                data={"cc_comments": "The force accepts every recommendation."})
    client.post(f"/reports/{report.id}/response", data={
        "intro": "I welcome this report.", f"comment-{item.id}": "A plan is in place."})
    assert client.post(f"/reports/{report.id}/response/publish").status_code == 302
    word = client.get(f"/reports/{report.id}/response.docx")
    text = "\n".join(p.text for p in Document(BytesIO(word.data)).paragraphs)
    assert "I welcome this report." in text and "A plan is in place." in text
    assert "The force accepts every recommendation." in text and "Draft" not in text
    html = client.get(f"/reports/{report.id}/response.html").get_data(as_text=True)
    assert "Improve CSE risk assessment" in html and "<script" not in html


def test_the_pcc_reads_but_does_not_manage(client, pcc, report):
    sign_in(client, pcc)
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "PEEL 2025" in page and "Import the file" not in page
    assert client.post(f"/reports/{report.id}/items", data={"title": "x"}).status_code == 403


def test_home_pages_show_reports_due_soon_or_overdue(client, admin, pcc, org):
    create_report(org=org, title="Due soon", published_on=date.today() - timedelta(days=50))
    create_report(org=org, title="Overdue", published_on=date.today() - timedelta(days=60))
    create_report(org=org, title="Plenty of time", published_on=date.today())
    for user in (admin, pcc):
        sign_in(client, user)
        listed = text_of(check_html(client.get("/").get_data(as_text=True))
                         .select_one("#reports-due"))
        assert "Overdue" in listed and "Due soon" in listed and "6 days left" in listed
        assert "Plenty of time" not in listed
        client.post("/sign-out")


def test_another_offices_report_is_404(client, report):
    elsewhere = create_office(name="Office of the PCC for Elsewhere", code="ELSE")
    sign_in(client, create_user(role="admin", office=elsewhere))
    assert client.get(f"/reports/{report.id}").status_code == 404
    assert client.get(f"/reports/{report.id}/response.docx").status_code == 404
    assert "PEEL 2025" not in client.get("/reports").get_data(as_text=True)
    assert "PEEL 2025" not in client.get("/").get_data(as_text=True)

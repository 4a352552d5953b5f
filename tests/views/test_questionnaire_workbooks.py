"""Questionnaires as workbooks on the admin screens: an .xlsx upload becomes YAML to
check and store; a version downloads as a workbook (audited), which reads back as the
same questionnaire."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from forms.format.xlsform import from_xlsx
from models import AuditEvent, db
from tests.db import create_office, create_questionnaire_version, create_user
from tests.forms.xlsform_books import book, grouped
from tests.helpers import check_html, sign_in, url
from tests.views.test_questionnaires import stored_versions


def upload(client, data: bytes, name: str = "my-set.xlsx"):
    response = client.post(url(client, "questionnaires.upload"),
                           data={"text": "", "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    return check_html(response.get_data(as_text=True))


def test_a_workbook_upload_is_previewed_as_yaml_then_stored(client, admin):
    sign_in(client, admin)
    data = book(grouped(("text", "lead_name", "Who leads it?"),
                        ("rating", "lead_confidence", "How confident are you?")),
                settings=("my_set", "My set", 1))
    page = upload(client, data)
    assert page.h1.get_text(strip=True) == "My set"
    source = page.find("input", attrs={"name": "source"})["value"]
    assert "id: lead-name  # from XLSForm name lead_name" in source
    assert stored_versions() == 0
    response = client.post(url(client, "questionnaires.store"),
                           data={"source": source, "filename": "my-set.yaml"})
    assert response.headers["Location"] == "/admin/questionnaires/my-set/v1"
    assert stored_versions() == 1


def test_workbook_problems_are_listed_by_cell_and_nothing_is_stored(client, admin):
    sign_in(client, admin)
    data = book(grouped(("text", "lead", "Who?", None, "maybe"),
                        ("geopoint", "where", "Where?")))
    page = upload(client, data, "broken.xlsx")
    assert page.title.string.startswith("Error: ")
    assert page.select_one(".govuk-error-summary__title").get_text(strip=True) == \
        "2 problems in broken.xlsx"
    items = [a.get_text(" ", strip=True) for a in page.select(".govuk-error-summary__list a")]
    assert items[0] == "survey!E3: required must be yes or no"
    assert items[1].startswith('survey!A4: the type "geopoint" is not supported')
    assert stored_versions() == 0


def test_a_version_downloads_as_a_workbook_that_reads_back_the_same(client, admin):
    version = create_questionnaire_version(by=admin)
    sign_in(client, admin)
    page = check_html(client.get(f"/admin/questionnaires/{version.questionnaire.key}/v1")
                      .get_data(as_text=True))
    [link] = page.select('a[href$=".xlsx"]')
    assert link.get_text(" ", strip=True).startswith("Download as an Excel workbook")
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert load_workbook(io.BytesIO(response.data)).sheetnames[:3] == ["survey", "choices",
                                                                        "settings"]
    result = from_xlsx(response.data)
    assert not result.problems
    db.session.expire_all()
    [event] = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "questionnaire.download")).all()
    assert event.detail["filename"].endswith("-v1.xlsx")


def test_another_offices_version_is_not_found_as_a_workbook(client, admin):
    version = create_questionnaire_version(by=admin)
    other = create_office(name="Another OPCC", code="AO")
    stranger = create_user(role="admin", office=other, email="a@other.example.org")
    sign_in(client, stranger)
    key = version.questionnaire.key
    assert client.get(f"/admin/questionnaires/{key}/v1.xlsx").status_code == 404

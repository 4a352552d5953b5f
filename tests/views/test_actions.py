"""The register pages: the list and its filters, one item with its history, updating it
(respondents: their own organisation's only), adding and editing (admins), the workbook;
and another organisation's or office's item answered 404."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from models import ActionItem, db
from tests.db import (
    create_action,
    create_office,
    create_org,
    create_round,
    create_user,
)
from tests.helpers import check_html, sign_in, text_of

PAST = date.today() - timedelta(days=10)
FUTURE = date.today() + timedelta(days=30)


@pytest.fixture
def items(app, org):
    """Ours: one overdue, one due later, one closed. Another organisation's: one open."""
    other = create_org(name="Shropshire Local Policing Area")
    return {
        "overdue": create_action(org=org, title="Audit the CSE cases", due_date=PAST),
        "later": create_action(org=org, title="Train the call handlers", due_date=FUTURE,
                               source="recommendation", reference="R2"),
        "closed": create_action(org=org, title="Write the strategy", status="closed",
                                due_date=PAST),
        "theirs": create_action(org=other, title="Shropshire's own action"),
    }


def rows(html: str) -> list[str]:
    page = check_html(html)
    return [text_of(r.find("th")) for r in page.select("#action-register tbody tr")]


def test_the_pcc_reads_every_item_and_overdue_ones_stand_out(client, pcc, items):
    sign_in(client, pcc)
    page = client.get("/register").get_data(as_text=True)
    assert sorted(rows(page)) == ["Audit the CSE cases", "Shropshire's own action",
                                  "Train the call handlers", "Write the strategy"]
    soup = check_html(page)
    overdue = soup.select_one(f'tr[data-item="{items["overdue"].id}"]')
    assert "Overdue" in text_of(overdue)
    closed = soup.select_one(f'tr[data-item="{items["closed"].id}"]')
    assert "Overdue" not in text_of(closed)  # closed items are never overdue
    assert "Add an item" not in text_of(soup)


def test_filters_status_source_organisation_overdue(client, admin, items, org):
    sign_in(client, admin)
    assert rows(client.get("/register?overdue=yes").get_data(as_text=True)) == [
        "Audit the CSE cases"]
    assert rows(client.get("/register?status=closed").get_data(as_text=True)) == [
        "Write the strategy"]
    assert rows(client.get("/register?source=recommendation").get_data(as_text=True)) == [
        "Train the call handlers"]
    theirs = items["theirs"].organisation_id
    assert rows(client.get(f"/register?organisation={theirs}").get_data(as_text=True)) == [
        "Shropshire's own action"]


def test_a_respondent_sees_only_their_organisations_items(client, respondent, items):
    sign_in(client, respondent)
    listed = rows(client.get(f"/register?organisation={items['theirs'].organisation_id}")
                  .get_data(as_text=True))
    assert "Shropshire's own action" not in listed and len(listed) == 3
    assert client.get(f"/register/{items['theirs'].id}").status_code == 404
    answer = client.post(f"/register/{items['theirs'].id}/update",
                         data={"target": "in_progress"})
    assert answer.status_code == 404
    assert db.session.get(ActionItem, items["theirs"].id).status == "open"


def test_another_offices_user_gets_404_and_sees_none_of_it(client, items):
    elsewhere = create_office(name="Office of the PCC for Elsewhere", code="ELSE")
    stranger = create_user(role="admin", office=elsewhere)
    sign_in(client, stranger)
    assert client.get(f"/register/{items['overdue'].id}").status_code == 404
    assert client.get(f"/register/{items['overdue'].id}/edit").status_code == 404
    page = client.get("/register").get_data(as_text=True)
    assert "Audit the CSE cases" not in page and "No items match" in page


def test_a_respondent_completes_an_item_with_evidence(client, respondent, items):
    item = items["overdue"]
    sign_in(client, respondent)
    page = check_html(client.get(f"/register/{item.id}").get_data(as_text=True))
    choices = [i["value"] for i in page.select('input[name="target"]')]
    assert choices == ["progress", "in_progress", "completed"]  # never close or supersede
    refused = client.post(f"/register/{item.id}/update", data={"target": "completed", "note": ""})
    assert refused.status_code == 200
    assert "Describe the evidence" in refused.get_data(as_text=True)
    client.post(f"/register/{item.id}/update",
                data={"target": "completed", "note": "All 40 cases audited in November"})
    db.session.expire_all()
    assert db.session.get(ActionItem, item.id).status == "completed"
    history = check_html(client.get(f"/register/{item.id}").get_data(as_text=True))
    text = text_of(history.select_one("#item-history"))
    assert "Marked completed" in text and "Rae Respondent" in text
    assert "All 40 cases audited in November" in text


def test_a_respondent_cannot_close_by_forging_the_form(client, respondent, items):
    item = items["overdue"]
    sign_in(client, respondent)
    answer = client.post(f"/register/{item.id}/update", data={"target": "closed", "note": "x"})
    assert answer.status_code == 200 and "There is a problem" in answer.get_data(as_text=True)
    assert db.session.get(ActionItem, item.id).status == "open"


def test_an_admin_closes_and_the_closure_is_dated_and_attributed(client, admin, items):
    item = items["later"]
    sign_in(client, admin)
    client.post(f"/register/{item.id}/update",
                data={"target": "closed", "note": "Seen the training register"})
    page = check_html(client.get(f"/register/{item.id}").get_data(as_text=True))
    details = text_of(page.select_one("#item-details"))
    assert "Closed" in details and "Ada Admin" in details


def test_an_admin_adds_an_item_agreed_at_a_meeting(client, admin, org):
    round_ = create_round(orgs=[org], status="closed", title="CSE meeting")
    sign_in(client, admin)
    form = client.get(f"/register/new?round={round_.id}").get_data(as_text=True)
    assert 'value="meeting" selected' in form
    missing = client.post("/register/new", data={"source": "meeting", "title": "",
                                                 "organisation": str(org.id),
                                                 "owner": "DCI Jones"})
    text = missing.get_data(as_text=True)
    assert "Enter a title" in text and 'value="DCI Jones"' in text  # nothing typed is lost
    made = client.post("/register/new", data={
        "source": "meeting", "title": "Share the problem profile", "organisation": str(org.id),
        "owner": "DCI Jones", "due_date-day": "31", "due_date-month": "3",
        "due_date-year": "2027", "round": str(round_.id)})
    assert made.status_code == 302
    item = db.session.scalars(db.select(ActionItem)).one()
    assert item.questionnaire_key == "small-assurance"  # from the meeting's questionnaire
    assert item.due_date == date(2027, 3, 31) and [lk.kind for lk in item.links] == ["round"]


def test_the_register_workbook_has_the_same_items(client, pcc, items):
    sign_in(client, pcc)
    answer = client.get("/register/register.xlsx?overdue=yes")
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.data))["Register"]
    values = list(sheet.values)
    assert values[0][:5] == ("Id", "Source", "Reference", "Report", "Title")
    assert [row[4] for row in values[1:]] == ["Audit the CSE cases"]
    assert values[1][11] == "Overdue"

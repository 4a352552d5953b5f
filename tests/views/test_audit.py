"""The audit browser: filters (action, user, object, dates) and pagination."""

from __future__ import annotations

from datetime import datetime, timezone

from models import AuditEvent, db
from tests.helpers import sign_in, text_of
from workflows import audit


def _event(action, *, actor="someone@example.org", at=None, object_type="response", object_id=1):
    event = audit.record(action, actor=actor, object_type=object_type, object_id=object_id)
    if at is not None:
        event.at = at
    return event


def _rows(page) -> list[list[str]]:
    table = page.find("table")
    if table is None:
        return []
    return [
        [text_of(c) for c in tr.find_all(["th", "td"])]
        for tr in table.find("tbody").find_all("tr")
    ]


def test_admin_filters_by_action_user_object_and_dates(client, client_request, admin):
    _event(
        "response.return",
        actor="jackie@opcc.example.org",
        object_id=7,
        at=datetime(2016, 9, 23, 10, 0, tzinfo=timezone.utc),
    )
    _event(
        "response.accept",
        actor="jackie@opcc.example.org",
        object_id=7,
        at=datetime(2016, 9, 30, 23, 30, tzinfo=timezone.utc),
    )  # 1 October in London (BST)
    _event(
        "response.accept",
        actor="other@opcc.example.org",
        object_id=8,
        at=datetime(2016, 10, 5, 9, 0, tzinfo=timezone.utc),
    )
    db.session.commit()
    sign_in(client, admin)
    rows = _rows(client_request.get("audit.events", action="response.accept"))
    assert [r[3] for r in rows] == ["Response accepted", "Response accepted"]
    assert rows[0][0] == "2016-10-05 09:00:00"  # newest first, in UTC
    rows = _rows(client_request.get("audit.events", user="JACKIE"))
    assert {r[1] for r in rows} == {"jackie@opcc.example.org"}
    rows = _rows(client_request.get("audit.events", object_type="response", object_id="8"))
    assert [r[4] for r in rows] == ["Response 8 (no longer exists)"]
    day = {"day": "1", "month": "10", "year": "2016"}  # the GOV.UK date input's boxes
    rows = _rows(client_request.get("audit.events", **{f"date_from-{k}": v for k, v in day.items()},
                                    **{f"date_to-{k}": v for k, v in day.items()}))
    assert [r[0] for r in rows] == ["2016-09-30 23:30:00"]


def test_a_bad_date_is_an_error_not_a_crash(client, client_request, admin):
    sign_in(client, admin)
    page = client_request.get("audit.events", **{"date_from-day": "31", "date_from-month": "2",
                                                 "date_from-year": "2016"})
    assert page.title.string.startswith("Error:")
    summary = page.find(class_="govuk-error-summary")
    assert "The from date must be a real date" in summary.get_text()
    assert summary.find("a")["href"] == "#date_from-day"


def test_the_date_filters_are_gov_uk_date_inputs(client, client_request, admin):
    sign_in(client, admin)
    page = client_request.get("audit.events")
    assert not page.select("input[type=date]")
    for name in ("date_from", "date_to"):
        boxes = [i["name"] for i in page.select(f"#{name} input")]
        assert boxes == [f"{name}-day", f"{name}-month", f"{name}-year"]
    assert "YYYY" not in page.get_text()


def test_pages_of_fifty(client, client_request, admin):
    for n in range(120):
        _event(
            "test.event",
            object_id=n,
            at=datetime(2016, 1, 1, 0, n // 60, n % 60, tzinfo=timezone.utc),
        )
    db.session.commit()
    sign_in(client, admin)  # adds a sign-in event: 121 in all
    page = client_request.get("audit.events", action="test.event", page=3)
    rows = _rows(page)
    assert len(rows) == 20 and rows[-1][4] == "Response 0 (no longer exists)"
    nav = page.find("nav", class_="govuk-pagination")
    assert nav.find("a", string=lambda s: s and s.strip() == "1")["href"].startswith(
        "/admin/audit?"
    )
    assert "action=test.event" in nav.find("a", string=lambda s: s and s.strip() == "1")["href"]
    assert len(_rows(client_request.get("audit.events", action="test.event", page=99))) == 20


def test_only_admins_browse(client, client_request, pcc, respondent):
    for user in (pcc, respondent):
        sign_in(client, user)
        client_request.get("audit.events", _expected_status=403)
        client.post("/sign-out")


def test_sign_ins_are_recorded_in_utc(client, client_request, admin):
    sign_in(client, admin)
    event = db.session.query(AuditEvent).filter_by(action="auth.sign_in").one()
    assert event.at.utcoffset().total_seconds() == 0 and event.role == "admin"


def test_actions_objects_and_ids_read_as_plain_english_and_names(
        client, client_request, admin):
    from tests.db import create_org, create_round

    orgs = [create_org(name="Avon and Somerset Police"), create_org(name="Dorset Police")]
    create_round(through_workflows=True, orgs=orgs, title="CSE assurance March 2017")
    sign_in(client, admin)
    page = client_request.get("audit.events", action="round.create")
    [row] = _rows(page)
    assert row[3] == "Round set up"
    assert row[4] == "Round: CSE assurance March 2017"
    assert "Organisations: Avon and Somerset Police, Dorset Police" in row[5]
    options = {o.get_text(): o["value"] for o in page.find(id="action").find_all("option")}
    assert options["Round set up"] == "round.create"
    assert "round.create" not in text_of(page.find("table"))

"""HMICFRS reports: the 56-day clock, the CSV import (good rows in, bad rows reported by
line, nothing half-imported), the Chief Constable's comments and the PCC's response."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import ActionItem, AuditEvent, db
from models.action_status import AFI, CAUSE, RECOMMENDATION, response_due
from models.permissions import NotPermitted
from tests.db import create_report, create_user
from workflows import hmicfrs
from workflows.actions import ActionError

GOOD = """type,reference,title,detail,owner,due date
Recommendation,R1,Improve CSE risk assessment,By March,ACC Smith,2027-03-31
Area for improvement,AFI 2,Supervision of missing-person cases,,DCI Jones,31/01/2027
Cause of concern,CoC 1,Safeguarding referrals are delayed,,,
"""

BAD = """type,reference,title,detail,owner,due date
Recommendation,R1,Improve CSE risk assessment,,ACC Smith,2027-03-31
Suggestion,R2,Not a type we know,,,
Recommendation,R3,,,,
Recommendation,R4,A real one,,,31/02/2027
Recommendation,R5,Another good one,,,
"""


@pytest.fixture
def admin(app):
    return create_user(role="admin", name="Ada Admin")


def count() -> int:
    return db.session.scalar(select(func.count(ActionItem.id)))


def test_the_response_is_due_56_days_after_publication(org):
    assert response_due(date(2026, 10, 1)) == date(2026, 11, 26)
    assert response_due(date(2024, 1, 10)) == date(2024, 3, 6)  # across a leap day
    report = create_report(org=org, published_on=date(2026, 10, 1))
    assert report.response_due == date(2026, 11, 26)
    assert report.cc_due == date(2026, 10, 29)  # until the request sets its own


def test_a_report_is_recorded_with_its_force(admin, org):
    report = hmicfrs.create_report(by=admin, fields={
        "title": "CSE inspection", "published_on": date(2026, 11, 2),
        "organisation_id": org.id, "url": "https://hmicfrs.example.org/cse"})
    assert report.response_due == date(2026, 12, 28)
    with pytest.raises(ActionError, match="link"):
        hmicfrs.create_report(by=admin, fields={
            "title": "T", "published_on": date(2026, 11, 2), "organisation_id": org.id,
            "url": "javascript:alert(1)"})
    with pytest.raises(NotPermitted):
        hmicfrs.create_report(by=create_user(role="pcc"), fields={})


def test_a_good_file_becomes_register_items_of_the_reports_force(admin, org):
    report = create_report(org=org)
    result = hmicfrs.import_items(report, GOOD, by=admin)
    assert result.problems == [] and len(result.added) == 3
    items = db.session.scalars(select(ActionItem).order_by(ActionItem.id)).all()
    assert [(i.source, i.reference, i.organisation_id, i.report_id) for i in items] == [
        (RECOMMENDATION, "R1", org.id, report.id), (AFI, "AFI 2", org.id, report.id),
        (CAUSE, "CoC 1", org.id, report.id)]
    assert items[0].due_date == date(2027, 3, 31) and items[1].due_date == date(2027, 1, 31)
    assert items[0].owner == "ACC Smith" and items[0].detail == "By March"
    assert "report.import" in db.session.scalars(select(AuditEvent.action)).all()


def test_bad_rows_are_reported_by_line_and_only_good_rows_are_imported(admin, org):
    report = create_report(org=org)
    result = hmicfrs.import_items(report, BAD, by=admin)
    assert [line for line, _ in result.problems] == [3, 4, 5]
    messages = dict(result.problems)
    assert "Suggestion" in messages[3] and "title" in messages[4] and "31/02/2027" in messages[5]
    assert sorted(i.reference for i in result.added) == ["R1", "R5"]
    assert count() == 2
    # the corrected file again: the rows already on the report are skipped, not doubled
    fixed = BAD.replace("Suggestion", "Recommendation").replace("R3,,", "R3,Third,") \
        .replace("31/02/2027", "28/02/2027")
    again = hmicfrs.import_items(report, fixed, by=admin)
    assert sorted(i.reference for i in again.added) == ["R2", "R3", "R4"]
    assert [line for line, _ in again.skipped] == [2, 6]
    assert count() == 5


def test_a_file_without_the_columns_imports_nothing(admin, org):
    report = create_report(org=org)
    result = hmicfrs.import_items(report, "ref,name\nR1,Something\n", by=admin)
    assert result.problems and result.problems[0][0] == 1 and not result.added
    assert count() == 0


def test_the_cc_request_and_the_pccs_response(admin, org):
    report = create_report(org=org, published_on=date(2026, 10, 1))
    hmicfrs.import_items(report, GOOD, by=admin)
    hmicfrs.request_cc_comments(report, by=admin, deadline=date(2026, 10, 20))
    assert report.cc_requested_at is not None and report.cc_due == date(2026, 10, 20)
    with pytest.raises(ActionError, match="introduction"):
        hmicfrs.publish_response(report, by=admin)
    first = report.items[0]
    hmicfrs.save_response(report, by=admin, intro="I welcome this report.",
                          comments={first.id: "The force has a plan."})
    assert first.response_comment == "The force has a plan."
    hmicfrs.publish_response(report, by=admin)
    assert report.response_published_at is not None
    with pytest.raises(ActionError):
        hmicfrs.save_response(report, by=admin, intro="Changed", comments={})

"""The reads behind the review and notes pages (moved out of the views)."""

from __future__ import annotations

from datetime import date

from exports.notes_rounds import notes_round_for, readable_rounds, rounds_to_publish
from exports.review_lists import (
    awaiting_review,
    response_revisions,
    responses_in_round,
    rounds_with_counts,
)
from models import utcnow
from tests.db import create_org, create_round, create_user


def test_rounds_with_counts_by_status_newest_first(history):
    create_round(version=history.v1, title="Asked nobody", meeting_date=date(2022, 1, 1))
    rows = rounds_with_counts()
    assert [r["round"].title for r in rows] == [
        "Spring 2021 meeting", "Autumn 2020 meeting", "Spring 2020 meeting"]
    assert rows[1]["counts"] == {"draft": 1, "returned": 1}
    assert rows[2]["counts"] == {"accepted": 1, "submitted": 1}


def test_responses_in_round_by_organisation_name(history):
    assert responses_in_round(history.r1) == [history.a1, history.b1]


def test_awaiting_review_is_the_submitted_responses(history):
    assert awaiting_review() == [history.b1]


def test_response_revisions_newest_first(history):
    numbers = [rev.number for rev in response_revisions(history.a1)]
    assert numbers == sorted(numbers, reverse=True)


def test_notes_rounds_by_role(history, admin, pcc):
    asked = create_user(role="respondent", org=history.alpha)
    stranger = create_user(role="respondent", org=create_org(name="Gamma"))
    history.r3.status, history.r3.published_at = "published", utcnow()
    assert rounds_to_publish() == [history.r1]
    assert readable_rounds(admin) == [history.r3, history.r1]
    assert readable_rounds(pcc) == [history.r3]
    assert readable_rounds(asked) == [history.r3]
    assert readable_rounds(stranger) == []
    assert notes_round_for(admin, history.r1.id) is history.r1
    assert notes_round_for(pcc, history.r1.id) is None
    assert notes_round_for(asked, history.r3.id) is history.r3
    assert notes_round_for(stranger, history.r3.id) is None
    assert notes_round_for(admin, 999999) is None


"""The PCC's home shows what matters next: the coming meeting and who has responded,
the latest ratings at a glance, open and overdue gaps, rounds named by meeting date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import db
from tests.db import create_response, create_round
from tests.helpers import sign_in


@pytest.fixture
def home(history, client, client_request, pcc):
    sign_in(client, pcc)
    return lambda: client_request.get("main.home")


def test_the_coming_meeting_and_who_has_responded(history, home, page_text):
    soon = date.today() + timedelta(days=14)
    coming = create_round(version=history.v2, title="Spring 2021 meeting", meeting_date=soon,
                          deadline=soon - timedelta(days=7), status="open")
    create_response(round_=coming, org=history.alpha, status="submitted")
    create_response(round_=coming, org=history.beta, status="draft")
    card = home().select_one("#pcc-coming")
    text = page_text(card)
    assert f"Coming meeting: {soon.day} {soon:%B %Y}" in text
    assert "1 of 2 organisations has responded." in text
    assert "Alpha Force Submitted" in text and "Beta Force" in text


def test_no_coming_meeting_no_card(history, home):
    assert home().select_one("#pcc-coming") is None  # every history meeting is past


def test_latest_ratings_at_a_glance(history, home, page_text):
    item = home().select_one("#pcc-glances li")
    assert item.a["href"] == "/pcc/questionnaires/trend-check"
    counts = {tag["data-rag"]: int(tag.get_text().split()[0]) for tag in item.select("strong")}
    assert sum(counts.values()) == 5  # the five latest counted ratings of both forces
    assert "across 2 organisations" in page_text(item)


def test_open_and_overdue_gaps(history, home, page_text):
    history.training.target_date = date.today() - timedelta(days=1)
    db.session.commit()
    text = page_text(home().select_one("#pcc-gaps"))
    assert text.endswith("(1 in the gap register): 1 past their target date.")


def test_rounds_are_named_by_meeting_date_and_a_first_round_has_no_changes(history, home):
    links = [(a.get_text(strip=True), a["href"]) for a in home().select("#pcc-changes a")]
    assert links == [("Meeting of 10 March 2021", f"/pcc/rounds/{history.r3.id}"),
                     ("Meeting of 10 September 2020", f"/pcc/rounds/{history.r2.id}")]

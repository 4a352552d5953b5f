"""Issue 11: the rounds of one questionnaire share a title, so lists of rounds name them
by title and meeting date (``Round.name``)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.actions import submit
from tests.db import create_questionnaire_version, create_response, create_round
from tests.helpers import sign_in

TITLE = "CSE assurance"
SEPTEMBER, MARCH = f"{TITLE}, 22 September 2016", f"{TITLE}, 23 March 2017"


@pytest.fixture
def two_rounds(app, org, respondent):
    """Two rounds with one title: September's closed, March's with a submitted response."""
    version = create_questionnaire_version()
    september = create_round(version=version, title=TITLE, meeting_date=date(2016, 9, 22),
                             status="closed", orgs=[org])
    march = create_round(version=version, title=TITLE, meeting_date=date(2017, 3, 23))
    submit(create_response(round_=march, org=org, by=respondent), by=respondent)
    return september, march


def test_the_review_list_names_each_round_by_its_meeting(client, client_request, admin,
                                                         two_rounds):
    sign_in(client, admin)
    page = client_request.get("review.index")
    assert [a.get_text(strip=True) for a in page.select("table a")] == [MARCH, SEPTEMBER]


def test_the_admin_home_names_the_round_of_a_response_awaiting_review(client, client_request,
                                                                      admin, org, two_rounds):
    sign_in(client, admin)
    panel = client_request.get("main.home").find("h2", string="Responses awaiting review")
    assert panel.find_next("ul").find("a").get_text(strip=True) == f"{org.name} – {MARCH}"


def test_the_register_offers_rounds_by_their_meeting(client, admin, two_rounds):
    sign_in(client, admin)
    form = client.get("/register/new").get_data(as_text=True)
    september, march = two_rounds
    assert f'<option value="{march.id}">{MARCH}</option>' in form
    assert f'<option value="{september.id}">{SEPTEMBER}</option>' in form

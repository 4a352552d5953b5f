"""The section page is the same page, byte for byte, whether its GOV.UK components come
from learnt shapes (forms/questionnaire/components.py) or from the macros each time:
answered, with gaps, and shown back with problems."""

from __future__ import annotations

import pytest

from tests.actions import PICTURE, response_of, section_data
from tests.db import create_round
from tests.helpers import sign_in

LIST = "gaps_picture_rating"


@pytest.fixture
def response(app, org):
    return response_of(create_round(through_workflows=True, orgs=[org]), org)


def both_ways(app, fetch) -> tuple[str, str]:
    renderer = app.extensions["components"]
    fast = fetch()
    renderer.enabled = False
    try:
        slow = fetch()
    finally:
        renderer.enabled = True
    return fast, slow


def test_an_answered_section_with_gaps(app, client, respondent, response):
    sign_in(client, respondent)
    posted = {**PICTURE, f"{LIST}-1-title": 'Training "backlog" & <more>',
              f"{LIST}-1-target_date-day": "1", f"{LIST}-1-target_date-month": "6",
              f"{LIST}-1-target_date-year": "2027"}
    saved = client.post(f"/respond/{response.id}/sections/picture/autosave",
                        data=section_data(0, **posted)).get_json()
    assert saved["status"] == "saved"
    path = f"/respond/{response.id}/sections/picture"
    fast, slow = both_ways(app, lambda: client.get(path).get_data(as_text=True))
    assert 'value="Training &#34;backlog&#34; &amp; &lt;more&gt;"' in fast
    assert fast == slow


def test_a_section_shown_back_with_problems(app, client, respondent, response):
    sign_in(client, respondent)
    path = f"/respond/{response.id}/sections/picture"
    bad = {**PICTURE, "q_picture_rating": "9", f"{LIST}-0-target_date-day": "40",
           f"{LIST}-0-target_date-month": "1", f"{LIST}-0-target_date-year": "2027"}

    def post(revision):
        reply = client.post(path, data=section_data(revision, action="continue", **bad))
        assert reply.status_code == 200
        return reply.get_data(as_text=True)

    first = post(0)  # saves the valid answers, shows back the others
    revision = int(first.split('name="revision" value="', 1)[1].split('"', 1)[0])
    fast, slow = both_ways(app, lambda: post(revision))
    assert "govuk-error-summary" in fast
    assert fast == slow

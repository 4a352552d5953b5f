"""Open actions are carried into the owner organisation's next response for the same
questionnaire, under "Actions agreed" on its task list, each linking to its page, where
the respondent gives an update and comes back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from exports.rollups_actions import actions_for_response
from models import ActionItem, db
from tests.db import (
    create_action,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
)
from tests.helpers import check_html, sign_in, text_of
from tests.samples import small_yaml

KEY = "small-assurance"


@pytest.fixture
def meetings(app, org):
    """The March meeting (closed) agreed actions; the September round is open."""
    version = create_questionnaire_version()
    march = create_round(version=version, title="March", meeting_date=date(2026, 3, 1),
                         status="closed", orgs=[org])
    september = create_round(version=version, title="September", meeting_date=date(2026, 9, 1),
                             orgs=[org])
    return march, september, september.responses[0]


def titles(items) -> list[str]:
    return [i.title for i in items]


def test_open_actions_of_an_earlier_meeting_are_carried(org, meetings):
    march, september, response = meetings
    create_action(org=org, title="Audit the cases", round_=march, questionnaire_key=KEY,
                  due_date=date.today() - timedelta(days=3))
    create_action(org=org, title="Train staff", round_=march, questionnaire_key=KEY,
                  status="in_progress")
    create_action(org=org, title="Done already", round_=march, questionnaire_key=KEY,
                  status="closed")
    create_action(org=org, title="Waiting for the OPCC", round_=march, questionnaire_key=KEY,
                  status="completed")
    create_action(org=org, title="Agreed at this meeting", round_=september,
                  questionnaire_key=KEY)
    create_action(org=org, title="Another questionnaire", questionnaire_key="missing-children")
    create_action(org=create_org(), title="Another organisation's", questionnaire_key=KEY)
    assert titles(actions_for_response(response)) == ["Audit the cases", "Train staff"]


def test_the_task_list_shows_actions_agreed_and_the_update_comes_back(
        client, org, respondent, meetings):
    march, september, response = meetings
    item = create_action(org=org, title="Audit the cases", round_=march, questionnaire_key=KEY,
                         due_date=date.today() - timedelta(days=3), reference="Minute 4")
    sign_in(client, respondent)
    page = check_html(client.get(f"/respond/{response.id}").get_data(as_text=True))
    section = page.select_one(".app-actions-agreed")
    assert "Actions agreed" in text_of(page.select_one("#actions-agreed"))
    assert "Audit the cases" in text_of(section) and "Overdue" in text_of(section)
    href = section.select_one("a")["href"]
    item_page = check_html(client.get(href).get_data(as_text=True))
    assert item_page.select_one('input[name="back"]')["value"] == f"/respond/{response.id}"
    answer = client.post(f"/register/{item.id}/update", data={
        "target": "progress", "note": "Half audited", "back": f"/respond/{response.id}"})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/respond/{response.id}")
    assert db.session.get(ActionItem, item.id).updates[-1].note == "Half audited"


def test_a_forged_back_address_is_ignored(client, org, respondent, meetings):
    item = create_action(org=org, title="Audit the cases", questionnaire_key=KEY)
    sign_in(client, respondent)
    answer = client.post(f"/register/{item.id}/update", data={
        "target": "progress", "note": "x", "back": "//evil.example/respond/"})
    assert answer.headers["Location"].endswith(f"/register/{item.id}")


def test_no_actions_no_section(client, respondent, meetings):
    _, _, response = meetings
    sign_in(client, respondent)
    assert "Actions agreed" not in client.get(f"/respond/{response.id}").get_data(as_text=True)


def test_other_questionnaires_response_does_not_carry_them(org, meetings):
    march, _, _ = meetings
    create_action(org=org, title="Audit the cases", round_=march, questionnaire_key=KEY)
    other = create_questionnaire_version(yaml_text=small_yaml(key="missing-children"))
    round_ = create_round(version=other, meeting_date=date(2026, 10, 1))
    assert actions_for_response(create_response(round_=round_, org=org)) == []

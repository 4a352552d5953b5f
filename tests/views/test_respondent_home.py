"""A respondent's home page says when there is nothing to answer, once (the task-list
panel says it; the page itself does not); each home panel renders nothing at all when it
has nothing to show."""

from __future__ import annotations

from flask import render_template

from tests.actions import response_of, submit
from tests.db import create_org, create_round
from tests.helpers import sign_in

NOTHING = "You have nothing to answer yet."


def test_with_no_rounds_the_home_page_says_there_is_nothing_to_answer(
        client, client_request, respondent, page_text):
    sign_in(client, respondent)
    page = client_request.get("main.home")
    assert page_text(page).count(NOTHING) == 1
    assert page.find(id="responses") is None  # no empty task list
    assert "Your organisation's figures" not in page_text(page)  # no empty trends panel


def test_rounds_for_other_organisations_or_still_planned_are_not_something_to_answer(
        client, client_request, org, respondent, page_text):
    create_round(through_workflows=True, orgs=[create_org()], title="Another force's round")
    create_round(through_workflows=True, orgs=[org], title="Planned round", status="planned")
    sign_in(client, respondent)
    text = page_text(client_request.get("main.home"))
    assert text.count(NOTHING) == 1
    assert "Another force's round" not in text and "Planned round" not in text


def test_an_open_draft_is_something_to_answer(client, client_request, org, respondent, page_text):
    create_round(through_workflows=True, orgs=[org], title="CSE assurance")
    sign_in(client, respondent)
    page = client_request.get("main.home")
    assert NOTHING not in page_text(page)
    assert page.find("a", string=lambda s: s and "CSE assurance" in s)


def test_once_everything_is_submitted_there_is_nothing_to_answer_but_the_list_stays(
        client, client_request, org, respondent, page_text):
    response = response_of(create_round(through_workflows=True, orgs=[org], title="CSE assurance"),
                           org)
    submit(response, by=respondent)
    sign_in(client, respondent)
    page = client_request.get("main.home")
    assert page_text(page).count(NOTHING) == 1
    link = page.find("a", string=lambda s: s and "CSE assurance" in s)
    assert link["href"] == f"/responses/{response.id}"
    # ... and the organisation now has figures to download.
    assert "Your organisation's figures" in page_text(page)


def test_the_trends_panel_renders_nothing_without_figures(app):
    with app.test_request_context():
        assert render_template("pcc/_respondent_panel.html", trend_questionnaires=[],
                               trend_org=1) == ""

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


# ------------------------------------------------------- what is due, and earlier ones


def _titles(page, list_id):
    found = page.find(id=list_id)
    return [a.get_text(" ", strip=True) for a in found.select("a")] if found else []


def test_due_questionnaires_come_in_deadline_order_with_due_or_overdue(
        client, client_request, org, respondent, page_text):
    from datetime import date, timedelta

    today = date.today()
    far = today + timedelta(days=200)
    create_round(through_workflows=True, orgs=[org], title="Later round", meeting_date=far,
                 deadline=today + timedelta(days=9))
    create_round(through_workflows=True, orgs=[org], title="Overdue round",
                 meeting_date=far + timedelta(days=1), deadline=today - timedelta(days=3))
    create_round(through_workflows=True, orgs=[org], title="Sooner round",
                 meeting_date=far + timedelta(days=2), deadline=today + timedelta(days=2))
    sign_in(client, respondent)
    page = client_request.get("main.home")
    assert _titles(page, "questionnaires-due") == ["Overdue round", "Sooner round", "Later round"]
    text = page_text(page.find(id="questionnaires-due"))
    assert "overdue by 3 days" in text and "due in 2 days" in text and "due in 9 days" in text


def test_a_response_nobody_has_started_is_not_started_not_draft(
        client, client_request, org, respondent):
    create_round(through_workflows=True, orgs=[org], title="CSE assurance")
    sign_in(client, respondent)
    due = client_request.get("main.home").find(id="questionnaires-due")
    tags = [t.get_text(strip=True) for t in due.select(".govuk-tag")]
    assert tags == ["Not started"]


def test_closed_and_submitted_rounds_are_kept_apart_from_what_is_due(
        client, client_request, org, respondent, page_text):
    create_round(through_workflows=True, orgs=[org], title="Closed round", status="closed")
    submitted = response_of(create_round(through_workflows=True, orgs=[org], title="Sent round"),
                            org)
    submit(submitted, by=respondent)
    create_round(through_workflows=True, orgs=[org], title="Open round")
    sign_in(client, respondent)
    page = client_request.get("main.home")
    assert _titles(page, "questionnaires-due") == ["Open round"]
    assert sorted(_titles(page, "questionnaires-earlier")) == ["Closed round", "Sent round"]
    earlier = page_text(page.find(id="questionnaires-earlier"))
    assert "Not submitted: round closed" in earlier


def test_due_phrase():
    from datetime import date

    from views.respond.home import due_phrase

    today = date(2026, 3, 10)
    assert due_phrase(None, today) == ""
    assert due_phrase(date(2026, 3, 10), today) == "due today"
    assert due_phrase(date(2026, 3, 11), today) == "due tomorrow"
    assert due_phrase(date(2026, 3, 15), today) == "due in 5 days"
    assert due_phrase(date(2026, 3, 9), today) == "overdue by 1 day"
    assert due_phrase(date(2026, 3, 1), today) == "overdue by 9 days"

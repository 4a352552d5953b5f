"""Answers carried from last round: the task list says what is needed, submit's
problems come grouped by section and once each, and a section's carried answers can
be confirmed at once (no JavaScript needed)."""

from __future__ import annotations

import pytest

from models import Answer, db
from tests.actions import fresh, response_of, section_data
from tests.db import create_round
from tests.helpers import sign_in
from workflows.gaps import save_gap_items
from workflows.submission import submit_problems

CARRIED = {"picture-now": "Refreshed yearly.", "picture-rating": "4",
           "partners-engaging": "yes", "partners-count": 7}


@pytest.fixture
def response(app, org):
    found = response_of(create_round(through_workflows=True, orgs=[org]), org)
    for qid, value in CARRIED.items():
        db.session.add(Answer(response_id=found.id, question_id=qid, value=value,
                              explanation="Still true." if qid == "picture-rating" else None,
                              from_last_round=True))
    db.session.commit()
    return found


def _statuses(page) -> dict:
    return {li.find("a").get_text(strip=True):
            li.find(class_="govuk-task-list__status").get_text(" ", strip=True)
            for li in page.select(".govuk-task-list__item")}


def test_the_task_list_asks_to_check_last_rounds_answers_with_a_count(
        client, client_request, respondent, response, page_text):
    sign_in(client, respondent)
    page = client_request.get("respond.tasks", response_id=response.id)
    assert _statuses(page) == {"The current picture": "Check last round's answers",
                               "Partners": "Check last round's answers"}
    hints = [h.get_text(strip=True) for h in page.select(".govuk-task-list__hint")]
    assert hints == ["2 answers from last round to confirm or change"] * 2
    assert "2 sections have answers carried from last round" in page_text(page)


def test_submit_reports_carried_answers_once_per_section_grouped_by_section(
        client, client_request, respondent, response, page_text):
    sign_in(client, respondent)
    client.post(f"/respond/{response.id}/submit", data={"revision": "0"})
    page = client_request.get("respond.check", response_id=response.id, notice="problems")
    summary = page.find(class_="govuk-error-summary")
    assert [h.get_text(strip=True) for h in summary.find_all("h3")] == [
        "The current picture", "Partners"]
    links = [a.get_text(" ", strip=True) for a in summary.select("a")]
    assert links == [
        "Check the 2 answers from last round in “The current picture”: change, or confirm as "
        "still true",
        "Check the 2 answers from last round in “Partners”: change, or confirm as still true"]


def test_a_gap_without_a_title_is_reported_once(respondent, response):
    save_gap_items(response, "picture-rating", [{"owner": "DI Smith"}], respondent)
    db.session.commit()
    titles = [p.message for p in submit_problems(fresh(response)) if "title" in p.message]
    assert len(titles) == 1, titles


def test_a_question_with_an_error_is_not_also_a_carried_answer_to_check(respondent, response):
    answer = db.session.query(Answer).filter_by(response_id=response.id,
                                                question_id="partners-engaging").one()
    db.session.delete(answer)  # required, now missing
    db.session.commit()
    messages = [p.message for p in submit_problems(fresh(response)) if p.section_id == "partners"]
    assert len(messages) == 2
    assert any(m.startswith("How many partners attend? – Check the answer from last round")
               for m in messages)


def test_confirm_all_confirms_the_sections_carried_answers_without_javascript(
        client, client_request, respondent, response, page_text):
    sign_in(client, respondent)
    page = client_request.get("respond.section", response_id=response.id, section_id="partners")
    assert "Confirm all answers in this section as still true" in page_text(
        page.find(id="carried-help"))
    button = page.find("button", id="confirm-carried")
    assert button["name"] == "action" and button["value"] == "confirm"
    assert button.find_parent("form")["id"] == "section-form"
    res = client.post(f"/respond/{response.id}/sections/partners",
                      data=section_data(0, "confirm", q_partners_engaging="yes",
                                        q_partners_count="7"))
    assert res.status_code == 302
    carried = {a.question_id for a in fresh(response).answers if a.from_last_round}
    assert carried == {"picture-now", "picture-rating"}
    page = client_request.get("respond.tasks", response_id=response.id)
    assert _statuses(page)["Partners"] == "Completed"

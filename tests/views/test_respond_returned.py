"""A returned response: the task list flags the sections with OPCC comments and how
many, and each comment sits inside its own question's block, after its heading."""

from __future__ import annotations

import pytest

from forms.questionnaire.builder import AnswerData
from models import db
from tests.actions import response_of, set_answers, submit
from tests.db import create_round
from tests.helpers import sign_in
from workflows.responses import save_section
from workflows.review import return_response


@pytest.fixture
def returned(app, org, admin, respondent):
    found = response_of(create_round(through_workflows=True, orgs=[org]), org)
    set_answers(found, {"picture-now": "Refreshed.", "picture-rating": {
        "value": "4", "explanation": "Improving."}, "partners-engaging": "yes"})
    submit(found, by=respondent)
    return_response(found, user=admin, comments={
        "picture-now": "Say when it was last refreshed.",
        "picture-rating": "Why not a 5?",
        "partners-engaging": "Name the partner that is not.",
        None: "Thanks: a few points."})
    return found


def test_the_task_list_counts_the_opcc_comments_of_each_section(
        client, client_request, respondent, returned):
    sign_in(client, respondent)
    page = client_request.get("respond.tasks", response_id=returned.id)
    hints = {li.find("a").get_text(strip=True):
             li.find(class_="govuk-task-list__hint").get_text(strip=True)
             for li in page.select(".govuk-task-list__item")}
    assert hints == {"The current picture": "2 comments from the OPCC",
                     "Partners": "1 comment from the OPCC"}


@pytest.mark.parametrize("qid, heading, text", [
    ("picture-rating", "legend", "Why not a 5?"),  # a question in a fieldset
    ("picture-now", "label", "Say when it was last refreshed."),  # a single field
    ("partners-engaging", "legend", "Name the partner that is not."),  # radios
])
def test_a_comment_sits_in_its_questions_block_after_the_heading(
        client, client_request, respondent, returned, qid, heading, text):
    sign_in(client, respondent)
    section = "partners" if qid.startswith("partners") else "picture"
    page = client_request.get("respond.section", response_id=returned.id, section_id=section)
    block = page.find(id=f"question-{qid}")
    comment = next(c for c in block.select(".app-review-comment") if text in c.get_text())
    assert comment.find_previous(heading) in block.find_all(heading)
    others = [c for c in page.select(".app-review-comment") if text in c.get_text()]
    assert others == [comment]  # shown once, and not in the block before


# ------------------------------------------ the admin's view once it is resubmitted


def _resubmit(returned, respondent, changes: list[dict]):
    for change in changes:
        section = "partners" if any(k.startswith("partners") for k in change) else "picture"
        save_section(returned, section, {k: AnswerData(value=v) for k, v in change.items()},
                     respondent, returned.revision)
    submit(returned, by=respondent)
    db.session.commit()


def test_the_resubmitted_response_marks_what_changed_since_it_was_returned(
        client, client_request, admin, respondent, returned, page_text):
    _resubmit(returned, respondent, [{"partners-engaging": "no"},
                                     {"picture-now": "Changed."}, {"picture-now": "Refreshed."}])
    sign_in(client, admin)
    page = client_request.get("review.response", response_id=returned.id)
    marked = [div["id"] for div in page.select(".app-answer")
              if div.find(string=lambda s: s and "Changed since returned" in s)]
    assert marked == ["q-partners-engaging"]  # picture-now was changed back
    assert "1 answer changed since the response was returned" in page_text(
        page.find(id="changed-since-return"))


def test_nothing_is_marked_before_a_response_is_ever_returned(
        client, client_request, admin, org, respondent):
    found = response_of(create_round(through_workflows=True, orgs=[org]), org)
    set_answers(found, {"picture-now": "Refreshed."})
    submit(found, by=respondent)
    sign_in(client, admin)
    page = client_request.get("review.response", response_id=found.id)
    assert page.find(id="changed-since-return") is None
    assert not page.select(".app-changed-tag")

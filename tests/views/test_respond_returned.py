"""A returned response: the task list flags the sections with OPCC comments and how
many, and each comment sits inside its own question's block, after its heading."""

from __future__ import annotations

import pytest

from tests.actions import response_of, set_answers, submit
from tests.db import create_round
from tests.helpers import sign_in
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

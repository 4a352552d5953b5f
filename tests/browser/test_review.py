"""In a real browser: an admin returns a submitted response with a comment on
one answer; the respondent sees the comment beside the question, revises the
answer and submits again; the admin accepts. axe-core finds no violations on
the review pages along the way, and nothing breaks the page's scripts."""

from __future__ import annotations

from datetime import date

from tests.actions import set_answers
from tests.actions import submit as submit_response
from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in, sign_out, submit
from tests.db import create_org, create_questionnaire_version, create_round, create_user
from tests.helpers import release_db
from workflows.gaps import save_gap_items

COMMENT = "What would raise your confidence to fully confident?"


def _setup():
    org = create_org(name="West Mercia Police")
    respondent = create_user(org=org, email="lead@westmercia.example.org", name="Jason Wells")
    admin = create_user(role="admin", email="policy@opcc.example.org", name="Jackie Irvin")
    round_ = create_round(
        version=create_questionnaire_version(),
        title="CSE assurance",
        meeting_date=date(2026, 3, 1),
        orgs=[org],
    )
    response = round_.responses[0]
    set_answers(
        response,
        {
            "picture-now": "The threat assessment is being refreshed.",
            "picture-rating": {"value": 4, "explanation": "Adequate, improving."},
            "partners-engaging": "yes",
        },
        by=respondent,
    )
    save_gap_items(
        response,
        "picture-rating",
        [{"title": "Systems not integrated", "area": "Systems"}],
        respondent,
    )
    submit_response(response, by=respondent)
    ids = response.id, admin.email, respondent.email
    release_db()
    return ids


def test_admin_returns_with_a_comment_and_accepts_after_resubmission(app, live_server, page):
    response_id, admin_email, respondent_email = _setup()
    response_url = f"{live_server}/responses/{response_id}"

    sign_in(page, live_server, admin_email)
    page.goto(response_url)
    assert page.locator("h1").inner_text() == "Response from West Mercia Police"
    check_axe(page)
    follow(page, page.get_by_role("link", name="Return with comments"))
    check_axe(page)
    page.fill("#comment_picture_rating", COMMENT)
    submit(page, "Return response")
    assert "was returned with your comments" in page.inner_text(".govuk-notification-banner")
    assert "Returned for changes" in page.inner_text("main")
    assert COMMENT in page.inner_text("#q-picture-rating")
    check_axe(page)
    assert_no_problems(page)
    sign_out(page)

    sign_in(page, live_server, respondent_email)
    page.goto(f"{live_server}/respond/{response_id}/sections/picture")
    assert COMMENT in page.inner_text("main")
    page.fill("#q_picture_now", "The threat assessment was refreshed and republished in October.")
    submit(page, "Save and continue")
    page.goto(f"{live_server}/respond/{response_id}/check")
    submit(page, "Submit response")
    page.goto(response_url)
    assert "Submitted" in page.inner_text("main")
    assert "republished in October" in page.inner_text("#q-picture-now")
    sign_out(page)

    sign_in(page, live_server, admin_email)
    page.goto(response_url)
    submit(page, "Accept response")  # asks first, saying what will follow
    assert page.locator("h1").inner_text().startswith("Accept the response from")
    assert "Its answers are locked" in page.inner_text("main")
    check_axe(page)
    submit(page, "Accept the response")
    assert "was accepted" in page.inner_text(".govuk-notification-banner")
    assert "Accepted" in page.inner_text("main")
    assert page.get_by_role("button", name="Accept response").count() == 0
    check_axe(page)
    follow(page, page.get_by_role("link", name="Every revision of this response"))
    text = page.inner_text("main")
    assert "Accepted" in text and "Returned with comments" in text and "Jackie Irvin" in text
    assert "republished in October" in text  # the revised answer, before and after
    check_axe(page)
    page.goto(f"{live_server}/gaps")
    assert "Systems not integrated" in page.inner_text("main")
    check_axe(page)
    page.goto(f"{live_server}/admin/audit?action=response.accept")
    assert "Response accepted" in page.inner_text("main table")
    check_axe(page)
    assert_no_problems(page)

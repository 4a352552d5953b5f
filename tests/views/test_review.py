"""Review pages: the lists, the response page, return with comments, accept,
revisions, post-meeting information; who may do what."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, ReviewComment, db
from tests.actions import submit
from tests.db import create_questionnaire_version, create_response, create_round, create_user
from tests.helpers import sign_in
from workflows.gaps import save_gap_items

ANSWERS = {
    "picture-now": "Profiles produced.\n\nThreat assessment refreshed in October.",
    "picture-rating": {"value": 4, "explanation": "Adequate and improving"},
    "partners-engaging": "no",
}


@pytest.fixture
def submitted(app, org, respondent):
    version = create_questionnaire_version()
    round_ = create_round(
        version=version, title="CSE assurance September 2016", meeting_date=date(2016, 9, 22)
    )
    response = create_response(round_=round_, org=org, answers=ANSWERS, by=respondent)
    save_gap_items(
        response,
        "picture-rating",
        [{"title": "Systems not integrated", "area": "Systems"}],
        respondent,
    )
    return submit(response, by=respondent)


def test_admin_sees_the_round_list_and_the_response(
        client, client_request, admin, submitted, page_text):
    sign_in(client, admin)
    page = client_request.get("review.index")
    assert "CSE assurance September 2016" in page_text(page)
    page = client_request.get("review.round_responses", round_id=submitted.round_id)
    link = page.find("a", string=submitted.organisation.name)
    assert link["href"].endswith(f"/responses/{submitted.id}")
    text = page_text(client_request.get("review.response", response_id=submitted.id))
    assert "Threat assessment refreshed in October." in text
    assert "4 – Confident" in text and "Adequate and improving" in text
    assert "Systems not integrated" in text
    assert "Accept response" in text and "Return with comments" in text


def test_pcc_reads_but_cannot_return_or_accept(client, client_request, pcc, submitted, page_text):
    sign_in(client, pcc)
    text = page_text(client_request.get("review.response", response_id=submitted.id))
    assert "Profiles produced." in text and "Accept response" not in text
    client_request.get("review.return_response", response_id=submitted.id, _expected_status=403)
    client_request.post(
        "review.return_response",
        response_id=submitted.id,
        _data={"overall": "x"},
        _expected_status=403,
    )
    client_request.post("review.accept_response", response_id=submitted.id, _expected_status=403)
    assert submitted.status == "submitted"


def test_return_with_comments_then_respondent_sees_them(
    client, client_request, admin, respondent, submitted
, page_text):
    sign_in(client, admin)
    page = client_request.get("review.return_response", response_id=submitted.id)
    assert page.find("textarea", attrs={"name": "comment_picture_rating"})
    client_request.post(
        "review.return_response",
        response_id=submitted.id,
        _data={
            "revision": submitted.revision,
            "overall": "Please say more about partners.",
            "comment_picture_rating": "What would raise your confidence?",
        },
        _expected_redirect=("review.response", {"response_id": submitted.id}),
    )
    db.session.refresh(submitted)
    assert submitted.status == "returned"
    comments = db.session.scalars(select(ReviewComment)).all()
    assert {(c.question_id, c.body) for c in comments} == {
        (None, "Please say more about partners."),
        ("picture-rating", "What would raise your confidence?"),
    }
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.return"))
    assert event.user_id == admin.id and event.object_id == str(submitted.id)
    client.post("/sign-out")

    sign_in(client, respondent)
    page = client_request.get("review.response", response_id=submitted.id)
    block = page.find(id="q-picture-rating")
    assert "What would raise your confidence?" in page_text(block)
    assert "What would raise your confidence?" not in page_text(page.find(id="q-picture-now"))
    assert "Please say more about partners." in page_text(page)


def test_return_needs_a_comment(client, client_request, admin, submitted, page_text):
    sign_in(client, admin)
    page = client_request.post(
        "review.return_response",
        response_id=submitted.id,
        _data={"revision": submitted.revision, "overall": "  "},
        _expected_status=200,
    )
    assert page.title.string.startswith("Error:")
    assert "Enter a comment on at least one answer" in page_text(
        page.find(class_="govuk-error-summary")
    )
    db.session.refresh(submitted)
    assert submitted.status == "submitted"


def test_accept_locks_and_a_second_accept_or_return_is_refused(
    client, client_request, admin, submitted
, page_text):
    sign_in(client, admin)
    client_request.post(
        "review.accept_response", response_id=submitted.id, _data={"revision": submitted.revision},
        _expected_redirect=("review.response", {"response_id": submitted.id}),
    )
    db.session.refresh(submitted)
    assert submitted.status == "accepted" and submitted.accepted_by_id == admin.id
    page = client_request.post(
        "review.accept_response",
        response_id=submitted.id,
        _data={"revision": submitted.revision},
        _expected_redirect=("review.response", {"response_id": submitted.id}),
        _follow_redirects=True,
        _expected_status=200,
    )
    assert "already been accepted" in page_text(page)
    page = client_request.post(
        "review.return_response",
        response_id=submitted.id,
        _data={"revision": submitted.revision, "overall": "Too late"},
        _follow_redirects=True,
        _expected_status=200,
    )
    assert "not waiting for review" in page_text(page)
    assert db.session.scalar(select(ReviewComment)) is None


def test_a_stale_page_cannot_accept(client, client_request, admin, submitted, page_text):
    sign_in(client, admin)
    page = client_request.post(
        "review.accept_response",
        response_id=submitted.id,
        _data={"revision": submitted.revision - 1},
        _expected_redirect=("review.response", {"response_id": submitted.id}),
        _follow_redirects=True,
        _expected_status=200,
    )
    assert "changed it while you were looking" in page_text(page)
    db.session.refresh(submitted)
    assert submitted.status == "submitted"


def test_revisions_page_shows_who_when_and_before_after(
    client, client_request, admin, respondent, submitted
, page_text):
    from workflows.review import return_response

    return_response(submitted, comments={None: "More please"}, user=admin)
    sign_in(client, respondent)
    text = page_text(client_request.get("review.revisions", response_id=submitted.id))
    assert "Returned with comments" in text and admin.name in text
    assert "Submitted" in text


def test_information_after_the_meeting(
        client, client_request, org, respondent, submitted, page_text):
    sign_in(client, respondent)
    # the round is still open: not yet
    page = client_request.get(
        "review.add_information",
        response_id=submitted.id,
        question_id="picture-now",
        _follow_redirects=True,
    )
    assert "once the round is closed" in page_text(page)
    submitted.round.status, submitted.round.closed_at = "closed", submitted.round.opened_at
    db.session.commit()
    client_request.get(
        "review.add_information", response_id=submitted.id, question_id="picture-now"
    )
    client_request.post(
        "review.add_information",
        response_id=submitted.id,
        question_id="picture-now",
        _data={"body": "Workshops roll out by December 2016."},
        _expected_redirect=("review.response",
                            {"response_id": submitted.id, "_anchor": "q-picture-now"}),
    )
    page = client_request.get("review.response", response_id=submitted.id)
    block = page_text(page.find(id="q-picture-now"))
    assert "Threat assessment refreshed in October." in block
    assert "[Information provided after the meeting, " in block
    assert f"by {respondent.name}: Workshops roll out by December 2016.]" in block
    db.session.refresh(submitted)
    assert submitted.answers[0].value == ANSWERS["picture-now"]  # the answer itself is unchanged
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.addition"))
    assert event and "Workshops" not in str(event.detail)


def test_information_after_the_meeting_is_only_for_the_organisation(
    client, client_request, admin, pcc, submitted
):
    submitted.round.status, submitted.round.closed_at = "closed", submitted.round.opened_at
    db.session.commit()
    for user in (admin, pcc):
        sign_in(client, user)
        client_request.post(
            "review.add_information",
            response_id=submitted.id,
            question_id="picture-now",
            _data={"body": "x"},
            _expected_status=403,
        )
        client.post("/sign-out")
    stranger = create_user()
    sign_in(client, stranger)
    client_request.post(
        "review.add_information",
        response_id=submitted.id,
        question_id="picture-now",
        _data={"body": "x"},
        _expected_status=404,
    )
    client.post("/sign-out")


def test_empty_information_is_refused_with_an_error(client, client_request, respondent, submitted):
    submitted.round.status, submitted.round.closed_at = "closed", submitted.round.opened_at
    db.session.commit()
    sign_in(client, respondent)
    page = client_request.post(
        "review.add_information",
        response_id=submitted.id,
        question_id="picture-now",
        _data={"body": " "},
        _expected_status=200,
    )
    assert page.title.string.startswith("Error:")
    client_request.get(
        "review.add_information",
        response_id=submitted.id,
        question_id="no-such",
        _expected_status=404,
    )


def test_return_page_labels_hide_the_question_as_markup_not_text(
        client, client_request, admin, submitted):
    sign_in(client, admin)
    html = client.get(f"/responses/{submitted.id}/return").get_data(as_text=True)
    assert "Comment on this answer (optional)" in html
    assert "&lt;span" not in html
    page = client_request.get("review.return_response", response_id=submitted.id)
    label = page.find("label", attrs={"for": "comment_picture_rating"})
    hidden = label.find("span", class_="govuk-visually-hidden")
    assert label.get_text(" ", strip=True).startswith("Comment on this answer (optional)")
    assert hidden is not None and hidden.get_text().startswith(": ")
    assert len(hidden.get_text()) > 4


def test_revisions_page_shows_each_gap_field_before_and_after_marked(
        client, client_request, app, org, respondent, page_text):
    from forms.questionnaire.builder import AnswerData
    from models import Gap
    from tests.actions import response_of
    from workflows.responses import save_section

    made = create_round(through_workflows=True, orgs=[org])
    response = response_of(made, org)
    first = {"picture-rating": AnswerData(value=4, explanation="Adequate", gaps=[
        {"title": "Systems not integrated", "area": "Systems", "owner": "Ann Lee"}])}
    save_section(response, "picture", first, respondent, 0)
    gap_id = db.session.scalar(select(Gap.id))
    second = {"picture-rating": AnswerData(value=4, explanation="Adequate", gaps=[
        {"gap_id": str(gap_id), "title": "Systems not integrated", "area": "Systems",
         "owner": "Bob Roe"}])}
    save_section(response, "picture", second, respondent, response.revision)

    sign_in(client, respondent)
    page = client_request.get("review.revisions", response_id=response.id)
    text = page_text(page)
    assert "built-in method" not in text
    latest = page.find("section", class_="app-revision")
    rows = {page_text(r.th): [page_text(c) for c in r.find_all("td")]
            for r in latest.find_all("tr") if r.th and r.find("td")}
    assert rows == {"Answer": ["4 – Confident", "4 – Confident"],
                    "Explanation": ["Adequate", "Adequate"],
                    "Owner Changed": ["Ann Lee", "Bob Roe"]}
    assert "Gap: Systems not integrated Changed" in page_text(latest)
    first_rev = page.find_all("section", class_="app-revision")[-1]
    assert "Gap: Systems not integrated Added" in page_text(first_rev)
    assert "Area Changed None Systems" in page_text(first_rev)


def _banner(page):
    banner = page.find(class_="govuk-notification-banner")
    return banner is not None and "govuk-notification-banner--success" in banner["class"], banner


def test_done_actions_show_success_banners(client, client_request, admin, respondent, submitted,
                                           page_text):
    sign_in(client, admin)
    page = client_request.post("review.return_response", response_id=submitted.id,
                               _data={"revision": submitted.revision, "overall": "More please"},
                               _follow_redirects=True, _expected_status=200,
                               _expected_redirect="review.response")
    success, banner = _banner(page)
    assert success and "returned with your comments" in page_text(banner)
    db.session.refresh(submitted)
    client.post("/sign-out")
    response = submit(submitted, by=respondent)
    sign_in(client, admin)
    page = client_request.post("review.accept_response", response_id=response.id,
                               _data={"revision": response.revision}, _follow_redirects=True,
                               _expected_status=200, _expected_redirect="review.response")
    success, banner = _banner(page)
    assert success and "was accepted" in page_text(banner)
    response.round.status, response.round.closed_at = "closed", response.round.opened_at
    db.session.commit()
    client.post("/sign-out")
    sign_in(client, respondent)
    page = client_request.post("review.add_information", response_id=response.id,
                               question_id="picture-now", _data={"body": "Later news."},
                               _follow_redirects=True, _expected_status=200,
                               _expected_redirect="review.response")
    success, banner = _banner(page)
    assert success and "Your information was added" in page_text(banner)

"""Responding pages: task lists, sections, autosave, check answers, submit, and
the paths where typed answers could be lost (stale token, expired session,
conflicting saves, double submits, database failures)."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from models import Answer, ResponseRevision, db
from tests.actions import PICTURE, fresh, response_of, section_data
from tests.db import PASSWORD, create_org, create_round, create_user
from tests.helpers import check_html, release_db, sign_in


@pytest.fixture
def response(app, org):
    return response_of(create_round(through_workflows=True, orgs=[org]), org)


def _answers(response) -> dict:
    """{question id: value} of a response (or response id)."""
    rid = response if isinstance(response, int) else response.id
    db.session.expire_all()
    found = {a.question_id: a.value for a in db.session.scalars(
        select(Answer).where(Answer.response_id == rid))}
    release_db()  # a second app (the CSRF-checking one) may need to write next
    return found


def _section(rid, sid="picture"):
    return f"/respond/{rid}/sections/{sid}"


def _page(res) -> BeautifulSoup:
    return check_html(res.get_data(as_text=True))


# ---------------------------------------------------------------- task lists


def test_home_lists_the_organisations_open_responses_only(
        client, client_request, org, respondent, page_text):
    open_round = create_round(through_workflows=True, orgs=[org], title="Open round")
    create_round(through_workflows=True, orgs=[org], title="Planned round", status="planned")
    create_round(through_workflows=True, orgs=[create_org()], title="Another force's round")
    sign_in(client, respondent)
    page = client_request.get("main.home")
    text = page_text(page)
    assert "Open round" in text and "Planned round" not in text and "Another force" not in text
    link = page.find("a", string=lambda s: s and "Open round" in s)
    assert link["href"] == f"/respond/{response_of(open_round, org).id}"
    assert "Not started" in text and "Respond by" in text  # nobody has started it: not "Draft"


def test_task_list_shows_each_sections_status(client, client_request, respondent, response):
    sign_in(client, respondent)
    client.post(_section(response.id, "partners"),
                data=section_data(0, **{"q_partners_engaging": "yes"}))
    client.post(_section(response.id), data=section_data(1, **{"q_picture_rating": "4"}))
    page = client_request.get("respond.tasks", response_id=response.id)
    items = {li.find("a").get_text(strip=True): li.find(class_="govuk-task-list__status").get_text(" ", strip=True)
             for li in page.select(".govuk-task-list__item")}
    assert items == {"The current picture": "In progress", "Partners": "Completed"}


# ----------------------------------------------------------------- sections


def test_save_draft_stores_the_answers_and_shows_them_again(client, client_request, respondent,
                                                           response, page_text):
    sign_in(client, respondent)
    page = client_request.get("respond.section", response_id=response.id, section_id="picture")
    assert page.find("input", {"name": "revision"})["value"] == "0"
    res = client.post(_section(response.id), data=section_data(0, **PICTURE))
    assert res.status_code == 302 and res.location == _section(response.id)
    assert _answers(response)["picture-rating"] == 4
    page = client_request.get("respond.section", response_id=response.id, section_id="picture")
    assert "Your draft was saved" in page_text(page)
    assert page.find("textarea", {"name": "q_picture_now"}).get_text() == PICTURE["q_picture_now"]
    assert page.find("input", {"name": "gaps_picture_rating-0-gap_id"})["value"]
    assert page.find("input", {"name": "revision"})["value"] == "1"
    saved = db.session.scalar(select(Answer).where(Answer.question_id == "picture-now"))
    assert saved.updated_by_id == respondent.id


def test_save_and_continue_goes_to_the_next_section_then_check_answers(client, respondent, response):
    sign_in(client, respondent)
    res = client.post(_section(response.id), data=section_data(0, "continue", **PICTURE))
    assert res.location == _section(response.id, "partners")
    res = client.post(_section(response.id, "partners"),
                      data=section_data(1, "continue", q_partners_engaging="no"))
    assert res.location == f"/respond/{response.id}/check"


def test_a_draft_needs_nothing_but_bad_values_are_not_saved(
        client, respondent, response, page_text):
    sign_in(client, respondent)
    res = client.post(_section(response.id, "partners"), data=section_data(
        0, q_partners_engaging="yes", q_partners_count="lots"))
    page = _page(res)
    assert res.status_code == 200 and page.title.string.startswith("Error:")
    summary = page.find(class_="govuk-error-summary")
    assert summary.find("a")["href"] == "#q_partners_count"
    assert page.find("input", {"name": "q_partners_count"})["value"] == "lots"
    assert "Your other answers were saved" in page_text(page)
    assert _answers(response) == {"partners-engaging": "yes"}
    assert page.find("input", {"name": "revision"})["value"] == "1"


def test_autosave_returns_the_new_revision_and_when_it_saved(client, respondent, response):
    sign_in(client, respondent)
    res = client.post(_section(response.id) + "/autosave", data=section_data(0, **PICTURE),
                      headers={"Accept": "application/json"})
    body = res.get_json()
    assert res.status_code == 200 and body["status"] == "saved" and body["revision"] == 1
    assert body["message"].startswith("Saved at ") and len(body["message"]) == len("Saved at 14:03")
    assert list(body["gap_ids"]) == ["gaps_picture_rating-0-gap_id"]
    again = dict(section_data(1, **PICTURE), **{k: v for k, v in body["gap_ids"].items()})
    body = client.post(_section(response.id) + "/autosave", data=again).get_json()
    assert body["status"] == "unchanged" and body["revision"] == 1


def test_add_another_gap_without_javascript_saves_and_shows_a_new_row(client, respondent, response):
    sign_in(client, respondent)
    res = client.post(_section(response.id), data=section_data(
        0, add_gap="gaps_picture_rating", **PICTURE))
    page = _page(res)
    assert res.status_code == 200
    assert page.find("input", {"name": "gaps_picture_rating-1-title"}) is not None
    assert page.find("input", {"name": "gaps_picture_rating-0-gap_id"})["value"]
    assert _answers(response)["picture-now"] == PICTURE["q_picture_now"]


# ------------------------------------------------------------- nothing lost


def test_a_stale_csrf_token_gives_everything_back_unsaved_with_a_fresh_token(csrf_client, respondent,
                                                                            response, page_text):
    client, rid = csrf_client, response.id
    sign_in_with_token(client, respondent)
    res = client.post(_section(rid), data=section_data(0, csrf_token="stale", **PICTURE))
    page = _page(res)
    assert res.status_code == 400
    assert "Your answers have not been saved" in page_text(page)
    assert page.find("textarea", {"name": "q_picture_now"}).get_text() == PICTURE["q_picture_now"]
    token = page.find("form", id="section-form").find("input", {"name": "csrf_token"})["value"]
    assert token and token != "stale"
    assert _answers(rid) == {}
    res = client.post(_section(rid), data=section_data(0, csrf_token=token, **PICTURE))
    assert res.status_code == 302 and _answers(rid)["picture-now"] == PICTURE["q_picture_now"]


def test_a_missing_csrf_token_on_autosave_saves_nothing(csrf_client, respondent, response):
    client, rid = csrf_client, response.id
    sign_in_with_token(client, respondent)
    res = client.post(_section(rid) + "/autosave", data=section_data(0, **PICTURE))
    assert res.status_code == 400 and res.get_json()["status"] == "invalid_token"
    assert _answers(rid) == {}


def sign_in_with_token(client, user) -> str:
    """Sign in on the CSRF-checking app; returns the email. Ends the test's transaction."""
    email = user.email
    release_db()
    page = _page(client.get("/sign-in"))
    token = page.find("input", {"name": "csrf_token"})["value"]
    res = client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert res.status_code == 302
    return email


def _expire_session(client):
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 31 * 60


def test_an_expired_session_keeps_a_posted_section_for_after_sign_in(
        csrf_client, respondent, response, page_text):
    client, rid = csrf_client, response.id
    email = sign_in_with_token(client, respondent)
    page = _page(client.get(_section(rid)))
    token = page.find("form", id="section-form").find("input", {"name": "csrf_token"})["value"]
    _expire_session(client)
    res = client.post(_section(rid), data=section_data(0, csrf_token=token, **PICTURE))
    assert res.status_code == 302 and res.location.startswith("/sign-in?next=")
    assert _answers(rid) == {}
    sign_in_page = _page(client.get(res.location))
    assert "timed out" in page_text(sign_in_page) and "kept for you" in page_text(sign_in_page)
    next_url = sign_in_page.find("input", {"name": "next"})["value"]
    assert next_url.startswith(_section(rid) + "?kept=")
    sign_in_token = sign_in_page.find("input", {"name": "csrf_token"})["value"]
    res = client.post("/sign-in", data={"email": email, "csrf_token": sign_in_token,
                                        "password": PASSWORD, "next": next_url})
    assert res.location == next_url
    page = _page(client.get(next_url))
    assert "Your changes were not saved yet" in page_text(page)
    assert page.find("textarea", {"name": "q_picture_now"}).get_text() == PICTURE["q_picture_now"]
    assert _answers(rid) == {}
    token = page.find("form", id="section-form").find("input", {"name": "csrf_token"})["value"]
    client.post(_section(rid), data=section_data(0, csrf_token=token, **PICTURE))
    assert _answers(rid)["picture-now"] == PICTURE["q_picture_now"]


def test_kept_input_is_not_shown_to_anyone_else(client, respondent, response, org, page_text):
    sign_in(client, respondent)
    _expire_session(client)
    res = client.post(_section(response.id), data=section_data(0, **PICTURE))
    kept_url = res.location.split("next=", 1)[1].replace("%3F", "?").replace("%3D", "=")
    colleague = create_user(org=org)
    sign_in(client, colleague)
    page = _page(client.get(kept_url))
    assert "Your changes were not saved yet" not in page_text(page)
    assert PICTURE["q_picture_now"] not in page_text(page)


def test_an_expired_session_on_autosave_answers_signed_out_with_a_way_back(client, respondent, response):
    sign_in(client, respondent)
    _expire_session(client)
    res = client.post(_section(response.id) + "/autosave", data=section_data(0, **PICTURE))
    body = res.get_json()
    assert res.status_code == 401 and body["status"] == "signed_out"
    assert body["sign_in"].startswith("/sign-in?next=")
    assert _answers(response) == {}


def test_an_expired_session_on_a_page_returns_to_it_after_sign_in(client, respondent, response):
    sign_in(client, respondent)
    client.post(_section(response.id), data=section_data(0, **PICTURE))
    _expire_session(client)
    res = client.get(_section(response.id))
    assert res.location == "/sign-in?next=" + _section(response.id)
    res = client.post("/sign-in", data={"email": respondent.email, "next": _section(response.id),
                                        "password": "correct horse battery staple"})
    page = _page(client.get(res.location))
    assert page.find("textarea", {"name": "q_picture_now"}).get_text() == PICTURE["q_picture_now"]


def test_a_stale_save_shows_both_answers_and_overwrites_nothing(app, client, respondent, response, org):
    colleague = create_user(org=org, name="Cal Colleague")
    other = app.test_client()
    sign_in(other, colleague)
    other.post(_section(response.id), data=section_data(0, q_picture_now="Cal's answer"))
    sign_in(client, respondent)
    res = client.post(_section(response.id), data=section_data(0, q_picture_now="Rae's answer"))
    page = _page(res)
    assert res.status_code == 409
    row = next(tr for tr in page.select("tbody tr") if "current intelligence assessment" in tr.th.get_text())
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells == ["Cal's answer", "Rae's answer"] and "Cal Colleague" in row.get_text()
    assert _answers(response)["picture-now"] == "Cal's answer"
    merge = page.find("form", {"action": _section(response.id)})
    assert merge.find("input", {"name": "revision"})["value"] == "1"
    assert merge.find("textarea", {"name": "q_picture_now"}).get_text() == "Rae's answer"
    client.post(_section(response.id), data=section_data(1, q_picture_now="Both answers"))
    assert _answers(response)["picture-now"] == "Both answers"


def test_a_database_failure_saves_nothing_and_shows_the_input(
        client, respondent, response, monkeypatch, page_text):
    sign_in(client, respondent)

    def fail():
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "commit", fail)
    res = client.post(_section(response.id), data=section_data(0, **PICTURE))
    monkeypatch.undo()
    page = _page(res)
    assert res.status_code == 503 and "Not saved, try again" in page_text(page)
    assert page.find("textarea", {"name": "q_picture_now"}).get_text() == PICTURE["q_picture_now"]
    assert _answers(response) == {}
    assert db.session.scalar(select(func.count(ResponseRevision.id))) == 0


# ------------------------------------------------------------ check and submit


def _fill_everything(client, response):
    client.post(_section(response.id), data=section_data(0, **PICTURE))
    client.post(_section(response.id, "partners"), data=section_data(1, q_partners_engaging="yes"))


def test_check_answers_lists_every_answer_with_a_change_link(client, client_request, respondent,
                                                           response, page_text):
    sign_in(client, respondent)
    _fill_everything(client, response)
    page = client_request.get("respond.check", response_id=response.id)
    rows = page.select(".govuk-summary-list__row")
    keys = [r.find(class_="govuk-summary-list__key").get_text(strip=True) for r in rows]
    assert "What is the current intelligence assessment?" in keys
    assert "What would raise your confidence?" not in keys  # hidden: rating 4 is above 3
    change = rows[0].find("a")
    assert change["href"] == _section(response.id) + "#question-picture-now"
    assert "4 – Confident" in page_text(page) and "Gap: Systems not integrated" in page_text(page)
    assert page.find("input", {"name": "revision"})["value"] == "2"


def test_submitting_with_missing_answers_links_each_problem_to_its_field(client, client_request,
                                                                         respondent, response):
    sign_in(client, respondent)
    client.post(_section(response.id, "partners"), data=section_data(0, q_partners_count="3"))
    res = client.post(f"/respond/{response.id}/submit", data={"revision": "1"})
    assert res.location == f"/respond/{response.id}/check?notice=problems"
    page = client_request.get("respond.check", response_id=response.id, notice="problems")
    assert page.title.string.startswith("Error:")
    hrefs = [a["href"] for a in page.select(".govuk-error-summary a")]
    assert _section(response.id) + "?check=1#q_picture_now" in hrefs
    assert any(h.startswith(_section(response.id, "partners") + "?check=1#q_partners_engaging")
               for h in hrefs)
    page = client_request.get("respond.section", response_id=response.id, section_id="picture", check=1)
    assert page.find(id="q_picture_now-error") is not None
    assert fresh(response).status == "draft"


def test_submit_twice_makes_one_submission(client, respondent, response, page_text):
    sign_in(client, respondent)
    _fill_everything(client, response)
    first = client.post(f"/respond/{response.id}/submit", data={"revision": "2"})
    second = client.post(f"/respond/{response.id}/submit", data={"revision": "2"})
    assert first.location == second.location == f"/responses/{response.id}"
    assert fresh(response).status == "submitted"
    actions = db.session.scalars(select(ResponseRevision.action)).all()
    assert actions.count("submit") == 1
    page = _page(client.get(first.location))
    assert "already been submitted" in page_text(page) or "Response submitted" in page_text(page)
    res = client.get(_section(response.id))
    assert res.location == f"/responses/{response.id}"


def test_submit_from_before_someone_elses_save_asks_to_check_again(app, client, respondent, response,
                                                                   org):
    sign_in(client, respondent)
    _fill_everything(client, response)
    other = app.test_client()
    sign_in(other, create_user(org=org))
    other.post(_section(response.id, "partners"), data=section_data(2, q_partners_engaging="no"))
    res = client.post(f"/respond/{response.id}/submit", data={"revision": "2"})
    assert res.location == f"/respond/{response.id}/check?notice=changed"
    assert fresh(response).status == "draft"


# ------------------------------------------------------------------- access


@pytest.mark.parametrize("path", ["", "/sections/picture", "/check"])
def test_other_organisations_and_planned_rounds_are_not_found(client, org, response, path):
    planned = response_of(create_round(through_workflows=True, orgs=[org], status="planned",
                                       title="Later"), org)
    sign_in(client, create_user(org=create_org()))
    assert client.get(f"/respond/{response.id}{path}").status_code == 404
    sign_in(client, create_user(org=org))
    assert client.get(f"/respond/{planned.id}{path}").status_code == 404
    assert client.get(f"/respond/999999{path}").status_code == 404


def test_posts_from_another_organisation_are_not_found_and_change_nothing(client, response):
    sign_in(client, create_user(org=create_org()))
    for path in ("/sections/picture", "/sections/picture/autosave", "/submit"):
        assert client.post(f"/respond/{response.id}{path}", data=section_data(0, **PICTURE)).status_code == 404
    assert _answers(response) == {} and fresh(response).status == "draft"


def test_fields_the_user_may_not_set_are_ignored(client, respondent, response):
    sign_in(client, respondent)
    forged = section_data(0, status="accepted", organisation_id="999", reviewer="me",
                          response_id="1234", **PICTURE)
    client.post(_section(response.id), data=forged)
    got = fresh(response)
    assert (got.status, got.organisation_id) == ("draft", respondent.organisation_id)


@pytest.mark.parametrize("role", ["admin", "pcc"])
def test_admins_and_the_pcc_read_but_cannot_respond(client, response, role):
    sign_in(client, create_user(role=role))
    assert client.get(f"/respond/{response.id}").status_code == 403
    assert client.post(_section(response.id), data=section_data(0, **PICTURE)).status_code == 403
    assert client.post(f"/respond/{response.id}/submit", data={"revision": "0"}).status_code == 403
    assert _answers(response) == {}
    assert client.get(f"/responses/{response.id}").status_code == 200


def test_a_round_closed_while_typing_refuses_the_save_but_shows_the_text(
        client, respondent, response, page_text):
    from workflows.rounds import close_round

    sign_in(client, respondent)
    close_round(response.round, None)
    res = client.post(_section(response.id), data=section_data(0, **PICTURE))
    page = _page(res)
    assert res.status_code == 409 and "Not saved: The round is not open" in page_text(page)
    assert page.find("textarea", {"name": "q_picture_now"}).get_text() == PICTURE["q_picture_now"]
    assert page.find("button", {"value": "save"}) is None
    assert _answers(response) == {}

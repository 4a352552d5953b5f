""""Save and continue" checks the section as submit would: it saves the draft, and a
problem that submit would report (a half-filled gap, a required answer left out) keeps
the respondent on the section with the error shown. A gap left entirely empty is
dropped, never an error."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import Gap, GapEntry, db
from tests.actions import PICTURE, response_of, section_data
from tests.db import create_round
from tests.helpers import check_html, release_db, sign_in, sign_in_with_csrf

LIST = "gaps_picture_rating"


@pytest.fixture
def response(app, org):
    return response_of(create_round(through_workflows=True, orgs=[org]), org)


def _section(rid, sid="picture") -> str:
    return f"/respond/{rid}/sections/{sid}"


def _gap_titles(rid) -> list:
    db.session.expire_all()
    titles = list(db.session.scalars(
        select(Gap.title).join(GapEntry, GapEntry.gap_id == Gap.id)
        .where(GapEntry.response_id == rid).order_by(GapEntry.position)))
    release_db()
    return titles


def _half_filled_gap() -> dict:
    fields = {k: v for k, v in PICTURE.items() if not k.startswith(LIST)}
    fields[f"{LIST}-0-detail"] = "Records are kept on two systems"
    return fields


def test_save_and_continue_shows_a_half_filled_gaps_error_and_saves_the_draft(
        client, respondent, response, page_text):
    sign_in(client, respondent)
    res = client.post(_section(response.id), data=section_data(0, "continue", **_half_filled_gap()))
    assert res.status_code == 200  # stays on the section
    page = check_html(res.get_data(as_text=True))
    assert page.title.string.startswith("Error:")
    summary = page.find(class_="govuk-error-summary")
    assert summary is not None and "Enter a title for gap 1" in summary.get_text()
    assert summary.find("a")["href"] == f"#{LIST}-0-title"
    assert "saved" in page_text(page)  # the draft was still saved
    assert [title or None for title in _gap_titles(response.id)] == [None]
    assert page.find("input", {"name": "revision"})["value"] == "1"


def test_save_and_continue_reports_a_required_answer_left_out(client, respondent, response):
    sign_in(client, respondent)
    fields = {k: v for k, v in PICTURE.items() if k != "q_picture_now"}
    res = client.post(_section(response.id), data=section_data(0, "continue", **fields))
    assert res.status_code == 200
    summary = check_html(res.get_data(as_text=True)).find(class_="govuk-error-summary")
    assert summary.find("a")["href"] == "#q_picture_now"


def test_save_draft_still_needs_nothing(client, respondent, response):
    sign_in(client, respondent)
    res = client.post(_section(response.id), data=section_data(0, "save", **_half_filled_gap()))
    assert res.status_code == 302 and res.location == _section(response.id)


def test_an_added_gap_left_empty_is_dropped_on_save_and_continue(client, respondent, response):
    sign_in(client, respondent)
    empty = {f"{LIST}-1-{name}": "" for name in ("gap_id", "title", "detail", "area", "owner",
                                                  "target_date-day", "target_date-month",
                                                  "target_date-year")}
    res = client.post(_section(response.id), data=section_data(0, "continue", **PICTURE, **empty))
    assert res.status_code == 302 and res.location == _section(response.id, "partners")
    assert _gap_titles(response.id) == [PICTURE[f"{LIST}-0-title"]]


# ------------------------------------------------------------- Save draft's banner

SAVED_AT = re.compile(r"Your draft was saved at \d{1,2}:\d\d[ap]m\.")


def test_save_draft_after_an_autosave_says_the_draft_is_saved_and_when(
        client, respondent, response, page_text):
    sign_in(client, respondent)
    body = client.post(_section(response.id) + "/autosave",
                       data=section_data(0, **PICTURE)).get_json()
    again = dict(section_data(body["revision"], **PICTURE), **body["gap_ids"])
    res = client.post(_section(response.id), data=again, follow_redirects=True)
    page = check_html(res.get_data(as_text=True))
    banner = page.find(class_="govuk-notification-banner--success")
    assert banner is not None and SAVED_AT.search(banner.get_text(" ", strip=True))
    assert "no changes" not in page_text(page).lower()


def test_save_draft_with_changes_says_when_too(client, respondent, response):
    sign_in(client, respondent)
    res = client.post(_section(response.id), data=section_data(0, **PICTURE),
                      follow_redirects=True)
    banner = check_html(res.get_data(as_text=True)).find(class_="govuk-notification-banner--success")
    assert SAVED_AT.search(banner.get_text(" ", strip=True))


# ------------------------------------------------- an error link from check answers


def test_a_check_link_shows_the_sections_problems_and_never_a_token_error(
        csrf_client, respondent, response, page_text):
    rid = response.id
    sign_in_with_csrf(csrf_client, respondent)
    res = csrf_client.get(_section(rid) + "?check=1")
    assert res.status_code == 200
    page = check_html(res.get_data(as_text=True))
    summary = page.find(class_="govuk-error-summary")
    assert summary is not None and summary.find("a", href="#q_picture_now")
    assert "CSRF" not in page_text(page) and "token" not in summary.get_text().lower()
    token = page.find("form", id="section-form").find("input", {"name": "csrf_token"})["value"]
    res = csrf_client.post(_section(rid), data=section_data(0, csrf_token=token, **PICTURE))
    assert res.status_code == 302  # the page's own token still works

"""A posted body that is not valid UTF-8: what can be read is kept and shown back (with
"�" for what cannot), nothing is saved, and the page says so plainly, never that
everything typed is below."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from models import Organisation, db
from tests.actions import response_of
from tests.db import create_round
from tests.helpers import check_html, release_db, sign_in
from workflows.responses import stored_answers

FORM = "application/x-www-form-urlencoded"


def _body(pairs: dict[str, str], raw_tail: bytes = b"") -> bytes:
    text = "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs.items())
    return text.encode() + raw_tail


@pytest.fixture
def response(app, org):
    return response_of(create_round(through_workflows=True, orgs=[org]), org)


def test_a_section_post_keeps_what_can_be_read_and_saves_nothing(client, respondent, response):
    sign_in(client, respondent)
    body = _body({"revision": "0", "action": "save", "q_picture_now": "Café first"},
                 b"&explain_picture_rating=Bad \xff byte")
    res = client.post(f"/respond/{response.id}/sections/picture", data=body, content_type=FORM)
    assert res.status_code == 400
    page = check_html(res.get_data(as_text=True))
    text = page.get_text(" ", strip=True)
    assert "could not be read" in text and "Everything you typed is below" not in text
    assert page.find("textarea", id="q_picture_now").get_text() == "Café first"
    assert page.find("textarea", id="explain_picture_rating").get_text() == "Bad \ufffd byte"
    db.session.expire_all()
    assert stored_answers(response) == {}


def test_a_section_post_of_nothing_readable_says_so(client, respondent, response):
    sign_in(client, respondent)
    res = client.post(f"/respond/{response.id}/sections/picture", data=b"\xff\xfe\xfd=\xc3",
                      content_type=FORM)
    assert res.status_code == 400
    text = check_html(res.get_data(as_text=True)).get_text(" ", strip=True)
    assert "none of it is shown below" in text


def test_autosave_of_an_unreadable_body_saves_nothing(client, respondent, response):
    sign_in(client, respondent)
    body = _body({"revision": "0", "q_picture_now": "Typed"}, b"&x=\xff")
    res = client.post(f"/respond/{response.id}/sections/picture/autosave", data=body,
                      content_type=FORM)
    assert res.status_code == 400 and res.get_json()["status"] == "unreadable"
    db.session.expire_all()
    assert stored_answers(response) == {}


def test_a_form_that_keeps_typed_text_shows_it_back_and_saves_nothing(client, admin):
    sign_in(client, admin)
    before = db.session.scalar(select(func.count()).select_from(Organisation))
    release_db()
    body = _body({"name": "Shropshire Council", "kind": "other"}, b"&code=SH\xffC")
    res = client.post("/admin/organisations", data=body, content_type=FORM)
    assert res.status_code == 400
    page = check_html(res.get_data(as_text=True))
    assert page.find("input", attrs={"name": "name"})["value"] == "Shropshire Council"
    assert "could not be read" in page.select_one(".govuk-error-summary").get_text()
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == before


def test_a_valid_body_is_read_as_before(client, admin):
    sign_in(client, admin)
    body = _body({"name": "Shropshire Council", "kind": "other", "code": "SHC"})
    res = client.post("/admin/organisations", data=body, content_type=FORM)
    assert res.status_code == 302

"""Forms that hold typed text, posted with an expired or missing CSRF token: the page
comes back with everything typed, a fresh token, nothing saved and a message saying so
(views/csrf_keep.py). Each view is tried on an app with CSRF checks on; the fresh token
from the page then goes through."""

from __future__ import annotations

import io
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from models import (
    Addition,
    AuditEvent,
    Organisation,
    QuestionnaireVersion,
    Response,
    Round,
    User,
    db,
)
from tests.actions import submit as submit_response
from tests.db import (
    PASSWORD,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.helpers import check_html, db_snapshot, release_db, sign_in_with_csrf
from tests.samples import small_yaml
from views.auth import PASSWORD_TOKEN_MESSAGE, SIGN_IN_TOKEN_MESSAGE
from views.csrf_keep import TOKEN_MESSAGE

STALE = "IjBhYzQ5YzA2In0.stale.token"


@pytest.fixture
def as_admin(csrf_client, admin):
    sign_in_with_csrf(csrf_client, admin)
    return csrf_client


def _count(model) -> int:
    count = db.session.scalar(select(func.count()).select_from(model))
    release_db()
    return count


def _kept_page(res, form_action: str | None = None,
               message: str = TOKEN_MESSAGE) -> tuple[BeautifulSoup, str]:
    """The page given back after a bad token: status 400, "Error:" in the title, the
    message in the error summary linking to a field, and a fresh token in the form."""
    assert res.status_code == 400, res.get_data(as_text=True)[:1000]
    page = check_html(res.get_data(as_text=True))
    assert page.title.string.startswith("Error:")
    summary = page.find(class_="govuk-error-summary")
    link = summary.find("a", string=lambda s: s and message in s)
    assert link is not None, summary
    assert page.find(id=link["href"][1:]) is not None, f"{link['href']} is on the page"
    forms = [f for f in page.find_all("form", method="post")
             if form_action is None or f.get("action", "") in ("", form_action)]
    token = forms[-1].find("input", {"name": "csrf_token"})["value"]
    assert token and token != STALE
    return page, token


def _value(page, name: str) -> str | None:
    field = page.find(["input", "textarea", "select"], {"name": name})
    if field is None:
        return None
    if field.name == "textarea":
        return field.get_text()
    if field.name == "select":
        chosen = field.find("option", selected=True)
        return chosen["value"] if chosen else None
    return field.get("value")


# ------------------------------------------------------------- questionnaires


def test_pasted_questionnaire_text_is_kept(as_admin):
    text = small_yaml(key="kept-yaml")
    for token in (STALE, None):  # expired, or missing altogether
        data = {"text": text} | ({"csrf_token": token} if token else {})
        page, fresh = _kept_page(as_admin.post("/admin/questionnaires/upload", data=data))
        assert _value(page, "text").strip() == text.strip()
    assert _count(QuestionnaireVersion) == 0
    res = as_admin.post("/admin/questionnaires/upload", data={"text": text, "csrf_token": fresh})
    assert res.status_code == 200 and "Store this version" in res.get_data(as_text=True)


def test_an_uploaded_files_text_comes_back_in_the_text_box(as_admin):
    text = small_yaml(key="kept-file")
    res = as_admin.post("/admin/questionnaires/upload", data={
        "csrf_token": STALE, "file": (io.BytesIO(text.encode()), "cse.yaml")},
        content_type="multipart/form-data")
    page, _ = _kept_page(res)
    assert _value(page, "text").strip() == text.strip()


def test_storing_a_previewed_questionnaire_shows_the_preview_again(as_admin):
    text = small_yaml(key="kept-store")
    data = {"source": text, "filename": "kept.yaml", "csrf_token": STALE}
    page, fresh = _kept_page(as_admin.post("/admin/questionnaires/store", data=data),
                             "/admin/questionnaires/store")
    assert page.find("input", {"name": "source"})["value"] == text
    assert page.find("button", string=lambda s: s and "Store this version" in s)
    assert _count(QuestionnaireVersion) == 0
    res = as_admin.post("/admin/questionnaires/store", data={**data, "csrf_token": fresh})
    assert res.status_code == 302 and _count(QuestionnaireVersion) == 1


# ------------------------------------------------------------------ rounds


def test_round_set_up_is_kept(as_admin):
    force = create_org(name="West Mercia Police")
    version = create_questionnaire_version(sample="respond")
    data = {
        "title": "CSE assurance meeting", "questionnaire_version": str(version.id),
        "meeting_date-day": "22", "meeting_date-month": "9", "meeting_date-year": "2016",
        "venue": "Conference Room", "chair": "John Campion", "note_taker": "Jackie Irvin",
        "attendees-0-name": "John Campion", "attendees-0-capacity": "PCC",
        "attendees-1-name": "Anthony Bangham", "attendees-1-capacity": "Chief Constable",
        "purpose": "To hold the Chief Constable to account.\nSecond line.",
        "organisations": [str(force.id)], "csrf_token": STALE,
    }
    release_db()
    page, fresh = _kept_page(as_admin.post("/rounds/new", data=data))
    for name in ("title", "venue", "chair", "note_taker", "attendees-1-name",
                 "attendees-1-capacity", "meeting_date-year"):
        assert _value(page, name) == data[name], name
    assert _value(page, "purpose").strip() == data["purpose"]
    assert _value(page, "questionnaire_version") == str(version.id)
    assert page.find("input", {"name": "organisations", "value": str(force.id)}).has_attr("checked")
    assert _count(Round) == 0
    res = as_admin.post("/rounds/new", data={**data, "csrf_token": fresh})
    assert res.status_code == 302 and _count(Round) == 1


# ------------------------------------------------------------------ review


@pytest.fixture
def submitted(app, org, respondent):
    version = create_questionnaire_version()
    round_ = create_round(version=version, title="CSE September", meeting_date=date(2016, 9, 22))
    response = create_response(round_=round_, org=org, answers={"picture-now": "Profiles"},
                               by=respondent)
    return submit_response(response, by=respondent)


def test_return_comments_are_kept(as_admin, submitted):
    rid, revision = submitted.id, submitted.revision
    release_db()
    data = {"revision": str(revision), "overall": "Please say more about partners.",
            "comment_picture_rating": "What would raise your confidence?", "csrf_token": STALE}
    before = db_snapshot()
    page, fresh = _kept_page(as_admin.post(f"/responses/{rid}/return", data=data))
    assert _value(page, "overall").strip() == data["overall"]
    assert _value(page, "comment_picture_rating").strip() == data["comment_picture_rating"]
    assert _value(page, "revision") == str(revision)
    after = db_snapshot()
    assert {t for t in before if before[t] != after[t]} == set()
    res = as_admin.post(f"/responses/{rid}/return", data={**data, "csrf_token": fresh})
    assert res.status_code == 302
    assert db.session.get(Response, rid).status == "returned"


def test_information_after_the_meeting_is_kept(csrf_client, respondent, submitted):
    submitted.round.status, submitted.round.closed_at = "closed", submitted.round.opened_at
    db.session.commit()
    rid = submitted.id
    sign_in_with_csrf(csrf_client, respondent)
    url = f"/responses/{rid}/questions/picture-now/add-information"
    data = {"body": "The profile was shared on 3 October.", "csrf_token": STALE}
    page, fresh = _kept_page(csrf_client.post(url, data=data))
    assert _value(page, "body").strip() == data["body"]
    assert _count(Addition) == 0
    res = csrf_client.post(url, data={**data, "csrf_token": fresh})
    assert res.status_code == 302 and _count(Addition) == 1


def test_another_organisation_still_gets_a_404(csrf_client, submitted):
    submitted.round.status, submitted.round.closed_at = "closed", submitted.round.opened_at
    db.session.commit()
    rid = submitted.id
    sign_in_with_csrf(csrf_client, create_user(org=create_org()))
    res = csrf_client.post(f"/responses/{rid}/questions/picture-now/add-information",
                           data={"body": "Not theirs", "csrf_token": STALE})
    assert res.status_code == 404 and "Not theirs" not in res.get_data(as_text=True)
    assert _count(Addition) == 0


# ------------------------------------------------------ users, organisations


def test_a_new_organisation_is_kept(as_admin):
    before = _count(Organisation)
    data = {"name": "Shropshire Council", "code": "SHC", "kind": "other", "csrf_token": STALE}
    page, fresh = _kept_page(as_admin.post("/admin/organisations", data=data))
    assert (_value(page, "name"), _value(page, "code"), _value(page, "kind")) == (
        "Shropshire Council", "SHC", "other")
    assert _count(Organisation) == before
    res = as_admin.post("/admin/organisations", data={**data, "csrf_token": fresh})
    assert res.status_code == 302 and _count(Organisation) == before + 1


def test_changes_to_an_organisation_are_kept(as_admin, org):
    org_id, name = org.id, org.name
    release_db()
    data = {"name": "Renamed Force", "code": "RNF", "kind": "force", "csrf_token": STALE}
    page, fresh = _kept_page(as_admin.post(f"/admin/organisations/{org_id}", data=data))
    assert (_value(page, "name"), _value(page, "code")) == ("Renamed Force", "RNF")
    assert db.session.get(Organisation, org_id).name == name
    release_db()
    res = as_admin.post(f"/admin/organisations/{org_id}", data={**data, "csrf_token": fresh})
    assert res.status_code == 302 and db.session.get(Organisation, org_id).name == "Renamed Force"


def test_a_new_user_is_kept_but_not_their_password(as_admin, org):
    org_id = org.id
    before = _count(User)
    data = {"name": "Nia Lead", "email": "nia.lead@force.example.org", "role": "respondent",
            "organisation": str(org_id), "active": "y", "password": "a good long passphrase",
            "csrf_token": STALE}
    page, fresh = _kept_page(as_admin.post("/admin/users/new", data=data))
    assert (_value(page, "name"), _value(page, "email"), _value(page, "organisation")) == (
        "Nia Lead", "nia.lead@force.example.org", str(org_id))
    assert page.find("input", {"name": "role", "value": "respondent"}).has_attr("checked")
    assert "a good long passphrase" not in str(page)  # a password is never sent back
    assert _count(User) == before
    res = as_admin.post("/admin/users/new", data={**data, "csrf_token": fresh})
    assert res.status_code == 302 and _count(User) == before + 1


def test_changes_to_a_user_are_kept(as_admin, respondent):
    user_id, email, org_id = respondent.id, respondent.email, respondent.organisation_id
    release_db()
    data = {"name": "Rae Renamed", "email": "forged@example.org", "role": "respondent",
            "organisation": str(org_id), "csrf_token": STALE}  # "active" unticked
    page, fresh = _kept_page(as_admin.post(f"/admin/users/{user_id}", data=data))
    assert _value(page, "name") == "Rae Renamed" and email in page.get_text()
    assert not page.find("input", {"name": "active"}).has_attr("checked")
    user = db.session.get(User, user_id)
    assert (user.name, user.active) == ("Rae Respondent", True)
    release_db()
    res = as_admin.post(f"/admin/users/{user_id}", data={**data, "csrf_token": fresh})
    assert res.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user_id)
    assert (user.name, user.email, user.active) == ("Rae Renamed", email, False)


# ------------------------------------------------------- signing in, passwords


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_sign_in_keeps_the_email_never_the_password(csrf_client, pcc):
    email = pcc.email
    release_db()
    before = db_snapshot()
    for token in (STALE, None):  # expired, or missing altogether
        data = {"email": email, "password": PASSWORD, "next": "/gaps"}
        data |= {"csrf_token": token} if token else {}
        page, fresh = _kept_page(csrf_client.post("/sign-in", data=data),
                                 message=SIGN_IN_TOKEN_MESSAGE)
        assert page.title.string.startswith("Error: Sign in")
        assert _value(page, "email") == email
        assert _value(page, "password") is None  # the password field is empty
        assert PASSWORD not in str(page)  # a password is never sent back
        assert _value(page, "next") == "/gaps"
        assert not _signed_in(csrf_client)
    assert db_snapshot() == before  # not signed in, no failure counted, nothing recorded
    res = csrf_client.post("/sign-in", data={"email": email, "password": PASSWORD,
                                             "next": "/gaps", "csrf_token": fresh})
    assert res.status_code == 302 and res.headers["Location"] == "/gaps"
    assert _signed_in(csrf_client)


def test_a_wrong_password_with_a_stale_token_is_not_checked(csrf_client, pcc):
    email = pcc.email
    release_db()
    page, _ = _kept_page(csrf_client.post("/sign-in", data={
        "email": email, "password": "not the password", "csrf_token": STALE}),
        message=SIGN_IN_TOKEN_MESSAGE)
    assert "Enter a correct email address and password" not in page.get_text()
    actions = db.session.scalars(select(AuditEvent.action)).all()
    release_db()
    assert "auth.sign_in_failed" not in actions and "auth.sign_in" not in actions


def test_a_password_change_with_a_stale_token_changes_nothing(csrf_client, pcc):
    sign_in_with_csrf(csrf_client, pcc)
    before = db_snapshot()
    data = {"current_password": PASSWORD, "new_password": "a new and longer passphrase",
            "csrf_token": STALE}
    page, fresh = _kept_page(csrf_client.post("/account/password", data=data),
                             message=PASSWORD_TOKEN_MESSAGE)
    assert page.title.string.startswith("Error: Change your password")
    assert _value(page, "current_password") is None and _value(page, "new_password") is None
    assert PASSWORD not in str(page) and "a new and longer passphrase" not in str(page)
    assert db_snapshot() == before  # the password and the session version as they were
    assert _signed_in(csrf_client)
    res = csrf_client.post("/account/password", data={**data, "csrf_token": fresh})
    assert res.status_code == 302 and _signed_in(csrf_client)
    assert db_snapshot() != before

"""The national library's pages: the list, an entry's preview and YAML, adopting,
publishing and withdrawing, and what another office may (never) see."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Questionnaire, db
from tests.db import create_questionnaire_version, create_user
from tests.helpers import sign_in
from tests.sharing import office_with_forces, published
from workflows import library
from workflows.questionnaires import get_questionnaire


@pytest.fixture
def two(app):
    theirs = office_with_forces("Avon and Somerset OPCC", "AS", 1)
    theirs.admin.name = "Secret Loader"  # never shown to another office
    db.session.commit()
    return theirs, office_with_forces("West Mercia OPCC", "WM")


def test_every_offices_admins_and_pcc_see_the_library(client, client_request, two):
    theirs, ours = two
    source = published(theirs)
    for user in (ours.admin, ours.pcc):
        sign_in(client, user)
        page = client_request.get("library.index")
        (row,) = page.select("tbody tr")
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        assert cells[0] == "Small assurance questions small-assurance"
        assert cells[2:5] == ["Avon and Somerset OPCC", "1", "4"]
        assert row.find("a")["href"] == f"/admin/library/{source.questionnaire_id}"


def test_an_entry_shows_the_form_and_nothing_else_of_the_publishing_office(
        client, client_request, two):
    theirs, ours = two
    source = published(theirs)
    sign_in(client, ours.admin)
    page = client_request.get("library.entry", questionnaire_id=source.questionnaire_id)
    html = str(page)
    assert "Avon and Somerset OPCC" in html and "How would you rate" in html
    for secret in ("Secret Loader", theirs.admin.email, "AS Force 1"):
        assert secret not in html
    assert page.find("button", string=lambda s: s and "Adopt this questionnaire" in s)
    assert page.find("a", href=f"/admin/library/{source.questionnaire_id}/v1.yaml")
    response = client.get(f"/admin/library/{source.questionnaire_id}/v1.yaml")
    assert response.status_code == 200 and response.get_data(as_text=True) == source.yaml_text
    assert client.get(f"/admin/library/{source.questionnaire_id}?version=9").status_code == 404
    sign_in(client, ours.pcc)
    page = client_request.get("library.entry", questionnaire_id=source.questionnaire_id)
    assert not page.find("button", string=lambda s: s and "Adopt" in s)


def test_a_questionnaire_not_in_the_library_is_not_found(client, two):
    theirs, ours = two
    hidden = create_questionnaire_version(by=theirs.admin)  # not published
    own = create_questionnaire_version(by=ours.admin, sample="respond")
    sign_in(client, ours.admin)
    for questionnaire_id in (hidden.questionnaire_id, own.questionnaire_id, 999):
        assert client.get(f"/admin/library/{questionnaire_id}").status_code == 404
        assert client.get(f"/admin/library/{questionnaire_id}/v1.yaml").status_code == 404
        assert client.post(f"/admin/library/{questionnaire_id}/adopt").status_code == 404
    assert get_questionnaire("small-assurance", office_id=ours.office.id) is None


def test_adopting_from_the_page(client, client_request, two):
    theirs, ours = two
    source = published(theirs)
    sign_in(client, ours.admin)
    client_request.post("library.adopt", questionnaire_id=source.questionnaire_id,
                        _expected_redirect=("questionnaires.version",
                                            {"key": "small-assurance", "number": 1}))
    copy = get_questionnaire("small-assurance", office_id=ours.office.id)
    assert copy.adopted_from_id == source.questionnaire_id
    page = client_request.get("library.entry", questionnaire_id=source.questionnaire_id)
    assert "has every version of it" in page.get_text()


def test_a_key_clash_is_refused_with_a_message(client, client_request, two):
    theirs, ours = two
    source = published(theirs)
    create_questionnaire_version(by=ours.admin)
    sign_in(client, ours.admin)
    page = client_request.post("library.adopt", questionnaire_id=source.questionnaire_id,
                               _follow_redirects=True, _expected_status=200,
                               _expected_redirect=("library.entry",
                                                   {"questionnaire_id": source.questionnaire_id}))
    assert "already has a questionnaire with the id “small-assurance”" in page.get_text()
    assert db.session.scalar(select(Questionnaire.adopted_from_id).where(
        Questionnaire.office_id == ours.office.id)) is None


def test_publishing_and_withdrawing_from_the_version_page(client, client_request, admin):
    """One office on the service: the library is the office's own published sets."""
    create_questionnaire_version(by=admin)
    sign_in(client, admin)
    version_page = ("questionnaires.version", {"key": "small-assurance", "number": 1})
    page = client_request.get("questionnaires.version", key="small-assurance", number=1)
    assert page.find("button", string=lambda s: s and "Publish to the national library" in s)
    client_request.post("library.publish", key="small-assurance", _expected_redirect=version_page)
    page = client_request.get("questionnaires.version", key="small-assurance", number=1)
    assert page.find("button", string=lambda s: s and "Withdraw from the national library" in s)
    index = client_request.get("library.index")
    assert "Your office's own" in index.get_text()
    client_request.post("library.withdraw", key="small-assurance", _expected_redirect=version_page)
    assert get_questionnaire("small-assurance").library_at is None
    assert "No questionnaires are in the national library yet" in client_request.get(
        "library.index").get_text()


def test_another_offices_key_cannot_be_published_or_withdrawn(client, two):
    theirs, ours = two
    source = published(theirs)
    sign_in(client, ours.admin)
    assert client.post("/admin/library/withdraw/small-assurance").status_code == 404
    assert client.post("/admin/library/publish/small-assurance").status_code == 404
    db.session.expire_all()
    assert db.session.get(Questionnaire, source.questionnaire_id).library_at is not None


def test_the_pcc_and_respondents_cannot_publish_or_adopt(client, two):
    theirs, ours = two
    source = published(theirs)
    create_questionnaire_version(by=ours.admin, sample="respond")
    respondent = create_user(role="respondent", office=ours.office)
    for user in (ours.pcc, respondent):
        sign_in(client, user)
        assert client.post(f"/admin/library/{source.questionnaire_id}/adopt").status_code == 403
        assert client.post("/admin/library/publish/respond-test").status_code == 403
    assert get_questionnaire("respond-test", office_id=ours.office.id).library_at is None
    assert library.library_entry(source.questionnaire_id,
                                 office_id=ours.office.id).standing == library.AVAILABLE

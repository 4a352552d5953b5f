"""Meeting notes in the app: who may read them, the preview and publishing,
downloads (attachments, safe names, no-store, audited), and the notes CLI."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import docx
import pytest
from sqlalchemy import select

from models import AuditEvent, Round, db
from tests.db import (
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.helpers import check_html, sign_in, url

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def meeting(app, org):
    """A closed round that asked ``org`` (the respondent fixture's organisation)."""
    version = create_questionnaire_version()
    round_ = create_round(version=version, status="closed", meeting_date=date(2016, 9, 22),
                          title="Child Sexual Exploitation (CSE)")
    create_response(round_=round_, org=org, status="accepted", answers={
        "picture-now": "The threat assessment is being refreshed.",
        "picture-rating": {"value": 4, "explanation": "The CC is confident."}})
    return round_


@pytest.fixture
def outsider(app):
    return create_user(role="respondent", email="other@force.example.org",
                       org=create_org(name="Other Force"))


def publish(round_: Round) -> None:
    from workflows.rounds import publish_round

    publish_round(round_, None)


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# ----------------------------------------------------------------- access


def test_admin_previews_a_closed_round_and_publishes_it(client, client_request, admin, meeting):
    sign_in(client, admin)
    page = client_request.get("notes.show", round_id=meeting.id)
    assert page.h1.get_text(strip=True) == ("Assurance Meeting to Discuss Child Sexual "
                                            "Exploitation (CSE) – Meeting Notes")
    assert "Draft: these notes have not been published." in page.text
    assert "The threat assessment is being refreshed." in page.text
    assert page.find("button", string=lambda s: s and "Publish the notes" in s)
    client_request.post("notes.publish", round_id=meeting.id,
                        _expected_redirect=("notes.show", {"round_id": meeting.id}))
    db.session.refresh(meeting)
    assert meeting.status == "published" and meeting.published_at is not None
    assert [e.object_id for e in events("round.publish")] == [str(meeting.id)]
    page = client_request.get("notes.show", round_id=meeting.id)
    assert "The notes of “Child Sexual Exploitation (CSE)” are published." in page.text
    banner = page.find(class_="govuk-notification-banner")
    assert "govuk-notification-banner--success" in banner["class"]
    assert "Draft:" not in page.text and not page.find("button", string="Publish the notes")


def test_publishing_twice_is_refused_with_a_message(client, client_request, admin, meeting):
    sign_in(client, admin)
    client_request.post("notes.publish", round_id=meeting.id,
                        _expected_redirect=("notes.show", {"round_id": meeting.id}))
    page = client_request.post("notes.publish", round_id=meeting.id, _expected_status=409)
    assert "cannot be published: it is published" in page.text
    assert len(events("round.publish")) == 1


@pytest.mark.parametrize("endpoint", ["notes.show", "notes.download"])
def test_nobody_sees_notes_of_an_open_round(client, admin, endpoint):
    version = create_questionnaire_version()
    round_ = create_round(version=version, status="open")
    sign_in(client, admin)
    extra = {"fmt": "docx"} if endpoint == "notes.download" else {}
    assert client.get(url(client, endpoint, round_id=round_.id, **extra)).status_code == 404


@pytest.mark.parametrize("who", ["pcc", "respondent", "outsider"])
def test_unpublished_notes_are_404_to_everyone_but_admins(request, client, meeting, who):
    sign_in(client, request.getfixturevalue(who))
    for path in (url(client, "notes.show", round_id=meeting.id),
                 url(client, "notes.download", round_id=meeting.id, fmt="docx"),
                 url(client, "notes.download", round_id=meeting.id, fmt="html")):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("who", ["pcc", "respondent"])
def test_published_notes_are_read_by_the_pcc_and_the_organisations_asked(
        request, client, client_request, meeting, who):
    publish(meeting)
    sign_in(client, request.getfixturevalue(who))
    page = client_request.get("notes.show", round_id=meeting.id)
    assert "The CC is confident." in page.text
    assert not page.find("button", string="Publish the notes")
    listed = client_request.get("notes.index")
    assert listed.find("a", string="Child Sexual Exploitation (CSE), 22 September 2016")


def test_published_notes_are_404_to_respondents_of_other_organisations(
        client, client_request, meeting, outsider):
    publish(meeting)
    sign_in(client, outsider)
    for path in (url(client, "notes.show", round_id=meeting.id),
                 url(client, "notes.download", round_id=meeting.id, fmt="html")):
        assert client.get(path).status_code == 404
    assert not client_request.get("notes.index").find("a", string="Child Sexual Exploitation (CSE), 22 September 2016")


def test_only_admins_publish(client, pcc, respondent, meeting):
    for user in (pcc, respondent):
        sign_in(client, user)
        assert client.post(url(client, "notes.publish", round_id=meeting.id)).status_code == 403
    db.session.refresh(meeting)
    assert meeting.status == "closed"


def test_unknown_round_is_404(client, admin):
    sign_in(client, admin)
    assert client.get(url(client, "notes.show", round_id=9999)).status_code == 404


def test_index_lists_drafts_for_admins_and_published_for_the_pcc(
        client, client_request, admin, pcc, meeting):
    later = create_round(version=meeting.questionnaire_version, status="published",
                         meeting_date=date(2017, 3, 23),
                         title="Later meeting")
    sign_in(client, admin)
    page = client_request.get("notes.index")
    # Issue 11: rounds are named by title and meeting date.
    assert [a.text for a in page.select("table a")] == [
        "Later meeting, 23 March 2017", "Child Sexual Exploitation (CSE), 22 September 2016"]
    assert "Draft: not published" in page.text
    sign_in(client, pcc)
    page = client_request.get("notes.index")
    assert [a.text for a in page.select("table a")] == ["Later meeting, 23 March 2017"]
    assert later.status == "published"


def test_rounds_sharing_a_title_are_told_apart_by_their_meeting_date(client, client_request,
                                                                      admin, meeting):
    create_round(version=meeting.questionnaire_version, status="published",
                 meeting_date=date(2017, 3, 23), title=meeting.title)
    sign_in(client, admin)
    page = client_request.get("notes.index")
    assert [a.text for a in page.select("table a")] == [
        "Child Sexual Exploitation (CSE), 23 March 2017", "Child Sexual Exploitation (CSE), 22 September 2016"]


def test_admin_home_lists_notes_waiting_to_be_published(client, client_request, admin, meeting):
    sign_in(client, admin)
    panel = client_request.get("main.home").find("h2", string="Meeting notes to publish")
    link = panel.find_next("ul").find("a")
    assert link.text == "Child Sexual Exploitation (CSE)"
    assert link["href"] == url(client, "notes.show", round_id=meeting.id)
    publish(meeting)
    panel = client_request.get("main.home").find("h2", string="Meeting notes to publish")
    assert "No closed round is waiting" in panel.find_next("p").text


# -------------------------------------------------------------- downloads


def test_word_download_is_an_audited_attachment(client, admin, meeting):
    sign_in(client, admin)
    response = client.get(url(client, "notes.download", round_id=meeting.id, fmt="docx"))
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="meeting-notes-2016-09-22-child-sexual-exploitation-cse.docx"')
    assert response.headers["Cache-Control"] == "no-store"
    document = docx.Document(BytesIO(response.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "PCC: What is the current intelligence assessment?" in paragraphs
    [event] = events("notes.download")
    assert (event.user_id, event.object_id, event.detail["format"]) == (
        admin.id, str(meeting.id), "docx")
    assert "refreshed" not in str(event.detail)  # no answer text in the audit trail


def test_html_download_is_a_standalone_page(client, respondent, meeting):
    publish(meeting)
    sign_in(client, respondent)
    response = client.get(url(client, "notes.download", round_id=meeting.id, fmt="html"))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    page = check_html(response.get_data(as_text=True))
    assert page.find("style") and not page.find("script")
    assert "The threat assessment is being refreshed." in page.text
    assert [e.detail["format"] for e in events("notes.download")] == ["html"]


def test_other_formats_are_404(client, admin, meeting):
    sign_in(client, admin)
    for other in ("txt", "odt", "PDF"):
        assert client.get(f"/rounds/{meeting.id}/notes/download/{other}").status_code == 404


# -------------------------------------------------------------------- CLI


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_cli_writes_the_notes(runner, meeting, tmp_path, suffix):
    target = tmp_path / f"notes{suffix}"
    result = runner.invoke(args=["notes", str(meeting.id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.output and "draft: not yet published" in result.output
    if suffix == ".docx":
        texts = [p.text for p in docx.Document(str(target)).paragraphs]
    else:
        texts = check_html(target.read_text(encoding="utf-8")).get_text("\n").split("\n")
    assert "The threat assessment is being refreshed." in texts
    [event] = events("notes.download")
    assert (event.actor, event.detail["format"]) == ("cli", suffix[1:])


@pytest.mark.parametrize("args, message", [
    (["notes", "{id}", "-o", "notes.txt"], "the file name must end in .docx, .html or .pdf"),
    (["notes", "9999", "-o", "notes.docx"], "No round with id 9999"),
    (["notes", "{open}", "-o", "notes.docx"], "is open: its notes can be written once"),
])
def test_cli_refuses_clearly(runner, meeting, tmp_path, monkeypatch, args, message):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    open_round = create_round(version=meeting.questionnaire_version, status="open")
    args = [a.format(id=meeting.id, open=open_round.id) for a in args]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
    assert not list(out.iterdir())  # nothing written

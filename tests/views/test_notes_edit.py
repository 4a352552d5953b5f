"""Editing a round's notes record: parts edited and reset (never the response), the
settings, a second admin saving over a changed part, italic paragraphs, publishing
freezing version 1, corrections as new versions, and who may do any of it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import Answer, AuditEvent, NotesVersion, db
from tests.db import (
    create_addition,
    create_gap,
    create_office,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.helpers import sign_in, text_of

ANSWER = "The threat assessment is being refreshed."
RESPONSE_KEY = "picture-now.{org}.response"


@pytest.fixture
def meeting(app, org):
    """A closed round (made closed, so without a record yet) with a rating and a gap."""
    version = create_questionnaire_version()
    round_ = create_round(version=version, status="closed", meeting_date=date(2016, 9, 22),
                          title="Child Sexual Exploitation (CSE)")
    response = create_response(round_=round_, org=org, status="accepted", answers={
        "picture-now": ANSWER,
        "picture-rating": {"value": 4, "explanation": "The CC is confident."}})
    create_gap(response=response, question_id="picture-rating", title="Systems",
               detail="the databases do not talk to each other")
    create_addition(response=response, question_id="picture-now", body="Refreshed in October.")
    return round_


def key(meeting, kind="response", question="picture-now"):
    return f"{question}.{meeting.responses[0].organisation_id}.{kind}"


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def preview(client_request, meeting) -> str:
    return text_of(client_request.get("notes.show", round_id=meeting.id).find("article"))


def save(client_request, meeting, part, text, version, status=302):
    return client_request.post(
        "notes_edit.part", round_id=meeting.id, part=part, _expected_status=status,
        _data={"text": text, "version": str(version), "action": "save"},
        _expected_redirect="notes_edit.edit" if status == 302 else None)


def test_edit_page_lists_every_part_as_the_responses_say(client, client_request, admin, meeting):
    sign_in(client, admin)
    page = client_request.get("notes_edit.edit", round_id=meeting.id)
    labels = [dt.get_text(" ", strip=True) for dt in page.select(".govuk-summary-list__key")]
    assert labels[0] == "Opening paragraph" and labels[-1] == "Closing paragraph"
    assert "Response as recorded at the meeting" in labels
    assert "Information provided after the meeting" in labels
    assert page.find(id=f"part-{key(meeting)}").find(string=lambda s: s and ANSWER in s)
    assert "Edited" not in page.text


def test_editing_a_part_changes_the_notes_never_the_response(
        client, client_request, admin, meeting):
    sign_in(client, admin)
    form = client_request.get("notes_edit.part", round_id=meeting.id, part=key(meeting))
    assert form.find("textarea").get_text() == ANSWER
    assert "blank line between paragraphs" in form.text and "*like this*" in form.text
    save(client_request, meeting, key(meeting),
         "As recorded: the assessment is being refreshed.\n\n- First point\n- Second point\n\n"
         "*Said in confidence, then agreed for publication.*", 0)
    page = client_request.get("notes.show", round_id=meeting.id)
    article = page.find("article")
    assert "As recorded: the assessment is being refreshed." in article.text
    assert ANSWER not in article.text
    assert [li.text for li in article.select("section li")][:2] == ["First point", "Second point"]
    assert article.find("em").text == "Said in confidence, then agreed for publication."
    stored = db.session.scalar(select(Answer).where(Answer.question_id == "picture-now"))
    assert stored.value == ANSWER
    assert [e.detail["part"] for e in events("notes.edit")] == [key(meeting)]


def test_a_part_resets_to_what_the_responses_say(client, client_request, admin, meeting):
    sign_in(client, admin)
    save(client_request, meeting, key(meeting), "Something else.", 0)
    client_request.post("notes_edit.part", round_id=meeting.id, part=key(meeting),
                        _data={"text": "ignored", "version": "1", "action": "reset"},
                        _expected_redirect="notes_edit.edit")
    assert ANSWER in preview(client_request, meeting)
    assert "Something else." not in preview(client_request, meeting)
    assert len(events("notes.reset")) == 1


def test_a_second_admin_saving_over_a_changed_part_is_told_and_loses_nothing(
        client, client_request, admin, meeting):
    sign_in(client, admin)
    save(client_request, meeting, key(meeting), "The first admin's text.", 0)
    page = save(client_request, meeting, key(meeting), "The second admin's text.", 0,
                status=409)
    assert "Somebody else changed this part since you opened it" in page.find(
        class_="govuk-error-summary").text
    assert page.find("textarea").get_text() == "The second admin's text."
    assert "The first admin's text." in page.find(class_="app-notes-saved").text
    assert page.find("input", {"name": "version"})["value"] == "1"
    assert "The first admin's text." in preview(client_request, meeting)
    save(client_request, meeting, key(meeting), "The second admin's text.", 1)
    assert "The second admin's text." in preview(client_request, meeting)


def test_settings_turn_off_ratings_and_the_gaps_label(client, client_request, admin, meeting):
    sign_in(client, admin)
    text = preview(client_request, meeting)
    assert "Rating: Confident" in text and "Identified gaps:" in text
    client_request.post("notes_edit.settings", round_id=meeting.id,
                        _data={"show_ratings": "no", "gaps_intro": "none", "version": "0"},
                        _expected_redirect="notes_edit.edit")
    text = preview(client_request, meeting)
    assert "Rating:" not in text and "Identified gaps:" not in text
    assert "Systems – the databases do not talk to each other" in text
    assert events("notes.settings")[0].detail["show_ratings"] is False
    page = client_request.post("notes_edit.settings", round_id=meeting.id, _expected_status=409,
                               _data={"show_ratings": "yes", "gaps_intro": "label",
                                      "version": "0"})
    assert "Somebody changed these settings" in page.text


def test_the_verdicts_setting_shows_the_signed_off_verdicts_and_actions_show(
        client, client_request, admin, meeting):
    from tests.db import create_action
    from workflows import verdicts

    response = meeting.responses[0]
    create_action(org=response.organisation, round_=meeting, due_date=date(2016, 12, 1))
    signed = verdicts.record_verdict(response, "picture", verdicts.VerdictInput(
        "not_assured", "No plan yet.", "opcc"), user=None)
    verdicts.sign_off(db.session.merge(response), [(signed.id, signed.edits)], user=None)
    sign_in(client, admin)
    page = client_request.get("notes_edit.edit", round_id=meeting.id)
    assert page.select_one("input[name=show_verdicts][value=no]").has_attr("checked")
    text = preview(client_request, meeting)
    assert "Actions agreed Review the CSE training – " in text and "1 December 2016" in text
    assert "No plan yet" not in text
    client_request.post("notes_edit.settings", round_id=meeting.id, _data={
        "show_ratings": "yes", "gaps_intro": "label", "show_verdicts": "yes", "version": "0"},
        _expected_redirect="notes_edit.edit")
    assert "The OPCC is not assured: No plan yet." in preview(client_request, meeting)
    assert events("notes.settings")[0].detail["show_verdicts"] is True
    page = client_request.get("notes_edit.edit", round_id=meeting.id)
    assert page.select_one("input[name=show_verdicts][value=yes]").has_attr("checked")


def test_settings_need_an_answer(client, client_request, admin, meeting):
    sign_in(client, admin)
    page = client_request.post("notes_edit.settings", round_id=meeting.id, _expected_status=400,
                               _data={"version": "0"})
    assert "Choose whether the notes show ratings" in page.find(class_="govuk-error-summary").text


def test_information_after_the_meeting_and_closing_paragraph(
        client, client_request, admin, meeting):
    sign_in(client, admin)
    assert "[Information provided post meeting: Refreshed in October.]" in preview(
        client_request, meeting)
    save(client_request, meeting, key(meeting, "after"),
         "[Information provided following the meeting: please see note above].", 0)
    save(client_request, meeting, "closing", "The PCC thanked everybody.", 0)
    text = preview(client_request, meeting)
    assert "[Information provided following the meeting: please see note above]." in text
    assert text.endswith("The PCC thanked everybody.")


def test_unknown_part_and_open_round_are_404(client, client_request, admin, meeting):
    sign_in(client, admin)
    client_request.get("notes_edit.part", round_id=meeting.id, part="nothing.1.response",
                       _expected_status=404)
    open_round = create_round(version=create_questionnaire_version(), status="open")
    client_request.get("notes_edit.edit", round_id=open_round.id, _expected_status=404)


@pytest.mark.parametrize("who", ["pcc", "respondent"])
def test_only_admins_edit(request, client, client_request, meeting, who):
    sign_in(client, request.getfixturevalue(who))
    assert client.get(f"/rounds/{meeting.id}/notes/edit").status_code in (403, 404)
    response = client.post(f"/rounds/{meeting.id}/notes/parts/closing",
                           data={"text": "x", "version": "0"})
    assert response.status_code in (403, 404)
    assert events("notes.edit") == []


def test_another_offices_admin_gets_404(client, client_request, meeting):
    other = create_office(name="Office of the PCC for Dorset", code="DOPCC")
    stranger = create_user(role="admin", email="admin@dorset.example.org", office=other)
    sign_in(client, stranger)
    client_request.get("notes_edit.edit", round_id=meeting.id, _expected_status=404)
    client_request.get("notes_edit.part", round_id=meeting.id, part="closing",
                       _expected_status=404)
    response = client.post(f"/rounds/{meeting.id}/notes/parts/closing",
                           data={"text": "x", "version": "0", "action": "save"})
    assert response.status_code == 404 and events("notes.edit") == []


# ------------------------------------------------------------------ versions


def publish(client_request, meeting):
    client_request.post("notes.publish", round_id=meeting.id,
                        _expected_redirect=("notes.show", {"round_id": meeting.id}))


def test_publishing_freezes_version_1(client, client_request, admin, meeting):
    sign_in(client, admin)
    save(client_request, meeting, "closing", "Closing as published.", 0)
    publish(client_request, meeting)
    versions = list(db.session.scalars(select(NotesVersion)))
    assert [v.number for v in versions] == [1]
    save(client_request, meeting, "closing", "A change not yet published.", 1)
    text = preview(client_request, meeting)
    assert "Closing as published." in text and "A change not yet published." not in text
    body = client.get(f"/rounds/{meeting.id}/notes/download/html").get_data(as_text=True)
    assert "Closing as published." in body and "A change not yet published." not in body


def test_a_correction_is_a_new_dated_version_and_version_1_stays(
        client, client_request, admin, meeting):
    sign_in(client, admin)
    publish(client_request, meeting)
    save(client_request, meeting, key(meeting), "The assessment was refreshed in October.", 0)
    page = client_request.post("notes_edit.correct", round_id=meeting.id, _data={"reason": ""},
                               _expected_status=400)
    assert "Enter what was corrected and why" in page.find(class_="govuk-error-summary").text
    client_request.post("notes_edit.correct", round_id=meeting.id,
                        _data={"reason": "the month of the refresh was missing"},
                        _expected_redirect=("notes.show", {"round_id": meeting.id}))
    page = client_request.get("notes.show", round_id=meeting.id)
    text = text_of(page.find("article"))
    assert "The assessment was refreshed in October." in text
    assert "Corrected on " in text and ": the month of the refresh was missing." in text
    assert "Version 1" in page.text and "Version 2 (shown)" in page.text
    first = client_request.get("notes.version", round_id=meeting.id, number=1)
    assert ANSWER in first.find("article").text and "Corrected on" not in first.text
    assert "This is version 1 of the notes. The latest is version 2." in first.text
    old = client.get(f"/rounds/{meeting.id}/notes/versions/1/download/html")
    assert ANSWER in old.get_data(as_text=True)
    assert "version-" not in old.headers["Content-Disposition"]
    new = client.get(f"/rounds/{meeting.id}/notes/download/docx")
    assert "-version-2.docx" in new.headers["Content-Disposition"]
    assert [e.detail["version"] for e in events("notes.correct")] == [2]
    client_request.get("notes.version", round_id=meeting.id, number=3, _expected_status=404)


def test_a_draft_cannot_be_corrected(client, client_request, admin, meeting):
    sign_in(client, admin)
    client_request.get("notes_edit.correct", round_id=meeting.id, _expected_status=404)


def test_the_pcc_reads_the_published_version_not_the_live_record(
        client, client_request, admin, pcc, meeting):
    sign_in(client, admin)
    publish(client_request, meeting)
    save(client_request, meeting, "closing", "Unpublished change.", 0)
    page = client_request.get("notes_edit.preview", round_id=meeting.id)
    assert "Unpublished change." in text_of(page.find("article"))
    assert "Preview: the notes as a correction would publish them now." in page.text
    sign_in(client, pcc)
    assert "Unpublished change." not in preview(client_request, meeting)
    assert client.get(f"/rounds/{meeting.id}/notes/preview").status_code in (403, 404)
    assert client.get(f"/rounds/{meeting.id}/notes/edit").status_code in (403, 404)



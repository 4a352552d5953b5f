"""The messages changes cause: who gets them, what they say (titles, dates, links) and
what they never say (answers, gaps, comments). Delivered to a real SMTP server."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import OutboxMessage, db
from tests.actions import fresh, response_of
from tests.db import create_office, create_org, create_round, create_user
from tests.workflows.test_responses import PARTNERS, PICTURE
from workflows import additions, review, rounds, submission
from workflows.mail_send import send_due
from workflows.responses import save_section

SECRET_ANSWER = "Refreshed in October."
SECRET_GAP = "Systems not integrated"
SECRET_COMMENT = "Say more about the refresh timetable"


@pytest.fixture
def scene(smtp_app):
    office = create_office()
    org = create_org(name="Avon Police", office=office)
    other = create_org(name="Dorset Police", office=office)
    people = {
        "admin": create_user(role="admin", email="ada@opcc.example.org", name="Ada"),
        "pcc": create_user(role="pcc", email="pat@opcc.example.org", name="Pat"),
        "rae": create_user(org=org, email="rae@avon.example.org", name="Rae"),
        "cal": create_user(org=org, email="cal@avon.example.org", name="Cal"),
        "dee": create_user(org=other, email="dee@dorset.example.org", name="Dee"),
    }
    elsewhere = create_office(name="Elsewhere OPCC", code="ELSE")
    create_user(role="admin", email="eve@elsewhere.example.org", office=elsewhere)
    round_ = create_round(through_workflows=True, orgs=[org, other], status="planned",
                          title="CSE assurance", meeting_date=date(2026, 3, 1),
                          deadline=date(2026, 2, 20), by=people["admin"])
    return round_, org, people


def _delivered(smtp_server) -> dict[str, list]:
    send_due()
    by_address: dict[str, list] = {}
    for received in smtp_server.received:
        for address in received.recipients:
            by_address.setdefault(address, []).append(received)
    smtp_server.received.clear()
    return by_address


def _say_nothing_secret(received) -> None:
    for part in (received.text, received.html, received["Subject"]):
        for secret in (SECRET_ANSWER, SECRET_GAP, SECRET_COMMENT):
            assert secret not in part


def test_opening_a_round_asks_each_respondent_of_each_organisation(scene, smtp_server):
    round_, org, people = scene
    rounds.open_round(round_, people["admin"])
    got = _delivered(smtp_server)
    assert sorted(got) == ["cal@avon.example.org", "dee@dorset.example.org",
                           "rae@avon.example.org"]
    [message] = got["rae@avon.example.org"]
    assert message["Subject"] == "Questions for the 1 March 2026 meeting: CSE assurance"
    assert message["From"] == "PCC assurance <assurance@example.org>"
    assert message["To"] == "rae@avon.example.org"
    assert message["Message-ID"] and message["Date"]
    response = response_of(round_, org)
    url = f"https://assurance.example.org/respond/{response.id}"
    for part in (message.text, message.html):
        assert "Avon Police" in part and "20 February 2026" in part and url in part
    assert "Dear Rae" in message.text
    assert f'href="{url}"' in message.html
    assert "https://assurance.example.org/account/emails" in message.text


def _submitted(round_, org, people):
    rounds.open_round(round_, people["admin"])
    response = response_of(round_, org)
    rae = people["rae"]
    save_section(response, "picture", PICTURE, rae, response.revision)
    save_section(response, "partners", PARTNERS, rae, response.revision)
    result = submission.submit_response(response, rae, response.revision)
    assert result.outcome == submission.SUBMITTED
    return fresh(response)


def test_a_submitted_response_tells_the_admins_only(scene, smtp_server):
    round_, org, people = scene
    response = _submitted(round_, org, people)
    _delivered(smtp_server)  # the opening's messages
    # (a submit queues in the same transaction: delivered by the next send)
    rows = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "response.submitted")).all()
    assert [m.to_address for m in rows] == ["ada@opcc.example.org"]
    assert rows[0].status == "sent"
    assert f"/responses/{response.id}" in rows[0].body_text
    assert "Avon Police" in rows[0].subject
    assert SECRET_ANSWER not in rows[0].body_text + rows[0].body_html


def test_a_returned_response_names_the_questions_not_the_comments(scene, smtp_server):
    round_, org, people = scene
    response = _submitted(round_, org, people)
    _delivered(smtp_server)
    review.return_response(response, comments={"picture-now": SECRET_COMMENT},
                           user=people["admin"])
    got = _delivered(smtp_server)
    assert sorted(got) == ["cal@avon.example.org", "rae@avon.example.org"]
    [message] = got["rae@avon.example.org"]
    assert message["Subject"] == "Your response was returned for clarification: CSE assurance"
    assert "What is the current intelligence assessment?" in message.text
    assert "What is the current intelligence assessment?" in message.html
    _say_nothing_secret(message)


def test_an_accepted_response_tells_the_respondents(scene, smtp_server):
    round_, org, people = scene
    response = _submitted(round_, org, people)
    _delivered(smtp_server)
    review.accept_response(response, user=people["admin"])
    got = _delivered(smtp_server)
    assert sorted(got) == ["cal@avon.example.org", "rae@avon.example.org"]
    _say_nothing_secret(got["cal@avon.example.org"][0])


def test_information_added_after_the_meeting_tells_the_admins(scene, smtp_server):
    round_, org, people = scene
    response = _submitted(round_, org, people)
    review.accept_response(response, user=people["admin"])
    rounds.close_round(round_, people["admin"])
    _delivered(smtp_server)
    additions.add_addition(response, "picture-now", "The refresh finished in May.",
                           people["rae"])
    got = _delivered(smtp_server)
    assert sorted(got) == ["ada@opcc.example.org"]
    [message] = got["ada@opcc.example.org"]
    assert "What is the current intelligence assessment?" in message.text
    assert "The refresh finished in May." not in message.text + message.html


def test_published_notes_tell_the_pcc_and_the_organisations_asked(scene, smtp_server):
    round_, org, people = scene
    rounds.open_round(round_, people["admin"])
    rounds.close_round(round_, people["admin"])
    _delivered(smtp_server)
    from workflows.notes import publish_notes

    publish_notes(round_, people["admin"])
    got = _delivered(smtp_server)
    assert sorted(got) == ["cal@avon.example.org", "dee@dorset.example.org",
                           "pat@opcc.example.org", "rae@avon.example.org"]
    message = got["pat@opcc.example.org"][0]
    assert message["Subject"] == "Meeting notes published: CSE assurance, 1 March 2026"
    assert f"https://assurance.example.org/rounds/{round_.id}/notes" in message.text


def test_a_change_that_fails_queues_no_message(scene, smtp_server):
    round_, org, people = scene
    rounds.open_round(round_, people["admin"])
    _delivered(smtp_server)
    before = db.session.scalar(select(db.func.count(OutboxMessage.id)))
    with pytest.raises(rounds.RoundError):
        rounds.open_round(round_, people["admin"])  # already open: refused, rolled back
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == before


def test_a_disabled_respondent_is_not_told(scene, smtp_server):
    round_, org, people = scene
    from workflows.accounts import disable_user

    disable_user(people["cal"])
    rounds.open_round(round_, people["admin"])
    assert "cal@avon.example.org" not in _delivered(smtp_server)


def test_an_admin_asks_for_information_after_the_meeting(scene, smtp_app, smtp_server):
    from models import AuditEvent
    from tests.helpers import ClientRequest, release_db, sign_in

    round_, org, people = scene
    client = smtp_app.test_client()
    client_request = ClientRequest(client)
    response = _submitted(round_, org, people)
    rounds.close_round(round_, people["admin"])
    _delivered(smtp_server)
    release_db()
    sign_in(client, people["admin"])
    page = client_request.get("review.response", response_id=response.id)
    assert [b for b in page.find_all("button") if "Ask for information" in b.get_text()]
    client_request.post("review.request_information", response_id=response.id,
                        question_id="picture-now", _expected_redirect="review.response")
    got = _delivered(smtp_server)
    assert sorted(got) == ["cal@avon.example.org", "rae@avon.example.org"]
    [message] = got["rae@avon.example.org"]
    assert message["Subject"] == "Information asked for after the meeting: CSE assurance"
    assert "What is the current intelligence assessment?" in message.text
    url = (f"https://assurance.example.org/responses/{response.id}/questions/picture-now/"
           "add-information")
    assert url in message.text and url in message.html
    _say_nothing_secret(message)
    assert db.session.scalar(select(AuditEvent.user_id).where(
        AuditEvent.action == "response.information_requested")) == people["admin"].id


def test_information_cannot_be_asked_for_before_the_meeting(scene, smtp_server):
    round_, org, people = scene
    response = _submitted(round_, org, people)
    with pytest.raises(additions.AdditionError, match="once the round is closed"):
        additions.request_information(response, "picture-now", people["admin"])
    with pytest.raises(additions.AdditionError, match="Only the OPCC's administrators"):
        additions.request_information(response, "picture-now", people["rae"])

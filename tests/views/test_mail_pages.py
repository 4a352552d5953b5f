"""The Outbox page (an office's email, "Send again" for a failed message) and each
user's email settings."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEvent, OutboxMessage, db, utcnow
from tests.db import create_office, create_user
from tests.helpers import sign_in


def _message(**values) -> OutboxMessage:
    fields = {"kind": "round.opened", "to_address": "rae@avon.example.org",
              "subject": "Questions for the 1 March 2026 meeting", "body_text": "Dear Rae,\n",
              "body_html": "", "context_json": {}, "status": "sent", "attempts": 1}
    fields.update(values)
    message = OutboxMessage(**fields)
    db.session.add(message)
    db.session.commit()
    return message


def test_the_outbox_lists_the_offices_messages_with_status_attempts_and_error(
        client, client_request, admin, page_text):
    _message(office_id=admin.office_id, subject="Our round opened", sent_at=utcnow())
    _message(office_id=admin.office_id, subject="Our failed one", status="failed",
             attempts=6, last_error="SMTP mail.example.org:25: ConnectionRefusedError")
    elsewhere = create_office(name="Elsewhere OPCC", code="ELSE")
    _message(office_id=elsewhere.id, subject="Their round opened",
             to_address="them@elsewhere.example.org")
    sign_in(client, admin)
    page = client_request.get("mail.outbox")
    text = page_text(page)
    assert "Our round opened" in text and "Our failed one" in text
    assert "ConnectionRefusedError" in text and "Failed" in text
    assert "Their round opened" not in text and "them@elsewhere" not in text
    assert "2 messages" in text
    failed = page_text(client_request.get("mail.outbox", status="failed"))
    assert "Our failed one" in failed and "Our round opened" not in failed


def test_another_offices_message_is_not_found(client, client_request, admin):
    elsewhere = create_office(name="Elsewhere OPCC", code="ELSE")
    theirs = _message(office_id=elsewhere.id, status="failed")
    sign_in(client, admin)
    client_request.get("mail.message", message_id=theirs.id, _expected_status=404)
    client_request.post("mail.message", message_id=theirs.id, _expected_status=404)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, theirs.id).status == "failed"


def test_a_failed_message_can_be_sent_again_and_it_is_audited(
        client, client_request, admin, page_text):
    failed = _message(office_id=admin.office_id, status="failed", attempts=6,
                      last_error="SMTP: timed out")
    sign_in(client, admin)
    page = client_request.get("mail.message", message_id=failed.id)
    assert "Dear Rae," in page_text(page) and "SMTP: timed out" in page_text(page)
    client_request.post("mail.message", message_id=failed.id,
                        _expected_redirect=("mail.message", {"message_id": failed.id}))
    db.session.expire_all()
    again = db.session.get(OutboxMessage, failed.id)
    # the log transport (the tests' default) delivers it at once
    assert (again.status, again.attempts) == ("sent", 1)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mail.resend"))
    assert event.user_id == admin.id and event.object_id == str(failed.id)
    page = client_request.get("mail.message", message_id=failed.id)
    assert "Send again" not in page_text(page)


def test_an_account_messages_text_is_not_shown(client, client_request, admin, page_text):
    invite = _message(office_id=admin.office_id, kind="account.invite",
                      body_text="Set your password: https://x.example.org/invite/SECRET-TOKEN")
    sign_in(client, admin)
    text = page_text(client_request.get("mail.message", message_id=invite.id))
    assert "SECRET-TOKEN" not in text and "The text of an account message is not shown" in text


def test_a_message_that_has_not_failed_is_not_sent_again(client, client_request, admin,
                                                         page_text):
    sent = _message(office_id=admin.office_id, status="sent")
    sign_in(client, admin)
    page = client_request.post("mail.message", message_id=sent.id, _follow_redirects=True,
                               _expected_status=200,
                               _expected_redirect=("mail.message", {"message_id": sent.id}))
    assert "Only a message that failed can be sent again" in page_text(page)


def test_the_service_administrator_sees_only_the_services_own_messages(
        client, client_request, admin, page_text):
    _message(office_id=admin.office_id, subject="An office message")
    _message(office_id=None, subject="A service message")
    service = create_user(role="service_admin", email="svc@example.org")
    sign_in(client, service)
    text = page_text(client_request.get("mail.outbox"))
    assert "A service message" in text and "An office message" not in text


def test_a_user_chooses_how_they_get_reminders_and_other_emails(
        client, client_request, respondent, page_text):
    sign_in(client, respondent)
    page = client_request.get("mail.preferences")
    assert page.find("input", {"name": "reminders", "value": "each"}).has_attr("checked")
    client_request.post("mail.preferences", _data={"reminders": "digest", "routine": "off"},
                        _expected_redirect="mail.preferences")
    db.session.expire_all()
    assert (respondent.mail_reminders, respondent.mail_routine) == ("digest", "off")
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "user.mail_preferences")) == "user.mail_preferences"


def test_a_missing_choice_is_an_error_and_keeps_the_other(client, client_request,
                                                          respondent, page_text):
    sign_in(client, respondent)
    page = client_request.post("mail.preferences", _data={"reminders": "off"},
                               _expected_status=200)
    assert "Choose how you get other emails" in page_text(page.find(class_="govuk-error-summary"))
    assert page.find("input", {"name": "reminders", "value": "off"}).has_attr("checked")
    db.session.expire_all()
    assert respondent.mail_reminders == "each"


def test_the_service_administrators_home_links_to_the_outbox(client, client_request,
                                                             page_text):
    sign_in(client, create_user(role="service_admin", email="svc@example.org"))
    page = client_request.get("main.home")
    assert page.find("a", href="/admin/outbox")

"""The outbox: a message is a row of the same transaction as its change."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from models import OutboxMessage, db
from tests.db import create_user
from workflows.database import transaction
from workflows.mail import queue_message
from workflows.mail_send import send_due


def _messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_rolled_back_change_sends_nothing(app):
    user = create_user(role="admin")
    with pytest.raises(RuntimeError), transaction():
        queue_message(kind="test.note", to=user, subject="Hello", text="Body")
        raise RuntimeError("the change failed")
    assert _messages() == []


def test_the_log_transport_writes_the_message_to_the_log_once_committed(app, caplog):
    user = create_user(role="admin", email="ada@example.org")
    with caplog.at_level(logging.INFO), transaction():
        queue_message(kind="test.note", to=user, subject="Hello there", text="The body\n")
    [message] = _messages()
    assert (message.status, message.attempts, message.office_id) == ("sent", 1, user.office_id)
    logged = caplog.text
    assert "ada@example.org" in logged and "Hello there" in logged and "The body" in logged


def test_with_a_mail_server_configured_the_message_waits_for_the_sender(
        smtp_app, smtp_server):
    user = create_user(role="admin", email="ada@example.org")
    with transaction():
        queue_message(kind="test.note", to=user, subject="Hello", text="Body\n")
    assert [m.status for m in _messages()] == ["queued"]
    assert smtp_server.received == []
    assert send_due().sent == 1
    assert [m.status for m in _messages()] == ["sent"]
    assert [r.recipients for r in smtp_server.received] == [["ada@example.org"]]


def test_a_message_with_the_same_dedupe_key_is_queued_once(app):
    user = create_user(role="admin")
    for _ in range(2):
        with transaction():
            queue_message(kind="reminder.due", to=user, subject="Due", text="Body",
                          dedupe_key="reminder:1:7")
    assert len(_messages()) == 1


def test_a_message_to_a_plain_address_has_no_user(app):
    with transaction():
        queue_message(kind="account.invite", to="new@example.org", subject="Join", text="B")
    [message] = _messages()
    assert (message.to_address, message.to_user_id) == ("new@example.org", None)


def test_messages_are_rendered_from_the_kinds_templates_with_links_to_public_url(
        smtp_app, smtp_server):
    user = create_user(role="respondent", name="Rae Respondent")
    with transaction():
        queue_message(kind="round.opened", to=user, context={
            "office_name": "The OPCC", "organisation_name": "Test Force",
            "round_title": "CSE assurance", "meeting_date": "1 March 2026",
            "deadline": "20 February 2026",
            "url": "https://assurance.example.org/respond/1"})
    [message] = _messages()
    assert message.subject == "Questions for the 1 March 2026 meeting: CSE assurance"
    assert "Dear Rae Respondent" in message.body_text
    assert "https://assurance.example.org/respond/1" in message.body_html
    assert message.context_json["round_title"] == "CSE assurance"
    assert message.context_json["body"] == message.body_text

"""`flask mail send`: delivery, retries with backoff, and giving up. A mail server
that refuses, times out or drops the connection leaves the message queued."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import OutboxMessage, db, utcnow
from tests.db import create_user
from workflows.database import transaction
from workflows.mail import queue_message
from workflows.mail_send import send_due


def _queue(user, subject="Hello") -> int:
    with transaction():
        message = queue_message(kind="test.note", to=user, subject=subject,
                                text="Plain body https://assurance.example.org/x\n",
                                html="<p>HTML body</p>")
    return message.id


def _row(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_a_message_goes_with_a_text_and_an_html_part(smtp_app, smtp_server):
    message_id = _queue(create_user(role="admin", email="ada@example.org"))
    assert send_due().sent == 1
    [received] = smtp_server.received
    assert received["Subject"] == "Hello"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received.envelope_from == "assurance@example.org"
    assert received.text == "Plain body https://assurance.example.org/x\n"
    assert received.html.strip() == "<p>HTML body</p>"
    row = _row(message_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert row.sent_at is not None
    assert send_due().sent == 0  # nothing is sent twice
    assert len(smtp_server.received) == 1


@pytest.mark.parametrize("behaviour, reason", [
    ("refuse", "451"), ("hang", "timed out"), ("drop", "Disconnected"),
])
def test_a_server_that_fails_leaves_the_message_queued_for_a_retry(
        smtp_app, smtp_server, behaviour, reason):
    message_id = _queue(create_user(role="admin"))
    smtp_server.behaviour = behaviour
    result = send_due()
    assert (result.sent, result.retrying) == (0, 1)
    row = _row(message_id)
    assert (row.status, row.attempts) == ("queued", 1)
    assert reason in row.last_error
    assert row.due_at > utcnow() + timedelta(seconds=50)  # the first wait: a minute
    assert send_due().retrying == 0  # not due again yet
    smtp_server.behaviour = "accept"
    assert send_due(now=row.due_at + timedelta(seconds=1)).sent == 1
    assert _row(message_id).status == "sent"
    assert len(smtp_server.received) == 1


def test_no_server_listening_is_a_failure_too(smtp_app, smtp_server):
    smtp_app.config["SMTP_PORT"] = 1  # nothing listens there
    message_id = _queue(create_user(role="admin"))
    assert send_due().retrying == 1
    assert "Connection" in _row(message_id).last_error or "refused" in _row(message_id).last_error


def test_retries_back_off_and_the_last_one_gives_up(smtp_app, smtp_server):
    smtp_app.config["MAIL_MAX_ATTEMPTS"] = 4
    smtp_server.behaviour = "refuse"
    message_id = _queue(create_user(role="admin"))
    now, waits = utcnow(), []
    for _ in range(3):
        send_due(now=now)
        row = _row(message_id)
        waits.append(round((row.due_at - now).total_seconds()))
        now = row.due_at
    assert waits == [60, 120, 240]
    assert send_due(now=now).failed == 1
    row = _row(message_id)
    assert (row.status, row.attempts) == ("failed", 4)
    assert "451" in row.last_error
    assert send_due(now=now + timedelta(days=1)).failed == 0


def test_a_message_claimed_by_a_sender_that_died_is_sent_later(smtp_app, smtp_server):
    message_id = _queue(create_user(role="admin"))
    with transaction():
        row = db.session.get(OutboxMessage, message_id)
        row.status, row.claimed_by, row.claimed_at = "sending", "dead:1", utcnow()
    assert send_due().sent == 0
    assert send_due(now=utcnow() + timedelta(minutes=16)).sent == 1


def test_the_command_sends_what_is_due(smtp_app, smtp_server):
    _queue(create_user(role="admin", email="ada@example.org"))
    result = smtp_app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1, to retry 0, failed 0" in result.output
    assert [r.recipients for r in smtp_server.received] == [["ada@example.org"]]
    assert db.session.scalar(select(OutboxMessage.status)) == "sent"

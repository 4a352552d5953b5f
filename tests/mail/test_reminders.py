"""Reminders before the deadline, with time moved: 7 days and 1 day before, and the day
after ("overdue"), to the organisations that have not submitted; each once."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from models import OutboxMessage, db
from tests.actions import response_of, submit
from tests.db import create_org, create_round, create_user
from workflows.database import transaction
from workflows.mail import queue_message
from workflows.mail_digest import build_digests
from workflows.reminders import due_reminder, queue_reminders

DEADLINE = date(2026, 2, 20)


def at(day: int, month: int = 2, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


@pytest.fixture
def scene(app):
    late, done = create_org(name="Avon Police"), create_org(name="Dorset Police")
    rae = create_user(org=late, email="rae@avon.example.org", name="Rae")
    create_user(org=done, email="dee@dorset.example.org")
    round_ = create_round(orgs=[late, done], status="open", title="CSE assurance",
                          meeting_date=date(2026, 3, 1), deadline=DEADLINE)
    submit(response_of(round_, done))
    return round_, rae


def _reminders() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind.like("reminder.%")).order_by(OutboxMessage.id)))


def test_reminders_go_on_their_days_to_those_who_have_not_submitted(scene):
    assert queue_reminders(now=at(12)) == 0  # eight days before
    assert queue_reminders(now=at(13)) == 1  # seven days before
    [seven] = _reminders()
    assert seven.to_address == "rae@avon.example.org"
    assert seven.subject == "Due in 7 days: CSE assurance"
    assert "20 February 2026" in seven.body_text and "1 March 2026" in seven.body_text
    assert queue_reminders(now=at(13, hour=20)) == 0  # run again the same day: once
    assert queue_reminders(now=at(16)) == 0
    assert queue_reminders(now=at(19)) == 1
    assert _reminders()[-1].subject == "Due tomorrow: CSE assurance"
    assert queue_reminders(now=at(20)) == 0  # the deadline day itself
    assert queue_reminders(now=at(21)) == 1
    assert _reminders()[-1].subject == "Overdue: CSE assurance"
    assert queue_reminders(now=at(22)) == 0
    assert [m.to_address for m in _reminders()] == ["rae@avon.example.org"] * 3


def test_a_round_opened_late_gets_only_the_latest_reminder(scene):
    assert queue_reminders(now=at(19)) == 1
    assert [m.subject for m in _reminders()] == ["Due tomorrow: CSE assurance"]


def test_the_days_are_configurable(app, scene):
    app.config["REMINDER_DAYS"] = (3,)
    assert queue_reminders(now=at(13)) == 0
    assert queue_reminders(now=at(17)) == 1
    assert queue_reminders(now=at(21)) == 0  # no overdue reminder configured


def test_a_submitted_response_and_a_closed_round_get_none(scene):
    round_, rae = scene
    submit(response_of(round_, rae.organisation))
    assert queue_reminders(now=at(19)) == 0


def test_a_user_who_turned_reminders_off_gets_none(scene):
    round_, rae = scene
    rae.mail_reminders = "off"
    db.session.commit()
    assert queue_reminders(now=at(19)) == 0


def test_the_day_is_the_uk_day(app):
    org = create_org()
    create_user(org=org)
    create_round(orgs=[org], status="open", meeting_date=date(2026, 7, 30),
                 deadline=date(2026, 7, 20))
    # 23:30 UTC on 12 July is 00:30 on 13 July in the UK (summer time): seven days before
    assert queue_reminders(now=datetime(2026, 7, 12, 22, 30, tzinfo=timezone.utc)) == 0
    assert queue_reminders(now=datetime(2026, 7, 12, 23, 30, tzinfo=timezone.utc)) == 1


def test_an_overdue_reminder_is_not_started_weeks_late():
    assert due_reminder(DEADLINE, date(2026, 2, 12), [7, 1, -1]) is None
    assert due_reminder(DEADLINE, date(2026, 2, 27), [7, 1, -1]) == -1
    assert due_reminder(DEADLINE, date(2026, 3, 20), [7, 1, -1]) is None


def test_the_command_queues_the_reminders_due(app, scene, runner):
    result = runner.invoke(args=["reminders", "run"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("queued")


def test_a_digest_gathers_a_users_held_messages_into_one(app, scene):
    round_, rae = scene
    rae.mail_routine = "digest"
    db.session.commit()
    with transaction():
        queue_message(kind="test.note", to=rae, subject="First note", text="First body\n")
        queue_message(kind="response.accepted", to=rae, context={  # with the usual footer
            "office_name": "The OPCC", "organisation_name": "Avon Police",
            "round_title": "Second body", "meeting_date": "1 March 2026", "url": "u"})
    held = _all()
    assert [m.status for m in held] == ["held", "held"]
    due = held[0].due_at
    assert build_digests(now=due - timedelta(minutes=1)) == 0
    assert build_digests(now=due) == 1
    assert build_digests(now=due) == 0
    messages = _all()
    digest = messages[-1]
    assert digest.kind == "digest.daily" and digest.subject == "Your daily summary: 2 messages"
    assert "First body" in digest.body_text and "Second body" in digest.body_text
    assert digest.body_text.count("Choose which emails you get") == 0
    assert "/account/emails" in digest.body_text
    assert [m.status for m in messages[:2]] == ["digested", "digested"]
    assert {m.digest_id for m in messages[:2]} == {digest.id}
    assert digest.status == "sent"  # the log transport: delivered at once


def _all() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

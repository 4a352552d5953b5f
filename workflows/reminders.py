"""Reminders before a round's deadline, to the organisations that have not submitted.

``queue_reminders(now=)`` is what ``flask reminders run`` does; it is safe to run every
hour (from cron or a timer): each reminder is queued once, by its dedupe key (round,
response, user and the reminder's day). ``REMINDER_DAYS`` lists the days before the
deadline a reminder is due (default 7 and 1) and -1 for the day after ("overdue").

On a UK day only the reminder whose day it is (or the latest one already due, when
the command did not run that day) goes: a round opened two days before its deadline
gets the one-day reminder, not a late seven-day one as well.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from exports.mail_bodies import link
from forms.format.dates import LONDON, long_date
from models import Response, Round, db, utcnow
from models.status import DRAFT, OPEN

from .database import transaction
from .mail import queue_message
from .mail_events import respondents_of, response_context


def reminder_days() -> list[int]:
    """The configured days, latest reminder last (7, 1, -1)."""
    return sorted({int(d) for d in current_app.config.get("REMINDER_DAYS", (7, 1, -1))},
                  reverse=True)


def due_reminder(deadline: date, today: date, days: list[int]) -> int | None:
    """The reminder due today for a deadline: the day-count of the latest reminder
    whose date has come, unless a later one's has come too; None before the first and
    from the second day after an overdue reminder's date (it goes once, on its day or
    the next run after)."""
    due = None
    for day in days:  # 7, 1, -1: dates in order
        if deadline - timedelta(days=day) <= today:
            due = day
    if due is None:
        return None
    if due < 0 and today > deadline + timedelta(days=-due) + timedelta(days=6):
        return None  # a week after the overdue day: stop trying
    return due


def queue_reminders(*, now: datetime | None = None) -> int:
    """Queue the reminders due at ``now`` (every office's open rounds); returns how many
    were queued."""
    now = now or utcnow()
    today = now.astimezone(LONDON).date()
    days = reminder_days()
    horizon = today + timedelta(days=max(days + [0]))
    rounds = list(db.session.scalars(
        select(Round).where(Round.status == OPEN, Round.deadline.is_not(None),
                            Round.deadline <= horizon)
        .options(selectinload(Round.responses)).order_by(Round.id)))
    count = 0
    for round_ in rounds:
        day = due_reminder(round_.deadline, today, days)
        if day is None:
            continue
        with transaction():
            for response in round_.responses:
                if response.status == DRAFT:
                    count += _remind(response, day)
    return count


def _remind(response: Response, day: int) -> int:
    kind = "reminder.overdue" if day < 0 else "reminder.due"
    context = {**response_context(response), "days_left": day,
               "url": link("respond.tasks", response_id=response.id)}
    context["deadline"] = long_date(response.round.deadline)
    count = 0
    for user in respondents_of(response.organisation_id):
        key = f"reminder:{response.id}:{user.id}:{day}:{response.round.deadline.isoformat()}"
        count += queue_message(kind=kind, to=user, context=context, dedupe_key=key,
                               office_id=response.round.office_id) is not None
    return count

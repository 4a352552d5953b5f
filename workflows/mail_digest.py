"""The daily digest: messages held for a user who chose "one daily digest" are sent
together, once a day at ``MAIL_DIGEST_HOUR`` (UK time), as one message."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app

from forms.format.dates import LONDON


def next_digest_at(now: datetime) -> datetime:
    """The next time a digest is due (UK time MAIL_DIGEST_HOUR), after ``now``."""
    hour = int(current_app.config.get("MAIL_DIGEST_HOUR", 7))
    local = now.astimezone(LONDON)
    due = datetime.combine(local.date(), time(hour), tzinfo=LONDON)
    if due <= local:
        due = datetime.combine(local.date() + timedelta(days=1), time(hour), tzinfo=LONDON)
    return due

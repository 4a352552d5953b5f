"""The daily digest: messages held for a user who chose "one daily digest" are sent
together, once a day at ``MAIL_DIGEST_HOUR`` (UK time), as one message."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select, update

from forms.format.dates import LONDON
from models import OutboxMessage, User, db, utcnow
from models.mail import DIGESTED, HELD

from .database import transaction


def next_digest_at(now: datetime) -> datetime:
    """The next time a digest is due (UK time MAIL_DIGEST_HOUR), after ``now``."""
    hour = int(current_app.config.get("MAIL_DIGEST_HOUR", 7))
    local = now.astimezone(LONDON)
    due = datetime.combine(local.date(), time(hour), tzinfo=LONDON)
    if due <= local:
        due = datetime.combine(local.date() + timedelta(days=1), time(hour), tzinfo=LONDON)
    return due


def build_digests(*, now: datetime | None = None) -> int:
    """Gather each user's held messages that are due into one digest message (queued,
    to go at once); returns how many digests were made. Safe with several senders: a
    held message goes into one digest only."""
    now = now or utcnow()
    users = list(db.session.scalars(
        select(OutboxMessage.to_user_id).where(OutboxMessage.status == HELD,
                                               OutboxMessage.due_at <= now)
        .distinct()))
    made = 0
    for user_id in users:
        try:
            made += user_id is not None and _digest_for(user_id, now)
        except _Taken:
            pass
    return made


def _digest_for(user_id: int, now: datetime) -> bool:
    from .mail import queue_message  # (it imports this module)

    with transaction():
        query = (select(OutboxMessage).where(OutboxMessage.to_user_id == user_id,
                                             OutboxMessage.status == HELD,
                                             OutboxMessage.due_at <= now)
                 .order_by(OutboxMessage.created_at, OutboxMessage.id))
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        held = list(db.session.scalars(query))
        user = db.session.get(User, user_id)
        if not held or user is None:
            return False
        digest = queue_message(kind="digest.daily", to=user, dedupe_key=f"digest:{held[0].id}",
                               office_id=held[0].office_id, context={"messages": held})
        if digest is None:
            return False
        done = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_([m.id for m in held]), OutboxMessage.status == HELD)
            .values(status=DIGESTED, digest_id=digest.id, sent_at=now)
            .execution_options(synchronize_session=False)).rowcount
        if done != len(held):
            raise _Taken()
    return True


class _Taken(Exception):
    """Another sender digested some of these messages first (rolls this one back)."""

"""Queueing email: the transactional outbox.

``queue_message(...)`` adds one ``OutboxMessage`` row to the session of the caller's
transaction and never commits: the caller is inside ``transaction()``, so a change that
rolls back sends nothing, and a message is never sent for a change that was not saved.
``flask mail send`` (``workflows.mail_send``) delivers the rows later; with the ``log``
transport they are delivered right after the commit that queued them.

A recipient that is a ``User`` gets the message by their own choice (``mail_reminders``
for kinds starting ``reminder.``, ``mail_routine`` for the others): each as it happens,
held for the daily digest, or not at all. Account messages (kinds starting
``account.``) always go, and only they go to a disabled account.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from exports.mail_bodies import render_body
from models import OutboxMessage, User, db, utcnow
from models.mail import ACCOUNT_KIND_PREFIX, HELD, QUEUED

from .database import ensure_writing
from .mail_digest import next_digest_at

REMINDER_PREFIX = "reminder."
DIGEST_PREFIX = "digest."  # the digest itself goes as it is


def queue_message(
    *, kind: str, to: User | str, subject: str | None = None, text: str | None = None,
    html: str | None = None, context: dict | None = None, dedupe_key: str | None = None,
    office_id: int | None = None, due_at: datetime | None = None,
) -> OutboxMessage | None:
    """Add a message to the outbox in the current transaction (never commits).

    Without ``text``, the subject and both parts are rendered from the templates of
    ``kind`` with ``context`` (and ``user``, the recipient when a User). ``context``
    also becomes the Notify personalisation (its values as strings, with ``subject``
    and ``body``). Returns the row, or None when nothing is queued: the recipient
    turned this kind off, or a message with the same ``dedupe_key`` exists already."""
    ensure_writing()
    context = dict(context or {})
    user = to if isinstance(to, User) else None
    choice = _choice(user, kind)
    if choice == "off":
        return None
    if text is None:
        body = render_body(kind, user=user, **context)
        subject, text, html = subject or body.subject, body.text, body.html
    if not subject:
        raise ValueError("a message needs a subject")
    if dedupe_key is not None and _exists(dedupe_key):
        return None
    message = OutboxMessage(
        office_id=office_id if office_id is not None else (user.office_id if user else None),
        kind=kind, to_address=user.email if user else str(to).strip(),
        to_user_id=user.id if user else None, subject=subject[:300], body_text=text,
        body_html=html or "", context_json=_personalisation(context, subject, text),
        dedupe_key=dedupe_key, status=HELD if choice == "digest" else QUEUED,
        due_at=next_digest_at(utcnow()) if choice == "digest" else (due_at or utcnow()),
    )
    return _add(message)


def _choice(user: User | None, kind: str) -> str:
    if kind.startswith((ACCOUNT_KIND_PREFIX, DIGEST_PREFIX)):
        return "each"
    if user is None:
        return "each"
    if not user.active:
        return "off"
    chosen = user.mail_reminders if kind.startswith(REMINDER_PREFIX) else user.mail_routine
    return chosen or "each"


def _exists(dedupe_key: str) -> bool:
    return db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)) is not None


def _add(message: OutboxMessage) -> OutboxMessage | None:
    if message.dedupe_key is None:
        db.session.add(message)
        db.session.flush()
    else:  # another process may have queued the same one a moment ago
        try:
            with db.session.begin_nested():
                db.session.add(message)
        except IntegrityError:
            return None
    db.session.info.setdefault("queued_mail", []).append(message.id)
    return message


def _personalisation(context: dict, subject: str, text: str) -> dict:
    values = {key: _plain(value) for key, value in context.items()
              if isinstance(value, (str, int, float)) or hasattr(value, "isoformat")}
    values.update(subject=subject, body=text)
    return values


def _plain(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)

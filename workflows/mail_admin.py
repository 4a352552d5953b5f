"""The Outbox page's reads and its one change (send a failed message again), and each
user's choice of which messages they get."""

from __future__ import annotations

from sqlalchemy import func, select, update

from models import OutboxMessage, User, db, utcnow
from models.mail import FAILED, QUEUED
from models.offices import in_office
from models.people import MAIL_CHOICES
from models.permissions import can, require

from . import audit
from .database import transaction

PAGE_SIZE = 50


class MailError(ValueError):
    """A refused change; the message says why."""


def _scope(user: User):
    """An admin sees their office's messages; a service administrator the service's own
    (those of no office)."""
    if user.office_id is None:
        return OutboxMessage.office_id.is_(None)
    return in_office(OutboxMessage, user.office_id)


def list_messages(user: User, *, status: str | None = None, page: int = 1
                  ) -> tuple[list[OutboxMessage], int]:
    """One page of the messages the user may see, newest first, and how many in all."""
    query = select(OutboxMessage).where(_scope(user))
    if status:
        query = query.where(OutboxMessage.status == status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(OutboxMessage.created_at.desc(),
                                             OutboxMessage.id.desc())
                              .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE))
    return list(rows), total


def status_counts(user: User) -> dict[str, int]:
    return dict(db.session.execute(
        select(OutboxMessage.status, func.count()).where(_scope(user))
        .group_by(OutboxMessage.status)).all())


def get_message(user: User, message_id: int) -> OutboxMessage | None:
    """The message, if the user may see it (None, answered 404, otherwise)."""
    if not can(user, "mail.outbox"):
        return None
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id,
                                                         _scope(user)))


def send_again(message: OutboxMessage, *, by: User) -> None:
    """Put a failed message back in the queue, due now, with a fresh set of attempts."""
    require(by, "mail.resend")
    if get_message(by, message.id) is None:
        raise MailError("There is no such message")
    with transaction():
        done = db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message.id,
                                        OutboxMessage.status == FAILED)
            .values(status=QUEUED, due_at=utcnow(), attempts=0, claimed_at=None,
                    claimed_by=None)
            .execution_options(synchronize_session=False)).rowcount
        if not done:
            raise MailError("Only a message that failed can be sent again: this one "
                            "has not failed")
        audit.record("mail.resend", user=by, object_type="outbox_message",
                     object_id=message.id, office_id=message.office_id, kind=message.kind,
                     to=message.to_address, last_error=message.last_error)
        db.session.info.setdefault("queued_mail", []).append(message.id)
    db.session.refresh(message)


def set_preferences(user: User, *, reminders: str, routine: str) -> bool:
    """Save the user's own choice; returns whether anything changed."""
    if reminders not in MAIL_CHOICES or routine not in MAIL_CHOICES:
        raise MailError("Choose how you get each kind of email")
    if (user.mail_reminders, user.mail_routine) == (reminders, routine):
        return False
    with transaction():
        audit.record("user.mail_preferences", user=user, obj=user,
                     reminders_before=user.mail_reminders, reminders=reminders,
                     routine_before=user.mail_routine, routine=routine)
        user.mail_reminders, user.mail_routine = reminders, routine
    return True

"""Searching an office's audit trail (read-only; never writes or commits).

Every search, count and list of choices is of one office's events
(``models.offices.in_office``): another office's events, and the service's own (of no
office: a failed sign-in with an unknown email, say), are never found, whatever the
filters name. On a one-office service the service's own events are the office's too, so
the page shows what it showed before there were offices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from forms.format.dates import uk_day_start
from models import AuditEvent, db
from models.offices import in_office

from .offices import is_single_office

PAGE_SIZE = 50


def _of_office(office_id: int):
    """The condition keeping office ``office_id``'s events (and, on a one-office service,
    the service's own)."""
    if is_single_office():
        return or_(in_office(AuditEvent, office_id), AuditEvent.office_id.is_(None))
    return in_office(AuditEvent, office_id)


@dataclass(frozen=True)
class EventFilters:
    action: str | None = None
    user: str | None = None  # part of the actor's email
    object_type: str | None = None
    object_id: str | None = None
    date_from: date | None = None  # inclusive, a day in UK time
    date_to: date | None = None  # inclusive


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    page: int
    pages: int
    total: int


def search_events(filters: EventFilters, page: int = 1, per_page: int = PAGE_SIZE, *,
                  office_id: int) -> EventPage:
    """Office ``office_id``'s events matching ``filters``, newest first, one page at a
    time."""
    conditions = [_of_office(office_id)]
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.user:
        needle = filters.user.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(AuditEvent.actor).like(f"%{needle}%", escape="\\"))
    if filters.object_type:
        conditions.append(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        conditions.append(AuditEvent.object_id == filters.object_id)
    if filters.date_from:
        conditions.append(AuditEvent.at >= uk_day_start(filters.date_from))
    if filters.date_to:
        conditions.append(AuditEvent.at < uk_day_start(filters.date_to + timedelta(days=1)))
    total = db.session.scalar(select(func.count(AuditEvent.id)).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    events = db.session.scalars(
        select(AuditEvent).where(*conditions)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
        .options(selectinload(AuditEvent.user))
    ).all()
    return EventPage(list(events), page, pages, total)


def known_actions(*, office_id: int) -> list[str]:
    """The actions of the office's events (the filter's choices)."""
    return list(db.session.scalars(
        select(AuditEvent.action).distinct().where(_of_office(office_id))
        .order_by(AuditEvent.action)))


def known_object_types(*, office_id: int) -> list[str]:
    return list(db.session.scalars(
        select(AuditEvent.object_type).distinct()
        .where(AuditEvent.object_type.is_not(None), _of_office(office_id))
        .order_by(AuditEvent.object_type)))

"""Audit events. Never records passwords, tokens or answer text."""

from __future__ import annotations

from typing import Any

from models import AuditEvent, Organisation, User, db, office_of

from .database import ensure_writing


def record(
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    obj: Any = None,
    object_type: str | None = None,
    object_id: Any = None,
    organisation_id: int | None = None,
    office_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event to the session (the caller's transaction commits it). The event
    belongs to ``office_id``, else to the office of the object, of the user, or of the
    organisation it names, in that order (None: an event of the service itself)."""
    ensure_writing()  # a GET request (a download) writes nothing else before this
    if obj is not None:
        object_type = object_type or type(obj).__tablename__
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    event = AuditEvent(
        user_id=user.id if user is not None else None,
        actor=actor or (user.email if user is not None else "system"),
        role=user.role if user is not None else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        organisation_id=organisation_id,
        office_id=office_id or _office(obj, user, organisation_id),
        detail=detail or None,
    )
    db.session.add(event)
    return event


def _office(obj: Any, user: User | None, organisation_id: int | None) -> int | None:
    found = office_of(obj) or (user.office_id if user is not None else None)
    if found is None and organisation_id is not None:
        org = db.session.get(Organisation, organisation_id)
        found = org.office_id if org is not None else None
    return found

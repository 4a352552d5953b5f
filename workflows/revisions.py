"""Response revisions: the optimistic-lock counter and the history of changes.

Every change to a response bumps ``Response.revision`` and adds a
``ResponseRevision`` row numbered with the new value. The bump is one SQL
``UPDATE ... SET revision = revision + 1`` (never a read-modify-write in
Python), so two concurrent changes can never both get the same number; a
guarded bump also names the revision the change started from and the statuses
it applies to, and changes nothing when either no longer holds.

Nothing here commits: callers run inside ``workflows.database.transaction()``.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from models import Response, ResponseRevision, User, db, utcnow
from models.status import response_move, sources_of

_TABLE = Response.__table__


class StaleRevision(Exception):
    """The response changed (or changed status) since the caller read it."""

    def __init__(self, response: Response, expected: int | None):
        super().__init__(f"response {response.id} is not at revision {expected}")
        self.response = response
        self.expected = expected


def bump(response: Response, user: User | None, *, expected: int | None = None,
         statuses: Iterable[str] | None = None, **values: Any) -> int | None:
    """Atomically raise the revision (and set ``values`` on the row).

    With ``expected`` and/or ``statuses``, the UPDATE only applies while the
    row is still at that revision and in one of those statuses; returns the
    new revision number, or None when the guard no longer held.
    """
    now = utcnow()
    stmt = update(_TABLE).where(_TABLE.c.id == response.id)
    if expected is not None:
        stmt = stmt.where(_TABLE.c.revision == expected)
    if statuses is not None:
        stmt = stmt.where(_TABLE.c.status.in_(tuple(statuses)))
    values = {"updated_at": now, "updated_by_id": user.id if user else None, **values}
    stmt = stmt.values(revision=_TABLE.c.revision + 1, **values).returning(_TABLE.c.revision)
    new = db.session.execute(stmt).scalar()
    if new is None:
        return None
    set_committed_value(response, "revision", new)
    for key, value in values.items():
        set_committed_value(response, key, value)
    if "updated_by_id" in values:
        set_committed_value(response, "updated_by", user)
    return new


def add_revision_row(response: Response, number: int, action: str, user: User | None,
                     changes: dict) -> ResponseRevision:
    row = ResponseRevision(response_id=response.id, number=number, action=action,
                           user_id=user.id if user else None, changes=changes or {})
    db.session.add(row)
    return row


def record_revision(response: Response, action: str, user: User | None,
                    changes: dict, *, expected: int | None = None,
                    statuses: Iterable[str] | None = None, **values: Any) -> ResponseRevision:
    """Bump the response's revision and add the revision row (no commit).

    ``changes`` is ``{question_id: {"before": {...}, "after": {...}}}`` (see
    ``responses.answers_snapshot`` for the shape of each side), or ``{}`` for
    a change of state. ``expected``/``statuses`` guard the change (see
    ``bump``); when the guard fails, ``StaleRevision`` is raised and nothing
    has been written.
    """
    number = bump(response, user, expected=expected, statuses=statuses, **values)
    if number is None:
        raise StaleRevision(response, expected)
    return add_revision_row(response, number, action, user, changes)


def can_move(response: Response, target: str) -> bool:
    """Whether the status table allows ``response`` to move to ``target`` from where it is."""
    return response_move(response.status, target) is not None


def move(response: Response, target: str, user: User | None, *, expected: int | None = None,
         changes: dict | None = None, **values: Any) -> ResponseRevision:
    """Move the response to ``target`` by the status table (no commit).

    The UPDATE applies only while the row is in one of the statuses that a move to
    ``target`` starts from (and, with ``expected``, still at that revision); it sets
    the move's timestamp column and ``values``. Raises ``StaleRevision`` when the
    guard does not hold (nothing is written).
    """
    sources = sources_of(target)
    if not sources:
        raise ValueError(f"no move leads to {target!r}")
    first = response_move(sources[0], target)
    values.setdefault(first.stamp, utcnow())
    return record_revision(response, first.action, user, changes or {}, expected=expected,
                           statuses=sources, status=target, **values)


def revisions_since(response: Response, number: int) -> list[ResponseRevision]:
    """The revisions after ``number``, oldest first."""
    return list(db.session.scalars(
        select(ResponseRevision)
        .where(ResponseRevision.response_id == response.id, ResponseRevision.number > number)
        .order_by(ResponseRevision.number)
    ))


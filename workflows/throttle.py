"""Counting requests per key in the database (so every app server shares the count):
``hit(key, limit=..., window=...)`` says whether one more request is allowed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models import RequestThrottle, db, utcnow

from .database import ensure_writing


def _row(key: str, now: datetime) -> RequestThrottle:
    """The key's row, created if need be and locked for this transaction (FOR UPDATE on
    PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": pg_insert, "sqlite": sqlite_insert}.get(dialect)
    if insert is not None:
        db.session.execute(insert(RequestThrottle)
                           .values(key=key, count=0, window_started_at=now)
                           .on_conflict_do_nothing(index_elements=["key"]))
    elif db.session.get(RequestThrottle, key) is None:  # pragma: no cover - other databases
        db.session.add(RequestThrottle(key=key, count=0, window_started_at=now))
        db.session.flush()
    return db.session.scalars(
        select(RequestThrottle).where(RequestThrottle.key == key)
        .with_for_update().execution_options(populate_existing=True)).one()


def hit(key: str, *, limit: int, window: timedelta, now: datetime | None = None) -> bool:
    """Count a request of ``key`` (in the caller's transaction): True when it is within
    ``limit`` requests of the current window, False when it is one too many. A window
    starts at the first request after the last window ended."""
    ensure_writing()
    now = now or utcnow()
    row = _row(key[:300], now)
    if row.window_started_at + window <= now:
        row.count, row.window_started_at = 0, now
    row.count += 1
    return row.count <= limit


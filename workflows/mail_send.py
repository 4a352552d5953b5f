"""Delivering the outbox: ``send_due()`` is what ``flask mail send`` runs.

Exactly once, with several senders on several app servers: a sender claims a batch of
due rows in one short transaction (``queued`` -> ``sending``, naming itself in
``claimed_by``), sends them with no transaction open, and records each outcome in a
transaction of its own. On PostgreSQL the claim selects with ``FOR UPDATE SKIP
LOCKED``, so two senders never wait on or take each other's rows; on SQLite every
writing transaction holds the database's write lock (BEGIN IMMEDIATE), and the claim's
``UPDATE ... WHERE status = 'queued'`` takes only rows nobody claimed first.

A failed attempt puts the message back in the queue, due again after
``MAIL_RETRY_SECONDS`` doubled after each failure; after ``MAIL_MAX_ATTEMPTS`` it is
``failed``, with its last reason, until an admin sends it again. A sender that dies
mid-send leaves rows ``sending``: after ``STALE_CLAIM`` they are queued again (such a
message may then go twice: the one case that can).
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from models import OutboxMessage, db, utcnow
from models.mail import FAILED, QUEUED, SENDING, SENT

from .database import ensure_writing, transaction
from .mail_transports import Envelope, mail_logger, transport_for

STALE_CLAIM = timedelta(minutes=15)
BATCH = 50
BACKOFF_CAP = timedelta(hours=6)


@dataclass
class SendResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def add(self, other: "SendResult") -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed


def sender_name() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def send_due(*, now: datetime | None = None, transport=None, limit: int | None = None,
             worker: str | None = None) -> SendResult:
    """Deliver every message due by ``now`` (all of them, batch by batch, or at most
    ``limit``); returns how many went, wait for a retry, and failed for good."""
    transport = transport or transport_for(current_app.config)
    worker = worker or sender_name()
    result = SendResult()
    release_stale(now=now)
    while limit is None or result.sent + result.retrying + result.failed < limit:
        size = BATCH if limit is None else min(BATCH, limit - result.sent - result.retrying
                                               - result.failed)
        batch = claim(worker, now=now, size=size)
        if not batch:
            break
        for envelope in batch:
            result.add(deliver(envelope, transport, now=now))
    return result


def send_these(ids: list[int], *, transport=None) -> SendResult:
    """Deliver these messages now if they are still waiting (the log transport's
    delivery right after the commit that queued them)."""
    transport = transport or transport_for(current_app.config)
    result = SendResult()
    for envelope in claim(sender_name(), ids=ids, size=len(ids)):
        result.add(deliver(envelope, transport))
    return result


def claim(worker: str, *, now: datetime | None = None, size: int = BATCH,
          ids: list[int] | None = None) -> list[Envelope]:
    """Take up to ``size`` due messages for this worker, as plain envelopes."""
    now = now or utcnow()
    ensure_writing()
    with transaction():
        query = select(OutboxMessage.id).where(OutboxMessage.status == QUEUED)
        query = query.where(OutboxMessage.id.in_(ids)) if ids is not None else query.where(
            OutboxMessage.due_at <= now)
        query = query.order_by(OutboxMessage.due_at, OutboxMessage.id).limit(size)
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        chosen = list(db.session.scalars(query))
        if not chosen:
            return []
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chosen), OutboxMessage.status == QUEUED)
            .values(status=SENDING, claimed_at=now, claimed_by=worker)
            .execution_options(synchronize_session=False))
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(chosen),
                                        OutboxMessage.claimed_by == worker,
                                        OutboxMessage.status == SENDING)
            .order_by(OutboxMessage.id)
            .execution_options(populate_existing=True)).all()
        envelopes = [_envelope(row) for row in rows]
    return envelopes


def _envelope(row: OutboxMessage) -> Envelope:
    return Envelope(id=row.id, kind=row.kind, to_address=row.to_address, subject=row.subject,
                    body_text=row.body_text, body_html=row.body_html or "",
                    context=dict(row.context_json or {}))


def deliver(envelope: Envelope, transport, *, now: datetime | None = None) -> SendResult:
    """Send one claimed message and record how it went."""
    try:
        transport.send(envelope)
    except Exception as error:  # any failure of the transport: record it and retry
        return _record_failure(envelope, str(error) or type(error).__name__, now)
    with transaction():
        db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == envelope.id)
            .values(status=SENT, sent_at=now or utcnow(), last_error=None,
                    attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False))
    mail_logger().info("mail #%s %s sent to %s by %s", envelope.id, envelope.kind,
                       envelope.to_address, getattr(transport, "name", "?"))
    return SendResult(sent=1)


def _record_failure(envelope: Envelope, reason: str, now: datetime | None) -> SendResult:
    now = now or utcnow()
    config = current_app.config
    with transaction():
        row = db.session.get(OutboxMessage, envelope.id, populate_existing=True)
        row.attempts += 1
        row.last_error = reason[:500]
        row.claimed_at = row.claimed_by = None
        gave_up = row.attempts >= int(config["MAIL_MAX_ATTEMPTS"])
        row.status = FAILED if gave_up else QUEUED
        if not gave_up:
            row.due_at = now + retry_delay(row.attempts)
    mail_logger().warning("mail #%s %s to %s not sent (attempt %s%s): %s", envelope.id,
                          envelope.kind, envelope.to_address, row.attempts,
                          ", given up" if gave_up else "", reason)
    return SendResult(failed=1) if gave_up else SendResult(retrying=1)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure: MAIL_RETRY_SECONDS, doubled
    after each failure, at most six hours."""
    base = int(current_app.config["MAIL_RETRY_SECONDS"])
    return min(timedelta(seconds=base * 2 ** (attempts - 1)), BACKOFF_CAP)


def release_stale(*, now: datetime | None = None) -> int:
    """Queue again the messages a sender claimed and never finished (it died)."""
    now = now or utcnow()
    with transaction():
        done = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - STALE_CLAIM)
            .values(status=QUEUED, claimed_at=None, claimed_by=None)
            .execution_options(synchronize_session=False))
    return done.rowcount

"""On SQLite, GET requests read without the write lock, so a long read (an Excel export)
never keeps writers waiting; other requests still take it at their start."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from models import Organisation, db
from tests.conftest import PG_URL
from workflows.database import start_writing

pytestmark = pytest.mark.skipif(
    bool(PG_URL), reason="SQLite behaviour; this run is on PostgreSQL (TEST_DATABASE_URL)")


def _other_writer_can_start(app) -> bool:
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    other = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        other.close()


def _read_in_request(app, method: str) -> bool:
    with app.test_request_context("/", method=method):
        db.session.scalars(select(Organisation)).all()  # the transaction is open now
        free = _other_writer_can_start(app)
        db.session.rollback()
    return free


def test_a_get_request_reads_without_taking_the_write_lock(app):
    assert _read_in_request(app, "GET") is True
    assert _read_in_request(app, "HEAD") is True


def test_other_requests_take_the_write_lock_at_their_first_statement(app):
    assert _read_in_request(app, "POST") is False


def test_a_get_request_that_must_write_starts_writing_first(app):
    with app.test_request_context("/", method="GET"):
        db.session.scalars(select(Organisation)).all()
        start_writing()
        db.session.scalars(select(Organisation)).all()
        assert _other_writer_can_start(app) is False
        db.session.rollback()


def test_an_audit_event_in_a_get_request_survives_a_write_made_meanwhile(app):
    """A read transaction cannot be upgraded once another connection has written since it
    began (SQLite answers "database is locked" at once, whatever the busy timeout); the
    audit event of a download must therefore start a new, writing transaction."""
    from models import AuditEvent
    from workflows import audit
    from workflows.database import transaction

    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    with app.test_request_context("/", method="GET"):
        db.session.scalars(select(Organisation)).all()  # the read snapshot starts here
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("INSERT INTO office (name, code, benchmark_opt_in, created_at) "
                      "VALUES ('Meanwhile', 'MW', 0, '2026-01-01 00:00:00')")
        other.close()
        with transaction():
            audit.record("test.download", actor="tester")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "test.download"))

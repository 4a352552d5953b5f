"""workflows/database.py on SQLite: pragmas on every connection, and BEGIN IMMEDIATE so
that two writers queue instead of failing with "database is locked"."""

from __future__ import annotations

import gc
import sqlite3
import threading

import pytest
from sqlalchemy import select, text

from app import TestConfig, create_app
from models import SignInThrottle, db
from tests.conftest import PG_URL
from workflows.database import transaction

pytestmark = pytest.mark.skipif(
    bool(PG_URL), reason="SQLite behaviour; this run is on PostgreSQL (TEST_DATABASE_URL)")


def sqlite_path(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")


def test_every_connection_has_foreign_keys_wal_and_a_busy_timeout(app):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_engines_are_set_up_even_when_python_reuses_an_old_engines_id(tmp_path, database_url):
    """Apps come and go (tests, workers); each new engine must get the pragmas."""
    for n in range(30):
        other = create_app(TestConfig(tmp_path / f"i{n}", database_url))
        with other.app_context():
            assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            db.session.remove()
            db.engine.dispose()
        del other
        gc.collect()


def test_a_transaction_takes_the_write_lock_when_it_begins(app):
    db.session.execute(select(SignInThrottle)).all()  # a read: the transaction has begun
    other = sqlite3.connect(sqlite_path(app), timeout=0, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.session.commit()
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_two_threads_writing_at_once_never_see_database_is_locked(app):
    """Each thread reads a counter, pauses, and writes it back plus one, 40 times. Without
    BEGIN IMMEDIATE the second writer fails with "database is locked" (its read snapshot
    is stale); with it, the writers queue and no increment is lost."""
    with transaction():
        db.session.add(SignInThrottle(email="counter@example.org", failures=0))
    db.session.remove()
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def work():
        try:
            start.wait()
            for _ in range(40):
                with app.app_context():
                    with transaction():
                        row = db.session.get(SignInThrottle, "counter@example.org")
                        seen = row.failures
                        threading.Event().wait(0.001)
                        row.failures = seen + 1
                    db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert db.session.get(SignInThrottle, "counter@example.org").failures == 80

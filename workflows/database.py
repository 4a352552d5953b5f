"""Engine set-up and the one place that commits.

On SQLite every connection turns on foreign keys, WAL and a busy timeout, and
every transaction that may write starts with BEGIN IMMEDIATE, so that two
writers queue on the busy timeout instead of failing with "database is locked"
when a read transaction tries to upgrade to a write. The transactions of GET
and HEAD requests only read, so they start with a plain BEGIN and never hold
the write lock (WAL lets them read while another request writes): a long read,
such as an Excel export, would otherwise keep every writer waiting, and the
writers past the busy timeout would fail. A GET request that must write (an
audited download) calls ``start_writing()`` first.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from models import db

SQLITE_BUSY_TIMEOUT_MS = 30_000

def _on_connect(dbapi_connection, _record) -> None:
    # Take over transaction control from the sqlite3 module.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN" if _only_reads() else "BEGIN IMMEDIATE")


def _only_reads() -> bool:
    return (has_request_context() and request.method in ("GET", "HEAD")
            and not g.get("database_writes", False))


def start_writing() -> None:
    """Before writing in a GET request: end the read transaction (there is nothing to
    save in it) so that the next one starts as a writer (BEGIN IMMEDIATE on SQLite)."""
    if has_request_context():
        g.database_writes = True
    db.session.commit()


def ensure_writing() -> None:
    """Called before any write that a GET request may make (every audit event is one):
    switch to a writing transaction unless this request already writes."""
    if _only_reads():
        start_writing()


def configure_engine(engine: Engine) -> None:
    """Install the SQLite hooks once per engine (asking the engine, not remembering
    its id(): ids are reused once an old engine is garbage-collected)."""
    if engine.dialect.name != "sqlite" or event.contains(engine, "connect", _on_connect):
        return
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


@contextmanager
def transaction() -> Iterator[None]:
    """Run a block of writes as one unit: all of it is committed, or none.

    The one way the app writes: workflows commit only through this (a test checks that
    nothing else calls ``commit()``). Any exception rolls the block back and propagates."""
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.info.pop("queued_mail", None)  # rolled back: nothing to send
        db.session.rollback()
        raise
    _after_commit()


def _after_commit() -> None:
    """With the log transport, deliver the messages just committed at once (there is
    no mail server to wait for, and `make run` runs no sender); any other transport
    leaves them to `flask mail send`."""
    ids = db.session.info.pop("queued_mail", None)
    if ids and current_app.config.get("MAIL_TRANSPORT", "log") == "log":
        from .mail_send import send_these

        send_these(ids)

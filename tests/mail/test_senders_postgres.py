"""Two senders (two `flask mail send` processes) on one PostgreSQL database deliver
1,000 queued messages exactly once: rows are claimed with FOR UPDATE SKIP LOCKED.

Needs TEST_DATABASE_URL (skipped without it, like tests/test_multiprocess.py;
REQUIRE_POSTGRES=1 makes that a failure)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import func, insert, select

from app import ROOT
from models import OutboxMessage, db, utcnow
from tests.conftest import PG_URL, REQUIRE_POSTGRES

pytestmark = pytest.mark.postgres
COUNT = 1000


@pytest.fixture
def on_postgres(app):
    if not PG_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL (see README.md)")
    return app


def _sender(smtp_server) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "ASSURANCE_NO_DEFAULT_APP"}
    env.update(DATABASE_URL=PG_URL, SECRET_KEY="senders-test-secret", MAIL_TRANSPORT="smtp",
               SMTP_HOST=smtp_server.host, SMTP_PORT=str(smtp_server.port), SMTP_TLS="none",
               MAIL_FROM="assurance@example.org")
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "mail", "send"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_senders_deliver_a_thousand_messages_exactly_once(on_postgres, smtp_server):
    now = utcnow()
    db.session.execute(insert(OutboxMessage), [
        {"kind": "test.bulk", "to_address": f"person{n}@example.org", "subject": f"Message {n}",
         "body_text": f"Body {n}\n", "body_html": "", "context_json": {}, "created_at": now,
         "due_at": now, "status": "queued", "attempts": 0} for n in range(COUNT)])
    db.session.commit()
    smtp_server.delay_seconds = 0.005  # slow enough that both senders take a share
    senders = [_sender(smtp_server) for _ in range(2)]
    outputs = [sender.communicate(timeout=600) for sender in senders]
    for sender, (_out, err) in zip(senders, outputs):
        assert sender.returncode == 0, err
    subjects = Counter(r["Subject"] for r in smtp_server.received)
    assert len(subjects) == COUNT and set(subjects.values()) == {1}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(OutboxMessage.status == "sent")) == COUNT
    assert set(db.session.scalars(select(OutboxMessage.attempts))) == {1}
    shares = Counter(db.session.scalars(select(OutboxMessage.claimed_by)))
    assert len(shares) == 2, f"one sender did all the work: {shares}"

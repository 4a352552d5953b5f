"""Migration 0005: the outbox and each user's email choices; users already there get
every message, and going back keeps them."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from models import db
from tests.migrations.test_0003_offices import at_0002, insert, scalar  # noqa: F401

USER = ("user_account", {"id": 1, "email": "a@example.org", "name": "A", "role": "pcc",
                         "password_hash": "x", "session_version": 1, "active": True,
                         "created_at": "2026-01-01 00:00:00"})


def _tables() -> list[str]:
    with db.engine.connect() as conn:
        return sa.inspect(conn).get_table_names()


def test_existing_users_get_every_message_and_the_outbox_comes_and_goes(at_0002):  # noqa: F811
    insert([USER])
    upgrade(revision="0005")
    assert "outbox_message" in _tables()
    assert scalar("SELECT mail_reminders || '/' || mail_routine FROM user_account") == \
        "each/each"
    downgrade(revision="0003")
    assert "outbox_message" not in _tables()
    assert scalar("SELECT email FROM user_account") == "a@example.org"
    upgrade(revision="0005")
    assert scalar("SELECT COUNT(*) FROM outbox_message") == 0

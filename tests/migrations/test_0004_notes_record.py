"""Migration 0004 (the notes record): on SQLite, and with TEST_DATABASE_URL on
PostgreSQL, it adds the record, part and version tables with their keys, and its
downgrade takes them away again, leaving the rest as it was."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from models import db
from tests.migrations.test_0003_offices import at_0002  # noqa: F401 (a fixture)

NEW = {"notes_record", "notes_part", "notes_version"}


def tables() -> set[str]:
    with db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_upgrade_adds_the_notes_tables_and_downgrade_removes_them(at_0002):  # noqa: F811
    upgrade(revision="0003")
    before = tables()
    assert not NEW & before
    upgrade(revision="0004")
    assert tables() == before | NEW
    with db.engine.connect() as conn:
        inspector = sa.inspect(conn)
        uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("notes_part")}
        assert ("record_id", "key") in uniques
        versions = {tuple(u["column_names"])
                    for u in inspector.get_unique_constraints("notes_version")}
        assert ("round_id", "number") in versions
    downgrade(revision="0003")
    assert tables() == before

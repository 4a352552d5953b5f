"""Migration 0007 adds the verdict table, on SQLite and PostgreSQL, and goes back."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from models import db
from tests.migrations.test_0003_offices import at_0002  # noqa: F401  (fixture)


def tables() -> set[str]:
    with db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_0007_adds_the_verdict_table_and_goes_back(at_0002):  # noqa: F811
    upgrade(revision="0003")
    assert "verdict" not in tables()
    upgrade(revision="0007")
    assert "verdict" in tables()
    with db.engine.connect() as conn:
        checks = {c["name"] for c in sa.inspect(conn).get_check_constraints("verdict")}
        unique = sa.inspect(conn).get_unique_constraints("verdict")
    assert {"ck_verdict_level", "ck_verdict_source", "ck_verdict_status"} <= checks
    assert [u["column_names"] for u in unique] == [
        ["response_id", "section_id", "question_id", "version"]]
    downgrade(revision="0003")
    assert "verdict" not in tables()
    upgrade(revision="0007")
    assert "verdict" in tables()

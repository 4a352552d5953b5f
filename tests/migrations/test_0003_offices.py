"""Migration 0003 (offices) on a database that held one OPCC's data before offices came.

Each test builds a fresh database at revision 0002 (a SQLite file, and with
TEST_DATABASE_URL a PostgreSQL schema of its own, so the suite's tables are untouched),
fills it with plain SQL, upgrades it to head and checks that one office was made from the
OPCC organisation (or a new one), that every row is in it, and that nothing was lost.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import TestConfig, create_app, normalise_db_url
from models import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
# The tables of revision 0002, parents first.
TABLES = ("organisation", "user_account", "questionnaire", "questionnaire_version",
          "version_question", "round", "attendee", "response", "answer", "response_revision",
          "review_comment", "addition", "gap", "gap_entry", "audit_event", "pending_input",
          "sign_in_throttle")
SCOPED = ("organisation", "user_account", "questionnaire", "round", "audit_event")

NOW = "2024-05-01 10:00:00"
ONE_OFFICE = [
    ("organisation", {"id": 1, "name": "Office of the PCC for West Mercia", "code": "WMOPCC",
                      "kind": "opcc", "created_at": NOW}),
    ("organisation", {"id": 2, "name": "West Mercia Police", "code": "WMP", "kind": "force",
                      "created_at": NOW}),
    ("organisation", {"id": 3, "name": "Telford LPA", "code": None, "kind": "other",
                      "created_at": NOW}),
    *[("user_account", {"id": n, "email": f"{role}@example.org", "name": role.title(),
                        "role": role, "organisation_id": org, "active": True,
                        "password_hash": "x", "session_version": 1, "created_at": NOW})
      for n, role, org in ((1, "admin", None), (2, "pcc", None), (3, "respondent", 2))],
    ("questionnaire", {"id": 1, "key": "cse-assurance", "title": "CSE", "created_at": NOW}),
    ("questionnaire_version", {"id": 1, "questionnaire_id": 1, "version": 1, "title": "CSE",
                               "yaml_text": "id: cse-assurance", "content_hash": "0" * 64,
                               "definition_json": "{}", "question_count": 1,
                               "loaded_by_id": 1, "loaded_at": NOW}),
    ("version_question", {"id": 1, "version_id": 1, "question_id": "q1", "position": 1,
                          "section_id": "s1", "type": "rating", "wording": "How confident?",
                          "replaces": "[]"}),
    ("round", {"id": 1, "title": "CSE assurance", "questionnaire_version_id": 1,
               "meeting_date": "2016-09-22", "venue": "HQ", "chair": "The PCC",
               "note_taker": "", "purpose": "", "status": "open", "invented": False,
               "created_at": NOW, "created_by_id": 1, "opened_at": NOW}),
    ("attendee", {"id": 1, "round_id": 1, "position": 1, "name": "Jo", "capacity": "CC"}),
    ("response", {"id": 1, "round_id": 1, "organisation_id": 2, "questionnaire_version_id": 1,
                  "status": "draft", "revision": 1, "created_at": NOW}),
    ("answer", {"id": 1, "response_id": 1, "question_id": "q1", "value": "3", "rating": 3,
                "explanation": "Fair", "from_last_round": False, "updated_at": NOW}),
    ("gap", {"id": 1, "organisation_id": 2, "questionnaire_key": "cse-assurance",
             "question_id": "q1", "title": "Training", "status": "open", "first_round_id": 1,
             "first_response_id": 1, "created_at": NOW}),
    ("gap_entry", {"id": 1, "gap_id": 1, "response_id": 1, "question_id": "q1", "position": 1,
                   "status": "open", "carried": False, "updated_at": NOW}),
    ("audit_event", {"id": 1, "at": NOW, "user_id": 1, "actor": "admin@example.org",
                     "role": "admin", "action": "round.create", "object_type": "round",
                     "object_id": "1"}),
    ("audit_event", {"id": 2, "at": NOW, "actor": "cli", "action": "org.create",
                     "object_type": "organisation", "object_id": "2", "organisation_id": 2}),
]


def _urls():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not PG_URL, reason="TEST_DATABASE_URL is not set"))


@pytest.fixture(params=list(_urls()))
def at_0002(request, tmp_path):
    """An app on a fresh database migrated to 0002 (in an app context)."""
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'migration.sqlite'}", None
    else:
        schema = f"migration_{uuid.uuid4().hex[:10]}"
        _pg_execute(f"CREATE SCHEMA {schema}")
        sep = "&" if "?" in PG_URL else "?"
        url = f"{normalise_db_url(PG_URL)}{sep}options=-csearch_path%3D{schema}"
    app = create_app(TestConfig(tmp_path, url))
    with app.app_context():
        upgrade(revision="0002")
        yield app
        db.session.remove()
        db.engine.dispose()
    if schema:
        _pg_execute(f"DROP SCHEMA {schema} CASCADE")


def _pg_execute(sql: str) -> None:
    engine = sa.create_engine(normalise_db_url(PG_URL))
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


def insert(rows) -> None:
    with db.engine.begin() as conn:
        for table, values in rows:
            columns = ", ".join(f'"{c}"' for c in values)
            marks = ", ".join(f":{c}" for c in values)
            conn.execute(sa.text(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})'), values)
        if conn.dialect.name == "postgresql":  # the ids were given: move the sequences on
            for table in {t for t, _ in rows}:
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f"(SELECT MAX(id) FROM \"{table}\"))")


def snapshot(columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of the 0002 tables (only ``columns`` of each, when given), sorted."""
    found = {}
    with db.engine.connect() as conn:
        inspector = sa.inspect(conn)  # on this connection: SQLite has one writer at a time
        for table in TABLES:
            names = (columns or {}).get(table) or [c["name"] for c in inspector.get_columns(table)]
            quoted = ", ".join(f'"{n}"' for n in names)
            rows = conn.execute(sa.text(f'SELECT {quoted} FROM "{table}"')).all()
            found[table] = sorted((tuple(r) for r in rows), key=repr)
    return found


def columns_now() -> dict[str, list[str]]:
    with db.engine.connect() as conn:
        inspector = sa.inspect(conn)
        return {t: [c["name"] for c in inspector.get_columns(t)] for t in TABLES}


def scalar(sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def offices() -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(
            "SELECT id, name, code, benchmark_opt_in FROM office ORDER BY id"))]


# --- upgrade ----------------------------------------------------------------------------


def test_one_offices_data_goes_into_an_office_made_from_its_opcc(at_0002):
    insert(ONE_OFFICE)
    old_columns = columns_now()
    before = snapshot()
    upgrade(revision="0003")
    assert scalar("SELECT version_num FROM alembic_version") == "0003"
    [(office_id, name, code, opted_in)] = offices()
    assert (name, code, opted_in) == ("Office of the PCC for West Mercia", "WMOPCC", False)
    for table in SCOPED:
        assert scalar(f'SELECT COUNT(*) FROM "{table}" WHERE office_id IS NULL '
                      f'OR office_id <> :office', office=office_id) == 0, table
    assert snapshot(old_columns) == before  # every row, every value, as it was


def test_the_app_reads_the_migrated_office(at_0002):
    from workflows import accounts, lookups, questionnaires, rounds
    from workflows.offices import the_office

    insert(ONE_OFFICE)
    upgrade(revision="0003")
    office = the_office()
    assert office.code == "WMOPCC"
    assert [o.name for o in lookups.organisations_by_name()] == [
        "Office of the PCC for West Mercia", "Telford LPA", "West Mercia Police"]
    assert len(lookups.users_by_email()) == 3
    assert accounts.find_org("wmp").office_id == office.id
    assert [v.label for v in questionnaires.list_versions()] == ["cse-assurance@1"]
    assert [r.title for r in rounds.list_rounds()] == ["CSE assurance"]


def test_data_without_an_opcc_gets_a_new_office(at_0002):
    insert([row for row in ONE_OFFICE if row[1].get("kind") != "opcc"])
    before = snapshot()
    upgrade(revision="0003")
    [(office_id, name, code, _)] = offices()
    assert (name, code) == ("Office of the Police and Crime Commissioner", "OPCC")
    assert scalar("SELECT COUNT(*) FROM organisation WHERE office_id = :o", o=office_id) == 2
    assert {t: len(rows) for t, rows in snapshot().items()} == {
        t: len(rows) for t, rows in before.items()}


def test_an_opcc_without_a_code_gives_the_office_the_default_code(at_0002):
    rows = [(t, {**v, "code": None} if v.get("kind") == "opcc" else v) for t, v in ONE_OFFICE]
    insert(rows)
    upgrade(revision="0003")
    [(_, name, code, _)] = offices()
    assert (name, code) == ("Office of the PCC for West Mercia", "OPCC")


def test_an_empty_database_gets_no_office(at_0002):
    upgrade(revision="0003")
    assert offices() == []
    assert all(not rows for rows in snapshot().values())


# --- downgrade --------------------------------------------------------------------------


def test_downgrade_of_one_office_keeps_the_data(at_0002):
    insert(ONE_OFFICE)
    before = snapshot()
    upgrade(revision="0003")
    downgrade(revision="0002")
    assert scalar("SELECT version_num FROM alembic_version") == "0002"
    with db.engine.connect() as conn:
        assert "office" not in sa.inspect(conn).get_table_names()
    assert snapshot() == before
    upgrade(revision="0003")  # and up again
    assert [o[2] for o in offices()] == ["WMOPCC"]


def test_downgrade_with_several_offices_is_refused_and_changes_nothing(at_0002):
    insert(ONE_OFFICE)
    upgrade(revision="0003")
    with db.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO office (name, code, benchmark_opt_in, created_at) "
                             "VALUES ('South', 'SOUTH', :no, CURRENT_TIMESTAMP)"), {"no": False})
    after = snapshot()
    with pytest.raises(SystemExit):  # Flask-Migrate logs the RuntimeError and exits 1
        downgrade(revision="0002")
    db.engine.dispose()
    assert scalar("SELECT version_num FROM alembic_version") == "0003"
    assert snapshot() == after and len(offices()) == 2

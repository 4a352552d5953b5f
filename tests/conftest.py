"""Fixtures in the style of the Flask tutorial and GOV.UK Notify.

The suite runs on SQLite by default. With TEST_DATABASE_URL set it runs on
that PostgreSQL database instead; either way the schema is built by the
Alembic migrations, once per run, and every test starts from empty tables.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ASSURANCE_NO_DEFAULT_APP", "1")

from app import TestConfig, create_app  # noqa: E402
from models import db  # noqa: E402
from tests.db import create_org, create_user  # noqa: E402
from tests.helpers import ClientRequest, sign_in, text_of

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def _truthy(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false", "no")


REQUIRE_POSTGRES = _truthy("REQUIRE_POSTGRES")
REQUIRE_BROWSER = _truthy("REQUIRE_BROWSER")


def pytest_configure(config):
    if REQUIRE_POSTGRES and not PG_URL:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")


def _migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory) -> str:
    """A migrated database: a SQLite file to copy, or the PostgreSQL URL."""
    if PG_URL:
        instance = tmp_path_factory.mktemp("instance-pg")
        _migrate(create_app(TestConfig(instance, PG_URL)))
        return PG_URL
    instance = tmp_path_factory.mktemp("instance-template")
    path = instance / "template.sqlite"
    _migrate(create_app(TestConfig(instance, f"sqlite:///{path}")))
    return str(path)


def _empty_postgres() -> None:
    from sqlalchemy import create_engine

    from app import normalise_db_url

    engine = create_engine(normalise_db_url(PG_URL))
    with engine.begin() as conn:  # every table the migrations made, whichever models exist
        names = conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'").scalars().all()
        if names:
            quoted = ", ".join(f'"{name}"' for name in names)
            conn.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture
def database_url(database_template, tmp_path) -> str:
    """A migrated, empty database for this test: a copy of the SQLite template, or the
    PostgreSQL test database with every table emptied."""
    if PG_URL:
        _empty_postgres()
        return PG_URL
    path = tmp_path / "test.sqlite"
    shutil.copyfile(database_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def config_factory(tmp_path, database_url):
    """Build a test config; tests may override settings by keyword."""

    def make(**overrides) -> TestConfig:
        cfg = TestConfig(Path(tmp_path), database_url)
        for key, value in overrides.items():
            setattr(cfg, key, value)
        return cfg

    return make


@pytest.fixture
def app(config_factory):
    application = create_app(config_factory())
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_client(config_factory, app):
    """A client of a second app over the same database that checks CSRF tokens (each
    request gets its own context); ``tests.helpers.sign_in_with_csrf`` signs it in."""
    return create_app(config_factory(WTF_CSRF_ENABLED=True)).test_client()


@pytest.fixture
def client_request(client):
    return ClientRequest(client)


@pytest.fixture
def page_text():
    """page_text(page or element) -> its text as a reader sees it, words separated by
    single spaces (``tests.helpers.text_of``)."""
    return text_of


@pytest.fixture
def org(app):
    return create_org()


@pytest.fixture
def admin(app):
    return create_user(role="admin", email="admin@example.org", name="Ada Admin")


@pytest.fixture
def pcc(app):
    return create_user(role="pcc", email="pcc@example.org", name="Pat Commissioner")


@pytest.fixture
def respondent(app, org):
    return create_user(role="respondent", email="lead@force.example.org", name="Rae Respondent", org=org)


@pytest.fixture
def signed_in(client):
    """sign_in(user) signs the test client in and returns it."""

    def do(user):
        sign_in(client, user)
        return client

    return do


@pytest.fixture
def request_context():
    """A request context of a bare Flask app (no database, CSRF off), for building and
    binding the generated forms; yields the app, whose config a test may change."""
    from flask import Flask

    bare = Flask(__name__)
    bare.config.update(WTF_CSRF_ENABLED=False, SECRET_KEY="test")
    with bare.test_request_context():
        yield bare

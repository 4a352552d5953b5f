"""Configuration from the environment: the SQLite default, the development secret,
production's refusals, and PostgreSQL URLs for psycopg 3."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app import ROOT, Config, create_app, normalise_db_url

ENV_NAMES = ("APP_ENV", "DATABASE_URL", "SECRET_KEY", "SESSION_COOKIE_SECURE")


@pytest.fixture
def env(monkeypatch):
    """A clean environment for Config; set what a test needs with monkeypatch.setenv."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_database_url_sqlite_in_the_instance_folder(env, tmp_path):
    config = Config(tmp_path)
    assert config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'assurance.sqlite'}"
    assert config.APP_ENV == "development"
    assert config.SESSION_COOKIE_SECURE is False


def test_development_generates_a_secret_once_and_reuses_it(env, tmp_path):
    first = Config(tmp_path).SECRET_KEY
    path = tmp_path / "secret_key"
    assert len(first) >= 64 and path.read_text().strip() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Config(tmp_path).SECRET_KEY == first
    other = tmp_path / "other"
    assert Config(other).SECRET_KEY != first


def test_a_given_secret_and_database_are_used(env, tmp_path):
    env.setenv("SECRET_KEY", "from-the-environment")
    env.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite")
    config = Config(tmp_path)
    assert config.SECRET_KEY == "from-the-environment"
    assert config.SQLALCHEMY_DATABASE_URI == "sqlite:////tmp/elsewhere.sqlite"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("given, missing", [
    ({}, "SECRET_KEY and DATABASE_URL"),
    ({"SECRET_KEY": "k" * 40}, "DATABASE_URL"),
    ({"DATABASE_URL": "postgresql://app@db/app"}, "SECRET_KEY"),
    ({"SECRET_KEY": "  ", "DATABASE_URL": "postgresql://app@db/app"}, "SECRET_KEY"),
])
def test_production_refuses_to_start_without_secret_and_database(env, tmp_path, given, missing):
    env.setenv("APP_ENV", "production")
    for name, value in given.items():
        env.setenv(name, value)
    with pytest.raises(RuntimeError, match=f"without {missing}"):
        Config(tmp_path)
    assert not (tmp_path / "secret_key").exists()  # never makes one up


def test_production_settings(env, tmp_path):
    env.setenv("APP_ENV", "production")
    env.setenv("SECRET_KEY", "k" * 40)
    env.setenv("DATABASE_URL", "postgres://app:pw@db.internal:5432/assurance")
    env.setenv("SESSION_COOKIE_SECURE", "0")  # cannot be turned off in production
    config = Config(tmp_path)
    assert config.SESSION_COOKIE_SECURE is True
    assert config.SESSION_COOKIE_HTTPONLY is True and config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.PASSWORD_HASH_METHOD == "scrypt:131072:8:1"
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://app:pw@db.internal:5432/assurance"
    assert getattr(config, "WTF_CSRF_ENABLED", True) is True
    assert config.MAX_CONTENT_LENGTH and config.MAX_CONTENT_LENGTH <= 16 * 1024 * 1024


def test_an_unknown_app_env_is_refused(env, tmp_path):
    env.setenv("APP_ENV", "prod")
    with pytest.raises(RuntimeError, match="APP_ENV must be one of development, production"):
        Config(tmp_path)


@pytest.mark.parametrize("given, expected", [
    ("postgres://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
    ("postgresql://u:p@h/d?sslmode=require", "postgresql+psycopg://u:p@h/d?sslmode=require"),
    ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ("sqlite:////var/lib/app.sqlite", "sqlite:////var/lib/app.sqlite"),
])
def test_postgres_urls_use_psycopg_3(given, expected):
    assert normalise_db_url(given) == expected


def test_the_app_uses_its_config_instance_folder(env, tmp_path):
    env.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    app = create_app(Config(tmp_path / "inst"))
    assert Path(app.instance_path) == tmp_path / "inst"
    assert (tmp_path / "inst" / "secret_key").exists()


def _flask(args: list[str], env_extra: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ENV_NAMES}
    env.pop("ASSURANCE_NO_DEFAULT_APP", None)
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=120)


def test_flask_refuses_to_start_in_production_without_a_secret(tmp_path):
    result = _flask(["routes"], {"APP_ENV": "production",
                                 "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite"})
    assert result.returncode != 0
    assert "APP_ENV=production refuses to start without SECRET_KEY" in result.stderr


def test_demo_is_refused_in_production(env, tmp_path, database_url, app):
    env.setenv("APP_ENV", "production")
    env.setenv("SECRET_KEY", "k" * 40)
    env.setenv("DATABASE_URL", database_url)
    production = create_app(Config(tmp_path))
    with production.app_context():  # the test app's context is open too: be explicit
        result = production.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "refused in production" in result.output

"""The application factory, and the `app` that `flask --app app` finds.

Wires configuration, extensions, blueprints and CLI commands; nothing else.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from models import db

ROOT = Path(__file__).resolve().parent

login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate(directory=str(ROOT / "migrations"), render_as_batch=True)


class Config:
    """Settings from the environment. Development defaults; see README.md."""

    APP_ENV = "development"
    TESTING = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12
    SESSION_COOKIE_NAME = "assurance_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    # scrypt at n=2**17, r=8, p=1; weaker stored hashes are upgraded at sign-in.
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"
    SIGN_IN_MAX_FAILURES = 10
    SIGN_IN_WINDOW_MINUTES = 15
    SIGN_IN_LOCK_MINUTES = 15

    def __init__(self, instance_path: Path) -> None:
        env = os.environ
        self.APP_ENV = env.get("APP_ENV", self.APP_ENV)
        url = env.get("DATABASE_URL")
        if self.APP_ENV == "production":
            if not url or not env.get("SECRET_KEY"):
                raise RuntimeError(
                    "APP_ENV=production needs SECRET_KEY and DATABASE_URL in the environment"
                )
        else:
            self.SESSION_COOKIE_SECURE = env.get("SESSION_COOKIE_SECURE", "0") == "1"
        self.SQLALCHEMY_DATABASE_URI = _normalise_db_url(
            url or f"sqlite:///{instance_path / 'assurance.sqlite'}"
        )
        self.SECRET_KEY = env.get("SECRET_KEY") or _dev_secret(instance_path)


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # fast; production strength is tested on its own

    def __init__(self, instance_path: Path, database_url: str) -> None:
        self.SQLALCHEMY_DATABASE_URI = _normalise_db_url(database_url)
        self.SECRET_KEY = "test-secret-key-not-for-use"
        self.SESSION_COOKIE_SECURE = False


def _normalise_db_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _dev_secret(instance_path: Path) -> str:
    """A development secret generated once into instance/."""
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def create_app(config: object | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(config or Config(Path(app.instance_path)))

    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)

    from views import register_blueprints
    from views.cli import register_commands
    from workflows.database import configure_engine

    with app.app_context():
        configure_engine(db.engine)
    register_blueprints(app, login_manager)
    register_commands(app)
    return app


app = create_app() if os.environ.get("ASSURANCE_NO_DEFAULT_APP") != "1" else None

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
DEFAULT_INSTANCE = ROOT / "instance"
APP_ENVS = ("development", "production")

login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate(directory=str(ROOT / "migrations"), render_as_batch=True)


# REQUIRE_SECOND_FACTOR: who must have a second factor (workflows/second_factor.py).
SECOND_FACTOR_POLICIES = ("admin", "all", "none")


class Config:
    """Settings from the environment (see README.md, "Configuration")."""

    APP_ENV = "development"
    TESTING = False
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_MINUTES = 30
    SESSION_WARNING_SECONDS = 120  # the timeout warning opens this long before the idle timeout
    SESSION_ABSOLUTE_HOURS = 12
    SESSION_COOKIE_NAME = "assurance_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)  # never issued: login_user(remember=False)
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    # scrypt at n=2**17, r=8, p=1; weaker stored hashes are upgraded at sign-in.
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"
    SIGN_IN_MAX_FAILURES = 10
    SIGN_IN_WINDOW_MINUTES = 15
    SIGN_IN_LOCK_MINUTES = 15
    # Signing in with the organisation's accounts (OpenID Connect): off unless OIDC_ISSUER
    # and OIDC_CLIENT_ID are set (README, "Signing in with the organisation's accounts").
    OIDC_ISSUER = ""
    OIDC_CLIENT_ID = ""
    OIDC_CLIENT_SECRET = ""
    OIDC_SCOPES = "openid email profile"
    OIDC_BUTTON_LABEL = "Sign in with your force account"
    OIDC_ALLOWED_TENANTS: list[str] | None = None
    OIDC_ROLE_MAP = ""
    OIDC_ONLY = False
    PUBLIC_NOTES = False  # the publication page of published notes, without sign-in
    # Account links by email (README.md, "Accounts"): lifetimes and the reset throttle.
    INVITE_LINK_HOURS = 72
    RESET_LINK_MINUTES = 60
    RESET_WINDOW_MINUTES = 60
    RESET_MAX_PER_ADDRESS = 3  # reset emails to one address per window
    RESET_MAX_PER_CLIENT = 20  # reset requests from one client address per window
    RESET_REQUEST_SECONDS = 0.5  # every reset request takes at least this long
    # Email (README.md, "Email"): the log transport needs no mail server.
    MAIL_TRANSPORT = "log"
    MAIL_FROM = "PCC assurance <no-reply@localhost>"
    PUBLIC_URL = "http://127.0.0.1:5000"
    SMTP_HOST, SMTP_PORT, SMTP_TLS = "localhost", 25, "starttls"
    SMTP_USERNAME = SMTP_PASSWORD = ""
    SMTP_CA_FILE = ""  # a CA bundle to check the mail server's certificate against
    SMTP_TIMEOUT_SECONDS = 30
    NOTIFY_API_KEY = ""
    NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
    NOTIFY_TEMPLATE_IDS: dict = {}
    MAIL_MAX_ATTEMPTS = 6
    MAIL_RETRY_SECONDS = 60  # doubled after each failed attempt
    REMINDER_DAYS = (7, 1, -1)  # days before the deadline; -1: the day after ("overdue")
    MAIL_DIGEST_HOUR = 7  # UK time the daily digest is due
    # A second factor for password accounts (docs/second-factor.md): who must have one
    # ("admin", "all" or "none"), and the passkeys' relying party id (unset: the request's
    # host name). The second sign-in step must be finished within SECOND_STEP_MINUTES.
    REQUIRE_SECOND_FACTOR = "admin"
    WEBAUTHN_RP_ID = ""
    SECOND_STEP_MINUTES = 5

    def __init__(self, instance_path: Path | str = DEFAULT_INSTANCE) -> None:
        env = os.environ
        instance_path = Path(instance_path)
        self.INSTANCE_PATH = str(instance_path)
        self.APP_ENV = env.get("APP_ENV", "").strip() or "development"
        if self.APP_ENV not in APP_ENVS:
            raise RuntimeError(
                f"APP_ENV must be one of {', '.join(APP_ENVS)}, not {self.APP_ENV!r}")
        url, secret = env.get("DATABASE_URL", "").strip(), env.get("SECRET_KEY", "").strip()
        if self.APP_ENV == "production":
            missing = [name for name, value in (("SECRET_KEY", secret), ("DATABASE_URL", url))
                       if not value]
            if missing:
                raise RuntimeError(
                    f"APP_ENV=production refuses to start without {' and '.join(missing)} "
                    "in the environment (see README.md)"
                )
        else:
            # Development serves plain http on 127.0.0.1: Secure cookies would never come back.
            self.SESSION_COOKIE_SECURE = env.get("SESSION_COOKIE_SECURE", "0").strip() == "1"
        self.SQLALCHEMY_DATABASE_URI = normalise_db_url(
            url or f"sqlite:///{instance_path / 'assurance.sqlite'}"
        )
        self.SECRET_KEY = secret or dev_secret(instance_path)
        self.TRUSTED_HOSTS = trusted_hosts(env.get("TRUSTED_HOSTS", ""))
        self.STATIC_DIST_DIR = (env.get("STATIC_DIST_DIR", "").strip()
                                or str(ROOT / "dist" / "static"))
        self._directory_settings(env)

    def _directory_settings(self, env) -> None:
        for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_SCOPES",
                     "OIDC_BUTTON_LABEL", "OIDC_ROLE_MAP"):
            if env.get(name, "").strip():
                setattr(self, name, env[name].strip())
        tenants = [t.strip() for t in env.get("OIDC_ALLOWED_TENANTS", "").split(",") if t.strip()]
        self.OIDC_ALLOWED_TENANTS = tenants or None
        self.OIDC_ONLY = env.get("OIDC_ONLY", "0").strip() == "1"
        self.PUBLIC_NOTES = env.get("PUBLIC_NOTES", "").strip() == "1"
        for key, value in mail_settings(env).items():
            setattr(self, key, value)
        self._second_factor_settings(env)

    def _second_factor_settings(self, env) -> None:
        policy = env.get("REQUIRE_SECOND_FACTOR", "").strip().lower() or "admin"
        if policy not in SECOND_FACTOR_POLICIES:
            raise RuntimeError(
                f"REQUIRE_SECOND_FACTOR must be admin, all or none, not {policy!r}")
        self.REQUIRE_SECOND_FACTOR = policy
        self.WEBAUTHN_RP_ID = env.get("WEBAUTHN_RP_ID", "").strip()


class TestConfig(Config):
    """For tests: given database, fixed secret, CSRF off (tests turn it on where they check it)."""

    __test__ = False  # not a pytest test class
    TESTING = True
    WTF_CSRF_ENABLED = False
    SESSION_COOKIE_SECURE = False
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # fast; production strength is tested on its own
    REQUIRE_SECOND_FACTOR = "none"  # the second-factor tests turn it on

    def __init__(self, instance_path: Path | str, database_url: str) -> None:  # noqa: D107
        self.INSTANCE_PATH = str(instance_path)
        self.SQLALCHEMY_DATABASE_URI = normalise_db_url(database_url)
        self.SECRET_KEY = "test-secret-key-not-for-use"


def trusted_hosts(value: str) -> list[str] | None:
    """The host names a request's Host header must be one of (Flask checks them; a name
    starting with a dot also allows its subdomains); None (unset) checks nothing."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    return names or None


MAIL_TRANSPORTS = ("log", "smtp", "notify")
SMTP_TLS_MODES = ("starttls", "ssl", "none")


def mail_settings(env) -> dict:
    """The email settings given in the environment (README.md, "Email"); a bad value
    stops the app at start-up, saying which setting and why."""
    found: dict = {}
    plain = ("MAIL_FROM", "SMTP_HOST", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_CA_FILE",
             "NOTIFY_API_KEY", "NOTIFY_BASE_URL")
    for name in plain:
        if env.get(name, "").strip():
            found[name] = env[name].strip()
    _choose(env, found, "MAIL_TRANSPORT", MAIL_TRANSPORTS)
    _choose(env, found, "SMTP_TLS", SMTP_TLS_MODES)
    if env.get("PUBLIC_URL", "").strip():
        url = env["PUBLIC_URL"].strip().rstrip("/")
        if not url.startswith(("https://", "http://")):
            raise RuntimeError(f"PUBLIC_URL must start with https:// or http://, not {url!r}")
        found["PUBLIC_URL"] = url
    for name in ("SMTP_PORT", "SMTP_TIMEOUT_SECONDS"):
        if env.get(name, "").strip():
            found[name] = _number(name, env[name])
    if env.get("SMTP_TLS", "").strip() == "ssl" and not env.get("SMTP_PORT", "").strip():
        found["SMTP_PORT"] = 465
    if env.get("REMINDER_DAYS", "").strip():
        found["REMINDER_DAYS"] = tuple(_number("REMINDER_DAYS", part, signed=True)
                                       for part in env["REMINDER_DAYS"].split(","))
    if env.get("NOTIFY_TEMPLATE_IDS", "").strip():
        found["NOTIFY_TEMPLATE_IDS"] = _template_ids(env["NOTIFY_TEMPLATE_IDS"])
    return found


def _choose(env, found: dict, name: str, choices: tuple[str, ...]) -> None:
    value = env.get(name, "").strip().lower()
    if value and value not in choices:
        raise RuntimeError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    if value:
        found[name] = value


def _number(name: str, text: str, signed: bool = False) -> int:
    text = text.strip()
    digits = text[1:] if signed and text.startswith("-") else text
    if not digits.isdigit():
        raise RuntimeError(f"{name} must be a whole number{' or numbers' if signed else ''}, "
                           f"not {text!r}")
    return int(text)


def _template_ids(text: str) -> dict:
    import json

    try:
        ids = json.loads(text)
    except ValueError as error:
        raise RuntimeError(f"NOTIFY_TEMPLATE_IDS must be a JSON object: {error}") from None
    if not isinstance(ids, dict) or not all(isinstance(v, str) for v in ids.values()):
        raise RuntimeError('NOTIFY_TEMPLATE_IDS must be a JSON object of kind to template id, '
                           'such as {"round.opened": "f33517ff-…"}')
    return ids


def normalise_db_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def dev_secret(instance_path: Path) -> str:
    """A development secret, generated once into instance/ and reused."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # made earlier (or by another process just now)
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and start again")
    return key


def create_app(config: object | None = None) -> Flask:
    instance = Path(getattr(config, "INSTANCE_PATH", None) or DEFAULT_INSTANCE)
    instance.mkdir(parents=True, exist_ok=True)
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.config.from_object(config or Config(instance))

    govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    app.jinja_loader = ChoiceLoader([app.jinja_loader, govuk])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)

    from views.blueprints import register_blueprints
    from views.cli import register_commands
    from views.static_files import init_app as serve_static_files
    from workflows.database import configure_engine

    with app.app_context():
        configure_engine(db.engine)
    register_blueprints(app, login_manager)
    register_commands(app)
    serve_static_files(app)
    if app.config.get("APP_ENV") == "production" and app.config.get("MAIL_TRANSPORT") == "log":
        app.logger.warning("MAIL_TRANSPORT is log: no email leaves the service "
                           "(see README.md, Email)")
    if app.config.get("APP_ENV") == "production" and not app.config.get("TRUSTED_HOSTS"):
        app.logger.warning("TRUSTED_HOSTS is not set: any Host header is accepted "
                           "(see README.md, Configuration)")
    return app


app = create_app() if os.environ.get("ASSURANCE_NO_DEFAULT_APP") != "1" else None

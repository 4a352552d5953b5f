"""Session lifetime, session versions and security headers for every response."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import Flask, current_app, flash, g, request, session
from flask_login import current_user, logout_user

from models import User
from workflows import access_tokens, lookups

from .access import unauthorised

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id is "<user id>:<session version>"."""
    try:
        uid, version = (int(x) for x in user_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    user = lookups.fresh_user(uid)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def _now() -> float:
    return datetime.now(timezone.utc).timestamp()


def start_session(user: User, method: str = "password") -> None:
    """Called at sign-in: drop everything from before, stamp the times and the way the
    user signed in ("password" or "oidc"; a second factor is asked of password sessions)."""
    session.clear()
    session["sign_in_method"] = method
    now = _now()
    session["signed_in_at"] = now
    session["seen_at"] = now
    session.permanent = True


def enforce_session_lifetime():
    """before_request: idle timeout and absolute lifetime, from the signed cookie."""
    if request.endpoint and (request.endpoint == "static" or request.endpoint.endswith(".static")):
        return None
    if not current_user.is_authenticated or g.get("access_token") is not None:
        return None
    cfg = current_app.config
    now = _now()
    signed_in = session.get("signed_in_at", 0)
    seen = session.get("seen_at", 0)
    idle = timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]).total_seconds()
    absolute = timedelta(hours=cfg["SESSION_ABSOLUTE_HOURS"]).total_seconds()
    if now - seen > idle or now - signed_in > absolute:
        logout_user()
        session.clear()
        g.session_expired = True
        flash("You were signed out because your session timed out. Sign in again to carry on.")
        return None
    if request.endpoint != "auth.session_status":
        session["seen_at"] = now
    return None


def security_headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    endpoint = request.endpoint
    is_static = endpoint and (endpoint == "static" or endpoint.endswith(".static"))
    if not is_static:
        h["Cache-Control"] = "no-store"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        h.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def forget_cached_user():
    """before_request, first: Flask-Login caches the user on `g`, which lives as long as the
    app context. Each request has its own context in production, but one context can serve
    several requests (tests do this); a user is never carried from one request to the next."""
    g.pop("_login_user", None)


def sign_in_by_token():
    """before_request, for the data feed only: a personal access token, sent as a bearer
    token or as the password of HTTP Basic authentication, stands for its user for this
    request (no session is made). A token that does not work is 401, never a sign-in
    page; a use is audited once an hour."""
    if not (request.endpoint or "").startswith("feed."):
        return None
    secret = _token_sent()
    if secret is None:
        return None
    token = access_tokens.authenticate(secret)
    if token is None:
        return unauthorised("The access token is not valid: it may have expired or been "
                            "revoked. Make a new one on your account's Access tokens page.")
    g._login_user = token.user
    g.access_token = token
    access_tokens.record_use(token, path=request.path)
    return None


def _token_sent() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if scheme.lower() == "basic" and request.authorization is not None:
        return request.authorization.password or None
    return None


def init_security(app: Flask) -> None:
    app.before_request(forget_cached_user)
    app.before_request(sign_in_by_token)
    app.before_request(enforce_session_lifetime)
    app.after_request(security_headers)

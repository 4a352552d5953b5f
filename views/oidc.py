"""Sign in with the organisation's own accounts: OpenID Connect through Authlib (the
authorization code flow with PKCE, state and nonce; the ID token's signature, issuer,
audience, expiry, issued-at and nonce checked by Authlib against the provider's keys,
fetched again when they rotate). What the claims then mean here is
``workflows/directory.py``.

Configured by ``OIDC_ISSUER``, ``OIDC_CLIENT_ID``, ``OIDC_CLIENT_SECRET``,
``OIDC_SCOPES``, ``OIDC_BUTTON_LABEL``, ``OIDC_ALLOWED_TENANTS``, ``OIDC_ROLE_MAP`` and
``OIDC_ONLY`` (README, "Signing in with the organisation's accounts").
"""

from __future__ import annotations

from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import login_user
from joserfc.errors import BadSignatureError, JoseError

from workflows import directory

from .access import public
from .security import start_session

bp = Blueprint("oidc", __name__)
LEEWAY_SECONDS = 60
REFUSALS = {
    "tenant": "Your organisation's directory is not one this service accepts.",
    "disabled": "Your account here has been disabled. Ask an administrator of the service.",
    "unmapped": "You have signed in, but you have not been given access to this service yet. "
                "An administrator has been asked to give you a role.",
    "removed": "Your access to this service was removed in your organisation's directory. "
               "An administrator has been asked to look at it.",
    "group_overage": "Your directory account is in too many groups to tell which role you "
                     "have here. Ask your directory's administrator to give you one of this "
                     "service's app roles instead.",
    "setup": "Signing in with your organisation's account is not set up correctly. "
             "The problem has been recorded; try again later or sign in with a password.",
    "off": "This service does not offer signing in with your organisation's account. "
           "Sign in with your email address and password.",
    "failed": "Signing in with your organisation's account did not work, so you have not been "
              "signed in. Start again from the sign-in page.",
}


def configured(app=None) -> bool:
    app = app or current_app
    return bool(app.config.get("OIDC_ISSUER") and app.config.get("OIDC_CLIENT_ID"))


def init_oidc(app) -> None:
    """Register the provider with Authlib (one client per app) when it is configured."""
    if not configured(app):
        return
    oauth = OAuth(app)
    app.extensions["directory_oauth"] = oauth
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        "directory", client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config.get("OIDC_CLIENT_SECRET") or None,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config.get("OIDC_SCOPES") or "openid email profile",
                       "code_challenge_method": "S256"})


def _client():
    return current_app.extensions["directory_oauth"].create_client("directory")


@bp.route("/sign-in/directory")
@public
def start():
    if "directory_oauth" not in current_app.extensions:
        return _refused("off", 200)
    return _client().authorize_redirect(url_for(".callback", _external=True))


@bp.route("/sign-in/directory/callback")
@public
def callback():
    if "directory_oauth" not in current_app.extensions:
        return _refused("off", 200)
    client = _client()
    try:
        token = _token(client)
        claims = dict(token.get("userinfo") or {})
        if not claims:
            raise ValueError("no ID token in the provider's answer")
    except (AuthlibBaseError, JoseError, requests.RequestException, ValueError,
            KeyError) as exc:
        current_app.logger.warning("directory sign-in refused: %s", exc)
        directory.record_failure(str(exc))
        return _refused("failed", 400)
    issuer = client.load_server_metadata().get("issuer", current_app.config["OIDC_ISSUER"])
    outcome = directory.sign_in(claims, issuer=issuer,
                                role_map=current_app.config.get("OIDC_ROLE_MAP"),
                                allowed_tenants=current_app.config.get("OIDC_ALLOWED_TENANTS"))
    if outcome.user is None:
        return _refused(outcome.refusal, 403)
    start_session(outcome.user, method="oidc")
    session["directory_id_token"] = token.get("id_token")
    login_user(outcome.user, remember=False)
    return redirect(url_for("main.home"))


def _token(client) -> dict:
    """Exchange the code and validate the ID token (Authlib). A bad signature is tried once
    more with the provider's keys fetched again, in case it has just rotated them."""
    state = client.framework.get_state_data(session, request.args.get("state", ""))
    nonce = (state or {}).get("nonce")
    try:
        return client.authorize_access_token(leeway=LEEWAY_SECONDS)
    except BadSignatureError:
        if not nonce or not client.token:
            raise
        client.fetch_jwk_set(force=True)
        token = dict(client.token)
        token["userinfo"] = client.parse_id_token(token, nonce=nonce, leeway=LEEWAY_SECONDS)
        return token


def _refused(reason: str, status: int):
    return render_template("auth/directory_refused.html", reason=reason,
                           message=REFUSALS.get(reason, REFUSALS["failed"])), status


def end_session_url(id_token: str | None) -> str | None:
    """Where to send the browser to sign out at the provider too, if it offers that."""
    if "directory_oauth" not in current_app.extensions or not id_token:
        return None
    try:
        endpoint = _client().load_server_metadata().get("end_session_endpoint")
    except Exception:  # noqa: BLE001 - the provider does not answer: sign out here only
        current_app.logger.warning("could not read the provider's metadata at sign-out")
        return None
    if not endpoint:
        return None
    query = urlencode({"id_token_hint": id_token, "client_id": current_app.config[
        "OIDC_CLIENT_ID"], "post_logout_redirect_uri": url_for("auth.sign_in", _external=True)})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

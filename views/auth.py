"""Sign in, sign out, change password, and the health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from sqlalchemy import text

from forms.auth import PasswordForm, SignInForm
from models import db
from workflows import accounts

from . import second_factor as second_step
from .access import is_safe_next, public, requires
from .csrf_keep import keeps_typed_text
from .oidc import configured as directory_configured
from .oidc import end_session_url
from .security import start_session

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = ("Enter a correct email address and password. After {max} wrong attempts in "
                  "{window} minutes the account is locked for {lock} minutes.")
LOCKED = "There have been too many wrong attempts. Try again in {lock} minutes."
SIGN_IN_TOKEN_MESSAGE = ("Your session security token expired, so you have not been signed in. "
                         "Enter your password again and sign in.")
PASSWORD_TOKEN_MESSAGE = ("Your session security token expired, so your password has not been "
                          "changed. Enter your current and new passwords again.")


def _message(template: str) -> str:
    cfg = current_app.config
    return template.format(max=cfg["SIGN_IN_MAX_FAILURES"], window=cfg["SIGN_IN_WINDOW_MINUTES"],
                           lock=cfg["SIGN_IN_LOCK_MINUTES"])


def _next_url() -> str | None:
    next_url = request.values.get("next")
    return next_url if is_safe_next(next_url) else None


def _sign_in_again():
    """After a bad token: the sign-in page with the email as typed (a password is never
    sent back), a fresh token and the message; nobody is signed in."""
    return render_template("auth/sign_in.html", form=SignInForm(), error=None, next=_next_url())


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@keeps_typed_text(bp, _sign_in_again, SIGN_IN_TOKEN_MESSAGE)
def sign_in():
    next_url = _next_url()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("main.home"))
    form = SignInForm()
    error = None
    if current_app.config.get("OIDC_ONLY") and directory_configured():
        return render_template("auth/sign_in.html", form=form, error=None, next=next_url)
    if form.validate_on_submit():
        result = accounts.authenticate(form.email.data, form.password.data)
        if result.user is not None and result.second_factor:
            return second_step.begin(result.user, next_url)  # signed in after the code
        if result.user is not None:
            start_session(result.user)  # nothing from before sign-in survives (fixation)
            login_user(result.user, remember=False)
            return redirect(next_url or url_for("main.home"))
        error = _message(LOCKED if result.locked else SIGN_IN_FAILED)
    return render_template("auth/sign_in.html", form=form, error=error, next=next_url)


@bp.route("/sign-out", methods=["POST"])
@requires("account.own")
def sign_out():
    accounts.sign_out(current_user._get_current_object())
    at_provider = end_session_url(session.get("directory_id_token"))
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(at_provider or url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires("account.own")
@keeps_typed_text(bp, lambda: render_template("auth/password.html", form=PasswordForm()),
                  PASSWORD_TOKEN_MESSAGE)
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, current=form.current_password.data,
                                     new=form.new_password.data)
        except accounts.AccountError as exc:
            getattr(form, exc.field or "new_password").errors.append(str(exc))
        else:
            start_session(user)
            login_user(user)  # this browser stays signed in; every other session ends
            flash("Your password has been changed. Your other sessions have been signed out.",
                  "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/session/keep-alive", methods=["POST"])
@requires("account.own")
def keep_alive():
    """Resets the idle timer (the before_request hook does it); used by the timeout warning."""
    return {"ok": True, "idle_minutes": current_app.config["SESSION_IDLE_MINUTES"]}


@bp.route("/health")
@public
def health():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the database does not answer
        current_app.logger.exception("health check failed")
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001
            pass
        return {"status": "unavailable", "database": "down"}, 503
    return {"status": "ok", "database": "up"}


@bp.route("/account")
@requires("account.own")
def account():
    """Your account: the password, email settings, second factor and access tokens."""
    return render_template("auth/account.html")

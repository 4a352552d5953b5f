"""Sign in, sign out, change password, and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import text
from werkzeug.security import check_password_hash

from forms.auth import PasswordForm, SignInForm
from models import db
from workflows import accounts

from .access import ANY_SIGNED_IN, is_safe_next, public, roles
from .security import start_session

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = "Enter a correct email address and password. " \
    "After 10 wrong attempts the account is locked for 15 minutes."
LOCKED = "Too many failed attempts. The account is locked: try again in 15 minutes."


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("main.home"))
    form = SignInForm()
    next_url = request.values.get("next")
    error = None
    if form.validate_on_submit():
        result = accounts.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            start_session(result.user)
            login_user(result.user, remember=False)
            return redirect(next_url if is_safe_next(next_url) else url_for("main.home"))
        error = LOCKED if result.locked else SIGN_IN_FAILED
    return render_template("auth/sign_in.html", form=form, error=error,
                           next=next_url if is_safe_next(next_url) else None), (200 if error is None else 200)


@bp.route("/sign-out", methods=["POST"])
@roles(*ANY_SIGNED_IN)
def sign_out():
    accounts.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles(*ANY_SIGNED_IN)
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not check_password_hash(user.password_hash, form.current_password.data):
            form.current_password.errors.append("Your current password is not correct")
        else:
            accounts.set_password(user, form.new_password.data)
            start_session(user)
            login_user(user)  # this browser stays signed in; every other session ends
            flash("Your password has been changed. Other sessions have been signed out.")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/session/keep-alive", methods=["POST"])
@roles(*ANY_SIGNED_IN)
def keep_alive():
    """Resets the idle timer (the before_request hook does it); used by the timeout warning."""
    return {"ok": True, "idle_minutes": current_app.config["SESSION_IDLE_MINUTES"]}


@bp.route("/health")
@public
def health():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # the database does not answer
        current_app.logger.exception("health check failed")
        return {"status": "unavailable", "database": "down"}, 503
    return {"status": "ok", "database": "up"}

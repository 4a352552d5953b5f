"""Accounts by email, for people who are not signed in: "Forgot your password", and
choosing a password from an invitation or reset link (workflows/account_links.py)."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import logout_user

from forms.auth import ChoosePasswordForm, ForgotPasswordForm
from models.tokens import INVITE, RESET
from workflows import account_links, tokens
from workflows.accounts import AccountError

from .access import public

bp = Blueprint("account", __name__)

CLIENT_LIMITED = ("There have been too many requests for reset links from your network. "
                  "Try again in {minutes} minutes.")
DONE = {INVITE: "Your password has been set. Sign in with your email address and password.",
        RESET: "Your password has been changed and every other session of your account has "
               "been signed out. Sign in with your new password."}


@bp.after_request
def no_referrer(response):
    """A link's token is in the address: never send it on as a Referer."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/sign-in/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        result = account_links.request_reset(form.email.data, client=request.remote_addr)
        if not result.client_limited:
            session["reset_email"] = form.email.data.strip()
            return redirect(url_for(".reset_sent"))
        minutes = current_app.config["RESET_WINDOW_MINUTES"]
        form.email.errors = [CLIENT_LIMITED.format(minutes=minutes)]
        return render_template("account/forgot_password.html", form=form), 429
    return render_template("account/forgot_password.html", form=form)


@bp.route("/sign-in/forgot-password/sent")
@public
def reset_sent():
    return render_template("account/reset_sent.html", email=session.get("reset_email"),
                           minutes=current_app.config["RESET_LINK_MINUTES"])


@bp.route("/account/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    return _choose(token, INVITE)


@bp.route("/account/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    return _choose(token, RESET)


def _choose(token: str, purpose: str):
    """The form to choose a password from a link, or the page saying the link is dead."""
    form = ChoosePasswordForm()
    if request.method == "GET" or not form.validate_on_submit():
        found = tokens.check(token, purpose)
        if not found.ok:
            return _dead_link(purpose, found.problem)
        return _form_page(purpose, form, found.row.user)
    try:
        account_links.choose_password(token, purpose, form.password.data)
    except account_links.LinkError as exc:
        return _dead_link(purpose, exc.problem)
    except AccountError as exc:
        form.password.errors = [str(exc)]
        found = tokens.check(token, purpose)
        return _form_page(purpose, form, found.row.user) if found.ok else _dead_link(
            purpose, found.problem)
    logout_user()  # whoever was signed in in this browser: the new password signs in
    session.clear()
    flash(DONE[purpose], "success")
    return redirect(url_for("auth.sign_in"))


def _form_page(purpose: str, form, user):
    return render_template("account/choose_password.html", form=form, purpose=purpose,
                           user=user)


def _dead_link(purpose: str, problem: str):
    page = render_template("account/dead_link.html", purpose=purpose, problem=problem,
                           minutes=current_app.config["RESET_LINK_MINUTES"],
                           hours=current_app.config["INVITE_LINK_HOURS"])
    return make_response(page, 404 if problem in ("unknown", "disabled") else 410)

"""Personal access tokens: each user makes and revokes their own (shown once, at
creation); an office's admins see and revoke everyone's in the office."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.tokens import TokenForm
from models.offices import office_of
from workflows import access_tokens as workflow

from .access import requires

bp = Blueprint("tokens", __name__)


def _page(form: TokenForm, secret: str | None = None, made=None):
    return render_template("tokens/index.html", form=form, secret=secret, made=made,
                           tokens=workflow.tokens_of(current_user), is_live=workflow.is_live,
                           form_has_errors=bool(form.errors))


@bp.route("/account/tokens", methods=["GET", "POST"])
@requires("tokens.own")
def index():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form)
    try:
        token, secret = workflow.create_token(current_user, name=form.name.data,
                                              days=int(form.days.data), by=current_user)
    except workflow.TokenError as exc:
        form.name.errors.append(str(exc))
        return _page(form)
    return _page(TokenForm(formdata=None), secret=secret, made=token)


def _token_or_404(token_id: int):
    token = workflow.find_token(token_id, user=current_user)
    if token is None:
        abort(404)
    return token


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@requires("tokens.own")
def revoke(token_id: int):
    token = _token_or_404(token_id)
    try:
        workflow.revoke_token(token, by=current_user)
        flash(f'The token "{token.name}" was revoked: it no longer works.', "success")
    except workflow.TokenError as exc:
        flash(str(exc))
    if token.user_id == current_user.id:
        return redirect(url_for(".index"))
    return redirect(url_for(".office"))


@bp.route("/admin/tokens")
@requires("tokens.manage")
def office():
    return render_template("tokens/office.html",
                           tokens=workflow.office_tokens(office_of(current_user)),
                           is_live=workflow.is_live)

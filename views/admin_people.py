"""Admins manage organisations and users."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from forms.auth import OrgForm, UserForm
from models import Organisation, User, db
from workflows import accounts

from .access import roles

bp = Blueprint("admin_people", __name__, url_prefix="/admin")


def _org_choices() -> list[tuple[int, str]]:
    orgs = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return [(0, "None")] + [(o.id, o.name) for o in orgs]


@bp.route("/organisations", methods=["GET", "POST"])
@roles("admin")
def orgs():
    form = OrgForm()
    if form.validate_on_submit():
        try:
            org = accounts.create_org(name=form.name.data, kind=form.kind.data,
                                      code=form.code.data, by=current_user)
        except accounts.AccountError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(f"Organisation {org.name} added.")
            return redirect(url_for(".orgs"))
    rows = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template("admin_people/orgs.html", form=form, orgs=rows)


@bp.route("/users")
@roles("admin")
def users():
    rows = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("admin_people/users.html", users=rows)


@bp.route("/users/new", methods=["GET", "POST"])
@roles("admin")
def new_user():
    form = UserForm()
    form.organisation.choices = _org_choices()
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append("Enter a password for the new user")
        else:
            try:
                user = accounts.create_user(
                    email=form.email.data, name=form.name.data, role=form.role.data,
                    password=form.password.data, org=db.session.get(Organisation, form.organisation.data),
                    by=current_user)
            except accounts.AccountError as exc:
                form.email.errors.append(str(exc))
            else:
                flash(f"User {user.email} added.")
                return redirect(url_for(".users"))
    return render_template("admin_people/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles("admin")
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user if not _posted() else None)
    form.organisation.choices = _org_choices()
    if not _posted():
        form.organisation.data = user.organisation_id or 0
    form.email.data = user.email  # the email is the identity; not editable here
    if form.validate_on_submit():
        try:
            accounts.update_user(user, name=form.name.data, role=form.role.data,
                                 org=db.session.get(Organisation, form.organisation.data),
                                 active=form.active.data, by=current_user)
            if form.password.data:
                accounts.set_password(user, form.password.data, by=current_user)
        except accounts.AccountError as exc:
            form.role.errors.append(str(exc))
        else:
            flash(f"User {user.email} updated.")
            return redirect(url_for(".users"))
    return render_template("admin_people/user_form.html", form=form, user=user)


def _posted() -> bool:
    from flask import request

    return request.method == "POST"

"""Admins manage organisations and users."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user
from wtforms.fields.choices import SelectChoice

from forms.auth import OrgForm, UserForm
from models import Organisation, User
from workflows import account_links, accounts, lookups

from .access import requires
from .csrf_keep import keeps_typed_text
from .security import start_session

bp = Blueprint("admin_people", __name__, url_prefix="/admin")


def _office() -> int:
    return current_user.office_id


def _org(org_id) -> Organisation | None:
    """The organisation of the signed-in admin's office with this id (None: none, or
    another office's)."""
    return lookups.in_office_by_id(Organisation, org_id, office_id=_office())


def _user(user_id) -> User | None:
    return lookups.in_office_by_id(User, user_id, office_id=_office())


def _org_choices() -> list[SelectChoice]:
    orgs = lookups.organisations_of(_office())
    return [SelectChoice(0, "None")] + [SelectChoice(o.id, o.name) for o in orgs]


def _attach(form, exc: accounts.AccountError, default: str) -> None:
    """Show a workflow's refusal against the field it is about."""
    field = getattr(form, exc.field or default, None) or getattr(form, default)
    field.errors = [*field.errors, str(exc)]


def _orgs_page(form):
    return render_template("admin_people/orgs.html", form=form,
                           orgs=lookups.organisations_of(_office()))


def _edit_org_again(org_id: int):
    org = _org(org_id) or abort(404)
    return render_template("admin_people/org_form.html", form=OrgForm(obj=org), org=org)


def _user_form(user: User | None) -> UserForm:
    """The user form bound to what was posted (the email of an existing user is fixed)."""
    form = UserForm()
    form.organisation.choices = _org_choices()
    if user is not None:
        form.email.data = user.email
    else:
        del form.password  # a new user chooses their own, from the invitation
    return form


def _new_user_again():
    return render_template("admin_people/user_form.html", form=_user_form(None), user=None)


def _edit_user_again(user_id: int):
    user = _user(user_id) or abort(404)
    return render_template("admin_people/user_form.html", form=_user_form(user), user=user)


@bp.route("/organisations", methods=["GET", "POST"])
@requires("orgs.manage")
@keeps_typed_text(bp, lambda: _orgs_page(OrgForm()))
def orgs():
    form = OrgForm()
    if form.validate_on_submit():
        try:
            org = accounts.create_org(name=form.name.data, kind=form.kind.data,
                                      code=form.code.data, by=current_user)
        except accounts.AccountError as exc:
            _attach(form, exc, "name")
        else:
            flash(f"Organisation {org.name} added.", "success")
            return redirect(url_for(".orgs"))
    return _orgs_page(form)


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
@requires("orgs.manage")
@keeps_typed_text(bp, _edit_org_again)
def edit_org(org_id: int):
    org = _org(org_id) or abort(404)
    form = OrgForm(obj=org)
    if form.validate_on_submit():
        try:
            accounts.update_org(org, name=form.name.data, kind=form.kind.data,
                                code=form.code.data, by=current_user)
        except accounts.AccountError as exc:
            _attach(form, exc, "name")
        else:
            flash(f"Organisation {org.name} updated.", "success")
            return redirect(url_for(".orgs"))
    return render_template("admin_people/org_form.html", form=form, org=org)


@bp.route("/users")
@requires("users.manage")
def users():
    return render_template("admin_people/users.html", users=lookups.users_of(_office()))


@bp.route("/users/new", methods=["GET", "POST"])
@requires("users.manage")
@keeps_typed_text(bp, _new_user_again)
def new_user():
    form = _user_form(None)
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                email=form.email.data, name=form.name.data, role=form.role.data,
                org=_org(form.organisation.data), by=current_user)
        except accounts.AccountError as exc:
            _attach(form, exc, "email")
        else:
            flash(f"User {user.email} added. We have emailed them an invitation to choose "
                  "a password.", "success")
            return redirect(url_for(".users"))
    return render_template("admin_people/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@requires("users.manage")
def resend_invitation(user_id: int):
    user = _user(user_id) or abort(404)
    try:
        account_links.resend_invitation(user, by=current_user._get_current_object())
    except accounts.AccountError as exc:
        flash(str(exc), "error")
    else:
        flash(f"A new invitation has been sent to {user.email}. The link in any earlier "
              "invitation no longer works.", "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("users.manage")
@keeps_typed_text(bp, _edit_user_again)
def edit_user(user_id: int):
    user = _user(user_id) or abort(404)
    posted = request.method == "POST"
    form = UserForm(obj=None if posted else user)
    form.organisation.choices = _org_choices()
    if not posted:
        form.organisation.data = user.organisation_id or 0
    form.email.data = user.email  # the email is the identity; not editable here
    if form.validate_on_submit():
        me = current_user._get_current_object()
        try:
            accounts.update_user(user, name=form.name.data, role=form.role.data,
                                 org=_org(form.organisation.data),
                                 active=form.active.data, password=form.password.data or None,
                                 by=me)
        except accounts.AccountError as exc:
            _attach(form, exc, "role")
        else:
            if user.id == me.id:  # an admin who reset their own password stays signed in here
                start_session(user)
                login_user(user)
            flash(f"User {user.email} updated.", "success")
            return redirect(url_for(".users"))
    return render_template("admin_people/user_form.html", form=form, user=user)

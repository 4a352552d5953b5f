"""Access requests: people who signed in with their organisation's account but whom the
role mapping does not place. An admin gives them a role and organisation here, or
refuses; a first sign-in never makes anybody an admin by itself."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forms.access_requests import GrantForm
from models import AccessRequest, Organisation, db
from workflows import directory, lookups

from .access import requires

bp = Blueprint("access_requests", __name__, url_prefix="/admin/access-requests")


def _forms(waiting, posted_id: int | None = None, posted: GrantForm | None = None):
    orgs = [SelectChoice(0, "None")] + [SelectChoice(o.id, o.name) for o in
                                         lookups.organisations_of(current_user.office_id)]
    forms = {}
    for item in waiting:
        form = posted if item.id == posted_id and posted else GrantForm(formdata=None,
                                                                         prefix=f"r{item.id}")
        form.organisation.choices = orgs
        forms[item.id] = form
    return forms


@bp.route("/")
@requires("users.manage")
def index():
    waiting = directory.waiting_requests()
    return render_template("access_requests/index.html", waiting=waiting, forms=_forms(waiting))


@bp.route("/<int:request_id>", methods=["POST"])
@requires("users.manage")
def answer(request_id: int):
    item = db.session.get(AccessRequest, request_id)
    if item is None or item.status != "waiting":
        abort(404)
    if request.form.get("action") == "refuse":
        directory.refuse(item, by=current_user)
        flash(f"The request of {item.email or item.subject} was refused.", "success")
        return redirect(url_for(".index"))
    form = GrantForm(prefix=f"r{item.id}")
    form.organisation.choices = _forms([item])[item.id].organisation.choices
    if form.validate_on_submit():
        organisation = lookups.in_office_by_id(
            Organisation, form.organisation.data, office_id=current_user.office_id
        ) if form.organisation.data else None
        try:
            user = directory.grant(item, role=form.role.data, organisation=organisation,
                                   by=current_user)
        except ValueError as exc:
            form.role.errors = [str(exc)]
        else:
            flash(f"{user.name} can now sign in as {user.role_label}.", "success")
            return redirect(url_for(".index"))
    waiting = directory.waiting_requests()
    return render_template("access_requests/index.html", waiting=waiting,
                           forms=_forms(waiting, item.id, form), form_has_errors=True)

"""The service administrator: the offices of a shared service and their first admins.

Nothing here reads assurance content: an office is shown by its code, name and how many
organisations and users it has.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.offices import OfficeAdminForm, OfficeForm
from models import Office
from workflows import accounts, lookups, offices

from .access import requires
from .csrf_keep import keeps_typed_text
from .main import add_home_panel
from .navigation import add_nav

bp = Blueprint("offices", __name__, url_prefix="/service")


def _attach(form, exc: ValueError, default: str) -> None:
    """Show a workflow's refusal against the field it is about."""
    field = getattr(form, getattr(exc, "field", None) or default, None) or getattr(form, default)
    field.errors = [*field.errors, str(exc)]


def _offices_page(form: OfficeForm):
    return render_template("offices/index.html", form=form, rows=offices.list_offices())


def _office(office_id: int) -> Office:
    return lookups.by_id(Office, office_id) or abort(404)


def _new_admin_page(office_id: int, form: OfficeAdminForm | None = None):
    return render_template("offices/new_admin.html", office=_office(office_id),
                           form=form or OfficeAdminForm())


@bp.route("/offices", methods=["GET", "POST"])
@requires("offices.manage")
@keeps_typed_text(bp, lambda: _offices_page(OfficeForm()))
def index():
    form = OfficeForm()
    if form.validate_on_submit():
        try:
            office = offices.create_office(name=form.name.data, code=form.code.data,
                                           by=current_user._get_current_object())
        except offices.OfficeError as exc:
            _attach(form, exc, "name")
        else:
            flash(f"Office {office.code} added. Now add its first admin.", "success")
            return redirect(url_for(".new_admin", office_id=office.id))
    return _offices_page(form)


@bp.route("/offices/<int:office_id>/admins/new", methods=["GET", "POST"])
@requires("offices.manage")
@keeps_typed_text(bp, _new_admin_page)
def new_admin(office_id: int):
    office = _office(office_id)
    form = OfficeAdminForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(email=form.email.data, name=form.name.data,
                                        role="admin", office=office,
                                        by=current_user._get_current_object())
        except accounts.AccountError as exc:
            _attach(form, exc, "email")
        else:
            flash(f"Admin {user.email} added to {office.code}. We have emailed them an "
                  "invitation to choose a password.", "success")
            return redirect(url_for(".index"))
    return _new_admin_page(office_id, form)


def _home_panel() -> dict:
    return {"rows": offices.list_offices()}


add_nav("service_admin", "Offices", "offices.index")
add_home_panel("service_admin", "offices/_home_panel.html", _home_panel)

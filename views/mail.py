"""Email pages: the Outbox (what was and will be sent, and "Send again" for a failed
message) and each user's email settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.mail import PreferencesForm, SendAgainForm
from models.mail import MAIL_STATUS_LABELS, MAIL_STATUSES
from workflows import mail_admin

from .access import current_user_can, requires
from .main import add_home_panel

bp = Blueprint("mail", __name__)

STATUS_TAGS = {"queued": "govuk-tag--blue", "sending": "govuk-tag--light-blue",
               "sent": "govuk-tag--green", "failed": "govuk-tag--red",
               "held": "govuk-tag--grey", "digested": "govuk-tag--green"}


@bp.route("/admin/outbox")
@requires("mail.outbox")
def outbox():
    status = request.args.get("status", "")
    status = status if status in MAIL_STATUSES else ""
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    user = current_user._get_current_object()
    messages, total = mail_admin.list_messages(user, status=status or None, page=page)
    pages = max(1, -(-total // mail_admin.PAGE_SIZE))
    return render_template("mail/outbox.html", messages=messages, total=total, page=page,
                           pages=pages, status=status, counts=mail_admin.status_counts(user),
                           labels=MAIL_STATUS_LABELS, tags=STATUS_TAGS)


@bp.route("/admin/outbox/<int:message_id>", methods=["GET", "POST"])
@requires("mail.outbox")
def message(message_id: int):
    user = current_user._get_current_object()
    found = mail_admin.get_message(user, message_id) or abort(404)
    form = SendAgainForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if not current_user_can("mail.resend"):
            abort(403)
        try:
            mail_admin.send_again(found, by=user)
        except mail_admin.MailError as error:
            flash(str(error), "info")
        else:
            flash(f"The message to {found.to_address} will be sent again.", "success")
        return redirect(url_for(".message", message_id=found.id))
    return render_template("mail/message.html", message=found, form=form,
                           labels=MAIL_STATUS_LABELS, tags=STATUS_TAGS)


@bp.route("/account/emails", methods=["GET", "POST"])
@requires("account.own")
def preferences():
    user = current_user._get_current_object()
    form = PreferencesForm()
    if not form.is_submitted():
        form.reminders.data, form.routine.data = user.mail_reminders, user.mail_routine
    elif form.validate():
        changed = mail_admin.set_preferences(user, reminders=form.reminders.data,
                                             routine=form.routine.data)
        flash("Your email settings have been saved." if changed
              else "Nothing changed: your email settings are as they were.",
              "success" if changed else "info")
        return redirect(url_for(".preferences"))
    return render_template("mail/preferences.html", form=form,
                           form_has_errors=any(f.errors for f in form))


def _records_panel() -> dict:
    return {"mail_counts": mail_admin.status_counts(current_user)}


# The Outbox and the audit trail are records an admin looks at now and then: linked from
# the home page, so the navigation keeps to the daily work on one line.
add_home_panel("admin", "mail/_home_records.html", _records_panel)

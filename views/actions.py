"""The register of actions and recommendations: the list (filtered by status, source,
organisation, overdue), one item with its history and the form to update it, adding and
editing items (admins), and the register workbook.

Of the user's own office only: another office's item is a 404, as a missing one is. A
respondent sees and updates only their organisation's items (the organisation filter is
fixed for them; another organisation's item is a 404); the PCC reads all; admins manage.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from exports import register_choices as choices
from exports.excel_register import write_register_workbook
from exports.rollups_actions import ActionFilters, action_count, action_register
from forms.actions import ActionItemForm, ActionUpdateForm, choice_list
from models import ActionItem, Round
from models.action_status import (
    ACTION_STATES,
    SOURCE_LABELS,
    STILL_OPEN,
    action_label,
    is_overdue,
    moves_from,
)
from models.permissions import NotPermitted, can, organisation_limit, roles_with
from workflows import actions as workflow
from workflows import lookups
from workflows.actions import ActionError, Link
from workflows.exports_audit import record_export

from .access import is_safe_next, requires
from .audit import page_items
from .exports import _send, safe_filename
from .ids import id_arg
from .navigation import add_nav

bp = Blueprint("actions", __name__, url_prefix="/register")
PER_PAGE = 50
PROGRESS = "progress"  # the update form's choice that changes no status


def _office() -> int:
    return current_user.office_id


def item_or_404(item_id: int) -> ActionItem:
    found = lookups.in_office_by_id(ActionItem, item_id, office_id=_office())
    if found is None or not can(current_user, "actions.view", found):
        abort(404)
    return found


def _filters(own: int | None) -> ActionFilters:
    args = request.args
    return ActionFilters(
        status=args.get("status") if args.get("status") in ACTION_STATES else None,
        source=args.get("source") if args.get("source") in SOURCE_LABELS else None,
        organisation_id=own if own is not None else (id_arg("organisation") or None),
        overdue=args.get("overdue") == "yes", report_id=id_arg("report") or None,
        round_id=id_arg("round") or None)


@bp.route("")
@requires("actions.view")
def register():
    own = organisation_limit(current_user, "actions.view")
    filters, today = _filters(own), date.today()
    total = action_count(filters, today=today, office_id=_office())
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, request.args.get("page", 1, type=int)), pages)
    rows = action_register(filters, today=today, limit=PER_PAGE, offset=(page - 1) * PER_PAGE,
                           office_id=_office())
    kept = {k: v for k, v in request.args.items() if k != "page" and v
            and not (own is not None and k == "organisation")}

    def page_url(number: int) -> str:
        return url_for(".register", **kept, page=number)

    return render_template(
        "actions/register.html", rows=rows, total=total, filters=filters, own_org=own,
        organisations=[] if own is not None else choices.organisations(_office()),
        statuses=ACTION_STATES, sources=SOURCE_LABELS, first=(page - 1) * PER_PAGE + 1,
        pages=page_items(page, pages, page_url), download_args=kept,
        previous_url=page_url(page - 1) if page > 1 else None,
        next_url=page_url(page + 1) if page < pages else None)


# ------------------------------------------------------------ one item


def update_choices(item: ActionItem) -> list[tuple[str, str]]:
    """The update form's choices for the signed-in user: a progress update (while the item
    is still to do), and each move they may make."""
    out = []
    if can(current_user, "actions.update", item) and item.status in STILL_OPEN:
        out.append((PROGRESS, f"A progress update (it stays {action_label(item.status).lower()})"))
    out += [(m.target, m.button) for m in moves_from(item.status)
            if can(current_user, m.permission, item)]
    return out


def _item_page(item: ActionItem, form: ActionUpdateForm | None = None, status: int = 200):
    form = form or ActionUpdateForm(formdata=None)
    form.target.choices = choice_list(update_choices(item))
    return render_template("actions/item.html", item=item, form=form, back=_back(),
                           overdue=is_overdue(item.status, item.due_date, date.today()),
                           moves={m.target: m for m in moves_from(item.status)}), status


@bp.route("/<int:item_id>")
@requires("actions.view")
def item(item_id: int):
    return _item_page(item_or_404(item_id))


@bp.route("/<int:item_id>/update", methods=["POST"])
@requires("actions.update")
def update(item_id: int):
    found = item_or_404(item_id)
    form = ActionUpdateForm()
    form.target.choices = choice_list(update_choices(found))
    if not form.target.choices:
        abort(403)
    if not form.validate():
        return _item_page(found, form)
    try:
        if form.target.data == PROGRESS:
            workflow.add_progress(found, by=current_user, note=form.note.data)
            flash("Your update has been saved.", "success")
        else:
            workflow.move_item(found, form.target.data, by=current_user, note=form.note.data)
            flash(f"The item is now {action_label(found.status).lower()}.", "success")
    except NotPermitted:
        abort(403)
    except ActionError as problem:
        getattr(form, problem.field if problem.field in ("target", "note") else "note") \
            .errors.append(str(problem))
        return _item_page(found, form)
    return redirect(_back() or url_for(".item", item_id=found.id))


def _back() -> str | None:
    """The respond task list the update is made from ("Actions agreed"), to return to:
    a local path under /respond/ only."""
    back = request.values.get("back")
    if back and is_safe_next(back) and back.startswith("/respond/"):
        return back
    return None


# ------------------------------------------------------------ adding, editing


def _set_choices(form: ActionItemForm) -> None:
    office = _office()
    form.organisation.choices = choice_list([("", "Choose")] + choices.organisations(office))
    form.questionnaire.choices = choice_list([("", "None")] + choices.questionnaires(office))
    form.round.choices = choice_list([("", "None")] + choices.rounds(office))
    form.question.choices = choice_list([("", "None")] + choices.questions(office))
    form.gap.choices = choice_list([("", "None")] + choices.gaps(office))


def _fields_and_links(form: ActionItemForm) -> tuple[dict, list[Link]]:
    links, key = [], form.questionnaire.data or None
    if form.round.data:
        links.append(Link("round", round_id=int(form.round.data)))
    if form.question.data:
        q_key, _, question_id = form.question.data.partition("|")
        links.append(Link("question", q_key, question_id))
        key = key or q_key
    if form.gap.data:
        links.append(Link("gap", gap_id=int(form.gap.data)))
    if key is None and form.round.data:
        key = _round_key(int(form.round.data))
    fields = {"source": form.source.data, "reference": form.reference.data,
              "title": form.title.data, "detail": form.detail.data,
              "organisation_id": int(form.organisation.data), "owner": form.owner.data,
              "due_date": form.due_date.data, "questionnaire_key": key}
    return fields, links


def _round_key(round_id: int) -> str | None:
    """The questionnaire of a round: the one whose next response carries the item."""
    found = lookups.in_office_by_id(Round, round_id, office_id=_office())
    return found.questionnaire_version.questionnaire.key if found else None


def _form_page(form: ActionItemForm, editing: ActionItem | None = None):
    return render_template("actions/form.html", form=form, editing=editing)


def _fill(form: ActionItemForm, item: ActionItem) -> None:
    form.source.data, form.reference.data, form.title.data = (
        item.source, item.reference, item.title)
    form.detail.data, form.owner.data = item.detail, item.owner
    form.organisation.data, form.questionnaire.data = str(item.organisation_id), (
        item.questionnaire_key or "")
    form.due_date.process(None, item.due_date)
    for link in item.links:
        if link.kind == "round":
            form.round.data = str(link.round_id)
        elif link.kind == "gap":
            form.gap.data = str(link.gap_id)
        else:
            form.question.data = f"{link.questionnaire_key}|{link.question_id}"


def _save(form: ActionItemForm, editing: ActionItem | None):
    fields, links = _fields_and_links(form)
    try:
        if editing is None:
            return workflow.create_item(by=current_user, fields=fields, links=links)
        workflow.edit_item(editing, by=current_user, fields=fields, links=links)
        return editing
    except ActionError as problem:
        target = {"organisation_id": "organisation", "links": "gap"}.get(problem.field,
                                                                         problem.field)
        getattr(form, target if target in form._fields else "title").errors.append(str(problem))
        return None


@bp.route("/new", methods=["GET", "POST"])
@requires("actions.manage")
def new():
    form = ActionItemForm()
    _set_choices(form)
    if request.method == "GET":
        form.round.data = request.args.get("round", "")
        form.source.data = "meeting" if form.round.data else ""
    if request.method == "POST" and form.validate():
        saved = _save(form, None)
        if saved is not None:
            flash(f"“{saved.title}” has been added to the register.", "success")
            return redirect(url_for(".item", item_id=saved.id))
    return _form_page(form)


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@requires("actions.manage")
def edit(item_id: int):
    found = item_or_404(item_id)
    form = ActionItemForm()
    _set_choices(form)
    if request.method == "GET":
        _fill(form, found)
    elif form.validate() and _save(form, found) is not None:
        flash("The item has been changed.", "success")
        return redirect(url_for(".item", item_id=found.id))
    return _form_page(form, found)


@bp.route("/register.xlsx")
@requires("export.register")
def download():
    filters = _filters(None)
    response, rows = _send(
        lambda fh: write_register_workbook(fh, filters=filters, exported_by=current_user.email,
                                           office_id=_office()),
        safe_filename("register", date.today().isoformat()))
    record_export("export.register", user=current_user, object_type="action_item",
                  object_id=None, rows=rows)
    return response


for _role in sorted(roles_with("actions.view")):
    add_nav(_role, "Actions", "actions.register")

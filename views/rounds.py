"""Assurance rounds: the list, set-up, one round, and moving it on (admins; the PCC reads)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.format.dates import long_date
from forms.rounds import ADD_ATTENDEE, REMOVE_ATTENDEE, RoundForm
from models import Organisation, QuestionnaireVersion, Round
from models.permissions import can
from models.status import round_long_label
from workflows import lookups
from workflows import rounds as rounds_workflow
from workflows.questionnaires import list_versions

from .access import requires
from .csrf_keep import keeps_typed_text, kept_message
from .main import add_home_panel
from .navigation import add_nav

bp = Blueprint("rounds", __name__, url_prefix="/rounds")


def _office() -> int:
    return current_user.office_id


def _round_or_404(round_id: int):
    """The round of the signed-in user's office; 404 for none, or another office's."""
    found = lookups.in_office_by_id(Round, round_id, office_id=_office())
    if found is None:
        abort(404)
    return found


@bp.route("/")
@requires("round.view")
def index():
    return render_template("rounds/index.html",
                           rounds=rounds_workflow.list_rounds(office_id=_office()),
                           long_date=long_date)


def _new_again():
    """The set-up form as posted, after a stale token (nothing is created)."""
    form = RoundForm()
    _set_choices(form)
    return _form_page(form)


@bp.route("/new", methods=["GET", "POST"])
@requires("round.create")
@keeps_typed_text(bp, _new_again)
def new():
    form = RoundForm()
    _set_choices(form)
    if request.method == "POST":
        if form.apply_attendee_button(request.form):
            return _form_page(form)
        if form.validate():
            created = _create(form)
            if created is not None:
                flash(f"Round “{created.title}” set up, with {len(created.responses)} "
                      "organisation(s) asked. Open it when respondents should start.", "success")
                return redirect(url_for(".show", round_id=created.id))
    return _form_page(form)


def _set_choices(form: RoundForm) -> None:
    versions = list_versions(office_id=_office())
    form.questionnaire_version.choices = [("", "Choose a questionnaire version")] + [
        (str(v.id), f"{v.title} ({v.label})") for v in versions]
    form.organisations.choices = [
        (str(o.id), o.name) for o in rounds_workflow.organisations_to_ask(office_id=_office())]


def _create(form: RoundForm):
    # The choices were the office's own; looked up in the office again all the same.
    version = lookups.in_office_by_id(QuestionnaireVersion, form.questionnaire_version.data,
                                      office_id=_office())
    orgs = lookups.existing_in_office(Organisation, form.organisations.data,
                                      office_id=_office())
    try:
        return rounds_workflow.create_round(
            title=form.title.data, version=version, meeting_date=form.meeting_date.data,
            venue=form.venue.data, chair=form.chair.data, note_taker=form.note_taker.data,
            attendees=form.attendee_pairs(), deadline=form.deadline.data,
            purpose=form.purpose.data, organisations=orgs, by=current_user,
        )
    except rounds_workflow.RoundError as exc:
        form.title.errors = list(form.title.errors) + [str(exc)]
        return None


def _form_page(form: RoundForm):
    errors = (bool(form.errors) or any(e.form.errors for e in form.attendees.entries)
              or bool(kept_message()))
    return render_template("rounds/new.html", form=form, form_has_errors=errors,
                           add_name=ADD_ATTENDEE, remove_name=REMOVE_ATTENDEE)


@bp.route("/<int:round_id>")
@requires("round.view")
def show(round_id: int):
    found = _round_or_404(round_id)
    return render_template(
        "rounds/show.html", round=found, moves=rounds_workflow.moves_from(found)
        if can(current_user, "round.move", found) else [], long_date=long_date,
    )


@bp.route("/<int:round_id>/move", methods=["POST"])
@requires("round.move")
def move(round_id: int):
    found = _round_or_404(round_id)
    name = request.form.get("move", "")
    if name not in ("open", "close"):
        flash("Choose open or close. Rounds are published with their meeting notes.", "info")
        return redirect(url_for(".show", round_id=found.id))
    try:
        rounds_workflow.move_round(found, name, current_user)
    except rounds_workflow.RoundError as exc:
        flash(str(exc), "info")
    else:
        flash(f"“{found.title}” is now {round_long_label(found.status).lower()}.",
              "success")
    return redirect(url_for(".show", round_id=found.id))


def _home_panel() -> dict:
    return {"rounds": rounds_workflow.list_rounds(office_id=_office())[:5],
            "long_date": long_date}


add_nav("admin", "Rounds", "rounds.index", position=1)
add_nav("pcc", "Rounds", "rounds.index")
add_home_panel("admin", "rounds/_home_panel.html", _home_panel)

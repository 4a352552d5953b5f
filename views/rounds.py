"""Assurance rounds: the list, set-up, one round, and moving it on (admins; the PCC reads)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forms.format.dates import long_date
from forms.format.words import plural
from forms.rounds import ADD_ATTENDEE, REMOVE_ATTENDEE, RoundForm
from models import Organisation, QuestionnaireVersion, Round
from models.permissions import can
from models.status import PUBLISHED, round_long_label
from workflows import lookups, round_changes
from workflows import rounds as rounds_workflow
from workflows.questionnaires import list_versions

from .access import requires
from .confirm import Confirmation, confirm_page
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
                flash(f"Round “{created.title}” set up, with "
                      f"{plural(len(created.responses), 'organisation')} asked. "
                      "Open it when respondents should start.", "success")
                return redirect(url_for(".show", round_id=created.id))
    return _form_page(form)


def _set_choices(form: RoundForm) -> None:
    if form.questionnaire_version is not None:  # None: a round's change form
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


def _form_page(form: RoundForm, editing: Round | None = None):
    errors = (bool(form.errors) or any(e.form.errors for e in form.attendees.entries)
              or bool(kept_message()))
    return render_template("rounds/new.html", form=form, form_has_errors=errors,
                           add_name=ADD_ATTENDEE, remove_name=REMOVE_ATTENDEE, editing=editing)


# ------------------------------------------------------------- changing a round


def _change_form(found: Round) -> RoundForm:
    """The set-up form, without the questionnaire (fixed once the responses exist):
    as posted, or filled from the round."""
    if request.method == "POST":
        form = RoundForm()
    else:
        form = RoundForm(obj=found, organisations=[str(r.organisation_id)
                                                   for r in found.responses])
    del form.questionnaire_version
    _set_choices(form)
    return form


def _change_again(round_id: int):
    found = _round_or_404(round_id)
    return _form_page(_change_form(found), editing=found)


@bp.route("/<int:round_id>/change", methods=["GET", "POST"])
@requires("round.change")
@keeps_typed_text(bp, _change_again)
def change(round_id: int):
    found = _round_or_404(round_id)
    if found.status == PUBLISHED:
        flash(f"“{found.title}” is published: its details stand with its notes.", "info")
        return redirect(url_for(".show", round_id=found.id))
    form = _change_form(found)
    if request.method == "POST" and not form.apply_attendee_button(request.form):
        if form.validate() and _apply_change(found, form):
            return redirect(url_for(".show", round_id=found.id))
    return _form_page(form, editing=found)


def _apply_change(found: Round, form: RoundForm) -> bool:
    orgs = lookups.existing_in_office(Organisation, form.organisations.data,
                                      office_id=_office())
    details = round_changes.RoundDetails(
        title=form.title.data, meeting_date=form.meeting_date.data, venue=form.venue.data,
        chair=form.chair.data, note_taker=form.note_taker.data, deadline=form.deadline.data,
        purpose=form.purpose.data, attendees=form.attendee_pairs())
    try:
        changed = round_changes.change_round(found, details, orgs, current_user)
    except rounds_workflow.RoundError as exc:
        form.organisations.errors = list(form.organisations.errors) + [str(exc)]
        return False
    if changed:
        names = [CHANGED_NAMES[name] for name in changed]
        flash(f"“{found.title}” changed: {', '.join(names)}.", "success")
    else:
        flash("Nothing was changed: the round's details were already as shown.", "info")
    return True


CHANGED_NAMES = {"title": "title", "meeting_date": "meeting date", "venue": "venue",
                 "chair": "chair", "note_taker": "note taker", "deadline": "deadline",
                 "purpose": "purpose", "attendees": "attendees",
                 "organisations": "organisations asked"}


@bp.route("/<int:round_id>")
@requires("round.view")
def show(round_id: int):
    found = _round_or_404(round_id)
    return render_template(
        "rounds/show.html", round=found, moves=rounds_workflow.moves_from(found)
        if can(current_user, "round.move", found) else [], long_date=long_date,
    )


@bp.route("/<int:round_id>/move", methods=["GET", "POST"])
@requires("round.move")
def move(round_id: int):
    """GET ?move=open|close: the confirmation page; POST: the move itself."""
    found = _round_or_404(round_id)
    if request.method == "GET":
        return _confirm_move(found, request.args.get("move", ""))
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


def _confirm_move(found: Round, name: str):
    move = next((m for m in rounds_workflow.moves_from(found) if m.action == name), None)
    if move is None:
        flash(f"“{found.title}” is {round_long_label(found.status).lower()}: "
              "there is nothing to confirm.", "info")
        return redirect(url_for(".show", round_id=found.id))
    names = sorted(r.organisation.name for r in found.responses)
    if name == "open":
        due = f" by {long_date(found.deadline)}" if found.deadline else ""
        follows = [f"Respondents of the {plural(len(names), 'organisation')} asked can see "
                   f"the round and answer it{due}, starting from last round's answers.",
                   "You can still change the round's details and the organisations asked."]
        heading, button, intro = (f"Open “{found.title}” for responses?", "Open the round",
                                  "The organisations asked:")
        listed = names
    else:
        waiting = sorted(r.organisation.name for r in found.responses
                         if r.status in ("draft", "returned"))
        follows = ["Answers can no longer be changed or submitted.",
                   "Respondents can still add information provided after the meeting.",
                   "Next, check the meeting notes and publish them: that publishes the round."]
        heading, button = f"Close “{found.title}”?", "Close the round"
        intro = ("Not submitted, so left out of the meeting notes:" if waiting else "")
        listed = waiting
    return confirm_page(Confirmation(
        caption="Assurance round", heading=heading, follows=follows,
        action=url_for(".move", round_id=found.id), fields={"move": name}, button=button,
        back=url_for(".show", round_id=found.id), listed_intro=intro, listed=listed))


def _home_panel() -> dict:
    return {"rounds": rounds_workflow.list_rounds(office_id=_office())[:5],
            "long_date": long_date}


add_nav("admin", "Rounds", "rounds.index", position=1)
add_nav("pcc", "Rounds", "rounds.index")
add_home_panel("admin", "rounds/_home_panel.html", _home_panel)

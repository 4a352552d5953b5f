"""Round set-up pages: the list, the set-up form (with "add another attendee"
without JavaScript), one round, and opening and closing it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, Round, db
from tests.db import create_org, create_questionnaire_version, create_round
from tests.helpers import sign_in


def _form(version, orgs, **extra) -> dict:
    data = {
        "title": "CSE assurance meeting", "questionnaire_version": str(version.id),
        "meeting_date-day": "22", "meeting_date-month": "9", "meeting_date-year": "2016",
        "venue": "Conference Room, Shrewsbury Police Station", "chair": "John Campion",
        "note_taker": "Jackie Irvin, Policy Officer, OPCC",
        "attendees-0-name": "John Campion", "attendees-0-capacity": "Police and Crime Commissioner (PCC)",
        "attendees-1-name": "Anthony Bangham", "attendees-1-capacity": "Chief Constable (CC)",
        "deadline-day": "8", "deadline-month": "9", "deadline-year": "2016",
        "purpose": "To hold the Chief Constable to account for the approach to CSE.",
        "organisations": [str(o.id) for o in orgs],
    }
    data.update(extra)
    return data


def test_admin_sets_up_a_round_with_every_field(client, client_request, admin, page_text):
    forces = [create_org(name="West Mercia Police"), create_org(name="Warwickshire Police")]
    create_org(name="The OPCC", kind="opcc")
    version = create_questionnaire_version(sample="respond")
    sign_in(client, admin)
    page = client_request.get("rounds.new")
    boxes = [i.find_next("label").get_text(strip=True) for i in page.select("input[name=organisations]")]
    assert boxes == ["Warwickshire Police", "West Mercia Police"]  # not the OPCC itself
    res = client_request.post("rounds.new", _data=_form(version, forces),
                              _expected_redirect="rounds.show")
    made = db.session.scalar(select(Round))
    assert res.location == f"/rounds/{made.id}"
    assert (made.title, made.meeting_date, made.deadline, made.status) == (
        "CSE assurance meeting", date(2016, 9, 22), date(2016, 9, 8), "planned")
    assert [(a.name, a.capacity) for a in made.attendees] == [
        ("John Campion", "Police and Crime Commissioner (PCC)"), ("Anthony Bangham", "Chief Constable (CC)")]
    assert sorted(r.organisation.name for r in made.responses) == ["Warwickshire Police",
                                                                   "West Mercia Police"]
    text = page_text(client_request.get("rounds.show", round_id=made.id))
    assert "Conference Room, Shrewsbury Police Station" in text and "Anthony Bangham" in text
    assert "Open for responses" in text


def test_add_another_attendee_works_without_javascript(client, client_request, admin):
    version = create_questionnaire_version(sample="respond")
    sign_in(client, admin)
    page = client_request.post("rounds.new", _data=_form(version, [create_org()], add_attendee="1"),
                               _expected_status=200)
    assert page.find("input", {"name": "attendees-2-name"}) is not None
    assert page.find("input", {"name": "attendees-1-name"})["value"] == "Anthony Bangham"
    page = client_request.post("rounds.new", _expected_status=200, _data=_form(
        version, [create_org()], remove_attendee="attendees-0"))
    assert page.find("input", {"name": "attendees-0-name"})["value"] == "Anthony Bangham"
    assert page.find("input", {"name": "attendees-1-name"}) is None
    assert db.session.scalar(select(Round.id)) is None


@pytest.mark.parametrize("change, message, href", [
    ({"title": ""}, "Enter a title for the round", "#title"),
    ({"meeting_date-day": "", "meeting_date-month": "", "meeting_date-year": ""},
     "Enter the meeting date", "#meeting_date-day"),
    ({"meeting_date-day": "31", "meeting_date-month": "2"}, "The meeting date must be a real date",
     "#meeting_date-day"),
    ({"deadline-month": "10"}, "on or before the meeting date", "#deadline-day"),
    ({"organisations": []}, "Choose at least one organisation", "#organisations"),
    ({"questionnaire_version": "999"}, "Not a valid choice", "#questionnaire_version"),
])
def test_set_up_errors_are_listed_and_link_to_the_field(client, client_request, admin, change,
                                                        message, href):
    version = create_questionnaire_version(sample="respond")
    sign_in(client, admin)
    page = client_request.post("rounds.new", _data=_form(version, [create_org()], **change),
                               _expected_status=200)
    assert page.title.string.startswith("Error:")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".govuk-error-summary a")}
    assert any(message in text and links[text] == href for text in links), links
    assert page.find("input", {"name": "venue"})["value"] == "Conference Room, Shrewsbury Police Station"
    assert db.session.scalar(select(Round.id)) is None


def test_admin_opens_then_closes_a_round_and_a_wrong_move_is_refused(
        client, client_request, admin, org, page_text):
    made = create_round(through_workflows=True, orgs=[org], status="planned")
    sign_in(client, admin)
    client_request.post("rounds.move", round_id=made.id, _data={"move": "open"},
                        _expected_redirect=("rounds.show", {"round_id": made.id}))
    assert db.session.get(Round, made.id).status == "open"
    page = client_request.post("rounds.move", round_id=made.id, _data={"move": "open"},
                               _expected_redirect=("rounds.show", {"round_id": made.id}),
                               _follow_redirects=True, _expected_status=200)
    assert "cannot be opened: it is open" in page_text(page)
    client_request.post("rounds.move", round_id=made.id, _data={"move": "close"},
                        _expected_redirect=("rounds.show", {"round_id": made.id}))
    db.session.expire_all()
    assert db.session.get(Round, made.id).status == "closed"
    page = client_request.post("rounds.move", round_id=made.id, _data={"move": "publish"},
                               _expected_redirect=("rounds.show", {"round_id": made.id}),
                               _follow_redirects=True, _expected_status=200)
    assert "published with their meeting notes" in page_text(page)
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("round.%"))
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["round.create", "round.open", "round.close"]


def test_the_pcc_reads_rounds_but_changes_nothing(client, client_request, pcc, org, page_text):
    made = create_round(through_workflows=True, orgs=[org], status="planned",
                        title="Planned meeting")
    sign_in(client, pcc)
    assert "Planned meeting" in page_text(client_request.get("rounds.index"))
    page = client_request.get("rounds.show", round_id=made.id)
    assert page.find("button", {"name": "move"}) is None
    client_request.post("rounds.move", round_id=made.id, _data={"move": "open"}, _expected_status=403)
    client_request.get("rounds.new", _expected_status=403)
    assert db.session.get(Round, made.id).status == "planned"


def test_respondents_cannot_reach_round_set_up(client, client_request, respondent, org):
    made = create_round(through_workflows=True, orgs=[org])
    sign_in(client, respondent)
    client_request.get("rounds.index", _expected_status=403)
    client_request.get("rounds.show", round_id=made.id, _expected_status=403)


def test_an_unknown_round_is_not_found(client, client_request, admin):
    sign_in(client, admin)
    client_request.get("rounds.show", round_id=424242, _expected_status=404)
    client_request.post("rounds.move", round_id=424242, _data={"move": "open"}, _expected_status=404)

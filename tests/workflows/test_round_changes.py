"""Changing a round after set-up (workflows.round_changes): details, attendees and the
organisations asked, audited; removing an organisation that has answered is refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import Answer, AuditEvent, Response, Round, db
from tests.actions import set_answers
from tests.db import create_org, create_response, create_round
from workflows.round_changes import RoundDetails, change_round
from workflows.rounds import RoundError, publish_round


def _details(round_: Round, **changes) -> RoundDetails:
    values = dict(title=round_.title, meeting_date=round_.meeting_date, venue=round_.venue,
                  chair=round_.chair, note_taker=round_.note_taker, deadline=round_.deadline,
                  purpose=round_.purpose,
                  attendees=[(a.name, a.capacity) for a in round_.attendees])
    values.update(changes)
    return RoundDetails(**values)


def _events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "round.change")))


def test_details_and_attendees_change_in_one_audited_step(admin, org):
    made = create_round(through_workflows=True, orgs=[org], by=admin)
    changed = change_round(made, _details(
        made, meeting_date=date(2026, 3, 8), venue="Hindlip Hall", deadline=date(2026, 3, 1),
        attendees=[("John Campion", "PCC"), ("Pippa Mills", "Chief Constable")]), [org], admin)
    assert changed == ["meeting_date", "venue", "deadline", "attendees"]
    db.session.expire_all()
    again = db.session.get(Round, made.id)
    assert (again.meeting_date, again.venue, again.deadline) == (
        date(2026, 3, 8), "Hindlip Hall", date(2026, 3, 1))
    assert [(a.name, a.capacity) for a in again.attendees] == [
        ("John Campion", "PCC"), ("Pippa Mills", "Chief Constable")]
    [event] = _events()
    assert event.detail["changed"] == changed and event.user_id == admin.id


def test_nothing_changed_records_nothing(admin, org):
    made = create_round(through_workflows=True, orgs=[org], by=admin)
    assert change_round(made, _details(made), [org], admin) == []
    assert _events() == []


def test_an_organisation_added_to_an_open_round_gets_its_response(admin, org):
    made = create_round(through_workflows=True, orgs=[org], by=admin, status="open")
    other = create_org(name="Warwickshire Police")
    changed = change_round(made, _details(made), [org, other], admin)
    assert changed == ["organisations"]
    response = db.session.scalar(select(Response).where(Response.round_id == made.id,
                                                        Response.organisation_id == other.id))
    assert response is not None and response.status == "draft"
    assert _events()[0].detail["organisations_added"] == ["Warwickshire Police"]


def test_an_organisation_nobody_answered_for_is_removed(admin, org):
    other = create_org(name="Warwickshire Police")
    made = create_round(through_workflows=True, orgs=[org, other], by=admin)
    change_round(made, _details(made), [org], admin)
    db.session.expire_all()
    assert [r.organisation_id for r in db.session.get(Round, made.id).responses] == [org.id]
    assert _events()[0].detail["organisations_removed"] == ["Warwickshire Police"]


def test_removing_an_organisation_that_has_answered_is_refused_with_the_reason(admin, org):
    other = create_org(name="Warwickshire Police")
    made = create_round(through_workflows=True, orgs=[org, other], by=admin)
    response = next(r for r in made.responses if r.organisation_id == other.id)
    set_answers(response, {"picture-now": "A picture"})
    db.session.commit()
    with pytest.raises(RoundError, match="Warwickshire Police cannot be removed: its "
                                         "respondents have given answers \\(1 answer\\)"):
        change_round(made, _details(made, venue="Elsewhere"), [org], admin)
    db.session.expire_all()
    assert db.session.get(Round, made.id).venue != "Elsewhere"  # nothing half done
    assert db.session.scalar(select(Answer.id).where(Answer.response_id == response.id))
    assert _events() == []


def test_a_submitted_response_is_kept(admin, org):
    other = create_org(name="Warwickshire Police")
    made = create_round(through_workflows=True, orgs=[org], by=admin)
    create_response(round_=made, org=other, status="submitted")
    with pytest.raises(RoundError, match="saved or submitted"):
        change_round(made, _details(made), [org], admin)


def test_closed_rounds_keep_their_organisations_and_published_ones_everything(admin, org):
    other = create_org(name="Warwickshire Police")
    made = create_round(through_workflows=True, orgs=[org], by=admin, status="closed")
    with pytest.raises(RoundError, match="only until the round closes"):
        change_round(made, _details(made), [org, other], admin)
    assert change_round(made, _details(made, venue="Room 2"), [org], admin) == ["venue"]
    publish_round(made, admin)
    with pytest.raises(RoundError, match="is published"):
        change_round(made, _details(made, venue="Room 3"), [org], admin)


def test_the_deadline_stays_on_or_before_the_meeting(admin, org):
    made = create_round(through_workflows=True, orgs=[org], by=admin)
    with pytest.raises(RoundError, match="on or before the meeting date"):
        change_round(made, _details(made, deadline=date(2027, 1, 1)), [org], admin)


def test_only_admins_change_rounds(admin, pcc, org):
    made = create_round(through_workflows=True, orgs=[org], by=admin)
    with pytest.raises(RoundError, match="Only the OPCC's administrators"):
        change_round(made, _details(made, venue="X"), [org], pcc)



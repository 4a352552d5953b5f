"""The register's status table (models/action_status.py) drives the workflow: every
allowed move works for a user holding its permission, leaves a dated, attributed line
in the item's history and an audit event; every other move is refused and changes
nothing."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest
from sqlalchemy import func, select

from models import ActionItem, ActionUpdate, AuditEvent, db
from models.action_status import (
    ACTION_MOVES,
    ACTION_STATUSES,
    CLOSED,
    COMPLETED,
    IN_PROGRESS,
    OPEN,
    SUPERSEDED,
    action_move,
    is_overdue,
)
from models.permissions import NotPermitted
from tests.db import create_action, create_gap, create_org, create_round, create_user
from workflows import actions
from workflows.actions import ActionError, Link


@pytest.fixture
def people(app, org):
    """(admin, respondent of org, pcc)"""
    return (create_user(role="admin", name="Ada Admin"), create_user(org=org, name="Rae Lead"),
            create_user(role="pcc", name="Pat PCC"))


def _user_for(move, people):
    admin, respondent, _ = people
    return respondent if move.permission == "actions.update" else admin


@pytest.mark.parametrize("move", ACTION_MOVES, ids=lambda m: f"{m.source}-{m.target}")
def test_every_allowed_move_works_and_is_kept_in_the_history(org, people, move):
    item = create_action(org=org, status=move.source)
    user = _user_for(move, people)
    actions.move_item(item, move.target, by=user, note="Seen the training records")
    db.session.expire_all()
    item = db.session.get(ActionItem, item.id)
    assert item.status == move.target
    last = item.updates[-1]
    assert (last.status_before, last.status_after, last.by_name) == (
        move.source, move.target, user.name)
    assert last.note == "Seen the training records"
    assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == (
        f"action.{move.action}")
    if move.target == CLOSED:
        assert item.closed_at is not None and item.closed_by.name == "Ada Admin"
    if move.target == COMPLETED:
        assert item.evidence == "Seen the training records"
    if move.source == CLOSED:
        assert item.closed_at is None


REFUSED = [(s, t) for s, t in product(ACTION_STATUSES, ACTION_STATUSES)
           if action_move(s, t) is None]


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_other_move_is_refused_and_changes_nothing(org, people, source, target):
    item = create_action(org=org, status=source)
    with pytest.raises(ActionError):
        actions.move_item(item, target, by=people[0], note="a note")
    db.session.expire_all()
    assert db.session.get(ActionItem, item.id).status == source
    assert db.session.scalar(select(func.count(ActionUpdate.id))) == 1  # the creation only


def test_a_respondent_cannot_close_supersede_or_reopen(org, people):
    _, respondent, pcc = people
    for source, target in ((COMPLETED, CLOSED), (OPEN, SUPERSEDED), (CLOSED, OPEN)):
        item = create_action(org=org, status=source)
        with pytest.raises(NotPermitted):
            actions.move_item(item, target, by=respondent, note="done")
        with pytest.raises(NotPermitted):
            actions.move_item(item, target, by=pcc, note="done")
        assert db.session.get(ActionItem, item.id).status == source


def test_a_respondent_updates_only_their_own_organisations_items(org, people):
    _, respondent, pcc = people
    other = create_action(org=create_org(name="Other Force"))
    with pytest.raises(NotPermitted):
        actions.move_item(other, IN_PROGRESS, by=respondent)
    with pytest.raises(NotPermitted):
        actions.add_progress(other, by=respondent, note="Nearly there")
    with pytest.raises(NotPermitted):  # the PCC reads, never updates
        actions.move_item(create_action(org=org), IN_PROGRESS, by=pcc)
    assert db.session.get(ActionItem, other.id).status == OPEN


def test_completing_needs_evidence_and_closing_an_open_item_a_note(org, people):
    admin, respondent, _ = people
    item = create_action(org=org)
    with pytest.raises(ActionError, match="evidence"):
        actions.move_item(item, COMPLETED, by=respondent, note="  ")
    with pytest.raises(ActionError, match="note"):
        actions.move_item(item, CLOSED, by=admin)
    assert db.session.get(ActionItem, item.id).status == OPEN


def test_a_progress_update_keeps_the_status_and_is_dated_and_attributed(org, people):
    _, respondent, _ = people
    item = create_action(org=org, status=IN_PROGRESS)
    actions.add_progress(item, by=respondent, note="Half the staff trained")
    update = db.session.get(ActionItem, item.id).updates[-1]
    assert (update.kind, update.status_after, update.note, update.by_name) == (
        "update", IN_PROGRESS, "Half the staff trained", "Rae Lead")
    assert update.at is not None


def test_an_admin_adds_and_edits_an_item_with_its_links(org, people):
    admin = people[0]
    round_ = create_round(orgs=[org], status="closed")
    gap = create_gap(response=round_.responses[0], question_id="picture-rating", title="Gap")
    item = actions.create_item(by=admin, fields={
        "source": "meeting", "title": "Audit the CSE cases", "organisation_id": org.id,
        "owner": "DCI Jones", "due_date": date(2027, 1, 31), "questionnaire_key": "small-assurance",
    }, links=[Link("round", round_id=round_.id), Link("gap", gap_id=gap.id),
              Link("question", "small-assurance", "picture-rating")])
    assert [link.kind for link in item.links] == ["round", "gap", "question"]
    changed = actions.edit_item(item, by=admin, fields={"owner": "DI Smith"})
    assert changed == ["owner"]
    assert [u.kind for u in item.updates] == ["create", "edit"]
    assert "owner" in item.updates[-1].note
    with pytest.raises(NotPermitted):
        actions.edit_item(item, by=people[1], fields={"owner": "Me"})


def test_an_item_needs_a_title_an_organisation_of_the_office_and_a_gap_of_its_owner(org, people):
    admin = people[0]
    with pytest.raises(ActionError, match="title"):
        actions.create_item(by=admin, fields={"source": "meeting", "title": " ",
                                              "organisation_id": org.id})
    from tests.db import create_office
    elsewhere = create_org(office=create_office(name="Elsewhere", code="ELSE"))
    with pytest.raises(ActionError) as refused:
        actions.create_item(by=admin, fields={"source": "meeting", "title": "T",
                                              "organisation_id": elsewhere.id})
    assert refused.value.field == "organisation_id"
    other_gap = create_gap(response=create_round(orgs=[create_org()]).responses[0],
                           question_id="picture-rating", title="Not theirs")
    with pytest.raises(ActionError):
        actions.create_item(by=admin, fields={"source": "meeting", "title": "T",
                                              "organisation_id": org.id},
                            links=[Link("gap", gap_id=other_gap.id)])
    assert db.session.scalar(select(func.count(ActionItem.id))) == 0


def test_overdue_is_still_open_after_the_due_date():
    today = date(2026, 12, 1)
    yesterday = today - timedelta(days=1)
    assert is_overdue(OPEN, yesterday, today) and is_overdue(IN_PROGRESS, yesterday, today)
    assert not is_overdue(OPEN, today, today)
    assert not is_overdue(COMPLETED, yesterday, today) and not is_overdue(CLOSED, yesterday, today)
    assert not is_overdue(OPEN, None, today)

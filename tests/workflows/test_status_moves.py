"""The status table (models/status.py) drives the workflows: every allowed move of a
response or a round works through its workflow, every other move is refused with the
workflow's own error and changes nothing."""

from __future__ import annotations

from itertools import product

import pytest
from sqlalchemy import select

from models import Response, ResponseRevision, db, utcnow
from models.status import (
    EDITABLE,
    RESPONSE_MOVES,
    RESPONSE_STATUSES,
    ROUND_MOVES,
    ROUND_STATUSES,
    response_move,
    sources_of,
)
from tests.actions import fresh, response_of
from tests.db import create_round, create_user
from tests.workflows.test_responses import PARTNERS, PICTURE
from workflows import review, revisions, rounds, submission
from workflows.responses import save_section

TARGETS = sorted({m.target for m in RESPONSE_MOVES})


@pytest.fixture
def answered(app, org):
    """(response, respondent, admin): a draft of an open round with every answer given."""
    response = response_of(create_round(through_workflows=True, orgs=[org]), org)
    rae = create_user(org=org, name="Rae")
    save_section(response, "picture", PICTURE, rae, response.revision)
    save_section(response, "partners", PARTNERS, rae, response.revision)
    return fresh(response), rae, create_user(role="admin", name="Ada")


def _put(response: Response, status: str) -> Response:
    """Set the status straight in the table, with the timestamps its constraints ask for."""
    now = utcnow()
    stamps = {"submitted_at": None if status == "draft" else now,
              "accepted_at": now if status == "accepted" else None}
    db.session.execute(Response.__table__.update().where(Response.id == response.id)
                       .values(status=status, **stamps))
    db.session.commit()
    return fresh(response)


def _make(target: str, response: Response, respondent, admin) -> bool:
    """Ask the workflow for the move; True when it was made, False when refused."""
    if target == "submitted":
        result = submission.submit_response(response, respondent, response.revision)
        assert result.outcome in (submission.SUBMITTED, submission.ALREADY), result
        return result.outcome == submission.SUBMITTED
    act = {"returned": lambda: review.return_response(response, comments={None: "More"},
                                                      user=admin, revision=response.revision),
           "accepted": lambda: review.accept_response(response, user=admin,
                                                      revision=response.revision)}[target]
    try:
        act()
    except review.ReviewError as exc:
        assert "cannot" in str(exc)
        return False
    return True


@pytest.mark.parametrize(("source", "target"), list(product(RESPONSE_STATUSES, TARGETS)))
def test_a_response_moves_exactly_as_the_table_says(answered, source, target):
    response, rae, ada = answered
    response = _put(response, source)
    before = response.revision
    allowed = response_move(source, target)
    assert _make(target, response, rae, ada) is (allowed is not None)
    got = fresh(response)
    if allowed is None:
        assert (got.status, got.revision) == (source, before)
        return
    assert got.status == target and got.revision == before + 1
    assert getattr(got, allowed.stamp) is not None
    last = db.session.scalar(select(ResponseRevision).where(
        ResponseRevision.response_id == got.id).order_by(ResponseRevision.number.desc()).limit(1))
    assert last.action == allowed.action


def test_the_moves_name_the_agreed_permissions():
    assert {(m.source, m.target) for m in RESPONSE_MOVES} == {
        ("draft", "submitted"), ("returned", "submitted"), ("submitted", "returned"),
        ("submitted", "accepted")}
    assert {(m.action, m.permission) for m in RESPONSE_MOVES} == {
        ("submit", "response.submit"), ("return", "response.return"),
        ("accept", "response.accept")}
    assert {m.permission for m in ROUND_MOVES.values()} == {"round.move"}
    assert sources_of("submitted") == EDITABLE
    for m in RESPONSE_MOVES:
        assert {m.source, m.target} <= set(RESPONSE_STATUSES)


def test_no_move_leads_back_to_draft(answered):
    response, rae, _ = answered
    assert sources_of("draft") == ()
    with pytest.raises(ValueError, match="no move leads to 'draft'"):
        revisions.move(response, "draft", rae)


def test_a_move_whose_guard_no_longer_holds_writes_nothing(answered):
    response, _, ada = answered
    with pytest.raises(revisions.StaleRevision):
        revisions.move(response, "accepted", ada)  # still a draft in the table
    db.session.rollback()
    assert fresh(response).status == "draft"


@pytest.mark.parametrize(("source", "action"), list(product(ROUND_STATUSES, ROUND_MOVES)))
def test_a_round_moves_exactly_as_the_table_says(app, org, source, action):
    round_ = create_round(through_workflows=True, orgs=[org], status="planned")
    for step in ("open", "close", "publish")[:ROUND_STATUSES.index(source)]:
        rounds.move_round(round_, step, None)
    assert round_.status == source
    move = ROUND_MOVES[action]
    if move.source == source:
        rounds.move_round(round_, action, None)
        assert round_.status == move.target and getattr(round_, move.stamp) is not None
    else:
        with pytest.raises(rounds.RoundError, match=f"cannot be {move.verb}"):
            rounds.move_round(round_, action, None)
        db.session.expire_all()
        assert round_.status == source

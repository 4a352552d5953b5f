"""Review transitions (return, accept), their guards, locking, additions, and
the audit trail of a whole flow (with no answer text or password in it)."""

from __future__ import annotations

import json
import logging
import threading
from datetime import date

import pytest
from sqlalchemy import select

from forms.questionnaire.builder import AnswerData
from models import AuditEvent, Response, User, db
from tests.db import (
    PASSWORD,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.helpers import sign_in
from workflows import additions, review
from workflows.gaps import GapError, save_gap_items


@pytest.fixture
def submitted(app, org, respondent):
    round_ = create_round(meeting_date=date(2016, 9, 22))
    return create_response(
        round_=round_,
        org=org,
        status="submitted",
        by=respondent,
        answers={"picture-now": "Profiles produced."},
    )


def test_return_from_submitted_with_comments(submitted, admin):
    review.return_response(
        submitted,
        comments={None: "More on partners", "picture-now": "Expand", "no-such-question": "ignored"},
        user=admin,
    )
    assert submitted.status == "returned" and submitted.returned_at is not None
    comments = review.comments_for(submitted)
    assert [c.body for c in comments[None]] == ["More on partners"]
    assert [c.body for c in comments["picture-now"]] == ["Expand"]
    assert "no-such-question" not in comments
    assert comments["picture-now"][0].revision_number == submitted.revision


@pytest.mark.parametrize("status", ["draft", "returned", "accepted"])
def test_return_and_accept_only_from_submitted(app, org, admin, status):
    response = create_response(round_=create_round(), org=org, status=status)
    with pytest.raises(review.ReviewError, match="cannot return"):
        review.return_response(response, comments={None: "x"}, user=admin)
    with pytest.raises(review.ReviewError, match="cannot accept"):
        review.accept_response(response, user=admin)
    db.session.refresh(response)
    assert response.status == status


def test_return_needs_a_comment(submitted, admin):
    with pytest.raises(review.ReviewError, match="at least one"):
        review.return_response(submitted, comments={None: "  ", "picture-now": ""}, user=admin)
    assert submitted.status == "submitted"


def test_a_stale_revision_is_refused(submitted, admin):
    with pytest.raises(review.ReviewError, match="changed it while you were looking"):
        review.accept_response(submitted, user=admin, revision=submitted.revision - 1)
    assert submitted.status == "submitted"


def test_comments_of_the_latest_return_only(submitted, admin):
    review.return_response(submitted, comments={None: "First"}, user=admin)
    db.session.execute(Response.__table__.update().values(status="submitted"))
    db.session.commit()
    db.session.refresh(submitted)
    review.return_response(submitted, comments={None: "Second"}, user=admin)
    assert [c.body for c in review.comments_for(submitted, latest_only=True)[None]] == ["Second"]
    assert [c.body for c in review.comments_for(submitted)[None]] == ["First", "Second"]


def test_accept_locks_the_gaps(submitted, admin, respondent):
    review.accept_response(submitted, user=admin)
    assert submitted.status == "accepted" and submitted.accepted_by_id == admin.id
    with pytest.raises(GapError):
        save_gap_items(submitted, "picture-rating", [{"title": "Late gap"}], respondent)


def _race(app, response_id: int, admin_id: int, revision: int, actions: list[str]) -> list[str]:
    """Run review actions in threads released at the same moment, each with
    its own session, both having seen the response at ``revision``."""
    barrier = threading.Barrier(len(actions), timeout=30)
    results: list[str] = []

    def work(action: str) -> None:
        with app.app_context():
            barrier.wait()
            response = db.session.get(Response, response_id)
            user = db.session.get(User, admin_id)
            try:
                if action == "accept":
                    review.accept_response(response, user=user, revision=revision)
                else:
                    review.return_response(
                        response, comments={None: "x"}, user=user, revision=revision
                    )
                results.append(f"{action}:ok")
            except review.ReviewError:
                results.append(f"{action}:refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(results)


def test_two_reviewers_at_once_cannot_both_act(app, submitted, admin):
    response_id, admin_id, revision = submitted.id, admin.id, submitted.revision
    db.session.commit()
    db.session.remove()
    results = _race(app, response_id, admin_id, revision, ["accept", "accept"])
    assert results == ["accept:ok", "accept:refused"]
    revisions = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "response.accept")
    ).all()
    assert len(revisions) == 1


def test_accept_and_return_at_once_one_wins(app, submitted, admin):
    response_id, admin_id, revision = submitted.id, admin.id, submitted.revision
    db.session.commit()
    db.session.remove()
    results = _race(app, response_id, admin_id, revision, ["accept", "return"])
    assert sorted(r.split(":")[1] for r in results) == ["ok", "refused"]


# ------------------------------------------------------------------ additions


def test_additions_only_after_the_meeting_by_the_organisation(submitted, respondent, admin):
    with pytest.raises(additions.AdditionError, match="once the round is closed"):
        additions.add_addition(submitted, "picture-now", "Later info", respondent)
    submitted.round.status, submitted.round.closed_at = "closed", submitted.round.opened_at
    db.session.commit()
    with pytest.raises(additions.AdditionError, match="respondents"):
        additions.add_addition(submitted, "picture-now", "Later info", admin)
    with pytest.raises(additions.AdditionError, match="respondents"):
        additions.add_addition(submitted, "picture-now", "Later info", create_user())
    with pytest.raises(additions.AdditionError, match="not part"):
        additions.add_addition(submitted, "nope", "Later info", respondent)
    before = submitted.revision
    added = additions.add_addition(submitted, "picture-now", "  Later info  ", respondent)
    assert added.body == "Later info" and added.author_id == respondent.id and added.at
    assert submitted.revision == before + 1
    assert additions.additions_for(submitted)["picture-now"] == [added]


def test_additions_need_a_submitted_response(app, org, respondent):
    round_ = create_round(status="closed")
    draft = create_response(round_=round_, org=org)
    with pytest.raises(additions.AdditionError, match="not submitted"):
        additions.add_addition(draft, "picture-now", "x", respondent)


# ------------------------------------------------------ the whole flow, audited

SECRET_ANSWER = "Only the analysts know the Telford profile"
SECRET_EXPLANATION = "Confidence rests on the Athena rollout"
SECRET_GAP = "Landlords of homes in multiple occupation"
SECRET_REVISED = "The revised answer mentions Operation Chalice"
SECRET_ADDITION = "Worcester University will evaluate the workshops"
SECRET_COMMENT = "Please explain the Chalice reference"


def _full_flow(client, org, admin, respondent):
    from workflows import rounds
    from workflows.responses import save_section
    from workflows.submission import submit_response

    sign_in(client, admin)
    client.post("/sign-in", data={"email": respondent.email, "password": PASSWORD + "-wrong"})
    version = create_questionnaire_version(by=admin)
    round_ = rounds.create_round(
        title="CSE",
        version=version,
        meeting_date=date(2016, 9, 22),
        organisations=[org],
        by=admin,
        status="open",
    )
    response = db.session.scalar(select(Response).where(Response.round_id == round_.id))
    answers = {
        "picture-now": AnswerData(value=SECRET_ANSWER),
        "picture-rating": AnswerData(
            value=4, explanation=SECRET_EXPLANATION, gaps=[{"title": SECRET_GAP, "area": "Systems"}]
        ),
    }
    save_section(response, "picture", answers, respondent, response.revision)
    assert submit_response(response, respondent, response.revision).outcome == "submitted"
    review.return_response(response, comments={"picture-now": SECRET_COMMENT}, user=admin)
    save_section(
        response,
        "picture",
        {"picture-now": AnswerData(value=SECRET_REVISED)},
        respondent,
        response.revision,
    )
    assert submit_response(response, respondent, response.revision).outcome == "submitted"
    review.accept_response(response, user=admin)
    rounds.close_round(round_, admin)
    additions.add_addition(response, "picture-now", SECRET_ADDITION, respondent)
    return response


def test_a_full_flow_is_audited_without_answer_text_or_passwords(
    client, org, admin, respondent, caplog
):
    caplog.set_level(logging.DEBUG)
    response = _full_flow(client, org, admin, respondent)
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [e.action for e in events]
    for wanted in (
        "auth.sign_in",
        "auth.sign_in_failed",
        "questionnaire.load",
        "round.create",
        "response.save",
        "response.submit",
        "response.return",
        "response.accept",
        "round.close",
        "response.addition",
    ):
        assert wanted in actions, wanted
    accept = next(e for e in events if e.action == "response.accept")
    assert (accept.user_id, accept.role, accept.object_type, accept.object_id) == (
        admin.id,
        "admin",
        "response",
        str(response.id),
    )
    assert accept.at.utcoffset().total_seconds() == 0
    dumped = json.dumps(
        [{c.name: str(getattr(e, c.name)) for c in AuditEvent.__table__.columns} for e in events]
    )
    logs = caplog.text
    for secret in (
        SECRET_ANSWER,
        SECRET_EXPLANATION,
        SECRET_GAP,
        SECRET_REVISED,
        SECRET_ADDITION,
        SECRET_COMMENT,
        PASSWORD,
    ):
        assert secret not in dumped, secret
        assert secret not in logs, secret
    assert respondent.password_hash not in dumped


def test_after_acceptance_every_write_path_refuses(client, org, admin, respondent):
    from workflows.responses import NotEditable, save_section
    from workflows.submission import submit_response

    response = _full_flow(client, org, admin, respondent)
    response.round.status = "open"  # even with the round open again
    db.session.commit()
    with pytest.raises(NotEditable):
        save_section(
            response,
            "picture",
            {"picture-now": AnswerData(value="changed")},
            respondent,
            response.revision,
        )
    assert submit_response(response, respondent, response.revision).outcome != "submitted"
    with pytest.raises(GapError):
        save_gap_items(response, "picture-rating", [], respondent)
    with pytest.raises(review.ReviewError):
        review.return_response(response, comments={None: "x"}, user=admin)
    db.session.refresh(response)
    assert response.status == "accepted"
    assert {a.question_id: a.value for a in response.answers}["picture-now"] == SECRET_REVISED


def test_the_database_guard_refuses_a_stale_in_memory_status(submitted, admin):
    """Even when this process still believes the response is submitted, the
    conditional UPDATE sees that another reviewer accepted it first."""
    from sqlalchemy.orm.attributes import set_committed_value

    db.session.execute(
        Response.__table__.update()
        .where(Response.id == submitted.id)
        .values(status="accepted", accepted_at=submitted.submitted_at)
    )
    db.session.commit()
    db.session.refresh(submitted)
    set_committed_value(submitted, "status", "submitted")  # a stale read
    with pytest.raises(review.ReviewError, match="already been accepted"):
        review.return_response(submitted, comments={None: "x"}, user=admin)
    assert review.comments_for(submitted) == {}

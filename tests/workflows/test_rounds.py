from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from forms.questionnaire.builder import AnswerData
from models import Answer, AuditEvent, Round, db
from tests.actions import response_of
from tests.db import create_org, create_questionnaire_version, create_round, create_user
from workflows import rounds
from workflows.responses import save_section
from workflows.submission import SUBMITTED, submit_response


def _events(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_create_round_records_everything_and_one_draft_per_organisation(app, admin):
    a, b = create_org(), create_org()
    version = create_questionnaire_version(sample="respond")
    made = rounds.create_round(
        title=" CSE assurance ", version=version, meeting_date=date(2016, 9, 22),
        venue="Conference Room, Shrewsbury Police Station", chair="John Campion",
        note_taker="Jackie Irvin", attendees=[("John Campion", "PCC"), ("", "ignored"),
                                              ("Anthony Bangham", "Chief Constable (CC)")],
        deadline=date(2016, 9, 8), purpose="To hold the Chief Constable to account.",
        organisations=[a, b, a], by=admin,
    )
    db.session.expire_all()
    got = db.session.get(Round, made.id)
    assert (got.title, got.status, got.venue, got.chair, got.note_taker) == (
        "CSE assurance", "planned", "Conference Room, Shrewsbury Police Station", "John Campion",
        "Jackie Irvin")
    assert (got.meeting_date, got.deadline, got.questionnaire_version_id) == (
        date(2016, 9, 22), date(2016, 9, 8), version.id)
    assert [(x.position, x.name, x.capacity) for x in got.attendees] == [
        (1, "John Campion", "PCC"), (2, "Anthony Bangham", "Chief Constable (CC)")]
    assert sorted(r.organisation_id for r in got.responses) == sorted([a.id, b.id])
    assert {(r.status, r.revision, r.questionnaire_version_id) for r in got.responses} == {
        ("draft", 0, version.id)}
    assert _events("round.create")[0].user_id == admin.id


@pytest.mark.parametrize("change, message", [
    ({"title": "  "}, "Enter a title"),
    ({"deadline": date(2016, 10, 1)}, "on or before the meeting date"),
    ({"organisations": []}, "at least one organisation"),
])
def test_create_round_refuses_bad_input_and_saves_nothing(app, change, message):
    args = dict(title="CSE", version=create_questionnaire_version(sample="respond"),
                meeting_date=date(2016, 9, 22), organisations=[create_org()])
    args.update(change)
    with pytest.raises(rounds.RoundError, match=message):
        rounds.create_round(**args)
    assert db.session.scalar(select(Round.id)) is None


def test_moves_run_planned_open_closed_published_with_timestamps_and_audit(app, admin, org):
    made = create_round(through_workflows=True, orgs=[org], status="planned", by=admin)
    for move, status, stamp in (("open", "open", "opened_at"), ("close", "closed", "closed_at"),
                                ("publish", "published", "published_at")):
        rounds.move_round(made, move, admin)
        assert made.status == status and getattr(made, stamp) is not None
        assert _events(f"round.{move}")[0].user_id == admin.id


@pytest.mark.parametrize("status, move", [
    ("planned", "close"), ("planned", "publish"), ("open", "open"), ("open", "publish"),
    ("closed", "open"), ("closed", "close"), ("published", "open"), ("published", "close"),
    ("published", "publish"),
])
def test_a_move_that_does_not_apply_is_refused_with_a_clear_message(app, org, status, move):
    made = create_round(through_workflows=True, orgs=[org], status=status)
    before = len(_events(f"round.{move}"))
    with pytest.raises(rounds.RoundError) as refused:
        rounds.move_round(made, move, None)
    assert "cannot be" in str(refused.value) and status in str(refused.value)
    assert db.session.get(Round, made.id).status == status
    assert len(_events(f"round.{move}")) == before


def test_publish_round_is_guarded_to_closed_rounds(app, org):
    made = create_round(through_workflows=True, orgs=[org], status="open")
    with pytest.raises(rounds.RoundError, match="Only a closed round can be published"):
        rounds.publish_round(made, None)


@pytest.mark.parametrize("sql", [
    "UPDATE round SET status = 'finished'",
    "UPDATE round SET status = 'open', opened_at = NULL",
    "UPDATE round SET status = 'closed', closed_at = NULL",
])
def test_check_constraints_back_the_round_states(app, org, sql):
    create_round(through_workflows=True, orgs=[org], status="planned")
    with pytest.raises(IntegrityError):
        db.session.execute(text(sql))
        db.session.flush()
    db.session.rollback()


def test_new_round_carries_forward_last_rounds_answers(app, org):
    respondent = create_user(org=org)
    version = create_questionnaire_version(sample="respond")
    first = create_round(through_workflows=True, orgs=[org], version=version,
                         meeting_date=date(2016, 9, 22))
    response = response_of(first, org)
    save_section(response, "partners", {"partners-engaging": AnswerData(value="yes")}, respondent,
                 response.revision)
    save_section(response, "picture", {"picture-now": AnswerData(value="Assessed."),
                                       "picture-rating": AnswerData(value=5, explanation="Good")},
                 respondent, response.revision)
    assert submit_response(response, respondent, response.revision).outcome == SUBMITTED
    second = create_round(through_workflows=True, orgs=[org], version=version,
                          meeting_date=date(2017, 3, 23))
    carried = db.session.scalars(select(Answer).where(
        Answer.response_id == response_of(second, org).id)).all()
    assert {(a.question_id, a.value, a.from_last_round) for a in carried} >= {
        ("partners-engaging", "yes", True), ("picture-now", "Assessed.", True)}


def test_demo_step_opens_one_round_for_west_mercia_idempotently(app):
    from workflows.demo import load_demo

    load_demo()
    load_demo()
    found = db.session.scalars(select(Round).where(Round.title == rounds.DEMO_TITLE)).all()
    assert len(found) == 1 and found[0].status == "open" and found[0].invented
    assert found[0].questionnaire_version.questionnaire.key == "cse-assurance"
    (response,) = found[0].responses
    assert response.organisation.code == "WMP" and response.status == "draft"

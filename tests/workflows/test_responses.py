import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from forms.questionnaire.builder import AnswerData
from models import Answer, AuditEvent, Gap, PendingInput, Response, ResponseRevision, db, utcnow
from tests.actions import fresh, response_of
from tests.db import create_org, create_round, create_user
from workflows import pending, revisions, submission
from workflows.responses import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    Conflict,
    NotEditable,
    answers_snapshot,
    save_section,
    section_progress,
)

PICTURE = {
    "picture-now": AnswerData(value="Refreshed in October."),
    "picture-rating": AnswerData(value=4, explanation="Adequate and improving",
                                 gaps=[{"title": "Systems not integrated", "area": "Systems"}]),
}
PARTNERS = {"partners-engaging": AnswerData(value="yes"), "partners-count": AnswerData(value=7)}


@pytest.fixture
def setup(app, org):
    """(response, respondent, colleague): an open round's draft and two respondents of its org."""
    made = create_round(through_workflows=True, orgs=[org])
    return response_of(made, org), create_user(org=org, name="Rae"), create_user(org=org, name="Cal")


def _revisions(response):
    return db.session.scalars(select(ResponseRevision).where(
        ResponseRevision.response_id == response.id).order_by(ResponseRevision.number)).all()


def test_save_stores_answers_who_saved_and_a_revision_with_the_changes(setup):
    response, rae, _ = setup
    result = save_section(response, "picture", PICTURE, rae, 0)
    assert result.saved and result.revision == 1
    rows = {a.question_id: a for a in db.session.scalars(select(Answer))}
    rating = rows["picture-rating"]
    assert (rating.value, rating.rating, rating.explanation, rating.updated_by_id) == (
        4, 4, "Adequate and improving", rae.id)
    assert rows["picture-now"].value == "Refreshed in October."
    (rev,) = _revisions(response)
    assert (rev.number, rev.action, rev.user_id) == (1, "save", rae.id)
    assert rev.changes["picture-rating"]["after"]["value"] == 4
    assert rev.changes["picture-rating"]["after"]["gaps"][0]["title"] == "Systems not integrated"
    assert db.session.scalar(select(Gap.title)) == "Systems not integrated"
    assert fresh(response).updated_by_id == rae.id


def test_audit_of_a_save_names_who_and_what_but_holds_no_answer_text(setup):
    response, rae, _ = setup
    save_section(response, "picture", PICTURE, rae, 0)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.save"))
    assert event.user_id == rae.id and event.object_id == str(response.id)
    assert "Refreshed" not in str(event.detail) and "Adequate" not in str(event.detail)


def test_saving_the_same_answers_again_changes_nothing(setup):
    response, rae, _ = setup
    save_section(response, "picture", PICTURE, rae, 0)
    gap_id = db.session.scalar(select(Gap.id))
    same = {**PICTURE, "picture-rating": AnswerData(
        value=4, explanation="Adequate and improving",
        gaps=[{"gap_id": str(gap_id), "title": "Systems not integrated", "area": "Systems"}])}
    again = save_section(response, "picture", same, rae, 0)
    assert not again.saved and again.revision == 1 and len(_revisions(response)) == 1


def test_any_respondent_of_the_organisation_may_edit_and_each_save_records_who(setup):
    response, rae, cal = setup
    save_section(response, "picture", PICTURE, rae, 0)
    save_section(response, "picture", {"picture-now": AnswerData(value="Cal's update")}, cal, 1)
    row = db.session.scalar(select(Answer).where(Answer.question_id == "picture-now"))
    assert (row.value, row.updated_by_id) == ("Cal's update", cal.id)
    assert [r.user_id for r in _revisions(response)] == [rae.id, cal.id]


def test_a_stale_save_of_the_same_question_is_refused_and_writes_nothing(setup):
    response, rae, cal = setup
    save_section(response, "picture", PICTURE, rae, 0)
    with pytest.raises(Conflict) as clash:
        save_section(response, "picture", {"picture-now": AnswerData(value="Cal's text")}, cal, 0)
    assert clash.value.question_ids == ["picture-now"]
    assert db.session.scalar(select(Answer.value).where(Answer.question_id == "picture-now")) == \
        "Refreshed in October."
    assert fresh(response).revision == 1


def test_a_stale_save_of_other_questions_is_merged(setup):
    response, rae, cal = setup
    save_section(response, "picture", PICTURE, rae, 0)
    result = save_section(response, "partners", PARTNERS, cal, 0)
    assert result.saved and result.revision == 2
    assert set(answers_snapshot(response)) == {"picture-now", "picture-rating", "partners-engaging",
                                              "partners-count"}


def test_clearing_an_answer_deletes_it(setup):
    response, rae, _ = setup
    save_section(response, "partners", PARTNERS, rae, 0)
    save_section(response, "partners", {"partners-count": AnswerData(value=None)}, rae, 1)
    assert set(answers_snapshot(response)) == {"partners-engaging"}


@pytest.mark.parametrize("state", ["other_org", "planned", "closed", "submitted"])
def test_saves_are_refused_where_the_user_may_not_edit(app, org, state):
    made = create_round(through_workflows=True, orgs=[org],
                        status="planned" if state == "planned" else "open")
    response = response_of(made, org)
    user = create_user(org=create_org() if state == "other_org" else org)
    if state == "closed":
        from workflows.rounds import close_round

        close_round(made, None)
    if state == "submitted":
        response.status, response.submitted_at = "submitted", utcnow()
        db.session.commit()
    with pytest.raises(NotEditable):
        save_section(response, "partners", PARTNERS, user, response.revision)
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_a_database_failure_during_a_save_saves_nothing(setup, monkeypatch):
    response, rae, _ = setup

    def fail():
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(OperationalError):
        save_section(response, "picture", PICTURE, rae, 0)
    monkeypatch.undo()
    db.session.rollback()
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert db.session.scalar(select(func.count(Gap.id))) == 0
    assert fresh(response).revision == 0 and _revisions(response) == []


def test_record_revision_refuses_a_stale_guard(setup):
    response, rae, _ = setup
    with pytest.raises(revisions.StaleRevision):
        revisions.record_revision(response, "save", rae, {}, expected=5)
    assert revisions.record_revision(response, "note", rae, {}).number == 1


def test_carried_answers_are_confirmed_by_save_and_continue(setup):
    response, rae, _ = setup
    db.session.add(Answer(response_id=response.id, question_id="partners-engaging", value="yes",
                          from_last_round=True))
    db.session.commit()
    assert section_progress(response)["partners"] == IN_PROGRESS
    save_section(response, "partners", {"partners-engaging": AnswerData(value="yes")}, rae, 0)
    assert answers_snapshot(response)["partners-engaging"]["from_last_round"] is True
    save_section(response, "partners", {"partners-engaging": AnswerData(value="yes")}, rae, 0,
                 confirm=True)
    assert answers_snapshot(response)["partners-engaging"]["from_last_round"] is False
    assert section_progress(response)["partners"] == COMPLETED


def test_section_progress_runs_not_started_in_progress_completed(setup):
    response, rae, _ = setup
    assert section_progress(response) == {"picture": NOT_STARTED, "partners": NOT_STARTED}
    save_section(response, "picture", {"picture-rating": AnswerData(value=4)}, rae, 0)
    save_section(response, "partners", PARTNERS, rae, 1)
    assert section_progress(response) == {"picture": IN_PROGRESS, "partners": COMPLETED}
    save_section(response, "picture", PICTURE, rae, 2)
    assert section_progress(response)["picture"] == COMPLETED


# ------------------------------------------------------------------ submitting


def _answer_everything(response, user):
    save_section(response, "picture", PICTURE, user, response.revision)
    save_section(response, "partners", PARTNERS, user, response.revision)


def test_submit_lists_what_is_missing_and_where(setup):
    response, rae, _ = setup
    save_section(response, "picture", {"picture-rating": AnswerData(value=2)}, rae, 0)
    result = submission.submit_response(response, rae, 1)
    assert result.outcome == submission.INVALID
    where = {(p.section_id, p.anchor) for p in result.problems}
    assert ("picture", "q_picture_now") in where and ("picture", "explain_picture_rating") in where
    assert ("partners", "q_partners_engaging-yes") in where or any(
        p.section_id == "partners" for p in result.problems)
    assert fresh(response).status == "draft"


def test_submit_once_drops_hidden_answers_and_records_it(setup):
    response, rae, _ = setup
    save_section(response, "picture", {**PICTURE, "picture-rating": AnswerData(value=2, explanation="Low"),
                                       "picture-improve": AnswerData(value="More analysts")}, rae, 0)
    save_section(response, "picture", {"picture-rating": AnswerData(value=5, explanation="High")}, rae, 1)
    save_section(response, "partners", PARTNERS, rae, 2)
    assert "picture-improve" in answers_snapshot(response)
    result = submission.submit_response(response, rae, 3)
    assert result.outcome == submission.SUBMITTED
    got = fresh(response)
    assert (got.status, got.revision, got.submitted_by_id) == ("submitted", 4, rae.id)
    assert "picture-improve" not in answers_snapshot(got)
    assert _revisions(got)[-1].action == "submit" and "picture-improve" in _revisions(got)[-1].changes


def test_submitting_again_or_from_a_stale_revision_changes_nothing(setup):
    response, rae, cal = setup
    _answer_everything(response, rae)
    base = fresh(response).revision
    assert submission.submit_response(response, rae, base).outcome == submission.SUBMITTED
    again = submission.submit_response(fresh(response), cal, base)
    assert again.outcome == submission.ALREADY and "already been submitted by Rae" in again.message
    assert [r.action for r in _revisions(response)].count("submit") == 1


def test_a_submit_from_before_someone_elses_save_is_refused(setup):
    response, rae, cal = setup
    _answer_everything(response, rae)
    base = fresh(response).revision
    save_section(response, "partners", {"partners-count": AnswerData(value=9)}, cal, base)
    assert submission.submit_response(response, rae, base).outcome == submission.CHANGED
    assert fresh(response).status == "draft"


def test_two_submits_at_once_make_exactly_one_submission(app, setup):
    response, rae, cal = setup
    _answer_everything(response, rae)
    base, response_id = fresh(response).revision, response.id
    user_ids = [rae.id, cal.id]
    db.session.rollback()  # end this thread's transaction: SQLite lets one writer in at a time
    outcomes, barrier = [], threading.Barrier(2)

    def submit(user_id):
        with app.app_context():
            from models import User

            user = db.session.get(User, user_id)
            found = db.session.get(Response, response_id)
            db.session.rollback()  # both start from the same committed state
            barrier.wait()
            outcomes.append(submission.submit_response(found, user, base).outcome)
            db.session.remove()

    threads = [threading.Thread(target=submit, args=(uid,)) for uid in user_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == sorted([submission.SUBMITTED, submission.ALREADY])
    db.session.expire_all()
    assert [r.action for r in _revisions(response)].count("submit") == 1
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.action == "response.submit")) == 1


# --------------------------------------------------------------------- pending


def test_kept_input_is_found_only_by_its_user_for_its_section(setup):
    response, rae, cal = setup
    token = pending.keep(user_id=rae.id, response=response, section_id="picture", base_revision=0,
                         pairs=[("q_picture_now", "typed after timeout")])
    assert pending.find(token, user=rae, response=response, section_id="picture").form_data == [
        ["q_picture_now", "typed after timeout"]]
    assert pending.find(token, user=cal, response=response, section_id="picture") is None
    assert pending.find(token, user=rae, response=response, section_id="partners") is None
    assert pending.find("not-the-token", user=rae, response=response, section_id="picture") is None
    assert token not in str(db.session.scalars(select(PendingInput.token_hash)).all())
    save_section(response, "picture", PICTURE, rae, 0)
    assert pending.find(token, user=rae, response=response, section_id="picture") is None


def test_the_submit_update_applies_only_from_an_editable_status_at_the_named_revision(setup):
    response, rae, _ = setup
    _answer_everything(response, rae)
    base = fresh(response).revision
    assert submission.submit_response(response, rae, base).outcome == submission.SUBMITTED
    # A request that read the response before the winner committed still reaches the UPDATE:
    assert revisions.bump(fresh(response), rae, expected=base, statuses=("draft", "returned"),
                          status="submitted") is None
    assert revisions.bump(fresh(response), rae, expected=base + 1, statuses=("draft", "returned"),
                          status="submitted") is None
    db.session.rollback()
    assert fresh(response).revision == base + 1

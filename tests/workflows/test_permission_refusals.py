"""Workflows refuse by permission too, not only the views: called directly for a user
without the right (the PCC, another organisation's respondent, an admin answering), each
guarded change is refused with its workflow's error and writes nothing. The system (a
None actor: CLI commands, the demo) is still allowed where it was."""

from __future__ import annotations

from datetime import date

import pytest

from forms.questionnaire.builder import AnswerData
from models import db
from models.permissions import NotPermitted
from tests.db import create_org, create_response, create_round, create_user
from tests.helpers import db_snapshot
from tests.samples import small_yaml
from workflows import accounts, additions, review, rounds, submission
from workflows.notes import publish_notes
from workflows.questionnaires import load_questionnaire
from workflows.responses import NotEditable, edit_refusal, response_for, save_section


@pytest.fixture
def other(app):
    return create_user(role="respondent", org=create_org(name="Elsewhere Police"),
                       email="other@example.org")


@pytest.fixture
def submitted(app, org, respondent):
    return create_response(round_=create_round(meeting_date=date(2016, 9, 22)), org=org,
                           status="submitted", by=respondent,
                           answers={"picture-now": "Profiles produced."})


def unchanged(action, error) -> None:
    before = db_snapshot()
    with pytest.raises(error):
        action()
    db.session.rollback()
    assert db_snapshot() == before


def test_only_reviewers_return_and_accept(submitted, pcc, respondent):
    for user in (pcc, respondent):
        unchanged(lambda u=user: review.return_response(submitted, comments={None: "No"}, user=u),
                  review.ReviewError)
        unchanged(lambda u=user: review.accept_response(submitted, user=u), review.ReviewError)
    assert submitted.status == "submitted"


def test_only_the_organisations_respondents_answer_and_submit(app, org, admin, pcc, other):
    response = create_round(orgs=[org], status="open").responses[0]
    for user in (admin, pcc, other):
        assert edit_refusal(response, user) == (
            "Only the organisation's respondents can change its response.")
        unchanged(lambda u=user: save_section(response, "picture",
                                              {"picture-now": AnswerData(value="Mine")}, u,
                                              response.revision), NotEditable)
        result = submission.submit_response(response, user, response.revision)
        assert result.outcome == submission.REFUSED
    assert response.status == "draft"


def test_only_the_organisations_respondents_add_information(submitted, admin, other):
    rounds.close_round(submitted.round, None)
    for user in (admin, other):
        assert additions.addition_refusal(submitted, user)
        unchanged(lambda u=user: additions.add_addition(submitted, "picture-now", "Later", u),
                  additions.AdditionError)


def test_a_respondent_reads_only_their_own_organisations_responses(submitted, respondent, other,
                                                                   pcc):
    assert response_for(respondent, submitted.id) is submitted
    assert response_for(pcc, submitted.id) is submitted
    assert response_for(other, submitted.id) is None


def test_only_admins_set_up_move_and_publish_rounds(app, org, admin, pcc, respondent):
    round_ = create_round(orgs=[org], status="planned")
    version = round_.questionnaire_version
    for user in (pcc, respondent):
        unchanged(lambda u=user: rounds.create_round(
            title="Not mine", version=version, meeting_date=date(2030, 1, 1), organisations=[org],
            by=u), rounds.RoundError)
        unchanged(lambda u=user: rounds.move_round(round_, "open", u), rounds.RoundError)
    rounds.move_round(round_, "open", admin)
    rounds.move_round(round_, "close", None)  # the system (the CLI) still may
    for user in (pcc, respondent):
        unchanged(lambda u=user: publish_notes(round_, u), rounds.RoundError)
    publish_notes(round_, admin)
    assert round_.status == "published"


def test_only_admins_load_questionnaires(app, admin, pcc):
    unchanged(lambda: load_questionnaire(small_yaml(key="not-mine"), by=pcc), NotPermitted)
    assert load_questionnaire(small_yaml(key="mine"), by=admin).ok
    assert load_questionnaire(small_yaml(key="the-systems")).ok


def test_only_admins_manage_users_and_organisations(app, org, admin, pcc, respondent):
    for user in (pcc, respondent):
        unchanged(lambda u=user: accounts.create_org(name="New body", kind="other", by=u),
                  NotPermitted)
        unchanged(lambda u=user: accounts.update_org(org, name="Renamed", kind="force", code=None,
                                                     by=u), NotPermitted)
        unchanged(lambda u=user: accounts.create_user(
            email="new@example.org", name="New", role="pcc", password="a long passphrase here",
            by=u), NotPermitted)
        unchanged(lambda u=user: accounts.update_user(
            respondent, name="Renamed", role="respondent", org=org, active=True, by=u),
            NotPermitted)
        unchanged(lambda u=user: accounts.disable_user(admin, by=u), NotPermitted)
        unchanged(lambda u=user: accounts.set_password(admin, "a long passphrase here", by=u),
                  NotPermitted)
    accounts.update_org(org, name="Renamed", kind="force", code=None, by=admin)
    accounts.set_password(pcc, "their own new passphrase", by=pcc)  # one's own password
    assert org.name == "Renamed"


def test_a_workflow_refusal_reaching_a_view_is_a_403(app, client, admin):
    from tests.helpers import sign_in
    from views.access import requires

    @app.route("/test/refused")
    @requires("home.view")
    def refused():
        raise NotPermitted("nobody may")

    sign_in(client, admin)
    assert client.get("/test/refused").status_code == 403


def test_only_admins_record_verdicts_and_only_the_pcc_signs_off(app, org, admin, pcc,
                                                                 respondent, other):
    from workflows import verdicts

    judged = create_response(round_=create_round(status="closed"), org=org, status="submitted")
    data = verdicts.VerdictInput("assured", "Seen.", "opcc")
    for user in (pcc, respondent, other):
        unchanged(lambda u=user: verdicts.record_verdict(judged, "picture", data, user=u),
                  verdicts.VerdictError)
    verdict = verdicts.record_verdict(judged, "picture", data, user=None)  # the system
    for user in (admin, respondent, other):
        unchanged(lambda u=user: verdicts.sign_off(judged, [(verdict.id, 0)], user=u),
                  verdicts.VerdictError)

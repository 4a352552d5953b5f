"""Forged form fields and filters naming another office's objects (issue 18): the round
set-up, the user forms and the audit trail refuse or ignore them exactly as they do an
id that does not exist (the same message), and store nothing. And the readers behind
the pages: with several offices, asking for "the only office" is an error, so no page
can forget to name its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from exports.review_lists import SeveralOffices, awaiting_review, rounds_with_counts
from models import Office, Organisation, QuestionnaireVersion, Round, User, db
from tests.db import (
    create_office,
    create_org,
    create_questionnaire_version,
    create_round,
    create_user,
)
from tests.helpers import sign_in, text_of
from tests.samples import small_yaml
from workflows import audit, lookups
from workflows import questionnaires as questionnaires_workflow
from workflows import rounds as rounds_workflow
from workflows.offices import OfficeError

UNKNOWN = 987654


@dataclass
class Two:
    admin: User  # ours
    org: Organisation
    version: QuestionnaireVersion
    their_office: Office
    their_admin: User
    their_org: Organisation
    their_version: QuestionnaireVersion
    their_round: Round


@pytest.fixture
def two(app) -> Two:
    org = create_org(name="West Mercia Police")  # ours: the default test office, made first
    version = create_questionnaire_version()
    admin = create_user(role="admin", email="ours@example.org")
    office = create_office(name="Far Away OPCC", code="FAR")
    their_org = create_org(name="Far Away Police", office=office)
    their_version = create_questionnaire_version(
        yaml_text=small_yaml(key="far-assurance").replace(
            "title: Small assurance questions", "title: Far away questions"), office=office)
    their_admin = create_user(role="admin", email="far-admin@example.org", office=office)
    their_round = create_round(version=their_version, orgs=[their_org], title="Far round")
    audit.record("far.only", user=their_admin, obj=their_round)
    db.session.commit()
    return Two(admin, org, version, office, their_admin, their_org, their_version, their_round)


def _errors(page) -> list[str]:
    summary = page.select_one(".govuk-error-summary")
    return [text_of(a) for a in summary.select("a")] if summary else []


def _round_form(version_id, org_ids) -> dict:
    return {"title": "Forged meeting", "questionnaire_version": str(version_id),
            "meeting_date-day": "22", "meeting_date-month": "9", "meeting_date-year": "2026",
            "organisations": [str(i) for i in org_ids]}


def _rounds_titled(title: str) -> int:
    return db.session.scalar(select(func.count(Round.id)).where(Round.title == title))


# ----------------------------------------------------------------- round set-up


def test_round_set_up_offers_only_the_offices_own_versions_and_organisations(
        client, client_request, two):
    sign_in(client, two.admin)
    page = client_request.get("rounds.new")
    options = [o.get_text(strip=True) for o in page.select("select[name=questionnaire_version] option")]
    boxes = [i.find_next("label").get_text(strip=True)
             for i in page.select("input[name=organisations]")]
    assert boxes == ["West Mercia Police"]
    assert not any("Far away" in o for o in options) and len(options) == 2


@pytest.mark.parametrize("forged", ["organisation", "version"])
def test_a_round_naming_another_offices_object_is_refused_as_an_unknown_id(
        client, client_request, two, forged):
    sign_in(client, two.admin)

    def post(version_id, org_id):
        page = client_request.post("rounds.new", _data=_round_form(version_id, [org_id]),
                                   _expected_status=200)
        return _errors(page)

    if forged == "organisation":
        their_id = two.their_org.id
        theirs, unknown = post(two.version.id, their_id), post(two.version.id, UNKNOWN)
    else:
        their_id = two.their_version.id
        theirs, unknown = post(their_id, two.org.id), post(UNKNOWN, two.org.id)
    # the same message (the form names the id it was sent, whichever it was)
    assert theirs and [e.replace(f"'{their_id}'", f"'{UNKNOWN}'") for e in theirs] == unknown
    assert _rounds_titled("Forged meeting") == 0


# ------------------------------------------------------------------- user forms


def _user_form(org_id, **extra) -> dict:
    return {"name": "Forged Person", "email": "forged@example.org", "role": "respondent",
            "organisation": str(org_id), "password": "a long enough password here", **extra}


def test_a_new_user_of_another_offices_organisation_is_refused_as_an_unknown_one(
        client, client_request, two):
    sign_in(client, two.admin)
    theirs = _errors(client_request.post("admin_people.new_user",
                                         _data=_user_form(two.their_org.id), _expected_status=200))
    unknown = _errors(client_request.post("admin_people.new_user", _data=_user_form(UNKNOWN),
                                          _expected_status=200))
    assert theirs and theirs == unknown
    assert lookups.user_with_email("forged@example.org") is None


def test_moving_a_user_to_another_offices_organisation_is_refused_as_an_unknown_one(
        client, client_request, two):
    ours = create_user(org=two.org, email="lead@example.org", name="Lead")
    sign_in(client, two.admin)
    results = []
    for org_id in (two.their_org.id, UNKNOWN):
        data = _user_form(org_id, name="Renamed", password="", active="y")
        page = client_request.post("admin_people.edit_user", user_id=ours.id, _data=data,
                                   _expected_status=200)
        results.append(_errors(page))
    assert results[0] and results[0] == results[1]
    db.session.expire_all()
    ours = db.session.get(User, ours.id)
    assert (ours.name, ours.organisation_id) == ("Lead", two.org.id)


def test_the_user_and_organisation_lists_are_the_offices_own(client, client_request, two,
                                                             page_text):
    sign_in(client, two.admin)
    users = page_text(client_request.get("admin_people.users"))
    orgs = page_text(client_request.get("admin_people.orgs"))
    form = client_request.get("admin_people.new_user")
    choices = [o.get_text(strip=True) for o in form.select("select[name=organisation] option")]
    assert "ours@example.org" in users and "far-admin@example.org" not in users
    assert "West Mercia Police" in orgs and "Far Away" not in orgs
    assert choices == ["None", "West Mercia Police"]


# ------------------------------------------------------------------ audit trail


def _audit_rows(page) -> list[str]:
    body = page.select_one("table tbody")
    return [text_of(tr) for tr in body.find_all("tr")] if body else []


def test_the_audit_trail_is_the_offices_own_whatever_the_filters_name(
        client, client_request, two):
    sign_in(client, two.admin)
    page = client_request.get("audit.events")
    actions = [o["value"] for o in page.select("select[name=action] option")]
    assert "far.only" not in actions
    assert not any("far-admin@example.org" in r or "Far Away" in r for r in _audit_rows(page))
    for filters in ({"action": "far.only"}, {"user": "far-admin"},
                    {"object_type": "round", "object_id": str(two.their_round.id)}):
        assert _audit_rows(client_request.get("audit.events", **filters)) == [], filters
        unknown = {k: (f"{v}-unknown" if k != "object_type" else v) for k, v in filters.items()}
        assert _audit_rows(client_request.get("audit.events", **unknown)) == [], unknown
    sign_in(client, two.their_admin)  # and the other office sees its own event
    assert any("Far: only" in r for r in _audit_rows(client_request.get("audit.events")))


# --------------------------------------------------------------------- readers


def test_with_several_offices_the_readers_must_be_told_which(two):
    theirs = two.their_office.id
    for reader in (questionnaires_workflow.list_questionnaires,
                   questionnaires_workflow.list_versions, questionnaires_workflow.round_counts,
                   rounds_workflow.list_rounds, rounds_workflow.organisations_to_ask):
        with pytest.raises(OfficeError):
            reader()
    for reader in (rounds_with_counts, awaiting_review):
        with pytest.raises(SeveralOffices):
            reader()
    assert [r.title for r in rounds_workflow.list_rounds(office_id=theirs)] == ["Far round"]
    assert [o.name for o in lookups.organisations_of(theirs)] == ["Far Away OPCC",
                                                                 "Far Away Police"]
    assert [r["round"].title for r in rounds_with_counts(office_id=theirs)] == ["Far round"]
    assert lookups.in_office_by_id(Round, two.their_round.id, office_id=two.org.office_id) is None
    assert lookups.in_office_by_id(Round, "x", office_id=theirs) is None
    assert lookups.existing_in_office(
        Organisation, [two.their_org.id, two.org.id, UNKNOWN], office_id=two.org.office_id
    ) == [two.org]

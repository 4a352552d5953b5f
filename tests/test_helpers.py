"""The shared test helpers themselves: the create_* helpers stay keyword-only and make
what they say, client_request.post names every redirect, and the shared fixtures."""

from __future__ import annotations

import inspect

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

import tests.db
from models import AuditEvent, Round, db
from tests.actions import response_of
from tests.db import create_round
from tests.helpers import sign_in


def test_every_create_helper_takes_keyword_arguments_only():
    creators = [f for name, f in vars(tests.db).items()
                if name.startswith("create_") and inspect.isfunction(f)]
    assert len(creators) >= 8
    for creator in creators:
        for param in inspect.signature(creator).parameters.values():
            assert param.kind is param.KEYWORD_ONLY, f"{creator.__name__}({param.name})"


@pytest.mark.parametrize("through_workflows", [False, True])
def test_a_round_has_one_draft_response_per_organisation_in_the_status_asked(
        app, org, through_workflows):
    other = tests.db.create_org()
    made = create_round(orgs=[org, other], status="closed", through_workflows=through_workflows)
    assert made.status == "closed" and made.closed_at is not None
    assert sorted(r.organisation_id for r in made.responses) == sorted([org.id, other.id])
    assert {r.status for r in made.responses} == {"draft"}
    assert response_of(made, other).organisation_id == other.id


def test_only_a_round_set_up_through_the_workflows_is_audited(app, org, admin):
    create_round(orgs=[org], status="published")
    assert db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("round.%"))).all() == []
    made = create_round(orgs=[org], status="published", by=admin, through_workflows=True)
    assert (made.title, made.deadline.isoformat()) == ("CSE assurance", "2026-02-19")
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == admin.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["round.create", "round.open", "round.close", "round.publish"]
    assert len(db.session.scalars(select(Round)).all()) == 2


def test_a_post_that_redirects_must_name_where_to(client, client_request, pcc):
    sign_in(client, pcc)
    with pytest.raises(AssertionError, match="redirected to /sign-in: name it with"):
        client_request.post("auth.sign_out")


@pytest.mark.parametrize("expected", ["/sign-in", "auth.sign_in", ("auth.sign_in", {})])
def test_a_named_redirect_may_be_a_path_an_endpoint_or_an_endpoint_with_values(
        client, client_request, pcc, expected):
    sign_in(client, pcc)
    response = client_request.post("auth.sign_out", _expected_redirect=expected)
    assert response.status_code == 302


@pytest.mark.parametrize("expected", ["/", "main.home", ("auth.sign_in", {"next": "/"})])
def test_a_redirect_elsewhere_fails(client, client_request, pcc, expected):
    sign_in(client, pcc)
    with pytest.raises(AssertionError, match="redirected to /sign-in"):
        client_request.post("auth.sign_out", _expected_redirect=expected)


def test_a_followed_redirect_is_checked_too(client, client_request, pcc):
    sign_in(client, pcc)
    page = client_request.post("auth.sign_out", _expected_redirect="auth.sign_in",
                               _follow_redirects=True, _expected_status=200)
    assert "You have signed out." in page.get_text()
    sign_in(client, pcc)
    with pytest.raises(AssertionError, match="name it with _expected_redirect"):
        client_request.post("auth.sign_out", _follow_redirects=True, _expected_status=200)


def test_an_expected_redirect_that_does_not_happen_fails(client_request):
    with pytest.raises(AssertionError, match="not the redirect"):
        client_request.post("auth.sign_in", _data={"email": "", "password": ""},
                            _expected_status=200, _expected_redirect="main.home")


def test_page_text_reads_as_a_reader_sees_it(page_text):
    page = BeautifulSoup("<p>Your  draft\n was <b>saved</b>.</p><p>Next</p>", "html.parser")
    assert page_text(page) == "Your draft was saved . Next"
    assert page_text(page.b) == "saved"


def test_the_csrf_client_checks_tokens_and_the_plain_client_does_not(client, csrf_client, pcc):
    data = {"email": pcc.email, "password": tests.db.PASSWORD}
    assert csrf_client.post("/sign-in", data=data).status_code == 400
    assert client.post("/sign-in", data=data).status_code == 302

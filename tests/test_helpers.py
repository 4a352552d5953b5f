"""The shared test helpers themselves: the create_* helpers stay keyword-only and make
what they say, and the shared fixtures."""

from __future__ import annotations

import inspect

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

import tests.db
from models import AuditEvent, Round, db
from tests.actions import response_of
from tests.db import create_round


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


def test_page_text_reads_as_a_reader_sees_it(page_text):
    page = BeautifulSoup("<p>Your  draft\n was <b>saved</b>.</p><p>Next</p>", "html.parser")
    assert page_text(page) == "Your draft was saved . Next"
    assert page_text(page.b) == "saved"


def test_the_csrf_client_checks_tokens_and_the_plain_client_does_not(client, csrf_client, pcc):
    data = {"email": pcc.email, "password": tests.db.PASSWORD}
    assert csrf_client.post("/sign-in", data=data).status_code == 400
    assert client.post("/sign-in", data=data).status_code == 302

"""A small office for the data feed tests: two forces answering two rounds, one
draft, and a token per role."""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass

import pytest
from sqlalchemy import event

from models import db
from tests.db import (
    create_gap,
    create_office,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from workflows import access_tokens


@dataclass
class FeedWorld:
    office: object
    forces: list
    rounds: list
    admin: object
    pcc: object
    respondent: object  # of forces[0]
    tokens: dict  # role -> secret


_worlds = itertools.count(1)


def build_world(forces: int = 2, rounds: int = 2) -> FeedWorld:
    """The first world is in the default test office; each further one in an office of
    its own."""
    n = next(_worlds)
    office = create_office() if n == 1 else create_office(name=f"Office {n}", code=f"O{n}")
    version = create_questionnaire_version(office=office)
    orgs = [create_org(name=f"Force {n}", code=f"F{n}", office=office) for n in range(forces)]
    made = []
    for r in range(rounds):
        round_ = create_round(version=version, orgs=(), status="closed")
        for n, org in enumerate(orgs):
            status = "draft" if (r == rounds - 1 and n == forces - 1) else "submitted"
            response = create_response(round_=round_, org=org, status=status, answers={
                "picture-now": f"Picture {r}-{n}", "picture-rating": 1 + (r + n) % 5,
                "partners-engaging": "yes"})
            if r == 0:
                create_gap(response=response, question_id="picture-rating",
                           title=f"Gap of force {n}")
        made.append(round_)
    admin = create_user(role="admin", office=office)
    pcc = create_user(role="pcc", office=office)
    respondent = create_user(role="respondent", org=orgs[0])
    tokens = {}
    for role, user in (("admin", admin), ("pcc", pcc), ("respondent", respondent)):
        tokens[role] = access_tokens.create_token(user, name=f"{role} feed", days=30,
                                                  by=user)[1]
    return FeedWorld(office, orgs, made, admin, pcc, respondent, tokens)


@pytest.fixture
def feed(app):
    global _worlds
    _worlds = itertools.count(1)
    return build_world()


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def basic(secret: str, user: str = "someone@example.org") -> dict:
    raw = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


class Statements:
    """Counts the SQL statements run inside the ``with`` block."""

    def __enter__(self):
        self.count = 0
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def _seen(self, *args):
        self.count += 1

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._seen)

"""Helpers for the library and benchmark tests: offices with forces and admins, a
questionnaire published by one office and adopted by others, rounds of rated responses."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from models import Office, QuestionnaireVersion, db
from tests.db import (
    create_office,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from workflows import library, office_settings

RATING = "picture-rating"  # the "small" sample's rating question


def office_with_forces(name: str, code: str, forces: int = 0, *, opt_in: bool = False
                       ) -> SimpleNamespace:
    """An office, its admin and PCC, and ``forces`` forces named "<code> Force N"."""
    office = create_office(name=name, code=code)
    admin = create_user(role="admin", office=office, email=f"admin@{code.lower()}.example.org")
    pcc = create_user(role="pcc", office=office, email=f"pcc@{code.lower()}.example.org")
    orgs = [create_org(name=f"{code} Force {n}", code=f"{code}F{n}", office=office)
            for n in range(1, forces + 1)]
    if opt_in:
        office_settings.set_benchmark_opt_in(office, True, by=admin)
    return SimpleNamespace(office=office, admin=admin, pcc=pcc, forces=orgs)


def published(owner: SimpleNamespace, *, versions: int = 1) -> QuestionnaireVersion:
    """The "small" sample, ``versions`` versions of it, loaded and published by ``owner``;
    the latest version."""
    version = None
    for number in range(1, versions + 1):
        version = create_questionnaire_version(number=number, by=owner.admin)
    library.publish(version.questionnaire, by=owner.admin)
    return version


def adopted(source: QuestionnaireVersion, into: SimpleNamespace) -> QuestionnaireVersion:
    """``into``'s copy of the published questionnaire: its latest version."""
    entry = library.library_entry(source.questionnaire_id, office_id=into.office.id)
    result = library.adopt(entry, by=into.admin)
    return result.questionnaire.versions[-1]


def rated_round(version: QuestionnaireVersion, forces, ratings, *, day: date,
                status: str = "submitted"):
    """A round of ``version`` on ``day`` with a response of each force, rated as given."""
    round_ = create_round(version=version, meeting_date=day, status="closed")
    for org, rating in zip(forces, ratings, strict=True):
        create_response(round_=round_, org=org, status=status, answers={RATING: rating})
    return round_


def set_opt_in(who: SimpleNamespace, on: bool) -> None:
    office = db.session.get(Office, who.office.id)
    office_settings.set_benchmark_opt_in(office, on, by=who.admin)

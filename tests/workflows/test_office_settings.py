"""The office's benchmark setting: off by default, changed by its admins, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditEvent, db
from models.permissions import NotPermitted
from tests.db import create_user
from tests.sharing import office_with_forces
from workflows.office_settings import set_benchmark_opt_in, settings_office


def test_the_benchmark_is_off_by_default_and_each_change_is_audited(app):
    ours = office_with_forces("West Mercia OPCC", "WM")
    assert ours.office.benchmark_opt_in is False
    assert settings_office(ours.admin).id == ours.office.id
    assert set_benchmark_opt_in(ours.office, True, by=ours.admin) is True
    assert set_benchmark_opt_in(ours.office, True, by=ours.admin) is False  # already on
    assert set_benchmark_opt_in(ours.office, False, by=ours.admin) is True
    found = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "office.benchmark")
                               .order_by(AuditEvent.id)).all()
    assert [(e.detail["before"], e.detail["after"]) for e in found] == [(False, True),
                                                                        (True, False)]
    assert all(e.office_id == ours.office.id and e.user_id == ours.admin.id for e in found)


def test_only_the_offices_own_admins_change_it(app):
    ours = office_with_forces("West Mercia OPCC", "WM")
    theirs = office_with_forces("Avon and Somerset OPCC", "AS")
    for user in (ours.pcc, theirs.admin, create_user(role="respondent", office=ours.office)):
        with pytest.raises(NotPermitted):
            set_benchmark_opt_in(ours.office, True, by=user)
    db.session.expire_all()
    assert ours.office.benchmark_opt_in is False

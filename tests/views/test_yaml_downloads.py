"""Questionnaire YAML downloads are audited like every other download: who, which
version, the file name, in the downloader's office."""

from __future__ import annotations

from sqlalchemy import select

from models import AuditEvent, db
from tests.db import create_questionnaire_version
from tests.helpers import sign_in
from tests.sharing import office_with_forces, published


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    found = list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
    db.session.commit()
    return found


def test_a_versions_yaml_download_is_audited(client, admin):
    version = create_questionnaire_version(by=admin)
    sign_in(client, admin)
    response = client.get(f"/admin/questionnaires/{version.questionnaire.key}/v1.yaml")
    assert response.status_code == 200
    [event] = _events("questionnaire.download")
    assert (event.user_id, event.office_id) == (admin.id, admin.office_id)
    assert (event.object_type, event.object_id) == ("questionnaire_version", str(version.id))
    assert event.detail["filename"] == f"{version.questionnaire.key}-v1.yaml"
    assert event.detail["version"] == 1


def test_a_library_download_is_audited_in_the_downloaders_office(client, app):
    theirs = office_with_forces("Avon and Somerset OPCC", "AS")
    ours = office_with_forces("West Mercia OPCC", "WM")
    source = published(theirs)
    sign_in(client, ours.admin)
    response = client.get(f"/admin/library/{source.questionnaire_id}/v1.yaml")
    assert response.status_code == 200
    [event] = _events("library.download")
    assert (event.user_id, event.office_id) == (ours.admin.id, ours.office.id)
    assert (event.object_type, event.object_id) == ("questionnaire_version", str(source.id))
    assert event.detail["questionnaire"] == source.questionnaire.key


def test_a_refused_download_records_nothing(client, admin):
    sign_in(client, admin)
    assert client.get("/admin/questionnaires/nothing-here/v1.yaml").status_code == 404
    assert _events("questionnaire.download") == []

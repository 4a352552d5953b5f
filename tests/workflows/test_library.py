"""The national library: publishing, withdrawing and adopting questionnaires."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditEvent, Questionnaire, db
from models.permissions import NotPermitted
from tests.db import create_questionnaire_version, create_user
from tests.samples import small_yaml
from tests.sharing import adopted, office_with_forces, published
from workflows import library
from workflows.questionnaires import get_questionnaire, load_questionnaire


@pytest.fixture
def two(app):
    return (office_with_forces("Avon and Somerset OPCC", "AS"),
            office_with_forces("West Mercia OPCC", "WM"))


def events(action: str, office_id: int | None = None) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    if office_id is not None:
        stmt = stmt.where(AuditEvent.office_id == office_id)
    return list(db.session.scalars(stmt))


def entry_for(source, reader):
    return library.library_entry(source.questionnaire_id, office_id=reader.office.id)


def test_publishing_puts_it_in_every_offices_library_and_is_audited(two):
    theirs, ours = two
    source = create_questionnaire_version(by=theirs.admin)
    assert library.library_entries(office_id=ours.office.id) == []
    assert entry_for(source, ours) is None
    assert library.publish(source.questionnaire, by=theirs.admin) is True
    assert library.publish(source.questionnaire, by=theirs.admin) is False  # nothing changed
    (entry,) = library.library_entries(office_id=ours.office.id)
    assert (entry.key, entry.office_name, entry.standing) == (
        "small-assurance", "Avon and Somerset OPCC", library.AVAILABLE)
    assert [v.number for v in entry.versions] == [1] and entry.latest.question_count == 4
    assert library.library_entries(office_id=theirs.office.id)[0].standing == library.OWN
    (event,) = events("library.publish")
    assert event.office_id == theirs.office.id and event.user_id == theirs.admin.id


def test_adopting_loads_every_version_with_the_same_questions(two):
    theirs, ours = two
    source = published(theirs, versions=2)
    copy = adopted(source, ours)
    mine = copy.questionnaire
    assert mine.office_id == ours.office.id and mine.key == "small-assurance"
    assert mine.adopted_from_id == source.questionnaire.lineage_id == source.questionnaire_id
    assert [v.version for v in mine.versions] == [1, 2]
    for theirs_v, ours_v in zip(source.questionnaire.versions, mine.versions, strict=True):
        assert ours_v.yaml_text == theirs_v.yaml_text
        assert ours_v.content_hash == theirs_v.content_hash
        assert [q.question_id for q in ours_v.questions] == [
            q.question_id for q in theirs_v.questions]
        assert ours_v.loaded_by_id == ours.admin.id
    (event,) = events("library.adopt")
    assert event.office_id == ours.office.id and event.detail["versions"] == [1, 2]
    assert event.detail["from_office"] == "Avon and Somerset OPCC"
    assert len(events("questionnaire.load", ours.office.id)) == 2
    assert entry_for(source, ours).standing == library.ADOPTED
    assert library.publish(source.questionnaire, by=theirs.admin) is False  # untouched


def test_adopting_again_brings_the_copy_up_to_date(two):
    theirs, ours = two
    source = published(theirs)
    adopted(source, ours)
    assert entry_for(source, ours).standing == library.ADOPTED
    create_questionnaire_version(number=2, by=theirs.admin)
    entry = entry_for(source, ours)
    assert entry.standing == library.UPDATE
    result = library.adopt(entry, by=ours.admin)
    assert result.updated and result.loaded == (2,)
    assert "up to date" in result.message()
    assert [v.version for v in get_questionnaire(
        "small-assurance", office_id=ours.office.id).versions] == [1, 2]
    again = library.adopt(entry_for(source, ours), by=ours.admin)
    assert again.loaded == () and "already up to date" in again.message()
    assert len(events("library.adopt")) == 2


def test_a_key_clash_is_refused_and_changes_nothing(two):
    theirs, ours = two
    source = published(theirs)
    own = create_questionnaire_version(by=ours.admin)  # the same key, our own questionnaire
    entry = entry_for(source, ours)
    assert entry.standing == library.CLASH
    with pytest.raises(library.LibraryError, match="already has a questionnaire with the id"):
        library.adopt(entry, by=ours.admin)
    db.session.expire_all()
    assert db.session.get(Questionnaire, own.questionnaire_id).adopted_from_id is None
    assert events("library.adopt") == []


def test_a_copy_whose_own_version_differs_is_not_brought_up_to_date(two):
    theirs, ours = two
    source = published(theirs)
    adopted(source, ours)
    different = small_yaml(version=2).replace("Small assurance questions", "Our own questions")
    assert load_questionnaire(different, by=ours.admin).ok
    create_questionnaire_version(number=2, by=theirs.admin)
    with pytest.raises(library.LibraryError, match="differs from the national library"):
        library.adopt(entry_for(source, ours), by=ours.admin)


def test_withdrawing_leaves_adopted_copies_alone(two):
    theirs, ours = two
    source = published(theirs)
    adopted(source, ours)
    assert library.withdraw(source.questionnaire, by=theirs.admin) is True
    assert library.withdraw(source.questionnaire, by=theirs.admin) is False
    assert entry_for(source, ours) is None
    assert library.library_entries(office_id=ours.office.id) == []
    assert get_questionnaire("small-assurance", office_id=ours.office.id) is not None
    (event,) = events("library.withdraw")
    assert event.office_id == theirs.office.id


def test_a_withdrawn_entry_cannot_be_adopted(two):
    theirs, ours = two
    source = published(theirs)
    entry = entry_for(source, ours)
    library.withdraw(source.questionnaire, by=theirs.admin)
    with pytest.raises(library.LibraryError, match="no longer in the national library"):
        library.adopt(entry, by=ours.admin)
    assert get_questionnaire("small-assurance", office_id=ours.office.id) is None


def test_own_and_adopted_questionnaires_are_not_adopted_or_republished(two):
    theirs, ours = two
    source = published(theirs)
    with pytest.raises(library.LibraryError, match="your office's own"):
        library.adopt(entry_for(source, theirs), by=theirs.admin)
    copy = adopted(source, ours)
    with pytest.raises(library.LibraryError, match="only the office that wrote it"):
        library.publish(copy.questionnaire, by=ours.admin)


def test_only_the_offices_own_admins_publish_and_only_admins_adopt(two):
    theirs, ours = two
    source = create_questionnaire_version(by=theirs.admin)
    respondent = create_user(role="respondent", office=theirs.office)
    for user in (ours.admin, theirs.pcc, respondent):
        with pytest.raises(NotPermitted):
            library.publish(source.questionnaire, by=user)
    library.publish(source.questionnaire, by=theirs.admin)
    for user in (ours.admin, theirs.pcc):
        with pytest.raises(NotPermitted):
            library.withdraw(source.questionnaire, by=user)
    entry = entry_for(source, ours)
    for user in (ours.pcc, create_user(role="respondent", office=ours.office)):
        with pytest.raises(NotPermitted):
            library.adopt(entry, by=user)
    assert get_questionnaire("small-assurance", office_id=ours.office.id) is None

"""The notes record's workflows: drafted when the round closes, parts saved with a
version counter, settings, refusals by permission (writing nothing), publishing
freezing version 1 and a correction making the next one with a dated line."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from exports.notes_versions import published_notes, versions_of
from forms.format.dates import long_date
from models import NotesPart, NotesRecord, db, utcnow
from models.permissions import NotPermitted
from tests.db import create_response, create_round
from tests.helpers import db_snapshot
from workflows import notes_record, rounds
from workflows.notes import NotesError, correct_notes, publish_notes


@pytest.fixture
def closed(app, org, admin):
    round_ = create_round(orgs=[], status="open", meeting_date=date(2016, 9, 22))
    create_response(round_=round_, org=org, status="accepted",
                    answers={"picture-now": "Profiles produced."})
    rounds.close_round(round_, admin)
    return round_


def test_closing_a_round_drafts_its_record(closed):
    record = db.session.scalar(select(NotesRecord).where(NotesRecord.round_id == closed.id))
    assert record is not None and record.show_ratings and record.gaps_intro == "Identified gaps:"
    assert db.session.scalars(select(NotesPart)).all() == []  # nothing edited yet


def test_a_closed_round_without_a_record_gets_one_when_asked(app, org):
    round_ = create_round(status="closed")
    assert notes_record.ensure_record(round_).round_id == round_.id
    assert notes_record.ensure_record(create_round(status="open")) is None


def test_saves_count_versions_and_refuse_a_stale_one(closed, admin):
    first = notes_record.save_part(closed, "closing", "Thanks.", seen_version=0, by=admin)
    assert first.version == 1
    with pytest.raises(notes_record.NotesConflict) as refused:
        notes_record.save_part(closed, "closing", "Mine.", seen_version=0, by=admin)
    assert (refused.value.text, refused.value.version) == ("Thanks.", 1)
    assert notes_record.save_part(closed, "closing", "Mine.", seen_version=1, by=admin).version == 2
    with pytest.raises(NotesError):
        notes_record.save_part(closed, "no-such-part", "x", seen_version=0, by=admin)


@pytest.mark.parametrize("who", ["pcc", "respondent"])
def test_only_admins_change_the_record(request, closed, who):
    user = request.getfixturevalue(who)
    for action in (
        lambda: notes_record.save_part(closed, "closing", "x", seen_version=0, by=user),
        lambda: notes_record.reset_part(closed, "closing", seen_version=0, by=user),
        lambda: notes_record.save_settings(closed, show_ratings=False, gaps_intro="",
                                           seen_version=0, by=user),
    ):
        before = db_snapshot()
        with pytest.raises(NotPermitted):
            action()
        db.session.rollback()
        assert db_snapshot() == before


def test_publishing_freezes_version_1_and_a_correction_adds_a_dated_version(closed, admin, pcc):
    notes_record.save_part(closed, "closing", "As at the meeting.", seen_version=0, by=admin)
    publish_notes(closed, admin)
    assert [v.number for v in versions_of(closed)] == [1]
    notes_record.save_part(closed, "closing", "As corrected.", seen_version=1, by=admin)
    assert published_notes(closed).closing[0].text == "As at the meeting."
    with pytest.raises(NotesError):
        correct_notes(closed, "fixing it", pcc)
    with pytest.raises(NotesError):
        correct_notes(closed, "   ", admin)
    version = correct_notes(closed, "the closing words were wrong.", admin)
    latest = published_notes(closed)
    assert version.number == latest.version == 2
    assert latest.closing[0].text == "As corrected."
    assert latest.corrections == (
        f"Corrected on {long_date(utcnow())}: the closing words were wrong.",)
    assert latest.notices[-1] == latest.corrections[0]
    assert published_notes(closed, 1).closing[0].text == "As at the meeting."
    assert published_notes(closed, 1).corrections == ()
    correct_notes(closed, "a second slip", admin)
    assert len(published_notes(closed).corrections) == 2


def test_a_draft_is_published_not_corrected(closed, admin):
    with pytest.raises(NotesError, match="not published yet"):
        correct_notes(closed, "too early", admin)

"""Assurance verdicts: every move and refused move, versions after sign-off, the audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from exports.rollups_common import Rating
from exports.rollups_verdicts import confidence_and_verdict, response_verdicts
from models import AuditEvent, Verdict, db
from tests.db import create_org, create_response, create_round, create_user
from workflows import verdicts
from workflows.audit_wording import action_name

GOOD = verdicts.VerdictInput("partly_assured", "The plan is new.", "opcc")


@pytest.fixture
def judged(app, org, respondent):
    """A submitted response to a closed round, rated 4 (Confident) on the picture."""
    round_ = create_round(meeting_date=date(2016, 9, 22), status="closed", orgs=[])
    return create_response(round_=round_, org=org, status="submitted", by=respondent,
                           answers={"picture-now": "Profiles.", "picture-rating": 4})


def _actions():
    return [e.action for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("verdict.%")).order_by(AuditEvent.id))]


def test_record_change_sign_off_then_a_new_version(judged, admin, pcc):
    first = verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    assert (first.version, first.status, first.edits) == (1, "recorded", 0)
    changed = verdicts.record_verdict(
        judged, "picture", verdicts.VerdictInput("not_assured", "Worse.", "force"), user=admin,
        edits=0)
    assert changed.id == first.id and changed.level == "not_assured" and changed.edits == 1
    signed, left = verdicts.sign_off(judged, [(first.id, 1)], user=pcc)
    assert (signed, left) == (1, 0)
    db.session.refresh(first)
    assert first.status == "signed_off" and first.signed_off_by_id == pcc.id
    second = verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    assert second.id != first.id and second.version == 2 and second.status == "recorded"
    history = verdicts.history(judged, "picture")
    assert [(v.version, v.level, v.status) for v in history] == [
        (2, "partly_assured", "recorded"), (1, "not_assured", "signed_off")]
    assert _actions() == ["verdict.record", "verdict.change", "verdict.sign_off",
                          "verdict.revise"]
    assert action_name("verdict.revise").startswith("Assurance verdict changed after sign-off")


def test_a_signed_off_version_is_never_changed(judged, admin, pcc):
    first = verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    verdicts.sign_off(judged, [(first.id, 0)], user=pcc)
    # an admin's page from before the sign-off names the old edit count: a new version
    verdicts.record_verdict(judged, "picture", verdicts.VerdictInput(
        "assured", "Better.", "force"), user=admin, edits=0)
    db.session.refresh(first)
    assert (first.level, first.status, first.rationale) == ("partly_assured", "signed_off",
                                                            "The plan is new.")
    assert db.session.scalar(select(db.func.count(Verdict.id))) == 2


def test_a_change_meanwhile_is_not_overwritten(judged, admin):
    verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    verdicts.record_verdict(judged, "picture", GOOD, user=admin, edits=0)  # someone else
    with pytest.raises(verdicts.VerdictError, match="changed or signed off while you were"):
        verdicts.record_verdict(judged, "picture", GOOD, user=admin, edits=0)


def test_a_verdict_recorded_meanwhile_is_not_overwritten_by_a_first_one(judged, admin):
    verdicts.record_verdict(judged, "picture", GOOD, user=admin)  # another admin, first
    with pytest.raises(verdicts.VerdictError, match="changed or signed off while you were"):
        verdicts.record_verdict(judged, "picture", verdicts.VerdictInput(
            "assured", "Mine.", "force"), user=admin, edits=-1)  # my page showed none
    assert verdicts.current(judged, "picture").level == "partly_assured"


def test_sign_off_leaves_a_verdict_changed_after_the_pcc_read_it(judged, admin, pcc):
    v = verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    verdicts.record_verdict(judged, "picture", GOOD, user=admin, edits=0)
    assert verdicts.sign_off(judged, [(v.id, 0)], user=pcc) == (0, 1)
    db.session.refresh(v)
    assert v.status == "recorded"
    assert "verdict.sign_off" not in _actions()


@pytest.mark.parametrize("status", ["planned", "open"])
def test_no_verdict_before_the_meeting(app, org, admin, status):
    round_ = create_round(status=status)
    response = create_response(round_=round_, org=org, status="submitted")
    with pytest.raises(verdicts.VerdictError, match="after the meeting"):
        verdicts.record_verdict(response, "picture", GOOD, user=admin)
    assert not _actions()


def test_no_verdict_on_a_response_never_submitted(app, org, admin):
    response = create_response(round_=create_round(status="closed"), org=org)
    with pytest.raises(verdicts.VerdictError, match="has not submitted"):
        verdicts.record_verdict(response, "picture", GOOD, user=admin)


def test_only_admins_record_and_only_the_pcc_signs_off(judged, admin, pcc, respondent):
    with pytest.raises(verdicts.VerdictError, match="Only the OPCC's admins"):
        verdicts.record_verdict(judged, "picture", GOOD, user=respondent)
    with pytest.raises(verdicts.VerdictError, match="Only the OPCC's admins"):
        verdicts.record_verdict(judged, "picture", GOOD, user=pcc)
    v = verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    for who in (admin, respondent):
        with pytest.raises(verdicts.VerdictError, match="Only the PCC"):
            verdicts.sign_off(judged, [(v.id, 0)], user=who)
    db.session.refresh(v)
    assert v.status == "recorded"


def test_another_offices_admin_is_refused(judged):
    from tests.db import create_office

    other = create_user(role="admin", office=create_office(name="Elsewhere", code="ELS"))
    with pytest.raises(verdicts.VerdictError, match="Only the OPCC's admins"):
        verdicts.record_verdict(judged, "picture", GOOD, user=other)


@pytest.mark.parametrize("data, field", [
    (verdicts.VerdictInput(None, "x", "opcc"), "level"),
    (verdicts.VerdictInput("assured", "  ", "opcc"), "rationale"),
    (verdicts.VerdictInput("assured", "x", None), "source"),
    (verdicts.VerdictInput("assured", "x", "hmicfrs", ""), "reference"),
    (verdicts.VerdictInput("assured", "x", "other", "r" * 201), "reference"),
])
def test_bad_input_is_refused_with_a_reason(judged, admin, data, field):
    assert field in verdicts.check_input(data)
    with pytest.raises(verdicts.VerdictError):
        verdicts.record_verdict(judged, "picture", data, user=admin)
    assert db.session.scalar(select(db.func.count(Verdict.id))) == 0


def test_unknown_section_or_question_is_refused(judged, admin):
    with pytest.raises(verdicts.VerdictError, match="no such section"):
        verdicts.record_verdict(judged, "nowhere", GOOD, user=admin)
    with pytest.raises(verdicts.VerdictError, match="no such section"):
        verdicts.record_verdict(judged, "picture", GOOD, user=admin, question_id="partners-gaps")


def test_a_question_verdict_is_apart_from_the_sections(judged, admin):
    verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    verdicts.record_verdict(judged, "picture", verdicts.VerdictInput(
        "not_assured", "No data.", "hmicfrs", "PEEL 2023 para 4"), user=admin,
        question_id="picture-rating")
    rows = {(r.section_id, r.question_id): r for r in response_verdicts(judged)}
    assert rows[("picture", "")].pair.sentence == \
        "The force is confident; the OPCC is partly assured."
    assert rows[("picture", "picture-rating")].verdict.source_text == \
        "Independent: HMICFRS: PEEL 2023 para 4"
    assert rows[("partners", "")].pair.sentence == \
        "The force gave no rating; the OPCC has not recorded a verdict."


@pytest.mark.parametrize("rag, level, disagrees", [
    ("green", "assured", False), ("green", "partly_assured", True),
    ("amber", "partly_assured", False), ("red", "assured", True), (None, "assured", False),
])
def test_the_pair_and_its_disagreement(rag, level, disagrees):
    pair = confidence_and_verdict(Rating(4, "Confident", rag), level)
    assert pair.disagrees is disagrees
    assert pair.comparable is (rag is not None)
    assert pair.confidence.label == "Confident" and pair.level == level


def test_the_direction_of_a_disagreement():
    assert confidence_and_verdict(Rating(4, "Confident", "green"), "not_assured").direction == \
        "The force is more confident than the OPCC"
    assert confidence_and_verdict(Rating(1, "Not confident", "red"), "assured").direction == \
        "The OPCC is more assured than the force"
    assert confidence_and_verdict(Rating(None), None).sentence == \
        "The force gave no rating; the OPCC has not recorded a verdict."


def test_another_organisations_response_has_its_own_verdicts(judged, admin):
    other = create_response(round_=judged.round, org=create_org(), status="submitted")
    verdicts.record_verdict(judged, "picture", GOOD, user=admin)
    assert verdicts.current_verdicts(other) == {}

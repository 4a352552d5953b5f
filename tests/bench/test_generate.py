"""The benchmark data generator keeps working: a tiny scale, checked through
the models and the roll-ups the benchmarks measure."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from bench.gen_offices import office_problems, plan_offices
from bench.gen_questionnaire import KEY
from bench.generate import FORCES, generate, plan_for
from exports.rollups_trends import org_trends
from models import (
    Answer,
    AuditEvent,
    Gap,
    GapEntry,
    Office,
    Organisation,
    Questionnaire,
    Response,
    Round,
    User,
    db,
)


def test_plan_shrinks_forces_and_rounds_but_keeps_three_versions():
    assert (plan_for(1.0).organisations, plan_for(1.0).rounds) == (43, 40)
    assert plan_for(1.0).answers_expected == 103_200
    small = plan_for(0.001)
    assert (small.organisations, small.rounds) == (1, 3)


def test_national_scale_is_41_offices_over_the_43_forces():
    assert plan_for(1.0).offices == 41
    offices = plan_offices(random.Random(1), sorted(FORCES), 41)

    assert len(offices) == 41
    held = [f for o in offices for f in o.forces]
    assert sorted(held) == sorted(FORCES)  # every force in exactly one office
    assert sorted(len(o.forces) for o in offices)[-3:] == [1, 2, 2]
    assert len({o.code for o in offices}) == len({o.name for o in offices}) == 41
    # the same seed shares the forces out the same way
    assert plan_offices(random.Random(1), sorted(FORCES), 41) == offices


def test_smaller_scales_have_proportionally_fewer_offices():
    for scale in (0.001, 0.003, 0.005, 0.01, 0.1, 0.3, 1.0):
        plan = plan_for(scale)
        assert plan.offices <= plan.organisations <= 2 * plan.offices
        if plan.organisations >= 2:
            assert plan.offices >= 2
    assert (plan_for(0.01).organisations, plan_for(0.01).offices) == (4, 3)
    assert (plan_for(0.1).organisations, plan_for(0.1).offices) == (14, 13)


def test_tiny_scale_fills_every_part(app):
    found = generate(app, scale=0.001, seed=3)

    assert found["questionnaire_version"] == 3
    assert found["version_question"] == 180
    assert found["organisation"] == 2  # one force and the OPCC
    assert (found["round"], found["response"], found["open_rounds"]) == (3, 3, 1)
    assert 100 < found["submitted_answers"] <= 120
    assert found["carried_gap_entries"] >= 1
    assert found["closed_gaps"] >= 1
    assert found["gaps_in_several_rounds"] >= 2
    assert found["response_revision"] >= 4

    # each round uses the next version; the last is open with a carried-forward draft
    rounds = db.session.scalars(select(Round).order_by(Round.meeting_date)).all()
    assert [r.questionnaire_version.version for r in rounds] == [1, 2, 3]
    assert [r.status for r in rounds] == ["published", "closed", "open"]
    draft = db.session.scalar(select(Response).where(Response.round_id == rounds[-1].id))
    assert draft.status == "draft"
    carried = db.session.scalar(select(func.count()).select_from(Answer).where(
        Answer.response_id == draft.id, Answer.from_last_round.is_(True)))
    assert carried > 20
    open_gaps = db.session.scalars(select(Gap).where(Gap.status == "open")).all()
    entries = db.session.scalars(select(GapEntry).where(GapEntry.response_id == draft.id)).all()
    assert {e.gap_id for e in entries} == {g.id for g in open_gaps}
    assert all(e.carried for e in entries)

    # answers have realistic lengths
    lengths = [len(a.value) for a in db.session.scalars(select(Answer))
               if isinstance(a.value, str) and a.question_id.endswith("-picture")]
    assert lengths and min(lengths) >= 50 and max(lengths) <= 3000

    # the trends roll-up follows the replaced question across the versions
    org = db.session.scalar(select(Organisation).where(Organisation.kind == "force"))
    _, trends = org_trends(KEY, org.id)
    series = {s.key: s for s in trends.series}
    confidence = series["partnerships-confidence"]
    assert [p.question_id for p in confidence.points] == [
        "partnerships-rating", "partnerships-confidence", "partnerships-confidence"]
    assert any(p.wording_changed for p in series["intelligence-rating"].points)
    assert office_problems() == {}


def test_each_office_has_its_own_forces_people_questionnaire_and_meetings(app):
    found = generate(app, scale=0.005, seed=3)  # 3 forces in 2 offices

    assert (found["office"], found["forces"], found["rows_outside_their_office"]) == (2, 3, 0)
    assert office_problems() == {}
    offices = db.session.scalars(select(Office).order_by(Office.id)).all()
    for office in offices:
        orgs = db.session.scalars(select(Organisation).where(
            Organisation.office_id == office.id)).all()
        assert [o.kind for o in orgs].count("opcc") == 1
        assert 1 <= [o.kind for o in orgs].count("force") <= 2
        roles = db.session.scalars(select(User.role).where(User.office_id == office.id)).all()
        assert (roles.count("admin"), roles.count("pcc")) == (1, 1)
        assert roles.count("respondent") == 2 * [o.kind for o in orgs].count("force")
    # the same questionnaire in each, the second adopted from the first's (the library's)
    first, second = db.session.scalars(select(Questionnaire).order_by(Questionnaire.id)).all()
    assert (first.key, second.key) == (KEY, KEY)
    assert (first.office_id, second.office_id) == (offices[0].id, offices[1].id)
    assert first.library_at is not None and second.adopted_from_id == first.id
    assert second.lineage_id == first.id
    # each office meets on its own dates, its rounds asking only its own forces
    dates = [set(db.session.scalars(select(Round.meeting_date).where(
        Round.office_id == o.id))) for o in offices]
    assert len(dates[0]) == len(dates[1]) == 3 and dates[0] != dates[1]
    per_round = db.session.execute(
        select(Round.office_id, func.count(Response.id))
        .join(Response, Response.round_id == Round.id).group_by(Round.id)).all()
    forces = dict(db.session.execute(
        select(Organisation.office_id, func.count()).where(Organisation.kind == "force")
        .group_by(Organisation.office_id)).all())
    assert all(n == forces[office_id] for office_id, n in per_round)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.office_id.is_(None))) == 0

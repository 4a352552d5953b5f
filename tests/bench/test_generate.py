"""The benchmark data generator keeps working: a tiny scale, checked through
the models and the roll-ups the benchmarks measure."""

from __future__ import annotations

from sqlalchemy import func, select

from bench.gen_questionnaire import KEY
from bench.generate import generate, plan_for
from exports.rollups_trends import org_trends
from models import Answer, Gap, GapEntry, Organisation, Response, Round, db


def test_plan_shrinks_forces_and_rounds_but_keeps_three_versions():
    assert (plan_for(1.0).organisations, plan_for(1.0).rounds) == (43, 40)
    assert plan_for(1.0).answers_expected == 103_200
    small = plan_for(0.001)
    assert (small.organisations, small.rounds) == (1, 3)


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

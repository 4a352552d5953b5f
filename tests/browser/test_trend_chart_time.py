"""In a real browser: the trend chart places meetings by date, so time runs to scale."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, sign_in
from tests.db import create_response, create_round
from tests.exports.conftest import history  # noqa: F401  (fixture)
from tests.helpers import release_db


@pytest.fixture
def facts(history, pcc):  # noqa: F811  (the fixture imported above)
    """``history`` (three meetings six months apart) and one six years later."""
    late = create_round(version=history.r3.questionnaire_version, title="Spring 2027 meeting",
                        meeting_date=date(2027, 3, 10), status="closed")
    create_response(round_=late, org=history.alpha, status="accepted",
                    answers={"conf-a": 4, "conf-b": 4, "conf-flagging": 3})
    found = SimpleNamespace(email=pcc.email, alpha=history.alpha.id)
    release_db()
    return found


def test_the_time_axis_runs_to_scale(live_server, page, facts):
    sign_in(page, live_server, facts.email)
    page.goto(f"{live_server}/pcc/questionnaires/trend-check/organisations/{facts.alpha}?all=1")
    page.locator('[data-chart="conf-a"] canvas').wait_for()
    xs = page.evaluate("""() => {
        const chart = window.Chart.getChart(document.querySelector('[data-chart="conf-a"] canvas'));
        return chart.getDatasetMeta(0).data.map((point) => point.x);
    }""")
    assert len(xs) == 4
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    # 2020-03 → 2020-09 → 2021-03 → 2027-03: six months, six months, six years
    assert gaps[0] > 0 and abs(gaps[0] - gaps[1]) / gaps[0] < 0.05
    assert 10 < gaps[2] / gaps[1] < 14
    ticks = page.evaluate("""() => window.Chart.getChart(document.querySelector(
        '[data-chart="conf-a"] canvas')).scales.x.ticks.map((t) => t.label)""")
    assert "10 Mar 2027" in ticks
    assert_no_problems(page)

"""A small history for the roll-up tests: two organisations, three rounds over
two versions of one questionnaire (one question reworded, one replaced)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.db import (
    create_addition,
    create_gap,
    create_gap_entry,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
)
from tests.exports.other_office import other_office  # noqa: F401  (a second office)
from tests.samples import TREND_V1, TREND_V2

INJECTION = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"]


@pytest.fixture
def history(app, admin):
    v1 = create_questionnaire_version(yaml_text=TREND_V1)
    v2 = create_questionnaire_version(yaml_text=TREND_V2)
    alpha = create_org(name="Alpha Force", code="ALP")
    beta = create_org(name="Beta Force", code="BET")
    r1 = create_round(version=v1, title="Spring 2020 meeting", meeting_date=date(2020, 3, 10),
                      status="closed", venue="Room 1", chair="The PCC")
    a1 = create_response(round_=r1, org=alpha, status="accepted", answers={
        "conf-a": {"value": 2, "explanation": "=HYPERLINK(\"x\")"}, "conf-b": 3, "conf-old": 1,
        "notes": "=1+1", "how-many": 12, "when": "2019-12-01"})
    b1 = create_response(round_=r1, org=beta, status="submitted", answers={"conf-a": 4})
    r2 = create_round(version=v1, title="Autumn 2020 meeting", meeting_date=date(2020, 9, 10),
                      status="open")
    a2 = create_response(round_=r2, org=alpha, status="draft", answers={"conf-a": 5})
    b2 = create_response(round_=r2, org=beta, status="returned", answers={"conf-a": 3})
    r3 = create_round(version=v2, title="Spring 2021 meeting", meeting_date=date(2021, 3, 10),
                      status="closed")
    a3 = create_response(round_=r3, org=alpha, status="accepted", answers={
        "conf-a": 3, "conf-b": 4, "conf-flagging": 2, "notes": "+SUM(A1)"})
    b3 = create_response(round_=r3, org=beta, status="accepted",
                         answers={"conf-a": 4, "conf-b": 2})
    systems = create_gap(response=a1, question_id="conf-a", title="Systems not integrated",
                         area="Systems")
    create_gap_entry(gap=systems, response=a2)
    create_gap_entry(gap=systems, response=a3, status="closed",
                     closing_note="Systems merged in 2021")
    training = create_gap(response=a3, question_id="notes", title="Training backlog",
                          area="Training")
    create_addition(response=a3, question_id="notes", body="@cmd sent after the meeting",
                    author=admin)
    return SimpleNamespace(v1=v1, v2=v2, alpha=alpha, beta=beta, r1=r1, r2=r2, r3=r3, a1=a1,
                           b1=b1, a2=a2, b2=b2, a3=a3, b3=b3, systems=systems, training=training)

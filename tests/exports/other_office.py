"""A second office beside ``history`` (which is the test office's): its own PCC, its own
organisations, its own copy of the trend questionnaire (the same key, another title), a
questionnaire of its own, rounds later than the test office's, and a gap. Every name in
it is distinct (``FOREIGN``), so a test can assert that none of them shows."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.db import (
    create_gap,
    create_office,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from tests.samples import TREND_V1

# Strings of the other office only: none appears anywhere in the test office's pages,
# workbooks or command output.
FOREIGN = ("Bravo", "Zulu", "Xray", "Partnerships", "Whiskey")


@pytest.fixture
def other_office(history):
    office = create_office(name="Bravo Office of the PCC", code="BRAVO")
    same_key = create_questionnaire_version(
        yaml_text=TREND_V1.replace("title: Trend check questions", "title: Bravo trend questions"),
        office=office)
    own_key = create_questionnaire_version(
        yaml_text=TREND_V1.replace("id: trend-check", "id: bravo-only")
        .replace("title: Trend check questions", "title: Bravo only questions"), office=office)
    zulu = create_org(name="Zulu Constabulary", code="ZUL", office=office)
    xray = create_org(name="Xray Police", code="ALP", office=office)  # the code of Alpha Force
    winter = create_round(version=same_key, title="Bravo winter meeting", venue="Whiskey Hall",
                          meeting_date=date(2021, 12, 1), status="closed")
    z1 = create_response(round_=winter, org=zulu, status="accepted",
                         answers={"conf-a": 1, "conf-b": 5, "notes": "Zulu notes"})
    create_response(round_=winter, org=xray, status="submitted", answers={"conf-a": 5})
    summer = create_round(version=own_key, title="Bravo summer meeting",
                          meeting_date=date(2022, 6, 1), status="closed")
    create_response(round_=summer, org=zulu, status="accepted", answers={"conf-a": 2})
    gap = create_gap(response=z1, question_id="conf-a", title="Bravo hidden gap",
                     area="Partnerships", detail="Zulu detail")
    pcc = create_user(role="pcc", email="pcc@bravo.example.org", name="Bravo Commissioner",
                      office=office)
    admin = create_user(role="admin", email="admin@bravo.example.org", name="Bravo Admin",
                        office=office)
    respondent = create_user(role="respondent", email="lead@zulu.example.org",
                             name="Zulu Lead", org=zulu)
    return SimpleNamespace(office=office, same_key=same_key, own_key=own_key, zulu=zulu,
                           xray=xray, winter=winter, summer=summer, z1=z1, gap=gap, pcc=pcc,
                           admin=admin, respondent=respondent)

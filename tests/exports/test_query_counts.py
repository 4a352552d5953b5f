"""Every roll-up issues the same number of SQL statements at any size of data:
set-based queries, never one per row."""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from exports.excel_round import write_round_workbook
from exports.excel_trends import write_trends_workbook
from exports.rollups_changes import round_changes
from exports.rollups_common import questionnaire_info
from exports.rollups_gaps import gap_register
from exports.rollups_latest import latest_ratings
from exports.rollups_round import round_answers, round_gaps
from exports.rollups_trends import iter_trends, org_trends
from models import Organisation, QuestionnaireVersion, db
from tests.db import (
    create_addition,
    create_gap,
    create_gap_entry,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
)
from tests.samples import TREND_V1, TREND_V2


@contextmanager
def counting():
    statements: list[str] = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _grow(versions, orgs, rounds, *, start: int) -> int:
    """Add rounds (alternating versions) answered by every organisation, with gaps."""
    last = None
    gaps = {}
    for i in range(rounds):
        version = versions[(start + i) % 2]
        rnd = create_round(version=version, meeting_date=date(2010 + start + i, 1, 1), status="closed")
        flag = "conf-old" if version.version == 1 else "conf-flagging"
        for n, org in enumerate(orgs):
            resp = create_response(round_=rnd, org=org,
                                   status="accepted" if (i + n) % 3 else "draft",
                                   answers={"conf-a": 1 + (i + n) % 5, "conf-b": 2, flag: 3,
                                            "notes": f"note {i}"})
            if org.id in gaps:
                create_gap_entry(gap=gaps[org.id], response=resp)
            else:
                gaps[org.id] = create_gap(response=resp, question_id="conf-a", title=f"Gap {n}",
                                          area="Systems")
            create_addition(response=resp, question_id="notes", body="later")
        last = rnd
    return last.id


def _measure(round_id: int, org_id: int) -> dict[str, int]:
    db.session.expunge_all()
    counts = {}
    calls = {
        "round_answers": lambda: round_answers(round_id),
        "round_gaps": lambda: round_gaps(round_id),
        "round_changes": lambda: round_changes(round_id),
        "org_trends": lambda: org_trends("trend-check", org_id),
        "all_trends": lambda: list(iter_trends(questionnaire_info(key="trend-check"))),
        "latest_ratings": lambda: latest_ratings("trend-check"),
        "gap_register": lambda: gap_register(),
        "round_workbook": lambda: write_round_workbook(round_id, io.BytesIO(), exported_by="t"),
        "trends_workbook": lambda: write_trends_workbook("trend-check", io.BytesIO(), exported_by="t"),
    }
    for name, call in calls.items():
        db.session.expunge_all()
        with counting() as statements:
            call()
        counts[name] = len(statements)
    return counts


def test_same_number_of_queries_for_1_and_5_organisations_and_rounds(app):
    versions = (create_questionnaire_version(yaml_text=TREND_V1),
                create_questionnaire_version(yaml_text=TREND_V2))
    first = create_org(name="Org 0")
    round_id = _grow(versions, [first], 1, start=0)
    ids = [v.id for v in versions], first.id
    small = _measure(round_id, first.id)
    versions = [db.session.get(QuestionnaireVersion, i) for i in ids[0]]
    first = db.session.get(Organisation, ids[1])
    orgs = [first] + [create_org(name=f"Org {n}") for n in range(1, 5)]
    round_id = _grow(versions, orgs, 5, start=1)
    large = _measure(round_id, first.id)
    assert small == large
    assert max(large.values()) <= 18  # the round workbook: 16, one for Verdicts, one for Actions

"""The roll-ups and the export commands on a service of two offices: each reads one
office; without saying which, they refuse rather than guess."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from exports.excel_round import write_round_workbook
from exports.excel_trends import write_trends_workbook
from exports.rollups_changes import round_changes
from exports.rollups_common import OfficeNotGiven, questionnaire_info
from exports.rollups_gaps import GapFilters, gap_count, gap_register
from exports.rollups_latest import latest_ratings
from exports.rollups_overview import organisations, questionnaires_with_rounds, recent_rounds
from exports.rollups_round import round_answers, round_gaps
from exports.rollups_trends import iter_trends, org_trends
from models import AuditEvent, db
from tests.db import create_office
from tests.exports.other_office import FOREIGN
from tests.exports.test_query_counts import counting
from tests.exports.workbook import read, table_dicts
from workflows.gap_register import register_areas, register_organisations


def _ids(history, other_office):
    return create_office().id, other_office.office.id


def test_rollups_read_one_office(history, other_office):
    mine, theirs = _ids(history, other_office)
    assert [r.organisation for r in latest_ratings("trend-check", office_id=mine).responses] == [
        "Alpha Force", "Beta Force"]
    assert [r.organisation for r in latest_ratings("trend-check", office_id=theirs).responses] == [
        "Xray Police", "Zulu Constabulary"]
    assert latest_ratings("bravo-only", office_id=mine) is None
    assert questionnaire_info(key="trend-check", office_id=theirs).title == "Bravo trend questions"
    assert [q.key for q in questionnaires_with_rounds(office_id=mine)] == ["trend-check"]
    assert {r.title for r in recent_rounds(office_id=mine)} == {
        "Spring 2020 meeting", "Autumn 2020 meeting", "Spring 2021 meeting"}
    assert {name for _, name in organisations(office_id=mine)} >= {"Alpha Force", "Beta Force"}
    assert not any(n in name for _, name in organisations(office_id=mine) for n in FOREIGN)
    info = questionnaire_info(key="trend-check", office_id=mine)
    assert [t.organisation for t in iter_trends(info)] == ["Alpha Force", "Beta Force"]
    assert org_trends("trend-check", other_office.zulu.id, office_id=mine)[1] is None


def test_rounds_of_another_office_are_not_found(history, other_office):
    mine, theirs = _ids(history, other_office)
    for call in (round_answers, round_changes):
        assert call(other_office.winter.id, office_id=mine) is None
        assert call(history.r3.id, office_id=theirs) is None
    assert round_gaps(history.r3.id, office_id=theirs) == []
    assert write_round_workbook(other_office.winter.id, "unused.xlsx", exported_by="t",
                                office_id=mine) is None


def test_gap_register_of_one_office_even_with_the_same_questionnaire_key(history, other_office):
    mine, theirs = _ids(history, other_office)
    rows = gap_register(office_id=mine)
    assert [(r.title, r.questionnaire) for r in rows] == [
        ("Systems not integrated", "Trend check questions"),
        ("Training backlog", "Trend check questions")]
    [row] = gap_register(office_id=theirs)
    assert (row.title, row.questionnaire) == ("Bravo hidden gap", "Bravo trend questions")
    assert gap_count(office_id=mine) == 2 and gap_count(GapFilters(status="open"), office_id=mine) == 1
    assert gap_count(GapFilters(min_rounds_open=1), office_id=theirs) == 1
    assert gap_register(GapFilters(organisation_id=other_office.zulu.id), office_id=mine) == []
    assert gap_register(GapFilters(organisation_id=history.alpha.id), limit=10,
                        office_id=theirs) == []
    assert register_areas(office_id=mine) == ["Systems", "Training"]
    assert [o.name for o in register_organisations(office_id=theirs)] == ["Zulu Constabulary"]


@pytest.mark.parametrize("call", [
    lambda h: latest_ratings("trend-check"), lambda h: round_answers(h.r3.id),
    lambda h: gap_register(), lambda h: gap_count(), lambda h: recent_rounds(),
    lambda h: questionnaire_info(key="trend-check")])
def test_without_an_office_several_offices_are_refused(history, other_office, call):
    with pytest.raises(OfficeNotGiven):
        call(history)


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_export_commands_refuse_to_guess_the_office(history, other_office, runner, tmp_path):
    out = str(tmp_path / "x.xlsx")
    for args in (["round", str(history.r3.id)], ["trends", "trend-check"]):
        result = runner.invoke(args=["export", *args, "-o", out])
        assert result.exit_code == 1, result.output
        assert "several offices: say which with --office CODE" in result.output
        result = runner.invoke(args=["export", *args, "--office", "NOPE", "-o", out])
        assert result.exit_code == 1 and "No office has the code 'NOPE'" in result.output
    assert not (tmp_path / "x.xlsx").exists()
    assert _events("export.round") == _events("export.trends") == []


def test_export_round_reads_the_office_named(history, other_office, runner, tmp_path):
    out = tmp_path / "round.xlsx"
    result = runner.invoke(args=["export", "round", str(history.r3.id), "--office", "BRAVO",
                                 "-o", str(out)])
    assert result.exit_code == 1 and f"No round with id {history.r3.id}" in result.output
    result = runner.invoke(args=["export", "round", str(other_office.winter.id), "--office",
                                 "bravo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    orgs = {row["Organisation"] for row in table_dicts(read(out)["Answers"])}
    assert orgs == {"Xray Police", "Zulu Constabulary"}
    [event] = _events("export.round")
    assert (event.actor, event.office_id) == ("cli", other_office.office.id)


def test_export_trends_reads_the_office_named(history, other_office, runner, tmp_path):
    out = tmp_path / "trends.xlsx"
    result = runner.invoke(args=["export", "trends", "trend-check", "--office", "BRAVO",
                                 "--org", "ALP", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = read(out)
    assert wb.sheetnames == ["About", "Data", "Questions", "Gap register", "Xray Police",
                             "Verdicts over time", "Actions"]
    assert {d["Organisation"] for d in table_dicts(wb["Data"])} == {"Xray Police"}
    [event] = _events("export.trends")
    assert (event.organisation_id, event.office_id) == (other_office.xray.id,
                                                       other_office.office.id)
    result = runner.invoke(args=["export", "trends", "trend-check", "--office", "TEST",
                                 "--org", "ZUL", "-o", str(out)])
    assert result.exit_code == 1 and "No organisation named or coded 'ZUL'" in result.output
    result = runner.invoke(args=["export", "trends", "bravo-only", "--office", "TEST",
                                 "-o", str(out)])
    assert result.exit_code == 1 and "No questionnaire with id 'bravo-only'" in result.output
    result = runner.invoke(args=["export", "trends", "trend-check", "--office", "TEST",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    cells = " ".join(str(c) for ws in read(out).worksheets
                     for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    assert "Alpha Force" in cells and not [n for n in FOREIGN if n in cells]


def test_an_office_given_costs_no_statement(history, other_office):
    """With the office given (as every view gives it), each roll-up issues as many
    statements as it did before there were offices: the office is a condition of the
    queries it already made."""
    mine, r3, alpha = create_office().id, history.r3.id, history.alpha.id
    calls = {
        "round_answers": (lambda: round_answers(r3, office_id=mine), 7),
        "round_gaps": (lambda: round_gaps(r3, office_id=mine), 1),
        "round_changes": (lambda: round_changes(r3, office_id=mine), 7),
        "org_trends": (lambda: org_trends("trend-check", alpha, office_id=mine), 3),
        "latest_ratings": (lambda: latest_ratings("trend-check", office_id=mine), 3),
        "gap_register": (lambda: gap_register(office_id=mine), 1),
        "round_workbook": (lambda: write_round_workbook(
            r3, io.BytesIO(), exported_by="t", office_id=mine), 17),  # 15, and one query each
        # for the Verdicts and Actions sheets; the trends workbook: 4, 5 for "Verdicts over
        # time" and 1 for Actions
        "trends_workbook": (lambda: write_trends_workbook(
            "trend-check", io.BytesIO(), exported_by="t", office_id=mine), 10),
    }
    found = {}
    for name, (call, _) in calls.items():
        db.session.expunge_all()
        with counting() as statements:
            call()
        found[name] = len(statements)
    assert found == {name: expected for name, (_, expected) in calls.items()}

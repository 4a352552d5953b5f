"""The Actions sheets of the round and trends workbooks, read back with openpyxl: the
register's items of the round (linked to it, or of its questionnaire and organisations)
and of the questionnaire."""

from __future__ import annotations

from datetime import date

from exports.excel_round import write_round_workbook
from exports.excel_trends import write_trends_workbook
from tests.db import create_action, create_org, create_round
from tests.exports.workbook import formula_elements, read, table_dicts


def test_the_round_workbook_has_the_rounds_actions(app, tmp_path):
    org, other = create_org(name="West Mercia Police", code="WMP"), create_org()
    round_ = create_round(orgs=[org], status="closed")
    create_action(org=org, title="=Agreed at the meeting", round_=round_,
                  due_date=date(2020, 1, 1))
    create_action(org=org, title="Carried from before", questionnaire_key="small-assurance",
                  status="closed")
    create_action(org=other, title="Not asked in this round", questionnaire_key="small-assurance")
    create_action(org=org, title="Another questionnaire", questionnaire_key="missing-children")
    path = tmp_path / "round.xlsx"
    write_round_workbook(round_.id, path, exported_by="pcc@example.org")
    rows = table_dicts(read(path)["Actions"])
    assert [(r["Title"], r["Organisation code"], r["Status"], r["Overdue"]) for r in rows] == [
        ("=Agreed at the meeting", "WMP", "Open", "Overdue"),
        ("Carried from before", "WMP", "Closed", None)]
    assert formula_elements(path) == 0  # a title starting "=" stays text


def test_the_trends_workbook_has_the_questionnaires_actions(app, tmp_path):
    org = create_org(name="Alpha Force")
    create_round(orgs=[org], status="closed")
    create_action(org=org, title="Of this questionnaire", questionnaire_key="small-assurance")
    create_action(org=org, title="Of another", questionnaire_key="missing-children")
    path = tmp_path / "trends.xlsx"
    write_trends_workbook("small-assurance", path, exported_by="pcc@example.org")
    assert [r["Title"] for r in table_dicts(read(path)["Actions"])] == ["Of this questionnaire"]

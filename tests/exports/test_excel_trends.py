"""The trends workbook, read back with openpyxl."""

from datetime import date, datetime

from exports.excel_trends import write_trends_workbook
from exports.rollups_trends import TrendFilters
from tests.exports.workbook import formula_elements, read, sheet_rows, table_dicts


def _book(tmp_path, **filters):
    path = tmp_path / "trends.xlsx"
    rows = write_trends_workbook("trend-check", path, filters=TrendFilters(**filters),
                                 exported_by="cli")
    return rows, read(path), path


def test_sheets_chart_and_tables(history, tmp_path):
    rows, wb, path = _book(tmp_path)
    assert wb.sheetnames == ["About", "Data", "Gap register", "Alpha Force", "Beta Force", "Actions"]
    alpha = wb["Alpha Force"]
    assert len(alpha._charts) == 1
    chart = alpha._charts[0]
    assert chart.tagname == "lineChart" and len(chart.series) == 3
    assert alpha.freeze_panes == "B2"
    assert {"tbl_org_%d" % history.alpha.id, "tbl_questions_%d" % history.alpha.id} == set(alpha.tables)
    assert wb["Data"].tables and wb["Gap register"].tables
    assert formula_elements(path) == 0
    assert rows == 2 * 3 * 3  # organisations x rounds x rating questions: a point each


def test_org_sheet_rounds_by_questions(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    rounds = table_dicts(wb["Alpha Force"], f"tbl_org_{history.alpha.id}")
    assert [(r["Round"], r["Meeting date"], r["Version"], r["Response status"]) for r in rounds] == [
        ("Spring 2020 meeting", datetime(2020, 3, 10), 1, "Accepted"),
        ("Autumn 2020 meeting", datetime(2020, 9, 10), 1, "Draft (not submitted)"),
        ("Spring 2021 meeting", datetime(2021, 3, 10), 2, "Accepted")]
    assert [(r["conf-a"], r["conf-b"], r["conf-flagging"]) for r in rounds] == [
        (2, 3, 1), (None, None, None), (3, 4, 2)]
    assert rounds[2]["Wording changed"] == "conf-b, conf-flagging"
    questions = table_dicts(wb["Alpha Force"], f"tbl_questions_{history.alpha.id}")
    flag = next(q for q in questions if q["Question id"] == "conf-flagging")
    assert flag["Earlier wording"].startswith("conf-old (from 2020-03-10): How confident are you that incidents")


def test_long_table_ready_for_a_pivot(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    data = table_dicts(wb["Data"])
    alpha_flag = [d for d in data if d["Organisation"] == "Alpha Force"
                  and d["Trend question id"] == "conf-flagging"]
    assert [(d["Question id"], d["Version"], d["Rating"], d["Wording changed"], d["Response status"])
            for d in alpha_flag] == [
        ("conf-old", 1, 1, "No", "Accepted"), ("conf-old", 1, None, "No", "Draft (not submitted)"),
        ("conf-flagging", 2, 2, "Yes", "Accepted")]
    assert isinstance(alpha_flag[0]["Meeting date"], datetime)
    assert alpha_flag[0]["Rating label"] == "Not confident"
    beta = [d for d in data if d["Organisation"] == "Beta Force" and d["Question id"] == "conf-a"]
    assert [d["Rating"] for d in beta] == [4, None, 4]  # the returned response is not mixed in


def test_gap_register_sheet(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    gaps = table_dicts(wb["Gap register"])
    assert [(g["Gap"], g["Status"], g["Rounds open"]) for g in gaps] == [
        ("Systems not integrated", "Closed", 1), ("Training backlog", "Open", 1)]


def test_organisation_and_date_filters(history, tmp_path):
    _, wb, _ = _book(tmp_path, organisation_id=history.beta.id, date_from=date(2020, 6, 1))
    assert wb.sheetnames == ["About", "Data", "Gap register", "Beta Force", "Actions"]
    assert {d["Round"] for d in table_dicts(wb["Data"])} == {"Autumn 2020 meeting", "Spring 2021 meeting"}
    assert table_dicts(wb["Gap register"]) == []
    about = {r[0]: r[1] for r in sheet_rows(wb["About"]) if r[0]}
    assert about["Meetings from"] == datetime(2020, 6, 1)


def test_unknown_questionnaire(app, tmp_path):
    assert write_trends_workbook("nope", tmp_path / "x.xlsx", exported_by="x") is None

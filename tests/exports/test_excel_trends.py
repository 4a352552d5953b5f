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
    # One chart per question (not one chart of every question) and the question key on
    # a Questions sheet of its own: the layout the issue asks for replaces the old one.
    rows, wb, path = _book(tmp_path)
    assert wb.sheetnames == ["About", "Data", "Questions", "Gap register", "Alpha Force",
                             "Beta Force", "Verdicts over time", "Actions"]
    alpha = wb["Alpha Force"]
    assert len(alpha._charts) == 3
    assert all(c.tagname == "lineChart" and len(c.series) == 1 for c in alpha._charts)
    assert alpha.freeze_panes == "B2"
    assert {"tbl_org_%d" % history.alpha.id, "tbl_charted_%d" % history.alpha.id} == set(alpha.tables)
    assert wb["Data"].tables and wb["Gap register"].tables and wb["Questions"].tables
    assert formula_elements(path) == 0
    # organisations x rounds x rating questions, and the number question of version 1
    assert rows == 2 * 3 * 3 + 2 * 2


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


def test_questions_sheet_gives_wording_scale_and_earlier_wording(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    questions = {q["Trend question id"]: q for q in table_dicts(wb["Questions"])}
    assert list(questions) == ["conf-a", "conf-b", "conf-flagging", "how-many"]
    flag = questions["conf-flagging"]
    assert flag["Question"] == "How confident are you that CSE is flagged on incidents and crimes?"
    assert flag["Earlier wording"] == (
        "conf-old (version 1): How confident are you that incidents are flagged?")
    assert flag["Scale (what the numbers mean)"].splitlines()[0] == "1 Not confident (red)"
    assert questions["how-many"]["Type"] == "number"
    ws = wb["Questions"]
    assert ws.column_dimensions["B"].width >= 60  # the current wording is not cut


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


def test_data_rows_have_unique_keys_and_numbers_beside_ratings(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    data = table_dicts(wb["Data"])
    keys = [(d["Round id"], d["Organisation code"], d["Question id"]) for d in data]
    assert len(keys) == len(set(keys))
    first = next(d for d in data if d["Organisation"] == "Alpha Force"
                 and d["Question id"] == "conf-a" and d["Round id"] == history.r1.id)
    assert (first["Organisation code"], first["Section"], first["Meeting date"]) == (
        "ALP", "The picture", datetime(2020, 3, 10))
    numbers = [(d["Round id"], d["Number"]) for d in data
               if d["Organisation"] == "Alpha Force" and d["Question id"] == "how-many"]
    assert numbers == [(history.r1.id, 12), (history.r2.id, None)]  # a draft gives none


def test_gap_register_sheet(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    gaps = table_dicts(wb["Gap register"])
    assert [(g["Gap"], g["Status"], g["Rounds open"]) for g in gaps] == [
        ("Systems not integrated", "Closed", 1), ("Training backlog", "Open", 1)]


def test_organisation_and_date_filters(history, tmp_path):
    _, wb, _ = _book(tmp_path, organisation_id=history.beta.id, date_from=date(2020, 6, 1))
    assert wb.sheetnames == ["About", "Data", "Questions", "Gap register", "Beta Force",
                             "Verdicts over time", "Actions"]
    assert {d["Round"] for d in table_dicts(wb["Data"])} == {"Autumn 2020 meeting", "Spring 2021 meeting"}
    assert table_dicts(wb["Gap register"]) == []
    about = {r[0]: r[1] for r in sheet_rows(wb["About"]) if r[0]}
    assert about["Meetings from"] == datetime(2020, 6, 1)
    assert about["Meetings"] == "Meetings from 1 June 2020 to 10 March 2021"


def test_about_gives_the_real_meeting_dates(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    about = {r[0]: r[1] for r in sheet_rows(wb["About"]) if r[0]}
    assert about["Meetings"] == "Meetings from 10 March 2020 to 10 March 2021"
    assert (about["Meetings from"], about["Meetings to"]) == (
        datetime(2020, 3, 10), datetime(2021, 3, 10))


def test_unknown_questionnaire(app, tmp_path):
    assert write_trends_workbook("nope", tmp_path / "x.xlsx", exported_by="x") is None


def _chart_xml(path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/charts/chart")]


def test_charts_can_be_read(history, tmp_path):
    _, wb, path = _book(tmp_path, organisation_id=history.alpha.id)
    charts = _chart_xml(path)
    assert len(charts) == 3  # one per rating question
    flag = next(c for c in charts if "conf-flagging" in c)
    assert "<dateAx>" in flag and 'formatCode="mmm yyyy"' in flag  # by meeting date
    assert '<smooth val="0"' in flag and '<symbol val="circle"' in flag
    # The legend names the question by its wording, not its id.
    assert "<tx><v>How confident are you that CSE is flagged on incidents and crimes?</v>" in flag
    assert '<legendPos val="b"' in flag
    assert "Rating: 1 Not confident to 5" in flag  # the scale's ends on the axis
    assert 'typeface="Arial"' in flag
    # Only the rounds with a submitted or accepted response are charted.
    charted = table_dicts(wb["Alpha Force"], f"tbl_charted_{history.alpha.id}")
    assert [c["Meeting date"] for c in charted] == [datetime(2020, 3, 10), datetime(2021, 3, 10)]
    assert [c["conf-flagging"] for c in charted] == [1, 2]
    ref = wb["Alpha Force"].tables[f"tbl_charted_{history.alpha.id}"].ref  # A7:G9
    first, last = int(ref.split(":")[0][1:]) + 1, int(ref.split(":")[1][1:])
    assert f"'Alpha Force'!$G${first}:$G${last}" in flag  # its values, from that table
    assert f"'Alpha Force'!$B${first}:$B${last}" in flag  # and its dates


def test_org_sheet_names_cut_at_a_word(app, tmp_path):
    from tests.db import create_org, create_questionnaire_version, create_response, create_round
    from tests.samples import TREND_V1

    version = create_questionnaire_version(yaml_text=TREND_V1)
    rnd = create_round(version=version, title="R", meeting_date=date(2020, 1, 1), status="closed")
    for code in ("TW1", "TW2"):
        create_response(round_=rnd, org=create_org(
            name=f"Telford and Wrekin Local Policing Area {code}", code=code), status="accepted")
    _, wb, _ = _book(tmp_path)
    assert [n for n in wb.sheetnames if n.startswith("Telford")] == [
        "Telford and Wrekin Local", "Telford and Wrekin Local (2)"]


def test_every_sheet_prints_a4_with_title_page_numbers_and_one_font(history, tmp_path):
    _, wb, _ = _book(tmp_path)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.oddHeader.left.text == "Trends: Trend check questions", ws.title
        assert ws.oddFooter.center.text == "Page &P of &N", ws.title
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Arial"}, ws.title

"""The round workbook, read back with openpyxl."""

from datetime import datetime

from exports.excel_round import write_round_workbook
from tests.exports.workbook import formula_elements, read, sheet_rows, table_dicts


def _book(history, tmp_path, round_=None):
    path = tmp_path / "round.xlsx"
    rows = write_round_workbook((round_ or history.r3).id, path, exported_by="pcc@example.org")
    return rows, read(path), path


def test_sheets_tables_and_frozen_headers(history, tmp_path):
    rows, wb, path = _book(history, tmp_path)
    assert wb.sheetnames == ["Cover", "Answers", "Ratings", "Gaps", "Changes", "Actions"]
    assert rows == 2 * 4
    for name in ["Answers", "Ratings", "Gaps", "Changes"]:
        ws = wb[name]
        assert ws.tables, name
        assert ws.freeze_panes in ("B2", "D2"), name
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].font.b
    assert set(wb["Cover"].tables) == {"tbl_Organisations"}
    assert formula_elements(path) == 0


def test_cover_names_the_meeting_and_statuses(history, tmp_path):
    _, wb, _ = _book(history, tmp_path)
    pairs = {r[0]: r[1] for r in sheet_rows(wb["Cover"]) if r[0]}
    assert pairs["Meeting"] == "Spring 2021 meeting"
    assert pairs["Meeting date"] == datetime(2021, 3, 10)
    assert pairs["Questionnaire id"] == "trend-check" and pairs["Version"] == 2
    assert pairs["Exported by"] == "pcc@example.org"
    assert isinstance(pairs["Exported at (UK time)"], datetime)
    orgs = table_dicts(wb["Cover"], "tbl_Organisations")
    assert [(o["Organisation"], o["Response status"]) for o in orgs] == [
        ("Alpha Force", "Accepted"), ("Beta Force", "Accepted")]
    assert isinstance(orgs[0]["Submitted"], datetime)


def test_answers_sheet_keeps_text_and_types(history, tmp_path):
    _, wb, _ = _book(history, tmp_path, history.r1)
    rows = {(r["Organisation"], r["Question id"]): r for r in table_dicts(wb["Answers"])}
    conf_a = rows["Alpha Force", "conf-a"]
    assert (conf_a["Rating"], conf_a["Rating label"], conf_a["RAG"]) == (2, "Slightly confident", "Red")
    assert conf_a["Explanation"] == '=HYPERLINK("x")'
    assert conf_a["Gaps"] == 1 and conf_a["Section"] == "The picture"
    assert rows["Alpha Force", "notes"]["Answer"] == "=1+1"
    assert wb["Answers"].cell(row=2, column=6).data_type in ("s", "n", "d")
    assert rows["Alpha Force", "how-many"]["Answer"] == 12
    assert rows["Alpha Force", "when"]["Answer"] == datetime(2019, 12, 1)
    assert rows["Beta Force", "conf-a"]["Response status"] == "Submitted (not yet accepted)"


def test_ratings_coloured_by_rag(history, tmp_path):
    _, wb, _ = _book(history, tmp_path, history.r1)
    ws = wb["Ratings"]
    assert [c.value for c in ws[1]][:5] == [
        "Question id", "Section", "Question", "Alpha Force",
        "Beta Force (submitted (not yet accepted))"]
    assert ws["D2"].value == 2 and ws["D2"].fill.fgColor.rgb.endswith("F4CDC6")  # red
    assert ws["E2"].value == 4 and ws["E2"].fill.fgColor.rgb.endswith("CCE2D8")  # green
    assert ws["D3"].value == 3 and ws["D3"].fill.fgColor.rgb.endswith("FFF2D3")  # amber


def test_gaps_and_changes_sheets(history, tmp_path):
    _, wb, _ = _book(history, tmp_path)
    gaps = {g["Gap"]: g for g in table_dicts(wb["Gaps"])}
    assert gaps["Systems not integrated"]["Status in this round"] == "Closed"
    assert gaps["Systems not integrated"]["Closing note"] == "Systems merged in 2021"
    assert gaps["Systems not integrated"]["First identified on"] == datetime(2020, 3, 10)
    assert gaps["Training backlog"]["New or carried"] == "New"
    changes = {(c["Organisation"], c["Question id"]): c for c in table_dicts(wb["Changes"])}
    flag = changes["Alpha Force", "conf-flagging"]
    assert (flag["Previous rating"], flag["Rating"], flag["Change"], flag["Difference"]) == (1, 2, "Up", 1)
    assert flag["Previous round"] == "Spring 2020 meeting"
    assert changes["Beta Force", "conf-b"]["Change"] == "New"
    assert changes["Alpha Force", "conf-a"]["Closed gaps"] == 1


def test_unknown_round(app, tmp_path):
    assert write_round_workbook(999, tmp_path / "x.xlsx", exported_by="x") is None

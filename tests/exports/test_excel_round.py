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
    assert wb.sheetnames == ["Cover", "Answers", "Ratings", "After the meeting", "Gaps", "Changes",
                             "Verdicts", "Actions"]
    assert rows == 2 * 4
    for name in ["Answers", "Ratings", "After the meeting", "Gaps", "Changes"]:
        ws = wb[name]
        assert ws.tables, name
        assert ws.freeze_panes in ("B2", "C2"), name
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


def test_ratings_organisations_down_rag_in_words_beside_the_colour(history, tmp_path):
    # Organisations down, questions across (43 forces are 43 rows, not 43 columns);
    # this replaces the questions-down layout the issue found unreadable.
    _, wb, _ = _book(history, tmp_path, history.r1)
    ws = wb["Ratings"]
    assert [c.value for c in ws[1]] == [
        "Organisation", "Response status",
        "conf-a: How confident are you in the intelligence picture?",
        "conf-b: How confident are you that victims are supported?",
        "conf-old: How confident are you that incidents are flagged?"]
    assert [ws["A2"].value, ws["B2"].value] == ["Alpha Force", "Accepted"]
    assert ws["B3"].value == "Submitted (not yet accepted)"
    red, amber, green = ws["C2"], ws["D2"], ws["C3"]
    assert red.value == 2 and red.fill.fgColor.rgb.endswith("F4CDC6")
    assert red.number_format == '0" Red"'  # shows "2 Red": colour is never the only means
    assert amber.value == 3 and amber.number_format == '0" Amber"'
    assert green.value == 4 and green.number_format == '0" Green"'
    assert ws.row_dimensions[1].height > 2 * 14  # the wrapped wording is shown whole


def test_ratings_key_stated_once_with_the_thresholds(history, tmp_path):
    _, wb, _ = _book(history, tmp_path, history.r1)
    rows = sheet_rows(wb["Ratings"])
    assert [r[0] for r in rows].count("Key") == 1
    start = next(i for i, r in enumerate(rows) if r[0] == "Rating")
    key = [tuple(r[:3]) for r in rows[start + 1:] if r[0] is not None]
    assert key[0] == (1, "Not confident", "Red") and key[-1][2] == "Green"
    assert [k[2] for k in key] == sorted((k[2] for k in key), key=["Red", "Amber",
                                                                     "Green"].index)


def test_information_after_the_meeting_with_date_and_author(history, tmp_path):
    _, wb, _ = _book(history, tmp_path)
    (added,) = table_dicts(wb["After the meeting"])
    assert added["Organisation"] == "Alpha Force" and added["Question id"] == "notes"
    assert added["Information after the meeting"] == "@cmd sent after the meeting"
    assert isinstance(added["Added on"], datetime) and added["Added by"]
    answers = {(r["Organisation"], r["Question id"]): r for r in table_dicts(wb["Answers"])}
    assert answers["Alpha Force", "notes"]["Information after the meeting"] == (
        "@cmd sent after the meeting")


def test_status_words_as_people_write_them(history, tmp_path):
    _, wb, _ = _book(history, tmp_path)
    pairs = {r[0]: r[1] for r in sheet_rows(wb["Cover"]) if r[0]}
    assert pairs["Round status"] == "Closed"


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


def _cells(wb) -> dict:
    """Every cell of every sheet, by sheet and coordinate."""
    return {(ws.title, c.coordinate): c.value
            for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def test_a_past_rounds_figures_never_change(history, tmp_path):
    from datetime import date

    from tests.db import create_gap_entry, create_response, create_round

    first = tmp_path / "first.xlsx"
    write_round_workbook(history.r1.id, first, exported_by="pcc@example.org",
                         exported_at=datetime(2020, 3, 11, 9))
    before = read(first)
    gaps = {g["Gap"]: g for g in table_dicts(before["Gaps"])}
    assert gaps["Systems not integrated"]["Rounds open"] == 1  # as of its first meeting
    for n, day in enumerate([date(2021, 9, 10), date(2022, 3, 10)]):
        later = create_round(version=history.v2, title=f"Later {n}", meeting_date=day,
                             status="closed")
        resp = create_response(round_=later, org=history.alpha, status="accepted",
                               answers={"conf-a": 1})
        create_gap_entry(gap=history.training, response=resp)
    again = tmp_path / "again.xlsx"
    write_round_workbook(history.r1.id, again, exported_by="pcc@example.org",
                         exported_at=datetime(2020, 3, 11, 9))
    assert _cells(read(again)) == _cells(before)
    r3 = {g["Gap"]: g for g in table_dicts(_book(history, tmp_path)[1]["Gaps"])}
    assert r3["Training backlog"]["Rounds open"] == 1  # not the two rounds held since


CHOICES_YAML = """\
id: choices-check
version: 1
title: Choices
sections:
  - id: partners-section
    title: Partners
    questions:
      - id: partners
        question: Which partners attend the panel?
        type: multi_choice
        options:
          - {value: health, label: Health}
          - {value: education, label: Education}
          - {value: social-care, label: Social care}
"""


def test_multi_choice_answers_one_column_per_option(app, tmp_path):
    from datetime import date

    from tests.db import create_org, create_questionnaire_version, create_response, create_round

    version = create_questionnaire_version(yaml_text=CHOICES_YAML)
    rnd = create_round(version=version, title="Panel", meeting_date=date(2021, 1, 5),
                       status="closed")
    create_response(round_=rnd, org=create_org(name="Alpha Force", code="ALP"),
                    status="accepted", answers={"partners": ["health", "social-care"]})
    create_response(round_=rnd, org=create_org(name="Beta Force", code="BET"), status="draft")
    path = tmp_path / "c.xlsx"
    write_round_workbook(rnd.id, path, exported_by="x")
    wb = read(path)
    assert "Choices" in wb.sheetnames
    rows = {r["Organisation"]: r for r in table_dicts(wb["Choices"])}
    assert {k: v for k, v in rows["Alpha Force"].items() if k.startswith("partners")} == {
        "partners: Health": 1, "partners: Education": 0, "partners: Social care": 1}
    assert rows["Beta Force"]["partners: Health"] is None  # unanswered, not "not picked"
    answers = {r["Organisation"]: r for r in table_dicts(wb["Answers"])}
    assert answers["Alpha Force"]["Answer"] == "Health, Social care"  # the labels as well


def test_ratings_sheet_with_43_organisations(app, tmp_path):
    """National scale: one row per force, the questions across, printed A4 landscape
    one page wide with the header row on every page."""
    from datetime import date

    from tests.db import create_org, create_questionnaire_version, create_response, create_round
    from tests.samples import TREND_V1

    version = create_questionnaire_version(yaml_text=TREND_V1)
    rnd = create_round(version=version, title="National", meeting_date=date(2024, 1, 9),
                       status="closed")
    for n in range(43):
        create_response(round_=rnd, org=create_org(name=f"Force {n:02d}", code=f"F{n:02d}"),
                        status="accepted", answers={"conf-a": 1 + n % 5, "conf-b": 3})
    path = tmp_path / "national.xlsx"
    write_round_workbook(rnd.id, path, exported_by="x")
    ws = read(path)["Ratings"]
    rows = table_dicts(ws)
    assert len(rows) == 43 and len(rows[0]) == 2 + 3  # organisation, status, 3 questions
    assert ws.freeze_panes == "C2" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert sum(ws.column_dimensions[c].width for c in "ABCDE") < 120  # about a page wide


def test_every_sheet_prints_a4_with_title_page_numbers_and_one_font(history, tmp_path):
    _, wb, _ = _book(history, tmp_path)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert ws.oddHeader.left.text == "Spring 2021 meeting, 10 March 2021", ws.title
        assert ws.oddFooter.center.text == "Page &P of &N", ws.title
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Arial"}, ws.title


def test_long_answers_get_tall_rows(history, tmp_path):
    from tests.db import create_response, create_round

    rnd = create_round(version=history.v1, title="Long", meeting_date=history.r1.meeting_date,
                       status="closed")
    long = "The force has reviewed every case in the period and found gaps. " * 12
    create_response(round_=rnd, org=history.alpha, status="accepted",
                    answers={"notes": long, "conf-a": {"value": 2, "explanation": "Short."}})
    _, wb, _ = _book(history, tmp_path, rnd)
    ws = wb["Answers"]
    heights = {ws.cell(row=r, column=4).value: ws.row_dimensions[r].height
               for r in range(2, ws.max_row + 1)}
    assert heights["notes"] >= 14 * len(long) / 60  # the 60-wide Answer column, wrapped
    assert heights["how-many"] is None  # a one-line row keeps the default height
    assert ws.row_dimensions[1].height is not None  # the header row wraps

"""The Verdicts sheet of the round workbook and "Verdicts over time" of the trends
workbook, read back: confidence and verdict in columns of their own, and whether they
agree."""

from __future__ import annotations

from exports.excel_round import write_round_workbook
from exports.excel_trends import write_trends_workbook
from exports.rollups_trends import TrendFilters
from tests.exports.workbook import read, table_dicts
from workflows import verdicts


def _verdicts(history, admin, pcc):
    a = verdicts.record_verdict(history.a3, "picture", verdicts.VerdictInput(
        "assured", "Evidence seen.", "hmicfrs", "PEEL 2021 4.2"), user=admin)
    verdicts.sign_off(history.a3, [(a.id, 0)], user=pcc)
    verdicts.record_verdict(history.b3, "picture", verdicts.VerdictInput(
        "not_assured", "No plan.", "opcc"), user=admin)
    verdicts.record_verdict(history.a1, "picture", verdicts.VerdictInput(
        "partly_assured", "Early days.", "force"), user=admin)


def test_the_round_workbook_has_a_verdicts_sheet(history, admin, pcc, tmp_path):
    _verdicts(history, admin, pcc)
    path = tmp_path / "round.xlsx"
    write_round_workbook(history.r3.id, path, exported_by="t")
    rows = table_dicts(read(path)["Verdicts"])
    by = {(r["Organisation"], r["Section"]): r for r in rows}
    alpha = by[("Alpha Force", "The picture")]
    assert (alpha["Force's confidence"], alpha["OPCC verdict"]) == (2, "Assured")
    assert alpha["Confidence and verdict"] == "Disagree"
    assert alpha["Source"] == "Independent: HMICFRS" and alpha["Reference"] == "PEEL 2021 4.2"
    assert (alpha["Verdict status"], alpha["Verdict version"]) == ("Signed off", 1)
    beta = by[("Beta Force", "The picture")]
    assert beta["OPCC verdict"] == "Not assured" and beta["Verdict status"] == "Awaiting sign-off"
    assert beta["In words"].endswith("the OPCC is not assured.")
    assert len(rows) == 4  # two organisations, two sections


def test_the_trends_workbook_has_verdicts_over_time(history, admin, pcc, tmp_path):
    _verdicts(history, admin, pcc)
    path = tmp_path / "trends.xlsx"
    write_trends_workbook("trend-check", path, exported_by="t",
                          filters=TrendFilters(organisation_id=history.alpha.id))
    rows = table_dicts(read(path)["Verdicts over time"])
    picture = [(r["Round"], r["OPCC verdict"], r["Force's confidence"]) for r in rows
               if r["Section"] == "The picture"]
    assert picture == [("Spring 2020 meeting", "Partly assured", 1),
                       ("Spring 2021 meeting", "Assured", 2)]
    assert {r["Organisation"] for r in rows} == {"Alpha Force"}


def test_without_verdicts_the_trends_workbook_has_no_such_sheet(history, tmp_path):
    path = tmp_path / "trends.xlsx"
    write_trends_workbook("trend-check", path, exported_by="t", verdicts=False)
    assert "Verdicts over time" not in read(path).sheetnames

"""`flask export round` and `flask export trends`."""

from sqlalchemy import select

from models import AuditEvent, db
from tests.exports.workbook import read, table_dicts


def _events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_export_round(history, runner, tmp_path):
    out = tmp_path / "round.xlsx"
    result = runner.invoke(args=["export", "round", str(history.r3.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (8 answer rows)" in result.output
    assert read(out).sheetnames == ["Cover", "Answers", "Ratings", "After the meeting", "Gaps",
                                    "Changes", "Verdicts", "Actions"]
    [event] = _events("export.round")
    assert (event.actor, event.object_id, event.detail["rows"]) == ("cli", str(history.r3.id), 8)


def test_export_round_unknown(app, runner, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "round.xlsx"
    result = runner.invoke(args=["export", "round", "999", "-o", str(out)])
    assert result.exit_code == 1 and "No round with id 999" in result.output
    assert list((tmp_path / "out").iterdir()) == []  # no file, not even a partial one


def test_export_trends_with_filters(history, runner, tmp_path):
    out = tmp_path / "trends.xlsx"
    result = runner.invoke(args=["export", "trends", "trend-check", "--org", "ALP",
                                 "--from", "2020-06-01", "--to", "2021-12-31", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = read(out)
    assert wb.sheetnames == ["About", "Data", "Questions", "Gap register", "Alpha Force",
                             "Verdicts over time", "Actions"]
    assert {d["Round"] for d in table_dicts(wb["Data"])} == {"Autumn 2020 meeting", "Spring 2021 meeting"}
    [event] = _events("export.trends")
    assert event.organisation_id == history.alpha.id and event.detail["rows"] == 7  # 6 ratings, 1 number
    assert event.detail["date_from"] == "2020-06-01"


def test_export_trends_refusals(history, runner, tmp_path):
    out = str(tmp_path / "t.xlsx")
    result = runner.invoke(args=["export", "trends", "nope", "-o", out])
    assert result.exit_code == 1 and "No questionnaire with id 'nope'" in result.output
    result = runner.invoke(args=["export", "trends", "trend-check", "--org", "Nobody", "-o", out])
    assert result.exit_code == 1 and "No organisation named or coded 'Nobody'" in result.output
    result = runner.invoke(args=["export", "trends", "trend-check", "--from", "10/01/2020", "-o", out])
    assert result.exit_code == 2
    assert _events("export.trends") == []

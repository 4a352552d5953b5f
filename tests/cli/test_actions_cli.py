"""`flask actions list` and `flask actions import FILE.csv --report ID`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from models import ActionItem, db
from tests.db import create_action, create_org, create_report

CSV = """type,reference,title,detail,owner,due date
Recommendation,R1,Improve CSE risk assessment,,ACC Smith,2027-03-31
Nonsense,R2,Not a type,,,
Area for improvement,AFI 1,Supervision\tof cases,,,
"""


def test_actions_list_prints_one_tab_separated_line_per_item(runner):
    org = create_org(name="West Mercia Police", code="WMP")
    first = create_action(org=org, title="Audit the\tcases", due_date=date(2027, 1, 31),
                          reference="Minute 4")
    second = create_action(org=org, title="Train staff", source="recommendation",
                           status="in_progress")
    result = runner.invoke(args=["actions", "list"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{first.id}\tmeeting\tMinute 4\tAudit the cases\tWMP\t2027-01-31\topen",
        f"{second.id}\trecommendation\t\tTrain staff\tWMP\t\tin_progress",
    ]
    only = runner.invoke(args=["actions", "list", "--status", "in_progress"])
    assert only.output.splitlines() == [line for line in result.output.splitlines()
                                        if line.endswith("in_progress")]


def test_actions_import_reports_bad_lines_and_imports_the_good(runner, tmp_path):
    report = create_report(org=create_org(code="WMP"))
    path = tmp_path / "recommendations.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(args=["actions", "import", str(path), "--report", str(report.id)])
    assert result.exit_code == 1
    assert f"{path}:line 3: the type 'Nonsense'" in result.output
    assert "2 imported, 1 bad" in result.output
    assert db.session.scalar(select(func.count(ActionItem.id))) == 2


def test_actions_import_of_an_unknown_report_changes_nothing(runner, tmp_path):
    path = tmp_path / "recommendations.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(args=["actions", "import", str(path), "--report", "999"])
    assert result.exit_code == 1 and "no HMICFRS report 999" in result.output
    assert db.session.scalar(select(func.count(ActionItem.id))) == 0

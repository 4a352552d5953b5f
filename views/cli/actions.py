"""`flask actions list|import`: the register of actions and recommendations.

``actions list`` prints one item a line, tab-separated: id, source, reference, title,
owning organisation's code, due date (YYYY-MM-DD), status. ``actions import FILE.csv
--report ID`` adds an HMICFRS report's recommendations, areas for improvement and
causes of concern from a CSV file: good rows are imported, each bad row is reported
with its line number (and nothing of it is imported), exit status 1 when any row was
bad.
"""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

from exports.rollups_actions import ActionFilters, action_register
from models import HmicfrsReport
from models.action_status import ACTION_STATUSES, SOURCES
from workflows import hmicfrs, lookups

from .offices import chosen_office, office_id_of, office_option

actions = AppGroup("actions", help="List the register of actions and recommendations, and "
                                   "import an HMICFRS report's recommendations.")


def register(app: Flask) -> None:
    app.cli.add_command(actions)


def _clean(text: str | None) -> str:
    return " ".join(str(text or "").split())  # no tabs or newlines inside a field


@actions.command("list")
@office_option
@click.option("--status", type=click.Choice(ACTION_STATUSES), help="Only items in this status.")
@click.option("--source", type=click.Choice(SOURCES), help="Only items of this source.")
@click.option("--overdue", is_flag=True, help="Only items still open after their due date.")
def list_cmd(office_code: str | None, status: str | None, source: str | None, overdue: bool):
    """The register, one item a line: id, source, reference, title, organisation code,
    due date, status."""
    office_id = office_id_of(chosen_office(office_code))
    filters = ActionFilters(status=status, source=source, overdue=overdue)
    for r in action_register(filters, today=date.today(), office_id=office_id):
        click.echo("\t".join([str(r.id), r.source, _clean(r.reference), _clean(r.title),
                              _clean(r.organisation_code), r.due_date.isoformat()
                              if r.due_date else "", r.status]))


@actions.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--report", "report_id", type=int, required=True,
              help="The HMICFRS report's id (on its page's address: /reports/ID).")
@office_option
def import_cmd(file, report_id: int, office_code: str | None):
    """Import a CSV file's rows as the report's items. Columns: type, reference, title,
    detail, owner, due date."""
    office = chosen_office(office_code)
    report = lookups.by_id(HmicfrsReport, report_id)
    if report is None or (office is not None and report.office_id != office.id):
        raise click.ClickException(f"There is no HMICFRS report {report_id}")
    result = hmicfrs.import_items(report, file.read(), by=None)
    for line in result.report_lines():
        click.echo(f"{file.name}:{line}", err=True)
    click.echo(f"{len(result.added)} imported, {len(result.problems)} bad, "
               f"{len(result.skipped)} already on the report")
    if result.problems:
        raise SystemExit(1)

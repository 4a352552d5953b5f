"""`flask export round ROUND [--office CODE] -o FILE.xlsx`,
`flask export trends QUESTIONNAIRE [--office CODE] [--org ORG] [--from DATE] [--to DATE]
-o FILE.xlsx` and `flask export data [--office CODE] -o FOLDER`.

ROUND is the id that `rounds list` prints; QUESTIONNAIRE the questionnaire's
id from its YAML file; ORG an organisation's name or short code. Each reads one
office: CODE names it, and may be left out where the service has one office only
(with several, the command refuses to guess). The file is written beside its final
name and moved into place when complete.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from exports.excel_round import write_round_workbook
from exports.excel_trends import write_trends_workbook
from exports.odata import Scope
from exports.odata.tables import write_package
from exports.rollups_trends import TrendFilters
from workflows import accounts
from workflows.exports_audit import record_export
from workflows.offices import OfficeError, scope_id, the_office

export = AppGroup("export", help="Write Excel workbooks (a round's summary, or trends over "
                  "time) and the data package (every feed set as CSV).")

DATE = click.DateTime(formats=["%Y-%m-%d"])
OUTPUT = click.option("-o", "--output", required=True,
                      type=click.Path(dir_okay=False, path_type=Path),
                      help="The .xlsx file to write.")
OFFICE = click.option("--office", "office_code", metavar="CODE",
                      help="The office to read (needed where the service has several).")


def register(app: Flask) -> None:
    app.cli.add_command(export)


def _office_id(code: str | None) -> int:
    """The office the command reads: the one named, else the service's only office (0,
    which no row has, before there is any office)."""
    try:
        return the_office(code).id if code else scope_id(None)
    except OfficeError as exc:
        raise click.ClickException(str(exc)) from None


def _write(output: Path, write) -> int | None:
    """Write to a temporary file beside ``output``; move it into place when done."""
    partial = output.with_name(f".{output.name}.partial")
    try:
        rows = write(partial)
        if rows is not None:
            os.replace(partial, output)
        return rows
    finally:
        if partial.exists():
            partial.unlink()


@export.command("round")
@click.argument("round_id", metavar="ROUND", type=int)
@OFFICE
@OUTPUT
def round_cmd(round_id: int, office_code: str | None, output: Path):
    """The round workbook: cover, answers, ratings, gaps and changes."""
    office_id = _office_id(office_code)
    rows = _write(output, lambda path: write_round_workbook(
        round_id, path, exported_by="cli", office_id=office_id))
    if rows is None:
        raise click.ClickException(f"No round with id {round_id}; see `flask rounds list`")
    record_export("export.round", actor="cli", object_type="round", object_id=round_id, rows=rows,
                  office_id=office_id)
    click.echo(f"Wrote {output} ({rows} answer rows)")


@export.command("trends")
@click.argument("questionnaire")
@OFFICE
@click.option("--org", "org_key", help="Only this organisation (name or short code).")
@click.option("--from", "date_from", type=DATE, help="Meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="Meetings on or before this date (YYYY-MM-DD).")
@OUTPUT
def trends_cmd(questionnaire: str, office_code: str | None, org_key: str | None, date_from,
               date_to, output: Path):
    """The trends workbook: a sheet and chart per organisation, a long table, the gap register."""
    office_id = _office_id(office_code)
    org = None
    if org_key:
        org = accounts.find_org(org_key, office_id=office_id)
        if org is None:
            raise click.ClickException(
                f"No organisation named or coded {org_key!r}; see `orgs list`")
    filters = TrendFilters(org.id if org else None, date_from.date() if date_from else None,
                           date_to.date() if date_to else None)
    rows = _write(output, lambda path: write_trends_workbook(
        questionnaire, path, filters=filters, exported_by="cli", office_id=office_id))
    if rows is None:
        raise click.ClickException(f"No questionnaire with id {questionnaire!r}; "
                                   "see `flask questionnaire list`")
    record_export("export.trends", actor="cli", object_type="questionnaire",
                  object_id=questionnaire, rows=rows, organisation_id=org.id if org else None,
                  office_id=office_id,
                  date_from=filters.date_from and filters.date_from.isoformat(),
                  date_to=filters.date_to and filters.date_to.isoformat())
    click.echo(f"Wrote {output} ({rows} figures)")


@export.command("data")
@OFFICE
@click.option("-o", "--output", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write (made if needed; its files are replaced).")
def data_cmd(office_code: str | None, output: Path):
    """Every set of the data feed as a CSV file, and a datapackage.json describing them
    (a Frictionless tabular data package), as the office's admins see them."""
    office_id = _office_id(office_code)
    written = write_package(output, Scope(office_id), "Assurance data")
    record_export("export.data", actor="cli", object_type="office", object_id=office_id,
                  rows=len(written) - 1, office_id=office_id, folder=str(output))
    for path in written:
        click.echo(f"Wrote {path}")

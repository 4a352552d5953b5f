"""`flask offices create|list`, and the `--office CODE` option the other commands share.

A one-office service never needs `--office`: every command uses the only office (and
the first change on an empty service makes it). With several offices a command that
reads or changes an office's data refuses to guess and says which option to give.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from models import Office
from workflows import offices as workflow

offices = AppGroup("offices", help="Create and list the offices (OPCCs) of a shared service.")

OFFICE_HELP = "The office's short code (needed when the service has several offices)."


def register(app: Flask) -> None:
    app.cli.add_command(offices)


def office_option(command):
    """The `--office CODE` option (as ``office_code``)."""
    return click.option("--office", "office_code", metavar="CODE", help=OFFICE_HELP)(command)


def chosen_office(code: str | None, *, usage: bool = False) -> Office | None:
    """The office coded ``code``; without a code, None on a service of one office or
    none yet (the workflows and readers then take the only office, and the first change
    on an empty service makes it). Several offices and no code, or an unknown code, stop
    the command with a message naming `--office`: exit 1, or 2 (a usage error) when
    ``usage``."""
    try:
        if not code and workflow.is_single_office():
            return None
        return workflow.the_office(code)
    except workflow.OfficeError as exc:
        message = str(exc)
        if code:
            message += " (see `flask --app app offices list`)"
        if usage:
            raise click.BadParameter(message, param_hint="--office") from None
        raise click.ClickException(message) from None


def office_id_of(office: Office | None) -> int | None:
    return office.id if office is not None else None


def _clean(text: str) -> str:
    return " ".join(str(text).split())  # no tabs or newlines inside a field


@offices.command("create")
@click.option("--name", required=True, help="The office's name, e.g. 'West Mercia PCC'.")
@click.option("--code", required=True, help="A short code without spaces, e.g. WMPCC.")
def create_cmd(name: str, code: str):
    """Create an office and its own OPCC organisation (same name and code)."""
    try:
        office = workflow.create_office(name=name, code=code)
    except workflow.OfficeError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created office {office.code}: {office.name}")


@offices.command("list")
def list_cmd():
    """One office a line, tab-separated: id, code, name, organisations, users."""
    rows = workflow.list_offices()
    if not rows:
        click.echo("There are no offices yet.", err=True)
    for row in rows:
        click.echo("\t".join([str(row.office.id), row.office.code, _clean(row.office.name),
                              str(row.organisations), str(row.users)]))

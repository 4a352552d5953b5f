"""`flask users ...` and `flask orgs ...`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from models import ORG_KINDS, ROLES
from models.people import ROLES_WITH_ORGANISATION
from workflows import accounts, lookups

users = AppGroup("users", help="Manage users.")
orgs = AppGroup("orgs", help="Manage organisations.")


def register(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(orgs)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--org", "org_key",
              help="Organisation name or short code (required for respondents).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password as one line from standard input.")
def create_user(email, name, role, org_key, password_stdin):
    """Create a user (prompts for the password)."""
    org = None
    if role in ROLES_WITH_ORGANISATION and not org_key:
        raise click.ClickException(
            "A respondent needs --org: the name or short code of their organisation "
            "(see `flask --app app orgs list`)")
    if org_key:
        org = accounts.find_org(org_key)
        if org is None:
            raise click.ClickException(
                f"No organisation named or coded {org_key!r} (see `flask --app app orgs list`)")
    password = _read_password(password_stdin)
    try:
        user = accounts.create_user(email=email, name=name, role=role, password=password, org=org)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.role} {user.email}" + (f" for {org.name}" if org else ""))


@users.command("list")
def list_users():
    """List users, one a line: email, name, role, organisation, status."""
    for u in lookups.users_by_email():
        org = u.organisation.name if u.organisation else "-"
        click.echo("\t".join([u.email, u.name, u.role, org, "active" if u.active else "disabled"]))


@users.command("disable")
@click.option("--email", required=True)
def disable_user(email):
    """Disable a user: their sessions end at once."""
    user = lookups.user_with_email(email)
    if user is None:
        raise click.ClickException(f"No user with the email {email}")
    accounts.disable_user(user)
    click.echo(f"Disabled {user.email}")


@orgs.command("create")
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice(ORG_KINDS))
@click.option("--code", help="A short code, e.g. WMP.")
def create_org(name, kind, code):
    """Create an organisation."""
    try:
        org = accounts.create_org(name=name, kind=kind, code=code)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {org.kind} {org.name}" + (f" ({org.code})" if org.code else ""))


@orgs.command("list")
def list_orgs():
    """List organisations, one a line: id, name, code, kind."""
    for o in lookups.organisations_by_name():
        click.echo("\t".join([str(o.id), o.name, o.code or "-", o.kind]))

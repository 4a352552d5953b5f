"""`flask users ...` and `flask orgs ...`."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from models import ORG_KINDS, ROLES
from models.people import OFFICE_ROLES, ROLES_WITH_ORGANISATION
from workflows import accounts, lookups

from .offices import chosen_office, office_id_of, office_option

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
@office_option
@click.option("--password-stdin", is_flag=True,
              help="Read the password as one line from standard input.")
def create_user(email, name, role, org_key, office_code, password_stdin):
    """Create a user (prompts for the password).

    A respondent belongs to their organisation's office (--org is looked up in --office);
    an admin or PCC user to --office; a service administrator to none.
    """
    office, org = _new_user_place(role, org_key, office_code)
    password = _read_password(password_stdin)
    try:
        user = accounts.create_user(email=email, name=name, role=role, password=password,
                                    org=org, office=office)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {user.role} {user.email}" + (f" for {org.name}" if org else ""))


def _new_user_place(role: str, org_key: str | None, office_code: str | None):
    """(office, organisation) of a new user, before the password is asked for."""
    if role not in OFFICE_ROLES:
        if office_code or org_key:
            raise click.ClickException(
                "A service administrator belongs to no office: leave out --office and --org")
        return None, None
    if role in ROLES_WITH_ORGANISATION and not org_key:
        raise click.ClickException(
            "A respondent needs --org: the name or short code of their organisation "
            "(see `flask --app app orgs list`)")
    office = chosen_office(office_code)
    org = None
    if org_key:
        org = accounts.find_org(org_key, office_id=office_id_of(office))
        if org is None:
            where = f" in office {office.code}" if office else ""
            raise click.ClickException(f"No organisation named or coded {org_key!r}{where} "
                                       "(see `flask --app app orgs list`)")
    return office, org


@users.command("list")
@office_option
@click.option("--service-admins", is_flag=True,
              help="List the service administrators (who belong to no office) instead.")
def list_users(office_code, service_admins):
    """List an office's users, one a line: email, name, role, organisation, status."""
    if service_admins:
        if office_code:
            raise click.ClickException("Service administrators belong to no office: "
                                       "leave out --office")
        found = lookups.service_administrators()
    else:
        found = lookups.users_by_email(office_id=office_id_of(chosen_office(office_code)))
    for u in found:
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
@office_option
def create_org(name, kind, code, office_code):
    """Create an organisation of an office."""
    office = chosen_office(office_code)
    try:
        org = accounts.create_org(name=name, kind=kind, code=code, office=office)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created {org.kind} {org.name}" + (f" ({org.code})" if org.code else ""))


@orgs.command("list")
@office_option
def list_orgs(office_code):
    """List an office's organisations, one a line: id, name, code, kind."""
    for o in lookups.organisations_by_name(office_id=office_id_of(chosen_office(office_code))):
        click.echo("\t".join([str(o.id), o.name, o.code or "-", o.kind]))

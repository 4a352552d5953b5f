"""`flask tokens create --email EMAIL --name NAME [--days N]`: a personal access token
for the data feed, for automation. The token is the last word of the output."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from workflows import access_tokens as workflow

tokens = AppGroup("tokens", help="Personal access tokens for the data feed (/odata/).")


def register(app: Flask) -> None:
    app.cli.add_command(tokens)


@tokens.command("create")
@click.option("--email", required=True, help="The user the token reads as.")
@click.option("--name", required=True, help="What will use it, e.g. \"Power BI\".")
@click.option("--days", type=int, default=workflow.DEFAULT_DAYS, show_default=True,
              help=f"How long it works, 1 to {workflow.MAX_DAYS} days.")
def create_cmd(email: str, name: str, days: int):
    """Make a token for a user and print it (shown once: it is not stored)."""
    user = workflow.user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user has the email address {email}")
    try:
        token, secret = workflow.create_token(user, name=name, days=days, by=None)
    except workflow.TokenError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f'Token "{token.name}" for {user.email}, working until '
               f"{token.expires_at:%Y-%m-%d}: {secret}")

"""`flask demo`: idempotent demo data for a first run. Refused in production."""

from __future__ import annotations

import click
from flask import Flask, current_app

from workflows import demo as demo_workflow


def register(app: Flask) -> None:
    app.cli.add_command(demo_cmd)


@click.command("demo")
def demo_cmd():
    """Load the demo organisations, users, questionnaires and rounds (safe to run again)."""
    if current_app.config.get("APP_ENV") == "production":
        raise click.ClickException("The demo data is refused in production (APP_ENV=production).")
    report = demo_workflow.load_demo()
    for line in report.lines:
        click.echo(line)
    click.echo("")
    click.echo("Sign in at http://127.0.0.1:5000 with one of these demo accounts:")
    for email, password, role in report.credentials:
        click.echo(f"  {role:<11} {email:<32} password: {password}")

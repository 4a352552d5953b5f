"""`flask demo`: idempotent demo data for a first run. Refused in production."""

from __future__ import annotations

import click
from flask import Flask, current_app

from workflows import demo as demo_workflow


def register(app: Flask) -> None:
    app.cli.add_command(demo_cmd)


@click.command("demo")
@click.option("--host", envvar="HOST", default="127.0.0.1", show_default=True,
              help="The host name the server will listen on (read from HOST when set).")
@click.option("--port", envvar="PORT", default=5000, type=click.IntRange(1, 65535),
              show_default=True, help="The port the server will use (read from PORT when set).")
def demo_cmd(host: str, port: int):
    """Load the demo organisations, users, questionnaires and rounds (safe to run again)."""
    if current_app.config.get("APP_ENV") == "production":
        raise click.ClickException("The demo data is refused in production (APP_ENV=production).")
    report = demo_workflow.load_demo(progress=click.echo)
    click.echo("")
    click.echo(f"Sign in at {_address(host, port)} with one of these demo accounts:")
    for email, password, role in report.credentials:
        click.echo(f"  {role:<11} {email:<32} password: {password}")


def _address(host: str, port: int) -> str:
    """The address to type: a server on every interface (0.0.0.0, ::) answers on localhost."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "localhost", "": "127.0.0.1"}.get(host, host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"

"""`flask mail send` and `flask reminders run`."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import click
from flask import Flask
from flask.cli import AppGroup

from forms.format.words import plural
from workflows import mail_send

mail = AppGroup("mail", help="Deliver the email waiting in the outbox.")
reminders = AppGroup("reminders", help="Queue the reminders that are due.")


def register(app: Flask) -> None:
    app.cli.add_command(mail)
    app.cli.add_command(reminders)


@mail.command("send")
@click.option("--loop", is_flag=True, help="Keep running: send, sleep, send again.")
@click.option("--sleep", "sleep_seconds", default=30, show_default=True,
              type=click.IntRange(1, 3600), help="Seconds between rounds with --loop.")
def send_cmd(loop: bool, sleep_seconds: int):
    """Deliver every message that is due (retries included), then stop; with --loop,
    keep delivering until stopped. Several senders may run at once."""
    from workflows.mail_digest import build_digests

    while True:
        digests = build_digests()
        result = mail_send.send_due()
        if result.sent or result.retrying or result.failed or digests or not loop:
            click.echo(f"{_stamp()}sent {result.sent}, to retry {result.retrying}, "
                       f"failed {result.failed}"
                       + (f", {plural(digests, 'digest')} made" if digests else ""))
        if not loop:
            return
        time.sleep(sleep_seconds)


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ ")


@reminders.command("run")
def reminders_cmd():
    """Queue the reminders due now (safe to run every hour: each reminder goes once)."""
    from workflows.reminders import queue_reminders

    count = queue_reminders()
    click.echo(f"{plural(count, 'reminder')} queued")

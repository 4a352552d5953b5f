"""`flask rounds list|create|open|close`.

``rounds list`` prints one round a line, tab-separated: id, title, meeting
date (YYYY-MM-DD), status, questionnaire id@version.
"""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

from forms.format.words import plural
from workflows import accounts
from workflows import rounds as workflow
from workflows.questionnaires import get_version

from .offices import chosen_office, office_id_of, office_option

rounds = AppGroup("rounds", help="List, set up, open and close assurance rounds.")


def register(app: Flask) -> None:
    app.cli.add_command(rounds)


def _clean(text: str) -> str:
    return " ".join(str(text).split())  # no tabs or newlines inside a field


@rounds.command("list")
@office_option
def list_cmd(office_code: str | None):
    """An office's rounds, one a line: id, title, meeting date, status,
    questionnaire@version."""
    for r in workflow.list_rounds(office_id=office_id_of(chosen_office(office_code))):
        click.echo("\t".join([str(r.id), _clean(r.title), r.meeting_date.isoformat(), r.status,
                              r.questionnaire_version.label]))


def _parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2016-09-22",
                                 param_hint=name) from None


def _version(label: str, office_id: int | None):
    key, _, number = label.partition("@")
    found = get_version(key, int(number), office_id=office_id) if number.isdigit() else None
    if found is None:
        raise click.BadParameter(f"no questionnaire version {label!r} is loaded (use id@version)",
                                 param_hint="--questionnaire")
    return found


def _orgs(codes: tuple[str, ...], office_id: int | None):
    found = []
    for code in codes:
        org = accounts.find_org(code, office_id=office_id)
        if org is None:
            raise click.BadParameter(f"no organisation named or coded {code!r}", param_hint="--org")
        found.append(org)
    return found


@rounds.command("create")
@click.option("--title", required=True)
@click.option("--questionnaire", "label", required=True, help="id@version, e.g. cse-assurance@1")
@click.option("--meeting-date", required=True, help="YYYY-MM-DD")
@click.option("--org", "orgs", multiple=True, required=True,
              help="Organisation code or name (repeat)")
@click.option("--deadline", help="YYYY-MM-DD")
@click.option("--venue", default="")
@click.option("--chair", default="")
@click.option("--note-taker", default="")
@click.option("--attendee", "attendees", multiple=True, help="'Name|Capacity' (repeat)")
@click.option("--purpose", default="")
@click.option("--open", "open_now", is_flag=True, help="Open the round for responses at once")
@office_option
def create_cmd(title, label, meeting_date, orgs, deadline, venue, chair, note_taker, attendees,
               purpose, open_now, office_code):
    """Set up a round of an office (planned unless --open) with one draft response per
    organisation: the questionnaire version and the organisations are the office's."""
    office_id = office_id_of(chosen_office(office_code, usage=True))
    try:
        created = workflow.create_round(
            title=title, version=_version(label, office_id),
            meeting_date=_parse_date(meeting_date, "--meeting-date"),
            venue=venue, chair=chair, note_taker=note_taker,
            attendees=[tuple((a.split("|", 1) + [""])[:2]) for a in attendees],
            deadline=_parse_date(deadline, "--deadline"), purpose=purpose,
            organisations=_orgs(orgs, office_id), status="open" if open_now else "planned",
        )
    except workflow.RoundError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created round {created.id}: {created.title} ({created.status}, "
               f"{plural(len(created.responses), 'response')})")


def _move(round_id: int, move: str) -> None:
    found = workflow.get_round(round_id)
    if found is None:
        raise click.ClickException(f"No round {round_id}")
    try:
        workflow.move_round(found, move, None)
    except workflow.RoundError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Round {found.id} is now {found.status}")


@rounds.command("open")
@click.argument("round_id", type=int)
def open_cmd(round_id: int):
    """Open a planned round for responses."""
    _move(round_id, "open")


@rounds.command("close")
@click.argument("round_id", type=int)
def close_cmd(round_id: int):
    """Close an open round (the meeting has been held)."""
    _move(round_id, "close")

"""`flask notes ROUND -o FILE.docx|FILE.html|FILE.pdf`: write a round's meeting notes."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from exports.notes import NOTES_STATUSES, meeting_notes
from exports.notes_files import PdfUnavailable, format_for_path, render_notes
from exports.notes_versions import published_notes
from models import Round
from workflows import lookups
from workflows import notes as notes_workflow


def register(app: Flask) -> None:
    app.cli.add_command(notes_cmd)


@click.command("notes")
@click.argument("round_id", metavar="ROUND", type=int)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: its name ends in .docx (Word), .html or .pdf.")
def notes_cmd(round_id: int, output: Path):
    """Write the meeting notes of a closed or published round (a published round's
    latest published version).

    ROUND is the round's id, as `flask rounds list` prints it.
    """
    fmt = format_for_path(output)
    if fmt is None:
        raise click.ClickException(
            f"Cannot write notes as {output.name!r}: the file name must end in .docx, .html "
            "or .pdf")
    round_ = lookups.by_id(Round, round_id)
    if round_ is None:
        raise click.ClickException(f"No round with id {round_id}; see `flask rounds list`")
    if round_.status not in NOTES_STATUSES:
        raise click.ClickException(
            f"Round {round_id} (“{round_.title}”) is {round_.status}: its notes can be written "
            "once the meeting is held and the round is closed")
    notes = published_notes(round_) or meeting_notes(round_)  # as published, if it is
    try:
        body = render_notes(notes, fmt)
    except PdfUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    try:
        output.write_bytes(body)
    except OSError as exc:
        raise click.ClickException(f"Cannot write {output}: {exc.strerror}") from None
    notes_workflow.record_download(round_, fmt, filename=output.name)
    state = "published" if not notes.draft else "draft: not yet published"
    click.echo(f"Wrote {output} ({len(notes.items)} questions; {state})")

"""`flask questionnaire validate|load|list|from-xlsx|to-xlsx`.

Problems print one a line as ``PATH:LINE:COLUMN: error: MESSAGE`` on
standard output, PATH as given on the command line; any problem in any file
makes the command exit with status 1. A file that cannot be read is a problem
too (line 1, column 1).
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from forms.format.validate import validate
from forms.format.xlsform import from_xlsx, to_xlsx
from workflows import questionnaires as workflow

from .offices import chosen_office, office_id_of, office_option

questionnaire = AppGroup("questionnaire", help="Validate, load and list questionnaires (YAML), "
                         "and convert them to and from Excel workbooks (XLSForm).")


def register(app: Flask) -> None:
    app.cli.add_command(questionnaire)


def _read(path: str) -> tuple[bytes | None, str | None]:
    """The file's bytes, or a problem line saying why it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(), None
    except FileNotFoundError:
        reason = "no such file"
    except IsADirectoryError:
        reason = "this is a directory, not a questionnaire file"
    except PermissionError:
        reason = "permission denied: the file cannot be read"
    except OSError as exc:
        reason = f"the file cannot be read: {exc.strerror or exc}"
    return None, f"{path}:1:1: error: {reason}"


def _counted(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@questionnaire.command("validate")
@click.argument("paths", nargs=-1, required=True)
def validate_cmd(paths: tuple[str, ...]):
    """Check questionnaire files and print every problem in each."""
    failed = False
    for path in paths:
        data, unreadable = _read(path)
        if unreadable:
            click.echo(unreadable)
            failed = True
            continue
        result = validate(workflow.normalise_source(data), path)
        if result.errors:
            failed = True
            for problem in result.errors:
                click.echo(str(problem))
            continue
        d = result.definition
        count = sum(1 for _ in d.questions)
        click.echo(f'{path}: ok: "{d.id}" version {d.version}, {_counted(count, "question")}')
    click.get_current_context().exit(1 if failed else 0)


@questionnaire.command("load")
@click.argument("paths", nargs=-1, required=True)
@office_option
def load_cmd(paths: tuple[str, ...], office_code: str | None):
    """Validate questionnaire files and store each as a version (v1 before v2) of an
    office's questionnaires.

    A file with any problem stores nothing; identical content already loaded
    changes nothing.
    """
    office = chosen_office(office_code)
    failed = False
    sources = []
    for path in paths:
        data, unreadable = _read(path)
        if unreadable:
            click.echo(unreadable)
            failed = True
        else:
            sources.append((path, data))
    for result in workflow.load_sources_in_version_order(sources, office=office):
        if result.refused:
            failed = True
            for problem in result.problems:
                click.echo(str(problem))
            click.echo(result.message())
        else:
            click.echo(result.message())
    click.get_current_context().exit(1 if failed else 0)


@questionnaire.command("list")
@office_option
def list_cmd(office_code: str | None):
    """List an office's loaded versions, one a line: id, version, title, question count
    (tab-separated)."""
    versions = workflow.list_versions(office_id=office_id_of(chosen_office(office_code)))
    if not versions:
        click.echo("No questionnaires are loaded.", err=True)
    for v in versions:
        click.echo("\t".join([v.questionnaire.key, str(v.version), v.title, str(v.question_count)]))


@questionnaire.command("from-xlsx")
@click.argument("path")
@click.option("-o", "--output", "output", required=True,
              help="The YAML file to write (overwritten).")
def from_xlsx_cmd(path: str, output: str):
    """Turn an XLSForm-style workbook into questionnaire YAML, then check the YAML.

    Problems in the workbook print as PATH:SHEET!CELL: error: MESSAGE and write
    nothing; problems the YAML validator finds print as OUTPUT:LINE:COLUMN (the YAML
    is written, to be corrected there or in the workbook).
    """
    data, unreadable = _read(path)
    if unreadable:
        click.echo(unreadable)
        click.get_current_context().exit(1)
    converted = from_xlsx(data, path)
    if converted.problems:
        click.echo(converted.report())
        click.echo(f"{path}: {_counted(len(converted.problems), 'problem')}; "
                   "nothing was written")
        click.get_current_context().exit(1)
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(converted.yaml)
    result = validate(converted.yaml, output)
    for problem in result.errors:
        click.echo(str(problem))
    if result.errors:
        click.get_current_context().exit(1)
    d = result.definition
    count = sum(1 for _ in d.questions)
    click.echo(f'{output}: written from {path}: "{d.id}" version {d.version}, '
               f"{_counted(count, 'question')}")


@questionnaire.command("to-xlsx")
@click.argument("ref", metavar="KEY@VERSION")
@click.option("-o", "--output", "output", required=True,
              help="The workbook to write (overwritten).")
@office_option
def to_xlsx_cmd(ref: str, output: str, office_code: str | None):
    """Write a stored version as an XLSForm-style workbook (KEY@VERSION, for example
    cse-assurance@2), to start the next version in Excel."""
    key, _, number = ref.partition("@")
    if not key or not number.isdigit():
        raise click.BadParameter("give the questionnaire as KEY@VERSION, for example "
                                 "cse-assurance@2", param_hint="KEY@VERSION")
    office_id = office_id_of(chosen_office(office_code))
    version = workflow.get_version(key, int(number), office_id=office_id)
    if version is None:
        raise click.ClickException(f"no version {number} of \"{key}\" is stored; "
                                   "`flask --app app questionnaire list` shows what is")
    with open(output, "wb") as handle:
        handle.write(to_xlsx(version.definition))
    click.echo(f"{output}: \"{key}\" version {number} as a workbook")

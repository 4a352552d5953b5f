"""The register of actions and recommendations as a workbook of its own, and the Actions
sheet the round and trends workbooks add (one line each in ``excel_round.py`` and
``excel_trends.py``: ``actions_sheet(book, ...)``).

The rows are ``exports.rollups_actions.action_register``'s, so the sheet shows what the
register page shows for the same filters.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from .excel_base import BOLD, Book, Column, Sheet
from .rollups_actions import ActionFilters, action_register

ACTION_COLUMNS = [
    Column("Id", 7), Column("Source", 22, wrap=True), Column("Reference", 14, wrap=True),
    Column("Report", 30, wrap=True), Column("Title", 40, wrap=True),
    Column("Detail", 45, wrap=True), Column("Organisation", 24, wrap=True),
    Column("Organisation code", 10), Column("Owner", 18, wrap=True), Column("Due date", 12),
    Column("Status", 14), Column("Overdue", 9), Column("Evidence", 40, wrap=True),
    Column("Closed", 18), Column("Last changed", 18),
]


def write_actions_sheet(sheet: Sheet, filters: ActionFilters, *, today: date,
                        office_id: int | None) -> int:
    """The items matching ``filters`` as one table; returns the number of rows."""
    sheet.columns(ACTION_COLUMNS, freeze="B2")
    sheet.start_table(ACTION_COLUMNS, sheet.title)
    for r in action_register(filters, today=today, office_id=office_id):
        sheet.table_row([
            r.id, r.source_label, r.reference or None, r.report or None, r.title,
            r.detail or None, r.organisation, r.organisation_code or None, r.owner or None,
            r.due_date, r.status_label, "Overdue" if r.overdue else None, r.evidence or None,
            r.closed_at, r.updated_at])
    return sheet.end_table()


def actions_sheet(book: Book, *, office_id: int | None, round_id: int | None = None,
                  questionnaire_key: str | None = None, organisation_id: int | None = None,
                  today: date | None = None) -> int:
    """The hook for the round workbook (``round_id``: the items linked to the round) and
    the trends workbook (``questionnaire_key``, ``organisation_id``): an Actions sheet."""
    filters = ActionFilters(round_id=round_id, questionnaire_key=questionnaire_key,
                            organisation_id=organisation_id)
    return write_actions_sheet(book.sheet("Actions"), filters, today=today or date.today(),
                               office_id=office_id)


def write_register_workbook(target, *, filters: ActionFilters = ActionFilters(),
                            exported_by: str, exported_at: datetime | None = None,
                            today: date | None = None, office_id: int | None = None) -> int:
    """About (who exported it, when, the filters) and Register; returns the rows written."""
    book = Book()
    about = book.sheet("About", landscape=False)
    about.columns([24, 60], freeze=None)
    about.title_row("Register of actions and recommendations")
    about.blank()
    about.pair("Exported by", exported_by)
    about.pair("Exported at", exported_at or datetime.now(timezone.utc))
    for label, value in (("Status", filters.status), ("Source", filters.source),
                         ("Overdue only", "Yes" if filters.overdue else None)):
        if value:
            about.pair(label, value)
    about.append([about.cell("Overdue: still open or in progress after the due date.",
                             font=BOLD)])
    rows = write_actions_sheet(book.sheet("Register"), filters, today=today or date.today(),
                               office_id=office_id)
    book.save(target)
    return rows

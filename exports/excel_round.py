"""The round workbook: Cover, Answers, Ratings (coloured by RAG), Gaps, Changes.

A thin writer over the roll-ups; ``write_round_workbook`` returns the number
of answer rows written, or None when the office (``office_id``; None: the only office)
has no such round. Everything in it is of the round's office.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .excel_base import BOLD, RAG_FILLS, Book, Column, Sheet
from .excel_register import actions_sheet
from .rollups_changes import RoundChanges, round_changes
from .rollups_common import status_label
from .rollups_round import RoundAnswers, ratings_by_org, round_answers, round_gaps

ANSWER_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Response status", 16, wrap=True),
    Column("Section", 22, wrap=True), Column("Question id", 22), Column("Question", 45, wrap=True),
    Column("Answer", 60, wrap=True), Column("Rating", 8), Column("Rating label", 18),
    Column("RAG", 8), Column("Explanation", 45, wrap=True), Column("Gaps", 7),
    Column("Open gaps", 7), Column("Information after the meeting", 45, wrap=True),
    Column("Carried from last round, not yet confirmed", 14),
]
GAP_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Question id", 22),
    Column("Gap", 40, wrap=True), Column("Detail", 45, wrap=True), Column("Area", 18),
    Column("Owner", 18, wrap=True), Column("Target date", 12),
    Column("Status in this round", 12), Column("New or carried", 10),
    Column("First identified", 26, wrap=True), Column("First identified on", 12),
    Column("Rounds open", 8), Column("Update", 40, wrap=True),
    Column("Closing note", 40, wrap=True),
]
CHANGE_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Response status", 16, wrap=True),
    Column("Question id", 22), Column("Question", 45, wrap=True),
    Column("Previous round", 26, wrap=True), Column("Previous meeting date", 12),
    Column("Previous rating", 9), Column("Previous label", 18), Column("Rating", 8),
    Column("Rating label", 18), Column("Change", 10), Column("Difference", 9),
    Column("New gaps", 8), Column("Carried gaps", 8), Column("Closed gaps", 8),
]


def write_round_workbook(round_id: int, target, *, exported_by: str,
                         exported_at: datetime | None = None,
                         office_id: int | None = None) -> int | None:
    answers = round_answers(round_id, office_id=office_id)
    if answers is None:
        return None
    office_id = answers.round.office_id
    changes = round_changes(round_id, office_id=office_id)
    book = Book()
    _cover(book.sheet("Cover", landscape=False), answers, exported_by,
           exported_at or datetime.now(timezone.utc))
    rows = _answers(book.sheet("Answers"), answers)
    _ratings(book.sheet("Ratings"), answers)
    _gaps(book.sheet("Gaps"), round_id, office_id)
    _changes(book.sheet("Changes"), changes)
    actions_sheet(book, office_id=office_id, round_id=round_id)  # the register's items
    book.save(target)
    return rows


def _cover(sheet: Sheet, answers: RoundAnswers, exported_by: str, exported_at: datetime) -> None:
    r = answers.round
    sheet.columns([30, 60, 22, 20], freeze=None)
    sheet.title_row(r.title)
    for label, value in [
        ("Meeting", r.title), ("Meeting date", r.meeting_date), ("Venue", r.venue),
        ("Chair", r.chair), ("Note taker", r.note_taker), ("Round status", r.status),
        ("Questionnaire", r.questionnaire_title), ("Questionnaire id", r.questionnaire_key),
        ("Version", r.version), ("Exported at (UK time)", exported_at),
        ("Exported by", exported_by),
    ]:
        sheet.pair(label, value)
    sheet.blank()
    sheet.append([sheet.cell("Organisations and their responses", font=BOLD)])
    sheet.start_table([Column("Organisation"), Column("Response status"), Column("Submitted"),
                       Column("Accepted")], "Organisations")
    for resp in answers.responses:
        sheet.table_row([resp.organisation, resp.status_label, resp.submitted_at,
                         resp.accepted_at])
    sheet.end_table()
    if r.attendees:
        sheet.blank()
        sheet.append([sheet.cell("Attendees", font=BOLD)])
        sheet.start_table([Column("Name"), Column("Capacity")], "Attendees")
        for name, capacity in r.attendees:
            sheet.table_row([name, capacity])
        sheet.end_table()
    sheet.blank()
    sheet.pair("About the figures", "Ratings from responses that are not accepted are marked "
               "with their status. Changes compare each organisation with its latest earlier "
               "submitted or accepted response to the same questionnaire.")


def _answers(sheet: Sheet, answers: RoundAnswers) -> int:
    sheet.columns(ANSWER_COLUMNS, freeze="B2")
    sheet.start_table(ANSWER_COLUMNS, "Answers")
    for row in answers.rows:
        sheet.table_row([
            row.organisation, status_label(row.status), row.section, row.question_id, row.wording,
            row.answer, row.rating.value, row.rating.label or None,
            (row.rating.rag or "").capitalize() or None, row.explanation or None, row.gaps,
            row.gaps_open, _additions(row.additions) or None,
            "Yes" if row.from_last_round else None])
    return sheet.end_table()


def _additions(additions) -> str:
    return "\n\n".join(f"{a.at:%Y-%m-%d}{' ' + a.author if a.author else ''}:\n{a.body}"
                       for a in additions)


def _ratings(sheet: Sheet, answers: RoundAnswers) -> None:
    matrix = ratings_by_org(answers)
    orgs = [r.organisation + ("" if r.status == "accepted"
                              else f" ({status_label(r.status).lower()})")
            for r in matrix.responses]
    columns = [Column("Question id", 22), Column("Section", 20, wrap=True),
               Column("Question", 45, wrap=True)] + [Column(o, 16, wrap=True) for o in orgs]
    sheet.columns(columns, freeze="D2")
    sheet.start_table(columns, "Ratings")
    for row in matrix.rows:
        sheet.append([sheet.cell(row.question_id), sheet.cell(row.section, wrap=True),
                      sheet.cell(row.wording, wrap=True)]
                     + [sheet.cell(c.value, fill=RAG_FILLS.get(c.rag)) if c.value is not None
                        else None for c in row.cells])
    sheet.end_table()
    sheet.blank()
    sheet.append([sheet.cell("Key", font=BOLD)])
    for rag, fill in RAG_FILLS.items():
        sheet.append([sheet.cell(rag.capitalize(), fill=fill),
                      sheet.cell("Cell colour: the RAG of the rating on the question's scale")])


def _gaps(sheet: Sheet, round_id: int, office_id: int) -> None:
    sheet.columns(GAP_COLUMNS, freeze="B2")
    sheet.start_table(GAP_COLUMNS, "Gaps")
    for g in round_gaps(round_id, office_id=office_id):
        sheet.table_row([
            g.organisation, g.question_id, g.title, g.detail or None, g.area or None,
            g.owner or None, g.target_date, g.status.capitalize(),
            "Carried" if g.carried else "New", g.first_round, g.first_round_date, g.rounds_open,
            g.update or None, g.closing_note or None])
    sheet.end_table()


def _changes(sheet: Sheet, changes: RoundChanges) -> None:
    sheet.columns(CHANGE_COLUMNS, freeze="B2")
    sheet.start_table(CHANGE_COLUMNS, "Changes")
    for c in changes.rows:
        sheet.table_row([
            c.organisation, c.status_label, c.question_id, c.wording, c.previous_round or None,
            c.previous_date, c.previous.value, c.previous.label or None, c.current.value,
            c.current.label or None, c.change_label or None, c.difference, c.gaps_new,
            c.gaps_carried, c.gaps_closed])
    sheet.end_table()

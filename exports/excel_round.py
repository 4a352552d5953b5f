"""The round workbook: Cover, Answers, Ratings (organisations by rating questions,
coloured by RAG and saying it), Choices (multi-choice answers, a column per option),
After the meeting (information added, with its date and author), Gaps, Changes, Verdicts.

Every figure is as of the round's meeting: exported again after later rounds, the
workbook is the same. Each sheet has a writer of its own (``SHEETS``): a sheet is
added in one place.

A thin writer over the roll-ups; ``write_round_workbook`` returns the number
of answer rows written, or None when the office (``office_id``; None: the only office)
has no such round. Everything in it is of the round's office.
"""

from __future__ import annotations

from datetime import datetime, timezone

from forms.format.dates import excel_local, long_date
from models.status import round_long_label

from .excel_base import BOLD, RAG_FILLS, RAG_FORMATS, Book, Column, Sheet, cut_at_word
from .excel_register import actions_sheet
from .excel_verdicts import write_round_verdicts
from .rollups_changes import RoundChanges, round_changes
from .rollups_common import rating_questions, status_label
from .rollups_round import RoundAnswers, ratings_by_org, round_answers, round_gaps

ANSWER_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Response status", 16, wrap=True),
    Column("Section", 22, wrap=True), Column("Question id", 22), Column("Question", 45, wrap=True),
    Column("Answer", 60, wrap=True), Column("Rating", 8), Column("Rating label", 18),
    Column("RAG", 8), Column("Explanation", 45, wrap=True), Column("Gaps", 7),
    Column("Open gaps", 7), Column("Information after the meeting", 45, wrap=True),
    Column("Carried from last round, not yet confirmed", 14),
]
ADDITION_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Question id", 22),
    Column("Question", 45, wrap=True), Column("Added on", 12), Column("Added by", 22, wrap=True),
    Column("Information after the meeting", 70, wrap=True),
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
    book = Book(f"{answers.round.title}, {long_date(answers.round.meeting_date)}")
    _cover(book.sheet("Cover", landscape=False), answers, exported_by,
           exported_at or datetime.now(timezone.utc))
    rows = _answers(book.sheet("Answers"), answers)
    _ratings(book.sheet("Ratings"), answers)
    if any(r.options for r in answers.rows):
        _choices(book.sheet("Choices"), answers)
    _after_meeting(book.sheet("After the meeting"), answers)
    _gaps(book.sheet("Gaps"), round_id, office_id)
    _changes(book.sheet("Changes"), changes)
    write_round_verdicts(book, answers)
    actions_sheet(book, office_id=office_id, round_id=round_id)  # the register's items
    book.save(target)
    return rows


def _cover(sheet: Sheet, answers: RoundAnswers, exported_by: str, exported_at: datetime) -> None:
    r = answers.round
    sheet.columns([30, 60, 22, 20], freeze=None)
    sheet.title_row(r.title)
    for label, value in [
        ("Meeting", r.title), ("Meeting date", r.meeting_date), ("Venue", r.venue),
        ("Chair", r.chair), ("Note taker", r.note_taker),
        ("Round status", round_long_label(r.status)),
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
    sheet.pair("About the figures", "Every figure is as of this meeting: rounds open count "
               "this round and earlier meetings only, so the workbook stays the same after "
               "later rounds. Ratings from responses that are not accepted are marked with "
               "their status. Changes compare each organisation with its latest earlier "
               "submitted or accepted response to the same questionnaire.")


def _answers(sheet: Sheet, answers: RoundAnswers) -> int:
    sheet.columns(ANSWER_COLUMNS, freeze="B2")
    sheet.start_table(ANSWER_COLUMNS, "Answers")
    for row in answers.rows:
        sheet.table_row([
            row.organisation, status_label(row.status), row.section, row.question_id, row.wording,
            row.answer, row.rating.value, row.rating.label or None,
            (row.rating.rag or "").capitalize() or None, row.explanation or None, row.gaps,
            row.gaps_open, "\n\n".join(a.body for a in row.additions) or None,
            "Yes" if row.from_last_round else None])
    return sheet.end_table()


def _after_meeting(sheet: Sheet, answers: RoundAnswers) -> None:
    """One row per piece of information added after the meeting."""
    sheet.columns(ADDITION_COLUMNS, freeze="B2")
    sheet.start_table(ADDITION_COLUMNS, "After_the_meeting")
    for row in answers.rows:
        for a in row.additions:
            sheet.table_row([row.organisation, row.question_id, row.wording,
                             excel_local(a.at).date(), a.author or None, a.body])
    sheet.end_table()


def _ratings(sheet: Sheet, answers: RoundAnswers) -> None:
    """Organisations down, rating questions across (so 43 organisations are 43 rows):
    each cell the rating with its RAG in words beside the colour."""
    matrix = ratings_by_org(answers)
    columns = [Column("Organisation", 28, wrap=True), Column("Response status", 18, wrap=True)]
    columns += [Column(f"{row.question_id}: {cut_at_word(row.wording, 90)}", 18, wrap=True)
                for row in matrix.rows]
    sheet.columns(columns, freeze="C2")
    sheet.start_table(columns, "Ratings")
    for i, resp in enumerate(matrix.responses):
        cells = [row.cells[i] for row in matrix.rows]
        sheet.append([sheet.cell(resp.organisation, wrap=True),
                      sheet.cell(resp.status_label, wrap=True)]
                     + [_rating_cell(sheet, c) for c in cells],
                     lines=max(sheet.lines(0, resp.organisation),
                               sheet.lines(1, resp.status_label)))
    sheet.end_table()
    _key(sheet, answers)


def _rating_cell(sheet: Sheet, rating):
    if rating.value is None:
        return None
    return sheet.cell(rating.value, fill=RAG_FILLS.get(rating.rag),
                      number_format=RAG_FORMATS.get(rating.rag), top=True)


def _key(sheet: Sheet, answers: RoundAnswers) -> None:
    """The key, once: each scale's points with their labels and RAG (the thresholds)."""
    definition = answers.questionnaire.definition(answers.round.version_id)
    scales: dict[tuple, list[str]] = {}
    for q in rating_questions(definition):
        scales.setdefault(q.scale, []).append(q.id)
    sheet.blank()
    sheet.append([sheet.cell("Key", font=BOLD)])
    sheet.append([sheet.cell("Each rating is followed by its RAG (red, amber or green) in "
                             "words; the cell's colour shows the same RAG.")])
    for scale, ids in scales.items():
        if len(scales) > 1:
            sheet.append([sheet.cell("Scale of " + ", ".join(ids), font=BOLD)])
        sheet.append([sheet.cell(h, font=BOLD) for h in ("Rating", "Label", "RAG")])
        for point in scale:
            sheet.append([sheet.cell(point.value, top=True), sheet.cell(point.label, wrap=True),
                          sheet.cell((point.rag or "none").capitalize(),
                                     fill=RAG_FILLS.get(point.rag))],
                         lines=sheet.lines(1, point.label))


def _choices(sheet: Sheet, answers: RoundAnswers) -> None:
    """Multi-choice answers, one column per option (1 picked, 0 not), one row per
    organisation, as survey tools export them."""
    definition = answers.questionnaire.definition(answers.round.version_id)
    questions = [q for q in definition.questions if q.kind.option_cells(q, None)]
    columns = [Column("Organisation", 28, wrap=True), Column("Response status", 18, wrap=True)]
    columns += [Column(f"{q.id}: {o.label}", 14, wrap=True) for q in questions for o in q.options]
    sheet.columns(columns, freeze="C2")
    sheet.start_table(columns, "Choices")
    found = {(r.response_id, r.question_id): r.options for r in answers.rows}
    for resp in answers.responses:
        row = [resp.organisation, resp.status_label]
        for q in questions:
            row += found.get((resp.response_id, q.id)) or (None,) * len(q.options)
        sheet.table_row(row)
    sheet.end_table()


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

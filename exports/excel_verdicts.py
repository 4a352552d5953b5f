"""The verdict sheets of the workbooks: the round workbook's Verdicts sheet and the
trends workbook's "Verdicts over time". Each is one function, called by one line in
``excel_round.py`` / ``excel_trends.py``; the figures come from the same roll-ups as the
pages (``rollups_verdicts``, ``assurance_map.map_rows``), so the force's confidence and the
OPCC's verdict stay in columns of their own, with the disagreement beside them."""

from __future__ import annotations

from models.verdict_terms import RESPONSE_STATES_JUDGED, VERDICT_STATES

from .assurance_map import map_rows
from .excel_base import RAG_FILLS, Book, Column
from .rollups_common import status_label
from .rollups_verdicts import Pair, verdict_rows

VERDICT_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Response status", 16, wrap=True),
    Column("Section", 24, wrap=True), Column("Question id", 20),
    Column("Question", 40, wrap=True), Column("Force's confidence", 10),
    Column("Confidence label", 18), Column("Confidence RAG", 9), Column("OPCC verdict", 16),
    Column("Confidence and verdict", 16), Column("In words", 45, wrap=True),
    Column("Rationale", 50, wrap=True), Column("Source", 24, wrap=True),
    Column("Reference", 24, wrap=True), Column("Verdict version", 8),
    Column("Verdict status", 16), Column("Recorded", 18), Column("Recorded by", 20),
    Column("Signed off", 18), Column("Signed off by", 20),
]
OVER_TIME_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Section", 24, wrap=True),
    Column("Round", 30, wrap=True), Column("Meeting date", 12),
    Column("Force's confidence", 10), Column("Confidence label", 18),
    Column("Confidence RAG", 9), Column("OPCC verdict", 16), Column("Verdict status", 16),
    Column("Confidence and verdict", 16), Column("Open gaps", 8), Column("Overdue gaps", 8),
]


def agreement(pair: Pair) -> str:
    if pair.disagrees:
        return "Disagree"
    return "Agree" if pair.comparable else ""


def write_round_verdicts(book: Book, answers) -> int:
    """The round workbook's Verdicts sheet: each submitted response's sections (and
    questions with a verdict of their own), from the workbook's ``RoundAnswers`` and one
    query for the verdicts. Returns the rows written."""
    definition = answers.questionnaire.definition(answers.round.version_id)
    responses = [(r.response_id, r.status, r.version_id, r.organisation_id, r.organisation)
                 for r in answers.responses if r.status in RESPONSE_STATES_JUDGED]
    ratings: dict[int, dict[str, int]] = {}
    for row in answers.rows:
        if row.rating.value is not None:
            ratings.setdefault(row.response_id, {})[row.question_id] = row.rating.value
    sheet = book.sheet("Verdicts")
    sheet.columns(VERDICT_COLUMNS, freeze="B2")
    sheet.start_table(VERDICT_COLUMNS, "Verdicts")
    for r in verdict_rows(definition, responses, ratings):
        v, pair = r.verdict, r.pair
        sheet.table_row([
            r.organisation, status_label(r.response_status), r.section, r.question_id or None,
            r.question or None, pair.confidence.value, pair.confidence.label or None,
            (pair.confidence.rag or "").capitalize() or None, pair.verdict_label or None,
            agreement(pair) or None, pair.sentence, v.rationale if v else None,
            v.source_label if v else None, (v.reference or None) if v else None,
            v.version if v else None, _state(v.status) if v else None,
            v.recorded_at if v else None, (v.recorded_by or None) if v else None,
            v.signed_off_at if v else None, (v.signed_off_by or None) if v else None])
    return sheet.end_table()


def write_verdicts_over_time(book: Book, info, filters) -> int:
    """The trends workbook's "Verdicts over time": each organisation's sections by meeting,
    the force's confidence beside the OPCC's verdict (``filters``: the workbook's
    TrendFilters, organisation and dates). Returns the rows written."""
    _, rows, _ = map_rows(info, organisation_id=filters.organisation_id,
                          count_actions=False)  # the sheet shows no action counts
    start, end = filters.date_from, filters.date_to
    sheet = book.sheet("Verdicts over time")
    sheet.columns(OVER_TIME_COLUMNS, freeze="C2")
    sheet.start_table(OVER_TIME_COLUMNS, "Verdicts_over_time")
    for row in rows:
        for cell in row.cells:
            day = cell.meeting.meeting_date
            if cell.pair is None or (start and day < start) or (end and day > end):
                continue
            c = cell.pair.confidence
            sheet.append([
                sheet.cell(row.organisation, wrap=True), sheet.cell(row.section, wrap=True),
                sheet.cell(cell.meeting.title, wrap=True), sheet.cell(cell.meeting.meeting_date),
                sheet.cell(c.value, fill=RAG_FILLS.get(c.rag)), sheet.cell(c.label or None),
                sheet.cell((c.rag or "").capitalize() or None),
                sheet.cell(cell.pair.verdict_label or None),
                sheet.cell(_state(cell.verdict_status) if cell.verdict_status else None),
                sheet.cell(agreement(cell.pair) or None), sheet.cell(cell.gaps_open),
                sheet.cell(cell.gaps_overdue)])
    return sheet.end_table()


def _state(status: str) -> str:
    entry = VERDICT_STATES.get(status)
    return entry.label if entry else status


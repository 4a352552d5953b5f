"""The trends workbook: About (what is in it, with the real meeting dates); Data, a long
table ready for a pivot table (one row per round, organisation and question, ratings and
number answers); Questions (each trend's wording, earlier wordings and scale); the gap
register; and for each organisation a sheet of its rounds by rating questions with one
line chart per question.

Streams: organisations arrive one at a time from ``iter_trends`` and every
sheet is written as it goes (openpyxl write-only mode), so memory holds one
organisation's figures whatever the size of the history. Everything in it is of one
office: the questionnaire's (``office_id``; None: the only office). Each sheet has a
writer of its own: a sheet is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from forms.format.dates import long_date

from .excel_base import Book, Column, Sheet, cut_at_word
from .excel_charts import question_chart, scale_text
from .excel_register import actions_sheet
from .excel_verdicts import write_verdicts_over_time
from .rollups_common import QuestionnaireInfo, questionnaire_info, status_label
from .rollups_gaps import GapFilters, iter_gap_register
from .rollups_trends import OrgTrends, TrendFilters, TrendPoint, TrendSeries, iter_trends

DATA_COLUMNS = [
    Column("Round id", 8), Column("Round", 28), Column("Meeting date", 12),
    Column("Organisation", 26), Column("Organisation code", 12), Column("Version", 8),
    Column("Response status", 18), Column("Section", 22), Column("Themes", 18),
    Column("Question id", 22),
    # Not wrapped: one line per row suits a table for pivoting, and wrapping 20,000 cells
    # cost a third of the workbook's time at national scale (bench/bench_export.py).
    Column("Trend question id", 22), Column("Question", 50),
    Column("Wording changed", 9), Column("Rating", 8), Column("Rating label", 18),
    Column("RAG", 8), Column("Number", 10),
]
QUESTION_COLUMNS = [
    Column("Trend question id", 22), Column("Question", 60, wrap=True),
    Column("Type", 10), Column("Scale (what the numbers mean)", 40, wrap=True),
    Column("Earlier wording", 60, wrap=True),
]
GAP_COLUMNS = [
    Column("Organisation", 24, wrap=True), Column("Questionnaire", 24, wrap=True),
    Column("Question id", 22), Column("Question", 40, wrap=True), Column("Gap", 40, wrap=True),
    Column("Area", 18), Column("Owner", 18, wrap=True), Column("Target date", 12),
    Column("Status", 9), Column("First identified", 26, wrap=True),
    Column("First identified on", 12), Column("Rounds open", 8),
    Column("Closed in", 26, wrap=True), Column("Closing note", 40, wrap=True),
]
GAP_BATCH = 200  # gap rows fetched at a time: memory stays flat however long the register

ROUND_COLUMNS = [Column("Round", 30, wrap=True), Column("Meeting date", 12),
                 Column("Version", 8), Column("Response status", 18, wrap=True)]
CHART_ROWS = 18  # rows between one chart's top and the next (a chart is 8 cm tall)


@dataclass
class _Span:
    """The meetings the workbook holds, found as it streams."""

    first: date | None = None
    last: date | None = None

    def add(self, day: date) -> None:
        self.first = day if self.first is None or day < self.first else self.first
        self.last = day if self.last is None or day > self.last else self.last


def write_trends_workbook(key: str, target, *, filters: TrendFilters = TrendFilters(),
                          exported_by: str, exported_at: datetime | None = None,
                          office_id: int | None = None, verdicts: bool = True) -> int | None:
    """Returns the rows of the long table, or None when the office has no such
    questionnaire. ``verdicts``: with the OPCC's verdicts over time (not for readers who
    may not see them)."""
    info = questionnaire_info(key=key, office_id=office_id)
    if info is None:
        return None
    book = Book(f"Trends: {info.title}")
    about = book.sheet("About", landscape=False)
    data = book.sheet("Data")
    _questions(book.sheet("Questions"), info)
    gaps = book.sheet("Gap register")
    data.columns(DATA_COLUMNS, freeze="A2")
    data.start_table(DATA_COLUMNS, "Data")
    organisations, span = 0, _Span()
    for trends in iter_trends(info, filters):
        organisations += 1
        for rnd in trends.rounds:
            span.add(rnd.meeting_date)
        write_org_sheet(book.sheet(trends.organisation), trends)
        _data_rows(data, trends)
    rows = data.end_table()
    _gap_register(gaps, GapFilters(organisation_id=filters.organisation_id, questionnaire_key=key),
                  info.office_id)
    if verdicts:
        write_verdicts_over_time(book, info, filters)
    _about(about, info, filters, span, exported_by, exported_at or datetime.now(timezone.utc),
           organisations, rows)
    actions_sheet(book, office_id=info.office_id, questionnaire_key=key,  # the register's
                  organisation_id=filters.organisation_id)
    book.save(target)
    return rows


def _meetings(filters: TrendFilters, span: _Span) -> str:
    first, last = filters.date_from or span.first, filters.date_to or span.last
    if first is None or last is None:
        return "No meetings"
    if first == last:
        return f"The meeting of {long_date(first)}"
    return f"Meetings from {long_date(first)} to {long_date(last)}"


def _about(sheet: Sheet, info: QuestionnaireInfo, filters: TrendFilters, span: _Span,
           exported_by: str, exported_at: datetime, organisations: int, rows: int) -> None:
    sheet.columns([30, 80], freeze=None)
    sheet.title_row(f"Trends: {info.title}")
    for label, value in [
        ("Meetings", _meetings(filters, span)),
        ("Questionnaire", info.title), ("Questionnaire id", info.key),
        ("Versions", ", ".join(str(v) for v in sorted(info.version_numbers.values()))),
        ("Meetings from", filters.date_from or span.first),
        ("Meetings to", filters.date_to or span.last),
        ("Organisations", organisations), ("Figures (rows of the Data sheet)", rows),
        ("Exported at (UK time)", exported_at), ("Exported by", exported_by),
        ("Response status", "Only submitted and accepted responses give a rating or a number. "
         "A round whose response is a draft or was returned is listed with its status and no "
         "figure, and left out of the charts."),
        ("Ratings", "Each rating is a point of the question's scale: the Questions sheet "
         "says what each number means, and the Data sheet gives its label and RAG."),
        ("Wording changed", "Questions are followed across versions by their id and by "
         "'replaces'. Where a question's wording differs from the previous round, the round "
         "is marked in the 'Wording changed' column."),
        ("Data sheet", "One row per round, organisation and question (rating and number "
         "questions): round id, organisation code and question id together are unique."),
    ]:
        sheet.pair(label, value)


def _questions(sheet: Sheet, info: QuestionnaireInfo) -> None:
    """Each trend (rating and number questions): its newest wording, scale and the
    wordings it had before."""
    sheet.columns(QUESTION_COLUMNS, freeze="B2")
    sheet.start_table(QUESTION_COLUMNS, "Questions")
    lineage, earlier = info.lineage, _earlier_wordings(info)
    keys = lineage.ordered(lineage.key(q.id) for d in lineage.definitions for q in d.questions
                           if q.kind.is_rating or q.kind.is_figure)
    for key in keys:
        q = lineage.latest_question(key)
        sheet.table_row([key, q.question, q.type, scale_text(q.scale) or None,
                         "\n".join(earlier.get(key, ())) or None])
    sheet.end_table()


def _earlier_wordings(info: QuestionnaireInfo) -> dict[str, list[str]]:
    lineage, found = info.lineage, {}
    for d in lineage.definitions:
        for q in d.questions:
            key = lineage.key(q.id)
            newest = lineage.latest_question(key)
            if newest is not None and q.question != newest.question:
                line = f"{q.id} (version {d.version}): {q.question}"
                if line not in found.setdefault(key, []):
                    found[key].append(line)
    return found


def _data_rows(sheet: Sheet, trends: OrgTrends) -> None:
    append = sheet.table_row
    org, code = trends.organisation, trends.code or None
    for s in trends.series + trends.figures:
        for p in s.points:
            r = p.round
            append([r.round_id, r.title, r.meeting_date, org, code, r.version,
                    status_label(r.status), p.section or None, ", ".join(p.themes) or None,
                    p.question_id, s.key, p.wording, "Yes" if p.wording_changed else "No",
                    p.rating.value, p.rating.label or None,
                    (p.rating.rag or "").capitalize() or None, p.number])


def write_org_sheet(sheet: Sheet, trends: OrgTrends) -> None:
    """Rounds down, rating questions across; then the rounds with a submitted response
    (the charts' figures) and one chart per question, by meeting date."""
    series = trends.series
    columns = (ROUND_COLUMNS + [Column(s.key, 12) for s in series]
               + [Column("Wording changed", 30, wrap=True)])
    sheet.columns(columns, freeze="B2")
    sheet.start_table(columns, f"org_{trends.organisation_id}")
    points = {(p.round.round_id, s.key): p for s in series for p in s.points}
    for rnd in trends.rounds:
        row = [points.get((rnd.round_id, s.key)) for s in series]
        changed = [s.key for s, p in zip(series, row) if p is not None and p.wording_changed]
        sheet.table_row([rnd.title, rnd.meeting_date, rnd.version, rnd.status_label]
                        + [p.value if p is not None else None for p in row]
                        + [", ".join(changed) or None])
    sheet.end_table()
    if series:
        _charts(sheet, trends, points)


def _charts(sheet: Sheet, trends: OrgTrends, points: dict[tuple[int, str], TrendPoint]) -> None:
    """The charts' figures (rounds with a submitted or accepted response only), then one
    chart per rating question below them."""
    counted = [r for r in trends.rounds if r.counted]
    sheet.blank()
    sheet.append([sheet.cell("Charted: the rounds with a submitted or accepted response. "
                             "Ratings are points of each question's scale (see the Questions "
                             "sheet).", wrap=False)])
    # The same columns as the rounds above, so each question stays in its column.
    columns = ROUND_COLUMNS + [Column(s.key) for s in trends.series]
    sheet.start_table(columns, f"charted_{trends.organisation_id}")
    header = sheet.row
    for rnd in counted:
        sheet.table_row([rnd.title, rnd.meeting_date, rnd.version, rnd.status_label] + [
            _value(points.get((rnd.round_id, s.key))) for s in trends.series])
    n = sheet.end_table()
    if not counted:
        return
    top, first = sheet.row + 2, len(ROUND_COLUMNS) + 1
    for i, s in enumerate(trends.series):
        chart = question_chart(sheet.ws, s, _legend(s), header=header, rows=n, column=first + i)
        sheet.ws.add_chart(chart, f"A{top + i * CHART_ROWS}")


def _value(point: TrendPoint | None):
    return point.value if point is not None else None


def _legend(s: TrendSeries) -> str:
    return cut_at_word(s.wording, 70) + ("…" if len(s.wording) > 70 else "")


def _gap_register(sheet: Sheet, filters: GapFilters, office_id: int) -> None:
    sheet.columns(GAP_COLUMNS, freeze="B2")
    sheet.start_table(GAP_COLUMNS, "Gap_register")
    for g in iter_gap_register(filters, batch=GAP_BATCH, office_id=office_id):
        sheet.table_row([
            g.organisation, g.questionnaire, g.question_id, g.question or None, g.title,
            g.area or None, g.owner or None, g.target_date, g.status.capitalize(), g.first_round,
            g.first_round_date, g.rounds_open, g.closed_round or None, g.closing_note or None])
    sheet.end_table()

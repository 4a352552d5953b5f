"""The trends workbook: for each organisation a sheet of rating questions by
rounds with a native Excel line chart; a long table ready for a pivot table;
the gap register with rounds open.

Streams: organisations arrive one at a time from ``iter_trends`` and every
sheet is written as it goes (openpyxl write-only mode), so memory holds one
organisation's figures whatever the size of the history. Everything in it is of one
office: the questionnaire's (``office_id``; None: the only office).
"""

from __future__ import annotations

from datetime import datetime, timezone

from openpyxl.chart import LineChart, Reference

from .excel_base import Book, Column, Sheet
from .excel_register import actions_sheet
from .rollups_common import QuestionnaireInfo, questionnaire_info, status_label
from .rollups_gaps import GapFilters, iter_gap_register
from .rollups_trends import OrgTrends, TrendFilters, iter_trends

DATA_COLUMNS = [
    Column("Round", 28), Column("Meeting date", 12), Column("Organisation", 26),
    Column("Version", 8), Column("Response status", 18), Column("Question id", 22),
    # Not wrapped: one line per row suits a table for pivoting, and wrapping 20,000 cells
    # cost a third of the workbook's time at national scale (bench/bench_export.py).
    Column("Trend question id", 22), Column("Question", 50),
    Column("Wording changed", 9), Column("Rating", 8), Column("Rating label", 18),
    Column("RAG", 8),
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


def write_trends_workbook(key: str, target, *, filters: TrendFilters = TrendFilters(),
                          exported_by: str, exported_at: datetime | None = None,
                          office_id: int | None = None) -> int | None:
    """Returns the rows of the long table, or None when the office has no such
    questionnaire."""
    info = questionnaire_info(key=key, office_id=office_id)
    if info is None:
        return None
    book = Book()
    about = book.sheet("About", landscape=False)
    data, gaps = book.sheet("Data"), book.sheet("Gap register")
    data.columns(DATA_COLUMNS, freeze="A2")
    data.start_table(DATA_COLUMNS, "Data")
    organisations = 0
    for trends in iter_trends(info, filters):
        organisations += 1
        write_org_sheet(book.sheet(trends.organisation), trends)
        _data_rows(data, trends)
    rows = data.end_table()
    _gap_register(gaps, GapFilters(organisation_id=filters.organisation_id, questionnaire_key=key),
                  info.office_id)
    _about(about, info, filters, exported_by, exported_at or datetime.now(timezone.utc),
           organisations, rows)
    actions_sheet(book, office_id=info.office_id, questionnaire_key=key,  # the register's
                  organisation_id=filters.organisation_id)
    book.save(target)
    return rows


def _about(sheet: Sheet, info: QuestionnaireInfo, filters: TrendFilters, exported_by: str,
           exported_at: datetime, organisations: int, rows: int) -> None:
    sheet.columns([30, 80], freeze=None)
    sheet.title_row(f"Trends: {info.title}")
    for label, value in [
        ("Questionnaire", info.title), ("Questionnaire id", info.key),
        ("Versions", ", ".join(str(v) for v in sorted(info.version_numbers.values()))),
        ("Meetings from", filters.date_from or "the first"),
        ("Meetings to", filters.date_to or "the latest"),
        ("Organisations", organisations), ("Figures (rows of the Data sheet)", rows),
        ("Exported at (UK time)", exported_at), ("Exported by", exported_by),
        ("Response status", "Only submitted and accepted responses give a rating. A round "
         "whose response is a draft or was returned is listed with its status and no rating."),
        ("Wording changed", "Questions are followed across versions by their id and by "
         "'replaces'. Where a question's wording differs from the previous round, the round "
         "is marked in the 'Wording changed' column."),
    ]:
        sheet.pair(label, value)


def _data_rows(sheet: Sheet, trends: OrgTrends) -> None:
    append = sheet.table_row
    for s in trends.series:
        for p in s.points:
            r = p.round
            append([r.title, r.meeting_date, trends.organisation, r.version,
                    status_label(r.status), p.question_id, s.key, p.wording,
                    "Yes" if p.wording_changed else "No", p.rating.value, p.rating.label or None,
                    (p.rating.rag or "").capitalize() or None])


def write_org_sheet(sheet: Sheet, trends: OrgTrends) -> None:
    """Rounds down, rating questions across, then a key to the questions and a chart."""
    series = trends.series
    columns = (ROUND_COLUMNS + [Column(s.key, 12) for s in series]
               + [Column("Wording changed", 30, wrap=True)])
    sheet.columns(columns, freeze="B2")
    sheet.start_table(columns, f"org_{trends.organisation_id}")
    header_row = sheet.row
    points = {(p.round.round_id, s.key): p for s in series for p in s.points}
    for rnd in trends.rounds:
        row = [points.get((rnd.round_id, s.key)) for s in series]
        changed = [s.key for s, p in zip(series, row) if p is not None and p.wording_changed]
        sheet.table_row([rnd.title, rnd.meeting_date, rnd.version, rnd.status_label]
                        + [p.value if p is not None else None for p in row]
                        + [", ".join(changed) or None])
    n = sheet.end_table()
    sheet.blank()
    sheet.start_table([Column("Question id"), Column("Question"), Column("Earlier wording")],
                      f"questions_{trends.organisation_id}")
    for s in series:
        earlier = _earlier_wording(s)
        sheet.table_row([s.key, s.wording, earlier or None])
    sheet.end_table()
    if series:
        _chart(sheet, trends, header_row, n, len(ROUND_COLUMNS) + 1, sheet.row + 2)


def _earlier_wording(series) -> str:
    lines, last = [], None
    for p in series.points:
        if p.wording != series.wording and p.wording != last:
            lines.append(f"{p.question_id} (from {p.round.meeting_date:%Y-%m-%d}): {p.wording}")
        last = p.wording
    return "\n".join(lines)


def _chart(sheet: Sheet, trends: OrgTrends, header_row: int, n: int, first_col: int,
           anchor_row: int) -> None:
    chart = LineChart()
    chart.title = f"Ratings: {trends.organisation}"[:250]
    chart.y_axis.title, chart.x_axis.title = "Rating", "Round"
    values = [p.value for s in trends.series for p in s.scale]
    if values:
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = min(values), max(values)
        chart.y_axis.majorUnit = 1
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.height, chart.width = 10, 24
    ws = sheet.ws
    data = Reference(ws, min_col=first_col, max_col=first_col + len(trends.series) - 1,
                     min_row=header_row, max_row=header_row + n)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=header_row + n))
    ws.add_chart(chart, f"A{anchor_row}")


def _gap_register(sheet: Sheet, filters: GapFilters, office_id: int) -> None:
    sheet.columns(GAP_COLUMNS, freeze="B2")
    sheet.start_table(GAP_COLUMNS, "Gap_register")
    for g in iter_gap_register(filters, batch=GAP_BATCH, office_id=office_id):
        sheet.table_row([
            g.organisation, g.questionnaire, g.question_id, g.question or None, g.title,
            g.area or None, g.owner or None, g.target_date, g.status.capitalize(), g.first_round,
            g.first_round_date, g.rounds_open, g.closed_round or None, g.closing_note or None])
    sheet.end_table()

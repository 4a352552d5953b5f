"""The trends workbook's charts: one line chart per rating question, by meeting date.

Chosen by rendering the national history (40 rounds, 12 rating questions) with
LibreOffice: twelve lines in one chart cross and hide each other, while one chart per
question stays readable with forty meetings. Each chart has a date axis (rounds with
the same title are told apart by their meeting), markers on every point and straight
lines between them (no smoothing: a curve would show values never given), the
question's wording in the legend, and the scale's ends on the vertical axis's title;
rounds without a submitted response are not in its figures.
"""

from __future__ import annotations

from functools import lru_cache

from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import DateAxis
from openpyxl.chart.marker import Marker
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.chart.title import Title, title_maker
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties

from .excel_base import FONT_NAME, cut_at_word
from .rollups_trends import TrendSeries

LINE_COLOUR = "1D70B8"  # GOV.UK blue
DATE_FORMAT = "mmm yyyy"  # short histories; a long one is labelled by year


def scale_text(scale) -> str:
    """What a scale's numbers mean, one point a line: "1 Not confident (red)"."""
    return "\n".join(f"{p.value} {p.label}" + (f" ({p.rag})" if p.rag else "") for p in scale)


def _axis_title(scale) -> str:
    if not scale:
        return "Rating"
    low, high = scale[0], scale[-1]
    return cut_at_word(f"Rating: {low.value} {low.label} to {high.value} {high.label}", 90)


def question_chart(ws, series: TrendSeries, legend: str, *, header: int, rows: int,
                   column: int) -> LineChart:
    """A chart of one question's ratings: the values in ``column`` of the ``rows`` rows
    below ``header``, the meeting dates in column 2."""
    chart = LineChart()
    chart.title = _title(f"{series.key}: rating by meeting date")
    chart.height, chart.width = 8, 18
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.title, chart.x_axis.axPos = _axis_title_text("Meeting date"), "b"
    _date_ticks(chart.x_axis, [p.round.meeting_date for p in series.points if p.round.counted])
    chart.y_axis.crossAx = 500
    chart.y_axis.title = _axis_title_text(_axis_title(series.scale))
    values = [p.value for p in series.scale]
    if values:
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = min(values), max(values)
        chart.y_axis.majorUnit = 1
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.display_blanks = "gap"
    chart.legend.position = "b"
    chart.add_data(Reference(ws, min_col=column, min_row=header + 1, max_row=header + rows),
                   titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=2, min_row=header + 1, max_row=header + rows))
    line = chart.series[0]
    line.tx = SeriesLabel(v=legend)
    line.smooth = False
    line.marker, line.graphicalProperties.line = _MARKER, _LINE
    chart.x_axis.txPr = chart.y_axis.txPr = chart.legend.txPr = _SMALL_TEXT
    return chart


def _date_ticks(axis: DateAxis, dates) -> None:
    """A label a year apart over long histories ("2016"), else by quarter or month."""
    months = (max(dates) - min(dates)).days / 30.4 if dates else 0
    if months > 36:
        axis.number_format, axis.majorUnit = "yyyy", 12
    elif months > 12:
        axis.number_format, axis.majorUnit = DATE_FORMAT, 3
    else:
        axis.number_format, axis.majorUnit = DATE_FORMAT, 1
    axis.majorTimeUnit = "months"


def _text_props(size: int, bold: bool = False) -> CharacterProperties:
    return CharacterProperties(latin=Font(typeface=FONT_NAME), sz=size, b=bold)


# What every chart has alike is made once and shared (openpyxl only reads it to write
# the chart): building it per chart was half the charts' time.
_MARKER = Marker(symbol="circle", size=7)
_MARKER.graphicalProperties = GraphicalProperties(solidFill=LINE_COLOUR)
_MARKER.graphicalProperties.line.solidFill = LINE_COLOUR
_LINE = LineProperties(solidFill=LINE_COLOUR, w=22225)
_TITLE_TEXT = _text_props(1100, bold=True)
_TITLE_PARAGRAPH = ParagraphProperties(defRPr=_TITLE_TEXT)
# The workbook's one font for the charts' text too (axes and legend).
_SMALL = _text_props(900)
_SMALL_TEXT = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=_SMALL), endParaRPr=_SMALL)])


@lru_cache(maxsize=64)
def _axis_title_text(text: str) -> Title:
    """An axis's title, as openpyxl makes it from the text (charts share them)."""
    return title_maker(text)


def _title(text: str) -> Title:
    title = title_maker(cut_at_word(text, 250))
    for paragraph in title.tx.rich.p:
        paragraph.pPr = _TITLE_PARAGRAPH
        for run in paragraph.r or ():
            run.rPr = _TITLE_TEXT
    return title

"""Meeting notes as a Word document (python-docx).

Headings use Word's own styles (Title, Heading 1) so that the navigation
pane and screen readers find them; the attendance is a real table with a
header row repeated on each page; bullet lists use the "List Bullet" style.
After the questions come the OPCC's verdicts (where shown) and "Actions agreed",
each a Heading 1, then the closing paragraph. Headings and labels ("Response:",
"Identified gaps:") are kept with the paragraph that follows them; information
provided after the meeting, and any block the note taker marked italic, is in italic
runs, as in the HTML.
The page, footer and package are set up by ``exports.docx_base``: A4, "Page
X of Y", the office as author, no template leftovers.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .docx_base import DocumentFacts, prepare
from .notes import Block, MeetingNotes, ResponsePart

BLACK = RGBColor(0x0B, 0x0C, 0x0C)
BULLET_STYLE = "List Bullet"
DEFAULT_AUTHOR = "Office of the Police and Crime Commissioner"


def render_docx(notes: MeetingNotes) -> bytes:
    doc = Document()
    _set_up(doc, notes)
    _heading(doc, notes.title, level=0)
    for line in notes.notices:
        doc.add_paragraph().add_run(line).bold = True
    for label, value in (("Date", notes.date_text), ("Chair", notes.chair),
                         ("Note taker", notes.note_taker), ("Venue", notes.venue)):
        _labelled(doc, f"{label}: ", value)
    _attendance(doc, notes)
    _heading(doc, "Purpose", level=1)
    _blocks(doc, notes.purpose)
    for item in notes.items:
        _heading(doc, item.heading, level=1)
        for part in item.responses:
            _response(doc, part)
    _verdicts(doc, notes)
    if notes.actions:
        _heading(doc, "Actions agreed", level=1)
        for action in notes.actions:
            doc.add_paragraph(action.text, style=BULLET_STYLE)
    _blocks(doc, notes.closing)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_up(doc, notes: MeetingNotes) -> None:
    prepare(doc, DocumentFacts(title=notes.title, subject=notes.topic,
                               author=notes.office or DEFAULT_AUTHOR))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    _language(normal, "en-GB")
    for name, size in (("Title", 18), ("Heading 1", 13)):
        style = doc.styles[name]
        style.font.name = "Arial"
        _no_theme_font(style)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BLACK
        style.paragraph_format.keep_with_next = True


def _no_theme_font(style) -> None:
    """The template's headings name theme fonts (Calibri Light), which win over
    the font named: drop them so that headings are in Arial too."""
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for key in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        if fonts is not None and fonts.get(qn(f"w:{key}")) is not None:
            del fonts.attrib[qn(f"w:{key}")]


def _language(style, tag: str) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _heading(doc, text: str, *, level: int):
    paragraph = doc.add_heading(text, level=level)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _label(doc, text: str):
    """A bold label ("Response:") that stays on the page of what it introduces."""
    paragraph = doc.add_paragraph()
    paragraph.add_run(text).bold = True
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _labelled(doc, label: str, value: str):
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)
    return paragraph


def _attendance(doc, notes: MeetingNotes) -> None:
    _heading(doc, "Attendance", level=1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, text in zip(header.cells, ("Name", "Capacity")):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(header)
    for name, capacity in notes.attendees:
        cells = table.add_row().cells
        cells[0].text = name
        cells[1].text = capacity


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _response(doc, part: ResponsePart) -> None:
    _label(doc, part.label)
    if part.rating:
        _labelled(doc, "Rating: ", part.rating).paragraph_format.keep_with_next = True
    _blocks(doc, part.blocks)
    if part.gaps:
        if part.gaps_label:
            _label(doc, part.gaps_label)
        for gap in part.gaps:
            doc.add_paragraph(gap.text, style=BULLET_STYLE)
    _blocks(doc, part.after)


def _verdicts(doc, notes: MeetingNotes) -> None:
    if not notes.verdicts:
        return
    _heading(doc, "Verdicts", level=1)
    several = len(notes.organisations) > 1
    for verdict in notes.verdicts:
        _label(doc, verdict.section + (f" ({verdict.organisation})" if several else "") + ":")
        doc.add_paragraph(verdict.text)


def _blocks(doc, blocks: tuple[Block, ...], *, italic: bool = False) -> None:
    for block in blocks:
        slanted = italic or block.italic
        if block.kind == "list":
            for item in block.items:
                doc.add_paragraph(style=BULLET_STYLE).add_run(item).italic = slanted or None
        else:
            doc.add_paragraph().add_run(block.text).italic = slanted or None

"""Meeting notes as a Word document (python-docx).

Headings use Word's own styles (Title, Heading 1) so that the navigation
pane and screen readers find them; the attendance is a real table with a
header row repeated on each page; bullet lists use the "List Bullet" style.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from .notes import Block, MeetingNotes, ResponsePart

BLACK = RGBColor(0x0B, 0x0C, 0x0C)
BULLET_STYLE = "List Bullet"


def render_docx(notes: MeetingNotes) -> bytes:
    doc = Document()
    _set_up(doc, notes)
    doc.add_heading(notes.title, level=0)
    for line in notes.notices:
        doc.add_paragraph().add_run(line).bold = True
    for label, value in (("Date", notes.date_text), ("Chair", notes.chair),
                         ("Note taker", notes.note_taker), ("Venue", notes.venue)):
        _labelled(doc, f"{label}: ", value)
    _attendance(doc, notes)
    doc.add_heading("Purpose", level=1)
    _blocks(doc, notes.purpose)
    for item in notes.items:
        doc.add_heading(item.heading, level=1)
        for part in item.responses:
            _response(doc, part)
    _blocks(doc, notes.closing)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_up(doc, notes: MeetingNotes) -> None:
    props = doc.core_properties
    props.title = notes.title
    props.subject = notes.topic
    props.author = "Office of the Police and Crime Commissioner"
    props.language = "en-GB"
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    _language(normal, "en-GB")
    for name, size in (("Title", 18), ("Heading 1", 13)):
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = BLACK


def _language(style, tag: str) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _labelled(doc, label: str, value: str):
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)
    return paragraph


def _attendance(doc, notes: MeetingNotes) -> None:
    doc.add_heading("Attendance", level=1)
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
    doc.add_paragraph().add_run(part.label).bold = True
    if part.rating:
        _labelled(doc, "Rating: ", part.rating)
    _blocks(doc, part.blocks)
    if part.gaps:
        if part.gaps_label:
            doc.add_paragraph().add_run(part.gaps_label).bold = True
        for gap in part.gaps:
            doc.add_paragraph(gap.text, style=BULLET_STYLE)
    _blocks(doc, part.after)


def _blocks(doc, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if block.kind == "list":
            for item in block.items:
                doc.add_paragraph(item, style=BULLET_STYLE)
        else:
            doc.add_paragraph().add_run(block.text).italic = block.italic or None

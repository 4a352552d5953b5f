"""The PCC's response to an HMICFRS report as a Word document (python-docx), in the way
of the meeting notes: Word's own heading styles, so the navigation pane and screen
readers find them."""

from __future__ import annotations

from io import BytesIO

from docx import Document

from .hmicfrs_response import ResponseDocument, paragraphs


def render_docx(document: ResponseDocument) -> bytes:
    doc = Document()
    doc.core_properties.title = document.title
    doc.core_properties.language = "en-GB"
    doc.add_heading(document.title, level=0)
    if document.draft:
        doc.add_paragraph().add_run("Draft: not yet published").bold = True
    for label, value in (("Report", document.report_title), ("Force", document.force),
                         ("Published by HMICFRS", document.published),
                         ("Response due", document.due), ("Report link", document.url)):
        if value:
            para = doc.add_paragraph()
            para.add_run(f"{label}: ").bold = True
            para.add_run(value)
    doc.add_heading("The Commissioner's response", level=1)
    for text in paragraphs(document.intro):
        doc.add_paragraph(text)
    if document.cc_comments:
        doc.add_heading("The Chief Constable's comments", level=1)
        for text in paragraphs(document.cc_comments):
            doc.add_paragraph(text)
    for heading, items in document.groups:
        doc.add_heading(heading, level=1)
        for item in items:
            doc.add_heading(" ".join(p for p in (item.reference, item.title) if p), level=2)
            for text in paragraphs(item.detail):
                doc.add_paragraph(text)
            para = doc.add_paragraph()
            para.add_run("The Commissioner's comment: ").bold = True
            para.add_run(item.comment or "No comment yet.")
            para = doc.add_paragraph()
            para.add_run("Status on the register: ").bold = True
            para.add_run(item.status)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()

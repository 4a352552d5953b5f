"""The Word notes (and the italics of the HTML) as a reader's Word or LibreOffice opens them: A4 with 25 mm
margins, "Page X of Y" in the footer, the notes' title, subject and the
office as author, created now, none of python-docx's template leftovers
(2013 dates, "python-docx", Word 2010 compatibility mode, the thumbnail),
headings and labels kept with what follows, post-meeting information in
italics. Read back with python-docx and zipfile."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime, timedelta
from io import BytesIO

import docx
import pytest

from exports.notes import Block, meeting_notes
from exports.notes_docx import render_docx
from exports.notes_html import render_html
from models import Office, Round, db
from tests.exports.notes_seed import build_seed_round
from tests.helpers import check_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def seed_docx(app) -> bytes:
    return render_docx(meeting_notes(build_seed_round()))


def test_a4_with_margins(seed_docx):
    [section] = docx.Document(BytesIO(seed_docx)).sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.left_margin, section.right_margin, section.top_margin,
               section.bottom_margin)
    assert {round(m.mm) for m in margins} == {25}


def test_footer_numbers_the_pages_with_word_fields(seed_docx):
    footer = docx.Document(BytesIO(seed_docx)).sections[0].footer
    assert not footer.is_linked_to_previous
    [paragraph] = footer.paragraphs
    fields = [t.text.split()[0] for t in paragraph._p.iter(f"{W}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
    kinds = [c.get(f"{W}fldCharType") for c in paragraph._p.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"] * 2
    assert re.fullmatch(r"Page \d+ of \d+", paragraph.text)


def test_properties_are_the_notes_and_the_office(app, history):
    before = datetime.now(UTC).replace(microsecond=0)
    notes = meeting_notes(history.r1)
    props = docx.Document(BytesIO(render_docx(notes))).core_properties
    office = db.session.get(Office, history.r1.office_id)
    assert office.name == "Test Office of the PCC"
    assert (props.title, props.subject, props.author, props.last_modified_by) == (
        "Assurance Meeting to Discuss Spring 2020 meeting – Meeting Notes",
        "Spring 2020 meeting", office.name, office.name)
    assert props.language == "en-GB"
    assert props.comments == "" and props.keywords == ""
    for stamp in (props.created, props.modified):
        assert before <= stamp.replace(tzinfo=stamp.tzinfo or UTC) <= before + timedelta(minutes=5)


def test_no_template_leftovers(seed_docx):
    package = zipfile.ZipFile(BytesIO(seed_docx))
    names = package.namelist()
    assert not [n for n in names if "thumbnail" in n]
    assert "thumbnail" not in package.read("_rels/.rels").decode()
    everything = " ".join(package.read(n).decode("utf-8", "replace") for n in names)
    assert "python-docx" not in everything
    assert "2013-12-23" not in everything
    assert "Macintosh" not in everything
    settings = package.read("word/settings.xml").decode()
    [mode] = re.findall(r'w:name="compatibilityMode"[^>]*w:val="(\d+)"', settings)
    assert mode == "15"
    assert "savePreviewPicture" not in settings


def _keeps(paragraph) -> bool:
    own = paragraph.paragraph_format.keep_with_next
    return own if own is not None else bool(paragraph.style.paragraph_format.keep_with_next)


def test_headings_and_labels_stay_with_what_follows(seed_docx):
    paragraphs = docx.Document(BytesIO(seed_docx)).paragraphs
    labels = [p for p in paragraphs
              if p.style.name.startswith(("Title", "Heading"))
              or p.text in ("Response:", "Identified gaps:") or p.text.startswith("Rating: ")]
    assert len([p for p in labels if p.text == "Response:"]) == 16
    assert all(_keeps(p) for p in labels)
    answers = [p for p in paragraphs if p.text.startswith("The CC is confident that")]
    assert answers and not any(_keeps(p) for p in answers)


def test_post_meeting_information_is_in_italics(app, history):
    # drafted from an addition, the information after the meeting is in italics; the
    # seed round's notes mark only the passages the seed has in italics (its own test)
    paragraphs = docx.Document(BytesIO(render_docx(meeting_notes(history.r3)))).paragraphs
    [added] = [p for p in paragraphs if p.text.startswith("[Information provided")]
    assert added.text == "[Information provided post meeting: @cmd sent after the meeting]"
    assert added.runs and all(run.italic for run in added.runs)
    assert not any(run.italic for p in paragraphs if p.text.startswith("PCC:")
                   for run in p.runs)


def test_blocks_marked_italic_are_italic(app, history):
    notes = meeting_notes(history.r1)
    marked = (Block("para", text="Said in confidence, later shared.", italic=True),
              Block("list", items=("A slanted bullet",), italic=True),
              Block("para", text="Upright again."))
    notes = type(notes)(**{**notes.__dict__, "purpose": marked})
    paragraphs = {p.text: p for p in docx.Document(BytesIO(render_docx(notes))).paragraphs}
    assert paragraphs["Said in confidence, later shared."].runs[0].italic
    assert paragraphs["A slanted bullet"].runs[0].italic
    assert not paragraphs["Upright again."].runs[0].italic


def test_a_round_of_its_own_office_names_that_office(app):
    round_ = build_seed_round()
    assert meeting_notes(db.session.get(Round, round_.id)).office == db.session.get(
        Office, round_.office_id).name


def test_html_puts_the_same_in_italics(app, history):
    page = check_html(render_html(meeting_notes(history.r3)))
    slanted = [em.get_text() for em in page.select("article em")]
    assert slanted == ["[Information provided post meeting: @cmd sent after the meeting]"]
    notes = meeting_notes(build_seed_round())
    marked = type(notes)(**{**notes.__dict__, "purpose": (
        Block("para", text="Said in confidence.", italic=True), Block("para", text="Upright."))})
    page = check_html(render_html(marked))
    assert [em.get_text() for em in page.select("article em")][0] == "Said in confidence."
    assert not page.find("p", string="Upright.").find("em")

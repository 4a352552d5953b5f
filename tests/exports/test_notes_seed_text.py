"""The seed round's published notes reproduce the seed document: the whole text,
paragraph by paragraph, from the standalone HTML notes and from the Word file read
back with python-docx, the italic passage in italics.

The seed (workflows/demo_data/cse-2016-09-22-notes.txt, a copy of the published
notes as text) is read as one paragraph a line; an italic passage is marked
``*…*``; a bullet starts "- ". Two things are read as a reader sees them rather
than character for character: the attendance block (tab-separated in the text, a
table with a header row in the notes: compared cell by cell), and the seed's one
"Response" label without its colon (a typo of the seed: the notes print "Response:").
"""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from bs4 import BeautifulSoup
from docx.oxml.ns import qn

from exports.notes_docx import BULLET_STYLE, render_docx
from exports.notes_html import render_html
from exports.notes_versions import published_notes
from models import Round
from tests.exports.notes_seed import SEED_NOTES, build_seed_round

Paragraph = tuple[str, bool]  # (text, in italics)


@pytest.fixture
def seed_round(app) -> Round:
    return build_seed_round()


def seed_paragraphs() -> list[Paragraph]:
    out: list[Paragraph] = []
    for raw in SEED_NOTES.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) > 1:  # the attendance block
            if cells[0] == "Attendance:":
                out.append(("Attendance", False))
                cells = cells[1:]
            out.append((" | ".join(c.rstrip(":") for c in cells), False))
            continue
        if line == "Response":
            line = "Response:"
        out.append((line.replace("*", ""), "*" in line))
    return out


def _attendance_first(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The seed puts the "Attendance" label on the first row, the notes as a heading
    before the table: compare in the seed's order (header row, then the label)."""
    i = paragraphs.index(("Attendance", False))
    return paragraphs[:i] + [paragraphs[i + 1], paragraphs[i]] + paragraphs[i + 2:]


def html_paragraphs(html: str) -> list[Paragraph]:
    article = BeautifulSoup(html, "html5lib").find("article")
    out: list[Paragraph] = []
    for element in article.find_all(["h1", "h2", "p", "li", "div", "tr"]):
        text = element.get_text(" ", strip=True)
        if element.name == "div" and "govuk-summary-list__row" in element.get("class", []):
            out.append((element.get_text("", strip=True).replace(":", ": ", 1), False))
        elif element.name == "tr":
            out.append((" | ".join(c.get_text(strip=True) for c in element.find_all(["th", "td"])),
                        False))
        elif element.name == "li":
            out.append(("- " + text, False))
        elif element.name in ("h1", "h2", "p"):
            em = element.find("em")
            out.append((text, em is not None and em.get_text(" ", strip=True) == text))
    return out


def docx_paragraphs(data: bytes) -> list[Paragraph]:
    document = docx.Document(BytesIO(data))
    out: list[Paragraph] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            table = next(t for t in document.tables if t._tbl is child)
            out += [(" | ".join(c.text for c in row.cells), False) for row in table.rows]
        elif child.tag == qn("w:p"):
            paragraph = next(p for p in document.paragraphs if p._p is child)
            if not paragraph.text.strip():
                continue
            bullet = paragraph.style.name == BULLET_STYLE
            italic = all(r.italic for r in paragraph.runs if r.text.strip())
            out.append((("- " if bullet else "") + paragraph.text, italic))
    return out


def assert_same(got: list[Paragraph], want: list[Paragraph]) -> None:
    for n, (g, w) in enumerate(zip(got, want)):
        assert g == w, f"paragraph {n + 1}: the notes print {g!r}, the seed {w!r}"
    assert len(got) == len(want), (
        f"{len(got)} paragraphs, the seed has {len(want)}: next {(got + want)[len(want):][:1]}")


def test_the_html_notes_are_the_seed_paragraph_by_paragraph(seed_round):
    notes = published_notes(seed_round)
    assert notes is not None and notes.version == 1
    assert_same(_attendance_first(html_paragraphs(render_html(notes))), seed_paragraphs())


def test_the_word_notes_are_the_seed_paragraph_by_paragraph(seed_round):
    notes = published_notes(seed_round)
    assert_same(_attendance_first(docx_paragraphs(render_docx(notes))), seed_paragraphs())


def test_the_seed_has_what_the_issue_names(seed_round):
    """Guard the comparison itself: the seed read as above holds the italic passage,
    both post-meeting blocks and the closing paragraph."""
    seed = seed_paragraphs()
    italic = [t for t, i in seed if i]
    assert len(italic) == 1 and italic[0].startswith(
        "[Information provided post meeting: The College of Policing")
    assert ("[Information provided following the meeting: please see note above].",
            False) in seed
    assert seed[-1][0].startswith("At the close of the meeting the PCC thanked the CC")
    assert sum(t.startswith("PCC: ") for t, _ in seed) == 16

"""The meeting notes as an accessible PDF, read back with pypdf: the seed's
sixteen questions and their responses in order, as real text; the title,
subject, author and language; tagged (PDF/UA-1: /MarkInfo, a structure tree
with headings, lists and the attendance table); bookmarks from the headings;
A4 pages numbered "Page X of Y"."""

from __future__ import annotations

import re
import sys
from collections import Counter
from io import BytesIO

import pytest
from pypdf import PdfReader

from exports.notes import meeting_notes
from exports.notes_pdf import render_pdf
from tests.exports.notes_seed import answer_words, build_seed_round, seed_items, words
from tests.exports.pdf import pdf_lines, require_pdf

TITLE = "Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – Meeting Notes"




@pytest.fixture
def pdf(app) -> bytes:
    require_pdf()
    return render_pdf(meeting_notes(build_seed_round()))


def test_a_pdf_is_produced(pdf):
    assert pdf.startswith(b"%PDF-1.7")
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) > 1


def _wrapped(line: str) -> re.Pattern:
    """``line`` as the PDF may break it: any space a line break, after a hyphen too."""
    return re.compile(re.escape(line).replace(r"\ ", r"\s+").replace("-", r"-\s*"))


def test_every_question_and_answer_in_order_as_text(pdf):
    text = "\n".join(pdf_lines(pdf))
    assert re.match(_wrapped(TITLE), text)
    found, position = [], 0
    for item in seed_items():
        match = _wrapped(f"PCC: {item.question}").search(text, position)
        assert match, f"missing or out of order: {item.question!r}"
        found.append(match)
        position = match.end()
    assert text.count("PCC: ") == 16
    closing = text.find("At the close of the meeting")  # the closing paragraph follows
    ends = [m.start() for m in found[1:]] + [closing if closing > 0 else len(text)]
    for item, match, end in zip(seed_items(), found, ends):
        got = answer_words(text[match.end():end].splitlines())
        seed = [w for p in item.paragraphs + item.post_meeting for w in words(p)]
        assert got == seed, f"not the seed's response to {item.question!r}: {' '.join(got)[:200]}"


def test_title_language_and_properties(app, pdf):
    reader = PdfReader(BytesIO(pdf))
    info = reader.metadata
    assert info.title == TITLE
    assert info.subject == "Child Sexual Exploitation (CSE)"
    assert info.author == "Office of the Police and Crime Commissioner"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()


def _tags(element, counts: Counter) -> Counter:
    element = element.get_object()
    if isinstance(element, list):
        for child in element:
            _tags(child, counts)
    elif isinstance(element, dict):
        if "/S" in element:
            counts[element["/S"]] += 1
        if "/K" in element:
            _tags(element["/K"], counts)
    return counts


def test_tagged_with_headings_lists_and_table(pdf):
    root = PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    tags = _tags(root["/StructTreeRoot"], Counter())
    assert tags["/H1"] == 1
    assert tags["/H2"] == 18  # Attendance, Purpose and the sixteen questions
    assert tags["/Table"] == 1 and tags["/TH"] == 2 and tags["/TR"] == 5
    assert tags["/L"] >= 5 and tags["/P"] > 40


def test_bookmarks_follow_the_headings(pdf):
    reader = PdfReader(BytesIO(pdf))
    [title, children] = reader.outline
    assert title.title == TITLE
    names = [c.title for c in children]
    assert names == ["Attendance", "Purpose", *[f"PCC: {i.question}" for i in seed_items()]]


def test_a4_pages_numbered_x_of_y(pdf):
    reader = PdfReader(BytesIO(pdf))
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
            210, 297)
        assert f"Page {number} of {count}" in page.extract_text().splitlines()[-1]


@pytest.mark.parametrize("required, outcome", [("1", pytest.fail.Exception),
                                                ("", pytest.skip.Exception)])
def test_missing_libraries_fail_under_ci_and_skip_locally(monkeypatch, required, outcome):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if pango could not be loaded
    monkeypatch.setenv("REQUIRE_PDF", required)
    with pytest.raises(outcome) as refused:
        require_pdf()
    assert "the pango libraries (Debian: apt-get install libpango-1.0-0" in str(refused.value)

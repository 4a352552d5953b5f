"""The meeting notes as a Word document and as a standalone HTML file: the
seed meeting opened with python-docx (and parsed as HTML) carries its
headings, attendance table, every question and answer in order, gap bullets
and bracketed post-meeting information; unpublished answers are absent."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import docx
import pytest
from bs4 import BeautifulSoup

from exports.notes import meeting_notes
from exports.notes_docx import BULLET_STYLE, render_docx
from exports.notes_html import render_html
from models import Round, db
from tests.db import create_org, create_response, create_round
from tests.exports.notes_seed import assert_carries_seed, build_seed_round, seed_attendance
from tests.helpers import check_html
from workflows.questionnaires import get_version

SECRET = "Only for the OPCC: a named suspect under investigation"
RATED = "Confidence in partner integration is falling in the south"


@pytest.fixture
def seed_round(app) -> Round:
    return build_seed_round()


def open_docx(data: bytes):
    return docx.Document(BytesIO(data))


def docx_texts(document) -> tuple[list[str], list[str]]:
    """(question headings, every paragraph) of a Word document, in order."""
    headings = [p.text for p in document.paragraphs
                if p.style.name == "Heading 1" and p.text.startswith("PCC: ")]
    return headings, [p.text for p in document.paragraphs]


def html_texts(page: BeautifulSoup) -> tuple[list[str], list[str]]:
    article = page.find("article")
    headings = [h.get_text(" ", strip=True) for h in article.find_all("h2")
                if h.get_text().startswith("PCC: ")]
    texts = [e.get_text(" ", strip=True) for e in article.find_all(["h1", "h2", "p", "li"])]
    return headings, texts


# ------------------------------------------------------------------- Word


def test_word_headings_and_attendance_table(seed_round):
    notes = meeting_notes(seed_round)
    document = open_docx(render_docx(notes))
    title = document.paragraphs[0]
    assert (title.style.name, title.text) == (
        "Title", "Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – Meeting Notes")
    assert document.core_properties.title == title.text
    top = [p.text for p in document.paragraphs[1:5]]
    assert top == ["Date: Thursday 22 September 2016", "Chair: John Campion",
                   "Note taker: Jackie Irvin, Policy Officer, OPCC",
                   "Venue: Conference Room, Shrewsbury Police Station"]
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level1 == ["Attendance", "Purpose", *[i.heading for i in notes.items]]
    [table] = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Name", "Capacity"]
    assert len(rows) == 5
    assert [tuple(r) for r in rows[1:]] == seed_attendance()


def test_word_carries_every_question_and_answer_in_order(seed_round):
    document = open_docx(render_docx(meeting_notes(seed_round)))
    assert_carries_seed(*docx_texts(document))


def test_word_gaps_are_bullets_and_additions_are_bracketed(seed_round):
    paragraphs = open_docx(render_docx(meeting_notes(seed_round))).paragraphs
    texts = [p.text for p in paragraphs]
    start = texts.index(
        "PCC: How would the Chief Constable rate the current intelligence assessment?")
    assert "Identified gaps:" not in texts and not any(t.startswith("Rating:") for t in texts)
    label = start + 2  # the heading, "Response:", the explanation, then the gaps
    assert texts[label].endswith("The CC identified the following potential gaps:")
    gaps = paragraphs[label + 1:label + 5]
    assert [p.style.name for p in gaps] == [BULLET_STYLE] * 4
    assert [p.text.split(" – ")[0] for p in gaps] == [
        "Systems", "Sharing of information", "Deprivation", "Digital analysis"]
    assert paragraphs[label + 5].style.name == "Heading 1"
    opening = next(p for p in texts if p.startswith("[Information provided post meeting: "))
    assert opening.startswith("[Information provided post meeting: The College of Policing are "
                              "researching a bespoke vulnerability training product")
    closing = texts.index(opening) + 4  # the seed's page break is its paragraph break
    assert texts[closing].endswith("rather than 13 disparate plans]")
    assert "[Information provided following the meeting: please see note above]." in texts


# -------------------------------------------------------------------- HTML


def test_standalone_html_carries_the_seed(seed_round):
    html = render_html(meeting_notes(seed_round))
    page = check_html(html)
    assert page.title.string == ("Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – "
                                 "Meeting Notes")
    assert page.find("html")["lang"] == "en-GB"
    assert not page.find("script") and not page.find("link")  # self-contained
    assert_carries_seed(*html_texts(page))
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            for tr in page.find("table").find_all("tr")]
    assert rows[0] == ["Name", "Capacity"] and [tuple(r) for r in rows[1:]] == seed_attendance()
    gaps = page.select("#q-intelligence-rating ul.app-notes-gaps li")
    assert [g.get_text().split(" – ")[0] for g in gaps] == [
        "Systems", "Sharing of information", "Deprivation", "Digital analysis"]


# ------------------------------------------------------- publish: false


def test_unpublished_answers_are_absent_from_word_and_html(seed_round):
    version = get_version("cse-assurance", 1)
    other = create_org(name="Another Force")
    round_ = create_round(version=version, status="closed", meeting_date=date(2016, 10, 6),
                          title="Child Sexual Exploitation (CSE)")
    create_response(round_=round_, org=other, status="accepted", answers={
        "pcc-support": "Keep talking to partners.", "internal-note": SECRET,
        "partners-connected": "Partners are connected, but health is not engaging.",
        "partnerships-rating": {"value": 2, "explanation": RATED},
        "partners-not-engaging": "yes", "partners-not-engaging-which": ["Health"]})
    db.session.refresh(round_)
    notes = meeting_notes(round_)
    unpublished = [q.question for q in version.definition.questions if not q.publish]
    assert len(unpublished) == 6
    document = open_docx(render_docx(notes))
    word = "\n".join(p.text for p in document.paragraphs)
    html = render_html(notes)
    for text in (word, html):
        assert "Keep talking to partners." in text  # the published answers are there
        assert "but health is not engaging." in text
        assert SECRET not in text and RATED not in text
        assert "Slightly confident" not in text
        for question in unpublished:
            assert question not in text

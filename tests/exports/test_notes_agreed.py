"""The meeting notes' "Actions agreed" and, where the round's notes settings say so,
the OPCC's verdicts: in the roll-up, in the HTML, Word and PDF read back, and through
a published version's JSON (old versions without them still read)."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from docx import Document

from exports.notes import meeting_notes
from exports.notes_docx import render_docx
from exports.notes_html import render_html
from exports.notes_pdf import render_pdf
from exports.notes_record import record_of, settings_of
from exports.notes_versions import from_json, to_json
from models import db
from tests.db import (
    create_action,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
)
from tests.exports.pdf import pdf_lines, require_pdf
from workflows import notes_record, verdicts

ACTIONS = ["Review the CSE training – Alpha Force – 31 March 2017",
           "Share the problem profile – Beta Force"]
VERDICT = "The OPCC is partly assured: The plan is new."


@pytest.fixture
def meeting(app):
    version = create_questionnaire_version()
    alpha, beta = create_org(name="Alpha Force"), create_org(name="Beta Force")
    round_ = create_round(version=version, status="closed", meeting_date=date(2016, 9, 22))
    later = create_round(version=version, status="closed", meeting_date=date(2017, 1, 5))
    first = create_response(round_=round_, org=alpha, status="accepted",
                            answers={"picture-now": "Profiles."})
    create_response(round_=round_, org=beta, status="accepted", answers={"picture-now": "B."})
    create_action(org=alpha, round_=round_, due_date=date(2017, 3, 31))
    create_action(org=beta, round_=round_, title="Share the problem profile", status="closed")
    create_action(org=alpha, round_=round_, source="recommendation", title="Not agreed here")
    create_action(org=alpha, round_=later, title="Agreed at the next meeting")
    verdicts.record_verdict(first, "picture", verdicts.VerdictInput(
        "partly_assured", "The plan is new.", "opcc"), user=None)
    signed = verdicts.record_verdict(first, "partners", verdicts.VerdictInput(
        "assured", "Partners engage.", "opcc"), user=None)
    verdicts.sign_off(first, [(signed.id, signed.edits)], user=None)
    verdicts.record_verdict(first, "partners", verdicts.VerdictInput(  # a new version
        "not_assured", "Awaiting sign-off.", "opcc"), user=None)
    first = db.session.merge(first)
    waiting = verdicts.current(first, "picture")
    verdicts.sign_off(first, [(waiting.id, waiting.edits)], user=None)
    return db.session.merge(round_)


def show_verdicts(round_, on: bool = True) -> None:
    notes_record.save_settings(round_, show_ratings=True, gaps_intro="Identified gaps:",
                               seen_version=settings_of(record_of(round_)).version, by=None,
                               show_verdicts=on)


def test_actions_agreed_at_the_meeting_and_no_verdicts_by_default(meeting):
    notes = meeting_notes(meeting)
    assert [a.text for a in notes.actions] == ACTIONS
    assert notes.verdicts == ()


def test_the_setting_shows_the_signed_off_verdicts(meeting):
    show_verdicts(meeting)
    notes = meeting_notes(db.session.merge(meeting))
    # partners: the signed-off version, not the new one awaiting sign-off
    assert [(v.organisation, v.section, v.text) for v in notes.verdicts] == [
        ("Alpha Force", "The current picture", VERDICT),
        ("Alpha Force", "Partners", "The OPCC is assured: Partners engage.")]


def test_html_word_and_pdf_show_them_after_the_questions(meeting):
    show_verdicts(meeting)
    notes_record.save_part(db.session.merge(meeting), "closing", "Meeting closed.",
                           seen_version=0, by=None)
    notes = meeting_notes(db.session.merge(meeting))
    page = BeautifulSoup(render_html(notes), "html.parser")
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    assert headings[-2:] == ["Verdicts", "Actions agreed"]
    assert page.select_one("#actions-agreed").find_next("p").get_text() == "Meeting closed."
    assert [li.get_text(strip=True) for li in page.select("#actions-agreed li")] == ACTIONS
    assert "The current picture (Alpha Force):" in page.select_one("#verdicts").get_text()
    assert VERDICT in page.select_one("#verdicts").get_text()

    doc = Document(BytesIO(render_docx(notes)))
    texts = [p.text for p in doc.paragraphs]
    at = texts.index("Actions agreed")
    assert doc.paragraphs[at].style.name == "Heading 1"
    assert texts[at + 1:] == [*ACTIONS, "Meeting closed."]
    assert doc.paragraphs[at + 1].style.name == "List Bullet"
    assert texts.index("Verdicts") < at and VERDICT in texts
    assert texts.index("Verdicts") > texts.index("PCC: What gaps remain in partnership working?")

    require_pdf()
    lines = pdf_lines(render_pdf(notes))
    at = lines.index("Actions agreed")
    after = " ".join(" ".join(lines[at + 1:]).replace("•", " ").split())  # pypdf's bullets
    assert after == " ".join([*ACTIONS, "Meeting closed."])
    assert "Verdicts" in lines[:at]


def test_a_published_versions_json_keeps_them_and_old_versions_still_read(meeting):
    show_verdicts(meeting)
    notes = meeting_notes(db.session.merge(meeting))
    assert from_json(to_json(notes)) == notes
    old = json.loads(to_json(notes))
    del old["actions"], old["verdicts"]
    read = from_json(json.dumps(old))
    assert (read.actions, read.verdicts, read.items) == ((), (), notes.items)

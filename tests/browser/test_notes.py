"""In a real browser: the meeting notes of the seed meeting as the PCC reads
them, and an admin's draft preview with its publish button; no axe-core
violations, no script errors or CSP refusals."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in, submit
from tests.db import create_response, create_round, create_user
from tests.exports.notes_seed import build_seed_round
from tests.helpers import release_db


@pytest.fixture
def notes(app):
    """The published seed meeting, a closed round, a PCC and the admin, as plain values."""
    seed = build_seed_round()
    draft = create_round(version=seed.questionnaire_version, status="closed",
                         title="A closed meeting")
    create_response(round_=draft, org=seed.responses[0].organisation, status="accepted",
                    answers={"pcc-support": "Keep engaging partners."})
    pcc = create_user(role="pcc", email="pcc@opcc.example.org", name="The PCC")
    facts = SimpleNamespace(seed=seed.id, draft=draft.id, pcc=pcc.email,
                            admin="admin@opcc.example.org")
    release_db()
    return facts


def test_pcc_reads_the_published_seed_notes(live_server, page, notes):
    sign_in(page, live_server, notes.pcc)
    assert page.url == f"{live_server}/"
    follow(page, "a:has-text('Meeting notes')")
    check_axe(page)
    follow(page, "a:has-text('Child Sexual Exploitation (CSE)')")
    assert page.url == f"{live_server}/rounds/{notes.seed}/notes"
    assert page.locator("h1").inner_text() == (
        "Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – Meeting Notes")
    assert page.locator("table tbody tr").count() == 4
    assert page.locator("#q-intelligence-rating .app-notes-gaps li").count() == 4
    bracket = "[Information provided following the meeting: please see note above]."
    assert page.get_by_text(bracket).count() == 1
    assert page.locator("button:has-text('Publish the notes')").count() == 0
    check_axe(page)
    with page.expect_download() as download:
        page.click("a:has-text('as a Word document')")
    assert download.value.suggested_filename == (
        "meeting-notes-2016-09-22-child-sexual-exploitation-cse.docx")
    assert_no_problems(page)


def test_admin_previews_and_publishes_a_closed_round(live_server, page, notes):
    sign_in(page, live_server, notes.admin)
    assert page.url == f"{live_server}/"
    page.goto(f"{live_server}/rounds/{notes.draft}/notes")
    assert page.get_by_text("Draft: these notes have not been published.").count() == 1
    check_axe(page)
    submit(page, "Publish the notes")  # asks first, saying what will follow
    assert page.locator("h1").inner_text().startswith("Publish the notes of")
    assert "can no longer change" in page.inner_text("main")
    check_axe(page)
    submit(page, "Publish the notes")
    assert page.get_by_text("are published").count() == 1
    assert page.locator("button:has-text('Publish the notes')").count() == 0
    check_axe(page)
    assert_no_problems(page)

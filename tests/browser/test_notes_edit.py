"""In a real browser: an admin edits a part of a closed round's notes and sees it in
the preview, changes the settings; the publication page and a published page without
signing in, and both at 320 px. No axe-core violations, no script errors."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in, submit
from tests.db import create_response, create_round
from tests.exports.notes_seed import build_seed_round
from tests.helpers import release_db


@pytest.fixture
def notes(app):
    seed = build_seed_round()
    draft = create_round(version=seed.questionnaire_version, status="closed",
                         title="A closed meeting")
    response = create_response(round_=draft, org=seed.responses[0].organisation,
                               status="accepted",
                               answers={"pcc-support": "Keep engaging partners."})
    facts = SimpleNamespace(seed=seed.id, draft=draft.id, admin="admin@opcc.example.org",
                            part=f"pcc-support.{response.organisation_id}.response")
    release_db()
    return facts


def fits_320(page) -> bool:
    """The page does not scroll sideways at 320 px (then back to the usual size)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= 320")
    page.set_viewport_size(size)
    return fits


def test_admin_edits_a_part_and_the_settings(live_server, page, notes):
    sign_in(page, live_server, notes.admin)
    page.goto(f"{live_server}/rounds/{notes.draft}/notes")
    follow(page, "a:has-text('Edit the notes')")
    check_axe(page)
    assert fits_320(page)
    follow(page, page.locator(f"[id='part-{notes.part}'] a"))
    assert page.locator("textarea").input_value() == "Keep engaging partners."
    check_axe(page)
    assert fits_320(page)
    page.fill("textarea", "As recorded: keep engaging partners.\n\n*Agreed by all.*")
    submit(page, "Save")
    assert page.get_by_text("The part is saved.").count() == 1
    page.check("#show_ratings-2")  # "No"
    submit(page, "Save the settings")
    check_axe(page)
    follow(page, "a:has-text('Preview the notes')")
    article = page.locator("article")
    assert "As recorded: keep engaging partners." in article.inner_text()
    assert article.locator("em").inner_text() == "Agreed by all."
    assert_no_problems(page)


def test_publication_page_without_signing_in(serve, page, notes):
    base = serve(PUBLIC_NOTES=True)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{base}/published-notes")
    assert page.locator("h1").inner_text() == "Published meeting notes"
    assert page.locator("main").get_by_text("A closed meeting").count() == 0
    check_axe(page)
    follow(page, "a:has-text('Child Sexual Exploitation (CSE)')")
    assert page.url == f"{base}/published-notes/{notes.seed}"
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    check_axe(page)
    assert_no_problems(page)

"""In a real browser: the PCC downloads the published seed notes as a PDF from
the notes page, and the file is the tagged PDF of those notes."""

from __future__ import annotations

from pypdf import PdfReader

from tests.browser.conftest import assert_no_problems, check_axe, sign_in
from tests.db import create_user
from tests.exports.notes_seed import build_seed_round
from tests.exports.pdf import require_pdf
from tests.helpers import release_db


def test_pcc_downloads_the_seed_notes_as_a_pdf(app, live_server, page, tmp_path):
    require_pdf()
    seed = build_seed_round().id
    pcc = create_user(role="pcc", email="pcc@opcc.example.org", name="The PCC").email
    release_db()
    sign_in(page, live_server, pcc)
    page.goto(f"{live_server}/rounds/{seed}/notes")
    check_axe(page)
    with page.expect_download() as download:
        page.click("a:has-text('Download the notes as a PDF')")
    assert download.value.suggested_filename == (
        "meeting-notes-2016-09-22-child-sexual-exploitation-cse.pdf")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    reader = PdfReader(target)
    assert reader.metadata.title == (
        "Assurance Meeting to Discuss Child Sexual Exploitation (CSE) – Meeting Notes")
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"].value is True
    assert len(reader.pages) > 1
    assert_no_problems(page)

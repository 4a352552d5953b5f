"""The questionnaire format's reference served as a page, linked from the upload page."""

from __future__ import annotations

import pytest

from forms.format.types import QUESTION_TYPES


@pytest.mark.parametrize("who", ["admin", "pcc"])
def test_the_format_page_shows_the_reference(request, signed_in, client_request, who):
    signed_in(request.getfixturevalue(who))
    page = client_request.get("questionnaires.format_reference")
    assert page.h1.get_text(" ", strip=True) == "Writing a questionnaire (format version 1)"
    assert page.title.get_text().startswith("Writing a questionnaire")
    codes = {c.get_text() for c in page.select("main code")}
    assert set(QUESTION_TYPES) <= codes
    headings = {h["id"] for h in page.select("main h2[id], main h3[id]")}
    assert {"question-types", "conditions", "problems-the-validator-reports"} <= headings
    # links within the page lead to headings that exist
    for link in page.select('main a[href^="#"]'):
        assert page.find(id=link["href"][1:]) is not None, link["href"]
    worked = [pre.get_text() for pre in page.select("main pre")]
    assert any("roads.yaml:10:15: error: unknown type" in text for text in worked)


def test_the_upload_page_links_to_the_format(signed_in, admin, client_request):
    signed_in(admin)
    page = client_request.get("questionnaires.upload")
    link = page.find("a", string="Writing a questionnaire")
    assert link is not None and link["href"] == "/admin/questionnaires/format"

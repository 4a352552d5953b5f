"""In a real browser, on a service of two offices: a PCC signs in and sees their own
office's organisations, trends and gap register only, at a desktop width (1280 px) and
a phone's (390 px), with no axe-core violations; the other office's round is a 404."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, follow, sign_in
from tests.exports.conftest import history  # noqa: F401  (fixture)
from tests.exports.other_office import FOREIGN, other_office  # noqa: F401  (fixture)
from tests.helpers import release_db


@pytest.fixture
def facts(history, other_office, pcc):  # noqa: F811  (the fixtures imported above)
    """Plain values, read before the live server needs the database."""
    found = SimpleNamespace(email=pcc.email, alpha=history.alpha.id, r3=history.r3.id,
                            theirs=other_office.winter.id, zulu=other_office.zulu.id,
                            their_gap=other_office.gap.id)
    release_db()
    return found


def _nothing_foreign(page) -> None:
    text = page.locator("body").inner_text()
    assert [name for name in FOREIGN if name in text] == [], page.url


@pytest.mark.parametrize("width", [1280, 390])
def test_pcc_sees_their_own_office_only(live_server, page, facts, width):
    base = live_server
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, base, facts.email)
    _nothing_foreign(page)

    page.goto(f"{base}/pcc/")
    _nothing_foreign(page)
    check_axe(page)
    follow(page, page.get_by_role("link", name="Trend check questions", exact=True))
    heads = page.locator("#latest-ratings thead th[data-organisation] a").all_inner_texts()
    assert heads == ["Alpha Force", "Beta Force"]
    _nothing_foreign(page)
    check_axe(page)

    follow(page, "#latest-ratings a:has-text('Alpha Force')")
    assert page.locator('table[data-trend="conf-a"]').is_visible()
    page.locator('[data-chart="conf-a"] canvas').wait_for()
    _nothing_foreign(page)
    check_axe(page)

    page.goto(f"{base}/gaps")
    assert page.locator("#gap-register tbody tr").count() == 2
    assert page.locator("#gap-count").inner_text() == "Showing 1 to 2 of 2 gaps."
    options = page.locator("#organisation option").all_inner_texts()
    assert "Alpha Force" in options and "Zulu Constabulary" not in options
    _nothing_foreign(page)
    check_axe(page)

    page.goto(f"{base}/gaps?organisation={facts.zulu}")  # a forged filter finds nothing
    assert page.locator("#gap-register tbody tr").count() == 0
    _nothing_foreign(page)

    for path in (f"/pcc/rounds/{facts.theirs}", f"/gaps/{facts.their_gap}",
                 f"/pcc/questionnaires/trend-check/organisations/{facts.zulu}"):
        response = page.goto(f"{base}{path}")
        assert response.status == 404, path
        _nothing_foreign(page)
    page.problems.clear()  # the browser reports each 404 on the console
    page.goto(f"{base}/pcc/rounds/{facts.r3}")
    _nothing_foreign(page)
    check_axe(page)
    assert_no_problems(page)

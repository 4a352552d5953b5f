"""In a real browser: the PCC's home, with a coming meeting, passes axe at 1280 px."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from tests.browser.conftest import assert_no_problems, check_axe, sign_in
from tests.db import create_response, create_round
from tests.exports.conftest import history  # noqa: F401  (fixture)
from tests.helpers import release_db


@pytest.fixture
def facts(history, pcc):  # noqa: F811  (the fixture imported above)
    soon = date.today() + timedelta(days=10)
    coming = create_round(version=history.v2, title="Next meeting", meeting_date=soon,
                          status="open")
    create_response(round_=coming, org=history.alpha, status="submitted")
    found = SimpleNamespace(email=pcc.email)
    release_db()
    return found


def test_the_pcc_home_shows_what_is_next(live_server, page, facts):
    sign_in(page, live_server, facts.email)
    assert page.locator("#pcc-coming").is_visible()
    assert "1 of 1 organisation has responded." in page.inner_text("#pcc-coming")
    assert page.locator("#pcc-glances li").count() == 1
    check_axe(page)
    assert_no_problems(page)

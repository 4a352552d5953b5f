"""The header at 1280 px: the service navigation holds the service name, the account
links on the same line, and the admin's navigation items on one line below; no band of
its own for "Signed in as … Sign out". At 320 px the account links still work."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check_axe, sign_in, sign_out
from tests.db import create_user
from tests.helpers import release_db

BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  return {
    name: box(document.querySelector('.govuk-service-navigation__service-name')),
    account: box(document.querySelector('.app-account')),
    items: [...document.querySelectorAll('.govuk-service-navigation__item')].map(box),
    h1: box(document.querySelector('h1')),
  };
}"""


@pytest.fixture
def admin_email(app):
    email = create_user(role="admin", email="h-admin@example.org", name="Ada Admin").email
    release_db()
    return email


def test_the_admin_header_takes_two_lines_at_1280_px(live_server, page, admin_email):
    sign_in(page, live_server, admin_email)
    boxes = page.evaluate(BOXES)
    assert len(boxes["items"]) >= 10
    assert len({round(item["top"]) for item in boxes["items"]}) == 1, "the items wrap"
    name, account = boxes["name"], boxes["account"]
    assert account["top"] < name["bottom"] and name["top"] < account["bottom"], (
        "the account links are not on the service name's line")
    assert boxes["h1"]["top"] < 160, "the header is too tall"
    header = page.locator("header").inner_text()
    assert "Ada Admin" in header and "Your account" in header
    check_axe(page)
    sign_out(page)


def test_the_account_links_work_at_320_px(live_server, page, admin_email):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, live_server, admin_email)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("button", name="Sign out").is_visible()
    check_axe(page)
    sign_out(page)

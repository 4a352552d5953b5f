"""WCAG 1.4.10 reflow: at 320 CSS pixels wide no page scrolls sideways. Every GET page
of the route table (tests/views/test_routes.py), as each role that may see it; wide
tables sit in a labelled scrolling region of their own instead. axe on a sample."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check_axe, sign_in
from tests.db import create_user
from tests.helpers import release_db
from tests.views.test_routes import allowed_roles, endpoints, url_for_endpoint, world
from workflows.audit import record
from workflows.database import transaction

WIDTH = 320
SKIPPED = {"static"}  # a file, not a page
AXE_SAMPLE = {"audit.events", "gaps.register", "rounds.show", "review.response",
              "actions.register", "actions.item", "reports.show"}


@pytest.fixture
def pages(app):
    """(role, email, [(endpoint, url)]) for each role, as plain values."""
    w = world()
    with transaction():  # an event with a long detail, for the audit table
        record("round.create", user=w.admin, obj=w.round, title="A long title " * 20)
    emails = {role: getattr(w, role).email for role in ("admin", "pcc", "respondent")}
    emails["service_admin"] = create_user(role="service_admin", email="w-sa@example.org").email
    found = []
    for role, email in emails.items():
        urls = [(e, url_for_endpoint(app, e, w)) for e in endpoints(app, "GET")
                if e not in SKIPPED and role in allowed_roles(e)]
        found.append((role, email, urls))
    release_db()
    return found


def test_no_page_scrolls_sideways_at_320_px(live_server, page, pages):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    wide = []
    for role, email, urls in pages:
        page.context.clear_cookies()
        sign_in(page, live_server, email)
        for _endpoint, url in urls:
            headers = page.request.get(f"{live_server}{url}").headers
            if not headers.get("content-type", "").startswith("text/html") or headers.get(
                    "content-disposition", "").startswith("attachment"):
                continue  # a download (an HTML file among them), or JSON
            page.goto(f"{live_server}{url}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                wide.append(f"{role} {url}: {width} px, wider: {_widest(page)}")
    assert not wide, "pages wider than 320 px:\n" + "\n".join(wide)


def test_a_sample_of_pages_is_accessible_at_320_px(live_server, page, pages):
    page.set_viewport_size({"width": WIDTH, "height": 800})
    role, email, urls = pages[0]
    sign_in(page, live_server, email)
    for endpoint, url in urls:
        if endpoint in AXE_SAMPLE:
            page.goto(f"{live_server}{url}")
            check_axe(page)


def _widest(page) -> list[str]:
    """What reaches past the right edge, outside a scrolling region (for the report)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > 321 && !(e.parentElement.closest('.app-table-scroll')))
      .slice(-8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.innerText||'').slice(0,40))""")

"""In a real browser: from the upload page to the format's reference; no axe-core
violations there, and a link within the page lands on its heading."""

from __future__ import annotations

import pytest

from tests.browser.conftest import check_axe, sign_in
from tests.db import create_user
from tests.helpers import release_db


@pytest.fixture
def admin_email(app):
    email = create_user(role="admin", email="format-admin@example.org", name="Format Admin").email
    release_db()
    return email


def test_the_upload_page_leads_to_the_format_reference(app, live_server, page, admin_email):
    sign_in(page, live_server, admin_email)
    page.goto(f"{live_server}/admin/questionnaires/upload")
    page.get_by_role("link", name="Writing a questionnaire").click()
    page.wait_for_url("**/admin/questionnaires/format")
    assert page.locator("h1").inner_text() == "Writing a questionnaire (format version 1)"
    check_axe(page)
    page.locator('main a[href="#conditions"]').first.click()
    page.wait_for_url("**#conditions")
    assert page.locator("#conditions").is_visible()

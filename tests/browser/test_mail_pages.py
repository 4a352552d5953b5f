"""The Outbox, a message, and the email settings: accessible, reflowing at 320 px, and
working without JavaScript (Send again, saving the settings)."""

from __future__ import annotations

import pytest

from models import OutboxMessage, db
from tests.browser.conftest import check_axe, follow, sign_in
from tests.db import create_user
from tests.helpers import release_db


@pytest.fixture
def outbox(app):
    admin = create_user(role="admin", email="o-admin@example.org", name="Ada Admin")
    long_error = "SMTP mail.internal.example.org:587: SMTPServerDisconnected: " + "x" * 200
    for n, status in enumerate(("sent", "failed", "queued")):
        db.session.add(OutboxMessage(
            office_id=admin.office_id, kind="round.opened", to_address=f"person{n}@example.org",
            subject=f"Questions for the 1 March 2026 meeting: a long round title {n} " * 2,
            body_text="Dear Rae,\n\nAnswer the questions:\nhttps://assurance.example.org/"
                      "respond/1234567890/a/long/path/that/does/not/break\n",
            body_html="", context_json={}, status=status, attempts=6 if status == "failed" else 1,
            last_error=long_error if status != "sent" else None))
    db.session.commit()
    failed = db.session.query(OutboxMessage).filter_by(status="failed").one().id
    release_db()
    return admin.email, failed


@pytest.mark.parametrize("width", [320, 1280])
def test_the_outbox_pages_are_accessible_and_reflow(live_server, page, outbox, width):
    email, failed = outbox
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, email)
    for path in ("/admin/outbox", f"/admin/outbox/{failed}", "/account/emails"):
        page.goto(f"{live_server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        check_axe(page)


def test_send_again_and_the_settings_work_without_javascript(live_server, page_without_js,
                                                              outbox):
    email, failed = outbox
    page = page_without_js
    sign_in(page, live_server, email)
    page.goto(f"{live_server}/admin/outbox/{failed}")
    follow(page, page.get_by_role("button", name="Send again"))
    assert "will be sent again" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{live_server}/account/emails")
    page.get_by_label("In one daily summary email").first.check()
    page.get_by_label("No emails like these").check()
    follow(page, page.get_by_role("button", name="Save"))
    assert "Your email settings have been saved" in page.inner_text("main")
    assert page.get_by_label("No emails like these").is_checked()

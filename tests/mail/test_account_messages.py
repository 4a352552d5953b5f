"""Account messages as a real SMTP server on loopback receives them (issue 13): the
invitation, the reset link and the password-changed notice, with links under
PUBLIC_URL that work."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.db import PASSWORD, create_org, create_user
from tests.helpers import release_db, sign_in
from tests.mail_links import links_in
from workflows import account_links, accounts
from workflows.mail_send import send_due

PUBLIC = "https://assurance.example.org"
NEW = "a brand new passphrase"


def received_link(received, path: str) -> str:
    """The one link of the message (the same in both parts), checked to be under
    PUBLIC_URL at ``path``."""
    [url] = set(links_in(received.text))
    assert url.startswith(PUBLIC + path), url
    assert f'href="{url}"' in received.html
    return urlsplit(url).path


def test_an_invitation_arrives_with_a_working_link(smtp_app, smtp_server):
    admin = create_user(role="admin", name="Ada Admin")
    user = accounts.create_user(email="nia@force.example.org", name="Nia Lead",
                                role="respondent", org=create_org(), by=admin)
    assert send_due().sent == 1
    [mail] = smtp_server.received
    assert mail.recipients == ["nia@force.example.org"]
    assert mail["To"] == "nia@force.example.org"
    assert mail["From"] == "PCC assurance <assurance@example.org>"
    assert mail["Subject"] == "You have been invited to the PCC assurance service"
    assert "Ada Admin" in mail.text and "Dear Nia Lead" in mail.text
    assert "Choose your password" in mail.html
    path = received_link(mail, "/account/invitation/")

    client = smtp_app.test_client()
    release_db()
    assert client.post(path, data={"password": NEW}).status_code == 302
    sign_in(client, user, password=NEW)


def test_a_reset_link_and_the_password_changed_notice_arrive(smtp_app, smtp_server):
    smtp_app.config["RESET_REQUEST_SECONDS"] = 0
    user = create_user(role="pcc", email="pat@example.org", name="Pat Commissioner")
    account_links.request_reset("pat@example.org", client="127.0.0.1")
    account_links.request_reset("nobody@example.org", client="127.0.0.1")
    assert send_due().sent == 1
    [reset] = smtp_server.received
    assert reset.recipients == ["pat@example.org"]
    assert reset["Subject"] == "Reset your password for the PCC assurance service"
    assert "60 minutes" in reset.text
    path = received_link(reset, "/account/reset-password/")

    client = smtp_app.test_client()
    release_db()
    assert client.post(path, data={"password": NEW}).status_code == 302
    assert send_due().sent == 1
    changed = smtp_server.received[-1]
    assert changed["Subject"] == "Your password for the PCC assurance service has changed"
    assert changed.recipients == ["pat@example.org"]
    received_link(changed, "/sign-in/forgot-password")
    sign_in(client, user, password=NEW)
    assert accounts.authenticate("pat@example.org", PASSWORD).user is None

"""SMTP over TLS: STARTTLS and implicit TLS, with a login, the server's certificate
checked (here against SMTP_CA_FILE, the certificate of a loopback test server)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import create_app
from models import OutboxMessage, db
from tests.db import create_user
from tests.mail.smtp import self_signed_certificate, start_tls_smtp_server
from workflows.database import transaction
from workflows.mail import queue_message
from workflows.mail_send import send_due


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request, certificate):
    logins: list = []
    server, controller = start_tls_smtp_server(request.param, *certificate, logins)
    server.logins = logins
    server.mode = request.param
    yield server
    controller.stop()


def _app(config_factory, server, ca_file, **settings):
    values = {"MAIL_TRANSPORT": "smtp", "SMTP_HOST": server.host, "SMTP_PORT": server.port,
              "SMTP_TLS": server.mode, "SMTP_TIMEOUT_SECONDS": 5, "SMTP_CA_FILE": ca_file,
              "SMTP_USERNAME": "assurance", "SMTP_PASSWORD": "mail password",
              "MAIL_FROM": "assurance@example.org"}
    values.update(settings)
    return create_app(config_factory(**values))


def _send_one(application) -> OutboxMessage:
    with application.app_context():
        with transaction():
            queue_message(kind="test.note", to=create_user(role="admin", email="ada@example.org"),
                          subject="Over TLS", text="Body\n")
        send_due()
        db.session.expire_all()
        row = db.session.scalar(select(OutboxMessage))
        db.session.expunge(row)
        db.session.remove()
        db.engine.dispose()
        return row


def test_a_message_goes_over_tls_after_logging_in(config_factory, tls_server, certificate):
    row = _send_one(_app(config_factory, tls_server, certificate[0]))
    assert row.status == "sent", row.last_error
    assert tls_server.logins == [("assurance", "mail password")]
    assert [r["Subject"] for r in tls_server.received] == ["Over TLS"]


def test_a_wrong_password_leaves_the_message_queued(config_factory, tls_server, certificate):
    row = _send_one(_app(config_factory, tls_server, certificate[0],
                         SMTP_PASSWORD="not it"))
    assert (row.status, row.attempts) == ("queued", 1)
    assert "Authentication" in row.last_error or "535" in row.last_error
    assert tls_server.received == []


def test_an_untrusted_certificate_is_refused(config_factory, tls_server):
    row = _send_one(_app(config_factory, tls_server, ""))
    assert row.status == "queued"
    assert "CERTIFICATE_VERIFY_FAILED" in row.last_error or "certificate" in row.last_error
    assert tls_server.received == [] and tls_server.logins == []

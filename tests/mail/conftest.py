"""Fixtures for email: ``smtp_server`` (a real SMTP server on loopback that keeps what
it receives) and ``smtp_app`` (the app, sending to it). Reusable: import them into
another conftest with ``from tests.mail.conftest import smtp_server, smtp_app``."""

from __future__ import annotations

import pytest

from app import create_app
from models import db
from tests.mail.smtp import start_smtp_server


@pytest.fixture
def smtp_server():
    server, controller = start_smtp_server()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def smtp_app(config_factory, smtp_server):
    """The app configured to send by SMTP to ``smtp_server``, links under
    https://assurance.example.org."""
    application = create_app(config_factory(PUBLIC_URL="https://assurance.example.org",
                                            MAIL_FROM="PCC assurance <assurance@example.org>",
                                            **smtp_server.config()))
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()

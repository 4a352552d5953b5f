"""The notify transport against a local HTTP server that checks GOV.UK Notify's API
contract: the JWT made from the API key (verified with PyJWT) and the payload."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from sqlalchemy import select

from app import create_app
from models import OutboxMessage, db
from tests.db import create_user
from workflows.database import transaction
from workflows.mail import queue_message
from workflows.mail_send import send_due

SERVICE_ID = str(uuid.UUID(int=1))
SECRET = str(uuid.UUID(int=2))
API_KEY = f"assurance_test-{SERVICE_ID}-{SECRET}"
TEMPLATE = str(uuid.UUID(int=3))
FALLBACK = str(uuid.UUID(int=4))


class FakeNotify(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.status = 201

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        auth = self.headers.get("Authorization", "")
        self.server.requests.append({"path": self.path, "auth": auth,
                                     "agent": self.headers.get("User-Agent", ""),
                                     "json": json.loads(body)})
        status = self.server.status
        reply = ({"id": str(uuid.uuid4()), "reference": None, "content": {}, "uri": "",
                  "template": {}} if status == 201 else
                 {"status_code": status, "errors": [{"error": "Exception",
                                                     "message": "Internal server error"}]})
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify():
    server = FakeNotify()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def notify_app(config_factory, notify):
    application = create_app(config_factory(
        MAIL_TRANSPORT="notify", NOTIFY_API_KEY=API_KEY, NOTIFY_BASE_URL=notify.url,
        NOTIFY_TEMPLATE_IDS={"test.note": TEMPLATE, "*": FALLBACK},
        PUBLIC_URL="https://assurance.example.org"))
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def _queue(kind="test.note"):
    user = create_user(role="admin", email="ada@example.org")
    with transaction():
        queue_message(kind=kind, to=user, subject="Round opened", text="Body text\n",
                      context={"round_title": "CSE assurance", "meeting_date": "1 March 2026"})


def test_a_message_goes_to_notify_with_a_jwt_from_the_api_key_and_its_template(
        notify_app, notify):
    _queue()
    assert send_due().sent == 1
    [request] = notify.requests
    assert request["path"] == "/v2/notifications/email"
    scheme, token = request["auth"].split(" ", 1)
    assert scheme == "Bearer"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID
    assert abs(claims["iat"] - time.time()) < 60
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, str(uuid.UUID(int=9)), algorithms=["HS256"])
    payload = request["json"]
    message_id = db.session.scalar(select(OutboxMessage.id))
    assert payload == {
        "email_address": "ada@example.org", "template_id": TEMPLATE,
        "reference": f"outbox-{message_id}",
        "personalisation": {"round_title": "CSE assurance", "meeting_date": "1 March 2026",
                            "subject": "Round opened", "body": "Body text\n"}}
    assert request["agent"].startswith("NOTIFY-API-PYTHON-CLIENT")


def test_a_kind_without_its_own_template_uses_the_fallback(notify_app, notify):
    _queue(kind="other.kind")
    send_due()
    assert notify.requests[0]["json"]["template_id"] == FALLBACK


def test_without_a_template_the_message_waits_with_the_reason(notify_app, notify):
    notify_app.config["NOTIFY_TEMPLATE_IDS"] = {}
    _queue()
    assert send_due().retrying == 1
    assert notify.requests == []
    row = db.session.scalar(select(OutboxMessage))
    assert "NOTIFY_TEMPLATE_IDS names no template for test.note" in row.last_error


def test_an_error_from_notify_leaves_the_message_queued(notify_app, notify):
    notify.status = 500
    _queue()
    assert send_due().retrying == 1
    db.session.expire_all()
    row = db.session.scalar(select(OutboxMessage))
    assert (row.status, row.attempts) == ("queued", 1)
    assert "Notify" in row.last_error and "500" in row.last_error

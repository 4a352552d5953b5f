"""A real SMTP server on loopback (aiosmtpd) for the tests: it receives every message
and keeps it, parsed, for the test to read back. Its ``behaviour`` can be changed to
refuse messages, to hang (for timeouts) or to drop the connection."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Received:
    envelope_from: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content().replace("\r\n", "\n")

    @property
    def html(self) -> str:
        part = self.message.get_body(("html",))
        return part.get_content().replace("\r\n", "\n") if part is not None else ""

    def __getitem__(self, header: str) -> str:
        return self.message[header]


@dataclass
class SmtpServer:
    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    behaviour: str = "accept"  # accept | refuse | hang | drop
    hang_seconds: float = 3.0
    delay_seconds: float = 0.0  # a slow server: each accepted message takes this long

    def config(self) -> dict:
        """The settings that point the app at this server."""
        return {"MAIL_TRANSPORT": "smtp", "SMTP_HOST": self.host, "SMTP_PORT": self.port,
                "SMTP_TLS": "none", "SMTP_TIMEOUT_SECONDS": 1}


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, smtp_server, session, envelope):
        behaviour = self.server.behaviour
        if behaviour == "refuse":
            return "451 4.3.0 Try again later"
        if behaviour == "hang":
            await asyncio.sleep(self.server.hang_seconds)
        if behaviour == "drop":
            smtp_server.transport.abort()  # the connection drops mid-message
            return "421 4.3.0 Connection dropped"
        if self.server.delay_seconds:
            await asyncio.sleep(self.server.delay_seconds)
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        self.server.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_smtp_server() -> tuple[SmtpServer, Controller]:
    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(_Handler(server), hostname=server.host, port=server.port)
    controller.start()
    return server, controller


def self_signed_certificate(directory) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and localhost, and its key (made with openssl)."""
    import subprocess
    from pathlib import Path

    cert, key = Path(directory) / "smtp-cert.pem", Path(directory) / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return str(cert), str(key)


def start_tls_smtp_server(mode: str, cert: str, key: str, logins: list
                          ) -> tuple[SmtpServer, Controller]:
    """A server speaking implicit TLS (``mode`` "ssl") or requiring STARTTLS, with LOGIN
    and PLAIN authentication (only over TLS); ``logins`` collects (user, password)."""
    import ssl

    from aiosmtpd.smtp import AuthResult, LoginPassword

    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            logins.append((auth_data.login.decode(), auth_data.password.decode()))
            ok = auth_data.password == b"mail password"
            return AuthResult(success=ok, handled=False)
        return AuthResult(success=False, handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = SmtpServer("127.0.0.1", free_port())
    # (aiosmtpd counts only STARTTLS as TLS for auth_require_tls: with implicit TLS
    # every byte is encrypted anyway)
    options = ({"ssl_context": context, "auth_require_tls": False} if mode == "ssl"
               else {"tls_context": context, "require_starttls": True,
                     "auth_require_tls": True})
    controller = Controller(_Handler(server), hostname=server.host, port=server.port,
                            authenticator=authenticate, **options)
    controller.start()
    return server, controller

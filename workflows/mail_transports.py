"""How a message leaves the service: ``log`` (the app log: the default, for
development), ``smtp`` (any mail server) or ``notify`` (GOV.UK Notify), chosen by
``MAIL_TRANSPORT``. Each transport's ``send(envelope)`` returns normally when the
message was handed over, or raises ``DeliveryError`` (or any error) saying why not;
the sender (``workflows.mail_send``) records the reason and tries again later."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app


class DeliveryError(Exception):
    """A message could not be handed over; the text says why."""


@dataclass(frozen=True)
class Envelope:
    """A message to send, as plain values (no database row held while sending)."""

    id: int
    kind: str
    to_address: str
    subject: str
    body_text: str
    body_html: str = ""
    context: dict = field(default_factory=dict)


def mail_logger() -> logging.Logger:
    logger = current_app.logger.getChild("mail")
    logger.setLevel(logging.INFO)  # written through the app log's own handler
    return logger


class LogTransport:
    name = "log"

    def send(self, envelope: Envelope) -> None:
        mail_logger().info("mail (log transport) #%s %s to %s: %s\n%s", envelope.id,
                           envelope.kind, envelope.to_address, envelope.subject,
                           envelope.body_text)


class SmtpTransport:
    name = "smtp"

    def __init__(self, config) -> None:
        self.host, self.port = config["SMTP_HOST"], int(config["SMTP_PORT"])
        self.tls, self.timeout = config["SMTP_TLS"], float(config["SMTP_TIMEOUT_SECONDS"])
        self.username, self.password = config["SMTP_USERNAME"], config["SMTP_PASSWORD"]
        self.sender = config["MAIL_FROM"]
        # Certificates are always checked: against the system's CAs, or SMTP_CA_FILE's.
        self.context = ssl.create_default_context(cafile=config.get("SMTP_CA_FILE") or None)

    def send(self, envelope: Envelope) -> None:
        message = self.build(envelope)
        try:
            with self._connect() as server:
                if self.tls == "starttls":
                    server.starttls(context=self.context)
                if self.username:
                    server.login(self.username, self.password)
                server.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"SMTP {self.host}:{self.port}: {_reason(error)}") from error

    def _connect(self) -> smtplib.SMTP:
        if self.tls == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                    context=self.context)
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)

    def build(self, envelope: Envelope) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = envelope.to_address
        message["Subject"] = envelope.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=_domain(self.sender))
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(envelope.body_text)
        if envelope.body_html:
            message.add_alternative(envelope.body_html, subtype="html")
        return message


class NotifyTransport:
    """GOV.UK Notify: one email template per kind of message (NOTIFY_TEMPLATE_IDS, a
    JSON object of kind to template id; the key "*" is used for any kind not named).
    The personalisation is the message's context with ``subject`` and ``body``, so a
    template of ``((subject))`` and ``((body))`` can serve every kind."""

    name = "notify"

    def __init__(self, config) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        if not config["NOTIFY_API_KEY"]:
            raise DeliveryError("MAIL_TRANSPORT is notify but NOTIFY_API_KEY is not set")
        self.template_ids = dict(config["NOTIFY_TEMPLATE_IDS"])
        self.client = NotificationsAPIClient(config["NOTIFY_API_KEY"],
                                             base_url=config["NOTIFY_BASE_URL"])

    def send(self, envelope: Envelope) -> None:
        from notifications_python_client.errors import APIError

        template_id = self.template_ids.get(envelope.kind) or self.template_ids.get("*")
        if not template_id:
            raise DeliveryError(f"NOTIFY_TEMPLATE_IDS names no template for {envelope.kind}")
        try:
            self.client.send_email_notification(
                email_address=envelope.to_address, template_id=template_id,
                personalisation=envelope.context, reference=f"outbox-{envelope.id}")
        except APIError as error:
            raise DeliveryError(f"Notify: {error}") from error
        except OSError as error:
            raise DeliveryError(f"Notify: {_reason(error)}") from error


def transport_for(config):
    """The configured transport."""
    name = config.get("MAIL_TRANSPORT", "log")
    if name == "smtp":
        return SmtpTransport(config)
    if name == "notify":
        return NotifyTransport(config)
    return LogTransport()


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:400]

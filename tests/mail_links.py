"""Reading the links of account messages back from the outbox, as a recipient would
from the email (the log transport keeps every message in ``outbox_message``)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select

from models import OutboxMessage, db


def messages_to(address: str, kind: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.to_address == address)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text)


def latest_link(address: str, kind: str, *, path_only: bool = True) -> str:
    """The first link of the newest message of ``kind`` to ``address`` (its path, for
    a test client, unless ``path_only`` is False)."""
    found = messages_to(address, kind)
    assert found, f"no {kind} message to {address}"
    url = links_in(found[-1].body_text)[0]
    return urlsplit(url).path if path_only else url

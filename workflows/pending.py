"""Input that arrived after its sender's session ended, kept until they sign in.

When a section form is posted after the session has timed out, the view
cannot save it (nobody is signed in), but must not lose it either. The posted
fields are stored here under a random token, bound to the user whose
(expired) session sent them and to the response and section; the token goes
into the ``next`` address of the sign-in page. After signing in, only that
user gets the input back, on that section, unsaved, to check and save. The
token itself is never stored: only its SHA-256.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from models import PendingInput, Response, User, db, utcnow

from . import audit
from .database import transaction

KEEP_FOR = timedelta(hours=24)
MAX_FIELDS = 5000


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def keep(*, user_id: int, response: Response, section_id: str, base_revision: int | None,
         pairs: list[tuple[str, str]]) -> str:
    """Store posted ``pairs`` (commits) and return the token that finds them."""
    now = utcnow()
    token = secrets.token_urlsafe(32)
    with transaction():
        db.session.execute(delete(PendingInput).where(PendingInput.expires_at < now))
        db.session.add(PendingInput(
            token_hash=_hash(token), user_id=user_id, response_id=response.id,
            section_id=section_id, base_revision=base_revision,
            form_data=[[k, v] for k, v in pairs[:MAX_FIELDS]],
            created_at=now, expires_at=now + KEEP_FOR,
        ))
        audit.record("response.input_kept", actor="system", object_type="response",
                     object_id=response.id, organisation_id=response.organisation_id,
                     user_id=user_id, section=section_id)
    return token


def find(token: str | None, *, user: User, response: Response,
         section_id: str) -> PendingInput | None:
    """The kept input for this token, if it belongs to this user, response and section."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(PendingInput).where(PendingInput.token_hash == _hash(token)))
    if row is None or row.expires_at < utcnow():
        return None
    if (row.user_id, row.response_id, row.section_id) != (user.id, response.id, section_id):
        return None
    return row


def discard_for(user: User, response: Response, section_id: str) -> None:
    """Forget kept input of this user for this section (after a save; no commit)."""
    db.session.execute(delete(PendingInput).where(
        PendingInput.user_id == user.id, PendingInput.response_id == response.id,
        PendingInput.section_id == section_id,
    ))

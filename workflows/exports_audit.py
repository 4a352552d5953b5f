"""Recording downloads and exports in the audit trail (who, what, row count)."""

from __future__ import annotations

from typing import Any

from models import User

from . import audit
from .database import start_writing, transaction


def record_export(action: str, *, user: User | None = None, actor: str | None = None,
                  object_type: str, object_id: Any, rows: int,
                  organisation_id: int | None = None, office_id: int | None = None,
                  **detail: Any) -> None:
    """Write one audit event for an export (``export.round`` or ``export.trends``) and
    commit. It belongs to ``office_id``, else to the user's office (the command line,
    which has no user, names the office it exported)."""
    start_writing()  # downloads are GET requests, which only read until now
    with transaction():
        audit.record(action, user=user, actor=actor, object_type=object_type,
                     object_id=object_id, organisation_id=organisation_id, office_id=office_id,
                     rows=rows, **detail)


def record_download(action: str, *, user: User, object_type: str, object_id: Any,
                    office_id: int | None = None, **detail: Any) -> None:
    """Write one audit event for a file download that is not a roll-up (a questionnaire
    version's YAML) and commit. It belongs to ``office_id``, else to the user's office: a
    library download is recorded in the office of whoever downloaded it."""
    start_writing()
    with transaction():
        audit.record(action, user=user, object_type=object_type, object_id=object_id,
                     office_id=office_id if office_id is not None else user.office_id,
                     **detail)

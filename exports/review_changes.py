"""What a resubmitted response changed since the OPCC last returned it: a read for
the review page of a response. Read-only: never writes or commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from models import Response, ResponseRevision, db
from models.status import RETURNED, SUBMITTED_ONCE


@dataclass
class SinceReturn:
    returned_at: datetime  # when the response was last returned
    questions: set[str] = field(default_factory=set)  # question ids whose answer changed


def changes_since_return(response: Response) -> SinceReturn | None:
    """The questions whose answer, explanation or gaps differ now from when the
    response was last returned; None if it was never returned, or is back with the
    respondent (nothing resubmitted yet). A change undone again is no change."""
    if response.status == RETURNED or response.status not in SUBMITTED_ONCE:
        return None
    rows = list(db.session.scalars(
        select(ResponseRevision).where(ResponseRevision.response_id == response.id)
        .order_by(ResponseRevision.number)))
    returns = [n for n, row in enumerate(rows) if row.action == "return"]
    if not returns:
        return None
    first_before: dict[str, dict] = {}
    last_after: dict[str, dict] = {}
    for row in rows[returns[-1] + 1:]:
        for qid, change in (row.changes or {}).items():
            first_before.setdefault(qid, change.get("before") or {})
            last_after[qid] = change.get("after") or {}
    changed = {qid for qid, after in last_after.items()
               if _comparable(first_before[qid]) != _comparable(after)}
    return SinceReturn(rows[returns[-1]].at, changed)


def _comparable(state: dict) -> dict:
    """A snapshot without what a confirmation alone changes."""
    return {k: v for k, v in state.items() if k != "from_last_round" and v not in (None, [], "")}

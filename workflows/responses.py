"""Responses: reading answers, saving drafts section by section, submitting.

Saves and submits are guarded by the response revision (see ``revisions``):
a save names the revision it started from and is refused when somebody else
has since changed a question of the same section; a submit is one
conditional UPDATE, so two submits of the same response can never both win.
"""

from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import select

from models import Answer, Response, db


def answers_by_question(response: Response) -> dict[str, Answer]:
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id))
    return {a.question_id: a for a in rows}


def answers_snapshot(response: Response, question_ids: Iterable[str] | None = None) -> dict[str, dict]:
    """``{question_id: {"value", "explanation", "from_last_round"}}`` of the
    stored answers (only questions that have an Answer row), optionally
    limited to ``question_ids``. Plain JSON-able data: revision rows store it."""
    wanted = set(question_ids) if question_ids is not None else None
    out: dict[str, dict[str, Any]] = {}
    for qid, answer in answers_by_question(response).items():
        if wanted is None or qid in wanted:
            out[qid] = {"value": answer.value, "explanation": answer.explanation,
                        "from_last_round": bool(answer.from_last_round)}
    return out

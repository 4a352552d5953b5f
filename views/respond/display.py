"""Answers as lines of text, for check-your-answers and the conflict page."""

from __future__ import annotations

from typing import Any, Mapping

from forms.format.definition import Question
from workflows.review import comments_for


def value_text(q: Question, value: Any) -> str:
    return q.label_for(value)


def _gap_line(gap: Mapping[str, Any]) -> str:
    title = gap.get("title") or "(no title yet)"
    extra = []
    if gap.get("status") == "closed":
        extra.append("closed")
    if gap.get("owner"):
        extra.append(f"owner: {gap['owner']}")
    if gap.get("target_date"):
        target = gap["target_date"]
        extra.append(f"target: {target.isoformat() if hasattr(target, 'isoformat') else target}")
    return f"Gap: {title}" + (f" ({'; '.join(extra)})" if extra else "")


def _lines(q: Question, value: Any, explanation: str | None, gaps) -> list[str]:
    lines = []
    text = value_text(q, value)
    if text:
        lines.append(text)
    if explanation:
        lines.append(f"Explanation: {explanation}")
    lines.extend(_gap_line(g) for g in gaps or [])
    return lines


def answer_lines(q: Question, item: Mapping[str, Any] | None) -> list[str]:
    """A stored answer (``responses.stored_answers`` item) as lines."""
    if not item:
        return []
    return _lines(q, item.get("value"), item.get("explanation"), item.get("gaps"))


def posted_lines(q: Question, data) -> list[str]:
    """A posted answer (``builder.AnswerData``) as lines."""
    if data is None or getattr(data, "hidden", False):
        return []
    return _lines(q, data.value, data.explanation, data.gaps)


def review_comments(response) -> dict:
    """{question id or None: [ReviewComment]}: the review's comments on the response."""
    return comments_for(response)

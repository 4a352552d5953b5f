"""What one revision changed, as rows a person can read: pure, no database.

A revision row stores ``{question_id: {"before": side, "after": side}}``, each side
``{"value", "explanation", "from_last_round", "addition", "gaps": [gap snapshot]}``
(any key may be missing, a side may be None). ``question_changes`` turns one
question's change into the answer's fields and, per gap, the gap's fields, each
with its before, its after and whether it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping

# (key, label, kind): kind "value" reads through the question, "text" as paragraphs,
# "flag" as yes/no, "date" as a date, "status" as a gap status.
ANSWER_FIELDS = (
    ("value", "Answer", "value"),
    ("explanation", "Explanation", "text"),
    ("from_last_round", "Carried from last round, not yet confirmed", "flag"),
    ("addition", "Information provided after the meeting", "text"),
)
GAP_FIELDS = (
    ("title", "Title", "text"),
    ("detail", "Detail", "text"),
    ("area", "Area", "text"),
    ("owner", "Owner", "text"),
    ("target_date", "Target date", "date"),
    ("status", "Status", "status"),
    ("update", "Update", "text"),
    ("closing_note", "Closing note", "text"),
)


@dataclass
class FieldChange:
    key: str
    label: str
    kind: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        if _blank(self.before) and _blank(self.after):
            return False
        return self.before != self.after


@dataclass
class GapChange:
    title: str
    state: str  # "added", "removed", "changed" or "unchanged"
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class QuestionChange:
    question_id: str
    fields: list[FieldChange]
    gaps: list[GapChange]
    has_gaps: bool


def _blank(value: Any) -> bool:
    return value in (None, "", [], False)


def _read(kind: str, value: Any) -> Any:
    if kind == "date" and isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _fields(spec, before: Mapping | None, after: Mapping | None, *, only_present=True):
    before, after = before or {}, after or {}
    rows = []
    for key, label, kind in spec:
        if only_present and key not in before and key not in after:
            continue
        rows.append(FieldChange(key, label, kind, _read(kind, before.get(key)),
                                _read(kind, after.get(key))))
    return rows


def _gap_changes(before: list | None, after: list | None) -> list[GapChange]:
    old = {g.get("gap_id"): g for g in before or []}
    new = {g.get("gap_id"): g for g in after or []}
    order = [g.get("gap_id") for g in after or []]
    order += [gid for gid in old if gid not in new]
    out = []
    for gap_id in order:
        b, a = old.get(gap_id), new.get(gap_id)
        rows = _fields(GAP_FIELDS, b, a, only_present=False)
        if b is None:
            state = "added"
        elif a is None:
            state = "removed"
        else:
            state = "changed" if any(r.changed for r in rows) else "unchanged"
        title = (a or b).get("title") or "Untitled gap"
        out.append(GapChange(title, state, rows))
    return out


def question_changes(question_id: str, change: Mapping | None) -> QuestionChange:
    """One question's change, field by field (answer first, then each gap)."""
    change = change or {}
    before, after = change.get("before") or {}, change.get("after") or {}
    rows = _fields(ANSWER_FIELDS, before, after)
    rows = [r for r in rows if r.changed or r.key in ("value", "explanation")]
    has_gaps = "gaps" in before or "gaps" in after
    gaps = _gap_changes(before.get("gaps"), after.get("gaps")) if has_gaps else []
    return QuestionChange(question_id, rows, gaps, has_gaps)


def revision_changes(changes: Mapping | None) -> list[QuestionChange]:
    """Every question a revision changed, in the stored order."""
    return [question_changes(qid, change) for qid, change in (changes or {}).items()]

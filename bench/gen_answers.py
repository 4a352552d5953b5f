"""Answers, ratings and gaps for one generated response (plain row dicts).

Ratings follow a random walk per organisation and question that drifts
slowly upwards (forces get more confident over ten years, unevenly); long
answers are often kept from the last round, as respondents do; ``show_if``
is respected (a hidden question has no answer); some optional questions are
left unanswered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from forms.format.definition import Definition, Question

from .gen_questionnaire import GAP_AREAS, PRIORITIES
from .gen_text import TextMaker


@dataclass
class GapState:
    """An open gap as the generator tracks it between rounds."""

    id: int
    question_id: str  # where it stood last
    section_id: str | None
    position: int


@dataclass
class OrgState:
    """What the generator remembers of one organisation between rounds."""

    id: int
    users: list[int]
    levels: dict[str, float] = field(default_factory=dict)  # trend key -> rating level
    last: dict[str, tuple[Any, str | None]] = field(default_factory=dict)  # trend key -> answer
    last_by_id: dict[str, tuple[Any, str | None]] = field(default_factory=dict)  # question id ->
    last_definition: Definition | None = None
    open_gaps: list[GapState] = field(default_factory=list)


class AnswerMaker:
    def __init__(self, rng: random.Random, text: TextMaker, lineage) -> None:
        self.rng, self.text, self.lineage = rng, text, lineage

    def rating(self, org: OrgState, key: str) -> int:
        r = self.rng
        level = org.levels.get(key)
        level = r.uniform(1.6, 3.8) if level is None else level + r.gauss(0.05, 0.3)
        level = min(5.0, max(1.0, level))
        org.levels[key] = level
        return int(min(5, max(1, round(level))))

    def value(self, q: Question, org: OrgState, key: str, when: date) -> tuple[Any, str | None]:
        """(value, explanation) for one question."""
        r, t = self.rng, self.text
        kind = q.type
        previous = org.last.get(key)
        if kind == "rating":
            explanation = None
            if q.explain == "required" or (q.explain == "optional" and r.random() < 0.6):
                explanation = t.text(50, 1500)
            return self.rating(org, key), explanation
        if kind == "long_text":
            if previous is not None and isinstance(previous[0], str) and r.random() < 0.35:
                return previous[0], None  # kept from last round
            return t.text(50, min(3000, q.max_length or 3000)), None
        if kind == "text":
            return f"{t.owner()}, {t.short(150)}"[: q.max_length or 200], None
        if kind == "yes_no":
            return ("yes" if r.random() < 0.7 else "no"), None
        if kind == "choice":
            return r.choices([o.value for o in q.options], weights=[2, 5, 3, 1][: len(q.options)]
                             if len(q.options) == len(PRIORITIES) else None)[0], None
        if kind == "multi_choice":
            values = [o.value for o in q.options]
            picked = set(r.sample(values, r.randint(1, min(3, len(values)))))
            return [v for v in values if v in picked], None
        if kind == "number":
            number = int(r.lognormvariate(3.5, 1.0)) if q.integer else round(r.uniform(0, 100), 1)
            return number, None
        if kind == "date":
            return (when - timedelta(days=r.randint(1, 300))).isoformat(), None
        return None, None

    def answers(self, definition: Definition, org: OrgState, when: date,
                skip_optional: float = 0.05) -> dict[str, tuple[Any, str | None]]:
        """{question id: (value, explanation)} of one complete response."""
        out: dict[str, tuple[Any, str | None]] = {}
        values: dict[str, Any] = {}
        for q in definition.questions:
            if not q.kind.has_answer or not definition.visible(q, values):
                continue
            if not q.required and self.rng.random() < skip_optional:
                continue
            out[q.id] = self.value(q, org, self.lineage.key(q.id), when)
            values[q.id] = out[q.id][0]
        return out

    def remember(self, org: OrgState, definition: Definition, answers: dict) -> None:
        org.last = {self.lineage.key(qid): item for qid, item in answers.items()}
        org.last_by_id = dict(answers)
        org.last_definition = definition

    # ---------------------------------------------------------------- gaps

    def new_gap(self, *, org_id: int, questionnaire_key: str, question_id: str, round_id: int,
                response_id: int, user_id: int, at: datetime, when: date) -> dict:
        r, t = self.rng, self.text
        return {
            "organisation_id": org_id, "questionnaire_key": questionnaire_key,
            "question_id": question_id, "title": t.gap_title(),
            "detail": t.text(50, 800) if r.random() < 0.8 else None,
            "area": r.choice(GAP_AREAS) if r.random() < 0.9 else None,
            "owner": t.owner() if r.random() < 0.7 else None,
            "target_date": when + timedelta(days=r.randint(60, 540)) if r.random() < 0.6 else None,
            "status": "open", "first_round_id": round_id, "first_response_id": response_id,
            "closed_round_id": None, "closing_note": None, "created_at": at,
            "created_by_id": user_id,
        }

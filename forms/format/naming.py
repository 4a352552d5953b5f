"""Form field names for questions.

Question ids are slugs (``[a-z][a-z0-9-]*``) and may contain hyphens, which
WTForms uses as its separator for nested fields, so each id maps to names with
hyphens replaced by underscores. Ids never contain underscores, so the mapping
is one-to-one, and each kind of field has its own prefix, so no name of one
kind can equal a name of another whatever the ids are:

- ``q_<id>``: the answer (absent for ``type: gaps``);
- ``explain_<id>``: a rating's explanation (when ``explain`` is not ``none``);
- ``gaps_<id>``: the identified gaps list (``gaps: true`` or ``type: gaps``),
  whose items are ``gaps_<id>-<n>-title`` and so on.
"""

from __future__ import annotations

from dataclasses import dataclass

from .definition import Question

ANSWER_PREFIX = "q_"
EXPLAIN_PREFIX = "explain_"
GAPS_PREFIX = "gaps_"

# Names of the no-JavaScript "add another" and "remove" submit buttons.
ADD_GAP = "add_gap"
REMOVE_GAP = "remove_gap"


def safe_id(question_id: str) -> str:
    return question_id.replace("-", "_")


def answer_name(question_id: str) -> str:
    return ANSWER_PREFIX + safe_id(question_id)


def explain_name(question_id: str) -> str:
    return EXPLAIN_PREFIX + safe_id(question_id)


def gaps_name(question_id: str) -> str:
    return GAPS_PREFIX + safe_id(question_id)


@dataclass(frozen=True)
class QuestionFields:
    """The names of one question's fields in a generated form (None: absent)."""

    question_id: str
    answer: str | None
    explain: str | None
    gaps: str | None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.answer, self.explain, self.gaps) if n)

    @classmethod
    def for_question(cls, q: Question) -> QuestionFields:
        return cls(
            question_id=q.id,
            answer=answer_name(q.id) if q.kind.has_answer else None,
            explain=explain_name(q.id) if q.kind.has_explanation(q) else None,
            gaps=gaps_name(q.id) if q.has_gaps else None,
        )

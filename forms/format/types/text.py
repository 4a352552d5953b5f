"""``text`` and ``long_text``: free text, kept exactly as typed."""

from __future__ import annotations

from typing import Any, ClassVar

from ..values import MAX_MAX_LENGTH
from .base import NotesAnswer, QuestionKind


class Text(QuestionKind):
    name = "text"
    keys = ("max_length",)
    display = "paragraphs"
    default_max_length: ClassVar[int] = 200

    def read_fields(self, ctx, mapping, info):
        length = ctx.ck.integer(mapping, "max_length", info.where, 1, MAX_MAX_LENGTH)
        info.fields["max_length"] = length or self.default_max_length

    def condition_accepts(self, fields):
        return (lambda v: isinstance(v, str) and bool(v.strip())), "text"

    def example(self, kw):
        if "max_length" not in kw:
            kw["max_length"] = self.default_max_length
        return kw

    def cell_value(self, q, value, rating=None):
        return value if isinstance(value, str) else str(value)

    def notes_answer(self, q, value, explanation):
        return NotesAnswer(text=value if isinstance(value, str) else None, paragraphs=True)

    def value_fits(self, q, value: Any, old_question=None) -> bool:
        return isinstance(value, str) and len(value) <= (q.max_length or MAX_MAX_LENGTH)


class LongText(Text):
    name = "long_text"
    keys = ("max_length", "gaps")
    default_max_length = 10000

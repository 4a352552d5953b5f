"""``gaps``: a question whose whole answer is its list of identified gaps."""

from __future__ import annotations

from .base import NotesAnswer, QuestionKind


class Gaps(QuestionKind):
    name = "gaps"
    has_answer = False

    def read_fields(self, ctx, mapping, info):
        pass

    def condition_accepts(self, fields):
        return None  # no single value: only "answered: true" applies

    def example(self, kw):
        kw["gaps"] = True
        return kw

    def cell_value(self, q, value, rating=None):
        return self.label_for(q, value)

    def notes_answer(self, q, value, explanation):
        return NotesAnswer()

    def value_fits(self, q, value, old_question=None):
        return False  # never carried: its gaps carry on their own

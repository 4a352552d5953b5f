"""``number``: an int or float, optionally whole and within bounds."""

from __future__ import annotations

import math
from typing import Any

from ..check_common import is_number
from .base import NotesAnswer, QuestionKind


class Number(QuestionKind):
    name = "number"
    keys = ("min", "max", "integer")
    compares_numbers = True
    is_figure = True

    def read_fields(self, ctx, mapping, info):
        ck, fields, where = ctx.ck, info.fields, info.where
        low = ck.number(mapping, "min", where)
        high = ck.number(mapping, "max", where)
        whole = ck.boolean(mapping, "integer", where)
        if low is not None and high is not None and low > high:
            ck.error(ck.value_at(mapping, "max"), f'"max" {where} ({high}) is less than '
                     f'"min" ({low})')
        fields.update(min=low, max=high, integer=bool(whole))
        if ("min" in mapping and low is None) or ("max" in mapping and high is None):
            info.complete = False

    def condition_accepts(self, fields):
        low, high, whole = fields.get("min"), fields.get("max"), fields.get("integer")

        def accepts(v: Any) -> bool:
            if not is_number(v) or not math.isfinite(v):
                return False
            if whole and v != int(v):
                return False
            return (low is None or v >= low) and (high is None or v <= high)

        allowed = "a whole number" if whole else "a number"
        if low is not None and high is not None:
            allowed += f" from {low} to {high}"
        elif low is not None:
            allowed += f" of at least {low}"
        elif high is not None:
            allowed += f" of at most {high}"
        return accepts, allowed

    def cell_value(self, q, value, rating=None):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        return self.label_for(q, value)

    def notes_answer(self, q, value, explanation):
        if self.is_value_empty(value):
            return NotesAnswer()
        return NotesAnswer(text=self.label_for(q, value))

    def value_fits(self, q, value, old_question=None):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if q.integer and float(value) != int(value):
            return False
        if q.min is not None and value < q.min:
            return False
        return q.max is None or value <= q.max

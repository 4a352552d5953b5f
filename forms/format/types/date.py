"""``date``: a calendar date, stored as an ISO string (YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..dates import iso_text_date
from ..values import MAX_MAX_LENGTH
from .base import NotesAnswer, QuestionKind

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class Date(QuestionKind):
    name = "date"

    def read_fields(self, ctx, mapping, info):
        pass

    def condition_accepts(self, fields):
        return is_iso_date, "a date written as YYYY-MM-DD"

    def cell_value(self, q, value, rating=None):
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)

    def notes_answer(self, q, value, explanation):
        if self.is_value_empty(value):
            return NotesAnswer()
        return NotesAnswer(text=iso_text_date(value))

    def value_fits(self, q, value, old_question=None):
        return isinstance(value, str) and len(value) <= (q.max_length or MAX_MAX_LENGTH)

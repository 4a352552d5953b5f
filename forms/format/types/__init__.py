"""The question types of the format, one class per type.

``TYPES`` maps each type name to the instance that knows the type's pure
behaviour (``base.QuestionKind``): the YAML keys it accepts and their checks,
which show_if operators and values apply to it, its options, how a stored
value reads (review pages, notes, spreadsheet cells) and whether last round's
answer still fits. The form side (``forms.questionnaire.registry``) adds each
type's WTForms field in a subclass. To add a type, add its class here and its
form class there, each with a test.
"""

from __future__ import annotations

from .base import TYPE_SPECIFIC_KEYS, NotesAnswer, QuestionKind
from .choice import Choice, MultiChoice, YesNo
from .date import Date
from .gaps import Gaps
from .number import Number
from .rating import Rating
from .text import LongText, Text

TYPES: dict[str, QuestionKind] = {
    t.name: t for t in (
        Text(), LongText(), Number(), Date(), YesNo(), Choice(), MultiChoice(), Rating(),
        Gaps())
}
QUESTION_TYPES = tuple(TYPES)
RATING_TYPES = tuple(name for name, t in TYPES.items() if t.is_rating)
FIGURE_TYPES = tuple(name for name, t in TYPES.items() if t.is_figure)


def kind_of(name: str) -> QuestionKind:
    """The type called ``name`` (ValueError for an unknown one)."""
    try:
        return TYPES[name]
    except KeyError:
        raise ValueError(f"unknown question type {name!r}") from None


def types_taking(key: str) -> tuple[str, ...]:
    """The types that accept the type-specific YAML key ``key``, in type order."""
    return tuple(name for name, t in TYPES.items() if key in t.keys)


__all__ = ["FIGURE_TYPES", "NotesAnswer", "QUESTION_TYPES", "QuestionKind", "RATING_TYPES",
           "TYPES", "TYPE_SPECIFIC_KEYS", "kind_of", "types_taking"]

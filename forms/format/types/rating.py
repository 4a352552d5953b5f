"""``rating``: a point on a named scale, with an optional explanation."""

from __future__ import annotations

from typing import Any

from ..check_common import and_list, describe, is_int, or_list, quote, suggest
from ..values import BUILTIN_CONFIDENCE, Option
from ..yamlsafe import YScalar
from .base import NotesAnswer, QuestionKind

EXPLAIN = ("none", "optional", "required")


def as_rating_value(rating, value) -> int | None:
    """The stored rating: the ``rating`` copy, else an integer ``value``."""
    if rating is not None:
        return int(rating)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


class Rating(QuestionKind):
    name = "rating"
    keys = ("scale", "explain", "gaps")
    is_rating = True
    compares_numbers = True
    display = "rating"

    def read_fields(self, ctx, mapping, info):
        _read_scale(ctx, mapping, info)
        explain = mapping.get("explain")
        if explain is None:
            return
        value = explain.value if isinstance(explain, YScalar) else None
        if value in EXPLAIN:
            info.fields["explain"] = value
        else:
            ctx.ck.error(ctx.ck.value_at(mapping, "explain"), f'"explain" {info.where} must '
                         f"be {or_list(EXPLAIN)}; got {describe(explain)}")

    def condition_accepts(self, fields):
        values = [p.value for p in fields["scale"]]
        return (lambda v: is_int(v) and v in values), \
            f"one of its scale values: {or_list([str(v) for v in values])}"

    def choices(self, q):
        return tuple(Option(str(p.value), p.label) for p in q.scale)

    def has_explanation(self, q):
        return q.explain in ("optional", "required")

    def example(self, kw):
        kw.setdefault("scale", BUILTIN_CONFIDENCE)
        kw.setdefault("scale_name", "confidence")
        return kw

    def label_for(self, q, value):
        if self.is_value_empty(value):
            return ""
        p = q.point(value)
        return f"{p.value} – {p.label}" if p else str(value)

    def cell_value(self, q, value, rating=None):
        number = as_rating_value(rating, value)
        if number is None:
            return str(value)
        point = q.point(number)
        return f"{number} – {point.label if point else number}"

    def notes_answer(self, q, value, explanation):
        point = q.point(value) if value not in (None, "") else None
        return NotesAnswer(rating=point.label if point else None, text=explanation,
                           paragraphs=True)

    def value_fits(self, q, value, old_question=None):
        same_scale = old_question is None or old_question.scale_name == q.scale_name
        return same_scale and not isinstance(value, bool) and q.point(value) is not None

    def stored_rating(self, value: Any) -> int | None:
        return int(value) if isinstance(value, (int, float)) else None

    def carried_rating(self, value):
        return value


def _read_scale(ctx, mapping, info) -> None:
    ck, where = ctx.ck, info.where
    node = mapping.get("scale")
    name = "confidence"
    if node is not None:
        value = node.value if isinstance(node, YScalar) else None
        if not isinstance(value, str) or not value:
            ck.error(ck.value_at(mapping, "scale"), f'"scale" {where} must be the name of a '
                     f"scale; got {describe(node)}")
            name = None
        elif value not in ctx.scales:
            close = suggest(value, ctx.scales)
            advice = f"did you mean {quote(close)}?" if close else \
                f'the scales are {and_list(sorted(ctx.scales))}'
            ck.error(node, f'"scale" {where} names the scale {quote(value)}, which is not '
                     f'defined under "scales"; {advice}')
            name = None
        else:
            name = value
    points = ctx.scales.get(name) if name else None
    info.fields.update(scale_name=name, scale=points or ())
    if points is None:
        info.complete = False

"""XLSForm ``relevant`` expressions of the simple forms, as ``show_if`` conditions.

    ${q} = 'v'          -> {question: q, equals: v}
    ${q} != 'v'         -> {question: q, in: [every other option]}  (choice questions)
    selected(${q}, 'v') -> {question: q, equals: v}  (equals on a multi-choice: v picked)
    ${q} <= n           -> {question: q, at_most: n}
    ${q} >= n           -> {question: q, at_least: n}
    ${q} != ''          -> {question: q, answered: true}
    ${q} = 'a' or ${q} = 'b'  (or selected(...) or ...) -> {question: q, in: [a, b]}

Anything else cannot be converted and is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_VALUE = r"(?:'(?P<sq>[^']*)'|\"(?P<dq>[^\"]*)\"|(?P<num>-?\d+(?:\.\d+)?))"
_COMPARE = re.compile(r"^\$\{(?P<name>[^}\s]+)\}\s*(?P<op>=|!=|<=|>=)\s*" + _VALUE + r"$")
_SELECTED = re.compile(r"^selected\(\s*\$\{(?P<name>[^}\s]+)\}\s*,\s*" + _VALUE + r"\s*\)$")
FORMS = ("${q} = 'v'", "${q} != 'v'", "selected(${q}, 'v')", "${q} <= n", "${q} >= n",
         "${q} != ''", "and any of the \"=\" or selected() forms on one question joined "
         "by \"or\"")
UNSUPPORTED = ("this condition cannot be converted; the forms that can are "
               + ", ".join(FORMS))


@dataclass(frozen=True)
class Parsed:
    name: str  # the XLSForm name referred to
    op: str  # "=", "!=", "<=", ">=", "selected"
    value: Any  # str, int or float
    quoted: bool


def parse(expression: str) -> Parsed | None:
    """The expression's parts, or None when it is not one of the simple forms."""
    text = " ".join(expression.split())
    parts = [_one(p) for p in re.split(r"\s+or\s+", text)]
    if len(parts) == 1 or None in parts:
        return parts[0] if len(parts) == 1 else None
    if len({p.name for p in parts}) != 1 or any(p.op not in ("=", "selected") for p in parts):
        return None
    return Parsed(parts[0].name, "in", [p.value for p in parts], parts[0].quoted)


def _one(text: str) -> Parsed | None:
    match = _COMPARE.match(text)
    op = match.group("op") if match else None
    if not match:
        match = _SELECTED.match(text)
        op = "selected"
    if not match:
        return None
    quoted = match.group("num") is None
    if quoted:
        raw = match.group("sq") if match.group("sq") is not None else match.group("dq")
        value: Any = raw
    else:
        number = float(match.group("num"))
        value = int(number) if number.is_integer() else number
    return Parsed(match.group("name"), op, value, quoted)


def condition(parsed: Parsed, target_id: str, kind: str,
              options: list[str]) -> tuple[dict | None, str | None, str | None]:
    """(show_if, comment, problem) for a parsed expression on a question of ``kind``
    whose option values are ``options`` (choice-like questions)."""
    if parsed.op in ("<=", ">="):
        if parsed.quoted or kind not in ("number", "rating"):
            return None, None, f"\"{parsed.op}\" compares numbers: it needs a number or " \
                               "rating question and a number without quotes"
        key = "at_most" if parsed.op == "<=" else "at_least"
        return {"question": target_id, key: parsed.value}, None, None
    if parsed.op == "!=":
        return _not_equal(parsed, target_id, options)
    if parsed.op == "in":
        return {"question": target_id, "in": [_typed(v, kind) for v in parsed.value]}, \
            None, None
    return {"question": target_id, "equals": _typed(parsed.value, kind)}, None, None


def _typed(value: Any, kind: str) -> Any:
    """A quoted number compared with a number or rating question is that number."""
    if kind in ("number", "rating") and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def _not_equal(parsed: Parsed, target_id: str, options: list[str]):
    if parsed.quoted and parsed.value == "":
        return {"question": target_id, "answered": True}, None, None
    if not options or str(parsed.value) not in options:
        return None, None, ("\"!=\" can be converted only for a choice question and one "
                            "of its options (or '' for \"answered\")")
    others = [o for o in options if o != str(parsed.value)]
    comment = f"from {parsed.name} != '{parsed.value}': any other option"
    return {"question": target_id, "in": others}, comment, None

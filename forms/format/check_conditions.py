"""Validator checks for ``show_if`` conditions."""

from __future__ import annotations

import math
from typing import Any

from .check_common import describe, is_number, key_text, or_list, quote, suggest
from .check_questions import Context, QInfo
from .definition import Condition
from .types import kind_of
from .yamlsafe import Node, YMap, YScalar, YSeq

OPERATORS = ("equals", "in", "answered", "at_most", "at_least")
SHOW_IF_KEYS = ("question",) + OPERATORS


def check_show_if(ctx: Context, mapping: YMap, info: QInfo) -> Condition | None:
    node = mapping.get("show_if")
    if node is None:
        return None
    ck = ctx.ck
    owner = f"the show_if of {info.where[3:]}"
    cond = ck.mapping(ck.value_at(mapping, "show_if") if _blank(node) else node,
                      f'"show_if" {info.where}')
    if cond is None:
        return None
    ck.keys(cond, SHOW_IF_KEYS, f"in {owner}", required=("question",))
    ops = [(key, value) for key, value in cond.items() if key_text(key) in OPERATORS]
    if not ops:
        ck.error(cond, f"{owner} needs a condition: {or_list(OPERATORS)}")
    for key, _ in ops[1:]:
        ck.error(key, f"{owner} can have only one condition; it already has "
                 f"{quote(key_text(ops[0][0]))}")
    target = _target(ctx, cond, info, owner)
    if len(ops) != 1:
        return None
    key, value_node = ops[0]
    operator = key_text(key)
    ok, value = _operand(ctx, operator, key, value_node, target, owner)
    if not ok or target is None:
        return None
    field = "in_" if operator == "in" else operator
    return Condition(question=target.id, **{field: value})


def _blank(node: Node) -> bool:
    return isinstance(node, YScalar) and node.blank


def _target(ctx: Context, cond: YMap, info: QInfo, owner: str) -> QInfo | None:
    node = cond.get("question")
    if node is None:
        return None
    ck = ctx.ck
    name = node.value if isinstance(node, YScalar) else None
    if not isinstance(name, str) or not name:
        ck.error(ck.value_at(cond, "question"), f'"question" in {owner} must be the id of an '
                 f"earlier question; got {describe(node)}")
        return None
    if name == info.id:
        ck.error(node, f"{owner} names the question itself; a condition can only depend "
                 "on an earlier question")
    elif name in ctx.infos:
        return ctx.infos[name]
    elif name in ctx.order:
        ck.error(node, f"{owner} names question {quote(name)}, which comes later in the "
                 "file; a condition can only depend on an earlier question")
    else:
        close = suggest(name, ctx.infos)
        advice = f"; did you mean {quote(close)}?" if close else ""
        ck.error(node, f"{owner} names question {quote(name)}, which is not a question in "
                 f"this questionnaire{advice}")
    return None


def _operand(ctx: Context, operator: str, key: Node, node: Node, target: QInfo | None,
             owner: str) -> tuple[bool, Any]:
    ck = ctx.ck
    at = key if _blank(node) else node
    if operator == "answered":
        if isinstance(node, YScalar) and node.value is True:
            return True, True
        ck.error(at, f'"answered" in {owner} can only be true (show this question once '
                 f"the other has been answered); got {describe(node)}")
        return False, None
    if operator == "in":
        return _operand_list(ctx, node, target, owner)
    if operator in ("at_most", "at_least"):
        if target is not None and target.type is not None \
                and not kind_of(target.type).compares_numbers:
            ck.error(key, f'"{operator}" in {owner} works only with rating and number '
                     f"questions; question {quote(target.id)} is a {target.type} question")
            return False, None
        if not isinstance(node, YScalar) or not is_number(node.value) \
                or not math.isfinite(node.value):
            ck.error(at, f'"{operator}" in {owner} must be a number; got {describe(node)}')
            return False, None
    return _check_value(ctx, node, target, owner, at), _scalar_value(node)


def _scalar_value(node: Node) -> Any:
    return node.value if isinstance(node, YScalar) else None


def _operand_list(ctx: Context, node: Node, target: QInfo | None, owner: str
                  ) -> tuple[bool, Any]:
    ck = ctx.ck
    if not isinstance(node, YSeq) or not node.items:
        what = "must not be an empty list" if isinstance(node, YSeq) else \
            f"must be a list of values, such as [a, b]; got {describe(node)}"
        ck.error(node, f'"in" in {owner} {what}')
        return False, None
    ok = True
    for item in node.items:
        ok = _check_value(ctx, item, target, owner, item) and ok
    return ok, tuple(_scalar_value(item) for item in node.items)


def _check_value(ctx: Context, node: Node, target: QInfo | None, owner: str, at: Node
                 ) -> bool:
    """Whether a condition's value is one the target question can take."""
    if not isinstance(node, YScalar) or node.value is None:
        ctx.ck.error(at, f"{owner} must compare with a single value; got {describe(node)}")
        return False
    if target is None or target.type is None or not target.complete:
        return True
    accepted = kind_of(target.type).condition_accepts(target.fields)
    if accepted is None:
        ctx.ck.error(at, f"{owner} compares with a value, but question {quote(target.id)} is "
                     'a gaps question, which has no single value; use "answered: true"')
        return False
    accepts, allowed = accepted
    if accepts(node.value):
        return True
    ctx.ck.error(at, f"{owner} uses {describe(node)}, but question {quote(target.id)} "
                 f"({target.type}) can only be {allowed}")
    return False

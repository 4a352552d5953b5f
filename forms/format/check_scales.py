"""Validator checks for scales, option lists and options."""

from __future__ import annotations

from .check_common import Checker, describe, key_text, quote
from .values import BUILTIN_CONFIDENCE, Option, ScalePoint
from .yamlsafe import Node, YMap, YScalar, YSeq

POINT_KEYS = ("value", "label", "rag", "description")
OPTION_KEYS = ("value", "label")
RAGS = ("red", "amber", "green")
MIN_POINTS, MAX_POINTS = 2, 11

Scales = dict[str, "tuple[ScalePoint, ...] | None"]
Lists = dict[str, "tuple[Option, ...] | None"]


def _optional_mapping(ck: Checker, top: YMap, key: str) -> YMap | None:
    node = top.get(key)
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return None
    return ck.mapping(node, f'"{key}"')


def check_scales(ck: Checker, top: YMap) -> Scales:
    """The file's scales by name (None for a malformed one), with the
    built-in ``confidence`` unless the file declares its own."""
    scales: Scales = {"confidence": BUILTIN_CONFIDENCE}
    node = _optional_mapping(ck, top, "scales")
    if node is None:
        return scales
    for key, value in node.items():
        name = ck.slug_node(key, f"the scale name {quote(key_text(key))}", name=True)
        points = check_scale(ck, key_text(key), value)
        if name:
            scales[name] = points
    return scales


def check_scale(ck: Checker, name: str, node: Node) -> tuple[ScalePoint, ...] | None:
    if not isinstance(node, YSeq):
        ck.error(node, f"scale {quote(name)} must be a list of points, each with a value and "
                 f"a label; got {describe(node)}")
        return None
    count = len(node.items)
    if not MIN_POINTS <= count <= MAX_POINTS:
        plural = "point" if count == 1 else "points"
        ck.error(node, f"scale {quote(name)} has {count} {plural}; a scale must have "
                 f"{MIN_POINTS} to {MAX_POINTS} points")
    points: list[ScalePoint] = []
    seen: dict[int, int] = {}
    highest: int | None = None
    ok = True
    for number, item in enumerate(node.items, 1):
        point = _scale_point(ck, name, number, item)
        if point is None:
            ok = False
            continue
        at = item.get("value")  # type: ignore[union-attr]
        if point.value in seen:
            ck.error(at, f"duplicate value {point.value} in scale {quote(name)} "
                     f"(first on line {seen[point.value]})")
            ok = False
        elif highest is not None and point.value < highest:
            ck.error(at, f"the values of scale {quote(name)} must go up: {point.value} "
                     f"comes after {highest}")
            ok = False
        seen.setdefault(point.value, at.line)
        highest = point.value if highest is None else max(highest, point.value)
        points.append(point)
    if not ok or not MIN_POINTS <= count <= MAX_POINTS:
        return None
    return tuple(points)


def _scale_point(ck: Checker, name: str, number: int, node: Node) -> ScalePoint | None:
    where = f"in point {number} of scale {quote(name)}"
    point = ck.mapping(node, f"point {number} of scale {quote(name)}")
    if point is None:
        return None
    before = len(ck.problems)
    ck.keys(point, POINT_KEYS, where, required=("value", "label"))
    value = ck.integer(point, "value", where)
    label = ck.text(point, "label", where)
    description = ck.text(point, "description", where, optional=True)
    rag = None
    if "rag" in point:
        rag_node = point.get("rag")
        rag = rag_node.value if isinstance(rag_node, YScalar) else None
        if rag not in RAGS:
            ck.error(ck.value_at(point, "rag"), f'"rag" {where} must be red, amber or green; '
                     f"got {describe(rag_node)}")
    if len(ck.problems) > before or value is None or label is None:
        return None
    return ScalePoint(value, label, rag, description)


def check_lists(ck: Checker, top: YMap) -> Lists:
    """The file's option lists by name (None for a malformed one)."""
    lists: Lists = {}
    node = _optional_mapping(ck, top, "lists")
    if node is None:
        return lists
    for key, value in node.items():
        name = ck.slug_node(key, f"the list name {quote(key_text(key))}", name=True)
        owner = f"list {quote(key_text(key))}"
        options = None
        if not isinstance(value, YSeq):
            ck.error(value, f"{owner} must be a list of options; got {describe(value)}")
        elif not value.items:
            ck.error(value, f"{owner} must not be an empty list")
        else:
            options = check_options(ck, value, owner)
        if name:
            lists[name] = options
    return lists


def check_options(ck: Checker, node: YSeq, owner: str) -> tuple[Option, ...] | None:
    """Options given inline (a non-empty list); ``owner`` names where they are."""
    options: list[Option] = []
    first_line: dict[str, int] = {}
    ok = True
    for number, item in enumerate(node.items, 1):
        option = _option(ck, item, f"option {number} of {owner}")
        if option is None:
            ok = False
            continue
        if option.value in first_line:
            ck.error(item, f"duplicate option {quote(option.value)} in {owner} "
                     f"(first on line {first_line[option.value]})")
            ok = False
            continue
        first_line[option.value] = item.line
        options.append(option)
    return tuple(options) if ok else None


def _option(ck: Checker, node: Node, what: str) -> Option | None:
    if isinstance(node, YScalar):
        if not isinstance(node.value, str):
            hint = "; put it in quotes" if node.value is not None else ""
            ck.error(node, f"{what} must be text; got {describe(node)}{hint}")
            return None
        value = node.value.strip()
        if not value:
            ck.error(node, f"{what} must not be empty")
            return None
        return Option(value, value)
    mapping = ck.mapping(node, what)
    if mapping is None:
        return None
    where = f"in {what}"
    before = len(ck.problems)
    ck.keys(mapping, OPTION_KEYS, where, required=OPTION_KEYS)
    value = ck.text(mapping, "value", where)
    label = ck.text(mapping, "label", where)
    if len(ck.problems) > before or value is None or label is None:
        return None
    return Option(value, label)

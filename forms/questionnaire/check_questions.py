"""Validator checks for sections and questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .check_common import (
    Checker,
    and_list,
    describe,
    key_text,
    or_list,
    quote,
    suggest,
)
from .check_scales import Lists, Scales, check_options
from .definition import (
    DEFAULT_MAX_LENGTH,
    GAPS_ALLOWED,
    MAX_MAX_LENGTH,
    QUESTION_TYPES,
    Question,
    Section,
)
from .yamlsafe import Node, YMap, YScalar, YSeq

SECTION_KEYS = ("id", "title", "intro", "questions")
COMMON_KEYS = (
    "id", "question", "type", "hint", "required", "show_if", "publish", "themes", "replaces",
)
# keys that only some types take, and the types that take them
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "max_length": ("text", "long_text"),
    "min": ("number",),
    "max": ("number",),
    "integer": ("number",),
    "options": ("choice", "multi_choice"),
    "scale": ("rating",),
    "explain": ("rating",),
    "gaps": GAPS_ALLOWED,
}
ALL_QUESTION_KEYS = COMMON_KEYS + tuple(TYPE_KEYS)
EXPLAIN = ("none", "optional", "required")
QUESTION_MAX = 500


@dataclass
class QInfo:
    """What the checks know about one question (possibly incomplete)."""

    id: str | None
    index: int
    where: str
    type: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    complete: bool = True  # False when a value a condition needs could not be read


@dataclass
class Context:
    ck: Checker
    scales: Scales
    lists: Lists
    order: dict[str, int] = field(default_factory=dict)  # question id -> first index
    infos: dict[str, QInfo] = field(default_factory=dict)  # checked so far, first by id
    first_line: dict[str, int] = field(default_factory=dict)
    type_positions: dict[str, tuple[int, int]] = field(default_factory=dict)


def _question_nodes(sections: YSeq):
    """Every question mapping in file order (for numbering and "earlier")."""
    for section in sections.items:
        questions = section.get("questions") if isinstance(section, YMap) else None
        if isinstance(questions, YSeq):
            yield from (q for q in questions.items)


def check_sections(ctx: Context, top: YMap) -> list[Section]:
    ck = ctx.ck
    seq = ck.nonempty_list(top, "sections", "at the top level")
    if seq is None:
        return []
    for index, node in enumerate(_question_nodes(seq)):
        qid = node.get("id") if isinstance(node, YMap) else None
        if isinstance(qid, YScalar) and isinstance(qid.value, str):
            ctx.order.setdefault(qid.value, index)
    seen: dict[str, int] = {}
    sections: list[Section] = []
    counter = iter(range(1_000_000))
    for number, node in enumerate(seq.items, 1):
        section = _check_section(ctx, node, number, seen, counter)
        if section is not None:
            sections.append(section)
    return sections


def _check_section(ctx: Context, node: Node, number: int, seen: dict[str, int],
                   counter) -> Section | None:
    ck = ctx.ck
    mapping = ck.mapping(node, f"section {number}")
    if mapping is None:
        return None
    raw_id = mapping.get("id")
    name = raw_id.value if isinstance(raw_id, YScalar) and isinstance(raw_id.value, str) else None
    where = f"in section {quote(name)}" if name else f"in section {number}"
    ck.keys(mapping, SECTION_KEYS, where, required=("id", "title", "questions"))
    sid = ck.slug(mapping, "id", where)
    if sid is not None:
        if sid in seen:
            ck.error(raw_id, f"duplicate section id {quote(sid)} (first used on line {seen[sid]})")
        else:
            seen[sid] = raw_id.line
    title = ck.text(mapping, "title", where)
    intro = ck.text(mapping, "intro", where, optional=True)
    questions = []
    seq = ck.nonempty_list(mapping, "questions", where)
    for qnumber, qnode in enumerate(seq.items if seq else (), 1):
        fallback = f"in question {qnumber} of section {quote(name) if name else number}"
        question = check_question(ctx, qnode, next(counter), sid or "", fallback)
        if question is not None:
            questions.append(question)
    if sid is None or title is None or not questions:
        return None
    return Section(sid, title, intro, tuple(questions))


def check_question(ctx: Context, node: Node, index: int, section_id: str, fallback: str
                   ) -> Question | None:
    from .check_conditions import check_show_if  # (cycle: conditions read QInfo)

    ck = ctx.ck
    mapping = ck.mapping(node, fallback[3:])
    if mapping is None:
        return None
    raw_id = mapping.get("id")
    name = raw_id.value if isinstance(raw_id, YScalar) and isinstance(raw_id.value, str) else None
    info = QInfo(name, index, f"in question {quote(name)}" if name else fallback)
    before = len(ck.problems)
    _question_id(ctx, mapping, info)
    info.type = _question_type(ctx, mapping, info)
    _question_keys(ck, mapping, info)
    _common_fields(ctx, mapping, info, section_id)
    if info.type is not None:
        _type_fields(ctx, mapping, info)
    info.fields["show_if"] = check_show_if(ctx, mapping, info)
    if info.id is not None and info.id not in ctx.infos:
        ctx.infos[info.id] = info
    if len(ck.problems) > before:
        return None
    return Question(**info.fields)


def _question_id(ctx: Context, mapping: YMap, info: QInfo) -> None:
    qid = ctx.ck.slug(mapping, "id", info.where)
    if qid is None:
        return  # info.id keeps the id as written, so conditions can still find it
    node = mapping.get("id")
    if qid in ctx.first_line:
        ctx.ck.error(node, f"duplicate question id {quote(qid)} (first used on line "
                     f"{ctx.first_line[qid]}); question ids must be unique across the "
                     "whole questionnaire")
    else:
        ctx.first_line[qid] = node.line
    info.fields["id"] = qid


def _question_type(ctx: Context, mapping: YMap, info: QInfo) -> str | None:
    ck = ctx.ck
    node = mapping.get("type")
    if node is None:
        return None
    at = ck.value_at(mapping, "type")
    if info.id and info.id not in ctx.type_positions:
        ctx.type_positions[info.id] = (at.line, at.column)
    value = node.value if isinstance(node, YScalar) else None
    if value in QUESTION_TYPES:
        info.fields["type"] = value
        return value
    if not isinstance(value, str):
        ck.error(at, f'"type" {info.where} must be one of {or_list(QUESTION_TYPES)}; '
                 f"got {describe(node)}")
        return None
    close = suggest(value, QUESTION_TYPES)
    advice = f'did you mean {quote(close)}?' if close else \
        f"the types are {or_list(QUESTION_TYPES)}"
    ck.error(at, f"unknown type {quote(value)} {info.where}; {advice}")
    return None


def _applies_to(key: str) -> str:
    types = TYPE_KEYS[key]
    return f"{and_list(types)} questions only"


def _question_keys(ck: Checker, mapping: YMap, info: QInfo) -> None:
    """Unknown keys, keys that do not apply to the type, missing keys."""
    applicable = COMMON_KEYS + tuple(
        k for k, types in TYPE_KEYS.items() if info.type is None or info.type in types)
    for key, _ in mapping.items():
        name = key_text(key)
        if name in applicable:
            continue
        if name in TYPE_KEYS:
            ck.error(key, f"key {quote(name)} does not apply to a {info.type} question "
                     f"({info.where[3:]}); it applies to {_applies_to(name)}")
        else:
            ck.unknown_key(key, name, info.where, applicable, ALL_QUESTION_KEYS)
    for name in ("id", "question", "type"):
        if name not in mapping:
            ck.error(mapping, f"missing required key {quote(name)} {info.where}")
    if info.type in ("choice", "multi_choice") and "options" not in mapping:
        ck.error(mapping, f'missing required key "options" {info.where}: a {info.type} '
                 "question needs a list of options or the name of one")


def _common_fields(ctx: Context, mapping: YMap, info: QInfo, section_id: str) -> None:
    ck, where = ctx.ck, info.where
    fields = info.fields
    fields["section_id"] = section_id
    fields["question"] = ck.text(mapping, "question", where, limit=QUESTION_MAX)
    fields["hint"] = ck.text(mapping, "hint", where, optional=True)
    fields["required"] = bool(ck.boolean(mapping, "required", where))
    publish = ck.boolean(mapping, "publish", where)
    fields["publish"] = True if publish is None else publish
    fields["themes"] = _slug_list(ck, mapping, "themes", where, "theme")
    fields["replaces"] = _replaces(ctx, mapping, info)


def _slug_list(ck: Checker, mapping: YMap, key: str, where: str, noun: str
               ) -> tuple[str, ...]:
    seq = ck.nonempty_list(mapping, key, where, allow_empty=True)
    if seq is None:
        return ()
    found = []
    for item in seq.items:
        slug = ck.slug_node(item, f"each {noun} in {quote(key)} {where}")
        if slug is not None and slug not in found:
            found.append(slug)
    return tuple(found)


def _replaces(ctx: Context, mapping: YMap, info: QInfo) -> tuple[str, ...]:
    ids = _slug_list(ctx.ck, mapping, "replaces", info.where, "question id")
    seq = mapping.get("replaces")
    for item in seq.items if isinstance(seq, YSeq) else ():
        value = item.value if isinstance(item, YScalar) else None
        if isinstance(value, str) and value in ctx.order:
            ctx.ck.error(item, f'"replaces" {info.where} names {quote(value)}, which is a '
                         "question of this version; it can only name question ids of "
                         "earlier versions that this version no longer has")
    return ids


def _type_fields(ctx: Context, mapping: YMap, info: QInfo) -> None:
    qtype, ck, where, fields = info.type, ctx.ck, info.where, info.fields
    if qtype in ("text", "long_text"):
        length = ck.integer(mapping, "max_length", where, 1, MAX_MAX_LENGTH)
        fields["max_length"] = length or DEFAULT_MAX_LENGTH[qtype]
    elif qtype == "number":
        _number_fields(ck, mapping, info)
    elif qtype in ("choice", "multi_choice"):
        _options_field(ctx, mapping, info)
    elif qtype == "rating":
        _scale_field(ctx, mapping, info)
        explain = mapping.get("explain")
        if explain is not None:
            value = explain.value if isinstance(explain, YScalar) else None
            if value in EXPLAIN:
                fields["explain"] = value
            else:
                ck.error(ck.value_at(mapping, "explain"), f'"explain" {where} must be '
                         f"{or_list(EXPLAIN)}; got {describe(explain)}")
    if qtype in GAPS_ALLOWED:
        fields["gaps"] = bool(ck.boolean(mapping, "gaps", where))
    elif qtype == "gaps":
        fields["gaps"] = True


def _number_fields(ck: Checker, mapping: YMap, info: QInfo) -> None:
    fields, where = info.fields, info.where
    low = ck.number(mapping, "min", where)
    high = ck.number(mapping, "max", where)
    whole = ck.boolean(mapping, "integer", where)
    if low is not None and high is not None and low > high:
        ck.error(ck.value_at(mapping, "max"), f'"max" {where} ({high}) is less than "min" '
                 f"({low})")
    fields.update(min=low, max=high, integer=bool(whole))
    if ("min" in mapping and low is None) or ("max" in mapping and high is None):
        info.complete = False


def _options_field(ctx: Context, mapping: YMap, info: QInfo) -> None:
    ck, where = ctx.ck, info.where
    node = mapping.get("options")
    options = None
    if node is None:
        pass
    elif isinstance(node, YSeq):
        if not node.items:
            ck.error(node, f'"options" {where} must not be an empty list')
        else:
            options = check_options(ck, node, f"question {quote(info.id)}" if info.id
                                    else where[3:])
    elif isinstance(node, YScalar) and isinstance(node.value, str) and node.value:
        options = _named_list(ctx, node, info)
    else:
        ck.error(ck.value_at(mapping, "options"), f'"options" {where} must be a list of '
                 f"options or the name of a list; got {describe(node)}")
    info.fields["options"] = options or ()
    if options is None:
        info.complete = False


def _named_list(ctx: Context, node: YScalar, info: QInfo):
    name = node.value
    if name in ctx.lists:
        info.fields["options_list"] = name
        return ctx.lists[name]
    close = suggest(name, ctx.lists)
    if close:
        advice = f"did you mean {quote(close)}?"
    elif ctx.lists:
        advice = f'the lists defined under "lists" are {and_list(sorted(ctx.lists))}'
    else:
        advice = 'define it under "lists" or give the options here as a list'
    ctx.ck.error(node, f'"options" {info.where} names the list {quote(name)}, which is not '
                 f"defined; {advice}")
    return None


def _scale_field(ctx: Context, mapping: YMap, info: QInfo) -> None:
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

"""The OData query options a client sends: ``$filter``, ``$orderby``, ``$select``,
``$top``, ``$skip``, ``$count`` and the server's own ``$skiptoken``, read into a plan
that runs in the database.

``$filter`` takes comparisons of a property with a literal (``eq``, ``ne``, ``gt``,
``ge``, ``lt``, ``le``) joined by ``and`` and ``or``, with brackets and ``not``.
Literals: ``'text'`` (a quote doubled inside), numbers, ``true``, ``false``, ``null``,
dates (``2016-09-22``) and date-times (``2016-09-22T10:00:00Z``). Only stored
properties can be filtered or ordered by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

from sqlalchemy import and_, not_, or_

from .model import EntitySet, Prop

MAX_FILTER = 2000
MAX_DEPTH = 20
OPERATORS = ("eq", "ne", "gt", "ge", "lt", "le")
_TOKEN = re.compile(r"""\s*(?:(?P<str>'(?:[^']|'')*')
    |(?P<dt>\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)
    |(?P<date>\d{4}-\d{2}-\d{2})|(?P<num>-?\d+(?:\.\d+)?)|(?P<open>\()|(?P<close>\))
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*))""", re.VERBOSE)


class QueryError(ValueError):
    """A query option the feed cannot read; the message says what is wrong."""


@dataclass
class Plan:
    condition: Any = None  # a SQL condition over the set's columns, or None
    order: list[tuple[str, bool]] = field(default_factory=list)  # (property, descending)
    select: list[str] | None = None  # property names, or None for all
    top: int | None = None
    skip: int = 0
    skiptoken: int = 0
    count: bool = False


def read_options(args: Mapping[str, str], entity: EntitySet, columns) -> Plan:
    """The plan for a request's query options; QueryError for anything unreadable.
    ``columns`` maps a stored property's name to its SQL column."""
    known = {"$filter", "$orderby", "$select", "$top", "$skip", "$count", "$skiptoken",
             "$format"}
    for name in args:
        if name.startswith("$") and name not in known:
            raise QueryError(f"The query option {name} is not supported")
    plan = Plan()
    if args.get("$filter"):
        plan.condition = parse_filter(args["$filter"], entity, columns)
    plan.order = _order(args.get("$orderby", ""), entity)
    if args.get("$select"):
        plan.select = _select(args["$select"], entity)
    plan.top = _whole(args, "$top")
    plan.skip = _whole(args, "$skip") or 0
    plan.skiptoken = _whole(args, "$skiptoken") or 0
    count = args.get("$count", "false").lower()
    if count not in ("true", "false"):
        raise QueryError("$count must be true or false")
    plan.count = count == "true"
    return plan


def _whole(args: Mapping[str, str], name: str) -> int | None:
    text = args.get(name)
    if text is None or text == "":
        return None
    if not text.isdigit() or len(text) > 9:
        raise QueryError(f"{name} must be a whole number, 0 or more")
    return int(text)


def _stored(name: str, entity: EntitySet, option: str) -> Prop:
    prop = entity.prop(name)
    if prop is None:
        raise QueryError(f"{entity.name} has no property {name} (in {option})")
    if prop.computed:
        raise QueryError(f"{name} is worked out for each row and cannot be used in {option}")
    return prop


def _order(text: str, entity: EntitySet) -> list[tuple[str, bool]]:
    order = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        words = part.split()
        if len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise QueryError(f"$orderby takes properties, each with asc or desc; got {part!r}")
        _stored(words[0], entity, "$orderby")
        order.append((words[0], len(words) == 2 and words[1].lower() == "desc"))
    return order


def _select(text: str, entity: EntitySet) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    for name in names:
        if entity.prop(name) is None:
            raise QueryError(f"{entity.name} has no property {name} (in $select)")
    return names


# --------------------------------------------------------------------- $filter


def parse_filter(text: str, entity: EntitySet, columns) -> Any:
    if len(text) > MAX_FILTER:
        raise QueryError(f"$filter must be {MAX_FILTER} characters or fewer")
    tokens = _tokens(text)
    parser = _Parser(tokens, entity, columns)
    condition = parser.expression()
    if parser.at < len(tokens):
        raise QueryError(f"$filter: unexpected {tokens[parser.at][1]!r}")
    return condition


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, at = [], 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = _TOKEN.match(text, at)
        if not match:
            raise QueryError(f"$filter: cannot read {text[at:at + 20].strip()!r}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        at = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens, entity: EntitySet, columns):
        self.tokens, self.entity, self.columns, self.at = tokens, entity, columns, 0
        self.depth = 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _next(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise QueryError("$filter ends too soon")
        self.at += 1
        return token

    def _word(self, word: str) -> bool:
        token = self._peek()
        if token and token[0] == "word" and token[1].lower() == word:
            self.at += 1
            return True
        return False

    def expression(self):
        parts = [self.term()]
        while self._word("or"):
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else or_(*parts)

    def term(self):
        parts = [self.factor()]
        while self._word("and"):
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else and_(*parts)

    def factor(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"$filter nests brackets or \"not\" more than {MAX_DEPTH} deep")
        try:
            return self._factor()
        finally:
            self.depth -= 1

    def _factor(self):
        if self._word("not"):
            return not_(self.factor())
        kind, text = self._next()
        if kind == "open":
            inner = self.expression()
            if self._next()[0] != "close":
                raise QueryError("$filter: a bracket is not closed")
            return inner
        if kind != "word":
            raise QueryError(f"$filter: expected a property name, got {text!r}")
        prop = _stored(text, self.entity, "$filter")
        op = self._next()[1].lower()
        if op not in OPERATORS:
            raise QueryError(f"$filter: {op!r} is not one of {', '.join(OPERATORS)}")
        return _compare(self.columns[prop.name], op, _literal(self._next(), prop))


def _compare(column, op: str, value):
    if value is None:
        if op not in ("eq", "ne"):
            raise QueryError("$filter: null can only be compared with eq or ne")
        return column.is_(None) if op == "eq" else column.is_not(None)
    return {"eq": column == value, "ne": column != value, "gt": column > value,
            "ge": column >= value, "lt": column < value, "le": column <= value}[op]


def _literal(token: tuple[str, str], prop: Prop):
    kind, text = token
    if kind == "word" and text.lower() == "null":
        return None
    wanted = {"Edm.String": "str", "Edm.Int32": "num", "Edm.Double": "num",
              "Edm.Date": "date", "Edm.DateTimeOffset": "dt", "Edm.Boolean": "word"}[prop.edm]
    if prop.edm == "Edm.DateTimeOffset" and kind == "date":
        kind, text = "dt", text + "T00:00:00Z"
    if kind != wanted or (wanted == "word" and text.lower() not in ("true", "false")):
        raise QueryError(f"$filter: {prop.name} is {prop.edm}; {text!r} is not a value of it")
    try:
        return _convert(kind, text, prop)
    except ValueError:
        raise QueryError(f"$filter: {text!r} is not a valid {prop.edm}") from None


def _convert(kind: str, text: str, prop: Prop):
    if kind == "str":
        return text[1:-1].replace("''", "'")
    if kind == "num":
        if prop.edm == "Edm.Int32":
            if "." in text:
                raise ValueError(text)
            return int(text)
        return float(text)
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "dt":
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    return text.lower() == "true"

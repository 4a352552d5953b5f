"""Shared pieces of the questionnaire validator: problems, the checker that
collects them, and checks of single values (text, slugs, booleans, numbers,
keys of a mapping). Messages are written for policy officers, not
programmers."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from .yamlsafe import Node, YMap, YScalar, YSeq

SLUG = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
SLUG_RULE = (
    "a slug: lower-case letters, digits and hyphens, starting with a letter, "
    "2 to 63 characters"
)
# Scale and list names are slugs that may also use underscores: the format's
# own example names its list ``gap_areas``.
NAME = re.compile(r"^[a-z][a-z0-9_-]{1,62}$")
NAME_RULE = (
    "a name: lower-case letters, digits, hyphens and underscores, starting with a "
    "letter, 2 to 63 characters"
)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}"


def quote(value: Any) -> str:
    return f'"{value}"'


def describe(node: Node | None) -> str:
    """What a value is, for "must be X; got Y" messages."""
    if node is None:
        return "nothing"
    if isinstance(node, YSeq):
        return "a list"
    if isinstance(node, YMap):
        return "a set of keys"
    value = node.value
    if value is None:
        return "nothing" if node.blank else f"the empty value {node.text}"
    if isinstance(value, bool):
        return node.text
    if isinstance(value, (int, float)):
        return f"the number {node.text}"
    return f'the text "{value}"' if len(value) <= 60 else "a long text"


def suggest(word: Any, choices: Iterable[str]) -> str | None:
    if not isinstance(word, str):
        return None
    choices = list(choices)
    if word.lower() in choices:
        return word.lower()
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def and_list(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def or_list(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def key_text(key: YScalar) -> str:
    return key.value if isinstance(key.value, str) else key.text


class Checker:
    """Collects problems for one file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, at: Node | tuple[int, int], message: str) -> None:
        line, column = at if isinstance(at, tuple) else (at.line, at.column)
        self.problems.append(Problem(self.path, line, column, message))

    def value_at(self, mapping: YMap, key: str) -> Node:
        """Where to point for a problem with a value: the value, or the key
        when the value was left empty."""
        value = mapping.get(key)
        if value is None or (isinstance(value, YScalar) and value.blank):
            return mapping.key_node(key) or mapping
        return value

    # --- keys ---------------------------------------------------------

    def keys(self, mapping: YMap, allowed: Sequence[str], where: str,
             required: Sequence[str] = (), suggest_from: Sequence[str] | None = None) -> None:
        """Report unknown keys (with a suggestion) and missing required keys."""
        for key, _ in mapping.items():
            name = key_text(key)
            if name not in allowed:
                self.unknown_key(key, name, where, allowed, suggest_from)
        for name in required:
            if name not in mapping:
                self.error(mapping, f"missing required key {quote(name)} {where}")

    def unknown_key(self, key: Node, name: str, where: str, choices: Sequence[str],
                    suggest_from: Sequence[str] | None = None) -> None:
        """``choices`` are listed when nothing is close; suggestions come from
        ``suggest_from`` (default: the same choices)."""
        close = suggest(name, suggest_from or choices)
        if close:
            self.error(key, f"unknown key {quote(name)} {where}; did you mean {quote(close)}?")
        else:
            self.error(key, f"unknown key {quote(name)} {where}; the keys allowed here are "
                       f"{and_list(list(choices))}")

    # --- single values ------------------------------------------------

    def text(self, mapping: YMap, key: str, where: str, *, limit: int | None = None,
             optional: bool = False) -> str | None:
        """A string value. ``optional`` texts may be left empty (None)."""
        node = mapping.get(key)
        if node is None:
            return None
        if isinstance(node, YScalar) and node.value is None:
            if not optional:
                self.error(self.value_at(mapping, key), f"{quote(key)} {where} must not be empty")
            return None
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            scalar = isinstance(node, YScalar) and node.value is not None
            hint = "; put it in quotes" if scalar else ""
            self.error(self.value_at(mapping, key),
                       f"{quote(key)} {where} must be text; got {describe(node)}{hint}")
            return None
        value = node.value.strip()
        if not value and not optional:
            self.error(self.value_at(mapping, key), f"{quote(key)} {where} must not be empty")
            return None
        if limit is not None and len(value) > limit:
            self.error(node, f"{quote(key)} {where} is {len(value)} characters long; "
                       f"the limit is {limit}")
            return None
        return value or None

    def slug(self, mapping: YMap, key: str, where: str) -> str | None:
        node = mapping.get(key)
        if node is None:
            return None
        return self.slug_node(node, f"{quote(key)} {where}", self.value_at(mapping, key))

    def slug_node(self, node: Node, what: str, at: Node | None = None, *,
                  name: bool = False) -> str | None:
        """A slug (or, with ``name``, a scale/list name, which may use "_")."""
        at = at or node
        pattern, rule = (NAME, NAME_RULE) if name else (SLUG, SLUG_RULE)
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            self.error(at, f"{what} must be {rule}; got {describe(node)}")
            return None
        if not pattern.match(node.value):
            self.error(at, f"{what} must be {rule}; got {quote(node.value)}")
            return None
        return node.value

    def boolean(self, mapping: YMap, key: str, where: str) -> bool | None:
        node = mapping.get(key)
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        hint = ""
        if isinstance(node, YScalar) and isinstance(node.value, str) and \
                node.value.lower() in ("yes", "no", "on", "off", "y", "n"):
            hint = " (write true or false; yes, no, on and off are read as text)"
        self.error(self.value_at(mapping, key),
                   f"{quote(key)} {where} must be true or false; got {describe(node)}{hint}")
        return None

    def integer(self, mapping: YMap, key: str, where: str, low: int | None = None,
                high: int | None = None) -> int | None:
        node = mapping.get(key)
        if node is None:
            return None
        if low is None:
            bounds = "a whole number"
        elif high is None:
            bounds = f"a whole number, {low} or more"
        else:
            bounds = f"a whole number from {low} to {high}"
        value = node.value if isinstance(node, YScalar) else None
        out_of_range = is_int(value) and (
            (low is not None and value < low) or (high is not None and value > high))
        if not is_int(value) or out_of_range:
            self.error(self.value_at(mapping, key),
                       f"{quote(key)} {where} must be {bounds}; got {describe(node)}")
            return None
        return value

    def number(self, mapping: YMap, key: str, where: str) -> int | float | None:
        node = mapping.get(key)
        if node is None:
            return None
        value = node.value if isinstance(node, YScalar) else None
        if not is_number(value) or math.isnan(value) or math.isinf(value):
            self.error(self.value_at(mapping, key),
                       f"{quote(key)} {where} must be a number; got {describe(node)}")
            return None
        return value

    def nonempty_list(self, mapping: YMap, key: str, where: str, *, allow_empty: bool = False
                      ) -> YSeq | None:
        node = mapping.get(key)
        if node is None:
            return None
        if not isinstance(node, YSeq):
            self.error(self.value_at(mapping, key),
                       f"{quote(key)} {where} must be a list; got {describe(node)}")
            return None
        if not node.items and not allow_empty:
            self.error(node, f"{quote(key)} {where} must not be an empty list")
            return None
        return node

    def mapping(self, node: Node | None, what: str) -> YMap | None:
        if isinstance(node, YMap):
            return node
        if node is not None:
            self.error(node, f"{what} must be a set of keys (such as \"id: ...\"); "
                       f"got {describe(node)}")
        return None

"""Read untrusted questionnaire YAML safely, as YAML 1.2 (core schema).

Only PyYAML's pure-Python parser is used, and only for its *events*: the
file is never handed to ``yaml.load`` or to a constructor, so no tag can
build an object and no alias can be expanded. The steps:

1. the raw bytes: at most 256 KB, UTF-8 only (the first bad byte is reported);
2. a first pass over ``yaml.parse`` events rejects anchors, aliases, tags,
   a second document and nesting deeper than 20, before anything is built;
3. a second pass turns the events into a small tree of ``YScalar`` /
   ``YSeq`` / ``YMap`` nodes, each with its 1-based line and column; plain
   scalars are resolved with the YAML 1.2 core schema (``yes``/``no``/``on``/
   ``off`` and dates stay strings), quoted and block scalars are strings.
   Duplicate keys are reported, naming the line of the first.

Problems are collected and returned, never raised.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

from .sizes import size_text

MAX_BYTES = 262144  # 256 KB
MAX_DEPTH = 20


@dataclass(frozen=True)
class YamlProblem:
    line: int
    column: int
    message: str


@dataclass(eq=False)
class Node:
    line: int
    column: int

    @property
    def pos(self) -> tuple[int, int]:
        return (self.line, self.column)


@dataclass(eq=False)
class YScalar(Node):
    value: Any = None
    text: str = ""  # the scalar's text as written (after YAML unescaping)
    plain: bool = True  # False for quoted and block (| >) scalars

    @property
    def blank(self) -> bool:
        """True for a value left empty (``key:`` with nothing after it)."""
        return self.plain and self.text == ""


@dataclass(eq=False)
class YSeq(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class YMap(Node):
    # keyed by (type, value) so that ``1`` and ``true`` never collide
    entries: dict[tuple[type, Any], tuple[YScalar, Node]] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get((str, key))
        return entry[1] if entry else None

    def key_node(self, key: str) -> YScalar | None:
        entry = self.entries.get((str, key))
        return entry[0] if entry else None

    def __contains__(self, key: str) -> bool:
        return (str, key) in self.entries

    def items(self) -> Iterator[tuple[YScalar, Node]]:
        yield from self.entries.values()


@dataclass
class YamlResult:
    root: Node | None
    problems: list[YamlProblem]
    empty: bool = False  # no document at all (empty file or only comments)


# --- YAML 1.2 core schema -------------------------------------------------

_NULL = re.compile(r"^(?:null|Null|NULL|~|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^([-+]?)(?:\.inf|\.Inf|\.INF)$")
_NAN = re.compile(r"^(?:\.nan|\.NaN|\.NAN)$")


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar under the 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT10.match(text):
        return int(text, 10)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    inf = _INF.match(text)
    if inf:
        return -math.inf if inf.group(1) == "-" else math.inf
    if _NAN.match(text):
        return math.nan
    return text


# --- bytes -> text ----------------------------------------------------------


def _position_in_text(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def decode(data: bytes | str) -> tuple[str | None, list[YamlProblem]]:
    """Check size and encoding; return the text, or None and the problem."""
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            line, col = _position_in_text(data, exc.start)
            message = "the file contains a character that is not valid text"
            return None, [YamlProblem(line, col, message)]
    else:
        raw = bytes(data)
    if len(raw) > MAX_BYTES:
        msg = (f"the file is {size_text(len(raw))}; a questionnaire file can be at most "
               f"{size_text(MAX_BYTES)}")
        return None, [YamlProblem(1, 1, msg)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        start = before.rfind(b"\n") + 1
        col = len(before[start:].decode("utf-8")) + 1
        msg = (
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read); "
            "save it as UTF-8"
        )
        return None, [YamlProblem(line, col, msg)]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


# --- the parser ---------------------------------------------------------------

_BREAK = "\\0 \\t\\r\\n\\x85\\u2028\\u2029"
# A run of plain-scalar characters: anything up to a space or line break, or
# a ":" followed by one; inside [ ] and { } also up to a flow indicator (and
# a ":" followed by one). "?" is an ordinary character in both.
_PLAIN_RUN = {
    False: re.compile(f"(?:[^{_BREAK}:]|:(?=[^{_BREAK}]))*"),
    True: re.compile(f"(?:[^{_BREAK}:,\\[\\]{{}}]|:(?=[^{_BREAK},\\[\\]{{}}]))*"),
}


class _Scanner(yaml.scanner.Scanner):
    """PyYAML's scanner, except that inside [ ] and { } a plain scalar may
    contain "?", as YAML 1.2 allows: ``{question: Why?, type: text}`` reads
    as written instead of failing."""

    def _plain_run(self) -> int:
        # the reader holds the whole (str) document in self.buffer
        match = _PLAIN_RUN[self.flow_level > 0].match(self.buffer, self.pointer)
        return match.end() - self.pointer

    def scan_plain(self):  # noqa: D102 (same contract as the base class)
        start = end = self.get_mark()
        indent = self.indent + 1
        chunks: list[str] = []
        spaces: list[str] = []
        while self.peek() != "#":
            length = self._plain_run()
            if not length:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return yaml.tokens.ScalarToken("".join(chunks), True, start, end)


class _EventLoader(yaml.reader.Reader, _Scanner, yaml.parser.Parser):
    """Reader, scanner and parser only: pure Python, and with no composer or
    constructor there is nothing that could build an object from a tag."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        _Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


# --- pass 1: events ---------------------------------------------------------


def _at(mark: Any, message: str) -> YamlProblem:
    return YamlProblem(mark.line + 1, mark.column + 1, message)


def _show_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _event_problems(event: Any, docs: int) -> list[YamlProblem]:
    found = []
    if isinstance(event, yaml.DocumentStartEvent) and docs == 2:
        found.append(_at(event.start_mark, "the file must hold exactly one YAML document; "
                         "a second document starts here (remove the '---' or '...' line)"))
    elif isinstance(event, yaml.AliasEvent):
        found.append(_at(event.start_mark, f'aliases such as "*{event.anchor}" are not allowed; '
                         "write the content out in full"))
    elif isinstance(event, yaml.NodeEvent):
        if event.anchor is not None:
            found.append(_at(event.start_mark, f'anchors such as "&{event.anchor}" are not '
                             "allowed; write the content out in full"))
        if getattr(event, "tag", None) is not None:
            found.append(_at(event.start_mark, f'tags such as "{_show_tag(event.tag)}" are not '
                             "allowed; remove the tag"))
    return found


def _syntax_problem(exc: yaml.YAMLError, text: str) -> YamlProblem:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        message = f"the file is not valid YAML: {exc.problem}"
        if exc.context:
            where = ""
            if exc.context_mark is not None:
                where = f" on line {exc.context_mark.line + 1}"
            message += f" ({exc.context}{where})"
        return _at(exc.problem_mark, message)
    if isinstance(exc, yaml.reader.ReaderError):
        line, col = _position_in_text(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else 0
        return YamlProblem(line, col, f"the file contains a control character (#x{char:04x}) "
                           "that is not allowed")
    return YamlProblem(1, 1, f"the file is not valid YAML: {exc}")


def scan_events(text: str) -> tuple[list[Any], list[YamlProblem]]:
    """Parse events, rejecting what a questionnaire may not use.

    Returns the events (complete only when there are no problems).
    """
    events: list[Any] = []
    problems: list[YamlProblem] = []
    depth = docs = 0
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            events.append(event)
            if isinstance(event, yaml.DocumentStartEvent):
                docs += 1
            problems.extend(_event_problems(event, docs))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(_at(event.start_mark, f"the file is nested more than "
                                        f"{MAX_DEPTH} levels deep"))
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(exc, text))
    except RecursionError:
        problems.append(YamlProblem(1, 1, "the file is nested too deeply to read"))
    return events, problems


# --- pass 2: events -> nodes ------------------------------------------------


def _scalar(event: yaml.ScalarEvent) -> YScalar:
    mark = event.start_mark
    plain = event.style is None
    value = resolve_plain(event.value) if plain else event.value
    return YScalar(mark.line + 1, mark.column + 1, value=value, text=event.value, plain=plain)


class _Builder:
    """Builds the node tree from events without recursion."""

    def __init__(self) -> None:
        self.root: Node | None = None
        self.stack: list[list[Any]] = []  # [container, pending key or None, drop value]
        self.problems: list[YamlProblem] = []

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self._attach(_scalar(event))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            mark = event.start_mark
            cls = YMap if isinstance(event, yaml.MappingStartEvent) else YSeq
            node = cls(mark.line + 1, mark.column + 1)
            self._attach(node)
            self.stack.append([node, None, False])
        elif isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()

    def _attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, YSeq):
            container.items.append(node)
        elif frame[1] is None and not frame[2]:
            self._key(frame, node)
        else:
            if not frame[2]:
                key = frame[1]
                container.entries[(type(key.value), key.value)] = (key, node)
            frame[1], frame[2] = None, False

    def _key(self, frame: list[Any], node: Node) -> None:
        container: YMap = frame[0]
        if not isinstance(node, YScalar):
            self.problems.append(YamlProblem(node.line, node.column, "a key must be a single "
                                             "word or phrase, not a list or mapping"))
            frame[2] = True
            return
        hkey = (type(node.value), node.value)
        first = container.entries.get(hkey)
        if first is not None:
            message = f'duplicate key "{node.text}" (first given on line {first[0].line})'
            self.problems.append(YamlProblem(node.line, node.column, message))
            frame[2] = True
            return
        frame[1] = node


def load(data: bytes | str) -> YamlResult:
    """Read a questionnaire file into a node tree, collecting problems."""
    text, problems = decode(data)
    if text is None:
        return YamlResult(None, problems)
    events, problems = scan_events(text)
    if problems:
        return YamlResult(None, problems)
    builder = _Builder()
    for event in events:
        builder.feed(event)
    empty = not any(isinstance(e, yaml.DocumentStartEvent) for e in events)
    return YamlResult(builder.root, builder.problems, empty=empty)


def to_python(node: Node | None) -> Any:
    """Plain Python values (dict/list/scalars) for a node tree."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [to_python(item) for item in node.items]
    assert isinstance(node, YMap)
    return {key.value: to_python(value) for key, value in node.items()}

"""Questionnaire YAML written for people: the format's key order, blank lines between
the top-level parts, short lists inline, and comments where something was assumed."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

TOP_ORDER = ("id", "version", "title", "summary", "scales", "lists", "sections")
QUESTION_ORDER = ("id", "question", "type", "hint", "required", "show_if", "publish",
                  "themes", "replaces", "max_length", "min", "max", "integer", "options",
                  "scale", "explain", "gaps")
SECTION_ORDER = ("id", "title", "intro", "questions")
CONDITION_ORDER = ("question", "equals", "in", "answered", "at_most", "at_least")
_RESERVED = re.compile(r"^(true|false|yes|no|on|off|y|n|null|~)$", re.IGNORECASE)
_NUMBERISH = re.compile(r"^[-+.]?\d|^\.(inf|nan)$", re.IGNORECASE)
_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}")
WRAP = 80


def emit(document: dict, comments: dict[tuple, str]) -> str:
    lines: list[str] = []
    for key in TOP_ORDER:
        value = document.get(key)
        if value in (None, {}, []):
            continue
        if key in ("scales", "lists", "sections"):
            lines.append("")
        if key == "sections":
            lines.append("sections:")
            for i, section in enumerate(value):
                _section(lines, section, comments.get((i, None)), comments)
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            for name, items in value.items():
                lines.append(f"  {name}:")
                for item in items:
                    _item(lines, item)
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _section(lines: list[str], section: dict, comment: str | None, comments) -> None:
    lines.append("")
    if comment:
        lines.append(f"  # {comment}")
    for n, key in enumerate(k for k in SECTION_ORDER if k in section):
        lead = "  - " if n == 0 else "    "
        if key == "questions":
            lines.append(f"{lead}questions:")
            for q in section["questions"]:
                _question(lines, q, comments)
        else:
            lines.append(f"{lead}{key}: {_scalar(section[key], 6)}")


def _question(lines: list[str], q: dict, comments) -> None:
    for n, key in enumerate(k for k in QUESTION_ORDER if k in q):
        lead = "      - " if n == 0 else "        "
        note = comments.get(("q", q["id"])) if key == "id" else (
            comments.get(("show_if", q["id"])) if key == "show_if" else None)
        tail = f"  # {note}" if note else ""
        value = q[key]
        if key == "options" and isinstance(value, list) and not all(
                isinstance(o, str) for o in value):
            lines.append(f"{lead}options:{tail}")
            lines.extend(f"          - {_flow(o)}" for o in value)
        else:
            lines.append(f"{lead}{key}: {_flow(value, 10)}{tail}")


def _item(lines: list[str], item: Any) -> None:
    """One scale point or option: a mapping in block style, or a plain option."""
    if not isinstance(item, dict):
        lines.append(f"    - {_scalar(item, 6)}")
        return
    for n, (key, value) in enumerate(item.items()):
        lines.append(f"{'    - ' if n == 0 else '      '}{key}: {_scalar(value, 8)}")


def _flow(value: Any, indent: int = 6) -> str:
    if isinstance(value, dict):
        keys = [k for k in CONDITION_ORDER if k in value] or list(value)
        keys += [k for k in value if k not in keys]
        return "{" + ", ".join(f"{k}: {_flow_item(value[k])}" for k in keys) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(v, flow=True) for v in value) + "]"
    return _scalar(value, indent)


def _flow_item(value: Any) -> str:
    return _flow(value) if isinstance(value, (dict, list, tuple)) else _scalar(value, flow=True)


def _scalar(value: Any, indent: int = 2, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if "\n" in text and not flow and not text.startswith(" "):
        pad = " " * indent
        body = "\n".join(pad + line if line else "" for line in text.split("\n"))
        return "|-\n" + body
    if not flow and len(text) > WRAP and "  " not in text and _plain(text, False):
        pad = " " * indent
        return ">-\n" + "\n".join(pad + line for line in textwrap.wrap(
            text, WRAP, break_long_words=False, break_on_hyphens=False))
    return text if _plain(text, flow) else json.dumps(text, ensure_ascii=False)


def _plain(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _UNSAFE_START:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if flow and _FLOW_UNSAFE & set(text):
        return False
    if _RESERVED.match(text) or _NUMBERISH.match(text):
        return False
    return all(ch.isprintable() for ch in text)

"""XLSForm names to the format's ids, and the shared problem list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..check_common import SLUG

_NOT_ID = re.compile(r"[^a-z0-9-]+")
TRUE_WORDS = {"yes", "true", "1", "y", "true()", "yes()"}
FALSE_WORDS = {"no", "false", "0", "n", "false()", "no()"}


@dataclass(frozen=True)
class XlsxProblem:
    path: str
    cell: str  # "survey!F12"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.cell}: error: {self.message}"


@dataclass
class Problems:
    path: str
    found: list[XlsxProblem] = field(default_factory=list)

    def add(self, cell: str, message: str) -> None:
        self.found.append(XlsxProblem(self.path, cell, message))


def to_id(name: str) -> str:
    """``arrest_rate`` -> ``arrest-rate``: lower case, underscores and spaces as hyphens."""
    text = name.strip().lower().replace("_", "-").replace(" ", "-")
    return _NOT_ID.sub("", text).strip("-")


def is_id(text: str) -> bool:
    return bool(SLUG.match(text))


def yes_or_no(text: str) -> bool | None:
    """True/False for XLSForm's yes/no/true/false spellings; None when it is neither."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def words(text: str) -> list[str]:
    """Items of a list written in one cell, separated by spaces or commas."""
    return [w for w in re.split(r"[\s,]+", text.strip()) if w]

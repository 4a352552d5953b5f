"""The small value objects a definition is made of: options and scale points.

A leaf module: the question types (``types/``) and the definition objects
(``definition``) both build on it.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_MAX_LENGTH = 20000


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str
    rag: str | None = None  # "red" | "amber" | "green" | None
    description: str | None = None


@dataclass(frozen=True)
class Option:
    value: str
    label: str


BUILTIN_CONFIDENCE = (
    ScalePoint(1, "Not confident", "red"),
    ScalePoint(2, "Slightly confident", "red"),
    ScalePoint(3, "Partly confident", "amber"),
    ScalePoint(4, "Confident", "green"),
    ScalePoint(5, "Fully confident", "green"),
)


def is_empty(value) -> bool:
    """Whether a stored answer value means "not answered"."""
    return value in (None, "", [])

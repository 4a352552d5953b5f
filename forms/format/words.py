"""Counts written as people write them: "1 organisation", "3 organisations"."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun in the number it takes ("-s" unless ``plural_form`` says)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"

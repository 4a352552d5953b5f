"""Sizes as people write them: "256 KB", "2 MB", "1.5 MB" (pure).

Counted in 1,024s, as file managers on most computers show them, and rounded to
at most one decimal place (".0" dropped)."""

from __future__ import annotations

UNITS = (("MB", 1024 * 1024), ("KB", 1024))


def size_text(size: int | float) -> str:
    """``262144`` -> "256 KB"; ``2097152`` -> "2 MB"; ``900`` -> "900 bytes"."""
    for unit, factor in UNITS:
        if size >= factor:
            amount = round(size / factor, 1)
            return f"{amount:g} {unit}"
    return "1 byte" if size == 1 else f"{size:g} bytes"

"""Mangled files never crash the validator: a deterministic fuzz over the
shipped question sets and the format page's example."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from forms.format.definition import Definition
from forms.format.validate import validate

FOLDER = Path(__file__).resolve().parents[2] / "questionnaires"
SOURCES = [p.read_text(encoding="utf-8") for p in sorted(FOLDER.glob("*.yaml"))]
PROBLEM = re.compile(r"^<fuzz>:\d+:\d+: error: .+$", re.S)

SNIPPETS = [
    ":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "? ", "\t", "yes", "true",
    "1", "-1", "0x1", '"', "'", "#", "|", ">", "~", "null", "---\n", "...\n", "\n", "  ",
    "type: rating\n", "show_if: {question: x, equals: 2}", "options: [a, a]", "\u00e9", "\x00",
]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    kind = rng.randrange(6)
    i = rng.randrange(len(lines))
    if kind == 0:
        del lines[i]
    elif kind == 1:
        lines.insert(i, lines[rng.randrange(len(lines))])
    elif kind == 2:
        lines[i], lines[-1] = lines[-1], lines[i]
    elif kind == 3:
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + rng.choice(SNIPPETS) + lines[i][at:]
    elif kind == 4:
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + lines[i][at + rng.randrange(1, 12):]
    else:
        lines = lines[: i + 1]
    return "".join(lines)


@pytest.mark.parametrize("seed", range(6))
def test_mangled_files_are_reported_never_raised(seed):
    rng = random.Random(seed)
    for _ in range(30):
        text = rng.choice(SOURCES)
        for _ in range(rng.randrange(1, 4)):
            text = mutate(text, rng)
        result = validate(text, "<fuzz>")
        if result.errors:
            assert result.definition is None
            positions = [(p.line, p.column) for p in result.errors]
            assert positions == sorted(positions)
            assert all(line >= 1 and col >= 1 for line, col in positions)
            assert all(PROBLEM.match(str(p)) for p in result.errors)
        else:
            assert Definition.from_dict(result.definition.to_dict()) == result.definition

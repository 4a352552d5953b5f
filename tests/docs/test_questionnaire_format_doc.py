"""docs/questionnaire-format.md documents everything the validator accepts, and its
examples say what the validator really does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forms.format import yamlsafe
from forms.format.check_conditions import OPERATORS, SHOW_IF_KEYS
from forms.format.check_questions import ALL_QUESTION_KEYS, SECTION_KEYS
from forms.format.check_scales import OPTION_KEYS, POINT_KEYS, RAGS
from forms.format.types import QUESTION_TYPES
from forms.format.types.rating import EXPLAIN
from forms.format.validate import TOP_KEYS, validate

DOC = Path(__file__).resolve().parents[2] / "docs" / "questionnaire-format.md"
TEXT = DOC.read_text(encoding="utf-8")
IN_CODE = set(re.findall(r"`([^`\n]+)`", TEXT))

ACCEPTED = {
    "top-level key": TOP_KEYS,
    "section key": SECTION_KEYS,
    "question key": ALL_QUESTION_KEYS,
    "scale point key": POINT_KEYS,
    "option key": OPTION_KEYS,
    "condition key": SHOW_IF_KEYS,
    "condition operator": OPERATORS,
    "question type": QUESTION_TYPES,
    "explain value": EXPLAIN,
    "rag colour": RAGS,
}


@pytest.mark.parametrize("kind", ACCEPTED)
def test_every_accepted_word_is_documented_in_code_formatting(kind):
    missing = [word for word in ACCEPTED[kind] if word not in IN_CODE]
    assert not missing, f"{kind}s missing from {DOC.name} (write each as `word`): {missing}"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", TEXT, flags=re.M | re.S)


def test_the_first_example_is_a_valid_questionnaire():
    result = validate(_blocks("yaml")[0], "first.yaml")
    assert result.errors == []
    assert result.definition.id == "roads-policing"


def test_the_worked_example_prints_what_the_page_says():
    bad = next(block for block in _blocks("yaml") if block.startswith("id: Road-Safety"))
    printed = _blocks("text")[0].splitlines()
    result = validate(bad, "roads.yaml")
    assert [str(problem) for problem in result.errors] == printed
    assert all(re.match(r"^roads\.yaml:\d+:\d+: error: ", line) for line in printed)


def test_every_yaml_example_reads_without_yaml_problems():
    """The fragments are YAML an author could paste: none of them is refused as YAML."""
    for block in _blocks("yaml"):
        assert yamlsafe.load(block).problems == [], block

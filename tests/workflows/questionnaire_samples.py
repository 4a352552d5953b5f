"""Small questionnaire files for the loading, CLI and admin-screen tests."""

from __future__ import annotations


def sample_yaml(*, qid: str = "test-set", version: int = 1, title: str = "Test set",
                first: str = "What is the current position?", second_type: str = "rating",
                extra: str = "") -> str:
    """A valid file: one section, two questions (plus `extra` question lines)."""
    return f"""\
id: {qid}
version: {version}
title: {title}
sections:
  - id: main
    title: Main section
    questions:
      - id: position
        question: {first}
        type: long_text
      - id: confidence
        question: How confident are you?
        type: {second_type}
{extra}"""


# Line 9 has an unknown type, line 13 an unknown key: two problems.
BAD_YAML = """\
id: test-set
version: 1
title: Test set
sections:
  - id: main
    title: Main section
    questions:
      - id: position
        question: What is the current position?
        type: long_txt
      - id: confidence
        question: How confident are you?
        type: rating
        colour: blue
"""

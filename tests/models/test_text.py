"""The one line-ending normaliser, and that every copy that was is now this one."""

from __future__ import annotations

import pytest

from models.text import normalise_newlines, normalise_text


@pytest.mark.parametrize("raw, expected", [
    ("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\r\rb", "a\n\nb"), ("a\r\n\r\nb", "a\n\nb"),
    ("a\nb", "a\nb"), ("", ""),
])
def test_normalise_newlines_text_and_bytes(raw, expected):
    assert normalise_newlines(raw) == expected
    assert normalise_newlines(raw.encode()) == expected.encode()


def test_normalise_text_strips_and_passes_other_values_through():
    assert normalise_text("  one\r\ntwo\r ") == "one\ntwo"
    assert normalise_text(None) is None
    assert normalise_text(3) == 3


def test_the_forms_and_the_stored_source_use_it():
    from forms.questionnaire import builder, gaps, registry
    from workflows.questionnaires import normalise_source

    assert builder.normalise_text is gaps.normalise_text is registry.normalise_text
    assert builder.normalise_text is normalise_text
    assert normalise_source("a\r\nb\rc") == b"a\nb\nc"


def test_workflows_store_review_comments_with_lf_only():
    from workflows.review import clean_comments

    assert clean_comments({None: " Look\r\nagain\r"}, []) == {None: "Look\nagain"}

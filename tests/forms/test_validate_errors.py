"""A table of bad questionnaire files: each must be rejected with a problem
at an exact line and column, carrying a recognisable message."""

from __future__ import annotations

import textwrap

import pytest

from forms.format.validate import validate

HEAD = """\
id: demo
version: 1
title: Demo
sections:
  - id: main
    title: Main
    questions:
"""  # questions start on line 8; a question's keys are in column 9


def qs(body: str) -> str:
    """The header above plus question(s), written flush left in ``body``."""
    return HEAD + textwrap.indent(textwrap.dedent(body), " " * 6)


YES_NO = """\
- id: q1
  question: First?
  type: yes_no
"""  # lines 8-10

RATING = """\
- id: q1
  question: How confident are you?
  type: rating
"""

CHOICE = """\
- id: q1
  question: Which?
  type: choice
  options: [Red, Green, Blue]
"""


def top(text: str) -> str:
    return textwrap.dedent(text)


SECTIONS = """\
sections:
  - id: main
    title: Main
    questions:
      - {id: q1, question: First, type: text}
"""

# (name, file text, line, column, message fragment, number of problems or None)
# A column may be given as the text it points at on that line: "token" (its
# first occurrence) or ("token", n) (its n-th).
CASES = [
    # --- 1. bad YAML --------------------------------------------------------
    ("syntax-error", "id: demo\ntitle: [unclosed\nversion: 1\n", 3, 8, "not valid YAML", 1),
    ("mapping-in-plain", "id: demo\ntitle: a: b\n", 2, 9, "mapping values are not allowed", 1),
    ("tab-indent", "id: demo\n\tversion: 1\n", 2, 1, "not valid YAML", 1),
    ("two-documents", "id: demo\n---\nid: other\n", 2, 1, "exactly one YAML document", 1),
    ("document-end-then-more", "id: demo\n...\n---\nid: other\n", 3, 1,
     "exactly one YAML document", 1),
    ("bare-document-after-end", "id: demo\n...\nid: other\n", 3, 1, "not valid YAML", 1),
    ("anchor", "id: &name demo\n", 1, 5, 'anchors such as "&name"', 1),
    ("alias", "id: demo\ntitle: *name\n", 2, 8, 'aliases such as "*name"', 1),
    ("tag-str", "id: !!str demo\n", 1, 5, 'tags such as "!!str"', 1),
    ("tag-python", "id: !!python/object/apply:os.system [echo hi]\n", 1, 5,
     '"!!python/object/apply:os.system"', 1),
    ("tag-local", "id: !secret demo\n", 1, 5, 'tags such as "!secret"', 1),
    ("duplicate-top-key", "id: demo\nversion: 1\nid: again\n", 3, 1,
     'duplicate key "id" (first given on line 1)', None),
    ("duplicate-question-key", qs(YES_NO + "  type: text\n"), 11, 9,
     'duplicate key "type" (first given on line 10)', 1),
    ("control-character", "id: demo\x07\n", 1, 9, "control character", 1),
    ("empty-file", "", 1, 1, "the file is empty", 1),
    ("only-comments", "# nothing here\n", 1, 1, "the file is empty", 1),
    ("file-is-a-list", "- id: demo\n", 1, 1, "must be a set of keys", 1),
    ("file-is-text", "hello\n", 1, 1, "must be a set of keys", 1),
    # --- top level ----------------------------------------------------------
    ("missing-id", "version: 1\ntitle: Demo\n" + SECTIONS, 1, 1, 'missing required key "id"', 1),
    ("missing-sections", "id: demo\nversion: 1\ntitle: Demo\n", 1, 1,
     'missing required key "sections"', 1),
    ("id-not-slug", "id: CSE Assurance\nversion: 1\ntitle: T\n" + SECTIONS, 1, 5,
     'got "CSE Assurance"', 1),
    ("id-too-short", "id: c\nversion: 1\ntitle: T\n" + SECTIONS, 1, 5, "must be a slug", 1),
    ("id-number", "id: 42\nversion: 1\ntitle: T\n" + SECTIONS, 1, 5, "the number 42", 1),
    ("version-zero", "id: demo\nversion: 0\ntitle: T\n" + SECTIONS, 2, 10,
     "whole number, 1 or more", 1),
    ("version-quoted", 'id: demo\nversion: "1"\ntitle: T\n' + SECTIONS, 2, 10,
     'got the text "1"', 1),
    ("version-boolean", "id: demo\nversion: true\ntitle: T\n" + SECTIONS, 2, 10,
     "got true", 1),
    ("version-float", "id: demo\nversion: 1.5\ntitle: T\n" + SECTIONS, 2, 10, "whole number", 1),
    ("version-empty", "id: demo\nversion:\ntitle: T\n" + SECTIONS, 2, 1, "got nothing", 1),
    ("title-empty", 'id: demo\nversion: 1\ntitle: ""\n' + SECTIONS, 3, 8, "must not be empty", 1),
    ("title-blank", "id: demo\nversion: 1\ntitle:\n" + SECTIONS, 3, 1, "must not be empty", 1),
    ("title-too-long", "id: demo\nversion: 1\ntitle: " + "x" * 201 + "\n" + SECTIONS, 3, 8,
     "201 characters long; the limit is 200", 1),
    ("title-number", "id: demo\nversion: 1\ntitle: 2016\n" + SECTIONS, 3, 8,
     "put it in quotes", 1),
    ("unknown-top-key", "id: demo\nversion: 1\ntitel: Demo\n" + SECTIONS, 3, 1,
     'unknown key "titel" at the top level; did you mean "title"?', 2),
    ("unknown-top-key-no-suggestion", "id: demo\nversion: 1\ntitle: T\nowner: me\n" + SECTIONS,
     4, 1, 'unknown key "owner"', 1),
    ("sections-empty", "id: demo\nversion: 1\ntitle: T\nsections: []\n", 4, 11,
     "must not be an empty list", 1),
    ("sections-mapping", "id: demo\nversion: 1\ntitle: T\nsections:\n  main: x\n", 5, 3,
     "must be a list", 1),
    # --- scales -------------------------------------------------------------
    ("scale-one-point", "scales:\n  rag:\n    - {value: 1, label: Red}\n" + qs(RATING),
     3, 5, "has 1 point; a scale must have 2 to 11 points", 1),
    ("scale-twelve-points",
     "scales:\n  big: [" + ", ".join(f"{{value: {i}, label: P{i}}}" for i in range(12))
     + "]\n" + qs(RATING), 2, 8, "has 12 points", 1),
    ("scale-duplicate-value",
     "scales:\n  rag:\n    - {value: 1, label: Red}\n    - {value: 1, label: Green}\n"
     + qs(RATING), 4, "1", "duplicate value 1 in scale \"rag\" (first on line 3)", 1),
    ("scale-descending",
     "scales:\n  rag:\n    - {value: 2, label: Red}\n    - {value: 1, label: Green}\n"
     + qs(RATING), 4, "1", "must go up: 1 comes after 2", 1),
    ("scale-bad-rag",
     "scales:\n  rag:\n    - {value: 1, label: Red, rag: blue}\n    - {value: 2, label: G}\n"
     + qs(RATING), 3, "blue", "must be red, amber or green", 1),
    ("scale-point-missing-label",
     "scales:\n  rag:\n    - {value: 1}\n    - {value: 2, label: G}\n" + qs(RATING),
     3, 7, 'missing required key "label" in point 1 of scale "rag"', 1),
    ("scale-point-value-text",
     "scales:\n  rag:\n    - {value: one, label: R}\n    - {value: 2, label: G}\n"
     + qs(RATING), 3, "one", 'got the text "one"', 1),
    ("scale-point-unknown-key",
     "scales:\n  rag:\n    - {value: 1, lable: R}\n    - {value: 2, label: G}\n"
     + qs(RATING), 3, 18, 'did you mean "label"?', 2),
    ("scale-name-not-slug",
     "scales:\n  Rag:\n    - {value: 1, label: R}\n    - {value: 2, label: G}\n" + qs(RATING),
     2, 3, 'the scale name "Rag" must be a name', 1),
    ("scale-not-a-list", "scales:\n  rag: red amber green\n" + qs(RATING), 2, 8,
     'scale "rag" must be a list of points', 1),
    ("rating-unknown-scale", qs(RATING + "  scale: rgb\n"), 11, 16,
     'names the scale "rgb", which is not defined', 1),
    ("rating-scale-did-you-mean", qs(RATING + "  scale: confidance\n"), 11, 16,
     'did you mean "confidence"?', 1),
    # --- lists and options --------------------------------------------------
    ("list-empty", "lists:\n  areas: []\n" + qs(CHOICE), 2, 10,
     'list "areas" must not be an empty list', 1),
    ("list-duplicate-option", "lists:\n  areas: [A, B, A]\n" + qs(CHOICE), 2, 17,
     'duplicate option "A" in list "areas" (first on line 2)', 1),
    ("options-duplicate", qs(CHOICE.replace("Blue", "Red")), 11, ("Red", 2),
     'duplicate option "Red" in question "q1"', 1),
    ("options-numbers", qs(CHOICE.replace("[Red, Green, Blue]", "[1, 2]")), 11, 19,
     "option 1 of question \"q1\" must be text; got the number 1; put it in quotes", 2),
    ("options-undefined-list", qs(CHOICE.replace("[Red, Green, Blue]", "areas")), 11, 18,
     'names the list "areas", which is not defined', 1),
    ("options-list-did-you-mean",
     "lists:\n  gap_areas: [A, B]\n" + qs(CHOICE.replace("[Red, Green, Blue]", "gap_area")),
     13, 18, 'did you mean "gap_areas"?', 1),
    ("options-mapping-missing-label",
     qs(CHOICE.replace("[Red, Green, Blue]", "[{value: r}, Green]")), 11, 19,
     'missing required key "label" in option 1 of question "q1"', 1),
    ("options-empty-list", qs(CHOICE.replace("[Red, Green, Blue]", "[]")), 11, 18,
     "must not be an empty list", 1),
    ("options-empty-option", qs(CHOICE.replace("Blue", "''")), 11, 31, "must not be empty", 1),
    ("choice-without-options", qs(CHOICE.replace("  options: [Red, Green, Blue]\n", "")), 8, 9,
     'missing required key "options" in question "q1"', 1),
    # --- sections -----------------------------------------------------------
    ("section-missing-title", "id: demo\nversion: 1\ntitle: T\nsections:\n  - id: main\n"
     "    questions: [{id: q1, question: Q, type: text}]\n", 5, 5,
     'missing required key "title" in section "main"', 1),
    ("section-duplicate-id", qs(YES_NO) + "  - id: main\n    title: Again\n    questions:\n"
     "      - {id: q2, question: Q, type: text}\n", 11, 9,
     'duplicate section id "main" (first used on line 5)', 1),
    ("section-unknown-key",
     HEAD.replace("    title: Main\n", "    title: Main\n    intro_text: x\n")
     + textwrap.indent(YES_NO, " " * 6), 7, 5, 'did you mean "intro"?', 1),
    ("section-no-questions", "id: demo\nversion: 1\ntitle: T\nsections:\n  - id: main\n"
     "    title: Main\n    questions: []\n", 7, 16, "must not be an empty list", 1),
    ("section-not-mapping", "id: demo\nversion: 1\ntitle: T\nsections:\n  - main\n", 5, 5,
     "section 1 must be a set of keys", 1),
    # --- questions ----------------------------------------------------------
    ("question-misspelt-key", qs(YES_NO.replace("question:", "questoin:")), 9, 9,
     'unknown key "questoin" in question "q1"; did you mean "question"?', 2),
    ("question-unknown-type", qs(YES_NO.replace("yes_no", "ratng")), 10, 9 + 6,
     'unknown type "ratng" in question "q1"; did you mean "rating"?', 1),
    ("question-type-not-close", qs(YES_NO.replace("yes_no", "slider")), 10, 15,
     "the types are text, long_text", 1),
    ("question-missing-type", qs(YES_NO.replace("  type: yes_no\n", "")), 8, 9,
     'missing required key "type" in question "q1"', 1),
    ("question-id-not-slug", qs(YES_NO.replace("id: q1", "id: Q1")), 8, 13,
     'in question "Q1" must be a slug', 1),
    ("question-scale-on-text", qs(YES_NO.replace("yes_no", "text") + "  scale: rag\n"), 11, 9,
     'key "scale" does not apply to a text question (question "q1"); it applies to rating '
     "questions only", 1),
    ("question-gaps-on-text", qs(YES_NO.replace("yes_no", "text") + "  gaps: true\n"), 11, 9,
     "it applies to long_text, yes_no, choice and rating questions only", 1),
    ("question-gaps-on-gaps", qs(YES_NO.replace("yes_no", "gaps") + "  gaps: true\n"), 11, 9,
     'key "gaps" does not apply to a gaps question', 1),
    ("question-options-on-yes-no", qs(YES_NO + "  options: [A, B]\n"), 11, 9,
     "it applies to choice and multi_choice questions only", 1),
    ("question-max-length-zero", qs(YES_NO.replace("yes_no", "text") + "  max_length: 0\n"),
     11, 21, "whole number from 1 to 20000", 1),
    ("question-max-length-huge",
     qs(YES_NO.replace("yes_no", "long_text") + "  max_length: 20001\n"), 11, 21,
     "got the number 20001", 1),
    ("question-min-above-max",
     qs(YES_NO.replace("yes_no", "number") + "  min: 10\n  max: 5\n"), 12, 14,
     '"max" in question "q1" (5) is less than "min" (10)', 1),
    ("question-min-text", qs(YES_NO.replace("yes_no", "number") + "  min: ten\n"), 11, 14,
     '"min" in question "q1" must be a number', 1),
    ("question-required-yes", qs(YES_NO + "  required: yes\n"), 11, 19,
     "must be true or false; got the text \"yes\" (write true or false", 1),
    ("question-publish-quoted", qs(YES_NO + '  publish: "false"\n'), 11, 18,
     "must be true or false", 1),
    ("question-too-long", qs(YES_NO.replace("First?", "Q" * 501)), 9, 19,
     "501 characters long; the limit is 500", 1),
    ("question-empty-text", qs(YES_NO.replace("First?", "''")), 9, 19, "must not be empty", 1),
    ("question-hint-list", qs(YES_NO + "  hint: [a, b]\n"), 11, 15,
     '"hint" in question "q1" must be text', 1),
    ("question-duplicate-id", qs(YES_NO) + "  - id: other\n    title: Other\n    questions:\n"
     "      - {id: q1, question: Again, type: text}\n", 14, 14,
     'duplicate question id "q1" (first used on line 8)', 1),
    ("question-explain-bad", qs(RATING + "  explain: sometimes\n"), 11, 18,
     '"explain" in question "q1" must be none, optional or required', 1),
    ("question-theme-not-slug", qs(YES_NO + "  themes: [Victims]\n"), 11, 18,
     "each theme in \"themes\" in question \"q1\" must be a slug", 1),
    ("question-themes-text", qs(YES_NO + "  themes: victims\n"), 11, 17, "must be a list", 1),
    ("question-replaces-own-version",
     qs(YES_NO + "- id: q2\n  question: Second?\n  type: text\n  replaces: [q1]\n"),
     14, 20, '"replaces" in question "q2" names "q1", which is a question of this version', 1),
    ("question-replaces-string", qs(YES_NO + "  replaces: old-q\n"), 11, 19, "must be a list", 1),
    ("question-not-mapping", qs("- just a question?\n"), 8, 9,
     'question 1 of section "main" must be a set of keys', 1),
    # --- show_if ------------------------------------------------------------
    ("show-if-unknown-question",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q9, equals: yes}}\n"),
     11, "q9", 'names question "q9", which is not a question in this questionnaire', 1),
    ("show-if-later-question",
     qs(YES_NO.replace("type: yes_no", "type: yes_no\n  show_if: {question: q2, answered: true}")
        + "- {id: q2, question: Q, type: yes_no}\n"),
     11, 29, 'names question "q2", which comes later in the file', 1),
    ("show-if-itself", qs(YES_NO + "  show_if: {question: q1, answered: true}\n"), 11, 29,
     "names the question itself", 1),
    ("show-if-two-operators",
     qs(YES_NO + "- {id: q2, question: Q, type: text,\n"
        "   show_if: {question: q1, equals: yes, in: [no]}}\n"),
     12, "in:", 'can have only one condition; it already has "equals"', 1),
    ("show-if-no-operator",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q1}}\n"), 11, "{question",
     "needs a condition: equals, in, answered, at_most or at_least", 1),
    ("show-if-misspelt-operator",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q1, equal: yes}}\n"),
     11, "equal:", 'did you mean "equals"?', 2),
    ("show-if-yes-no-maybe",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q1, equals: maybe}}\n"),
     11, "maybe", 'uses the text "maybe", but question "q1" (yes_no) can only be yes or no', 1),
    ("show-if-yes-no-boolean",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q1, equals: true}}\n"),
     11, "true}", "uses true, but question \"q1\" (yes_no) can only be yes or no", 1),
    ("show-if-choice-not-option",
     qs(CHOICE + "- {id: q2, question: Q, type: text, show_if: {question: q1, equals: Pink}}\n"),
     12, "Pink", 'can only be one of its options: "Red", "Green" or "Blue"', 1),
    ("show-if-in-not-option",
     qs(CHOICE + "- {id: q2, question: Q, type: text, show_if: {question: q1, in: [Red, Pink]}}\n"),
     12, "Pink", 'uses the text "Pink"', 1),
    ("show-if-in-empty",
     qs(CHOICE + "- {id: q2, question: Q, type: text, show_if: {question: q1, in: []}}\n"),
     12, "[]", '"in" in the show_if of question "q2" must not be an empty list', 1),
    ("show-if-at-most-on-yes-no",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q1, at_most: 3}}\n"),
     11, "at_most", '"at_most" in the show_if of question "q2" works only with rating and number '
     'questions; question "q1" is a yes_no question', 1),
    ("show-if-at-least-off-scale",
     qs(RATING + "- {id: q2, question: Q, type: text, show_if: {question: q1, at_least: 7}}\n"),
     11, "7}", "can only be one of its scale values: 1, 2, 3, 4 or 5", 1),
    ("show-if-at-most-text",
     qs(RATING + "- {id: q2, question: Q, type: text, show_if: {question: q1, at_most: three}}\n"),
     11, "three", '"at_most" in the show_if of question "q2" must be a number', 1),
    ("show-if-answered-false",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q1, answered: false}}\n"),
     11, "false", '"answered" in the show_if of question "q2" can only be true', 1),
    ("show-if-equals-on-gaps",
     qs(YES_NO.replace("yes_no", "gaps")
        + "- {id: q2, question: Q, type: text, show_if: {question: q1, equals: x}}\n"),
     11, "x}", "a gaps question, which has no single value", 1),
    ("show-if-date-not-iso",
     qs(YES_NO.replace("yes_no", "date")
        + "- {id: q2, question: Q, type: text, show_if: {question: q1, equals: 22/09/2016}}\n"),
     11, "22/09", "can only be a date written as YYYY-MM-DD", 1),
    ("show-if-number-out-of-range",
     qs(YES_NO.replace("yes_no", "number") + "  min: 0\n  max: 10\n"
        + "- {id: q2, question: Q, type: text, show_if: {question: q1, at_least: 11}}\n"),
     13, "11}", "can only be a number from 0 to 10", 1),
    ("show-if-not-mapping", qs(YES_NO + "  show_if: q1\n"), 11, 18,
     '"show_if" in question "q1" must be a set of keys', 1),
    ("show-if-list-value",
     qs(YES_NO + "- {id: q2, question: Q, type: text, show_if: {question: q1, equals: [yes]}}\n"),
     11, "[yes]", "must compare with a single value; got a list", 1),
]


def _column(text: str, line: int, column) -> int:
    if isinstance(column, int):
        return column
    token, nth = (column, 1) if isinstance(column, str) else column
    source = text.splitlines()[line - 1]
    found = -1
    for _ in range(nth):
        found = source.index(token, found + 1)
    return found + 1


@pytest.mark.parametrize(
    "text, line, column, fragment, count",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_file_is_rejected_at_the_right_place(text, line, column, fragment, count):
    column = _column(text, line, column)
    result = validate(text, "bad.yaml")
    assert result.definition is None
    where = [(p.line, p.column) for p in result.errors if fragment in p.message]
    assert (line, column) in where, result.report()
    if count is not None:
        assert len(result.errors) == count, result.report()


def test_the_table_is_big_enough():
    assert len(CASES) >= 50
    assert len({case[0] for case in CASES}) == len(CASES)


def test_problem_prints_as_path_line_column_error_message():
    result = validate(qs(YES_NO.replace("yes_no", "ratng")), "forms/cse.yaml")
    assert [str(p) for p in result.errors] == [
        'forms/cse.yaml:10:15: error: unknown type "ratng" in question "q1"; '
        'did you mean "rating"?'
    ]

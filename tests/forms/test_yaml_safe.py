"""Reading untrusted YAML: YAML 1.2 core schema, positions, and the things
a questionnaire file may not do (aliases, tags, deep nesting, huge files,
non-UTF-8 text, several documents, duplicate keys)."""

from __future__ import annotations

import math
import time

import pytest
import yaml

from forms.format import yamlsafe
from forms.format.validate import validate
from forms.format.yamlsafe import YMap, YScalar, YSeq, load, to_python


def value_of(text: str):
    result = load(text)
    assert result.problems == []
    return to_python(result.root)


# --- YAML 1.2 core schema -----------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "Yes", "No", "YES", "on", "off", "On", "y", "n"])
def test_yaml_11_booleans_are_strings(word):
    assert value_of(f"a: {word}\n") == {"a": word}


@pytest.mark.parametrize("word, expected", [
    ("true", True), ("True", True), ("TRUE", True),
    ("false", False), ("False", False), ("FALSE", False),
])
def test_only_true_and_false_are_booleans(word, expected):
    assert value_of(f"a: {word}\n")["a"] is expected


@pytest.mark.parametrize("word", ["null", "Null", "NULL", "~", ""])
def test_nulls(word):
    assert value_of(f"a: {word}\n") == {"a": None}


@pytest.mark.parametrize("word, expected", [
    ("0", 0), ("42", 42), ("-7", -7), ("+3", 3), ("007", 7), ("0o17", 15), ("0x1F", 31),
    ("1.5", 1.5), ("-.5", -0.5), ("1e3", 1000.0), ("2.5E-1", 0.25), ("1.", 1.0),
])
def test_numbers(word, expected):
    value = value_of(f"a: {word}\n")["a"]
    assert value == expected and type(value) is type(expected)


def test_infinity_and_nan():
    data = value_of("a: .inf\nb: -.Inf\nc: .NaN\n")
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


@pytest.mark.parametrize("word", [
    "2016-09-22", "2016-09-22T10:00:00Z", "10:30", "1_000", "0b101", "012e", "0o8", "+0x1",
    "1,000", "£5", ".5.5", "inf", "nan",
])
def test_dates_times_and_number_lookalikes_are_strings(word):
    assert value_of(f"a: {word}\n") == {"a": word}


@pytest.mark.parametrize("text", ['a: "true"\n', "a: '1'\n", 'a: "null"\n', "a: |\n  1\n"])
def test_quoted_and_block_scalars_are_strings(text):
    assert isinstance(value_of(text)["a"], str)


def test_options_yes_no_partly_are_strings():
    assert value_of("options: [Yes, No, Partly]\n") == {"options": ["Yes", "No", "Partly"]}


def test_equals_no_is_the_string_no_in_a_questionnaire():
    text = """\
id: demo
version: 1
title: Demo
sections:
  - id: main
    title: Main
    questions:
      - id: engaging
        question: Are all partners engaging?
        type: yes_no
      - id: which
        question: Which partners are not engaging?
        type: multi_choice
        options: [Yes, No, Partly]
        show_if: {question: engaging, equals: no}
      - id: when
        question: When?
        type: date
        show_if: {question: which, in: [Yes, Partly]}
"""
    result = validate(text)
    assert result.errors == []
    which = result.definition.question("which")
    assert which.show_if.equals == "no"
    assert [o.value for o in which.options] == ["Yes", "No", "Partly"]
    assert result.definition.question("when").show_if.in_ == ("Yes", "Partly")


# --- positions ----------------------------------------------------------------


def test_every_key_and_value_keeps_its_position():
    root = load("top:\n  - {a: 1, b: [x, y]}\n  - plain\nother: 'q'\n").root
    assert isinstance(root, YMap) and root.pos == (1, 1)
    assert root.key_node("top").pos == (1, 1)
    seq = root.get("top")
    assert isinstance(seq, YSeq) and seq.pos == (2, 3)
    first = seq.items[0]
    assert first.pos == (2, 5)
    assert first.key_node("a").pos == (2, 6) and first.get("a").pos == (2, 9)
    assert first.get("b").items[1].pos == (2, 19)
    assert seq.items[1].pos == (3, 5)
    other = root.get("other")
    assert isinstance(other, YScalar) and other.pos == (4, 8) and not other.plain


def test_crlf_line_endings_count_lines_once():
    root = load(b"a: 1\r\nb: 2\r\n").root
    assert root.key_node("b").pos == (2, 1)


def test_byte_order_mark_is_accepted_and_not_counted():
    result = load(b"\xef\xbb\xbfa: 1\n")
    assert result.problems == [] and result.root.key_node("a").pos == (1, 1)


# --- what is rejected ---------------------------------------------------------


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_rejected_fast():
    started = time.perf_counter()
    result = validate(BILLION_LAUGHS, "bomb.yaml")
    assert time.perf_counter() - started < 1.0
    assert result.definition is None
    assert "bomb.yaml:1:4: error: anchors such as \"&a\" are not allowed; write the content " \
        "out in full" in [str(p) for p in result.errors]
    assert any(p.line == 2 and p.column == 8 and '"*a"' in p.message for p in result.errors)


def test_python_tag_is_rejected_and_never_run(monkeypatch, tmp_path):
    marker = tmp_path / "pwned"
    calls = []
    monkeypatch.setattr("os.system", lambda *a: calls.append(a))
    text = f"id: !!python/object/apply:os.system ['touch {marker}']\nversion: 1\n"
    result = validate(text)
    assert result.definition is None
    assert [(p.line, p.column) for p in result.errors] == [(1, 5)]
    assert "!!python/object/apply:os.system" in result.errors[0].message
    assert calls == [] and not marker.exists()


@pytest.mark.parametrize("text", [
    "a: !!str 1\n", "a: !!int '1'\n", "a: !!binary aGk=\n", "a: !custom x\n",
    "a: !!map {b: 1}\n", "a: !!seq [1]\n", "a: ! x\n", "? !!str a\n: 1\n",
])
def test_every_explicit_tag_is_rejected(text):
    problems = load(text).problems
    assert len(problems) == 1 and "tags such as" in problems[0].message


def test_loading_never_uses_the_full_loader_or_libyaml(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("must not be used")

    for name in ("load", "safe_load", "full_load", "unsafe_load", "compose", "CLoader",
                 "CSafeLoader", "CFullLoader", "CUnsafeLoader", "CBaseLoader"):
        if hasattr(yaml, name):
            monkeypatch.setattr(yaml, name, forbidden)
    assert value_of("a: [1, {b: c}]\n") == {"a": [1, {"b": "c"}]}


def nested_block(depth: int) -> str:
    return "".join("  " * level + f"k{level}:\n" for level in range(depth - 1)) + \
        "  " * (depth - 1) + "k: v\n"


def test_25_deep_nesting_is_rejected_where_level_21_starts():
    problems = load(nested_block(25)).problems
    assert [(p.line, p.column) for p in problems] == [(21, 41)]
    assert "nested more than 20 levels deep" in problems[0].message


def test_20_levels_are_allowed():
    assert load(nested_block(20)).problems == []


def test_deep_flow_nesting_is_rejected_without_recursion():
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    problems = load(text).problems
    assert [(p.line, p.column) for p in problems] == [(1, 4 + 19)]


def test_recursion_error_is_reported_not_raised(monkeypatch):
    def boom(*args, **kwargs):
        raise RecursionError
        yield  # pragma: no cover

    monkeypatch.setattr(yamlsafe.yaml, "parse", boom)
    problems = load("a: 1\n").problems
    assert len(problems) == 1 and "nested too deeply" in problems[0].message


def test_file_over_256_kib_is_rejected():
    text = "# " + "x" * (300 * 1024) + "\nid: demo\n"
    result = validate(text.encode(), "big.yaml")
    assert [str(p) for p in result.errors] == [
        "big.yaml:1:1: error: the file is 300 KB; a questionnaire file can be at most 256 KB"
    ]


def test_exactly_256_kib_is_not_too_big():
    body = "id: demo\n"
    text = body + "#" * (262144 - len(body) - 1) + "\n"
    assert len(text.encode()) == 262144
    assert all("KB" not in p.message for p in validate(text).errors)


def test_size_counts_bytes_not_characters():
    text = "# " + "é" * 140000 + "\n"  # 140,000 characters, 280,003 bytes
    assert "the file is 273.4 KB" in validate(text).errors[0].message


def test_latin_1_bytes_are_rejected_at_the_first_bad_byte():
    data = "id: demo\ntitle: Caf\u00e9 \u00e9t\u00e9\n".encode("latin-1")
    result = validate(data, "latin.yaml")
    assert [str(p) for p in result.errors] == [
        "latin.yaml:2:11: error: the file is not UTF-8 text (byte 0xe9 cannot be read); "
        "save it as UTF-8"
    ]


def test_bad_byte_column_counts_characters_before_it():
    data = "id: d\u00e9mo\n".encode() + b"t: \xff\n"
    assert [(p.line, p.column) for p in load(data).problems] == [(2, 4)]
    data = "a: \u00e9\u00e9 ".encode() + b"\xc3(\n"
    assert [(p.line, p.column) for p in load(data).problems] == [(1, 7)]


def test_multiple_documents_are_rejected():
    result = validate("---\nid: one\n---\nid: two\n---\nid: three\n")
    assert [(p.line, p.column) for p in result.errors] == [(3, 1)]
    assert "exactly one YAML document" in result.errors[0].message


def test_duplicate_keys_name_both_lines():
    text = "id: demo\nversion: 1\ntitle: T\nversion: 2\n"
    problems = load(text).problems
    assert [(p.line, p.column, p.message) for p in problems] == [
        (4, 1, 'duplicate key "version" (first given on line 2)')
    ]


def test_keys_of_different_types_are_not_duplicates():
    # 1 and True are one key in a Python dict: the later value wins there
    assert value_of("1: a\ntrue: b\n'1': c\n") == {1: "b", "1": "c"}


def test_quoted_and_plain_spellings_of_a_key_are_duplicates():
    problems = load("id: a\n'id': b\n").problems
    assert [(p.line, p.column) for p in problems] == [(2, 1)]


def test_a_list_as_a_key_is_rejected():
    problems = load("? [a, b]\n: c\n").problems
    assert [(p.line, p.column) for p in problems] == [(1, 3)]


def test_syntax_error_points_at_the_problem():
    problems = load("a: 'unterminated\n").problems
    assert len(problems) == 1 and problems[0].line == 2
    assert problems[0].message.startswith("the file is not valid YAML:")


def test_str_input_with_lone_surrogate_is_rejected():
    problems = load("a: \ud800\n").problems
    assert [(p.line, p.column) for p in problems] == [(1, 4)]


@pytest.mark.parametrize("text, expected", [
    ("q: {question: Are partners engaging?, type: yes_no}\n",
     {"q": {"question": "Are partners engaging?", "type": "yes_no"}}),
    ("o: [Yes?, No?, 'Maybe?']\n", {"o": ["Yes?", "No?", "Maybe?"]}),
    ("q: {question: Why? Because, type: text}\n",
     {"q": {"question": "Why? Because", "type": "text"}}),
    ("a: why?\n", {"a": "why?"}),
    ("t: {time: 10:30, url: http://x.org/a?b=c}\n",
     {"t": {"time": "10:30", "url": "http://x.org/a?b=c"}}),
])
def test_question_marks_inside_flow_collections_are_plain_text(text, expected):
    # YAML 1.2 lets "?" appear inside a plain scalar in [ ] and { }.
    assert value_of(text) == expected

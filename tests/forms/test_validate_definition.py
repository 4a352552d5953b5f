"""Valid files produce the right Definition; several problems are reported
together; the history checks (rule 9) and content hashes."""

from __future__ import annotations

import hashlib

import pytest

from forms.format.definition import Definition
from forms.format.validate import (
    check_history,
    content_hash,
    is_reload,
    validate,
)
from forms.format.values import BUILTIN_CONFIDENCE, Option

# The complete small example from QUESTIONNAIRE_FORMAT.md, verbatim.
FORMAT_EXAMPLE = """\
id: cse-assurance
version: 1
title: Child sexual exploitation (CSE) assurance
summary: >
  Questions put to the Chief Constable ahead of the PCC's assurance meeting.

scales:                      # optional; `confidence` is built in
  rag:
    - {value: 1, label: Red, rag: red}
    - {value: 2, label: Amber, rag: amber}
    - {value: 3, label: Green, rag: green}

lists:                       # optional reusable option lists
  gap_areas: [Systems, Information sharing, Partnerships, Training, Resourcing]

sections:
  - id: intelligence
    title: Intelligence assessment
    questions:
      - id: intelligence-picture
        question: What is the current intelligence assessment of CSE?
        type: long_text
        required: true
      - id: intelligence-rating
        question: How would you rate the current intelligence assessment?
        type: rating            # scale defaults to confidence
        explain: required
        gaps: true
        themes: [intelligence]
      - id: intelligence-improve
        question: What would raise your confidence?
        type: long_text
        show_if: {question: intelligence-rating, at_most: 3}
  - id: partnerships
    title: Partnership working
    questions:
      - id: partners-engaging
        question: Are all partners engaging?
        type: yes_no
      - id: partners-not-engaging
        question: Which partners are not engaging?
        type: multi_choice
        options: [Local authority, Health, Education, Voluntary sector]
        show_if: {question: partners-engaging, equals: no}
"""


@pytest.fixture(scope="module")
def example() -> Definition:
    result = validate(FORMAT_EXAMPLE, "example.yaml")
    assert result.errors == [], result.report()
    return result.definition


def test_example_top_level(example):
    assert example.id == "cse-assurance"
    assert example.version == 1
    assert example.title == "Child sexual exploitation (CSE) assurance"
    assert example.summary == (
        "Questions put to the Chief Constable ahead of the PCC's assurance meeting.")
    assert [s.id for s in example.sections] == ["intelligence", "partnerships"]
    assert [s.title for s in example.sections] == [
        "Intelligence assessment", "Partnership working"]
    assert [o.value for o in example.gap_areas] == [
        "Systems", "Information sharing", "Partnerships", "Training", "Resourcing"]


def test_example_questions(example):
    assert [(q.id, q.type, q.section_id) for q in example.questions] == [
        ("intelligence-picture", "long_text", "intelligence"),
        ("intelligence-rating", "rating", "intelligence"),
        ("intelligence-improve", "long_text", "intelligence"),
        ("partners-engaging", "yes_no", "partnerships"),
        ("partners-not-engaging", "multi_choice", "partnerships"),
    ]
    picture = example.question("intelligence-picture")
    assert picture.required is True and picture.max_length == 10000
    assert picture.publish is True and picture.show_if is None and picture.gaps is False


def test_example_rating_defaults_to_the_built_in_confidence_scale(example):
    rating = example.question("intelligence-rating")
    assert rating.scale_name == "confidence"
    assert rating.scale == BUILTIN_CONFIDENCE
    assert [(p.value, p.label, p.rag) for p in rating.scale] == [
        (1, "Not confident", "red"), (2, "Slightly confident", "red"),
        (3, "Partly confident", "amber"), (4, "Confident", "green"),
        (5, "Fully confident", "green")]
    assert rating.explain == "required" and rating.gaps is True
    assert rating.themes == ("intelligence",) and rating.required is False


def test_example_conditions(example):
    improve = example.question("intelligence-improve").show_if
    assert (improve.question, improve.operator, improve.at_most) == (
        "intelligence-rating", "at_most", 3)
    which = example.question("partners-not-engaging")
    assert which.show_if.question == "partners-engaging"
    assert which.show_if.equals == "no"  # YAML 1.2: the string, not false
    assert which.options == tuple(Option(v, v) for v in (
        "Local authority", "Health", "Education", "Voluntary sector"))
    assert which.options_list is None
    assert example.visible(which, {"partners-engaging": "no"})
    assert not example.visible(which, {"partners-engaging": "yes"})


def test_bytes_and_str_give_the_same_definition(example):
    assert validate(FORMAT_EXAMPLE.encode("utf-8")).definition == example


def test_definition_round_trips_through_dicts(example):
    assert Definition.from_dict(example.to_dict()) == example
    assert Definition.from_dict(example.to_dict()).to_dict() == example.to_dict()


FULL = """\
id: every-type
version: 3
title: Every type
scales:
  confidence:                 # replaces the built-in scale for this file
    - {value: 0, label: None at all}
    - {value: 10, label: Total, rag: green, description: No doubts}
  rag:
    - {value: 1, label: Red, rag: red}
    - {value: 2, label: Amber, rag: amber}
    - {value: 3, label: Green, rag: green}
lists:
  gap_areas: [Systems, {value: people, label: People and skills}]
  agencies: [Police, Health]
sections:
  - id: one
    title: One
    intro: The first section.
    questions:
      - {id: name, question: Name?, type: text, hint: Your name, required: true}
      - {id: story, question: Story?, type: long_text, max_length: 500, gaps: true}
      - {id: count, question: How many?, type: number, min: 0, max: 10.5, integer: false}
      - {id: when, question: When?, type: date, show_if: {question: count, at_least: 2}}
      - {id: ok, question: OK?, type: yes_no, publish: false}
      - {id: pick, question: Pick, type: choice, options: agencies,
         show_if: {question: ok, equals: yes}}
      - id: picks
        question: Pick some
        type: multi_choice
        options: [{value: a, label: Apple}, {value: b, label: Banana}]
        show_if: {question: pick, in: [Health]}
      - {id: rate, question: Rate, type: rating, explain: optional}
      - {id: rag-rate, question: RAG, type: rating, scale: rag,
         show_if: {question: rate, at_most: 0}}
      - id: gaps-found
        question: Gaps?
        type: gaps
        themes: [gaps, risk-2]
        replaces: [old-gaps, older-gaps]
        show_if: {question: picks, answered: true}
"""


def test_every_type_and_option_is_read():
    result = validate(FULL)
    assert result.errors == [], result.report()
    d = result.definition
    assert d.version == 3 and d.sections[0].intro == "The first section."
    assert d.gap_areas == (Option("Systems", "Systems"), Option("people", "People and skills"))
    q = d.question
    assert q("name").hint == "Your name" and q("name").max_length == 200
    assert q("story").max_length == 500 and q("story").gaps
    assert (q("count").min, q("count").max, q("count").integer) == (0, 10.5, False)
    assert q("when").show_if.at_least == 2
    assert q("ok").publish is False
    assert q("pick").options_list == "agencies"
    assert [o.value for o in q("pick").options] == ["Police", "Health"]
    assert q("picks").options == (Option("a", "Apple"), Option("b", "Banana"))
    assert q("picks").show_if.in_ == ("Health",)
    assert [(p.value, p.label) for p in q("rate").scale] == [(0, "None at all"), (10, "Total")]
    assert q("rate").scale[1].description == "No doubts" and q("rate").explain == "optional"
    assert q("rag-rate").scale_name == "rag" and q("rag-rate").show_if.at_most == 0
    gaps = q("gaps-found")
    assert gaps.has_gaps and gaps.gaps is True
    assert gaps.themes == ("gaps", "risk-2") and gaps.replaces == ("old-gaps", "older-gaps")
    assert gaps.show_if.answered is True
    assert Definition.from_dict(d.to_dict()) == d


MANY_ERRORS = """\
id: Bad Id
version: 0
title: ""
colour: blue
sections:
  - id: main
    title: Main
    questions:
      - id: q1
        questoin: Hi?
        type: ratng
      - id: q1
        question: Again
        type: text
        scale: rag
        show_if: {question: q9, answered: false}
"""


def test_every_problem_in_a_file_is_reported_in_order():
    result = validate(MANY_ERRORS, "many.yaml")
    assert result.definition is None
    found = [(p.line, p.column) for p in result.errors]
    assert found == sorted(found)
    messages = "\n".join(str(p) for p in result.errors)
    for expected in [
        'many.yaml:1:5: error: "id" at the top level must be a slug',
        'many.yaml:2:10: error: "version" at the top level must be a whole number, 1 or more',
        'many.yaml:3:8: error: "title" at the top level must not be empty',
        'many.yaml:4:1: error: unknown key "colour" at the top level',
        'many.yaml:9:9: error: missing required key "question" in question "q1"',
        'many.yaml:10:9: error: unknown key "questoin" in question "q1"; did you mean "question"?',
        'many.yaml:11:15: error: unknown type "ratng" in question "q1"; did you mean "rating"?',
        'many.yaml:12:13: error: duplicate question id "q1" (first used on line 9)',
        'many.yaml:15:9: error: key "scale" does not apply to a text question',
        'many.yaml:16:29: error: the show_if of question "q1" names question "q9", which is '
        "not a question in this questionnaire",
        'many.yaml:16:43: error: "answered" in the show_if of question "q1" can only be true',
    ]:
        assert expected in messages
    assert len(result.errors) == 11


def test_problems_are_sorted_by_line_then_column():
    text = "sections: []\nid: X\nversion: -1\ntitle: T\n"
    found = [(p.line, p.column) for p in validate(text).errors]
    assert found == [(1, 11), (2, 5), (3, 10)]


def test_gap_areas_are_empty_without_the_list():
    text = FULL.replace("  gap_areas: [Systems, {value: people, label: People and skills}]\n", "")
    assert validate(text).definition.gap_areas == ()


def test_empty_optional_texts_and_empty_scales_and_lists_are_allowed():
    text = ("id: demo\nversion: 1\ntitle: T\nsummary:\nscales:\nlists:\nsections:\n"
            "  - id: main\n    title: M\n    intro:\n    questions:\n"
            "      - {id: q1, question: Q, type: rating, hint: }\n")
    result = validate(text)
    assert result.errors == [], result.report()
    assert result.definition.summary is None and result.definition.question("q1").hint is None


# --- history (rule 9) and content hashes --------------------------------------


def test_content_hash_is_sha256_of_the_exact_bytes():
    data = FORMAT_EXAMPLE.encode()
    assert content_hash(data) == hashlib.sha256(data).hexdigest()
    assert content_hash(FORMAT_EXAMPLE) == content_hash(data)
    assert content_hash(data + b"\n") != content_hash(data)
    assert validate(data).content_hash == content_hash(data)


def test_positions_kept_for_history_checks():
    result = validate(FORMAT_EXAMPLE)
    assert result.version_position == (2, 10)
    assert result.type_positions["intelligence-rating"] == (26, 15)
    assert result.type_positions["partners-not-engaging"] == (42, 15)


def test_history_a_question_cannot_change_type():
    result = validate(FORMAT_EXAMPLE, "v2.yaml")
    problems = check_history(result, {"intelligence-picture": ("rating", 1),
                                      "partners-engaging": "yes_no"}, {})
    assert [str(p) for p in problems] == [
        'v2.yaml:22:15: error: question "intelligence-picture" was a rating question in '
        'version 1; a question id cannot change type — use a new id and "replaces"'
    ]


def test_history_plain_types_without_versions():
    result = validate(FORMAT_EXAMPLE)
    problems = check_history(result, {"partners-engaging": "choice"}, {})
    assert len(problems) == 1 and "in an earlier version" in problems[0].message


def test_history_same_version_with_different_content_is_refused():
    result = validate(FORMAT_EXAMPLE, "again.yaml")
    problems = check_history(result, {}, {1: "0" * 64})
    assert [str(p) for p in problems] == [
        'again.yaml:2:10: error: version 1 of questionnaire "cse-assurance" is already loaded '
        'with different content, and a loaded version never changes; raise "version" to 2 to '
        "load these changes"
    ]
    assert not is_reload(result, {1: "0" * 64})


def test_history_identical_content_again_is_not_a_problem():
    result = validate(FORMAT_EXAMPLE)
    loaded = {1: content_hash(FORMAT_EXAMPLE)}
    assert check_history(result, {}, loaded) == []
    assert is_reload(result, loaded)
    assert check_history(result, {}, {1: "x"}, digest="x") == []


def test_history_new_version_passes():
    result = validate(FORMAT_EXAMPLE.replace("version: 1", "version: 3"))
    assert check_history(result, {"intelligence-rating": ("rating", 2)}, {1: "a", 2: "b"}) == []
    assert not is_reload(result, {1: "a", 2: "b"})


def test_history_needs_a_valid_result():
    with pytest.raises(ValueError):
        check_history(validate("id: x\n"), {}, {})


def test_command_line_checks_files(tmp_path, capsys):
    from forms.format.validate import main

    good = tmp_path / "good.yaml"
    good.write_text(FORMAT_EXAMPLE, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: demo\nversion: yes\n", encoding="utf-8")
    assert main([str(good)]) == 0
    assert "ok (cse-assurance version 1, 5 questions)" in capsys.readouterr().out
    assert main([str(good), str(bad)]) == 1
    assert f"{bad}:2:10: error: " in capsys.readouterr().out

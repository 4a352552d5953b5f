"""Questionnaires from XLSForm-style workbooks, and back (forms.format.xlsform)."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.format.validate import validate, validate_file
from forms.format.xlsform import from_xlsx, to_xlsx
from tests.forms.xlsform_books import book, grouped

SHIPPED = sorted(Path("questionnaires").glob("*.yaml"))


def definition_of(data: bytes):
    result = from_xlsx(data, "book.xlsx")
    assert not result.problems, result.report()
    checked = validate(result.yaml, "generated.yaml")
    assert not checked.errors, checked.report() + "\n" + result.yaml
    return checked.definition, result.yaml


def problems_of(data: bytes) -> dict[str, str]:
    result = from_xlsx(data, "book.xlsx")
    assert result.yaml is None
    return {p.cell: p.message for p in result.problems}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_round_trip_gives_the_same_definition(path):
    original = validate_file(path).definition
    again, _ = definition_of(to_xlsx(original))
    assert again.to_dict() == original.to_dict()


@pytest.mark.parametrize("path", sorted(Path("questionnaires").glob("*.xlsx")),
                         ids=lambda p: p.name)
def test_shipped_workbooks_match_their_yaml(path):
    yaml_path = path.with_suffix(".yaml")
    definition, _ = definition_of(path.read_bytes())
    assert definition.to_dict() == validate_file(yaml_path).definition.to_dict()


def test_groups_become_sections_and_names_become_ids_with_a_comment():
    data = book([("begin group", "force_lead", "Leadership", "Who leads it"),
                 ("text", "lead_Name", "Who is the lead?", "Name and rank", "yes"),
                 ("integer", "arrest_rate", "How many arrests?"),
                 ("decimal", "rate", "What rate?"),
                 ("date", "review-date", "When was it reviewed?"),
                 ("end group",)])
    definition, text = definition_of(data)
    section = definition.sections[0]
    assert (section.id, section.title, section.intro) == ("force-lead", "Leadership",
                                                          "Who leads it")
    ids = [q.id for q in section.questions]
    assert ids == ["lead-name", "arrest-rate", "rate", "review-date"]
    lead, arrests, rate, review = section.questions
    assert lead.required and lead.hint == "Name and rank" and lead.type == "text"
    assert arrests.type == "number" and arrests.integer
    assert rate.type == "number" and not rate.integer
    assert review.type == "date"
    assert "id: arrest-rate  # from XLSForm name arrest_rate" in text
    assert "# from XLSForm name force_lead" in text


def test_selects_become_choices_yes_no_and_lists():
    data = book(grouped(
        ("select_one yn", "engaged", "Are partners engaged?"),
        ("select_multiple partners", "which", "Which partners?"),
        ("select_one status", "status", "Status?"),
        ("select_one partners", "lead_partner", "Which partner leads?"),
    ), choices=[("yn", "yes", "Yes"), ("yn", "no", "No"),
                ("partners", "la", "Local authority"), ("partners", "Health", "Health"),
                ("status", "done", "Done"), ("status", "open", "Open")])
    definition, text = definition_of(data)
    engaged, which, status, lead = definition.sections[0].questions
    assert engaged.type == "yes_no"
    assert which.type == "multi_choice" and which.options_list == "partners"
    assert [(o.value, o.label) for o in which.options] == [("la", "Local authority"),
                                                           ("Health", "Health")]
    assert lead.options_list == "partners"
    # a list used by one question named after it is written inline in the YAML
    assert status.type == "choice" and status.options_list is None
    assert "  partners:" in text and "yn:" not in text


def test_service_types_and_columns():
    head = ("type", "name", "label", "explain", "gaps", "publish", "themes", "replaces",
            "max_length", "min", "max", "appearance")
    data = book(grouped(
        ("rating", "confidence", "How confident?", "required", "yes", None, "cse safeguarding"),
        ("rating rag", "rag_rating", "RAG?", None, None, "no"),
        ("gaps", "known_gaps", "Known gaps"),
        ("long_text", "story", "Tell us", None, "yes", None, None, None, 500),
        ("text", "notes", "Notes", None, None, None, None, "old-notes", None, None, None,
         "multiline"),
        ("integer", "count", "How many?", None, None, None, None, None, None, 0, 99),
    ), head=head, scales=[("rag", 1, "Red", "red"), ("rag", 2, "Amber", "amber"),
                           ("rag", 3, "Green", "green")],
        choices=[("gap_areas", "Training", "Training"), ("gap_areas", "Systems", "Systems")])
    definition, _ = definition_of(data)
    rating, rag, gaps, story, notes, count = definition.sections[0].questions
    assert rating.explain == "required" and rating.gaps and rating.themes == ("cse",
                                                                               "safeguarding")
    assert rag.scale_name == "rag" and [p.label for p in rag.scale] == ["Red", "Amber",
                                                                         "Green"]
    assert not rag.publish
    assert gaps.type == "gaps"
    assert story.type == "long_text" and story.max_length == 500 and story.gaps
    assert notes.type == "long_text" and notes.replaces == ("old-notes",)
    assert (count.min, count.max) == (0, 99)
    assert [o.value for o in definition.gap_areas] == ["Training", "Systems"]


@pytest.mark.parametrize("expression, expected", [
    ("${engaged} = 'no'", {"question": "engaged", "equals": "no"}),
    ("${status} != 'done'", {"question": "status", "in": ["open", "late"]}),
    ("selected(${which}, 'la')", {"question": "which", "equals": "la"}),
    ("${count} <= 3", {"question": "count", "at_most": 3}),
    ("${count} >= 2.5", {"question": "count", "at_least": 2.5}),
    ("${count} != ''", {"question": "count", "answered": True}),
    ("${status} = 'open' or ${status} = 'late'", {"question": "status",
                                                  "in": ["open", "late"]}),
])
def test_simple_relevant_expressions_become_show_if(expression, expected):
    data = book(grouped(
        ("select_one yn", "engaged", "Engaged?"),
        ("select_multiple partners", "which", "Which?"),
        ("select_one status", "status", "Status?"),
        ("decimal", "count", "How many?"),
        ("text", "follow_up", "Tell us more", None, None, expression),
    ), choices=[("yn", "yes", "Yes"), ("yn", "no", "No"), ("partners", "la", "LA"),
                ("partners", "nhs", "NHS"), ("status", "done", "Done"),
                ("status", "open", "Open"), ("status", "late", "Late")])
    definition, _ = definition_of(data)
    assert definition.question("follow-up").show_if.to_dict() == expected


def test_every_unsupported_feature_is_reported_with_its_cell_in_one_run():
    head = ("type", "name", "label", "hint", "required", "relevant", "constraint",
            "calculation", "media::image", "label::Welsh (cy)")
    data = book([
        ("begin group", "main", "Main"),
        ("text", "qa", "A", None, "perhaps"),
        ("text", "qb", "B", None, None, "${qa} = 'x' and ${qa} != 'y'"),
        ("integer", "qc", "C", None, None, None, ". > 3"),
        ("calculate", "qd", None, None, None, None, None, "1 + 1"),
        ("begin repeat", "qe", "E"),
        ("end repeat",),
        ("note", "qf", "Read this"),
        ("geopoint", "qg", "Where?"),
        ("select_one nowhere", "qh", "H"),
        ("text", "QA", "Same id as qa"),
        ("text", "qj", "J", None, None, "${later} = 'x'"),
        ("text", "later", "Later"),
        ("begin group", "inner", "Inner"),
        ("end group",),
        ("begin group", "tail", "Tail"),
        ("text", "qk", "K"),
    ], head=head)
    found = problems_of(data)
    expected = {
        "survey!E3": "required must be yes or no",
        "survey!F4": "cannot be converted",
        "survey!G5": "constraints are not supported",
        "survey!A6": "calculations are not supported",
        "survey!H6": "calculations are not supported",
        "survey!A7": "repeats are not supported",
        "survey!A9": "a note has no place",
        "survey!A10": "\"geopoint\" is not supported",
        "survey!A11": "no list \"nowhere\"",
        "survey!B12": "already has",
        "survey!F13": "not an earlier question",
        "survey!A15": "a group inside a group",
        "survey!I1": "has no place in the format",
        "survey!J1": "other languages than English are not supported yet",
        "survey!A17": "never ended",
    }
    for cell, words in expected.items():
        assert cell in found, f"{cell} not reported; got {found}"
        assert words in found[cell], (cell, found[cell])


def test_english_label_columns_are_read_as_the_label():
    head = ("type", "name", "label::English (en)", "hint::English (en)")
    data = book(grouped(("text", "who", "Who leads?", "Name")), head=head)
    definition, _ = definition_of(data)
    question = definition.question("who")
    assert (question.question, question.hint) == ("Who leads?", "Name")


def test_settings_give_id_title_and_version():
    data = book(grouped(("text", "who", "Who?")), settings=("My_Form", "My title", 4))
    definition, _ = definition_of(data)
    assert (definition.id, definition.title, definition.version) == ("my-form", "My title", 4)
    found = problems_of(book(grouped(("text", "who", "Who?")), settings=("", "", "v2")))
    assert {"settings!A2", "settings!B2", "settings!C2"} <= set(found)


def test_a_file_that_is_not_a_workbook_is_one_clear_problem():
    result = from_xlsx(b"id: not-a-workbook\n", "x.xlsx")
    assert [str(p) for p in result.problems] == [
        'x.xlsx:A1: error: this is not an Excel workbook (.xlsx); save it as '
        '"Excel Workbook (.xlsx)" and upload it again']


def test_generated_yaml_problems_come_from_the_validator():
    # max_length on a number question: the workbook reads, the YAML validator refuses it
    head = ("type", "name", "label", "max_length")
    result = from_xlsx(book(grouped(("integer", "count", "How many?", 5)), head=head))
    assert not result.problems
    checked = validate(result.yaml, "generated.yaml")
    assert any("max_length" in p.message for p in checked.errors)

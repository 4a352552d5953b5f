"""The question sets that ship in questionnaires/ validate cleanly and keep
the ids, versions and features the demo data and trend pages rely on."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from forms.questionnaire.definition import QUESTION_TYPES, Definition
from forms.questionnaire.validate import check_history, validate_file

FOLDER = Path(__file__).resolve().parents[2] / "questionnaires"
FILES = sorted(FOLDER.glob("*.yaml")) + sorted(FOLDER.glob("*.yml"))


def load(name: str) -> Definition:
    result = validate_file(FOLDER / name)
    assert result.errors == [], result.report()
    return result.definition


def test_there_are_shipped_files():
    assert {f.name for f in FILES} >= {
        "cse-assurance.yaml", "cse-assurance.v2.yaml",
        "domestic-abuse.v1.yaml", "domestic-abuse.v2.yaml",
    }


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_every_shipped_file_validates_cleanly(path):
    result = validate_file(path)
    assert result.errors == [], result.report()
    assert Definition.from_dict(result.definition.to_dict()) == result.definition


def test_versions_load_in_order_without_history_problems():
    by_id: dict[str, list] = defaultdict(list)
    for path in FILES:
        result = validate_file(path)
        by_id[result.definition.id].append(result)
    for results in by_id.values():
        results.sort(key=lambda r: r.definition.version)
        assert len({r.definition.version for r in results}) == len(results)
        earlier: dict[str, tuple[str, int]] = {}
        loaded: dict[int, str] = {}
        for result in results:
            assert check_history(result, earlier, loaded) == []
            loaded[result.definition.version] = result.content_hash
            for q in result.definition.questions:
                earlier.setdefault(q.id, (q.type, result.definition.version))


CSE_V1_IDS = [
    ("intelligence-assessment", "long_text"),
    ("intelligence-rating", "rating"),
    ("intelligence-ambition", "long_text"),
    ("recommendations-assurance", "long_text"),
    ("recommendations-partners-rating", "rating"),
    ("victims-protection", "long_text"),
    ("victims-service-rating", "rating"),
    ("flagged-incidents", "long_text"),
    ("staff-understanding", "long_text"),
    ("telford-training-priority", "yes_no"),
    ("training-new-staff", "yes_no"),
    ("training-existing-staff", "date"),
    ("resources-prioritisation", "long_text"),
    ("model-north", "long_text"),
    ("safeguarding-rating", "rating"),
    ("perpetrators-action", "long_text"),
    ("perpetrators-known-rating", "rating"),
    ("coercive-control", "long_text"),
    ("partners-connected", "yes_no"),
    ("partners-not-engaging", "yes_no"),
    ("partners-not-engaging-which", "multi_choice"),
    ("partnerships-assessment", "long_text"),
    ("partnerships-rating", "rating"),
    ("pcc-support", "long_text"),
    ("internal-note", "long_text"),
]


def test_cse_v1_ids_are_stable():
    # Demo data and trends join on these ids: change them only with care.
    d = load("cse-assurance.yaml")
    assert (d.id, d.version) == ("cse-assurance", 1)
    assert [(q.id, q.type) for q in d.questions] == CSE_V1_IDS


def test_cse_v1_follows_the_seed_meeting_notes():
    d = load("cse-assurance.yaml")
    assert d.question("intelligence-assessment").question == (
        "What is the current intelligence assessment of CSE?")
    assert d.question("pcc-support").question == "Is there anything the PCC can do?"
    assert d.question("intelligence-rating").scale_name == "confidence"
    assert d.question("intelligence-rating").explain == "required"
    assert {q.id for q in d.questions if q.gaps} >= {"intelligence-rating", "safeguarding-rating"}
    assert [o.value for o in d.gap_areas][:4] == [
        "Systems", "Information sharing", "Deprivation", "Digital analysis"]
    assert [q.id for q in d.questions if not q.publish] == ["internal-note"]
    assert all(q.themes for q in d.questions)
    assert any(q.hint for q in d.questions)


def test_cse_v2_rewords_one_question_drops_one_and_replaces_it():
    v1, v2 = load("cse-assurance.yaml"), load("cse-assurance.v2.yaml")
    assert (v2.id, v2.version) == ("cse-assurance", 2)
    ids1, ids2 = {q.id for q in v1.questions}, {q.id for q in v2.questions}
    assert ids1 - ids2 == {"flagged-incidents"}
    assert ids2 - ids1 == {"cse-flagging"}
    assert v2.question("cse-flagging").replaces == ("flagged-incidents",)
    reworded = [q.id for q in v2.questions
                if q.id in ids1 and q.question != v1.question(q.id).question]
    assert reworded == ["intelligence-ambition"]


def test_domestic_abuse_shows_off_the_format():
    v1, v2 = load("domestic-abuse.v1.yaml"), load("domestic-abuse.v2.yaml")
    for d in (v1, v2):
        assert {q.type for q in d.questions} == set(QUESTION_TYPES)
        operators = {q.show_if.operator for q in d.questions if q.show_if}
        assert operators == {"equals", "in", "answered", "at_most", "at_least"}
        assert any(q.scale_name == "rag" for q in d.questions)
        assert any(q.options_list for q in d.questions)
        assert d.gap_areas
    replaced = {old for q in v2.questions for old in q.replaces}
    assert replaced == {"marac-referral-route", "da-arrest-rate"}
    v1_ids = {q.id for q in v1.questions}
    assert replaced <= v1_ids
    assert not replaced & {q.id for q in v2.questions}

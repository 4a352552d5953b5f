"""The question sets that ship in questionnaires/ validate cleanly and keep
the ids, versions and features the demo data and trend pages rely on."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from forms.format.definition import Definition
from forms.format.types import QUESTION_TYPES
from forms.format.validate import check_history, validate_file

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


SEED_NOTES = (Path(__file__).resolve().parents[2] / "workflows" / "demo_data"
              / "cse-2016-09-22-notes.txt")

# (id, type, published): demo data, trends and carry-forward join on these ids.
CSE_V1_IDS = [
    ("intelligence-assessment", "long_text", True),
    ("intelligence-rating", "rating", True),
    ("intelligence-ambition", "long_text", True),
    ("recommendations-assurance", "long_text", True),
    ("recommendations-partners-rating", "rating", False),
    ("victims-protection", "long_text", True),
    ("victims-service-rating", "rating", False),
    ("flagged-incidents", "long_text", True),
    ("staff-understanding", "long_text", True),
    ("telford-training-priority", "long_text", True),
    ("training-new-staff", "long_text", True),
    ("resources-prioritisation", "long_text", True),
    ("safeguarding-rating", "rating", True),
    ("perpetrators-action", "long_text", True),
    ("perpetrators-known-rating", "rating", True),
    ("coercive-control", "long_text", True),
    ("partners-connected", "long_text", True),
    ("partnerships-rating", "rating", False),
    ("partners-not-engaging", "yes_no", False),
    ("partners-not-engaging-which", "multi_choice", False),
    ("pcc-support", "long_text", True),
    ("internal-note", "long_text", False),
]
# The questions where the PCC asked for a rating or for the CC's confidence.
SEED_RATINGS = ["intelligence-rating", "safeguarding-rating", "perpetrators-known-rating"]


def seed_questions() -> list[str]:
    lines = SEED_NOTES.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("PCC:").strip() for line in lines if line.startswith("PCC:")]


def test_cse_v1_ids_are_stable():
    # Demo data and trends join on these ids: change them only with care.
    d = load("cse-assurance.yaml")
    assert (d.id, d.version) == ("cse-assurance", 1)
    assert [(q.id, q.type, q.publish) for q in d.questions] == CSE_V1_IDS


def test_cse_v1_publishes_exactly_the_seed_questions_in_their_words():
    d = load("cse-assurance.yaml")
    published = [q for q in d.questions if q.publish]
    assert len(seed_questions()) == 16
    assert [q.question for q in published] == seed_questions()
    # every published question can hold the seed's answer word for word
    assert [q.id for q in published if q.type == "rating"] == SEED_RATINGS
    assert {q.type for q in published} == {"long_text", "rating"}
    for q in (d.question(i) for i in SEED_RATINGS):
        assert (q.scale_name, q.explain, q.gaps) == ("confidence", "required", True)


def test_cse_v1_unpublished_ratings_follow_the_answer_that_states_them():
    d = load("cse-assurance.yaml")
    order = [q.id for q in d.questions]
    for rating, answer in [("recommendations-partners-rating", "recommendations-assurance"),
                           ("victims-service-rating", "victims-protection"),
                           ("partnerships-rating", "partners-connected")]:
        assert d.question(rating).type == "rating" and not d.question(rating).publish
        assert order.index(rating) == order.index(answer) + 1
    which = d.question("partners-not-engaging-which")
    assert (which.show_if.question, which.show_if.operator) == ("partners-not-engaging", "equals")


def test_cse_v1_keeps_sections_hints_themes_lists_and_gap_areas():
    d = load("cse-assurance.yaml")
    assert d.question("pcc-support").question == "Is there anything the PCC can do?"
    assert {q.id for q in d.questions if q.gaps} == {
        "intelligence-rating", "recommendations-assurance", "resources-prioritisation",
        "safeguarding-rating", "perpetrators-action", "perpetrators-known-rating",
        "partners-connected"}
    assert [o.value for o in d.gap_areas][:4] == [
        "Systems", "Information sharing", "Deprivation", "Digital analysis"]
    assert len(d.sections) == 9
    assert all(q.themes for q in d.questions)
    assert any(q.hint for q in d.questions)


def test_cse_v2_rewords_a_rating_and_a_question_drops_one_and_replaces_it():
    v1, v2 = load("cse-assurance.yaml"), load("cse-assurance.v2.yaml")
    assert (v2.id, v2.version) == ("cse-assurance", 2)
    ids1, ids2 = {q.id for q in v1.questions}, {q.id for q in v2.questions}
    assert ids1 - ids2 == {"flagged-incidents"}
    assert ids2 - ids1 == {"cse-flagging"}
    assert v2.question("cse-flagging").replaces == ("flagged-incidents",)
    reworded = [q.id for q in v2.questions
                if q.id in ids1 and q.question != v1.question(q.id).question]
    assert reworded == ["intelligence-rating", "intelligence-ambition"]
    assert v2.question("intelligence-rating").type == "rating"
    for q in v2.questions:  # the same type, and published or not, in both versions
        if q.id in ids1:
            assert (q.type, q.publish) == (v1.question(q.id).type, v1.question(q.id).publish)
    assert [q.id for q in v2.questions if not q.publish] == [
        q.id for q in v1.questions if not q.publish]


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

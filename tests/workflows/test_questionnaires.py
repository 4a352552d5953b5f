"""Loading questionnaire versions: storage round-trip, rule 9, all-or-nothing, audit, diff."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from forms.format.definition import Definition
from forms.format.diff import diff_versions
from forms.format.validate import validate
from models import AuditEvent, Questionnaire, QuestionnaireVersion, Round, VersionQuestion, db
from tests.workflows.questionnaire_samples import BAD_YAML, sample_yaml
from workflows import questionnaires as wf
from workflows.demo import DemoReport


def counts() -> tuple[int, int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(m))
                 for m in (Questionnaire, QuestionnaireVersion, VersionQuestion, AuditEvent))


def test_load_stores_version_questions_and_definition_round_trip(app, admin):
    text = sample_yaml()
    result = wf.load_questionnaire(text.encode(), path="test.yaml", by=admin)
    assert result.status == wf.LOADED, result.report()
    db.session.expire_all()
    version = wf.get_version("test-set", 1)
    assert version.questionnaire.title == "Test set"
    assert version.yaml_text == text
    assert version.content_hash == validate(text.encode()).content_hash
    assert version.question_count == 2
    assert version.loaded_by.id == admin.id and version.loaded_at is not None
    validated = validate(text.encode()).definition
    assert Definition.from_dict(version.definition_json) == validated
    assert version.definition == validated
    rows = [(q.position, q.question_id, q.section_id, q.type, q.wording, q.replaces)
            for q in version.questions]
    assert rows == [(1, "position", "main", "long_text", "What is the current position?", []),
                    (2, "confidence", "main", "rating", "How confident are you?", [])]


def test_shipped_definitions_round_trip_through_the_database(app):
    sources = [(str(p), p.read_bytes()) for p in wf.shipped_files()]
    assert len(sources) >= 4
    results = wf.load_sources_in_version_order(sources)
    assert [r.status for r in results] == [wf.LOADED] * len(sources)
    db.session.expire_all()
    for path, data in sources:
        d = validate(data, path).definition
        stored = wf.get_version(d.id, d.version)
        assert Definition.from_dict(stored.definition_json) == d


def test_load_is_audited_without_the_yaml(app, admin):
    wf.load_questionnaire(sample_yaml(first="Secret wording here?"), path="t.yaml", by=admin)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.load"))
    assert event.user_id == admin.id
    assert event.detail["questionnaire"] == "test-set" and event.detail["version"] == 1
    assert "Secret wording" not in repr(event.detail)


def test_identical_reload_changes_nothing(app):
    assert wf.load_questionnaire(sample_yaml(), path="a.yaml").status == wf.LOADED
    before = counts()
    again = wf.load_questionnaire(sample_yaml(), path="a.yaml")
    assert again.status == wf.UNCHANGED and again.ok
    assert "nothing changed" in again.message()
    assert counts() == before


def test_crlf_copy_counts_as_identical(app):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    again = wf.load_questionnaire(sample_yaml().replace("\n", "\r\n"), path="a.yaml")
    assert again.status == wf.UNCHANGED


def test_same_version_with_different_content_is_refused_at_version(app):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    before = counts()
    result = wf.load_questionnaire(sample_yaml(first="A reworded question?"), path="b.yaml")
    assert result.refused
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.path, problem.line, problem.column) == ("b.yaml", 2, 10)
    assert "already loaded with different content" in problem.message
    assert counts() == before


def test_question_changing_type_is_refused_at_its_type(app):
    wf.load_questionnaire(sample_yaml(), path="v1.yaml")
    before = counts()
    result = wf.load_questionnaire(sample_yaml(version=2, second_type="long_text"), path="v2.yaml")
    assert result.refused
    [problem] = result.problems
    assert (problem.line, problem.column) == (13, 15)
    assert '"confidence" was a rating question in version 1' in problem.message
    assert counts() == before


def test_type_rule_applies_to_an_earlier_version_loaded_after_a_later_one(app):
    wf.load_questionnaire(sample_yaml(version=2), path="v2.yaml")
    result = wf.load_questionnaire(sample_yaml(version=1, second_type="yes_no"), path="v1.yaml")
    assert result.refused and "in version 2" in result.problems[0].message


def test_invalid_file_stores_nothing(app, admin):
    before = counts()
    result = wf.load_questionnaire(BAD_YAML, path="bad.yaml", by=admin)
    assert result.refused
    assert str(result.problems[0]) == (
        'bad.yaml:10:15: error: unknown type "long_txt" in question "position"; '
        'did you mean "long_text"?')
    assert str(result.problems[1]).startswith('bad.yaml:14:9: error: unknown key "colour"')
    assert len(result.problems) == 2
    assert counts() == before


def test_failure_while_storing_rolls_everything_back(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit store is down")

    monkeypatch.setattr(wf.audit, "record", broken)
    with pytest.raises(RuntimeError):
        wf.load_questionnaire(sample_yaml(), path="a.yaml")
    assert counts() == (0, 0, 0, 0)


def test_new_version_updates_title_and_older_one_does_not(app):
    wf.load_questionnaire(sample_yaml(version=2, title="Second title"), path="v2.yaml")
    wf.load_questionnaire(sample_yaml(version=1, title="First title"), path="v1.yaml")
    assert wf.get_questionnaire("test-set").title == "Second title"
    assert [v.version for v in wf.list_versions()] == [1, 2]


def test_files_load_in_version_order_whatever_the_order_given(app):
    results = wf.load_sources_in_version_order([
        ("v2.yaml", sample_yaml(version=2).encode()),
        ("bad.yaml", BAD_YAML.encode()),
        ("v1.yaml", sample_yaml(version=1).encode()),
    ])
    assert [(r.path, r.status) for r in results] == [
        ("bad.yaml", wf.REFUSED), ("v1.yaml", wf.LOADED), ("v2.yaml", wf.LOADED)]


def test_check_questionnaire_stores_nothing(app):
    result = wf.check_questionnaire(sample_yaml(), path="a.yaml")
    assert result.status == wf.NEW
    assert counts() == (0, 0, 0, 0)


def test_rounds_using_a_version_are_counted(app):
    wf.load_questionnaire(sample_yaml(), path="a.yaml")
    version = wf.get_version("test-set", 1)
    db.session.add(Round(title="Spring meeting", questionnaire_version=version,
                         office_id=version.questionnaire.office_id,
                         meeting_date=date(2026, 3, 1)))
    db.session.commit()
    assert wf.round_counts() == {version.id: 1}
    assert [r.title for r in wf.rounds_using(version)] == ["Spring meeting"]


def test_no_edit_or_delete_functions_exist():
    public = {name for name in dir(wf) if not name.startswith("_")}
    assert not {n for n in public if n.startswith(("delete", "remove", "update", "edit"))}


def test_demo_step_loads_shipped_files_idempotently(app):
    first = DemoReport()
    wf.demo_load_shipped(first)
    assert sum("loaded" in line for line in first.lines) == len(wf.shipped_files())
    before = counts()
    second = DemoReport()
    wf.demo_load_shipped(second)
    assert all("nothing changed" in line for line in second.lines)
    assert counts() == before


# ----------------------------------------------------------------------- diff


def _definition(text: str) -> Definition:
    result = validate(text)
    assert result.ok, result.report()
    return result.definition


def test_diff_lists_added_removed_reworded_retyped_and_replaces_links():
    old = _definition(sample_yaml(extra="""\
      - id: old-question
        question: Something we no longer ask?
        type: text
"""))
    new = _definition(sample_yaml(version=2, first="What is the position now?",
                                  second_type="long_text", extra="""\
      - id: new-question
        question: Something new?
        type: text
        replaces: [old-question]
"""))
    changes = diff_versions(old, new)
    assert [(q.id, q.links) for q in changes.added] == [("new-question", ("old-question",))]
    assert [(q.id, q.links) for q in changes.removed] == [("old-question", ("new-question",))]
    assert [(r.id, r.old, r.new) for r in changes.reworded] == [
        ("position", "What is the current position?", "What is the position now?")]
    assert [(r.id, r.old_type, r.new_type) for r in changes.retyped] == [
        ("confidence", "rating", "long_text")]
    assert not changes.empty


def test_diff_of_a_version_with_itself_is_empty():
    d = _definition(sample_yaml())
    assert diff_versions(d, d).empty


def test_diff_reports_moved_section_and_other_settings():
    old = _definition(sample_yaml())
    moved = sample_yaml(version=2).replace(
        "      - id: confidence\n", "  - id: second\n    title: Second section\n    questions:\n"
        "      - id: confidence\n        required: true\n")
    changes = diff_versions(old, _definition(moved))
    assert [(m.id, m.old_section, m.new_section) for m in changes.moved] == [
        ("confidence", "Main section", "Second section")]
    assert [(c.id, c.settings) for c in changes.changed] == [("confidence", ("required",))]

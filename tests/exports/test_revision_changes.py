"""What a revision changed, field by field (pure)."""

from datetime import date

from exports.revision_changes import question_changes, revision_changes


def test_an_addition_has_one_field_and_no_gaps():
    item = question_changes("q", {"before": None, "after": {"addition": "Said later"}})
    assert [(f.label, f.before, f.after, f.changed) for f in item.fields] == [
        ("Information provided after the meeting", None, "Said later", True)]
    assert item.gaps == [] and not item.has_gaps


def test_gaps_are_matched_by_id_and_each_field_compared():
    before = {"value": 3, "gaps": [
        {"gap_id": 1, "title": "A", "owner": "Ann", "target_date": "2025-01-31", "status": "open"},
        {"gap_id": 2, "title": "B", "status": "open"}]}
    after = {"value": 3, "gaps": [
        {"gap_id": 1, "title": "A", "owner": "Bob", "target_date": "2025-01-31", "status": "open"},
        {"gap_id": 3, "title": "C", "status": "open"}]}
    [item] = revision_changes({"q": {"before": before, "after": after}})
    assert [(f.key, f.changed) for f in item.fields] == [("value", False)]
    states = [(g.title, g.state) for g in item.gaps]
    assert states == [("A", "changed"), ("C", "added"), ("B", "removed")]
    changed = [(f.label, f.before, f.after) for f in item.gaps[0].fields if f.changed]
    assert changed == [("Owner", "Ann", "Bob")]
    target = next(f for f in item.gaps[0].fields if f.key == "target_date")
    assert target.before == date(2025, 1, 31)


def test_an_unchanged_gap_is_marked_unchanged():
    gaps = [{"gap_id": 1, "title": "A", "status": "open", "update": None}]
    item = question_changes("q", {"before": {"gaps": gaps}, "after": {"gaps": [dict(gaps[0])]}})
    assert [g.state for g in item.gaps] == ["unchanged"]

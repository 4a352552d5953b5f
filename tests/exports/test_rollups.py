from datetime import date

from exports.rollups_changes import round_changes
from exports.rollups_gaps import GapFilters, gap_count, gap_register
from exports.rollups_latest import latest_ratings
from exports.rollups_round import ratings_by_org, round_answers, round_gaps
from exports.rollups_trends import org_trends


def _series(trends, key):
    return next(s for s in trends.series if s.key == key)


def test_trend_follows_replaces_and_marks_wording_and_status(history):
    info, alpha = org_trends("trend-check", history.alpha.id)
    assert [s.key for s in alpha.series] == ["conf-a", "conf-b", "conf-flagging"]
    conf_a = _series(alpha, "conf-a")
    assert [(p.round.title, p.round.status, p.value) for p in conf_a.points] == [
        ("Spring 2020 meeting", "accepted", 2),
        ("Autumn 2020 meeting", "draft", None),  # a draft is shown as such, not mixed in
        ("Spring 2021 meeting", "accepted", 3)]
    assert conf_a.points[1].answered  # a rating was typed into the draft, but it does not count
    assert not any(p.wording_changed for p in conf_a.points)
    flag = _series(alpha, "conf-flagging")
    assert [(p.question_id, p.value, p.round.version) for p in flag.points] == [
        ("conf-old", 1, 1), ("conf-old", None, 1), ("conf-flagging", 2, 2)]
    assert [p.wording_changed for p in flag.points] == [False, False, True]
    conf_b = _series(alpha, "conf-b")
    assert [p.wording_changed for p in conf_b.points] == [False, False, True]
    assert conf_b.wording == "How confident are you that every victim gets a high level of service?"
    assert conf_b.points[0].wording == "How confident are you that victims are supported?"


def test_trend_date_filter(history):
    _, alpha = org_trends("trend-check", history.alpha.id, date_from=date(2020, 6, 1))
    assert [r.title for r in alpha.rounds] == ["Autumn 2020 meeting", "Spring 2021 meeting"]


def test_changes_against_previous_counted_response(history):
    changes = round_changes(history.r3.id)
    rows = {(r.organisation, r.question_id): r for r in changes.rows}
    assert changes.previous[history.alpha.id].round_title == "Spring 2020 meeting"  # R2 was a draft
    assert changes.previous[history.beta.id].round_title == "Spring 2020 meeting"  # R2 was returned
    assert rows["Alpha Force", "conf-a"].change == "up"
    assert rows["Alpha Force", "conf-flagging"].previous.value == 1  # through replaces
    assert rows["Alpha Force", "conf-flagging"].change == "up"
    assert rows["Beta Force", "conf-a"].change == "same"
    assert rows["Beta Force", "conf-b"].change == "new"
    assert rows["Beta Force", "conf-flagging"].change == "not rated"
    assert (rows["Alpha Force", "conf-a"].gaps_closed, rows["Alpha Force", "conf-a"].gaps_new) == (1, 0)
    assert rows["Alpha Force", "notes"].gaps_new == 1
    assert rows["Alpha Force", "notes"].change == ""


def test_round_answers_rows(history):
    answers = round_answers(history.r1.id)
    rows = {(r.organisation, r.question_id): r for r in answers.rows}
    assert len(answers.rows) == 2 * 6
    a = rows["Alpha Force", "conf-a"]
    assert (a.rating.value, a.rating.label, a.rating.rag) == (2, "Slightly confident", "red")
    assert a.explanation == '=HYPERLINK("x")'
    assert a.gaps == 1
    assert rows["Alpha Force", "notes"].answer == "=1+1"
    assert rows["Alpha Force", "how-many"].answer == 12
    assert rows["Alpha Force", "when"].answer == date(2019, 12, 1)
    assert rows["Beta Force", "notes"].answer is None
    matrix = ratings_by_org(answers)
    assert [r.question_id for r in matrix.rows] == ["conf-a", "conf-b", "conf-old"]
    assert [c.value for c in matrix.rows[0].cells] == [2, 4]


def test_round_gaps_and_additions(history):
    answers = round_answers(history.r3.id)
    notes = next(r for r in answers.rows if r.organisation == "Alpha Force" and r.question_id == "notes")
    assert [a.body for a in notes.additions] == ["@cmd sent after the meeting"]
    gaps = {g.title: g for g in round_gaps(history.r3.id)}
    assert gaps["Systems not integrated"].status == "closed"
    assert gaps["Systems not integrated"].carried
    assert gaps["Systems not integrated"].rounds_open == 1  # the draft round does not count
    assert not gaps["Training backlog"].carried


def test_gap_register_filters(history):
    rows = gap_register()
    assert [r.title for r in rows] == ["Systems not integrated", "Training backlog"]
    systems = rows[0]
    assert (systems.status, systems.closing_note, systems.closed_round) == (
        "closed", "Systems merged in 2021", "Spring 2021 meeting")
    assert systems.question == "How confident are you in the intelligence picture?"
    assert systems.latest_response_id == history.a3.id
    assert [r.title for r in gap_register(GapFilters(status="open"))] == ["Training backlog"]
    assert [r.title for r in gap_register(GapFilters(area="Systems"))] == ["Systems not integrated"]
    assert gap_register(GapFilters(organisation_id=history.beta.id)) == []
    assert [r.title for r in gap_register(GapFilters(min_rounds_open=1))] == [
        "Systems not integrated", "Training backlog"]
    assert gap_register(GapFilters(min_rounds_open=2)) == []
    assert gap_count(GapFilters(status="closed")) == 1


def test_latest_ratings_side_by_side(history):
    latest = latest_ratings("trend-check")
    assert [(r.organisation, r.round_title) for r in latest.responses] == [
        ("Alpha Force", "Spring 2021 meeting"), ("Beta Force", "Spring 2021 meeting")]
    cells = {row.key: [c.value for c in row.cells] for row in latest.rows}
    assert cells == {"conf-a": [3, 4], "conf-b": [4, 2], "conf-flagging": [2, None]}

"""The national benchmark roll-up: shared questions, periods, participating offices'
forces only, and nothing from fewer than five forces."""

from __future__ import annotations

from datetime import date

import pytest

from exports.benchmark import MIN_FORCES, benchmark, period_of
from models import db
from tests.db import create_org, create_questionnaire_version, create_response, create_round
from tests.exports.test_query_counts import counting
from tests.sharing import RATING, adopted, office_with_forces, published, rated_round, set_opt_in

SPRING = date(2017, 3, 1)


@pytest.fixture
def offices(app):
    """The publisher (3 forces) and the adopter (1 force), both taking part, and a third
    office (5 forces) that adopted the questionnaire but does not take part."""
    theirs = office_with_forces("Avon and Somerset OPCC", "AS", 3, opt_in=True)
    ours = office_with_forces("West Mercia OPCC", "WM", 1, opt_in=True)
    apart = office_with_forces("Devon and Cornwall OPCC", "DC", 5)
    source = published(theirs)
    return theirs, ours, apart, source, adopted(source, ours), adopted(source, apart)


def only_question(result):
    (questionnaire,) = result.questionnaires
    (question,) = questionnaire.questions
    return question


def counts(row) -> dict[int, int]:
    return {c.point.value: c.forces for c in row.distribution}


def test_periods_are_calendar_half_years():
    assert period_of(date(2017, 1, 1)) == "2017 H1"
    assert period_of(date(2017, 6, 30)) == "2017 H1"
    assert period_of(date(2017, 7, 1)) == "2017 H2"
    assert period_of(date(2016, 12, 31)) == "2016 H2"
    assert MIN_FORCES == 5


def test_an_office_that_does_not_take_part_sees_nothing(offices):
    theirs, ours, apart, source, ours_v, apart_v = offices
    rated_round(source, theirs.forces, [3, 4, 4], day=SPRING)
    result = benchmark(apart.office.id)
    assert result.participating is False and result.questionnaires == ()
    set_opt_in(ours, False)
    assert benchmark(ours.office.id).participating is False


def test_five_forces_of_other_offices_are_needed_to_show_a_distribution(offices):
    theirs, ours, apart, source, ours_v, apart_v = offices
    rated_round(source, theirs.forces, [3, 4, 4], day=SPRING)
    rated_round(ours_v, ours.forces, [2], day=date(2017, 4, 1))
    rated_round(apart_v, apart.forces, [1, 1, 1, 1, 1], day=SPRING)  # never counted
    question = only_question(benchmark(ours.office.id))
    assert question.key == RATING and [p.value for p in question.scale] == [1, 2, 3, 4, 5]
    (row,) = question.rows
    assert row.period == "2017 H1" and not row.shown
    assert row.forces is None and row.distribution is None
    assert [(name, rating.value) for name, rating in row.own] == [("WM Force 1", 2)]

    # Five forces in all, but only four of other offices: the office, knowing its own
    # force's rating, could work out another's from five, so nothing is shown yet.
    fourth = office_with_forces("Dyfed-Powys OPCC", "DP", 1, opt_in=True)
    rated_round(adopted(source, fourth), fourth.forces, [5], day=date(2017, 6, 30))
    (row,) = only_question(benchmark(ours.office.id)).rows
    assert not row.shown and row.forces is None

    fifth = office_with_forces("Gwent OPCC", "GW", 1, opt_in=True)
    rated_round(adopted(source, fifth), fifth.forces, [1], day=date(2017, 5, 2))
    (row,) = only_question(benchmark(ours.office.id)).rows
    assert row.shown and row.forces == 6
    assert counts(row) == {1: 1, 2: 1, 3: 1, 4: 2, 5: 1}
    assert [name for name, _ in row.own] == ["WM Force 1"]  # only the office's own forces

    set_opt_in(fifth, False)  # its force is no longer counted
    (row,) = only_question(benchmark(ours.office.id)).rows
    assert not row.shown


def test_each_forces_latest_counted_rating_in_each_period(offices):
    theirs, ours, apart, source, ours_v, apart_v = offices
    extra = [create_org(name=f"AS Force {n}", code=f"ASX{n}", office=theirs.office)
             for n in (4, 5)]
    forces = theirs.forces + extra
    rated_round(source, forces, [1, 1, 1, 1, 1], day=date(2017, 2, 1))
    rated_round(source, forces, [2, 2, 3, 3, 3], day=date(2017, 5, 1))  # later: these count
    rated_round(source, forces, [4, 4, 4, 4, 4], day=date(2017, 9, 1))
    later = create_round(version=source, meeting_date=date(2017, 10, 1), status="open")
    for org in forces:  # drafts and returned responses never count
        create_response(round_=later, org=org, status="draft", answers={RATING: 5})
    (first, second) = only_question(benchmark(ours.office.id)).rows
    assert (first.period, counts(first)) == ("2017 H1", {1: 0, 2: 2, 3: 3, 4: 0, 5: 0})
    assert (second.period, counts(second)) == ("2017 H2", {1: 0, 2: 0, 3: 0, 4: 5, 5: 0})
    assert first.own == () and second.own == ()


def test_only_forces_count_and_only_questionnaires_of_the_lineage(offices):
    theirs, ours, apart, source, ours_v, apart_v = offices
    others = [create_org(name=f"AS Body {n}", code=f"ASB{n}", kind="other",
                         office=theirs.office) for n in (1, 2)]
    rated_round(source, theirs.forces + others, [3, 3, 3, 3, 3], day=SPRING)
    # An office with its own questionnaire of the same key, not adopted: not shared.
    alone = office_with_forces("Gwent OPCC", "GW", 2, opt_in=True)
    own = create_questionnaire_version(by=alone.admin)
    rated_round(own, alone.forces, [1, 1], day=SPRING)
    (row,) = only_question(benchmark(ours.office.id)).rows
    assert not row.shown  # three forces of the lineage; the other bodies and Gwent's apart
    alone_view = only_question(benchmark(alone.office.id))
    (alone_row,) = alone_view.rows
    assert not alone_row.shown and len(alone_row.own) == 2


def test_an_office_without_shared_ratings_has_an_empty_benchmark(app):
    ours = office_with_forces("West Mercia OPCC", "WM", 1, opt_in=True)
    result = benchmark(ours.office.id)
    assert result.participating and result.questionnaires == ()


def test_the_same_number_of_statements_at_any_size(offices):
    theirs, ours, apart, source, ours_v, apart_v = offices
    rated_round(source, theirs.forces, [3, 4, 4], day=SPRING)
    db.session.expire_all()
    with counting() as small:
        benchmark(ours.office.id)
    for n in range(4):
        more = office_with_forces(f"Office {n}", f"O{n}", 3, opt_in=True)
        copy = adopted(source, more)
        for year in (2018, 2019):
            rated_round(copy, more.forces, [1, 2, 3], day=date(year, 2, 1))
    db.session.expire_all()
    with counting() as large:
        result = benchmark(ours.office.id)
    assert len(only_question(result).rows) == 3
    assert len(large) == len(small) <= 5, large

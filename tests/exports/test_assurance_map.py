"""The assurance map's roll-up: its cells, gap counts, filters, and the same number of
SQL statements for one organisation as for 43."""

from __future__ import annotations

from datetime import date

from exports.assurance_map import MapFilters, assurance_map
from models import Organisation, db
from tests.db import (
    create_action,
    create_gap,
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
)
from tests.exports.test_query_counts import counting
from workflows import verdicts


def _grow(orgs: list[Organisation], version, start: int) -> None:
    """Two closed rounds that every organisation answered, with verdicts and gaps."""
    for i in range(2):
        rnd = create_round(version=version, meeting_date=date(2010 + start + i, 1, 1),
                           status="closed")
        for n, org in enumerate(orgs):
            resp = create_response(round_=rnd, org=org, status="accepted",
                                   answers={"picture-now": "x", "picture-rating": 1 + n % 5})
            verdicts.record_verdict(resp, "picture", verdicts.VerdictInput(
                ("assured", "not_assured")[n % 2], "Why.", "opcc"), user=None)
            create_gap(response=resp, question_id="picture-rating", title=f"Gap {n}")
            create_action(org=org, round_=rnd, questionnaire_key="small-assurance",
                          questions=("picture-rating",), due_date=date(2020, 1, 1))
            create_action(org=org, round_=rnd, questionnaire_key="small-assurance")


def _count() -> tuple[int, int]:
    db.session.expunge_all()
    with counting() as statements:
        found = assurance_map(MapFilters())
    return len(statements), len(found.rows)


def test_same_number_of_queries_for_1_and_43_organisations(app):
    version = create_questionnaire_version()
    first = create_org(name="Org 0")
    _grow([first], version, 0)
    small, small_rows = _count()
    version = db.session.merge(version)
    orgs = [db.session.merge(first)] + [create_org(name=f"Org {n}") for n in range(1, 43)]
    _grow(orgs, version, 2)
    large, large_rows = _count()
    assert (small_rows, large_rows) == (2, 86)  # two sections each
    assert small == large <= 11  # the register's actions: one statement


def test_cells_gaps_and_filters(app):
    version = create_questionnaire_version()
    a, b = create_org(name="A Force"), create_org(name="B Force")
    _grow([a, b], version, 0)
    found = assurance_map(MapFilters(), today=date(2030, 1, 1))
    assert [m.meeting_date.year for m in found.meetings] == [2010, 2011]
    row = found.rows[0]
    assert (row.organisation, row.section) == ("A Force", "The current picture")
    cell = row.cells[1]
    assert cell.pair.sentence == "The force is not confident; the OPCC is assured."
    assert cell.pair.disagrees and cell.verdict_status == "recorded"
    assert (cell.gaps_open, cell.actions_open, cell.actions_overdue) == (1, 1, 1)
    assert (found.rows[1].cells[1].actions_open, found.other_actions[a.id]) == (0, (2, 0))
    assert found.rows[1].cells[0].pair.level is None  # the partners section: no verdict
    only_b = assurance_map(MapFilters(organisation_id=b.id))
    assert {r.organisation for r in only_b.rows} == {"B Force"}
    not_assured = assurance_map(MapFilters(level="not_assured"))
    assert [(r.organisation, r.section_id) for r in not_assured.rows] == [("B Force", "picture")]


def test_actions_find_their_cell(app):
    """The rule of the map's page hint: the section of a linked question, the linked
    meeting (else the latest), still to do as of today; the rest for the organisation."""
    version = create_questionnaire_version()
    org, other = create_org(name="A Force"), create_org(name="B Force")
    first, second = (create_round(version=version, meeting_date=date(2020 + i, 1, 1),
                                  status="closed") for i in range(2))
    for rnd in (first, second):
        create_response(round_=rnd, org=org, status="accepted", answers={"picture-now": "x"})
    key = "small-assurance"
    create_action(org=org, round_=first, questionnaire_key=key, questions=("partners-gaps",),
                  due_date=date(2024, 12, 31))  # overdue on 1 January 2025
    create_action(org=org, questionnaire_key=key, questions=("picture-now", "partners-gaps"))
    create_action(org=org, questionnaire_key=key, questions=("picture-now",), status="closed")
    create_action(org=org, questionnaire_key=key, status="in_progress")  # no question
    create_action(org=org, questionnaire_key="another", questions=("picture-now",))
    create_action(org=other, questionnaire_key=key, questions=("picture-now",))  # not asked
    found = assurance_map(MapFilters(), today=date(2025, 1, 1))
    counts = {(row.section_id, cell.meeting.meeting_date.year):
              (cell.actions_open, cell.actions_overdue)
              for row in found.rows for cell in row.cells}
    assert counts == {("picture", 2020): (0, 0), ("picture", 2021): (1, 0),
                      ("partners", 2020): (1, 1), ("partners", 2021): (1, 0)}
    assert found.other_actions == {org.id: (1, 0)}

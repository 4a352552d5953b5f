"""Saving gap lists, their permanent identity, and the register over rounds."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from exports.rollups_gaps import GapFilters, gap_register
from models import Gap, GapEntry, db
from tests.actions import submit
from tests.db import (
    create_org,
    create_questionnaire_version,
    create_response,
    create_round,
    create_user,
)
from workflows.gap_register import gap_history
from workflows.gaps import GapError, gap_items_for, gap_problems, on_submit, save_gap_items


@pytest.fixture
def version(app):
    return create_questionnaire_version()


def _round(version, when, **kw):
    return create_round(version=version, meeting_date=when, **kw)


def _gaps(response, question_id="picture-rating"):
    return gap_items_for(response).get(question_id, [])


def test_new_items_get_a_permanent_identity_and_come_back_for_the_form(version, org, respondent):
    r1 = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(
        r1,
        "picture-rating",
        [
            {
                "gap_id": None,
                "title": "Systems not integrated",
                "detail": "COMPACT does not talk",
                "area": "Systems",
                "owner": "Det Supt",
                "target_date": date(2017, 3, 31),
            },
            {"title": "", "detail": "", "area": None},  # the empty "add another" row
        ],
        respondent,
    )
    db.session.commit()
    [item] = _gaps(r1)
    gap = db.session.get(Gap, int(item["gap_id"]))
    assert gap.first_response_id == r1.id and gap.first_round_id == r1.round_id
    assert gap.organisation_id == org.id and gap.questionnaire_key == "small-assurance"
    assert item["title"] == "Systems not integrated" and item["target_date"] == date(2017, 3, 31)
    assert item["new"] and not item["carried"]


def test_saving_the_same_items_again_changes_nothing(version, org, respondent):
    r1 = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(
        r1, "picture-rating", [{"title": "A gap", "target_date": "2017-03-31"}], respondent
    )
    items = _gaps(r1)
    assert save_gap_items(r1, "picture-rating", items, respondent) is None
    assert db.session.scalar(select(db.func.count(Gap.id))) == 1


def test_removing_a_new_item_deletes_the_gap(version, org, respondent):
    r1 = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(r1, "picture-rating", [{"title": "Keep"}, {"title": "Drop"}], respondent)
    keep = [i for i in _gaps(r1) if i["title"] == "Keep"]
    change = save_gap_items(r1, "picture-rating", keep, respondent)
    db.session.commit()
    assert [i["title"] for i in _gaps(r1)] == ["Keep"]
    assert db.session.scalars(select(Gap.title)).all() == ["Keep"]
    assert [g["title"] for g in change["before"]] == ["Keep", "Drop"]


def _carried(version, org, respondent):
    """Round 1 submitted with one open gap; round 2 drafted with it carried."""
    r1 = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(
        r1, "picture-rating", [{"title": "Digital analysis", "area": "Systems"}], respondent
    )
    submit(r1, by=respondent)
    r2 = create_response(round_=_round(version, date(2017, 3, 1)), org=org, carry=True)
    return r1, r2


def test_a_carried_gap_cannot_be_deleted_only_closed(version, org, respondent):
    _r1, r2 = _carried(version, org, respondent)
    save_gap_items(r2, "picture-rating", [], respondent)
    db.session.commit()
    [item] = _gaps(r2)
    assert item["carried"] and item["status"] == "open" and not item["new"]


def test_updating_a_carried_gap_marks_it_reviewed_and_keeps_its_identity(version, org, respondent):
    _r1, r2 = _carried(version, org, respondent)
    [item] = _gaps(r2)
    save_gap_items(r2, "picture-rating", [{**item, "update": "Triage pilot running"}], respondent)
    db.session.commit()
    [after] = _gaps(r2)
    assert after["gap_id"] == item["gap_id"] and after["update"] == "Triage pilot running"
    assert not after["carried"]
    assert db.session.scalar(select(db.func.count(Gap.id))) == 1


def test_saving_a_carried_gap_untouched_leaves_it_carried(version, org, respondent):
    _r1, r2 = _carried(version, org, respondent)
    items = _gaps(r2)
    save_gap_items(r2, "picture-rating", items, respondent)
    assert _gaps(r2)[0]["carried"]


def test_forged_gap_ids_are_ignored(version, org, respondent):
    other_org = create_org()
    theirs = create_response(round_=_round(version, date(2016, 9, 22)), org=other_org)
    save_gap_items(theirs, "picture-rating", [{"title": "Their gap"}], None)
    their_id = _gaps(theirs)[0]["gap_id"]
    mine = create_response(round_=_round(version, date(2016, 10, 1)), org=org)
    save_gap_items(
        mine,
        "picture-rating",
        [{"gap_id": their_id, "title": "Hijacked", "status": "closed", "closing_note": "x"}],
        respondent,
    )
    save_gap_items(mine, "picture-rating", [{"gap_id": "not-a-number", "title": ""}], respondent)
    db.session.commit()
    assert _gaps(mine) == []
    assert _gaps(theirs)[0]["title"] == "Their gap" and _gaps(theirs)[0]["status"] == "open"


def test_a_gap_on_one_question_cannot_be_moved_by_naming_it_on_another(version, org, respondent):
    r1 = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(r1, "picture-rating", [{"title": "Stays put"}], respondent)
    gap_id = _gaps(r1)[0]["gap_id"]
    save_gap_items(r1, "partners-gaps", [{"gap_id": gap_id, "title": "Moved?"}], respondent)
    assert [i["title"] for i in _gaps(r1)] == ["Stays put"] and _gaps(r1, "partners-gaps") == []


def test_accepted_responses_and_questions_without_gaps_refuse(version, org, respondent):
    done = create_response(round_=_round(version, date(2016, 9, 22)), org=org, status="accepted")
    with pytest.raises(GapError, match="accepted"):
        save_gap_items(done, "picture-rating", [{"title": "Late"}], respondent)
    draft = create_response(round_=_round(version, date(2016, 10, 1)), org=org)
    with pytest.raises(GapError, match="no list of gaps"):
        save_gap_items(draft, "picture-now", [{"title": "Nope"}], respondent)


def test_closing_needs_a_note_on_submit_but_not_in_a_draft(version, org, respondent):
    _r1, r2 = _carried(version, org, respondent)
    [item] = _gaps(r2)
    save_gap_items(r2, "picture-rating", [{**item, "status": "closed"}], respondent)
    problems = gap_problems(r2)
    assert problems and "closing note" in problems[0][1]
    with pytest.raises(GapError):
        on_submit(r2, respondent)


def test_a_closing_note_in_a_draft_does_not_close_the_gap_until_submitted(version, org, respondent):
    _r1, r2 = _carried(version, org, respondent)
    [item] = _gaps(r2)
    save_gap_items(
        r2, "picture-rating", [{**item, "status": "closed", "closing_note": "Done"}], respondent
    )
    db.session.commit()
    gap = db.session.get(Gap, int(item["gap_id"]))
    assert gap.status == "open"
    submit(r2, by=respondent)
    assert (
        gap.status == "closed" and gap.closing_note == "Done" and gap.closed_round_id == r2.round_id
    )


def test_gap_status_over_three_rounds(version, org, respondent):
    """Identified in round 1, still open with an update in round 2, closed in round 3."""
    r1 = create_response(round_=_round(version, date(2016, 9, 22), title="September 2016"), org=org)
    save_gap_items(
        r1, "picture-rating", [{"title": "Landlord data", "area": "Systems"}], respondent
    )
    submit(r1, by=respondent)

    r2 = create_response(
        round_=_round(version, date(2017, 3, 1), title="March 2017"), org=org, carry=True
    )
    [item] = _gaps(r2)
    save_gap_items(r2, "picture-rating", [{**item, "update": "Talks with councils"}], respondent)
    submit(r2, by=respondent)

    r3 = create_response(
        round_=_round(version, date(2017, 9, 1), title="September 2017"), org=org, carry=True
    )
    [item3] = _gaps(r3)
    assert item3["gap_id"] == item["gap_id"] and item3["carried"]
    [row] = gap_register()
    assert row.rounds_open == 2 and row.status == "open"  # round 3's draft is not counted

    save_gap_items(
        r3,
        "picture-rating",
        [{**item3, "status": "closed", "closing_note": "Data-sharing agreement signed"}],
        respondent,
    )
    submit(r3, by=respondent)
    [row] = gap_register()
    assert row.first_round == "September 2016"
    assert row.rounds_open == 2
    assert row.status == "closed" and row.closing_note == "Data-sharing agreement signed"
    assert row.closed_round == "September 2017"
    assert [e.response.round.title for e in gap_history(db.session.get(Gap, row.gap_id))] == [
        "September 2016",
        "March 2017",
        "September 2017",
    ]

    r4 = create_response(round_=_round(version, date(2018, 3, 1)), org=org, carry=True)
    assert _gaps(r4) == []  # closed gaps are not carried


def test_the_latest_round_decides_when_an_older_round_is_resubmitted(version, org, respondent):
    r1 = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(r1, "picture-rating", [{"title": "Gap"}], respondent)
    submit(r1, by=respondent)
    r2 = create_response(round_=_round(version, date(2017, 3, 1)), org=org, carry=True)
    [item] = _gaps(r2)
    save_gap_items(
        r2, "picture-rating", [{**item, "status": "closed", "closing_note": "Fixed"}], respondent
    )
    submit(r2, by=respondent)
    r1.status = "returned"
    db.session.flush()
    submit(r1, by=respondent)  # round 1 again, where the gap is open
    assert db.session.get(Gap, int(item["gap_id"])).status == "closed"


def test_closing_a_gap_removes_its_untouched_copy_from_a_later_draft(version, org, respondent):
    r1 = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(r1, "picture-rating", [{"title": "Gap"}], respondent)
    submit(r1, by=respondent)
    r2 = create_response(round_=_round(version, date(2017, 3, 1)), org=org, carry=True)
    r3 = create_response(round_=_round(version, date(2017, 9, 1)), org=org, carry=True)
    assert len(_gaps(r3)) == 1
    [item] = _gaps(r2)
    save_gap_items(
        r2, "picture-rating", [{**item, "status": "closed", "closing_note": "Fixed"}], respondent
    )
    submit(r2, by=respondent)
    assert _gaps(r3) == []


def test_register_filters_and_drafts(version, org, respondent):
    other = create_org(name="Shropshire LPA")
    other_user = create_user(org=other)
    mine = create_response(round_=_round(version, date(2016, 9, 22)), org=org)
    save_gap_items(
        mine,
        "picture-rating",
        [
            {"title": "Systems gap", "area": "Systems"},
            {"title": "Training gap", "area": "Training"},
        ],
        respondent,
    )
    submit(mine, by=respondent)
    theirs = create_response(round_=_round(version, date(2016, 9, 23)), org=other)
    save_gap_items(theirs, "partners-gaps", [{"title": "Draft only"}], other_user)
    db.session.commit()
    titles = lambda f: sorted(r.title for r in gap_register(f))  # noqa: E731
    assert titles(GapFilters()) == ["Systems gap", "Training gap"]  # drafts stay private
    assert titles(GapFilters(area="Training")) == ["Training gap"]
    assert titles(GapFilters(organisation_id=other.id)) == []
    assert titles(GapFilters(status="closed")) == []
    row = gap_register(GapFilters(area="Systems"))[0]
    assert row.question == "How would you rate the current intelligence assessment?"
    assert row.rounds_open == 1


def test_entries_are_one_per_gap_and_response(version, org, respondent):
    _r1, r2 = _carried(version, org, respondent)
    assert (
        db.session.scalar(select(db.func.count(GapEntry.id)).where(GapEntry.response_id == r2.id))
        == 1
    )

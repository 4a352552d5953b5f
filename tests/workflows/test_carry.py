"""Carry forward: last round's answers offered, open gaps carried, through `replaces`."""

from __future__ import annotations

import textwrap
from datetime import date

from sqlalchemy import select

from models import Answer, GapEntry, db
from tests.actions import submit
from tests.db import create_questionnaire_version, create_response, create_round
from tests.samples import small_yaml
from workflows.carry import carry_forward, source_response
from workflows.gaps import save_gap_items

V2_YAML = textwrap.dedent("""\
    id: small-assurance
    version: 2
    title: Small assurance questions
    lists:
      gap_areas: [Systems, Training, Partnerships]
    sections:
      - id: picture
        title: The current picture
        questions:
          - id: picture-summary
            question: Summarise the current intelligence assessment.
            type: long_text
            replaces: [picture-now]
          - id: picture-confidence
            question: How confident are you in the intelligence assessment?
            type: rating
            explain: optional
            gaps: true
            replaces: [picture-rating]
      - id: partners
        title: Partners
        questions:
          - id: partners-summary
            question: Summarise how partners are engaging.
            type: text
            replaces: [partners-engaging]
          - id: partners-rag
            question: Rate partnership working.
            type: rating
            scale: rag
            replaces: [picture-rating]
    scales:
      rag:
        - {value: 1, label: Red, rag: red}
        - {value: 2, label: Amber, rag: amber}
        - {value: 3, label: Green, rag: green}
    """)


def _answers(response) -> dict:
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id))
    return {a.question_id: a for a in rows}


def _entries(response) -> dict:
    rows = db.session.scalars(select(GapEntry).where(GapEntry.response_id == response.id))
    return {e.gap.title: e for e in rows}


def test_answers_from_the_last_round_are_offered_and_marked(org, respondent):
    version = create_questionnaire_version()
    first = create_round(version=version, meeting_date=date(2016, 9, 22), status="closed")
    create_response(
        round_=first,
        org=org,
        status="accepted",
        answers={
            "picture-now": "Profiles produced.",
            "picture-rating": {"value": 4, "explanation": "Adequate"},
            "partners-engaging": "no",
        },
    )
    second = create_round(version=version, meeting_date=date(2017, 3, 1))
    new = create_response(round_=second, org=org, carry=True)
    got = _answers(new)
    assert got["picture-now"].value == "Profiles produced."
    assert got["picture-rating"].value == 4 and got["picture-rating"].rating == 4
    assert got["picture-rating"].explanation == "Adequate"
    assert got["partners-engaging"].value == "no"
    assert all(a.from_last_round for a in got.values())


def test_carry_follows_replaces_only_to_the_same_type_and_scale(org):
    v1 = create_questionnaire_version()
    first = create_round(version=v1, meeting_date=date(2016, 9, 22), status="closed")
    create_response(
        round_=first,
        org=org,
        status="submitted",
        answers={"picture-now": "Old summary", "picture-rating": 2, "partners-engaging": "yes"},
    )
    v2 = create_questionnaire_version(yaml_text=V2_YAML)
    second = create_round(version=v2, meeting_date=date(2017, 3, 1))
    got = _answers(create_response(round_=second, org=org, carry=True))
    assert got["picture-summary"].value == "Old summary"
    assert got["picture-confidence"].value == 2
    # a different type, and a rating on a different scale, are not offered
    assert "partners-summary" not in got
    assert "partners-rag" not in got


def test_the_most_recent_earlier_round_is_used_and_drafts_never(org):
    version = create_questionnaire_version()
    old = create_round(version=version, meeting_date=date(2016, 1, 1), status="closed")
    create_response(round_=old, org=org, status="accepted", answers={"picture-now": "oldest"})
    recent = create_round(version=version, meeting_date=date(2016, 6, 1), status="closed")
    create_response(round_=recent, org=org, status="submitted", answers={"picture-now": "recent"})
    drafted = create_round(version=version, meeting_date=date(2016, 9, 1), status="closed")
    create_response(round_=drafted, org=org, status="draft", answers={"picture-now": "never sent"})
    later = create_round(version=version, meeting_date=date(2017, 1, 1))
    new = create_response(round_=later, org=org, carry=True)
    assert source_response(new).round_id == recent.id
    assert _answers(new)["picture-now"].value == "recent"


def test_another_organisation_or_questionnaire_is_never_a_source(org):
    from tests.db import create_org

    other = create_org()
    version = create_questionnaire_version()
    first = create_round(version=version, meeting_date=date(2016, 9, 22), status="closed")
    create_response(round_=first, org=other, status="accepted", answers={"picture-now": "theirs"})
    other_q = create_questionnaire_version(yaml_text=small_yaml(key="other-topic"))
    elsewhere = create_round(version=other_q, meeting_date=date(2016, 10, 1), status="closed")
    create_response(round_=elsewhere, org=org, status="accepted", answers={"picture-now": "topic"})
    second = create_round(version=version, meeting_date=date(2017, 3, 1))
    assert _answers(create_response(round_=second, org=org, carry=True)) == {}


def test_open_gaps_are_carried_and_closed_ones_are_not(org, respondent):
    version = create_questionnaire_version()
    first = create_round(version=version, meeting_date=date(2016, 9, 22))
    r1 = create_response(round_=first, org=org)
    save_gap_items(
        r1,
        "picture-rating",
        [
            {"title": "Systems not integrated", "area": "Systems"},
            {"title": "Landlord data", "status": "closed", "closing_note": "Fixed already"},
        ],
        respondent,
    )
    save_gap_items(r1, "partners-gaps", [{"title": "Partners not engaging"}], respondent)
    submit(r1, by=respondent)
    second = create_round(version=version, meeting_date=date(2017, 3, 1))
    entries = _entries(create_response(round_=second, org=org, carry=True))
    assert set(entries) == {"Systems not integrated", "Partners not engaging"}
    assert all(e.carried and e.status == "open" for e in entries.values())
    assert entries["Partners not engaging"].question_id == "partners-gaps"


def test_gaps_in_a_never_submitted_draft_are_not_carried(org, respondent):
    version = create_questionnaire_version()
    first = create_round(version=version, meeting_date=date(2016, 9, 22), status="closed")
    r1 = create_response(round_=first, org=org)
    save_gap_items(r1, "picture-rating", [{"title": "Only in a draft"}], respondent)
    db.session.commit()
    second = create_round(version=version, meeting_date=date(2017, 3, 1))
    assert _entries(create_response(round_=second, org=org, carry=True)) == {}


def test_carried_gaps_move_to_the_question_that_replaces_theirs_or_a_gaps_list(org, respondent):
    version = create_questionnaire_version()
    first = create_round(version=version, meeting_date=date(2016, 9, 22))
    r1 = create_response(round_=first, org=org)
    save_gap_items(r1, "picture-rating", [{"title": "Digital analysis"}], respondent)
    save_gap_items(r1, "partners-gaps", [{"title": "Data sharing"}], respondent)
    submit(r1, by=respondent)
    v2 = create_questionnaire_version(yaml_text=V2_YAML)
    second = create_round(version=v2, meeting_date=date(2017, 3, 1))
    entries = _entries(create_response(round_=second, org=org, carry=True))
    assert entries["Digital analysis"].question_id == "picture-confidence"
    # partners-gaps was dropped in v2 and v2 has no gaps question: first gaps list in the version
    assert entries["Data sharing"].question_id == "picture-confidence"


def test_carry_forward_twice_adds_nothing_more(org, respondent):
    version = create_questionnaire_version()
    first = create_round(version=version, meeting_date=date(2016, 9, 22))
    r1 = create_response(round_=first, org=org, answers={"picture-now": "x"})
    save_gap_items(r1, "picture-rating", [{"title": "A gap"}], respondent)
    submit(r1, by=respondent)
    second = create_round(version=version, meeting_date=date(2017, 3, 1))
    new = create_response(round_=second, org=org, carry=True)
    carry_forward(new)
    db.session.commit()
    assert len(_answers(new)) == 1 and len(_entries(new)) == 1

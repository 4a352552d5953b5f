"""Test data for the roll-ups: a questionnaire with two versions (one question
reworded, one replaced), rounds, responses, gaps and additions, written
through the models (``tests.factories`` for versions, rounds and responses)."""

from __future__ import annotations

import textwrap
from datetime import date

from models import Addition, Gap, GapEntry, Organisation, Response, Round, db
from tests.factories import create_questionnaire_version, create_response, create_round

TREND_V1 = textwrap.dedent("""\
    id: trend-check
    version: 1
    title: Trend check questions
    lists:
      gap_areas: [Systems, Training, Partnerships]
    sections:
      - id: picture
        title: The picture
        questions:
          - id: conf-a
            question: How confident are you in the intelligence picture?
            type: rating
            explain: optional
            gaps: true
          - id: conf-b
            question: How confident are you that victims are supported?
            type: rating
          - id: conf-old
            question: How confident are you that incidents are flagged?
            type: rating
      - id: detail
        title: Detail
        questions:
          - id: notes
            question: Anything else?
            type: long_text
            gaps: true
          - id: how-many
            question: How many referrals?
            type: number
          - id: when
            question: When was the last review?
            type: date
    """)

TREND_V2 = textwrap.dedent("""\
    id: trend-check
    version: 2
    title: Trend check questions
    lists:
      gap_areas: [Systems, Training, Partnerships]
    sections:
      - id: picture
        title: The picture
        questions:
          - id: conf-a
            question: How confident are you in the intelligence picture?
            type: rating
            explain: optional
            gaps: true
          - id: conf-b
            question: How confident are you that every victim gets a high level of service?
            type: rating
          - id: conf-flagging
            question: How confident are you that CSE is flagged on incidents and crimes?
            type: rating
            replaces: [conf-old]
      - id: detail
        title: Detail
        questions:
          - id: notes
            question: Anything else?
            type: long_text
            gaps: true
    """)


def trend_versions():
    return (create_questionnaire_version(yaml_text=TREND_V1),
            create_questionnaire_version(yaml_text=TREND_V2))


def create_answered(*, version, org: Organisation, meeting_date: date, status: str = "accepted",
                    answers: dict | None = None, title: str | None = None,
                    round_status: str = "closed") -> Response:
    """A round with one organisation's response in ``status`` with ``answers``."""
    rnd = create_round(version=version, meeting_date=meeting_date, status=round_status,
                       title=title or f"Meeting {meeting_date:%d %B %Y}")
    return create_response(round_=rnd, org=org, status=status, answers=answers or {})


def add_to_round(rnd: Round, *, org: Organisation, status: str = "accepted",
                 answers: dict | None = None) -> Response:
    return create_response(round_=rnd, org=org, status=status, answers=answers or {})


def create_gap(response: Response, *, question_id: str, title: str, area: str | None = None,
               detail: str | None = None) -> Gap:
    """A gap first identified in ``response``, open there."""
    rnd = db.session.get(Round, response.round_id)
    gap = Gap(organisation_id=response.organisation_id,
              questionnaire_key=rnd.questionnaire_version.definition.id,
              question_id=question_id, title=title, area=area, detail=detail, status="open",
              first_round_id=rnd.id, first_response_id=response.id)
    db.session.add(gap)
    db.session.flush()
    db.session.add(GapEntry(gap_id=gap.id, response_id=response.id, question_id=question_id,
                            status="open"))
    db.session.commit()
    return gap


def carry_gap(gap: Gap, response: Response, *, status: str = "open", closing_note: str | None = None,
              question_id: str | None = None, update: str | None = None) -> GapEntry:
    """The gap as it stands in a later response: still open, or closed with a note."""
    entry = GapEntry(gap_id=gap.id, response_id=response.id,
                     question_id=question_id or gap.question_id, status=status,
                     closing_note=closing_note, update=update)
    db.session.add(entry)
    if status == "closed":
        gap.status, gap.closing_note, gap.closed_round_id = "closed", closing_note, response.round_id
    db.session.commit()
    return entry


def create_addition(response: Response, *, question_id: str, body: str, author=None) -> Addition:
    addition = Addition(response_id=response.id, question_id=question_id, body=body,
                        author_id=author.id if author else None)
    db.session.add(addition)
    db.session.commit()
    return addition

"""Helpers for the rounds and responding tests: a small questionnaire, a round
set up through the real workflow, and form posts for one section."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

from models import Response, db
from workflows import rounds

YAML = textwrap.dedent("""\
    id: respond-test
    version: {version}
    title: Responding test questions
    lists:
      gap_areas: [Systems, Training]
    sections:
      - id: picture
        title: The current picture
        questions:
          - id: picture-now
            question: What is the current intelligence assessment?
            type: long_text
            required: true
          - id: picture-rating
            question: How would you rate the intelligence assessment?
            type: rating
            explain: required
            gaps: true
          - id: picture-improve
            question: What would raise your confidence?
            type: long_text
            show_if: {{question: picture-rating, at_most: 3}}
      - id: partners
        title: Partners
        questions:
          - id: partners-engaging
            question: Are all partners engaging?
            type: yes_no
            required: true
          - id: partners-count
            question: How many partners attend?
            type: number
            integer: true
            min: 0
            max: 100
    """)


def load_version(version: int = 1):
    from workflows.questionnaires import load_questionnaire

    result = load_questionnaire(YAML.format(version=version))
    assert result.ok, result.report()
    return result.version


def make_round(*, orgs, status: str = "open", version=None, title: str = "CSE assurance",
               meeting_date: date = date(2026, 3, 1), by=None):
    made = rounds.create_round(
        title=title, version=version or load_version(), meeting_date=meeting_date,
        venue="Conference Room", chair="The PCC", note_taker="A Policy Officer",
        attendees=[("John Campion", "PCC"), ("Anthony Bangham", "Chief Constable")],
        deadline=meeting_date - timedelta(days=10), purpose="To hold the force to account.",
        organisations=orgs, by=by,
    )
    if status != "planned":
        rounds.open_round(made, by)
    if status in ("closed", "published"):
        rounds.close_round(made, by)
    if status == "published":
        rounds.publish_round(made, by)
    return made


def response_of(round_, org) -> Response:
    return next(r for r in round_.responses if r.organisation_id == org.id)


PICTURE = {
    "q_picture_now": "The threat assessment is being refreshed.",
    "q_picture_rating": "4",
    "explain_picture_rating": "Assessment is adequate and improving.",
    "gaps_picture_rating-0-title": "Systems not integrated",
    "gaps_picture_rating-0-area": "Systems",
}


def section_data(revision: int, action: str = "save", **fields) -> dict:
    data = {"revision": str(revision), "action": action}
    data.update(fields)
    return data


def fresh(response: Response) -> Response:
    db.session.expire_all()
    return db.session.get(Response, response.id)

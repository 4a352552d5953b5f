"""The sample question sets that the ``tests.db`` helpers load: small YAML files with
one of each thing the tests of one area care about."""

from __future__ import annotations

import textwrap

# A small questionnaire with one of each thing the review and gap code cares
# about: text, a rating with explanation and gaps, a choice, a gaps question.
SMALL_YAML = textwrap.dedent("""\
    id: {key}
    version: {version}
    title: Small assurance questions
    lists:
      gap_areas: [Systems, Training, Partnerships]
    sections:
      - id: picture
        title: The current picture
        questions:
          - id: picture-now
            question: What is the current intelligence assessment?
            type: long_text
            required: true
          - id: picture-rating
            question: How would you rate the current intelligence assessment?
            type: rating
            explain: optional
            gaps: true
      - id: partners
        title: Partners
        questions:
          - id: partners-engaging
            question: Are all partners engaging?
            type: yes_no
          - id: partners-gaps
            question: What gaps remain in partnership working?
            type: gaps
    """)


def small_yaml(*, key: str = "small-assurance", version: int = 1) -> str:
    return SMALL_YAML.format(key=key, version=version)


# The responding tests' questions: a required text, a rating whose explanation is
# required, a question shown only for a low rating, a yes/no and a bounded number.
RESPOND_YAML = textwrap.dedent("""\
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


def respond_yaml(*, version: int = 1) -> str:
    return RESPOND_YAML.format(version=version)


# The roll-up tests' questionnaire in two versions: conf-b reworded, conf-old replaced
# by conf-flagging.
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

"""A questionnaire whose one section holds N questions, for the section-page benchmarks.

``section_yaml(n)`` repeats the ten-question pattern of the national questionnaire
(``bench/gen_questionnaire.py``): long answers with gap lists, ratings with a required or
optional explanation, a question shown only when a rating is low (``show_if``), yes/no, a
short text, a choice, a multiple choice, a number and, once in every ten, a ``type: gaps``
list. Every other question has a hint. Ids are numbered by block (``b1-rating``,
``b2-rating``, ...), so each block's condition points into its own block. The file is
valid by QUESTIONNAIRE_FORMAT.md and goes through the real loader.
"""

from __future__ import annotations

from .gen_questionnaire import GAP_AREAS, _emit_question, _q, section_questions

KEY_PREFIX = "section-bench"
HINTS = [
    "Include figures for the last quarter where you have them.",
    "Say who in the force owns this and when it was last reviewed.",
    "Name any partner organisations involved.",
]


def section_questions_for(n: int) -> list[dict]:
    """N questions: the national pattern, block after block, with every other one hinted."""
    questions: list[dict] = []
    block = 0
    while len(questions) < n:
        block += 1
        pattern = section_questions("governance", "safeguarding children", 1)
        prefix = f"b{block}"
        for q in pattern:
            q = dict(q, id=q["id"].replace("governance", prefix))
            q.pop("themes", None)
            if "show_if" in q:
                q["show_if"] = {**q["show_if"],
                                "question": q["show_if"]["question"].replace("governance", prefix)}
            if len(questions) % 2 == 0:
                q["hint"] = HINTS[len(questions) % len(HINTS)]
            questions.append(q)
            if len(questions) == n:
                break
    return questions


def key_for(n: int) -> str:
    return f"{KEY_PREFIX}-{n}"


def section_yaml(n: int, *, key: str | None = None) -> str:
    """A one-section questionnaire of ``n`` questions, as YAML text."""
    lines = [
        f"# Generated for the section-page benchmarks: one section of {n} questions.",
        f"id: {key or key_for(n)}", "version: 1",
        f"title: {_q(f'Long section benchmark ({n} questions)')}",
        "summary: One long section, as inspection-style frameworks have.",
        "lists:", f"  gap_areas: [{', '.join(_q(a) for a in GAP_AREAS)}]",
        "sections:",
        "  - id: long-section", f"    title: {_q('Safeguarding children')}",
        f"    intro: {_q('Questions about safeguarding children, in one long section.')}",
        "    questions:",
    ]
    for q in section_questions_for(n):
        lines += _emit_question(q)
    return "\n".join(lines) + "\n"

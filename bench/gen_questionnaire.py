"""Questionnaire files for the benchmarks, written as YAML text.

``questionnaire_yaml(version)`` gives one of three versions of a 60-question
national assurance questionnaire (six sections of ten questions). Between
versions one question is reworded (same id) and one is replaced by a new id
that ``replaces`` it, so trends and carry-forward have something to follow:

- v2 rewords ``intelligence-rating``; ``partnerships-confidence`` replaces
  ``partnerships-rating``;
- v3 also rewords ``victims-picture``; ``offenders-progress-update``
  replaces ``offenders-progress``.

``questionnaire_yaml(1, sections=30, key=...)`` gives a 300-question file
for the loading benchmark. Every file is valid by QUESTIONNAIRE_FORMAT.md.
"""

from __future__ import annotations

import json

KEY = "national-assurance"
TOPICS = [
    ("intelligence", "Intelligence assessment", "the intelligence assessment"),
    ("partnerships", "Partnership working", "partnership working"),
    ("victims", "Victims and witnesses", "support for victims and witnesses"),
    ("offenders", "Offender management", "the management of offenders"),
    ("workforce", "Workforce and training", "the skills and capacity of the workforce"),
    ("governance", "Recommendations and governance", "the tracking of recommendations"),
]
GAP_AREAS = ["Systems", "Information sharing", "Partnerships", "Training", "Resourcing",
             "Criminal justice", "Digital analysis", "Deprivation"]
PRIORITIES = ["Low", "Medium", "High", "Critical"]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def section_questions(sid: str, subject: str, version: int) -> list[dict]:
    """The ten questions of one section, as mappings (keys in file order)."""
    rating_wording = f"How confident is the Chief Constable in {subject}?"
    if sid == "intelligence" and version >= 2:
        rating_wording = (f"Taking the last quarter into account, how confident is the Chief "
                          f"Constable in {subject}?")
    picture = f"What is the current position on {subject}?"
    if sid == "victims" and version >= 3:
        picture = f"What is the current position on {subject}, including third party support?"
    questions = [
        {"id": f"{sid}-picture", "question": picture, "type": "long_text", "required": True,
         "gaps": True, "themes": [sid.split("-")[0]]},
        {"id": f"{sid}-rating", "question": rating_wording, "type": "rating", "required": True,
         "explain": "required", "gaps": True},
        {"id": f"{sid}-progress", "question": f"What progress has been made on {subject} since "
         "the last meeting?", "type": "long_text"},
        {"id": f"{sid}-assurance", "question": f"How assured is the force that partners "
         f"understand the risks in {subject}?", "type": "rating", "explain": "optional"},
        {"id": f"{sid}-improve", "question": "What would raise that confidence, and by when?",
         "type": "long_text", "show_if": {"question": f"{sid}-rating", "at_most": 3}},
        {"id": f"{sid}-partners-engaged", "question": f"Are all partners engaged in {subject}?",
         "type": "yes_no"},
        {"id": f"{sid}-lead", "question": f"Who leads on {subject}?", "type": "text",
         "max_length": 200},
        {"id": f"{sid}-priority", "question": f"What priority does the force give {subject}?",
         "type": "choice", "options": PRIORITIES},
        {"id": f"{sid}-areas", "question": f"Which areas need the most work in {subject}?",
         "type": "multi_choice", "options": "gap_areas"},
        {"id": f"{sid}-referrals", "question": f"How many referrals were made about {subject} "
         "in the last quarter?", "type": "number", "integer": True, "min": 0, "max": 100000},
    ]
    if sid == "partnerships" and version >= 2:
        questions[1] = {**questions[1], "id": "partnerships-confidence",
                        "replaces": ["partnerships-rating"]}
        questions[4]["show_if"] = {"question": "partnerships-confidence", "at_most": 3}
    if sid == "offenders" and version >= 3:
        questions[2] = {**questions[2], "id": "offenders-progress-update",
                        "question": f"What has changed in {subject} since the last meeting?",
                        "replaces": ["offenders-progress"]}
    if sid == "governance":  # the last question: a list of other gaps
        questions[9] = {"id": "governance-other-gaps", "question": "What other gaps has the "
                        "force identified?", "type": "gaps"}
    return questions


def _emit_question(q: dict) -> list[str]:
    lines = [f"      - id: {q['id']}"]
    for key, value in q.items():
        if key == "id":
            continue
        if key == "show_if":
            cond = ", ".join(f"{k}: {v if not isinstance(v, str) else _q(v)}"
                             for k, v in value.items())
            lines.append(f"        show_if: {{{cond}}}")
        elif isinstance(value, bool):
            lines.append(f"        {key}: {'true' if value else 'false'}")
        elif isinstance(value, list):
            lines.append(f"        {key}: [{', '.join(_q(v) for v in value)}]")
        elif isinstance(value, str) and key in ("question", "hint"):
            lines.append(f"        {key}: {_q(value)}")
        else:
            lines.append(f"        {key}: {value}")
    return lines


def section_ids(sections: int) -> list[tuple[str, str, str]]:
    out = []
    for n in range(sections):
        sid, title, subject = TOPICS[n % len(TOPICS)]
        rep = n // len(TOPICS)
        if rep:
            sid, title = f"{sid}-{rep + 1}", f"{title} ({rep + 1})"
        out.append((sid, title, subject))
    return out


def questionnaire_yaml(version: int, *, sections: int = 6, key: str = KEY) -> str:
    """One version of the questionnaire as YAML text (10 questions a section)."""
    lines = [
        f"# Generated for the benchmarks: version {version}, {sections * 10} questions.",
        f"id: {key}", f"version: {version}",
        "title: National assurance questions (benchmark)",
        "summary: Questions put to every force ahead of the Commissioner's assurance meeting.",
        "lists:", f"  gap_areas: [{', '.join(_q(a) for a in GAP_AREAS)}]",
        "sections:",
    ]
    for sid, title, subject in section_ids(sections):
        lines += [f"  - id: {sid}", f"    title: {_q(title)}",
                  f"    intro: {_q('Questions about ' + subject + '.')}", "    questions:"]
        for q in section_questions(sid, subject, version):
            lines += _emit_question(q)
    return "\n".join(lines) + "\n"

"""The seed meeting for the notes tests: built from the demo data through the
workflows, and the seed notes parsed independently of the demo data, so that
a test can check the generated notes against the published original.

``assert_carries_seed(headings, texts)`` takes the generated notes as two
lists of strings in document order (the "PCC: ..." headings, and every piece
of text) and checks that every question and every answer paragraph of the
seed is there, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from models import Round
from tests.helpers import create_user
from workflows import accounts
from workflows.demo import DemoReport
from workflows.demo_story import DATA, STORY, build_round, load_story
from workflows.questionnaires import load_questionnaire

ROOT = Path(__file__).resolve().parents[2]
SEED_NOTES = DATA / "cse-2016-09-22-notes.txt"
SHARED_SEED = Path("/work/shared/seed/cse-assurance-meeting-notes-2016-09-22.txt")

# Seed answers the CSE questionnaire records as yes/no rather than as text
# (format version 1 has no free text on a yes/no question): the notes show
# the yes/no answer under the question instead of the sentence.
REDUCED_TO_YES_NO = {
    "The CC is not happy that Telford wasn't prioritised for vulnerability training.":
        ("telford-training-priority", "No"),
    "All new staff are trained. Existing staff will be trained as the programme is rolled out.":
        ("training-new-staff", "Yes"),
}
POST_MEETING = re.compile(r"^\[Information provided (post meeting|following the meeting):\s*")


def build_seed_round() -> Round:
    """The organisations and users the demo makes, the CSE questions, and the
    seed meeting built from workflows/demo_data (published)."""
    accounts.create_org(name="Office of the Police and Crime Commissioner for West Mercia",
                        code="OPCC", kind="opcc")
    wmp = accounts.create_org(name="West Mercia Police", code="WMP", kind="force")
    admin = create_user(role="admin", email="admin@opcc.example.org", name="Jackie Irvin (demo)")
    create_user(role="respondent", email="respondent@force.example.org", name="Jason Wells (demo)",
                org=wmp)
    for name in ("cse-assurance.yaml", "cse-assurance.v2.yaml"):
        result = load_questionnaire((ROOT / "questionnaires" / name).read_bytes(), path=name)
        assert result.ok, result.report()
    return build_round(load_story(STORY[0]), admin, DemoReport())


# ------------------------------------------------------------- the seed, parsed


@dataclass
class SeedItem:
    question: str
    paragraphs: list[str] = field(default_factory=list)
    post_meeting: list[str] = field(default_factory=list)


def seed_attendance() -> list[tuple[str, str]]:
    rows = []
    for line in SEED_NOTES.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) >= 2 and cells[0] != "Name:":
            rows.append((cells[-2], cells[-1]))
    return rows


def seed_items() -> list[SeedItem]:
    """Each "PCC:" question of the seed with its response paragraphs."""
    items: list[SeedItem] = []
    in_addition = False
    for raw in SEED_NOTES.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("At the close of the meeting"):
            break
        if line.startswith("PCC:"):
            items.append(SeedItem(line[len("PCC:"):].strip()))
            continue
        if not items or not line or line.rstrip(":") == "Response":
            continue
        if POST_MEETING.match(line) or in_addition:
            text = POST_MEETING.sub("", line).replace("*", "")
            in_addition = not re.search(r"\]\.?$", text)
            items[-1].post_meeting.append(re.sub(r"\]\.?$", "", text))
        else:
            items[-1].paragraphs.append(line)
    return items


# --------------------------------------------------------------- comparing


def words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+", text)


def _question_words(text: str) -> list[str]:
    return [w for w in words(text) if w != "and"]


def match_questions(seed_questions: list[str], headings: list[str]) -> list[tuple[int, int]]:
    """For each seed question, the run of consecutive headings that asks it
    (the questionnaire splits some into two or three), in order. Fails with
    the first seed question not found."""
    heads = [_question_words(h.removeprefix("PCC:")) for h in headings]
    runs, start = [], 0
    for question in seed_questions:
        target = _question_words(question)
        run = _find_run(target, heads, start)
        assert run is not None, f"seed question not in the notes (in order): {question!r}"
        runs.append(run)
        start = run[1]
    return runs


def _find_run(target: list[str], heads: list[list[str]], start: int) -> tuple[int, int] | None:
    for i in range(start, len(heads)):
        got: list[str] = []
        for j in range(i, len(heads)):
            got += heads[j]
            if got == target:
                return i, j + 1
            if len(got) >= len(target) or got != target[:len(got)]:
                break
    return None


def find_in_order(needle: str, stream: list[str], start: int) -> int:
    """The word position just after ``needle`` in ``stream`` at or after
    ``start``; -1 if it is not there."""
    target = words(needle.lstrip("- "))
    n = len(target)
    for i in range(start, len(stream) - n + 1):
        if stream[i:i + n] == target:
            return i + n
    return -1


def assert_carries_seed(headings: list[str], texts: list[str]) -> None:
    """Every seed question (as one or more consecutive headings) and every
    answer paragraph, in order; post-meeting information in brackets."""
    items = seed_items()
    assert len(items) == 16, "the seed puts its questions in sixteen PCC: lines"
    match_questions([i.question for i in items], headings)
    stream = [w for t in texts for w in words(t)]
    joined = "\n".join(texts)
    position = 0
    for item in items:
        for paragraph in item.paragraphs:
            if paragraph in REDUCED_TO_YES_NO:
                continue
            found = find_in_order(paragraph, stream, position)
            assert found >= 0, f"seed paragraph missing or out of order: {paragraph[:80]!r}"
            position = found
        for paragraph in item.post_meeting:
            found = find_in_order(paragraph, stream, position)
            assert found >= 0, f"post-meeting information missing: {paragraph[:80]!r}"
            position = found
    assert "[Information provided post meeting: The College of Policing" in joined
    assert "rather than 13 disparate plans]" in joined
    assert "[Information provided post meeting: please see note above]" in joined

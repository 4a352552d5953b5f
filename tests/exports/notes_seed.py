"""The seed meeting for the notes tests: built from the demo data through the
workflows, and the seed notes parsed independently of the demo data, so that
a test can check the generated notes against the published original.

``assert_carries_seed(headings, texts)`` takes the generated notes as two
lists of strings in document order (the "PCC: ..." headings, and every piece
of text) and checks that the notes ask exactly the seed's sixteen questions,
word for word and in order, with no other "PCC:" line, and that under each
question the response is the seed's response: every answer paragraph and
every piece of post-meeting information, in order, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from models import Round
from tests.db import create_user
from workflows import accounts
from workflows.demo import DemoReport
from workflows.demo_story import DATA, STORY, build_round, load_story
from workflows.questionnaires import load_questionnaire

ROOT = Path(__file__).resolve().parents[2]
SEED_NOTES = DATA / "cse-2016-09-22-notes.txt"
SHARED_SEED = Path("/work/shared/seed/cse-assurance-meeting-notes-2016-09-22.txt")

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


# What the notes print around an answer that the seed does not: the response
# label, the rating's label (its explanation is the seed's text), the label
# of the gaps list (its bullets are the seed's list) and the opening of the
# brackets around post-meeting information (the seed words it two ways).
RATING_LINE = re.compile(r"^Rating: (Not confident|Slightly confident|Partly confident|"
                         r"Confident|Fully confident)$")
GENERATED = re.compile(r"^(Response:|Identified gaps:)$")


def answer_words(texts: list[str]) -> list[str]:
    """The words of one question's response in the generated notes, without
    what the notes add around it (labels, the rating's label, brackets)."""
    out: list[str] = []
    for text in texts:
        text = text.strip()
        if GENERATED.match(text) or RATING_LINE.match(text):
            continue
        out += words(POST_MEETING.sub("", text))
    return out


def plain(text: str) -> str:
    """Text for a verbatim comparison: white space runs as one space, and the
    seed's one hyphen between a gap's title and detail as the notes' dash."""
    return re.sub(r"\s+", " ", text).replace(" - ", " – ").strip()


def seed_questions() -> list[str]:
    """The seed's "PCC:" lines, as the notes must print them."""
    return [f"PCC: {item.question}" for item in seed_items()]


def _first_difference(lines: list[str]) -> str:
    expected = seed_questions()
    for i, (got, want) in enumerate(zip(lines, expected)):
        if got != want:
            return f"line {i + 1}: {got!r}, the seed asks {want!r}"
    return f"{len(lines)} lines, the seed has {len(expected)}"


def assert_carries_seed(headings: list[str], texts: list[str]) -> None:
    """Exactly the seed's questions, verbatim and in order (no other "PCC:"
    line anywhere), and under each the seed's response and nothing else."""
    items = seed_items()
    expected = seed_questions()
    assert len(expected) == 16, "the seed puts its questions in sixteen PCC: lines"
    assert headings == expected, f"not the seed's questions: {_first_difference(headings)}"
    pcc_lines = [t for t in texts if t.lstrip().startswith("PCC:")]
    assert pcc_lines == expected, f"other PCC: lines: {_first_difference(pcc_lines)}"
    starts = [texts.index(h) for h in expected]
    closing = next((i for i, t in enumerate(texts) if t.startswith("At the close of the meeting")),
                   len(texts))  # the closing paragraph, after the last response
    ends = starts[1:] + [closing]
    for item, start, end in zip(items, starts, ends):
        seed = [w for p in item.paragraphs + item.post_meeting for w in words(p)]
        got = answer_words(texts[start + 1:end])
        assert got == seed, (
            f"the response to {item.question!r} is not the seed's:\n"
            f"  notes: {' '.join(got)[:300]}\n  seed:  {' '.join(seed)[:300]}")
        section = plain(" ".join(texts[start + 1:end]))
        for paragraph in item.paragraphs + item.post_meeting:
            assert plain(paragraph.removeprefix("- ")) in section, (
                f"not verbatim under {item.question!r}: {paragraph[:80]!r}")
    joined = "\n".join(texts)
    assert "[Information provided post meeting: The College of Policing" in joined
    assert "rather than 13 disparate plans]" in joined
    assert "[Information provided following the meeting: please see note above]." in joined

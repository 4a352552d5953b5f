"""Small definitions built directly from the dataclasses, for tests and demos.

``every_type()`` has one question of every type (plus explain, gaps and
show_if), in two sections, so a test or a page can exercise the whole form
machinery without a YAML file.
"""

from __future__ import annotations

from dataclasses import replace

from .definition import Condition, Definition, Question, Section
from .types import kind_of
from .values import Option, ScalePoint

RAG = (
    ScalePoint(1, "Red", "red"),
    ScalePoint(2, "Amber", "amber"),
    ScalePoint(3, "Green", "green"),
)
GAP_AREAS = tuple(Option(v, v) for v in ("Systems", "Information sharing", "Training"))
PARTNERS = tuple(Option(v, v) for v in ("Local authority", "Health", "Education"))


def question(qid: str, qtype: str, text: str | None = None, *, section: str = "main",
             **kw) -> Question:
    """A Question with the defaults the validator fills in (max length, scale)."""
    kw = kind_of(qtype).example(kw)
    return Question(id=qid, question=text or f"Question {qid}?", type=qtype, section_id=section,
                    **kw)


def definition(*questions: Question, qid: str = "test-questions", version: int = 1,
               gap_areas: tuple[Option, ...] = ()) -> Definition:
    """A one-section definition (section ``main``) of the given questions."""
    qs = tuple(replace(q, section_id="main") for q in questions)
    return Definition(id=qid, version=version, title="Test questions", summary=None,
                      sections=(Section("main", "Main", None, qs),), gap_areas=gap_areas)


def every_type(qid: str = "every-type", version: int = 1, gap_areas=GAP_AREAS) -> Definition:
    first = (
        question("summary", "text", "Who is answering?", section="first", required=True),
        question("picture", "long_text", "What is the current picture?", section="first",
                 required=True, gaps=True, hint="Include the latest assessment."),
        question("confidence", "rating", "How confident are you?", section="first",
                 explain="required", gaps=True),
        question("improve", "long_text", "What would raise your confidence?", section="first",
                 required=True, show_if=Condition("confidence", at_most=3)),
        question("rag", "rating", "What is the RAG status?", section="first", scale=RAG,
                 scale_name="rag", explain="optional"),
    )
    second = (
        question("engaging", "yes_no", "Are all partners engaging?", section="second",
                 required=True),
        question("not-engaging", "multi_choice", "Which partners are not engaging?",
                 section="second", options=PARTNERS, required=True,
                 show_if=Condition("engaging", equals="no")),
        question("lead", "choice", "Who leads?", section="second", options=PARTNERS),
        question("referrals", "number", "How many referrals?", section="second",
                 min=0, max=100000, integer=True),
        question("reviewed", "date", "When was it last reviewed?", section="second"),
        question("other-gaps", "gaps", "What other gaps have you identified?", section="second"),
    )
    return Definition(
        id=qid, version=version, title="Every type", summary=None,
        sections=(Section("first", "First", None, first),
                  Section("second", "Second", None, second)),
        gap_areas=gap_areas,
    )

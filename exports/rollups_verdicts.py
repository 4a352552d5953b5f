"""The force's confidence beside the OPCC's verdict, kept apart, and where they disagree.

``confidence_and_verdict`` is the one function that pairs them: every page and workbook
that shows both asks it, so "the force is confident; the OPCC is partly assured" reads
the same everywhere. A section's confidence is the lowest rating the organisation gave
on the section's rating questions (a question's verdict: that question's rating); the
two disagree when the rating's red/amber/green is not the one the verdict's level
stands for (``models/verdict_terms.py``: assured green, partly amber, not assured red).

``round_verdicts`` and ``response_verdicts`` give one row per section (and per question
with a verdict of its own) of each counted response: four queries at any size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from forms.format.definition import Definition
from models import Answer, Organisation, Response, Round, User, Verdict, db
from models.offices import in_office
from models.verdict_terms import (
    LEVELS,
    RECORDED,
    RESPONSE_STATES_JUDGED,
    level_label,
    source_label,
)

from .rollups_common import Rating, office_scope, rating_of

_RAG_RANK = {"red": 1, "amber": 2, "green": 3}


@dataclass(frozen=True, slots=True)
class Pair:
    """The force's confidence and the OPCC's verdict on one subject, side by side."""

    confidence: Rating  # Rating(None): no rating given
    level: str | None  # None: no verdict recorded

    @property
    def verdict_label(self) -> str:
        return level_label(self.level)

    @property
    def comparable(self) -> bool:
        return self.level in LEVELS and self.confidence.rag in _RAG_RANK

    @property
    def disagrees(self) -> bool:
        return self.comparable and LEVELS[self.level].rag != self.confidence.rag

    @property
    def direction(self) -> str:
        """"" when they agree (or cannot be compared); else who is the more positive."""
        if not self.disagrees:
            return ""
        force = _RAG_RANK[self.confidence.rag]
        opcc = LEVELS[self.level].rank
        return "The force is more confident than the OPCC" if force > opcc else \
            "The OPCC is more assured than the force"

    @property
    def force_phrase(self) -> str:
        label = self.confidence.label
        if self.confidence.value is None:
            return "The force gave no rating"
        if label.lower().endswith("confident"):
            return f"The force is {label.lower()}"
        return f"The force rates it “{label}”"

    @property
    def opcc_phrase(self) -> str:
        if self.level not in LEVELS:
            return "the OPCC has not recorded a verdict"
        return f"the OPCC is {LEVELS[self.level].phrase}"

    @property
    def sentence(self) -> str:
        """"The force is confident; the OPCC is partly assured.\""""
        return f"{self.force_phrase}; {self.opcc_phrase}."


def confidence_and_verdict(confidence: Rating | None, level: str | None) -> Pair:
    """The pair, and with it the disagreement (``Pair.disagrees``, ``Pair.sentence``)."""
    return Pair(confidence or Rating(None), level if level in LEVELS else None)


def lowest(ratings: list[Rating]) -> Rating:
    """The lowest of the ratings given (by RAG, then by value); Rating(None) if none."""
    given = [r for r in ratings if r.value is not None]
    if not given:
        return Rating(None)
    return min(given, key=lambda r: (_RAG_RANK.get(r.rag, 4), r.value))


def section_confidence(definition: Definition, section_id: str,
                       ratings: dict[str, int]) -> Rating:
    """The lowest rating given on the section's rating questions."""
    section = definition.section(section_id)
    if section is None:
        return Rating(None)
    return rated_confidence([q for q in section.questions if q.kind.is_rating], ratings)


def rated_confidence(rated, ratings: dict[str, int], rate=rating_of) -> Rating:
    """The lowest of the ratings given on these rating questions (``rate`` turns a
    question and its value into a Rating: ``rating_of``, or a memo of it)."""
    return lowest([rate(q, ratings.get(q.id)) for q in rated])


def question_confidence(definition: Definition, question_id: str,
                        ratings: dict[str, int]) -> Rating:
    question = definition.question(question_id)
    if question is None or not question.kind.is_rating:
        return Rating(None)
    return rating_of(question, ratings.get(question_id))


@dataclass(frozen=True, slots=True)
class VerdictFacts:
    id: int
    version: int
    level: str
    rationale: str
    source: str
    reference: str
    status: str
    edits: int
    recorded_at: datetime
    recorded_by: str
    signed_off_at: datetime | None
    signed_off_by: str

    @property
    def source_label(self) -> str:
        return source_label(self.source)

    @property
    def source_text(self) -> str:
        return f"{self.source_label}: {self.reference}" if self.reference else self.source_label


@dataclass(frozen=True, slots=True)
class VerdictRow:
    organisation: str
    organisation_id: int
    response_id: int
    response_status: str
    section_id: str
    section: str
    question_id: str  # "": the whole section
    question: str
    pair: Pair
    verdict: VerdictFacts | None


@dataclass
class RoundVerdicts:
    round_id: int
    title: str
    meeting_date: date
    status: str
    rows: list[VerdictRow]

    @property
    def disagreements(self) -> int:
        return sum(1 for r in self.rows if r.pair.disagrees)


def round_verdicts(round_id: int, *, office_id: int | None = None) -> RoundVerdicts | None:
    """Every counted response of the round, section by section (None: no such round in the
    office). Four queries."""
    found = db.session.scalar(select(Round).where(
        Round.id == round_id, in_office(Round, office_scope(office_id))))
    if found is None:
        return None
    responses = db.session.execute(
        select(Response.id, Response.status, Response.questionnaire_version_id,
               Organisation.id, Organisation.name)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Response.round_id == found.id, Response.status.in_(RESPONSE_STATES_JUDGED))
        .order_by(Organisation.name, Organisation.id)).all()
    definition = found.questionnaire_version.definition
    rows = verdict_rows(definition, responses)
    return RoundVerdicts(found.id, found.title, found.meeting_date, found.status, rows)


def response_verdicts(response: Response) -> list[VerdictRow]:
    """The response's sections (and questions with a verdict), confidence beside verdict."""
    org = response.organisation
    return verdict_rows(response.questionnaire_version.definition,
                 [(response.id, response.status, response.questionnaire_version_id, org.id,
                   org.name)])


def ratings_of(response_ids: list[int]) -> dict[int, dict[str, int]]:
    """{response id: {question id: rating}}: one query."""
    out: dict[int, dict[str, int]] = {}
    for rid, qid, rating in db.session.execute(
            select(Answer.response_id, Answer.question_id, Answer.rating)
            .where(Answer.response_id.in_(response_ids), Answer.rating.is_not(None))):
        out.setdefault(rid, {})[qid] = rating
    return out


def current_verdict_facts(response_ids: list[int], *, sections_only: bool = False
                          ) -> dict[int, dict[tuple[str, str], VerdictFacts]]:
    """{response id: {(section id, question id): the newest version}}: one query."""
    out: dict[int, dict[tuple[str, str], VerdictFacts]] = {}
    newest = (select(Verdict.response_id, Verdict.section_id, Verdict.question_id,
                     func.max(Verdict.version).label("version"))
              .where(Verdict.response_id.in_(response_ids))
              .group_by(Verdict.response_id, Verdict.section_id, Verdict.question_id)
              .subquery())
    recorder, signer = aliased(User), aliased(User)
    stmt = (select(Verdict, recorder.name, signer.name)
            .join(newest, (Verdict.response_id == newest.c.response_id)
                  & (Verdict.section_id == newest.c.section_id)
                  & (Verdict.question_id == newest.c.question_id)
                  & (Verdict.version == newest.c.version))
            .outerjoin(recorder, Verdict.recorded_by_id == recorder.id)
            .outerjoin(signer, Verdict.signed_off_by_id == signer.id))
    if sections_only:
        stmt = stmt.where(Verdict.question_id == "")
    for v, recorded_by, signed_by in db.session.execute(stmt):
        out.setdefault(v.response_id, {})[(v.section_id, v.question_id)] = facts_of(
            v, recorded_by, signed_by)
    return out


def facts_of(v: Verdict, recorded_by: str | None = None, signed_by: str | None = None
             ) -> VerdictFacts:
    return VerdictFacts(v.id, v.version, v.level, v.rationale, v.source, v.reference,
                        v.status, v.edits, v.recorded_at, recorded_by or "",
                        v.signed_off_at, signed_by or "")


def verdict_rows(definition: Definition, responses,
                 ratings: dict[int, dict[str, int]] | None = None) -> list[VerdictRow]:
    """The rows for ``responses`` ((id, status, version id, organisation id, name), in the
    order given) of one questionnaire version: one query for the verdicts, one for the
    ratings unless they are given ({response id: {question id: rating}})."""
    ids = [r[0] for r in responses]
    ratings = ratings_of(ids) if ratings is None else ratings
    verdicts = current_verdict_facts(ids)
    rows = []
    for rid, status, _version_id, org_id, org_name in responses:
        given, judged = ratings.get(rid, {}), verdicts.get(rid, {})
        for section in definition.sections:
            facts = judged.get((section.id, ""))
            rows.append(VerdictRow(
                org_name, org_id, rid, status, section.id, section.title, "", "",
                confidence_and_verdict(section_confidence(definition, section.id, given),
                                       facts.level if facts else None), facts))
            for q in section.questions:
                facts = judged.get((section.id, q.id))
                if facts is not None:
                    rows.append(VerdictRow(
                        org_name, org_id, rid, status, section.id, section.title, q.id,
                        q.question, confidence_and_verdict(
                            question_confidence(definition, q.id, given), facts.level), facts))
    return rows


@dataclass(frozen=True, slots=True)
class AwaitingSignOff:
    response_id: int
    organisation: str
    round_title: str
    meeting_date: date
    verdicts: int


def awaiting_sign_off(*, office_id: int | None = None, limit: int = 20) -> list[AwaitingSignOff]:
    """The office's responses with verdicts awaiting the PCC's sign-off (their current
    versions), the oldest meeting first: one query (two without an office)."""
    newest = (select(Verdict.response_id, Verdict.section_id, Verdict.question_id,
                     func.max(Verdict.version).label("version"))
              .where(in_office(Verdict, office_scope(office_id)))
              .group_by(Verdict.response_id, Verdict.section_id, Verdict.question_id)
              .subquery())
    rows = db.session.execute(
        select(Response.id, Organisation.name, Round.title, Round.meeting_date,
               func.count(Verdict.id))
        .join(newest, (Verdict.response_id == newest.c.response_id)
              & (Verdict.section_id == newest.c.section_id)
              & (Verdict.question_id == newest.c.question_id)
              & (Verdict.version == newest.c.version))
        .join(Response, Verdict.response_id == Response.id)
        .join(Round, Response.round_id == Round.id)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Verdict.status == RECORDED)
        .group_by(Response.id, Organisation.name, Round.title, Round.meeting_date)
        .order_by(Round.meeting_date, Organisation.name, Response.id).limit(limit)).all()
    return [AwaitingSignOff(*r) for r in rows]

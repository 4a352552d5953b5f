"""What the PCC's home shows next: the coming meeting and who has responded, the latest
ratings at a glance, open and overdue gaps, and the rounds with a previous one to
compare with, named by meeting date. Reads only; each function a few queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from models import Gap, Organisation, Questionnaire, QuestionnaireVersion, Response, Round, db
from models.offices import in_office
from models.status import PUBLISHED

from .rollups_common import office_scope
from .rollups_latest import latest_ratings
from .rollups_overview import RoundSummary, questionnaires_with_rounds, recent_rounds

SUBMITTED = ("submitted", "accepted")


@dataclass(frozen=True, slots=True)
class ComingMeeting:
    round_id: int
    title: str
    meeting_date: date
    deadline: date | None
    responses: list[tuple[str, str]]  # (organisation, response status), by name

    @property
    def responded(self) -> int:
        return sum(1 for _, status in self.responses if status in SUBMITTED)


def coming_meeting(today: date, *, office_id: int | None = None) -> ComingMeeting | None:
    """The office's next meeting on or after ``today`` not yet published (two queries)."""
    found = db.session.scalar(
        select(Round).where(in_office(Round, office_scope(office_id)),
                            Round.meeting_date >= today, Round.status != PUBLISHED)
        .order_by(Round.meeting_date, Round.id).limit(1))
    if found is None:
        return None
    rows = db.session.execute(
        select(Organisation.name, Response.status)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(Response.round_id == found.id).order_by(Organisation.name)).all()
    return ComingMeeting(found.id, found.title, found.meeting_date, found.deadline,
                         [(name, status) for name, status in rows])


@dataclass(frozen=True, slots=True)
class RatingsGlance:
    key: str
    title: str
    rounds: int
    counts: dict[str, int] = field(default_factory=dict)  # red / amber / green -> ratings
    organisations: int = 0


def ratings_at_a_glance(*, office_id: int | None = None) -> list[RatingsGlance]:
    """Each questionnaire's latest counted ratings, counted by RAG across organisations."""
    glances = []
    for q in questionnaires_with_rounds(office_id=office_id):
        latest = latest_ratings(q.key, office_id=office_id)
        counts: Counter = Counter()
        for row in latest.rows if latest else []:
            counts.update(cell.rag for cell in row.cells if cell.rag)
        glances.append(RatingsGlance(q.key, q.title, q.rounds, dict(counts),
                                     len(latest.responses) if latest else 0))
    return glances


def gap_figures(today: date, *, office_id: int | None = None) -> tuple[int, int]:
    """(open, overdue): open gaps the register lists, and those past their target date."""
    first = aliased(Response)
    base = (select(func.count(Gap.id)).join(first, Gap.first_response_id == first.id)
            .where(first.submitted_at.is_not(None), in_office(Gap, office_scope(office_id)),
                   Gap.status == "open"))
    overdue = base.where(Gap.target_date.is_not(None), Gap.target_date < today)
    return db.session.scalar(base) or 0, db.session.scalar(overdue) or 0


def rounds_to_compare(limit: int, *, office_id: int | None = None) -> list[RoundSummary]:
    """The latest rounds with responses that have an earlier round of the same
    questionnaire to compare with (a first round has no changes to show)."""
    found = [r for r in recent_rounds(limit + 5, office_id=office_id) if r.responses]
    earliest = _first_round_ids(office_id)
    return [r for r in found if r.id != earliest.get(r.questionnaire_key)][:limit]


def _first_round_ids(office_id: int | None) -> dict[str, int]:
    rows = db.session.execute(
        select(Questionnaire.key, Round.id)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.id)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(in_office(Round, office_scope(office_id)))
        .order_by(Round.meeting_date.desc(), Round.id.desc())).all()
    return {key: round_id for key, round_id in rows}  # the last written is the earliest

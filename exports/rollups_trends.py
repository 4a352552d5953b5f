"""Trends of each rating question across rounds, per organisation.

Answers are joined across versions by question id and through ``replaces``
(see ``lineage``). Every point knows its round, meeting date, version, the
question's wording in that round and whether the wording changed from the
previous point. A response that is not submitted or accepted gives a point
with its status and no value: shown as such, never mixed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Iterator

from sqlalchemy import and_, select

from forms.format.types import RATING_TYPES
from models import Answer, Organisation, Response, Round, VersionQuestion, db
from models.offices import in_office

from .rollups_common import (
    COUNTED,
    QuestionnaireInfo,
    Rating,
    questionnaire_info,
    rating_of,
    same_wording,
    status_label,
)

STREAM_BATCH = 5000


@dataclass(frozen=True, slots=True)
class TrendFilters:
    organisation_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True, slots=True)
class TrendRound:
    round_id: int
    title: str
    meeting_date: date
    version: int
    response_id: int
    status: str  # the organisation's response status in this round

    @property
    def counted(self) -> bool:
        return self.status in COUNTED

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    round: TrendRound
    question_id: str  # the id in that round's version
    wording: str
    wording_changed: bool
    rating: Rating  # empty unless the response counts
    answered: bool  # a rating was given (counted or not)
    previous_wording: str | None = None  # the wording before, where it changed here

    @property
    def value(self) -> int | None:
        return self.rating.value

    def asked_otherwise(self, current: str) -> bool:
        """This round asked the question in other words than ``current`` (the newest)."""
        return not same_wording(self.wording, current)


@dataclass
class TrendSeries:
    key: str  # the trend key: the newest question id of the lineage
    wording: str  # the newest wording
    scale: tuple = ()  # the newest question's scale points
    points: list[TrendPoint] = field(default_factory=list)

    @property
    def wording_changes(self) -> list[TrendPoint]:
        return [p for p in self.points if p.wording_changed]


@dataclass
class OrgTrends:
    organisation_id: int
    organisation: str
    rounds: list[TrendRound]
    series: list[TrendSeries]

    def point(self, key: str, round_id: int) -> TrendPoint | None:
        for s in self.series:
            if s.key == key:
                return next((p for p in s.points if p.round.round_id == round_id), None)
        return None


def _round_filters(stmt, info: QuestionnaireInfo, filters: TrendFilters):
    stmt = stmt.where(Round.questionnaire_version_id.in_(list(info.versions)),
                      in_office(Round, info.office_id))
    if filters.organisation_id is not None:
        stmt = stmt.where(Response.organisation_id == filters.organisation_id)
    if filters.date_from is not None:
        stmt = stmt.where(Round.meeting_date >= filters.date_from)
    if filters.date_to is not None:
        stmt = stmt.where(Round.meeting_date <= filters.date_to)
    return stmt


def _responses(info: QuestionnaireInfo, filters: TrendFilters):
    stmt = (select(Response.id, Response.organisation_id, Organisation.name, Response.status,
                   Response.questionnaire_version_id, Round.id, Round.title, Round.meeting_date)
            .join(Round, Response.round_id == Round.id)
            .join(Organisation, Response.organisation_id == Organisation.id))
    stmt = _round_filters(stmt, info, filters).order_by(
        Organisation.name, Organisation.id, Round.meeting_date, Round.id)
    return db.session.execute(stmt).all()


def _ratings_stream(info: QuestionnaireInfo, filters: TrendFilters) -> Iterator:
    """Every rating answer in scope, ordered by organisation (streamed in batches)."""
    stmt = (select(Response.organisation_id, Answer.response_id, Answer.question_id,
                   Answer.rating)
            .join(Response, Answer.response_id == Response.id)
            .join(Round, Response.round_id == Round.id)
            .join(Organisation, Response.organisation_id == Organisation.id)
            .join(VersionQuestion, and_(
                VersionQuestion.version_id == Response.questionnaire_version_id,
                VersionQuestion.question_id == Answer.question_id))
            .where(VersionQuestion.type.in_(RATING_TYPES)))
    stmt = _round_filters(stmt, info, filters).order_by(Organisation.name, Organisation.id)
    return db.session.execute(stmt.execution_options(yield_per=STREAM_BATCH))


def iter_trends(info: QuestionnaireInfo, filters: TrendFilters = TrendFilters()
                ) -> Iterator[OrgTrends]:
    """Each organisation's trends in turn, by organisation name (three queries in all,
    streamed, so memory holds one organisation at a time); of the questionnaire's office
    only."""
    responses = _responses(info, filters)
    ratings = groupby(_ratings_stream(info, filters), key=lambda r: r[0])
    pending = next(ratings, None)
    for (org_id, org_name), rows in groupby(responses, key=lambda r: (r[1], r[2])):
        found: dict[tuple[int, str], int | None] = {}
        # Both streams are ordered by organisation name and id, and every
        # organisation with ratings has responses: advance them in step.
        if pending is not None and pending[0] == org_id:
            found = {(r[1], r[2]): r[3] for r in pending[1]}
            pending = next(ratings, None)
        yield _org_trends(info, org_id, org_name, list(rows), found)


def _org_trends(info: QuestionnaireInfo, org_id: int, org_name: str, rows,
                found: dict[tuple[int, str], int | None]) -> OrgTrends:
    lineage = info.lineage
    rounds = [TrendRound(r[5], r[6], r[7], info.version_numbers[r[4]], r[0], r[3]) for r in rows]
    series: dict[str, TrendSeries] = {}
    for rnd, row in zip(rounds, rows):
        definition = info.definition(row[4])
        for q in definition.questions:
            if not q.kind.is_rating:
                continue
            key = lineage.key(q.id)
            s = series.get(key)
            if s is None:
                newest = lineage.latest_question(key) or q
                s = series[key] = TrendSeries(key, newest.question, newest.scale)
            value = found.get((rnd.response_id, q.id))
            last = s.points[-1] if s.points else None
            changed = last is not None and not same_wording(last.wording, q.question)
            s.points.append(TrendPoint(
                round=rnd, question_id=q.id, wording=q.question, wording_changed=changed,
                rating=rating_of(q, value) if rnd.counted else Rating(None),
                answered=value is not None, previous_wording=last.wording if changed else None))
    ordered = [series[k] for k in lineage.ordered(series)]
    return OrgTrends(org_id, org_name, rounds, ordered)


def org_trends(key: str, organisation_id: int, *, date_from: date | None = None,
               date_to: date | None = None, office_id: int | None = None
               ) -> tuple[QuestionnaireInfo | None, OrgTrends | None]:
    """One organisation's trends for the office's questionnaire ``key`` (three queries)."""
    info = questionnaire_info(key=key, office_id=office_id)
    if info is None:
        return None, None
    filters = TrendFilters(organisation_id, date_from, date_to)
    found = list(iter_trends(info, filters))
    return info, (found[0] if found else None)

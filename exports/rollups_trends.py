"""Trends of each rating question across rounds, per organisation.

Answers are joined across versions by question id and through ``replaces``
(see ``lineage``). Every point knows its round, meeting date, version, the
question's wording in that round and whether the wording changed from the
previous point. A response that is not submitted or accepted gives a point
with its status and no value: shown as such, never mixed in. Number answers
(``is_figure`` types) are followed the same way (``OrgTrends.figures``), beside the
ratings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Iterator

from sqlalchemy import and_, select

from forms.format.types import FIGURE_TYPES, RATING_TYPES
from models import Answer, Organisation, Response, Round, VersionQuestion, db
from models.offices import in_office

from .rollups_common import (
    COUNTED,
    QuestionnaireInfo,
    Rating,
    RatingMemo,
    questionnaire_info,
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
    number: int | float | None = None  # a figure's answer (figures only; None unless counted)
    section: str = ""  # the section's title in that round's version
    themes: tuple[str, ...] = ()

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
    series: list[TrendSeries]  # the rating questions
    code: str = ""  # the organisation's code
    figures: list[TrendSeries] = field(default_factory=list)  # the number questions

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
                   Response.questionnaire_version_id, Round.id, Round.title, Round.meeting_date,
                   Organisation.code)
            .join(Round, Response.round_id == Round.id)
            .join(Organisation, Response.organisation_id == Organisation.id))
    stmt = _round_filters(stmt, info, filters).order_by(
        Organisation.name, Organisation.id, Round.meeting_date, Round.id)
    return db.session.execute(stmt).all()


def _ratings_stream(info: QuestionnaireInfo, filters: TrendFilters) -> Iterator:
    """Every rating and figure answer in scope, ordered by organisation (streamed in
    batches): (organisation id, response id, question id, rating, value)."""
    stmt = (select(Response.organisation_id, Answer.response_id, Answer.question_id,
                   Answer.rating, Answer.value)
            .join(Response, Answer.response_id == Response.id)
            .join(Round, Response.round_id == Round.id)
            .join(Organisation, Response.organisation_id == Organisation.id)
            .join(VersionQuestion, and_(
                VersionQuestion.version_id == Response.questionnaire_version_id,
                VersionQuestion.question_id == Answer.question_id))
            .where(VersionQuestion.type.in_(RATING_TYPES + FIGURE_TYPES)))
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
    plan = _Plan(info)
    for (org_id, org_name), rows in groupby(responses, key=lambda r: (r[1], r[2])):
        found: dict[tuple[int, str], tuple] = {}
        # Both streams are ordered by organisation name and id, and every
        # organisation with ratings has responses: advance them in step.
        if pending is not None and pending[0] == org_id:
            found = {(r[1], r[2]): (r[3], r[4]) for r in pending[1]}
            pending = next(ratings, None)
        yield _org_trends(info, plan, org_id, org_name, list(rows), found)


class _Plan:
    """What every round of a version shares, worked out once per export: its rating and
    number questions with their trend key, section title and themes, and the Rating of
    each value given (remembered)."""

    def __init__(self, info: QuestionnaireInfo) -> None:
        self.lineage = info.lineage
        self.questions: dict[int, list[tuple]] = {}
        for version_id, definition in info.versions.items():
            sections = {s.id: s.title for s in definition.sections}
            self.questions[version_id] = [
                (q, q.kind.is_rating, self.lineage.key(q.id), sections.get(q.section_id, ""),
                 tuple(q.themes))
                for q in definition.questions if q.kind.is_rating or q.kind.is_figure]
        self.rating = RatingMemo()


def _org_trends(info: QuestionnaireInfo, plan: _Plan, org_id: int, org_name: str, rows,
                found: dict[tuple[int, str], tuple]) -> OrgTrends:
    lineage = info.lineage
    rounds = [TrendRound(r[5], r[6], r[7], info.version_numbers[r[4]], r[0], r[3]) for r in rows]
    series: dict[str, TrendSeries] = {}
    figures: dict[str, TrendSeries] = {}
    for rnd, row in zip(rounds, rows):
        for q, is_rating, key, section, themes in plan.questions[row[4]]:
            rating, value = found.get((rnd.response_id, q.id), (None, None))
            _add_point(series if is_rating else figures, plan, rnd, q, is_rating, key,
                       rating, value, section, themes)
    return OrgTrends(org_id, org_name, rounds, [series[k] for k in lineage.ordered(series)],
                     code=rows[0][8] or "" if rows else "",
                     figures=[figures[k] for k in lineage.ordered(figures)])


def _add_point(into: dict[str, TrendSeries], plan: _Plan, rnd: TrendRound, q,
               is_rating: bool, key: str, rating, value, section: str, themes) -> None:
    s = into.get(key)
    if s is None:
        newest = plan.lineage.latest_question(key) or q
        s = into[key] = TrendSeries(key, newest.question, newest.scale)
    last = s.points[-1] if s.points else None
    changed = last is not None and not same_wording(last.wording, q.question)
    if is_rating:
        given = rating
        point = plan.rating(q, rating) if rnd.counted else Rating(None)
        number = None
    else:
        given = value
        point = Rating(None)
        number = value if rnd.counted and isinstance(value, (int, float)) \
            and not isinstance(value, bool) else None
    s.points.append(TrendPoint(
        round=rnd, question_id=q.id, wording=q.question, wording_changed=changed,
        rating=point, answered=given is not None,
        previous_wording=last.wording if changed else None, number=number, section=section,
        themes=themes))


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

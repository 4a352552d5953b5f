"""The national benchmark: how forces rate the same question across the offices that
chose to take part, beside the viewing office's own forces.

A question is shared when questionnaires of one lineage (the same ``lineage_id``: one
office's questionnaire and the copies other offices adopted from the national library)
ask it, matched by question id (and ``replaces``, as the trends do). For each shared rating
question and period (the calendar half-year of the round's meeting date, "2017 H1"),
the distribution counts each participating office's forces (organisations of kind
``force``) by their latest submitted or accepted rating in that period. A distribution
is given only when at least ``MIN_FORCES`` of its forces belong to other offices than the
viewer's (so that the viewer, knowing its own forces' ratings, can never work out another
force's), and no force or office other than the viewing office's own is named: only
counts leave this module.

Four queries whatever the number of offices, forces and rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from forms.format.values import ScalePoint
from models import (
    Answer,
    Office,
    Organisation,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    db,
)
from models.offices import in_office

from .lineage import Lineage
from .rollups_common import COUNTED, Rating, rating_of

MIN_FORCES = 5
FORCE = "force"
TOO_FEW = f"Not enough forces to show (fewer than {MIN_FORCES} in other offices)"


def period_of(day: date) -> str:
    """The calendar half-year of a day: "2017 H1" (January to June) or "2017 H2"."""
    return f"{day.year} H{1 if day.month <= 6 else 2}"


@dataclass(frozen=True, slots=True)
class Count:
    point: ScalePoint
    forces: int


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    period: str
    forces: int | None  # how many forces contributed; None: fewer than MIN_FORCES others
    distribution: tuple[Count, ...] | None  # one per scale point; None: too few forces
    own: tuple[tuple[str, Rating], ...]  # the viewing office's forces with a rating

    @property
    def shown(self) -> bool:
        return self.distribution is not None


@dataclass(frozen=True, slots=True)
class BenchmarkQuestion:
    key: str
    wording: str
    scale: tuple[ScalePoint, ...]
    rows: tuple[BenchmarkRow, ...]  # by period, oldest first


@dataclass(frozen=True, slots=True)
class BenchmarkQuestionnaire:
    key: str
    title: str
    questions: tuple[BenchmarkQuestion, ...]


@dataclass(frozen=True)
class Benchmark:
    participating: bool  # the viewing office takes part (else nothing else is given)
    questionnaires: tuple[BenchmarkQuestionnaire, ...] = ()


def benchmark(office_id: int) -> Benchmark:
    """The benchmark as office ``office_id`` may see it."""
    office = db.session.get(Office, office_id)
    if office is None or not office.benchmark_opt_in:
        return Benchmark(participating=False)
    own, lineages = _own_questionnaires(office_id)
    ratings = _latest_ratings(set(lineages), lineages)
    names = _own_force_names(office_id)
    found = []
    for q in own:
        questions = _questions(lineages[q.lineage_id], ratings.get(q.lineage_id, {}), names)
        if questions:
            found.append(BenchmarkQuestionnaire(q.key, q.title, questions))
    return Benchmark(participating=True, questionnaires=tuple(found))


def _own_questionnaires(office_id: int) -> tuple[list[Questionnaire], dict[int, Lineage]]:
    """The office's questionnaires by title, and each one's lineage of versions (by lineage
    id), in one query."""
    rows = db.session.execute(
        select(Questionnaire, QuestionnaireVersion)
        .join(QuestionnaireVersion, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .where(in_office(Questionnaire, office_id))
        .order_by(Questionnaire.title, Questionnaire.key, QuestionnaireVersion.version)).all()
    own: dict[int, Questionnaire] = {}
    definitions: dict[int, list] = {}
    for q, v in rows:
        own.setdefault(q.id, q)
        definitions.setdefault(q.lineage_id, []).append(v.definition)
    return list(own.values()), {k: Lineage(ds) for k, ds in definitions.items()}


# (lineage id) -> (trend key) -> (period) -> (organisation id) -> (office id, rating)
Ratings = dict[int, dict[str, dict[str, dict[int, tuple[int, int]]]]]


def _latest_ratings(lineage_ids: set[int], lineages: dict[int, Lineage]) -> Ratings:
    """Each participating force's latest counted rating per question and period."""
    if not lineage_ids:
        return {}
    lineage = func.coalesce(Questionnaire.adopted_from_id, Questionnaire.id)
    participating = select(Office.id).where(Office.benchmark_opt_in.is_(True))
    rows = db.session.execute(
        select(lineage, Answer.question_id, Answer.rating, Response.organisation_id,
               Organisation.office_id, Round.meeting_date, Round.id)
        .join(Response, Answer.response_id == Response.id)
        .join(Round, Response.round_id == Round.id)
        .join(QuestionnaireVersion, Round.questionnaire_version_id == QuestionnaireVersion.id)
        .join(Questionnaire, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
        .join(Organisation, Response.organisation_id == Organisation.id)
        .where(or_(Questionnaire.id.in_(lineage_ids),
                   Questionnaire.adopted_from_id.in_(lineage_ids)),
               Questionnaire.office_id.in_(participating),
               Organisation.office_id == Questionnaire.office_id,
               Organisation.kind == FORCE, Response.status.in_(COUNTED),
               Answer.rating.is_not(None))
        .order_by(Round.meeting_date, Round.id))
    found: Ratings = {}
    for lineage_id, question_id, rating, org_id, office_id, day, _round in rows:
        key = lineages[lineage_id].key(question_id)
        by_org = found.setdefault(lineage_id, {}).setdefault(key, {}).setdefault(
            period_of(day), {})
        by_org[org_id] = (office_id, rating)  # ordered by meeting: the latest wins
    return found


def _own_force_names(office_id: int) -> dict[int, str]:
    return dict(db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(in_office(Organisation, office_id), Organisation.kind == FORCE)).all())


def _questions(lineage: Lineage, ratings: dict, names: dict[int, str]
               ) -> tuple[BenchmarkQuestion, ...]:
    found = []
    for key in lineage.ordered(ratings):
        question = lineage.latest_question(key)
        if question is None or not question.kind.is_rating:
            continue
        rows = tuple(_row(period, by_org, question, names)
                     for period, by_org in sorted(ratings[key].items()))
        found.append(BenchmarkQuestion(key, question.question, question.scale, rows))
    return tuple(found)


def _row(period: str, by_org: dict[int, tuple[int, int]], question, names: dict[int, str]
         ) -> BenchmarkRow:
    own = tuple(sorted(((names[org], rating_of(question, rating))
                        for org, (_office, rating) in by_org.items() if org in names),
                       key=lambda pair: pair[0].lower()))
    if sum(1 for org in by_org if org not in names) < MIN_FORCES:
        return BenchmarkRow(period, None, None, own)
    values = [rating for _office, rating in by_org.values()]
    counts = tuple(Count(p, sum(1 for v in values if str(v) == str(p.value)))
                   for p in question.scale)
    return BenchmarkRow(period, len(by_org), counts, own)

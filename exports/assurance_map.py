"""The assurance map: where is the OPCC not assured?

For one questionnaire: each organisation's sections (rows) against the meetings held
(columns: closed or published rounds, oldest first). Each cell is the OPCC's verdict on
the section beside the force's confidence (``rollups_verdicts.confidence_and_verdict``),
with the open and overdue gaps the response names on the section's questions, and the
open and overdue actions of the register (``_action_counts``). Filtered by
questionnaire, organisation and verdict (a row is kept when any of its meetings has that
verdict). A fixed number of queries, whatever the number of organisations and rounds.

How an action finds its cell: the organisation that owns it, still to do (open or in
progress; overdue once its due date has passed), of the questionnaire or linked to one
of its meetings. Its section is the section of a question it is linked to, its meeting
the round it is linked to (agreed at or concerning), or, linked to no round, the
organisation's latest meeting on the map. An action linked to no question, or to a
meeting or section the organisation has no cell for, counts for the organisation as a
whole (``AssuranceMap.other_actions``). An action linked to questions of two sections
counts in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from models import (
    Gap,
    GapEntry,
    Organisation,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    db,
)
from models.offices import in_office
from models.verdict_terms import LEVELS, RESPONSE_STATES_JUDGED, ROUND_STATES_JUDGED

from .rollups_actions import ItemLinks, still_open_with_links
from .rollups_common import RatingMemo, office_scope, questionnaire_info
from .rollups_verdicts import (
    Pair,
    confidence_and_verdict,
    current_verdict_facts,
    rated_confidence,
    ratings_of,
)


@dataclass(frozen=True, slots=True)
class Meeting:
    round_id: int
    title: str
    meeting_date: date


@dataclass(frozen=True, slots=True)
class MapCell:
    meeting: Meeting
    response_id: int | None  # None: the organisation was not asked, or did not submit
    pair: Pair | None
    verdict_status: str | None
    gaps_open: int = 0
    gaps_overdue: int = 0
    actions_open: int = 0
    actions_overdue: int = 0


@dataclass
class MapRow:
    organisation_id: int
    organisation: str
    section_id: str
    section: str
    cells: list[MapCell]


@dataclass
class MapFilters:
    questionnaire_key: str | None = None
    organisation_id: int | None = None
    level: str | None = None


@dataclass
class AssuranceMap:
    filters: MapFilters
    questionnaires: list[tuple[str, str]]  # (key, title) with meetings held
    organisations: list[tuple[int, str]]  # the office's organisations, for the filter
    meetings: list[Meeting] = field(default_factory=list)
    rows: list[MapRow] = field(default_factory=list)
    # {organisation id: (open, overdue)}: the actions in no cell (see the module's doc)
    other_actions: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def questionnaire_title(self) -> str:
        return dict(self.questionnaires).get(self.filters.questionnaire_key or "", "")


def assurance_map(filters: MapFilters, *, office_id: int | None = None,
                  today: date | None = None) -> AssuranceMap:
    office = office_scope(office_id)
    held = db.session.execute(
        select(Questionnaire.key, Questionnaire.title).where(
            in_office(Questionnaire, office),
            Questionnaire.id.in_(select(QuestionnaireVersion.questionnaire_id).join(
                Round, Round.questionnaire_version_id == QuestionnaireVersion.id).where(
                Round.status.in_(ROUND_STATES_JUDGED))))
        .order_by(Questionnaire.title, Questionnaire.key)).all()
    orgs = db.session.execute(select(Organisation.id, Organisation.name).where(
        in_office(Organisation, office)).order_by(Organisation.name, Organisation.id)).all()
    keys = [k for k, _ in held]
    chosen = MapFilters(filters.questionnaire_key if filters.questionnaire_key in keys
                        else (keys[0] if keys else None),
                        filters.organisation_id if filters.organisation_id in
                        {o for o, _ in orgs} else None,
                        filters.level if filters.level in LEVELS else None)
    result = AssuranceMap(chosen, [tuple(h) for h in held], [tuple(o) for o in orgs])
    if chosen.questionnaire_key is None:
        return result
    info = questionnaire_info(key=chosen.questionnaire_key, office_id=office)
    result.meetings, result.rows, result.other_actions = map_rows(
        info, organisation_id=chosen.organisation_id, today=today)
    if chosen.level is not None:
        result.rows = [row for row in result.rows if any(
            c.pair is not None and c.pair.level == chosen.level for c in row.cells)]
    return result


def map_rows(info, *, organisation_id: int | None = None, today: date | None = None,
             count_actions: bool = True
             ) -> tuple[list[Meeting], list[MapRow], dict[int, tuple[int, int]]]:
    """(meetings, rows, the actions in no cell by organisation) of one questionnaire (its
    ``QuestionnaireInfo``): six queries (five without ``count_actions``: every cell then
    counts none)."""
    rounds = db.session.execute(
        select(Round.id, Round.title, Round.meeting_date).where(
            in_office(Round, info.office_id),
            Round.questionnaire_version_id.in_(list(info.versions)),
            Round.status.in_(ROUND_STATES_JUDGED))
        .order_by(Round.meeting_date, Round.id)).all()
    meetings = [Meeting(*r) for r in rounds]
    stmt = (select(Response.id, Response.round_id, Response.organisation_id,
                   Response.questionnaire_version_id, Organisation.name)
            .join(Organisation, Response.organisation_id == Organisation.id)
            .where(Response.round_id.in_([m.round_id for m in meetings]),
                   Response.status.in_(RESPONSE_STATES_JUDGED)))
    if organisation_id is not None:
        stmt = stmt.where(Response.organisation_id == organisation_id)
    responses = db.session.execute(stmt).all()
    ids = [r.id for r in responses]
    ratings, verdicts = ratings_of(ids), current_verdict_facts(ids, sections_only=True)
    today = today or date.today()
    gaps = _gap_counts(ids, today)
    items = still_open_with_links(
        today=today, office_id=info.office_id, questionnaire_key=info.key,
        round_ids=[m.round_id for m in meetings],
        organisation_ids=sorted({r.organisation_id for r in responses})
    ) if count_actions else []
    actions, others = _action_counts(info, meetings, responses, items)
    rows = _rows(info, meetings, responses, ratings, verdicts, gaps, actions)
    return meetings, rows, others


def _action_counts(info, meetings, responses, items: list[ItemLinks]):
    """({(response id, section id): (open, overdue)}, {organisation id: (open, overdue)})."""
    order = {m.round_id: n for n, m in enumerate(meetings)}
    by_cell = {(r.organisation_id, r.round_id): r for r in responses}
    latest: dict[int, int] = {}
    for r in responses:
        if order[r.round_id] >= order.get(latest.get(r.organisation_id), -1):
            latest[r.organisation_id] = r.round_id
    cells: dict[tuple[int, str], list[int]] = {}
    others: dict[int, list[int]] = {}
    for item in items:
        placed = False
        for round_id in item.round_ids or {latest.get(item.organisation_id)}:
            response = by_cell.get((item.organisation_id, round_id))
            if response is None:
                continue
            definition = info.definition(response.questionnaire_version_id)
            for section in definition.sections:
                if any(q.id in item.question_ids for q in section.questions):
                    _add(cells.setdefault((response.id, section.id), [0, 0]), item)
                    placed = True
        if not placed:
            _add(others.setdefault(item.organisation_id, [0, 0]), item)
    return ({k: tuple(v) for k, v in cells.items()},
            {k: tuple(v) for k, v in others.items()})


def _add(counts: list[int], item: ItemLinks) -> None:
    counts[0] += 1
    counts[1] += item.overdue


def _gap_counts(response_ids: list[int], today: date) -> dict[tuple[int, str], tuple[int, int]]:
    """{(response id, question id): (open, overdue)}: one query."""
    overdue = func.sum(case((Gap.target_date < today, 1), else_=0))
    rows = db.session.execute(
        select(GapEntry.response_id, GapEntry.question_id, func.count(GapEntry.id), overdue)
        .join(Gap, GapEntry.gap_id == Gap.id)
        .where(GapEntry.response_id.in_(response_ids), GapEntry.status == "open")
        .group_by(GapEntry.response_id, GapEntry.question_id)).all()
    return {(r, q): (n, int(late or 0)) for r, q, n, late in rows}


def _rows(info, meetings, responses, ratings, verdicts, gaps, actions) -> list[MapRow]:
    latest = info.definition(max(info.versions, key=lambda v: info.version_numbers[v]))
    by_cell = {(r.organisation_id, r.round_id): r for r in responses}
    org_names = sorted({(r.name, r.organisation_id) for r in responses})
    sections = _Sections(info)
    rows = []
    for name, org_id in org_names:
        for section in latest.sections:
            cells = [_cell(m, by_cell.get((org_id, m.round_id)), section.id, sections, ratings,
                           verdicts, gaps, actions) for m in meetings]
            rows.append(MapRow(org_id, name, section.id, section.title, cells))
    return rows


class _Sections:
    """Each version's sections with their rating questions, worked out once per map rather
    than once per cell, and the ratings given, remembered."""

    def __init__(self, info) -> None:
        self.info = info
        self._sections: dict[tuple[int, str], tuple] = {}
        self.rating = RatingMemo()

    def get(self, version_id: int, section_id: str):
        """(the section or None, its rating questions)."""
        key = (version_id, section_id)
        found = self._sections.get(key)
        if found is None:
            section = self.info.definition(version_id).section(section_id)
            found = self._sections[key] = (section, [] if section is None else [
                q for q in section.questions if q.kind.is_rating])
        return found


def _cell(meeting, response, section_id, sections: _Sections, ratings, verdicts, gaps,
          actions) -> MapCell:
    if response is None:
        return MapCell(meeting, None, None, None)
    section, rated = sections.get(response.questionnaire_version_id, section_id)
    if section is None:  # a section this version did not have
        return MapCell(meeting, None, None, None)
    facts = verdicts.get(response.id, {}).get((section_id, ""))
    given = ratings.get(response.id, {})
    pair = confidence_and_verdict(rated_confidence(rated, given, rate=sections.rating),
                                  facts.level if facts else None)
    open_, late = 0, 0
    for q in section.questions:
        n, overdue = gaps.get((response.id, q.id), (0, 0))
        open_, late = open_ + n, late + overdue
    return MapCell(meeting, response.id, pair, facts.status if facts else None, open_, late,
                   *actions.get((response.id, section_id), (0, 0)))

"""The register of actions and recommendations as rows: filtered in SQL, one office's
items only (``office_id``; None: the only office), with the overdue ones marked.

The register page, the register workbook, the round and trends workbooks' Actions
sheets, the command line's ``actions list`` and the respond pages' "Actions agreed" all
read these functions, so they show the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import (
    ActionItem,
    ActionLink,
    HmicfrsReport,
    Organisation,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    db,
)
from models.action_status import (
    DUE_SOON_DAYS,
    LIVE,
    STILL_OPEN,
    action_label,
    is_overdue,
    response_due,
    source_label,
)
from models.offices import in_office

from .rollups_common import office_scope


@dataclass(frozen=True, slots=True)
class ActionFilters:
    status: str | None = None
    source: str | None = None
    organisation_id: int | None = None
    overdue: bool = False
    report_id: int | None = None
    round_id: int | None = None  # items of this round (see ``_of_round``)
    questionnaire_key: str | None = None

    @property
    def active(self) -> bool:
        return any((self.status, self.source, self.organisation_id, self.overdue,
                    self.report_id, self.round_id, self.questionnaire_key))


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: int
    source: str
    source_label: str
    reference: str
    report: str
    title: str
    detail: str
    organisation_id: int
    organisation: str
    organisation_code: str
    owner: str
    due_date: date | None
    status: str
    status_label: str
    overdue: bool
    evidence: str
    closed_at: datetime | None
    updated_at: datetime


def _filtered(stmt, filters: ActionFilters, today: date):
    if filters.status:
        stmt = stmt.where(ActionItem.status == filters.status)
    if filters.source:
        stmt = stmt.where(ActionItem.source == filters.source)
    if filters.organisation_id:
        stmt = stmt.where(ActionItem.organisation_id == filters.organisation_id)
    if filters.overdue:
        stmt = stmt.where(ActionItem.status.in_(STILL_OPEN), ActionItem.due_date < today)
    if filters.report_id:
        stmt = stmt.where(ActionItem.report_id == filters.report_id)
    if filters.questionnaire_key:
        stmt = stmt.where(ActionItem.questionnaire_key == filters.questionnaire_key)
    if filters.round_id:
        stmt = stmt.where(_of_round(filters.round_id))
    return stmt


def _of_round(round_id: int):
    """Items linked to the round (agreed at its meeting, or concerning it), and the items of
    its questionnaire owned by an organisation it asked (those carried into its
    responses among them)."""
    linked = select(ActionLink.item_id).where(ActionLink.kind == "round",
                                              ActionLink.round_id == round_id)
    key = (select(Questionnaire.key)
           .join(QuestionnaireVersion, QuestionnaireVersion.questionnaire_id == Questionnaire.id)
           .join(Round, Round.questionnaire_version_id == QuestionnaireVersion.id)
           .where(Round.id == round_id).scalar_subquery())
    asked = select(Response.organisation_id).where(Response.round_id == round_id)
    return ActionItem.id.in_(linked) | (
        (ActionItem.questionnaire_key == key) & ActionItem.organisation_id.in_(asked))


def action_count(filters: ActionFilters = ActionFilters(), *, today: date,
                 office_id: int | None = None) -> int:
    stmt = select(func.count(ActionItem.id)).where(
        in_office(ActionItem, office_scope(office_id)))
    return db.session.scalar(_filtered(stmt, filters, today))


def action_register(filters: ActionFilters = ActionFilters(), *, today: date,
                    limit: int | None = None, offset: int = 0,
                    office_id: int | None = None) -> list[ActionRow]:
    """One query: the office's items, by organisation, due date (none last) and id."""
    stmt = (select(ActionItem, Organisation.name, Organisation.code, HmicfrsReport.title)
            .join(Organisation, ActionItem.organisation_id == Organisation.id)
            .outerjoin(HmicfrsReport, ActionItem.report_id == HmicfrsReport.id)
            .where(in_office(ActionItem, office_scope(office_id))))
    stmt = _filtered(stmt, filters, today).order_by(
        Organisation.name, ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return [_row(item, name, code, report, today)
            for item, name, code, report in db.session.execute(stmt)]


def _row(item: ActionItem, org: str, code: str | None, report: str | None,
         today: date) -> ActionRow:
    return ActionRow(
        id=item.id, source=item.source, source_label=source_label(item.source),
        reference=item.reference or "", report=report or "", title=item.title,
        detail=item.detail or "", organisation_id=item.organisation_id, organisation=org,
        organisation_code=code or "", owner=item.owner or "", due_date=item.due_date,
        status=item.status, status_label=action_label(item.status),
        overdue=is_overdue(item.status, item.due_date, today), evidence=item.evidence or "",
        closed_at=item.closed_at, updated_at=item.updated_at)


def action_figures(today: date, *, office_id: int | None = None,
                   organisation_id: int | None = None) -> tuple[int, int]:
    """(still open, of which overdue) items of the office (or of one organisation)."""
    filters = ActionFilters(organisation_id=organisation_id)
    still = select(func.count(ActionItem.id)).where(
        in_office(ActionItem, office_scope(office_id)), ActionItem.status.in_(STILL_OPEN))
    still = _filtered(still, filters, today)
    overdue = still.where(ActionItem.due_date < today)
    return db.session.scalar(still), db.session.scalar(overdue)


@dataclass(frozen=True, slots=True)
class ItemLinks:
    """One item still to do, with the rounds and questions it is linked to."""
    id: int
    organisation_id: int
    overdue: bool
    round_ids: frozenset[int]
    question_ids: frozenset[str]


def still_open_with_links(*, today: date, office_id: int, questionnaire_key: str,
                          round_ids: list[int], organisation_ids: list[int]
                          ) -> list[ItemLinks]:
    """One query: the organisations' items still to do (open or in progress) that belong
    to the questionnaire or are linked to one of the rounds, each with its round and
    question links (the assurance map counts them per cell)."""
    of_rounds = select(ActionLink.item_id).where(ActionLink.kind == "round",
                                                 ActionLink.round_id.in_(round_ids))
    stmt = (select(ActionItem.id, ActionItem.organisation_id, ActionItem.due_date,
                   ActionLink.kind, ActionLink.round_id, ActionLink.questionnaire_key,
                   ActionLink.question_id)
            .outerjoin(ActionLink, ActionLink.item_id == ActionItem.id)
            .where(in_office(ActionItem, office_id), ActionItem.status.in_(STILL_OPEN),
                   ActionItem.organisation_id.in_(organisation_ids),
                   (ActionItem.questionnaire_key == questionnaire_key)
                   | ActionItem.id.in_(of_rounds))
            .order_by(ActionItem.id))
    items: dict[int, tuple[int, date | None, set[int], set[str]]] = {}
    for item_id, org_id, due, kind, round_id, key, question_id in db.session.execute(stmt):
        _, _, rounds, questions = items.setdefault(item_id, (org_id, due, set(), set()))
        if kind == "round" and round_id in round_ids:
            rounds.add(round_id)
        elif kind == "question" and key in (None, questionnaire_key):
            questions.add(question_id)
    return [ItemLinks(i, org, due is not None and due < today, frozenset(r), frozenset(q))
            for i, (org, due, r, q) in items.items()]


# ---------------------------------------------------- carried into a response


def actions_for_response(response: Response) -> list[ActionItem]:
    """The owner organisation's items still to do for the response's questionnaire,
    agreed before this round's meeting (those agreed at this round's own meeting wait for
    the next): the "Actions agreed" of the response's task list."""
    round_ = response.round
    key = round_.questionnaire_version.questionnaire.key
    this_or_later = (select(ActionLink.item_id).join(Round, ActionLink.round_id == Round.id)
                     .where(ActionLink.kind == "round", Round.meeting_date >= round_.meeting_date))
    stmt = (select(ActionItem)
            .where(ActionItem.organisation_id == response.organisation_id,
                   ActionItem.office_id == round_.office_id,
                   ActionItem.questionnaire_key == key,
                   ActionItem.status.in_(STILL_OPEN),
                   ActionItem.id.not_in(this_or_later))
            .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
            .options(selectinload(ActionItem.updates)))
    return list(db.session.scalars(stmt))


# ------------------------------------------------------------------- reports


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: int
    title: str
    organisation: str
    published_on: date
    response_due: date
    days_left: int
    published: bool
    items: int
    items_live: int

    @property
    def overdue(self) -> bool:
        return not self.published and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return not self.published and 0 <= self.days_left <= DUE_SOON_DAYS


def report_rows(*, today: date, office_id: int | None = None) -> list[ReportRow]:
    """The office's HMICFRS reports, newest first, with their response's due date."""
    office = office_scope(office_id)
    live = (select(ActionItem.report_id, func.count(ActionItem.id).label("n"))
            .where(ActionItem.status.in_(LIVE)).group_by(ActionItem.report_id).subquery())
    total = (select(ActionItem.report_id, func.count(ActionItem.id).label("n"))
             .group_by(ActionItem.report_id).subquery())
    stmt = (select(HmicfrsReport, Organisation.name, func.coalesce(total.c.n, 0),
                   func.coalesce(live.c.n, 0))
            .join(Organisation, HmicfrsReport.organisation_id == Organisation.id)
            .outerjoin(total, total.c.report_id == HmicfrsReport.id)
            .outerjoin(live, live.c.report_id == HmicfrsReport.id)
            .where(in_office(HmicfrsReport, office))
            .order_by(HmicfrsReport.published_on.desc(), HmicfrsReport.id.desc()))
    rows = []
    for report, org, n_total, n_live in db.session.execute(stmt):
        due = response_due(report.published_on)
        rows.append(ReportRow(
            id=report.id, title=report.title, organisation=org,
            published_on=report.published_on, response_due=due, days_left=(due - today).days,
            published=report.response_published_at is not None, items=int(n_total),
            items_live=int(n_live)))
    return rows


def reports_needing_response(*, today: date, office_id: int | None = None) -> list[ReportRow]:
    """Reports whose response is overdue or due within ``DUE_SOON_DAYS`` days, most
    pressing first (for the admin's and the PCC's home pages)."""
    rows = [r for r in report_rows(today=today, office_id=office_id) if r.overdue or r.due_soon]
    return sorted(rows, key=lambda r: (r.days_left, r.id))

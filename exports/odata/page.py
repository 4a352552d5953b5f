"""One page of an entity set: the rows the plan asks for, typed for JSON, with the
count and the link to the next page.

The page size is fixed (``PAGE_SIZE``), lowered by the client's ``Prefer:
odata.maxpagesize=N``; the next page continues from ``$skiptoken`` (rows already
sent), so each page is one LIMIT/OFFSET query on the ordered, filtered set (plus one
count when asked, and one for the versions computed properties need).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import func, select

from models import db

from .model import EntitySet, Scope, json_value
from .query import Plan, read_options

PAGE_SIZE = 1000


@dataclass
class Page:
    rows: list[dict]
    count: int | None
    next_skiptoken: int | None  # None: this is the last page
    page_size: int


def columns_of(entity: EntitySet, scope: Scope):
    """The set's select as a subquery, and its columns by property name."""
    sub = entity.select(scope).subquery()
    return sub, {p.name: sub.c[p.name] for p in entity.stored}


def read_page(entity: EntitySet, scope: Scope, args, *, max_page_size: int | None = None
              ) -> Page:
    sub, columns = columns_of(entity, scope)
    plan = read_options(args, entity, columns)
    size = min(PAGE_SIZE, max_page_size) if max_page_size else PAGE_SIZE
    return run(entity, sub, columns, plan, size)


def _filtered(sub, plan: Plan):
    q = select(sub)
    return q.where(plan.condition) if plan.condition is not None else q


def run(entity: EntitySet, sub, columns, plan: Plan, size: int) -> Page:
    base = _filtered(sub, plan)
    ordered = base.order_by(*[columns[n].desc() if desc else columns[n].asc()
                              for n, desc in plan.order], columns[entity.key].asc())
    remaining = None if plan.top is None else max(plan.top - plan.skiptoken, 0)
    limit = size if remaining is None else min(size, remaining)
    offset = plan.skip + plan.skiptoken
    found = [dict(r._mapping) for r in db.session.execute(
        ordered.limit(limit + 1).offset(offset))] if limit else []
    more = len(found) > limit
    rows = found[:limit]
    if entity.finish and rows:
        entity.finish(rows)
    count = None
    if plan.count:
        count = db.session.scalar(select(func.count()).select_from(base.subquery()))
    following = plan.skiptoken + limit
    has_next = more and (remaining is None or remaining > limit)
    return Page([shape(entity, r, plan.select) for r in rows], count,
                following if has_next else None, size)


def shape(entity: EntitySet, row: dict, chosen: list[str] | None) -> dict:
    """A row as JSON: the chosen properties (every one by default), in the set's order."""
    return {p.name: json_value(p, row.get(p.name)) for p in entity.props
            if chosen is None or p.name in chosen}


def every_row(entity: EntitySet, scope: Scope, args=None) -> Iterator[dict]:
    """Every row the options select, page by page (for CSV files and the data package)."""
    sub, columns = columns_of(entity, scope)
    plan = read_options(args or {}, entity, columns)
    while True:
        page = run(entity, sub, columns, plan, PAGE_SIZE)
        yield from page.rows
        if page.next_skiptoken is None:
            return
        plan.skiptoken = page.next_skiptoken

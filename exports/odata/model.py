"""The shapes of the feed: a property, an entity set, and who is reading."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Callable

from sqlalchemy import Select

# Edm type -> (Table Schema type for the data package)
EDM_TYPES = {"Edm.Int32": "integer", "Edm.String": "string", "Edm.Date": "date",
             "Edm.DateTimeOffset": "datetime", "Edm.Double": "number",
             "Edm.Boolean": "boolean"}


@dataclass(frozen=True)
class Scope:
    """Who reads: their office, the one organisation they are limited to (None: every
    organisation of the office), and whether they see answers of never-submitted
    responses (their own organisation's)."""

    office_id: int
    organisation_id: int | None = None
    sees_unsubmitted: bool = False


@dataclass(frozen=True)
class Prop:
    """A property: its name and Edm type. A stored property is the column of that label
    in the set's select; a computed one is filled from the page's rows by the set's
    ``finish``."""

    name: str
    edm: str
    nullable: bool = True
    description: str = ""
    computed: bool = False  # filled after the query; cannot be filtered or ordered by


@dataclass(frozen=True)
class EntitySet:
    name: str  # "Answers"
    type_name: str  # "Answer"
    key: str  # the key property's name
    props: tuple[Prop, ...]
    select: Callable[[Scope], Select]  # labelled columns, one per non-computed prop
    finish: Callable[[list[dict]], None] | None = None  # fills computed props of a page
    description: str = ""

    def prop(self, name: str) -> Prop | None:
        for p in self.props:
            if p.name == name:
                return p
        return None

    @property
    def stored(self) -> tuple[Prop, ...]:
        return tuple(p for p in self.props if not p.computed)


def json_value(prop: Prop, value: Any) -> Any:
    """A value as the feed's JSON writes it (dates as ISO text, numbers as numbers)."""
    if value is None:
        return None
    if prop.edm == "Edm.Date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if prop.edm == "Edm.DateTimeOffset":
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        return str(value)
    if prop.edm == "Edm.Int32":
        return int(value)
    if prop.edm == "Edm.Double":
        return float(value)
    if prop.edm == "Edm.Boolean":
        return bool(value)
    return str(value)

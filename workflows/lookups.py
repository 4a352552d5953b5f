"""Rows by their id, for the views: None when there is no such row (the view
answers 404). Read-only: never writes or commits."""

from __future__ import annotations

from typing import Iterable, TypeVar

from models import db

T = TypeVar("T")


def by_id(model: type[T], ident) -> T | None:
    """The row of ``model`` with this primary key (from the session if loaded), or None."""
    return db.session.get(model, ident)


def existing(model: type[T], idents: Iterable) -> list[T]:
    """The rows with these primary keys, in the order given, leaving out missing ones."""
    return [row for row in (db.session.get(model, i) for i in idents) if row is not None]

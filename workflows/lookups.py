"""Rows for the views to change or choose from: by primary key (None when there is
no such row: the view answers 404), and the organisations and users in name
order for the admin pages. Read-only: never writes or commits."""

from __future__ import annotations

from typing import Iterable, TypeVar

from sqlalchemy import select

from models import Organisation, User, db
from models.offices import in_office

from .accounts import normalise_email
from .offices import scope_id

T = TypeVar("T")


def by_id(model: type[T], ident) -> T | None:
    """The row of ``model`` with this primary key (from the session if loaded), or None."""
    return db.session.get(model, ident)


def existing(model: type[T], idents: Iterable) -> list[T]:
    """The rows with these primary keys, in the order given, leaving out missing ones."""
    return [row for row in (db.session.get(model, i) for i in idents) if row is not None]


def organisations_by_name(*, office_id: int | None = None) -> list[Organisation]:
    """The office's organisations (None: the only office's), by name."""
    return list(db.session.scalars(
        select(Organisation).where(in_office(Organisation, scope_id(office_id)))
        .order_by(Organisation.name)))


def users_by_name() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name)))


def fresh_user(user_id: int) -> User | None:
    """The user's row as the database holds it now, not as this session last saw it
    (``populate_existing``): the session check reads its version and active flag."""
    return db.session.scalar(
        select(User).where(User.id == user_id).execution_options(populate_existing=True))


def users_by_email(*, office_id: int | None = None) -> list[User]:
    """The office's users (None: the only office's), by email."""
    return list(db.session.scalars(
        select(User).where(in_office(User, scope_id(office_id))).order_by(User.email)))


def service_administrators() -> list[User]:
    """The users of no office (service administrators), by email."""
    return list(db.session.scalars(
        select(User).where(User.office_id.is_(None)).order_by(User.email)))


def user_with_email(email: str) -> User | None:
    """The user with this email, as typed (it is normalised first), or None."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))

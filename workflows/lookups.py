"""Rows for the views to change or choose from: by primary key (None when there is
no such row, or it is another office's: the view answers 404), and an office's
organisations and users in name order for the admin pages. Read-only: never writes
or commits.

Views look rows up with ``in_office_by_id`` and ``existing_in_office``, naming the
signed-in user's office, so that another office's id is refused exactly as an id that
does not exist. ``by_id`` is for rows the caller checks with ``can()`` itself (which
refuses another office's objects too) and for the command line.
"""

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


def _key(ident) -> int | None:
    try:
        return int(ident)
    except (TypeError, ValueError):
        return None


def in_office_by_id(model: type[T], ident, *, office_id: int | None) -> T | None:
    """The row of ``model`` with this primary key if it belongs to office ``office_id``;
    None when there is no such row, it is another office's, or there is no office (a
    service administrator): the view answers 404 alike."""
    key = _key(ident)
    if key is None or office_id is None:
        return None
    return db.session.scalar(select(model).where(model.id == key, in_office(model, office_id)))


def existing_in_office(model: type[T], idents: Iterable, *, office_id: int | None) -> list[T]:
    """The rows with these primary keys that belong to office ``office_id``, in the order
    given, leaving out missing ones and other offices' alike."""
    found = (in_office_by_id(model, i, office_id=office_id) for i in idents)
    return [row for row in found if row is not None]


def organisations_by_name(*, office_id: int | None = None) -> list[Organisation]:
    """The office's organisations (None: the only office's), by name."""
    return list(db.session.scalars(
        select(Organisation).where(in_office(Organisation, scope_id(office_id)))
        .order_by(Organisation.name)))


def organisations_of(office_id: int) -> list[Organisation]:
    """The office's organisations, in name order."""
    return list(db.session.scalars(
        select(Organisation).where(in_office(Organisation, office_id))
        .order_by(Organisation.name)))


def users_by_name() -> list[User]:
    """Every user of the service, in name order."""
    return list(db.session.scalars(select(User).order_by(User.name)))


def users_of(office_id: int) -> list[User]:
    """The office's users (admins, PCC users and respondents), in name order; service
    administrators belong to no office and are never listed here."""
    return list(db.session.scalars(
        select(User).where(in_office(User, office_id)).order_by(User.name)))


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

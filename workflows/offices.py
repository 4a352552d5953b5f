"""Offices: creating them, finding them, and their settings.

A one-office service never names its office: every command and workflow that needs one
takes the only office there is, and the first change that needs an office on a new
service makes it (``DEFAULT_OFFICE``), so a service run for one OPCC shows no trace of
tenancy. With several offices, a command must say which (``--office CODE``) and is
refused rather than guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from models import Office, Organisation, User, db
from models.permissions import require

from . import audit
from .database import transaction

CODE_MAX = 40
NAME_MAX = 200
DEFAULT_OFFICE = ("Office of the Police and Crime Commissioner", "OPCC")


class OfficeError(ValueError):
    """A refused office change or an office that cannot be found; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def find_office(code: str) -> Office | None:
    key = (code or "").strip().lower()
    if not key:
        return None
    return db.session.scalar(select(Office).where(func.lower(Office.code) == key))


def the_office(code: str | None = None) -> Office:
    """The office named by ``code``; without a code, the service's only office.
    OfficeError when there is no such office, none at all, or several to choose from."""
    if code:
        found = find_office(code)
        if found is None:
            raise OfficeError(f"No office has the code {code!r}", "office")
        return found
    offices = list(db.session.scalars(select(Office).order_by(Office.code).limit(11)))
    if not offices:
        raise OfficeError("There is no office yet: create one first "
                          "(flask --app app offices create --name NAME --code CODE)", "office")
    if len(offices) > 1:
        codes = ", ".join(o.code for o in offices[:10]) + (", …" if len(offices) > 10 else "")
        raise OfficeError(f"This service has several offices: say which with --office CODE "
                          f"(one of {codes})", "office")
    return offices[0]


def is_single_office() -> bool:
    return db.session.scalar(select(func.count(Office.id))) <= 1


def create_office(*, name: str, code: str, by: User | None = None) -> Office:
    """A new office and the OPCC organisation that is its own (same name and code)."""
    require(by, "offices.manage")
    name, code = (name or "").strip(), (code or "").strip()
    if not name or len(name) > NAME_MAX:
        raise OfficeError(f"Enter the office's name ({NAME_MAX} characters or fewer)", "name")
    if not code or len(code) > CODE_MAX or any(c.isspace() for c in code):
        raise OfficeError(f"Enter a short code without spaces ({CODE_MAX} characters or fewer)",
                          "code")
    if find_office(code) is not None:
        raise OfficeError(f"Another office already has the code {code!r}", "code")
    if db.session.scalar(select(Office.id).where(func.lower(Office.name) == name.lower())):
        raise OfficeError(f"Another office is already called {name!r}", "name")
    with transaction():
        office = Office(name=name, code=code)
        db.session.add(office)
        db.session.flush()
        opcc = Organisation(office_id=office.id, name=name, code=code, kind="opcc")
        db.session.add(opcc)
        db.session.flush()
        audit.record("office.create", user=by, actor=None if by else "cli", obj=office,
                     office_id=office.id, organisation_id=opcc.id)
    return office


@dataclass(frozen=True)
class OfficeRow:
    office: Office
    organisations: int
    users: int


def list_offices() -> list[OfficeRow]:
    """Every office by code, with how many organisations and users it has."""
    orgs = dict(db.session.execute(
        select(Organisation.office_id, func.count(Organisation.id))
        .group_by(Organisation.office_id)).all())
    users = dict(db.session.execute(
        select(User.office_id, func.count(User.id)).where(User.office_id.is_not(None))
        .group_by(User.office_id)).all())
    return [OfficeRow(o, orgs.get(o.id, 0), users.get(o.id, 0))
            for o in db.session.scalars(select(Office).order_by(Office.code))]


def office_for(*, by: User | None, office: Office | None) -> Office:
    """The office a change is made in: the acting user's own, else the one given, else the
    service's only office. A user of one office never acts in another."""
    if by is not None and by.office_id is not None:
        if office is not None and office.id != by.office_id:
            raise OfficeError("You can only make changes in your own office", "office")
        return db.session.get(Office, by.office_id)
    if office is not None:
        return office
    if db.session.scalar(select(Office.id).limit(1)) is None:
        return _default_office()
    return the_office()


def _default_office() -> Office:
    """A new service's first office, made by the first change that needs one."""
    name, code = DEFAULT_OFFICE
    with transaction():
        office = Office(name=name, code=code)
        db.session.add(office)
        db.session.flush()
        audit.record("office.create", actor="system", obj=office, office_id=office.id)
    return office


def scope_id(office_id: int | None) -> int:
    """``office_id``, or the only office's id when None (readers called from the command
    line or the demo of a one-office service; 0, which no row has, before there is any
    office); OfficeError with several offices."""
    if office_id is not None:
        return office_id
    if db.session.scalar(select(Office.id).limit(1)) is None:
        return 0
    return the_office().id

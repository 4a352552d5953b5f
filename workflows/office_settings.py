"""An office's own settings, changed by its admins: whether it takes part in the national
benchmark (off until an admin turns it on)."""

from __future__ import annotations

from models import Office, User, db
from models.permissions import require

from . import audit
from .database import transaction
from .offices import office_for


def settings_office(user: User) -> Office:
    """The office whose settings ``user`` reads and changes: their own."""
    return office_for(by=user, office=None)


def set_benchmark_opt_in(office: Office, opt_in: bool, *, by: User | None) -> bool:
    """Turn the office's part in the national benchmark on or off (False: it was already
    so; nothing changed, nothing recorded)."""
    require(by, "office.settings", office)
    before = bool(office.benchmark_opt_in)
    if before == bool(opt_in):
        return False
    with transaction():
        office.benchmark_opt_in = bool(opt_in)
        db.session.flush()
        audit.record("office.benchmark", user=by, obj=office, before=before, after=bool(opt_in))
    return True

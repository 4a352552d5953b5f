"""Offices: the tenants of a shared service.

An office is an OPCC (or a PFCC, or a mayor's office): its own legal body and data
controller. Every organisation belongs to exactly one office, and so does everything
made for or by it: questionnaires, rounds (and through them responses, gaps and notes)
and audit events. Admin and PCC users belong to an office; a respondent belongs to an
organisation and so to its office. A service administrator belongs to none.

``office_of(obj)`` names the office of any object a user may ask for; the permission
check (``models.permissions.can``) refuses anything of another office with it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import db, utcnow


class Office(db.Model):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # Contributes its forces' ratings to the national benchmark (off until chosen).
    benchmark_opt_in: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def office_of(obj) -> int | None:
    """The id of the office ``obj`` belongs to (None: it belongs to none, like a service
    administrator, or it is not an object of an office)."""
    if obj is None:
        return None
    if isinstance(obj, Office):
        return obj.id
    office_id = getattr(obj, "office_id", None)
    if office_id is not None:
        return office_id
    for parent in ("organisation", "round", "questionnaire"):
        owner = getattr(obj, parent, None)
        if owner is not None:
            return office_of(owner)
    return None


def in_office(model, office_id: int):
    """The SQL condition that keeps the rows of ``model`` that belong to office
    ``office_id``: the one way every list, count, search and roll-up is scoped.

    Rows with an ``office_id`` of their own are compared directly; responses through
    their round, gaps through their organisation, questionnaire versions through their
    questionnaire.
    """
    from sqlalchemy import select

    from .gaps import Gap, GapEntry
    from .people import Organisation
    from .questionnaires import Questionnaire, QuestionnaireVersion
    from .responses import Response
    from .rounds import Round
    from .verdicts import Verdict

    if model is Office:
        return Office.id == office_id
    if "office_id" in model.__table__.c:
        return model.__table__.c.office_id == office_id
    if model is Response:
        return Response.round_id.in_(select(Round.id).where(Round.office_id == office_id))
    if model is Gap:
        return Gap.organisation_id.in_(
            select(Organisation.id).where(Organisation.office_id == office_id))
    if model is GapEntry:
        return GapEntry.gap_id.in_(select(Gap.id).where(in_office(Gap, office_id)))
    if model is Verdict:
        return Verdict.response_id.in_(select(Response.id).where(in_office(Response, office_id)))
    if model is QuestionnaireVersion:
        return QuestionnaireVersion.questionnaire_id.in_(
            select(Questionnaire.id).where(Questionnaire.office_id == office_id))
    raise TypeError(f"no office rule for {model.__name__}")

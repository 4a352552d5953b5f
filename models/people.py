"""Organisations, users and sign-in throttling."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import db, utcnow
from .offices import Office

ORG_KINDS = ("opcc", "force", "other")
ORG_KIND_LABELS = {"opcc": "Office of the PCC", "force": "Police force", "other": "Other body"}
ROLES = ("admin", "pcc", "respondent", "service_admin")
ROLES_WITH_ORGANISATION = ("respondent",)  # a user of these roles answers for one organisation
# The roles of an office's own people (a respondent belongs to an office through their
# organisation); a service administrator belongs to no office.
OFFICE_ROLES = ("admin", "pcc", "respondent")
# How a user gets reminders and routine messages: each one as it happens, all of a day's
# in one daily digest, or not at all. Account messages always go.
MAIL_CHOICES = ("each", "digest", "off")
MAIL_CHOICE_LABELS = {"each": "Each message as it happens", "digest": "One daily digest",
                      "off": "None"}
ROLE_LABELS = {"admin": "OPCC administrator", "pcc": "Commissioner", "respondent": "Respondent",
               "service_admin": "Service administrator"}


class Organisation(db.Model):
    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint(f"kind IN {ORG_KINDS}", name="kind"),
        UniqueConstraint("office_id", "name"),
        UniqueConstraint("office_id", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")
    office: Mapped[Office] = relationship()

    @property
    def kind_label(self) -> str:
        return ORG_KIND_LABELS.get(self.kind, self.kind)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint("role <> 'respondent' OR organisation_id IS NOT NULL",
                        name="respondent_org"),
        CheckConstraint("session_version >= 1", name="session_version"),
        CheckConstraint("role = 'service_admin' OR office_id IS NOT NULL", name="office"),
        CheckConstraint("role <> 'service_admin' OR office_id IS NULL", name="service_office"),
        CheckConstraint(f"mail_reminders IN {MAIL_CHOICES}", name="mail_reminders"),
        CheckConstraint(f"mail_routine IN {MAIL_CHOICES}", name="mail_routine"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    # Invited and not yet chosen a password (the stored hash is of a random secret).
    awaiting_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]
    mail_reminders: Mapped[str] = mapped_column(String(10), default="each",
                                                server_default="each")
    mail_routine: Mapped[str] = mapped_column(String(10), default="each",
                                              server_default="each")

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")
    office: Mapped[Office | None] = relationship()

    # Flask-Login: the id carried in the session names the session version too,
    # so bumping the version (sign-out, disable, password change) ends every
    # copy of every cookie issued before.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.active)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


class SignInThrottle(db.Model):
    """Failed sign-ins per email address (known or not), kept in the database."""

    __tablename__ = "sign_in_throttle"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None]

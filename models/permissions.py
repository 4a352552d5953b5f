"""Named permissions: which roles hold each one, and the rules about objects.

``PERMISSIONS`` is the one table of who may do what. Each permission maps the
roles that hold it to a scope: ``ALL`` (every organisation's objects) or
``OWN`` (only objects of the user's own organisation). ``can(user, permission,
obj)`` answers for a user and, optionally, one object; views (``@requires``),
workflows (they refuse too) and templates (whether a button shows) all ask it.

To give a role a new right, add it to the permission's line here (and to the
tests in tests/views/test_permissions.py). This module imports nothing of the
app but ``models`` and nothing of Flask, so every layer above the models (views,
workflows, exports) can use it without importing upwards.
"""

from __future__ import annotations

from sqlalchemy import select

from models import ROLES, ActionItem, Gap, HmicfrsReport, Organisation, Response, Round, db
from models.offices import office_of

ALL = "all"  # every organisation's objects
OWN = "own"  # only objects of the user's own organisation

_EVERYONE = {role: ALL for role in ROLES}
_OPCC = {"admin": ALL, "pcc": ALL}
_ADMIN = {"admin": ALL}
_RESPONDENT_OWN = {"respondent": OWN}

PERMISSIONS: dict[str, dict[str, str]] = {
    # every signed-in user
    "account.own": _EVERYONE,  # sign out, change password, keep the session alive
    "home.view": _EVERYONE,
    # the service: its offices and their first admins (no assurance content)
    "offices.manage": {"service_admin": ALL},
    # people and organisations
    "users.manage": _ADMIN,
    "orgs.manage": _ADMIN,
    "audit.view": _ADMIN,
    # questionnaires
    "questionnaire.view": _OPCC,
    "questionnaire.load": _ADMIN,
    # rounds
    "round.view": _OPCC,
    "round.create": _ADMIN,
    "round.move": _ADMIN,
    "round.change": _ADMIN,  # its details and the organisations asked, until published
    # responses: every one (the review lists), one response, and its moves
    "response.list": _OPCC,
    "response.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "response.see_unsubmitted": {"respondent": OWN},  # the answers of a never-submitted draft
    "response.edit": _RESPONDENT_OWN,  # answering, saving drafts
    "response.submit": _RESPONDENT_OWN,
    "response.return": _ADMIN,
    "response.accept": _ADMIN,
    "response.add_information": _RESPONDENT_OWN,
    "response.request_information": _ADMIN,  # ask for information after the meeting
    # gaps, trends and downloads
    "gaps.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "trends.view": _OPCC,
    "export.round": _OPCC,  # every organisation's answers
    "export.trends": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    # meeting notes
    "notes.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "notes.view_unpublished": _ADMIN,
    "notes.publish": _ADMIN,  # and correct published notes
    "notes.edit": _ADMIN,  # the notes record: its parts and settings
    # sharing by choice: the national library and the national benchmark
    "library.view": _OPCC,
    "library.publish": _ADMIN,
    "library.adopt": _ADMIN,
    "office.settings": _ADMIN,  # the office's own settings (the benchmark opt-in)
    "benchmark.view": _OPCC,
    # the data feed (OData, CSV) and the personal access tokens that read it
    "feed.read": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "tokens.own": {"admin": ALL, "pcc": ALL, "respondent": ALL},  # one's own tokens
    "tokens.manage": _ADMIN,  # everyone's tokens in the office: see and revoke
    # the OPCC's assurance verdicts and the assurance map
    "verdict.view": _OPCC,
    "verdict.record": _ADMIN,  # after the meeting; a signed-off verdict changes by a new version
    "verdict.sign_off": {"pcc": ALL},
    # email: the Outbox (an office's messages; the service's own for its administrator)
    "mail.outbox": {"admin": ALL, "service_admin": ALL},
    "mail.resend": {"admin": ALL, "service_admin": ALL},
    # the register of actions and recommendations, and HMICFRS reports
    "actions.view": {"admin": ALL, "pcc": ALL, "respondent": OWN},
    "actions.update": {"admin": ALL, "respondent": OWN},  # in progress, completed (evidence)
    "actions.manage": _ADMIN,  # create, edit, close, supersede, reopen, import
    "export.register": _OPCC,
    "reports.view": _OPCC,
    "reports.manage": _ADMIN,
}


class UnknownPermission(KeyError):
    """A permission name that is not in the table (a typo, or a line not yet added)."""


class NotPermitted(PermissionError):
    """A workflow was asked to make a change its user may not make (the views answer
    403: they refuse such a user before calling the workflow)."""


def require(user, permission: str, obj=None, *, system: bool = True) -> None:
    """NotPermitted unless ``can(user, permission, obj)``. ``user`` None is the system
    (a CLI command, the demo): allowed when ``system`` is true."""
    if user is None and system:
        return
    if not can(user, permission, obj):
        raise NotPermitted(f"{getattr(user, 'email', 'the system')} may not {permission}")


def known(permission: str) -> str:
    """``permission``, if it is in the table; UnknownPermission otherwise."""
    if permission not in PERMISSIONS:
        raise UnknownPermission(f"no permission {permission!r} in models/permissions.py")
    return permission


def roles_with(permission: str) -> frozenset[str]:
    """The roles that hold ``permission`` (whatever their scope)."""
    return frozenset(PERMISSIONS[known(permission)])


def scope(user, permission: str) -> str | None:
    """ALL, OWN, or None when the user does not hold the permission (a signed-out user,
    or None for the system, holds none)."""
    return PERMISSIONS[known(permission)].get(getattr(user, "role", None))


def organisation_limit(user, permission: str) -> int | None:
    """The one organisation's id the user is limited to for ``permission`` (None: every
    organisation, or the user does not hold it)."""
    return user.organisation_id if scope(user, permission) == OWN else None


def can(user, permission: str, obj=None) -> bool:
    """May ``user`` do ``permission`` (to ``obj``, when given)?

    With an object, the object must belong to the user's office (anything of another
    office is refused, whatever the permission), and an OWN scope means it must belong
    to the user's organisation too: a response, gap or organisation of theirs, or a
    round that asked it. Some permissions add a rule about the object's state (see
    ``_OBJECT_RULES``).
    """
    held = scope(user, permission)
    if held is None:
        return False
    if obj is None:
        return True
    if user.office_id is not None and office_of(obj) not in (None, user.office_id):
        return False
    if held == OWN and not _belongs(obj, user.organisation_id):
        return False
    rule = _OBJECT_RULES.get(permission)
    return rule is None or rule(user, obj)


def _belongs(obj, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return False
    if isinstance(obj, (Response, Gap, ActionItem, HmicfrsReport)):
        return obj.organisation_id == organisation_id
    if isinstance(obj, Organisation):
        return obj.id == organisation_id
    if isinstance(obj, Round):
        return db.session.scalar(
            select(Response.id).where(Response.round_id == obj.id,
                                      Response.organisation_id == organisation_id).limit(1)
        ) is not None
    raise TypeError(f"no organisation rule for {type(obj).__name__}")


def _response_visible(user, response: Response) -> bool:
    """A respondent sees their organisation's response once its round is no longer planned."""
    return scope(user, "response.view") == ALL or response.round.status != "planned"


def _notes_readable(user, round_: Round) -> bool:
    """Published notes for everybody who may read notes; a closed round's draft notes only
    for those who may see unpublished notes."""
    if round_.status == "published":
        return True
    return round_.status == "closed" and can(user, "notes.view_unpublished")


_OBJECT_RULES = {
    "response.view": _response_visible,
    "notes.view": _notes_readable,
}

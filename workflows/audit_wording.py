"""The audit trail in plain English (read-only): what each action code means, what each
object type is called, and the names of the objects an event names by id.

``describe(events)`` gives, for each event, its action's name, the named object
("Round: CSE assurance September 2016") and its detail with ids turned into names
("Organisations: Avon and Somerset Police, Dorset Police"). An object that no longer
exists is named by its type and number ("Round 12 (no longer exists)").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select

from models import (
    ActionItem,
    AuditEvent,
    Gap,
    HmicfrsReport,
    Office,
    Organisation,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    User,
    Verdict,
    db,
    office_of,
)

ACTIONS = {
    "auth.sign_in": "Signed in",
    "auth.sign_in_failed": "Sign-in failed",
    "auth.sign_in_refused": "Sign-in refused",
    "auth.locked": "Account locked after failed sign-ins",
    "auth.sign_out": "Signed out",
    "auth.password_accepted": "Password accepted, second factor asked for",
    "user.second_factor_added": "Second factor added",
    "user.second_factor_removed": "Second factor removed",
    "user.second_factor_reset": "Second factor reset by an admin",
    "user.recovery_codes": "New recovery codes made",
    "user.create": "User added",
    "user.update": "User changed",
    "user.disable": "User disabled",
    "user.password": "Password changed",
    "user.password_refused": "Password change refused",
    "user.rehash": "Password storage upgraded",
    "account.invite_sent": "Invitation to choose a password sent",
    "account.password_set": "Password chosen from an invitation",
    "account.reset_requested": "Password reset link asked for",
    "account.reset_refused": "Password reset refused: too many requests",
    "account.reset_done": "Password reset from an emailed link",
    "org.create": "Organisation added",
    "org.update": "Organisation changed",
    "office.create": "Office added",
    "office.benchmark": "Benchmark setting changed",
    "questionnaire.load": "Questionnaire version stored",
    "round.create": "Round set up",
    "round.open": "Round opened",
    "round.close": "Round closed",
    "round.publish": "Round published",
    "demo.dates": "Demo round given its story's dates",
    "response.save": "Draft saved",
    "response.submit": "Response submitted",
    "response.return": "Response returned with comments",
    "response.accept": "Response accepted",
    "response.addition": "Information added after the meeting",
    "response.information_requested": "Information asked for after the meeting",
    "response.input_kept": "Typed answers kept after a failed save",
    "gap.close": "Gap closed",
    "gap.reopen": "Gap reopened",
    "notes.download": "Meeting notes downloaded",
    "notes.edit": "Part of the meeting notes edited",
    "notes.reset": "Part of the meeting notes reset to the responses",
    "notes.settings": "Meeting notes settings changed",
    "notes.correct": "Correction to the meeting notes published",
    "export.round": "Round workbook downloaded",
    "export.trends": "Trends workbook downloaded",
    "library.publish": "Questionnaire published to the library",
    "library.withdraw": "Questionnaire withdrawn from the library",
    "library.adopt": "Questionnaire adopted from the library",
    "verdict.record": "Assurance verdict recorded",
    "verdict.change": "Assurance verdict changed (before sign-off)",
    "verdict.revise": "Assurance verdict changed after sign-off (a new version)",
    "verdict.sign_off": "Assurance verdicts signed off",
    "mail.resend": "Failed email sent again",
    "user.mail_preferences": "Email settings changed",
    "action.create": "Register item added",
    "action.edit": "Register item changed",
    "action.update": "Progress update given on a register item",
    "action.start": "Register item marked in progress",
    "action.complete": "Register item marked completed",
    "action.not_done": "Register item sent back to in progress",
    "action.close": "Register item closed",
    "action.supersede": "Register item marked superseded",
    "action.reopen": "Register item reopened",
    "export.register": "Register workbook downloaded",
    "report.create": "HMICFRS report recorded",
    "report.edit": "HMICFRS report changed",
    "report.import": "Recommendations imported from a CSV file",
    "report.cc_request": "Chief Constable's comments asked for",
    "report.cc_comments": "Chief Constable's comments recorded",
    "report.response_save": "PCC's response to a report saved",
    "report.response_publish": "PCC's response to a report published",
    "report.response_download": "PCC's response to a report downloaded",
}

OBJECT_TYPES = {
    "round": "Round", "response": "Response", "user_account": "User", "user": "User",
    "organisation": "Organisation", "questionnaire": "Questionnaire",
    "questionnaire_version": "Questionnaire version", "gap": "Gap", "office": "Office",
    "verdict": "Assurance verdict",
    "outbox_message": "Email",
    "action_item": "Register item", "hmicfrs_report": "HMICFRS report",
}

# Detail keys that hold ids (or lists of ids), and the object type they name.
ID_KEYS = {"organisations": "organisation", "response_id": "response", "round_id": "round",
           "user_id": "user_account", "report_id": "hmicfrs_report"}
DETAIL_LABELS = {"organisations": "Organisations", "response_id": "Response",
                 "round_id": "Round", "user_id": "User", "report_id": "Report",
                 "question_count": "Questions",
                 "status_before": "Status before", "status_after": "Status after",
                 "content_hash": "Content fingerprint", "from_office": "From office",
                 "opened": "Opened", "closed": "Closed",
                 "part": "Part of the notes", "part_version": "Part version",
                 "version": "Notes version", "show_ratings": "Ratings shown",
                 "gaps_intro": "Gap lists introduced by"}

_MODELS = {"round": Round, "response": Response, "user_account": User, "user": User,
           "organisation": Organisation, "questionnaire_version": QuestionnaireVersion,
           "gap": Gap, "office": Office, "questionnaire": Questionnaire,
           "verdict": Verdict, "action_item": ActionItem, "hmicfrs_report": HmicfrsReport}


@dataclass(frozen=True)
class EventWording:
    action: str
    object: str
    detail: list[tuple[str, str]]


def action_name(code: str) -> str:
    """``round.create`` -> "Round set up"; an unknown code reads as words."""
    return ACTIONS.get(code) or code.replace(".", ": ").replace("_", " ").capitalize()


def object_type_name(code: str) -> str:
    return OBJECT_TYPES.get(code) or code.replace("_", " ").capitalize()


def _name_of(obj: Any) -> str:
    if isinstance(obj, Verdict):
        where = obj.question_id or obj.section_id
        return f"{_name_of(obj.response)}, {where}, version {obj.version}"
    if isinstance(obj, Response):
        return f"{obj.organisation.name}, {obj.round.title}"
    if isinstance(obj, QuestionnaireVersion):
        return f"{obj.title}, version {obj.version}"
    if isinstance(obj, User):
        return f"{obj.name} ({obj.email})"
    for attr in ("title", "name"):
        if getattr(obj, attr, None):
            return getattr(obj, attr)
    return str(getattr(obj, "id", obj))


def _lookup(type_code: str, object_id: Any, office_id: int | None) -> Any:
    model = _MODELS.get(type_code)
    if model is None or object_id in (None, ""):
        return None
    if model is Questionnaire and not str(object_id).isdigit():
        return db.session.scalars(select(Questionnaire).where(
            Questionnaire.key == str(object_id), Questionnaire.office_id == office_id)).first()
    try:
        number = int(object_id)
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**63:
        return None
    found = db.session.get(model, number)
    if found is not None and office_id is not None and office_of(found) not in (None, office_id):
        return None  # another office's: never named here
    return found


def object_name(type_code: str | None, object_id: Any, office_id: int | None = None) -> str:
    """"Round: CSE assurance September 2016", or "Round 12 (no longer exists)"."""
    if not type_code:
        return ""
    kind = object_type_name(type_code)
    if object_id in (None, ""):
        return kind
    found = _lookup(type_code, object_id, office_id)
    if found is None:
        gone = " (no longer exists)" if type_code in _MODELS else ""
        return f"{kind} {object_id}{gone}"
    return f"{kind}: {_name_of(found)}"


def _value_text(key: str, value: Any, office_id: int | None) -> str:
    if key in ID_KEYS:
        ids = value if isinstance(value, list) else [value]
        names = []
        for one in ids:
            found = _lookup(ID_KEYS[key], one, office_id)
            names.append(_name_of(found) if found is not None else f"{one} (no longer exists)")
        return ", ".join(names)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def detail_rows(detail: dict | None, office_id: int | None = None) -> list[tuple[str, str]]:
    rows = []
    for key, value in (detail or {}).items():
        label = DETAIL_LABELS.get(key) or key.replace("_", " ").capitalize()
        rows.append((label, _value_text(key, value, office_id)))
    return rows


def describe(events: Iterable[AuditEvent]) -> dict[int, EventWording]:
    """{event id: its wording} for a page of events."""
    return {e.id: EventWording(action_name(e.action),
                               object_name(e.object_type, e.object_id, e.office_id),
                               detail_rows(e.detail, e.office_id))
            for e in events}

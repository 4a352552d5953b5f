"""The register of actions and recommendations: adding and editing items (admins),
moving them through their statuses, and progress updates (the owner organisation).

Every change is one transaction with its audit event and an ``ActionUpdate`` (the
item's history, dated and attributed). Moves are the ones ``models.action_status``
allows, each guarded by its permission and made as one conditional UPDATE on the
item's current status, so a move that lost a race with another user changes nothing
and says why. Completing needs the evidence described; closing (unless the owner has
completed it), superseding, reopening and sending back need a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

from sqlalchemy import update

from models import ActionItem, ActionLink, ActionUpdate, Gap, Organisation, Round, User, db, utcnow
from models.action_status import (
    CLOSED,
    COMPLETED,
    OPEN,
    SOURCES,
    STILL_OPEN,
    action_label,
    action_move,
)
from models.actions import REFERENCE_MAX, TITLE_MAX
from models.permissions import NotPermitted, can, require
from models.text import normalise_text

from . import audit
from .database import transaction
from .offices import office_for

NOTE_MAX = 10_000
EDITABLE_FIELDS = ("source", "reference", "title", "detail", "owner", "due_date",
                   "organisation_id", "questionnaire_key")


class ActionError(ValueError):
    """A clear, user-facing reason an item change was refused (``field``: the form field
    at fault, when there is one)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Link:
    """What an item concerns: ("question", "cse-assurance", "q7"), ("gap", 12) or
    ("round", 3)."""

    kind: str
    questionnaire_key: str | None = None
    question_id: str | None = None
    gap_id: int | None = None
    round_id: int | None = None


def clean(value, limit: int | None = None) -> str | None:
    text = normalise_text(str(value)).strip() if value is not None else ""
    if limit is not None and len(text) > limit:
        raise ActionError(f"Enter {limit:,} characters or fewer")
    return text or None


def _author(user: User | None) -> str:
    return user.name if user is not None else "system"


def _history(item: ActionItem, kind: str, before: str | None, note: str | None,
             user: User | None) -> None:
    db.session.add(ActionUpdate(item_id=item.id, kind=kind, status_before=before,
                                status_after=item.status, note=note,
                                by_id=user.id if user else None, by_name=_author(user)))


# ------------------------------------------------------------------- adding


def check_fields(fields: Mapping, office_id: int) -> dict:
    """The fields of an item, cleaned and checked; ActionError naming the field at fault."""
    out = dict(fields)
    if out.get("source") not in SOURCES:
        raise ActionError("Choose where the item comes from", "source")
    title = clean(out.get("title"))
    if not title:
        raise ActionError("Enter a title", "title")
    if len(title) > TITLE_MAX:
        raise ActionError(f"The title must be {TITLE_MAX} characters or fewer", "title")
    out["title"] = title
    for name, limit in (("reference", REFERENCE_MAX), ("owner", 200),
                        ("questionnaire_key", 63)):
        value = clean(out.get(name))
        if value and len(value) > limit:
            raise ActionError(f"The {name.replace('_', ' ')} must be {limit} characters or "
                              "fewer", name)
        out[name] = value
    out["detail"] = clean(out.get("detail"))
    org = db.session.get(Organisation, out.get("organisation_id") or 0)
    if org is None or org.office_id != office_id:
        raise ActionError("Choose the organisation that owns the item", "organisation_id")
    due = out.get("due_date")
    if due is not None and not isinstance(due, date):
        raise ActionError("Enter the due date as a real date", "due_date")
    return out


def create_item(*, by: User | None, fields: Mapping, links: Iterable[Link] = (),
                report=None, office=None, audited: bool = True) -> ActionItem:
    """Add an item to the register (commits). ``fields``: source, title, organisation_id
    and optionally reference, detail, owner, due_date, questionnaire_key."""
    require(by, "actions.manage")
    office_id = office_for(by=by, office=office).id
    with transaction():
        item = add_item(by=by, fields=fields, links=links, report=report, office_id=office_id)
    return item


def add_item(*, by: User | None, fields: Mapping, links: Iterable[Link] = (), report=None,
             office_id: int) -> ActionItem:
    """``create_item`` inside the caller's transaction (the import adds many at once)."""
    values = check_fields(fields, office_id)
    item = ActionItem(office_id=office_id, status=OPEN, report_id=report.id if report else None,
                      created_by_id=by.id if by else None,
                      **{k: values.get(k) for k in EDITABLE_FIELDS})
    db.session.add(item)
    db.session.flush()
    set_links(item, links)
    _history(item, "create", None, None, by)
    audit.record("action.create", user=by, actor=None if by else "cli", obj=item,
                 organisation_id=item.organisation_id, source=item.source,
                 **({"report_id": report.id} if report else {}))
    return item


def set_links(item: ActionItem, links: Iterable[Link]) -> None:
    """Make the item's links these (no commit); a gap or round of another office, or a
    gap of another organisation, is refused."""
    wanted = []
    for link in links:
        if link.kind == "gap":
            gap = db.session.get(Gap, link.gap_id or 0)
            if gap is None or gap.organisation_id != item.organisation_id:
                raise ActionError("Choose a gap of the organisation that owns the item", "links")
        elif link.kind == "round":
            round_ = db.session.get(Round, link.round_id or 0)
            if round_ is None or round_.office_id != item.office_id:
                raise ActionError("Choose a round of your own office", "links")
        elif link.kind != "question" or not link.question_id:
            raise ActionError("Name the question the item concerns", "links")
        wanted.append(link)
    item.links.clear()
    db.session.flush()
    for link in dict.fromkeys(wanted):
        item.links.append(ActionLink(kind=link.kind, questionnaire_key=link.questionnaire_key,
                                     question_id=link.question_id, gap_id=link.gap_id,
                                     round_id=link.round_id))
    db.session.flush()


# ------------------------------------------------------------------ editing


def edit_item(item: ActionItem, *, by: User | None, fields: Mapping,
              links: Iterable[Link] | None = None) -> list[str]:
    """Change an item's details (commits); returns the names of the fields changed."""
    if by is not None and not can(by, "actions.manage", item):
        raise NotPermitted("only the OPCC's administrators edit the register")
    values = check_fields({k: fields.get(k, getattr(item, k)) for k in EDITABLE_FIELDS},
                          item.office_id)
    changed = [k for k in EDITABLE_FIELDS if getattr(item, k) != values[k]]
    before_links = [(lk.kind, lk.questionnaire_key, lk.question_id, lk.gap_id, lk.round_id)
                    for lk in item.links]
    with transaction():
        for name in changed:
            setattr(item, name, values[name])
        if links is not None:
            set_links(item, links)
            after = [(lk.kind, lk.questionnaire_key, lk.question_id, lk.gap_id, lk.round_id)
                     for lk in item.links]
            if after != before_links:
                changed.append("links")
        if changed:
            item.updated_at = utcnow()
            _history(item, "edit", item.status, "Changed: " + ", ".join(
                n.replace("_id", "").replace("_", " ") for n in changed), by)
            audit.record("action.edit", user=by, obj=item, organisation_id=item.organisation_id,
                         fields=changed)
    return changed


# -------------------------------------------------------------------- moves


def move_item(item: ActionItem, target: str, *, by: User | None, note: str | None = None
              ) -> ActionItem:
    """Move an item to ``target`` (commits), as ``models.action_status`` allows."""
    source = item.status
    move = action_move(source, target)
    if move is None:
        raise ActionError(f"An item that is {action_label(source).lower()} cannot be marked "
                          f"{action_label(target).lower()}", "target")
    if by is not None and not can(by, move.permission, item):
        raise NotPermitted(f"{by.email} may not {move.action} this item")
    text = clean(note, NOTE_MAX)
    if move.needs == "evidence" and not text:
        raise ActionError("Describe the evidence that the item is done", "note")
    if move.needs == "note" and not text:
        raise ActionError("Enter a note saying why", "note")
    now = utcnow()
    values = {"status": target, "updated_at": now}
    if target == COMPLETED:
        values["evidence"] = text
    if target == CLOSED:
        values.update(closed_at=now, closed_by_id=by.id if by else None)
    elif source == CLOSED:
        values.update(closed_at=None, closed_by_id=None)
    with transaction():
        done = db.session.execute(update(ActionItem).where(
            ActionItem.id == item.id, ActionItem.status == source).values(**values))
        if done.rowcount != 1:
            raise ActionError("Somebody else changed this item's status just now: "
                              "check it and try again", "target")
        db.session.refresh(item)
        _history(item, move.action, source, text, by)
        audit.record(f"action.{move.action}", user=by, obj=item,
                     organisation_id=item.organisation_id, status_before=source,
                     status_after=target)
    return item


def add_progress(item: ActionItem, *, by: User | None, note: str | None) -> ActionUpdate:
    """A progress update without a change of status (commits): the owner's word on
    where the item stands."""
    require(by, "actions.update", item)
    text = clean(note, NOTE_MAX)
    if not text:
        raise ActionError("Enter the update", "note")
    if item.status not in STILL_OPEN:
        raise ActionError(f"This item is {action_label(item.status).lower()}: it takes no "
                          "more updates", "note")
    with transaction():
        item.updated_at = utcnow()
        _history(item, "update", item.status, text, by)
        audit.record("action.update", user=by, obj=item, organisation_id=item.organisation_id)
    return item.updates[-1]


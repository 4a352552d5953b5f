"""Identified gaps: saving a question's gap list, re-binding it to a form, and
keeping each gap's register status in step with what was submitted.

A ``Gap`` is the permanent identity (organisation, questionnaire, the
question it was first identified under, title and description, status); a
``GapEntry`` is the gap as it stands in one response (open with an update, or
closed with a note; ``carried`` while it is an untouched copy from last round).

Decisions (the register must be consistent):

- **Drafts are private.** ``save_gap_items`` only changes entries of the
  response being edited (and creates the ``Gap`` row of a new gap). A gap's
  register status, closing round and closing note change when the response is
  *submitted*: the submit workflow calls ``on_submit(response)`` (no commit),
  after ``gap_problems(response)`` has found nothing to fix. Accepting calls
  it again (it is idempotent). So a closing note typed into a draft, or a new
  gap in a draft, is not seen by the OPCC or the register until submitted.
- **Closing needs a note**, enforced on submit (``gap_problems``), not on
  saving a draft (nothing is required in a draft).
- **The latest round decides.** Submitting an older round again (after a
  return) does not overrule a later round that has already been submitted.
- **A carried gap cannot be deleted**, only closed: leaving it out of the
  posted items keeps it unchanged. A gap first identified in this response is
  deleted when it is left out.
- **Description fields live on the gap.** Title, detail, area, owner and target
  date are the gap's, shared by every round; a later round may change them
  (a blank title is ignored for a carried gap). Status, update and closing
  note are the entry's, per round.
- **Forged ids are ignored.** An item's ``gap_id`` counts only if that gap
  already has an entry on this question of this response (which implies the
  same organisation and questionnaire); anything else is dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Gap, GapEntry, Response, User, db, utcnow
from models.status import EDITABLE
from models.text import normalise_text

from . import audit
from .carry import gap_holder, later_editable_responses, questionnaire_key

GAP_FIELDS = ("title", "detail", "area", "owner", "target_date")
ENTRY_FIELDS = ("status", "update", "closing_note")
TITLE_MAX = 200


class GapError(ValueError):
    """A clear, user-facing reason a gap change was refused."""


# --------------------------------------------------------------------- saving


def save_gap_items(response: Response, question_id: str, items: Iterable[Mapping[str, Any]],
                   user: User | None) -> dict | None:
    """Make the gaps on one question of a response match ``items`` (no commit).

    Returns ``{"before": [...], "after": [...]}`` (snapshots as stored) when
    something changed, for the caller's revision record, else None.
    """
    return save_gap_lists(response, {question_id: items}, user).get(question_id)


def save_gap_lists(response: Response, lists: Mapping[str, Iterable[Mapping[str, Any]]],
                   user: User | None) -> dict[str, dict]:
    """``save_gap_items`` for several questions of a response at once (no commit): the
    entries and their gaps are read in one query before and one after, whatever the number
    of questions. Returns {question id: {"before": [...], "after": [...]}} for the
    questions whose gaps changed."""
    if response.status not in EDITABLE:
        raise GapError(f"This response is {response.status} and cannot be changed")
    definition = response.questionnaire_version.definition
    for question_id in lists:
        question = definition.question(question_id)
        if question is None or not question.has_gaps:
            raise GapError(f"Question {question_id!r} has no list of gaps")
    stored = _entries_by_question(response, lists)
    before = {qid: [snapshot(e) for e in stored.get(qid, ())] for qid in lists}
    for question_id, items in lists.items():
        _match_items(response, question_id, stored.get(question_id, ()), items, user)
    db.session.flush()
    now = _entries_by_question(response, lists)
    after = {qid: [snapshot(e) for e in now.get(qid, ())] for qid in lists}
    return {qid: {"before": before[qid], "after": after[qid]}
            for qid in lists if before[qid] != after[qid]}


def _match_items(response: Response, question_id: str, stored: Iterable[GapEntry],
                 items: Iterable[Mapping[str, Any]], user: User | None) -> None:
    entries = {e.gap_id: e for e in stored}
    kept: set[int] = set()
    for position, item in enumerate(items):
        gap_id = parse_gap_id(item.get("gap_id"))
        if gap_id is not None:
            entry = entries.get(gap_id)
            if entry is not None and gap_id not in kept:
                _update_entry(entry, item, position, user)
                kept.add(gap_id)
        elif not is_blank(item):
            entry = _new_gap(response, question_id, item, position, user)
            kept.add(entry.gap_id)
    for gap_id, entry in entries.items():
        if gap_id not in kept and entry.gap.first_response_id == response.id:
            _delete_gap(entry.gap)


def _entries_by_question(response: Response, question_ids: Iterable[str]
                         ) -> dict[str, list[GapEntry]]:
    """The response's entries on these questions, with their gaps, in the saved order."""
    found: dict[str, list[GapEntry]] = {}
    rows = db.session.scalars(
        select(GapEntry).options(joinedload(GapEntry.gap))
        .where(GapEntry.response_id == response.id,
               GapEntry.question_id.in_(list(question_ids)))
        .order_by(GapEntry.question_id, GapEntry.position, GapEntry.gap_id))
    for entry in rows:
        found.setdefault(entry.question_id, []).append(entry)
    return found


def parse_gap_id(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def is_blank(item: Mapping[str, Any]) -> bool:
    return not any(_text(item.get(k)) for k in ("title", "detail", "area", "owner", "update",
                                                 "closing_note")) and not item.get("target_date")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = normalise_text(str(value))
    return text or None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _status(value: Any) -> str:
    return "closed" if value == "closed" else "open"


def _new_gap(response: Response, question_id: str, item: Mapping[str, Any], position: int,
             user: User | None) -> GapEntry:
    gap = Gap(
        organisation_id=response.organisation_id, questionnaire_key=questionnaire_key(response),
        question_id=question_id, title=(_text(item.get("title")) or "")[:TITLE_MAX],
        detail=_text(item.get("detail")), area=_text(item.get("area")),
        owner=_text(item.get("owner")), target_date=_date(item.get("target_date")),
        status="open", first_round_id=response.round_id, first_response_id=response.id,
        created_by_id=user.id if user else None,
    )
    db.session.add(gap)
    db.session.flush()
    entry = GapEntry(
        gap_id=gap.id, response_id=response.id, question_id=question_id, position=position,
        status=_status(item.get("status")), update=_text(item.get("update")),
        closing_note=_text(item.get("closing_note")), carried=False,
        updated_by_id=user.id if user else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _update_entry(entry: GapEntry, item: Mapping[str, Any], position: int,
                  user: User | None) -> None:
    gap = entry.gap
    carried_in = gap.first_response_id != entry.response_id
    wanted_gap = {
        "title": (_text(item.get("title")) or ("" if not carried_in else gap.title))[:TITLE_MAX],
        "detail": _text(item.get("detail")), "area": _text(item.get("area")),
        "owner": _text(item.get("owner")), "target_date": _date(item.get("target_date")),
    }
    wanted_entry = {"status": _status(item.get("status")), "update": _text(item.get("update")),
                    "closing_note": _text(item.get("closing_note"))}
    changed = False
    for target, wanted in ((gap, wanted_gap), (entry, wanted_entry)):
        for key, value in wanted.items():
            if getattr(target, key) != value:
                setattr(target, key, value)
                changed = True
    entry.position = position
    if changed:
        entry.carried = False
        entry.updated_at = utcnow()
        entry.updated_by_id = user.id if user else None


def _delete_gap(gap: Gap) -> None:
    """Delete a gap that was new in the response being edited (and its entries)."""
    for entry in list(gap.entries):
        db.session.delete(entry)
    db.session.flush()
    db.session.delete(gap)
    db.session.flush()


def snapshot(entry: GapEntry) -> dict[str, Any]:
    """One entry as a plain dict (for revisions): the gap's fields and the entry's."""
    gap = entry.gap
    out: dict[str, Any] = {"gap_id": gap.id}
    for key in GAP_FIELDS:
        value = getattr(gap, key)
        out[key] = value.isoformat() if isinstance(value, date) else value
    for key in ENTRY_FIELDS:
        out[key] = getattr(entry, key)
    return out


# ---------------------------------------------------------------- re-binding


def gap_items_for(response: Response) -> dict[str, list[dict[str, Any]]]:
    """{question id: [gap item dict]} to re-bind a form, in the saved order.

    Each dict has the form keys (``gap_id`` as a string, ``target_date`` a
    date or None, ``status``, ``update``, ``closing_note`` ...) and, for
    display, ``carried`` (an untouched copy from last round), ``new`` (first
    identified in this response, so it may be removed) and ``first_round``
    (the title of the round that first identified it).
    """
    entries = db.session.scalars(
        select(GapEntry).where(GapEntry.response_id == response.id)
        .order_by(GapEntry.question_id, GapEntry.position, GapEntry.gap_id)
        .options(joinedload(GapEntry.gap).joinedload(Gap.first_round))  # not a query per gap
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        gap = entry.gap
        out.setdefault(entry.question_id, []).append({
            "gap_id": str(gap.id), "title": gap.title, "detail": gap.detail, "area": gap.area,
            "owner": gap.owner, "target_date": gap.target_date, "status": entry.status,
            "update": entry.update, "closing_note": entry.closing_note,
            "carried": entry.carried, "new": gap.first_response_id == response.id,
            "first_round": gap.first_round.title,
        })
    return out


def entries_for(response: Response) -> dict[str, list[GapEntry]]:
    """{question id: [GapEntry]} for showing a response."""
    out: dict[str, list[GapEntry]] = {}
    for entry in db.session.scalars(
        select(GapEntry).where(GapEntry.response_id == response.id)
        .order_by(GapEntry.question_id, GapEntry.position, GapEntry.gap_id)
        .options(joinedload(GapEntry.gap))
    ):
        out.setdefault(entry.question_id, []).append(entry)
    return out


# ---------------------------------------------------------------- submitting


def gap_problems(response: Response, *, titles_checked: Iterable[str] = ()
                 ) -> list[tuple[str, str]]:
    """What must be fixed before submitting: [(question id, message)].

    ``titles_checked``: questions whose missing gap titles the caller has already
    reported (the submit form checks them), so they are not reported twice."""
    definition = response.questionnaire_version.definition
    checked = set(titles_checked)
    problems = []
    for question_id, entries in entries_for(response).items():
        question = definition.question(question_id)
        label = question.question if question else "A question no longer asked"
        for number, entry in enumerate(entries, start=1):
            name = entry.gap.title or f"gap {number}"
            if not entry.gap.title and question_id not in checked:
                problems.append((question_id, f"{label} – Enter a title for gap {number}"))
            if entry.status == "closed" and not entry.closing_note:
                problems.append((question_id, f"{label} – Enter a closing note for “{name}”, "
                                              "or mark it still open"))
    return problems


def on_submit(response: Response, user: User | None = None) -> None:
    """Apply the response's gap positions to the register (no commit).

    Called by the submit workflow (and again on accept). Raises GapError if
    ``gap_problems`` finds anything.
    """
    problems = gap_problems(response)
    if problems:
        raise GapError(problems[0][1])
    apply_positions(response, user)


def apply_positions(response: Response, user: User | None = None) -> None:
    """``on_submit`` without the checks (used on accept, where the reviewer
    cannot fix the respondent's gaps): idempotent."""
    db.session.flush()
    for entries in entries_for(response).values():
        for entry in entries:
            _apply(entry, response, user)
    db.session.flush()


def _apply(entry: GapEntry, response: Response, user: User | None) -> None:
    gap = entry.gap
    submitted_later = [e for e in gap.entries if e.response_id != response.id
                       and e.response.submitted_at is not None
                       and (e.response.round.meeting_date, e.response.round_id)
                       > (response.round.meeting_date, response.round_id)]
    if submitted_later:
        return  # a later round has spoken
    was = gap.status
    if entry.status == "closed":
        gap.status, gap.closed_round_id = "closed", response.round_id
        gap.closing_note = entry.closing_note
    else:
        gap.status, gap.closed_round_id, gap.closing_note = "open", None, None
    if was != gap.status:
        audit.record(f"gap.{'close' if gap.status == 'closed' else 'reopen'}", user=user, obj=gap,
                     organisation_id=gap.organisation_id, response_id=response.id,
                     round_id=response.round_id)
        _refresh_later_drafts(gap, response)


def _refresh_later_drafts(gap: Gap, response: Response) -> None:
    """Keep untouched carried copies in later rounds' drafts in step with a
    change of status: a closed gap leaves them, a reopened one returns."""
    here = (response.round.meeting_date, response.round_id)
    if gap.status == "closed":
        for entry in list(gap.entries):
            r = entry.response
            if entry.carried and r.status in EDITABLE and (r.round.meeting_date, r.round_id) > here:
                gap.entries.remove(entry)
                db.session.delete(entry)
        return
    have = {e.response_id for e in gap.entries}
    for other in later_editable_responses(response):
        if other.id not in have:
            definition = other.questionnaire_version.definition
            holder = entry_holder(gap, response, definition)
            db.session.add(GapEntry(gap_id=gap.id, response_id=other.id, question_id=holder,
                                    status="open", carried=True))


def entry_holder(gap: Gap, response: Response, definition) -> str:
    """Where ``gap``, as it stands in ``response``, goes in a version ``definition``."""
    entry = next((e for e in gap.entries if e.response_id == response.id), None)
    question_id = entry.question_id if entry is not None else gap.question_id
    old = response.questionnaire_version.definition.question(question_id)
    return gap_holder(question_id, old.section_id if old else None, definition)

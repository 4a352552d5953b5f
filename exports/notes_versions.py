"""Published versions of the notes (reads only): the notes as they were published,
frozen as JSON, read back to the same ``MeetingNotes`` the renderers take.

Publishing stores version 1; each correction after publication stores the next
version, with a dated "Corrected on …" line. Versions stored before the notes had
verdicts and actions agreed read back without them. A published round's page and downloads
give its latest version, never a re-render of the live data (a round published
before versions existed has none, and is rendered from the live data).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from sqlalchemy import select

from models import NotesVersion, Round, db

from .notes import AgreedAction, Block, GapLine, MeetingNotes, NotesItem, ResponsePart, VerdictLine


def to_json(notes: MeetingNotes) -> str:
    data = asdict(notes)
    data["meeting_date"] = notes.meeting_date.isoformat()
    for action in data["actions"]:
        action["due_date"] = action["due_date"].isoformat() if action["due_date"] else None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _blocks(rows) -> tuple[Block, ...]:
    return tuple(Block(kind=b["kind"], text=b["text"], items=tuple(b["items"]),
                       italic=b.get("italic", False)) for b in rows)


def _part(row: dict) -> ResponsePart:
    fields = dict(row)
    fields.update(
        blocks=_blocks(row["blocks"]), after=_blocks(row.get("after", ())),
        gaps=tuple(GapLine(**g) for g in row["gaps"]),
        additions=tuple(_blocks(a) for a in row["additions"]))
    return ResponsePart(**fields)


def _action(row: dict) -> AgreedAction:
    due = row.get("due_date")
    return AgreedAction(title=row["title"], organisation=row["organisation"],
                        due_date=date.fromisoformat(due) if due else None)


def from_json(text: str) -> MeetingNotes:
    data = json.loads(text)
    data.update(
        meeting_date=date.fromisoformat(data["meeting_date"]),
        attendees=tuple(tuple(a) for a in data["attendees"]),
        purpose=_blocks(data["purpose"]), closing=_blocks(data.get("closing", ())),
        items=tuple(NotesItem(question_id=i["question_id"], question=i["question"],
                              responses=tuple(_part(r) for r in i["responses"]))
                    for i in data["items"]),
        missing=tuple(data["missing"]), organisations=tuple(data["organisations"]),
        corrections=tuple(data.get("corrections", ())),
        verdicts=tuple(VerdictLine(**v) for v in data.get("verdicts", ())),
        actions=tuple(_action(a) for a in data.get("actions", ())))
    return MeetingNotes(**data)


def versions_of(round_: Round) -> list[NotesVersion]:
    """The round's published versions, first to latest."""
    return list(db.session.scalars(
        select(NotesVersion).where(NotesVersion.round_id == round_.id)
        .order_by(NotesVersion.number)))


def version_of(round_: Round, number: int | None = None) -> NotesVersion | None:
    """Version ``number`` of the round's notes (None: the latest), or None."""
    query = select(NotesVersion).where(NotesVersion.round_id == round_.id)
    if number is not None:
        return db.session.scalar(query.where(NotesVersion.number == number))
    return db.session.scalar(query.order_by(NotesVersion.number.desc()).limit(1))


def published_notes(round_: Round, number: int | None = None) -> MeetingNotes | None:
    """The notes of version ``number`` (None: the latest) as published, or None."""
    version = version_of(round_, number)
    return from_json(version.content) if version is not None else None
